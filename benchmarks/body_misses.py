"""Body misses by kind: where a system's text parts from the truth, as counts only.

``benchmarks/extraction.py --miss-kinds`` prints, per set, part and system, how
many pages miss in each way, so that the validation part can be read as
aggregates (which kind of miss dominates) and the same kind then looked for on
tuning pages. Tokens are the scorers' own (``\\w+``, NFKC, casefolded).

Body-start truths (mercury, goose3), when the start is not found:
  ``early <bucket>``  the truth's start is in our body, after extra words
                      (buckets of words before it: 1-5 a dateline, kicker or
                      byline; 6-40 a line such as a standfirst or caption;
                      41-150 a block; more: another part of the page first)
  ``interrupted``     its first words are there, but something stands inside it
  ``lead cut``        its first words are missing, a later run of it is there
  ``absent``          under half of its words are in our body
  ``scattered``       its words are there, in no run of five
  ``empty``           no body at all
Only the last four miss "start found" as the docs' tables count it (the truth's
start *contained* in the body); the ``early`` kinds miss the strict "start".
Where another system's body (trafilatura's) contains the truth's start and ours
does not, ``absent`` and ``lead cut`` say what the rest is: ``+ rest shared`` when
half of that system's text from the start on is in ours too (we dropped the
lead, kept the text), ``+ other text`` when not (we took another block).

Full-text truths (aeb, fundus, newspaper, newspaper4k), per page whose F1 is under
0.98: every extra word of ours (no 4-word shingle of it in the truth) and every
missing word of the truth is placed before the first, after the last, or between
matched words; a page counts under each place holding 10 words or more
(``extra head`` a dek, kicker or caption before the text, ``extra tail`` furniture
after it, ``missing lead`` a lead cut, ``missing end`` a text ended early), and
as ``other container`` when under half of the truth's words are matched.

The standfirst that the benchmark prints before the body counts ``in truth`` or
``not in truth`` (or ``unknown``, on a page whose snippets say nothing of it).
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from typing import Any

_WORD = re.compile(r"\w+")
RUN = 5  # words of the truth that make a run found in our body
FULL_TEXT_OK = 0.98  # page F1 at or above which a full-text page is no miss
PLACE_WORDS = 10  # words at one place that make it count
SHINGLE = 4


def tokens(text: str) -> list[str]:
    """The scorers' tokens: ``\\w+`` of the NFKC, unescaped, casefolded text."""
    return _WORD.findall(unicodedata.normalize("NFKC", html_lib.unescape(text or "")).casefold())


def _find(run: list[str], words: list[str]) -> int | None:
    n = len(run)
    for i in range(len(words) - n + 1):
        if words[i] == run[0] and words[i : i + n] == run:
            return i
    return None


def _early_bucket(extra: int) -> str:
    for limit, label in ((5, "1-5"), (40, "6-40"), (150, "41-150")):
        if extra <= limit:
            return f"early {label}"
    return "early >150"


def prefix_kind(prefix: str, body: str) -> str | None:
    """The kind of a missed body start, or None when the body starts with the truth."""
    truth, ours = tokens(prefix), tokens(body)
    if not truth or ours[: len(truth)] == truth:
        return None
    if not ours:
        return "empty"
    at = _find(truth, ours)
    if at is not None:
        return _early_bucket(at)
    run = min(RUN, len(truth))
    if _find(truth[:run], ours) is not None:
        return "interrupted"
    if any(_find(truth[j : j + run], ours) is not None for j in range(1, len(truth) - run + 1)):
        return "lead cut"
    have = Counter(ours)
    found = sum((Counter(truth) & have).values())
    return "absent" if found < len(truth) / 2 else "scattered"


def against_reference(kind: str | None, prefix: str, body: str, reference: str) -> str | None:
    """Refine a missed start by a reference body that contains the truth's start."""
    if kind not in ("absent", "lead cut"):
        return kind
    truth, theirs = tokens(prefix), tokens(reference)
    at = _find(truth, theirs)
    if at is None:
        return kind
    rest = theirs[at:]
    shared = _matched(rest, _shingle_set(tokens(body)))
    return f"{kind} + {'rest shared' if sum(shared) >= len(rest) / 2 else 'other text'}"


def _matched(words: list[str], other: set[tuple[str, ...]]) -> list[bool]:
    """Per word: does a shingle covering it occur in the other text?"""
    hit = [False] * len(words)
    n = min(SHINGLE, len(words))
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) in other:
            for k in range(i, i + n):
                hit[k] = True
    return hit


def _shingle_set(words: list[str]) -> set[tuple[str, ...]]:
    n = min(SHINGLE, len(words))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _places(hit: list[bool]) -> tuple[int, int, int]:
    """Unmatched words before the first matched one, after the last, and between."""
    if not any(hit):
        return len(hit), 0, 0
    first = hit.index(True)
    last = len(hit) - 1 - hit[::-1].index(True)
    inside = sum(1 for h in hit[first : last + 1] if not h)
    return first, len(hit) - 1 - last, inside


def full_text_kinds(truth: str, body: str, f1: float) -> list[str]:
    """The kinds of a full-text miss (empty when the page's F1 is good enough)."""
    if f1 >= FULL_TEXT_OK:
        return []
    t, p = tokens(truth), tokens(body)
    if not p:
        return ["empty"]
    ours_hit = _matched(p, _shingle_set(t))
    truth_hit = _matched(t, _shingle_set(p))
    kinds = []
    if sum(truth_hit) < len(t) / 2:
        kinds.append("other container")
    extra = ("extra head", "extra tail", "extra inside")
    missing = ("missing lead", "missing end", "missing inside")
    labels = ((extra, ours_hit), (missing, truth_hit))
    for names, hit in labels:
        for name, words in zip(names, _places(hit), strict=True):
            if words >= PLACE_WORDS:
                kinds.append(name)
    return kinds or ["small"]


def standfirst_verdict(standfirst: str, truth: dict[str, Any]) -> str:
    """Whether a page's truth holds the standfirst printed before the body."""
    words = tokens(standfirst)
    if "body" in truth:
        held = sum(_matched(words, _shingle_set(tokens(truth["body"]))))
        return "in truth" if held >= len(words) / 2 else "not in truth"
    if "body_prefix" in truth:
        start = tokens(truth["body_prefix"])
        n = min(len(start), len(words))
        return "in truth" if words[:n] == start[:n] else "not in truth"
    text = " ".join(standfirst.split()).casefold()
    if any(" ".join(s.split()).casefold() in text for s in truth.get("body_without", [])):
        return "not in truth"  # a must-not snippet
    if any(" ".join(s.split()).casefold() in text for s in truth.get("body_with", [])):
        return "in truth"
    return "unknown"


def format_counts(title: str, counts: Counter[str], pages: int) -> str:
    """One line: the title, pages scored, then each kind with its count, most first."""
    cells = ", ".join(f"{kind} {n}" for kind, n in counts.most_common()) or "none"
    return f"- {title} ({pages} pages): {cells}"
