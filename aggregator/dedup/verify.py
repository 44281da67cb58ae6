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
import heapq
from dataclasses import dataclass, field
from typing import Any

from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import TextProfile, shingle_hashes


@dataclass(frozen=True)
class Match:
    """The verdict on one pair of texts, with the figures it rests on (for provenance)."""

    is_copy: bool
    similarity: float
    evidence: dict[str, Any] = field(default_factory=dict)


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
    cache = profile.__dict__.setdefault("_grams", {})
    grams = cache.get(m)
    if grams is None:
        grams = shingle_hashes(profile.tokens, m) if profile.length >= m else []
        cache[m] = grams
    return grams


def _gram_index(profile: TextProfile, m: int) -> dict[int, list[int]]:
    """Positions of every ``m``-word run of the text, cached on the (immutable) profile."""
    cache = profile.__dict__.setdefault("_gram_index", {})
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
    ta, tb = a.tokens, b.tokens
    index = _gram_index(b, min_run)
    grams_a = _grams(a, min_run)
    content_a = a.content_mask
    found: list[tuple[int, int, int]] = []
    na, nb = len(ta), len(tb)
    for i, gram in enumerate(grams_a):
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
    # Longest first; a run partly covered by an earlier one is cut to its uncovered pieces
    # and those go back in the queue (duplicated-text glitches and repeated phrases make such
    # overlaps common, and dropping the whole run would lose real shared text).
    heap = [(-n, i, j) for n, i, j in found]
    heapq.heapify(heap)
    used_a = bytearray(na)
    used_b = bytearray(nb)
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
      anything at all, and ``min_copy_raw_share`` of the whole text (one shared paragraph
      inside an otherwise different text is an inserted box or a common background passage,
      not a copy; a paragraph that shares nothing is taken for an inserted box); or
    * **rewrite rule**: at least ``min_aligned_share`` of the shorter text's narrative (words
      outside quotation marks) is aligned, with ``min_long_runs`` runs of ``long_run`` words
      or more covering ``min_long_run_share`` of it (rewrites keep whole clauses of the
      narrative; independent reports share names, stock phrases and the quotes everyone
      heard, which is why quoted words do not count here); or
    * **dense rule**: ``dense_aligned_share`` of the shorter text is covered by at least
      ``dense_min_runs`` separate runs, one of them long (a brief that rewords the wire's
      first paragraphs: too short for several shared paragraphs, but nearly all of it is
      wire wording; a single verbatim run inside other text does not qualify).
    """
    settings = settings or DedupSettings()
    if a.body_hash == b.body_hash and a.tokens:
        return Match(True, 1.0, {"rule": "exact", "overlap": 1.0, "aligned": 1.0})
    if not a.tokens or not b.tokens:
        return Match(False, 0.0, {"rule": "empty"})
    ov, shared = overlap(a, b)
    short, long_ = (a, b) if a.length <= b.length else (b, a)
    evidence: dict[str, Any] = {
        "overlap": round(ov, 4),
        "shared_shingles": shared,
        "len_short": short.length,
        "len_long": long_.length,
    }
    if ov < settings.min_overlap_to_align or shared < 2:
        evidence["rule"] = "low-overlap"
        return Match(False, round(ov, 4), evidence)
    if ov >= settings.accept_overlap and shared >= settings.min_shared_shingles:
        # Near-verbatim containment: the alignment could only confirm it (and costs most of
        # the time on long texts).
        evidence["rule"] = "overlap"
        return Match(True, round(ov, 4), evidence)
    runs = tiles(short, long_, settings.min_run)
    covered = sum(n for n, _, _ in runs)
    aligned = covered / short.length
    long_runs = [(n, i, j) for n, i, j in runs if n >= settings.long_run]
    long_words = sum(n for n, _, _ in long_runs)
    long_share = long_words / short.length
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
    core = covered / matched_len if matched_len else 0.0
    evidence.update(
        aligned=round(aligned, 4),
        runs=len(runs),
        long_runs=len(long_runs),
        longest_run=max((n for n, _, _ in runs), default=0),
        long_run_share=round(long_share, 4),
        shared_paragraphs=paragraphs,
        narrative_aligned=round(narrative, 4),
        narrative_long_share=round(long_narrative, 4),
        quoted_share=round(1 - narrative_len / short.length, 4),
        core_aligned=round(core, 4),
        ordered=round(_ordered_share([(i, j) for _, i, j in long_runs]), 3),
        shared_names_numbers=len(a.caps & b.caps),
    )
    copy_rule = shared >= settings.min_shared_shingles and (
        aligned >= settings.single_passage_share
        or (
            paragraphs >= 2
            and core >= settings.min_copy_share
            and aligned >= settings.min_copy_raw_share
        )
    )
    rewrite_rule = (
        narrative >= settings.min_aligned_share
        and long_narrative >= settings.min_long_run_share
        and len(long_runs) >= settings.min_long_runs
    )
    dense_rule = (
        aligned >= settings.dense_aligned_share
        and len(runs) >= settings.dense_min_runs
        and len(long_runs) >= 1
    )
    is_copy = copy_rule or rewrite_rule or dense_rule
    evidence["rule"] = (
        "copy"
        if copy_rule
        else "rewrite"
        if rewrite_rule
        else "dense"
        if dense_rule
        else "rejected"
    )
    return Match(is_copy, round(max(aligned, ov) if is_copy else aligned, 4), evidence)


def covered_share(a: TextProfile, b: TextProfile, settings: DedupSettings | None = None) -> float:
    """Share of ``a`` (not of the shorter text) covered by runs shared with ``b``.

    Used by assignment to tell a copy that *contains* a stored article (bridging is safe)
    from one that merely shares a passage with it.
    """
    settings = settings or DedupSettings()
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
