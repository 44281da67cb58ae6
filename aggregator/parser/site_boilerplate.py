"""Site-aware boilerplate: blocks that repeat across a source's stories are its furniture.

A single-page extractor cannot tell an author box, a "More Great WIRED Stories"
header or a syndication note from text; a crawler that has stored many pages of
one source can. Two pure functions, the storage of counts is elsewhere
(``storage/boilerplate.py``):

* :func:`blocks_to_learn` — the paragraphs of an article that may be boilerplate:
  the standfirst and short paragraphs near either end of the body.
* :func:`strip_boilerplate` — drop the body paragraphs (and the standfirst) that
  the source's known blocks say are boilerplate.

What makes a block boilerplate (see docs/parser.md, "Site-aware boilerplate",
for the data behind each rule):

* it was seen in at least ``min_stories`` distinct *stories* of the same source
  (counts are per source, so wire copies at other outlets do not count; stories,
  not articles, so two copies or two versions of one text count once);
* it is at most ``max_chars`` long (background paragraphs repeated by follow-ups
  are long sentences; leftover furniture is short);
* it sits within ``edge_paragraphs`` of either end of the body (a short line
  repeated mid-text, such as a ``___`` separator or "Here's the thing:", stays).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aggregator.schema import Article, normalise_text

if TYPE_CHECKING:
    from aggregator.config import BoilerplateSettings

# What is learned is wider than what any setting may remove (the settings are
# bounded by these in config/stories.py), so changing a setting needs no relearning.
LEARN_EDGE_PARAGRAPHS = 8
LEARN_MAX_CHARS = 600
SAMPLE_CHARS = 160


# Each paragraph is hashed when the parse strips known blocks, again when the store
# strips those learned since, and when it learns; furniture recurs on every page.
@functools.lru_cache(maxsize=8192)
def block_hash(text: str) -> str:
    """Hash of a paragraph as a block: casefolded, NFKC, whitespace-collapsed text.

    Digits are kept: folding them would make a template line that carries the
    news ("Final score: 2-1", "Temperatures: 23°C") look like furniture. 64 bits
    (16 hex digits): the store keeps a source's once-seen blocks as integers.
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Block:
    """One paragraph of an article offered for learning."""

    hash: str
    sample: str


@dataclass(frozen=True)
class KnownBlocks:
    """A source's learned blocks: block hash -> distinct stories it was seen in."""

    source: str
    stories: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.stories)

    def matches(self, text: str, min_stories: int) -> bool:
        return self.stories.get(block_hash(text), 0) >= min_stories


@dataclass(frozen=True)
class Stripped:
    """The article without its site boilerplate, and what was taken out."""

    article: Article
    removed: list[str]
    standfirst_removed: bool = False


def _in_window(index: int, count: int, edge: int) -> bool:
    return index < edge or index >= count - edge


def blocks_to_learn(article: Article) -> list[Block]:
    """The article's candidate blocks: the standfirst, and short paragraphs near the ends.

    Distinct by hash, in body order. Uses the widest bounds any setting allows
    (``LEARN_EDGE_PARAGRAPHS``, ``LEARN_MAX_CHARS``).
    """
    out: dict[str, Block] = {}
    texts = [article.standfirst] if article.standfirst else []
    count = len(article.body)
    texts += [p for i, p in enumerate(article.body) if _in_window(i, count, LEARN_EDGE_PARAGRAPHS)]
    for text in texts:
        text = text.strip()
        if not text or len(text) > LEARN_MAX_CHARS:
            continue
        h = block_hash(text)
        out.setdefault(h, Block(h, text[:SAMPLE_CHARS]))
    return list(out.values())


def strip_boilerplate(article: Article, known: KnownBlocks, rules: BoilerplateSettings) -> Stripped:
    """Drop the source's known boilerplate from ``article`` (a new Article; the input is untouched).

    The body is left whole when every paragraph would go: a page that is all
    known blocks is more likely text repeated on purpose than furniture alone.
    """
    if not rules.enabled or not known.stories:
        return Stripped(article, [])
    k, cap, edge = rules.min_stories, rules.max_chars, rules.edge_paragraphs
    count = len(article.body)
    keep: list[str] = []
    removed: list[str] = []
    for i, paragraph in enumerate(article.body):
        if (
            _in_window(i, count, edge)
            and len(paragraph.strip()) <= cap
            and known.matches(paragraph, k)
        ):
            removed.append(paragraph)
        else:
            keep.append(paragraph)
    if not keep:
        keep, removed = list(article.body), []
    standfirst_removed = bool(
        article.standfirst
        and len(article.standfirst.strip()) <= cap
        and known.matches(article.standfirst, k)
    )
    if not removed and not standfirst_removed:
        return Stripped(article, [])
    provenance = dict(article.provenance)
    notes = []
    if removed:
        notes.append(f"{len(removed)} paragraph{'s' if len(removed) != 1 else ''}")
    if standfirst_removed:
        notes.append("standfirst")
        provenance["standfirst"] = "site-boilerplate (removed)"
    provenance["body"] = (
        f"{provenance.get('body', 'heuristic')}; site-boilerplate removed {' + '.join(notes)}"
    )
    cleaned = dataclasses.replace(
        article,
        body=keep,
        standfirst=None if standfirst_removed else article.standfirst,
        provenance=provenance,
    )
    return Stripped(cleaned, removed, standfirst_removed)
