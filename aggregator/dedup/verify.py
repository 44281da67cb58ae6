"""Is one article a copy of another? Decided on the texts themselves, from two profiles.

Two measures, because copies are damaged in two different ways:

* **Overlap** — shared word shingles over the shingles of the *shorter* text (the overlap
  coefficient). A truncated copy, a copy with paragraphs or boxes added, and a
  three-paragraph brief of a long story are all (nearly) contained in the longer text, even
  though their Jaccard similarity is low.
* **Aligned share** — an approximate greedy string tiling: maximal runs of identical words
  that appear in both texts, taken longest first, each word used once on either side. The
  share of the shorter text covered by runs of at least ``min_run`` words measures reuse that
  survives rewording (newspaper rewrites of agency copy keep sentence fragments, names,
  numbers and quotes, in order). Runs made only of function words do not count.

Independent reports of the same event share names, numbers, a quote and a few stock phrases,
but rarely long runs: the decision therefore asks either for high overlap, or for a large
aligned share backed by several long runs. Headline and dates are not used here; they are
only reported as evidence by :mod:`aggregator.dedup.assign`.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
from dataclasses import dataclass, field
from typing import Any

from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import TextProfile, shingle_hashes

# Levels of a copy verdict (Match.level).
VERBATIM = "verbatim"
REWRITE = "rewrite"

# A copy is mostly the other's text: a longer text that shares less than half of its
# words and opens with a lead of its own is a text of its own (``_mostly_own``). On the
# tuning part no pair labelled a copy has the longer text's lead unshared at verbatim
# level; at rewrite level two pairs do (two METER papers' rewrites, the longer sharing
# 0.40 and 0.16 of its words), while copies whose longer text's lead is in the shorter
# (briefs of a long wire story) share as little as 0.03 of it.
_MIN_LONGER_SHARED = 0.5
# The overlap rule decides without aligning only texts of comparable length: a longer text
# sharing nearly all of the shorter is mostly its own (``_mostly_own``) only when it is about
# twice the shorter or more, which only the alignment tells; 1.5 leaves a margin for the
# difference between shared shingles and aligned words.
_QUICK_LENGTH_RATIO = 1.5


@dataclass(frozen=True)
class Match:
    """The verdict on one pair of texts, with the figures it rests on (for provenance).

    ``level`` is ``VERBATIM`` or ``REWRITE`` for a copy, ``None`` otherwise.
    """

    is_copy: bool
    similarity: float
    evidence: dict[str, Any] = field(default_factory=dict)
    level: str | None = None


def overlap(a: TextProfile, b: TextProfile) -> tuple[float, int]:
    """Overlap coefficient of the shingle sets, and the number of shared shingles."""
    sa, sb = a.shingles, b.shingles
    if not sa or not sb:
        return 0.0, 0
    if len(sa) > len(sb):
        sa, sb = sb, sa
    shared = len(sa & sb)
    return shared / len(sa), shared


def _grams(profile: TextProfile, m: int) -> list[int]:
    """Every ``m``-word run as one 64-bit key (a collision needs 2**-64 luck).

    Ints rather than tuples: they are not tracked by the garbage collector, which otherwise
    pauses for tens of milliseconds when many profiles are held in memory.
    """
    cache: dict[int, list[int]] = profile.__dict__.setdefault("_grams", {})
    grams = cache.get(m)
    if grams is None:
        grams = shingle_hashes(profile.tokens, m) if profile.length >= m else []
        cache[m] = grams
    return grams


def _gram_index(profile: TextProfile, m: int) -> dict[int, list[int]]:
    """Positions of every ``m``-word run of the text, cached on the (immutable) profile."""
    cache: dict[int, dict[int, list[int]]] = profile.__dict__.setdefault("_gram_index", {})
    index = cache.get(m)
    if index is None:
        index = {}
        for j, key in enumerate(_grams(profile, m)):
            index.setdefault(key, []).append(j)
        cache[m] = index
    return index


def tiles(a: TextProfile, b: TextProfile, min_run: int) -> list[tuple[int, int, int]]:
    """Non-overlapping shared runs ``(length, start_in_a, start_in_b)``, longest first.

    Maximal matches are found through an index of ``min_run``-word grams of ``b`` and
    extended word by word; they are then taken greedily, longest first, skipping any that
    reuse a word already covered on either side (greedy string tiling, simplified: a
    partly covered run is dropped rather than trimmed).
    """
    return _greedy_tiling(_maximal_matches(a, b, min_run), a, b, min_run)


def _maximal_matches(a: TextProfile, b: TextProfile, min_run: int) -> list[tuple[int, int, int]]:
    """Every maximal shared run of at least ``min_run`` words holding a content word."""
    ta, tb = a.tokens, b.tokens
    index = _gram_index(b, min_run)
    content_a = a.content_mask
    found: list[tuple[int, int, int]] = []
    na, nb = len(ta), len(tb)
    for i, gram in enumerate(_grams(a, min_run)):
        starts = index.get(gram)
        if not starts:
            continue
        for j in starts:
            if i and j and ta[i - 1] == tb[j - 1]:
                continue  # inside a longer match found from an earlier start
            n = min_run
            while i + n < na and j + n < nb and ta[i + n] == tb[j + n]:
                n += 1
            if any(content_a[i : i + n]):
                found.append((n, i, j))
    return found


def _greedy_tiling(
    found: list[tuple[int, int, int]], a: TextProfile, b: TextProfile, min_run: int
) -> list[tuple[int, int, int]]:
    # Longest first; a run partly covered by an earlier one is cut to its uncovered pieces
    # and those go back in the queue (duplicated-text glitches and repeated phrases make such
    # overlaps common, and dropping the whole run would lose real shared text).
    content_a = a.content_mask
    heap = [(-n, i, j) for n, i, j in found]
    heapq.heapify(heap)
    used_a = bytearray(a.length)
    used_b = bytearray(b.length)
    out = []
    while heap:
        neg, i, j = heapq.heappop(heap)
        n = -neg
        free = [not used_a[i + k] and not used_b[j + k] for k in range(n)]
        if all(free):
            used_a[i : i + n] = b"\x01" * n
            used_b[j : j + n] = b"\x01" * n
            out.append((n, i, j))
            continue
        k = 0
        while k < n:
            if not free[k]:
                k += 1
                continue
            start = k
            while k < n and free[k]:
                k += 1
            if k - start >= min_run and any(content_a[i + start : i + k]):
                heapq.heappush(heap, (-(k - start), i + start, j + start))
    return out


def compare(a: TextProfile, b: TextProfile, settings: DedupSettings | None = None) -> Match:
    """Verdict on whether ``a`` and ``b`` are copies of one text (symmetric).

    Accepted as a copy when either

    * **overlap rule**: ``accept_overlap`` of the shorter text's shingles occur in the longer
      one (near-verbatim containment; checked first because it needs no alignment); or
    * **copy rule**: runs cover ``single_passage_share`` of the shorter text; or two or more
      of its paragraphs are shared, runs cover ``min_copy_share`` of the paragraphs that share
      anything at all, and ``min_copy_raw_share`` of the whole text, and of its narrative
      where the lead is not shared (one shared paragraph inside an otherwise different text
      is an inserted box or a common background passage, not a copy; a paragraph that shares
      nothing is taken for an inserted box; paragraphs shared only inside quotation marks,
      under two leads, are one statement quoted by two reporters); or
    * **rewrite rule**: at least ``min_aligned_share`` of the shorter text's narrative (words
      outside quotation marks) is aligned, with ``min_long_runs`` runs of ``long_run`` words
      or more covering ``min_long_run_share`` of it (rewrites keep whole clauses of the
      narrative; independent reports share names, stock phrases and the quotes everyone
      heard, which is why quoted words do not count here); or
    * **dense rule**: ``dense_aligned_share`` of the shorter text is covered by at least
      ``dense_min_runs`` separate runs, one of them long (a brief that rewords the wire's
      first paragraphs: too short for several shared paragraphs, but nearly all of it is
      wire wording; a single verbatim run inside other text does not qualify); or
    * **derived rule**: ``min_aligned_share`` of the shorter text aligned over
      ``dense_min_runs`` runs, a shared lead, and every one of its names and numbers (at
      least ``min_contained_names``) found in the longer text (a brief reworded from the
      wire in short runs, adding nothing of its own).

    ``Match.level`` says how strong the textual evidence is: ``"verbatim"`` (exact, overlap
    and copy rules: the same text, republished with edits) or ``"rewrite"`` (rewrite,
    dense and derived rules: the same text reworded, which two independent reports of one event can
    also look like; :func:`aggregator.dedup.assign.assign_story` accepts it only with
    provenance, a wire text that came first). Whatever rule holds, a longer text that is
    mostly its own under a lead of its own (:func:`_mostly_own`: a live blog holding a
    wire story) is at most a rewrite, rule ``"mostly-own"``, whose source can only be the
    longer text (``evidence["mostly_own"]`` says which argument it is). The copy rule
    counts as verbatim only when a lead is shared (see :func:`_alignment_figures`);
    without one it is a rewrite. When
    one text's lead is inside the other but the other's own lead is not (a paper's own
    piece carrying the wire's lead further down) and little more is shared, neither holds.
    """
    settings = settings or DedupSettings.defaults()
    quick = _quick_verdict(a, b, settings)
    if quick is not None:
        return quick
    a, b = without_repeats(a), without_repeats(b)
    short, long_ = (a, b) if a.length <= b.length else (b, a)
    evidence = _alignment_figures(short, long_, settings)
    evidence.update(_overlap_evidence(a, b))
    rule, level = _decide(evidence, settings)
    if level is not None and _mostly_own(evidence, settings):
        # No copy on its own: the longer text can only be the shorter's source (a wire
        # story a paper took a passage from), which provenance tells, not the text.
        rule, level = "mostly-own", REWRITE
        evidence["mostly_own"] = "first" if long_ is a else "second"
    evidence["rule"] = rule
    aligned = evidence["aligned"]
    similarity = max(aligned, evidence["overlap"]) if level else aligned
    return Match(level is not None, round(similarity, 4), evidence, level)


def without_repeats(profile: TextProfile) -> TextProfile:
    """The profile without the paragraphs that repeat an earlier paragraph word for word.

    Pages duplicate text (a lead printed twice, a paragraph pasted twice); the repeat adds
    nothing either text says, but each word is aligned once, so a duplicated lead halved the
    aligned share of an otherwise plain copy. Returns the same object when nothing repeats;
    the result is cached on the (immutable) profile.
    """
    if profile.__dict__.get("_no_repeats"):
        # A flag, not the profile itself: that would be a reference cycle, which only the
        # garbage collector frees.
        return profile
    cached: TextProfile | None = profile.__dict__.get("_without_repeats")
    if cached is not None:
        return cached
    bounds = list(zip(profile.para_starts, [*profile.para_starts[1:], profile.length], strict=True))
    seen: set[tuple[int, ...]] = set()
    kept: list[tuple[int, int]] = []
    for start, end in bounds:
        words = profile.tokens[start:end]
        if words and words in seen:
            continue
        seen.add(words)
        kept.append((start, end))
    if len(kept) == len(bounds):
        profile.__dict__["_no_repeats"] = True
        return profile
    tokens: list[int] = []
    starts: list[int] = []
    quoted: list[tuple[int, int]] = []
    cjk: list[tuple[int, int]] = []
    for start, end in kept:
        offset = len(tokens) - start
        starts.append(len(tokens))
        tokens.extend(profile.tokens[start:end])
        quoted += _spans_within(profile.quoted, start, end, offset)
        cjk += _spans_within(profile.cjk, start, end, offset)
    result = dataclasses.replace(
        profile,
        tokens=tuple(tokens),
        para_starts=tuple(starts),
        quoted=tuple(quoted),
        cjk=tuple(cjk),
    )
    profile.__dict__["_without_repeats"] = result
    return result


def _spans_within(
    spans: tuple[tuple[int, int], ...], start: int, end: int, offset: int
) -> list[tuple[int, int]]:
    """The parts of token ``spans`` between ``start`` and ``end``, moved by ``offset``."""
    return [
        (max(s, start) + offset, min(e, end) + offset) for s, e in spans if s < end and e > start
    ]


def _overlap_evidence(a: TextProfile, b: TextProfile) -> dict[str, Any]:
    ov, shared = overlap(a, b)
    short, long_ = (a, b) if a.length <= b.length else (b, a)
    return {
        "overlap": round(ov, 4),
        "shared_shingles": shared,
        "len_short": short.length,
        "len_long": long_.length,
    }


def _quick_verdict(a: TextProfile, b: TextProfile, settings: DedupSettings) -> Match | None:
    """The verdicts that need no alignment: same text, empty text, too little or nearly all
    shared."""
    if a.body_hash == b.body_hash and a.tokens:
        return Match(True, 1.0, {"rule": "exact", "overlap": 1.0, "aligned": 1.0}, VERBATIM)
    if not a.tokens or not b.tokens:
        return Match(False, 0.0, {"rule": "empty"})
    evidence = _overlap_evidence(a, b)
    ov, shared = evidence["overlap"], evidence["shared_shingles"]
    if ov < settings.min_overlap_to_align or shared < 2:
        evidence["rule"] = "low-overlap"
        return Match(False, ov, evidence)
    if (
        ov >= settings.accept_overlap
        and shared >= settings.min_shared_shingles
        and evidence["len_long"] <= _QUICK_LENGTH_RATIO * evidence["len_short"]
    ):
        # Near-verbatim containment: the alignment could only confirm it (and costs most of
        # the time on long texts).
        evidence["rule"] = "overlap"
        return Match(True, ov, evidence, VERBATIM)
    return None


def _alignment_figures(
    short: TextProfile, long_: TextProfile, settings: DedupSettings
) -> dict[str, Any]:
    """What the shared runs of two texts show (all shares of the shorter text unless named)."""
    runs = tiles(short, long_, settings.min_run)
    covered = sum(n for n, _, _ in runs)
    aligned = covered / short.length
    long_runs = [(n, i, j) for n, i, j in runs if n >= settings.long_run]
    long_share = sum(n for n, _, _ in long_runs) / short.length
    # Narrative share: the same, counting only words outside quotation marks.
    quote = short.quote_mask
    narrative_len = short.length - sum(quote)
    narrative_cov = sum(n - sum(quote[i : i + n]) for n, i, _ in runs)
    narrative = narrative_cov / narrative_len if narrative_len >= 10 else aligned
    long_narr = sum(n - sum(quote[i : i + n]) for n, i, _ in long_runs)
    long_narrative = long_narr / narrative_len if narrative_len >= 10 else long_share
    paragraphs, unmatched = _paragraph_coverage(short, runs, settings.shared_paragraph_share)
    # Aligned share of the text once paragraphs with no shared run at all are set aside:
    # sites insert whole paragraphs (boxes, blurbs, a paragraph of some other story) that
    # say nothing about whether the rest is a copy.
    matched_len = short.length - unmatched
    chain = in_order(runs)
    leads = _lead_shares(short, long_, runs, settings.lead_words)
    long_covered = sum(n for n, _, _ in runs)  # each run is as long on either side
    return {
        "aligned": round(aligned, 4),
        "runs": len(runs),
        "long_runs": len(long_runs),
        "longest_run": max((n for n, _, _ in runs), default=0),
        "long_run_share": round(long_share, 4),
        "shared_paragraphs": paragraphs,
        "narrative_aligned": round(narrative, 4),
        "narrative_long_share": round(long_narrative, 4),
        "quoted_share": round(1 - narrative_len / short.length, 4),
        "core_aligned": round(covered / matched_len if matched_len else 0.0, 4),
        "ordered": round(_ordered_share([(i, j) for _, i, j in long_runs]), 3),
        "in_order_share": round(sum(n for n, _, _ in chain) / short.length, 4),
        "in_order_runs": len(chain),
        "lead_shared": round(max(leads), 4),
        "lead_shared_weaker": round(min(leads), 4),
        "lead_shared_longer": round(leads[1], 4),
        "longer_shared": round(long_covered / long_.length, 4),
        "shared_names_numbers": len(short.caps & long_.caps),
        "names_contained": round(len(short.caps & long_.caps) / len(short.caps), 4)
        if short.caps
        else 1.0,
        "names_short": len(short.caps),
    }


def _mostly_own(figures: dict[str, Any], settings: DedupSettings) -> bool:
    """Whether the longer text is a text of its own that holds the shorter (a live blog, a
    roundup, a feature quoting the wire), whatever share of the shorter it holds.

    A copy is mostly its source's text. When the longer text is mostly its own words
    (under ``_MIN_LONGER_SHARED`` of it shared) and opens with its own lead (under
    ``min_weaker_lead_share`` of its lead in the shorter), it is no copy of the shorter:
    it quotes it, or it is the source the shorter was taken from (a wire story whose
    later paragraphs a paper reworded), which only provenance can tell. A brief, a cut
    copy or a wire story with a local intro and a few paragraphs added is none of these:
    the brief keeps the long text's lead, the other two are mostly the other's text.
    """
    longer_shared: float = figures["longer_shared"]
    longer_lead: float = figures["lead_shared_longer"]
    return longer_shared < _MIN_LONGER_SHARED and longer_lead < settings.min_weaker_lead_share


def _decide(figures: dict[str, Any], settings: DedupSettings) -> tuple[str, str | None]:
    """(rule, level) from the alignment figures; level None is not a copy."""
    aligned = figures["aligned"]
    long_runs = figures["long_runs"]
    enough = figures["shared_shingles"] >= settings.min_shared_shingles
    single = enough and aligned >= settings.single_passage_share
    paragraphs = (
        enough
        and figures["shared_paragraphs"] >= 2
        and figures["core_aligned"] >= settings.min_copy_share
        and aligned >= settings.min_copy_raw_share
    )
    # Whole paragraphs of one statement, ruling or post quoted by two reporters are shared
    # paragraphs too: without the lead, the copied share must hold outside quotation marks.
    # With the lead shared verbatim a quote-heavy copy of a speech report stays a copy.
    own_paragraphs = paragraphs and figures["narrative_aligned"] >= settings.min_copy_raw_share
    lead = figures["lead_shared"] >= settings.min_lead_share
    # One text's lead sits inside the other, whose own lead shares next to nothing: a
    # paper's own piece carrying the wire's first paragraphs further down, unless most of
    # it is the wire's (a copy under a local first paragraph keeps the wire's lead close
    # behind its own, within the first lead_words words).
    lead_split = (
        lead
        and figures["lead_shared_weaker"] < settings.min_weaker_lead_share
        and aligned < settings.lead_split_copy_share
    )
    if single or (paragraphs and lead and not lead_split):
        return "copy", VERBATIM
    if (
        enough
        and lead
        and figures["in_order_share"] >= settings.min_in_order_share
        and figures["in_order_runs"] >= settings.dense_min_runs
    ):
        # Edits everywhere (words swapped, numbers changed, sentences trimmed) but the text
        # runs in the same order from the same lead: an edited copy, not a rewrite.
        return "in-order", VERBATIM
    if figures["lead_shared"] < settings.min_rewrite_lead_share:
        # Neither lead reworded in the other: a follow-up reusing background, not a rewrite.
        return ("copy-without-lead", REWRITE) if own_paragraphs else ("rejected", None)
    if (
        figures["narrative_aligned"] >= settings.min_aligned_share
        and figures["narrative_long_share"] >= settings.min_long_run_share
        and long_runs >= settings.min_long_runs
    ):
        return "rewrite", REWRITE
    if (
        aligned >= settings.dense_aligned_share
        and figures["runs"] >= settings.dense_min_runs
        and long_runs >= 1
    ):
        return "dense", REWRITE
    if (
        # Reworded in runs too short for the rules above, but reporting nothing the other
        # text lacks: every name and number of the shorter is in the longer. A reporter of
        # their own brings a name of their own (a witness, the prosecutor, a street).
        figures["names_short"] >= settings.min_contained_names
        and figures["names_contained"] >= 1.0
        and figures["lead_shared"] >= settings.min_lead_share
        and aligned >= settings.min_aligned_share
        and figures["runs"] >= settings.dense_min_runs
    ):
        return "derived", REWRITE
    if own_paragraphs and not lead_split:
        # Whole paragraphs shared but neither lead: background reused by a follow-up, or
        # a copy whose lead was rewritten. Not verbatim evidence on its own.
        return "copy-without-lead", REWRITE
    return "rejected", None


def in_order(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The heaviest chain of runs in the same order in both texts (weight: words).

    Tiles never overlap on either side, so ordering by the start in one text orders them
    there; the chain is then a longest increasing subsequence of the other start, weighted
    by run length (a Fenwick tree of prefix maxima, O(r log r)).
    """
    if not runs:
        return []
    by_a = sorted(runs, key=lambda r: r[1])
    rank = {j: k + 1 for k, j in enumerate(sorted(r[2] for r in by_a))}
    size = len(by_a)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (weight, index) per Fenwick node
    best: list[tuple[int, int]] = []  # (chain weight ending here, previous index)
    for idx, (n, _, j) in enumerate(by_a):
        k, prev = rank[j] - 1, (0, -1)
        while k > 0:
            prev = max(prev, tree[k])
            k -= k & -k
        best.append((prev[0] + n, prev[1]))
        k = rank[j]
        while k <= size:
            tree[k] = max(tree[k], (prev[0] + n, idx))
            k += k & -k
    idx = max(range(size), key=lambda x: best[x][0])
    chain = []
    while idx >= 0:
        chain.append(by_a[idx])
        idx = best[idx][1]
    return chain[::-1]


# A Chinese, Japanese or Korean word is mostly two characters, and each character of a
# run starts one character pair: where English spends one content word, CJK text spends
# about two pair tokens (function characters such as 的 and の included, as they are in the
# pairs). Counted in pairs, lead_words would be half the lead it is in English, and a local
# first sentence alone would fill it.
_CJK_PAIRS_PER_WORD = 2


def lead_tokens(profile: TextProfile, words: int) -> int:
    """How many content tokens of this text make a lead of ``words`` words."""
    return words * (_CJK_PAIRS_PER_WORD if profile.mostly_cjk else 1)


def _lead_shares(
    short: TextProfile, long_: TextProfile, runs: list[tuple[int, int, int]], words: int
) -> tuple[float, float]:
    """How much of each text's lead (its first ``words`` content words) the runs cover.

    A copy keeps its source's lead: a brief is the lead, a truncation cuts the end, a local
    intro goes before it. A follow-up that reuses yesterday's background paragraphs has a
    lead of its own and covers none of the old one.
    """
    shares = []
    sides = ((short, [(i, n) for n, i, _ in runs]), (long_, [(j, n) for n, _, j in runs]))
    for profile, spans in sides:
        content = profile.content_mask
        lead = [t for t in range(profile.length) if content[t]][: lead_tokens(profile, words)]
        if not lead:
            shares.append(0.0)
            continue
        covered = bytearray(profile.length)
        for start, n in spans:
            covered[start : start + n] = b"\x01" * n
        shares.append(sum(covered[t] for t in lead) / len(lead))
    return shares[0], shares[1]


def covered_share(a: TextProfile, b: TextProfile, settings: DedupSettings | None = None) -> float:
    """Share of ``a`` (not of the shorter text) covered by runs shared with ``b``.

    Used by assignment to tell a copy that *contains* a stored article (bridging is safe)
    from one that merely shares a passage with it.
    """
    settings = settings or DedupSettings.defaults()
    a, b = without_repeats(a), without_repeats(b)
    if not a.tokens:
        return 0.0
    runs = tiles(a, b, settings.min_run)
    return sum(n for n, _, _ in runs) / a.length


def _paragraph_coverage(
    profile: TextProfile, runs: list[tuple[int, int, int]], min_share: float
) -> tuple[int, int]:
    """Paragraphs of ``profile`` at least ``min_share`` covered by runs, and the number of
    words in paragraphs no run touches."""
    starts = profile.para_starts
    bounds = list(starts[1:]) + [profile.length]
    covered = [0] * len(starts)
    for n, i, _ in runs:
        p = bisect.bisect_right(starts, i) - 1
        end = i + n
        while i < end:
            stop = min(end, bounds[p])
            covered[p] += stop - i
            i = stop
            p += 1
    shared = unmatched = 0
    for p, start in enumerate(starts):
        size = bounds[p] - start
        if size and covered[p] >= min_share * size:
            shared += 1
        elif covered[p] == 0:
            unmatched += size
    return shared, unmatched


def _ordered_share(pairs: list[tuple[int, int]]) -> float:
    """Share of runs lying on the longest common increasing order (1.0 = same order)."""
    if len(pairs) < 2:
        return 1.0
    seq = [j for _, j in sorted(pairs)]
    # longest increasing subsequence, O(n log n)
    tails: list[int] = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails) / len(seq)
