"""The event tier: stories about one happening, linked without being merged.

A story is one text and its copies; an **event** is one happening, reported by several
stories (independent reports, follow-ups, a rewrite too far from the wire text to call a
copy). Each story keeps its own copies and provenance; the event only links them.

Assignment is incremental, like the story tier: when an article founds a new story, the
story is placed in the event of its most similar recent story, or in a new event. Only
the founding article is indexed (copies add no new words about the happening).

* **Terms** are the article's content words (stopwords left out) and name pairs (two
  adjacent capitalised words, "gloria price"), as 32-bit hashes from the stored profile.
  Chinese, Japanese and Korean have no capitals: there two adjacent character pairs of a
  CJK run (three characters, 外交部, 東京都) make the pair, and tf-idf keeps the specific
  ones among a story's heaviest terms (docs/dedup.md, "Chinese, Japanese and Korean").
* **Rarity** comes from a table of document frequencies counted per *story*, so fifty
  copies of one wire text count once. The table is bounded: a term's row is its hash
  modulo ``event_df_buckets``, so two terms may share a row; that can only make a rare
  term look commoner (a lower weight), never the reverse.
* An :class:`EventProfile` is the story's tf-idf vector cut to its ``event_terms`` heaviest
  terms, L2-normalised, with its ``event_keys`` heaviest terms as lookup keys and its
  publication day. Weights are frozen when the story is created.
* **Candidates** come from an index of key -> founding articles, read newest first and at
  most ``event_max_postings`` per key, ranked by keys shared, at most
  ``event_max_candidates``: the cost does not grow with the store.
* **Decision**: the candidate with the highest cosine wins if the cosine reaches
  ``event_min_similarity``, the two are at most ``event_window_days`` apart (when both
  dates are known) and they share ``event_min_shared_names`` name pairs that are rare in
  the store (``event_name_rarity``: "Wall Street" in a market story is no evidence of
  one happening). A shared name pair that is a date ("16 october") counts only from a
  cosine of ``DATE_NAME_SIMILARITY``. Stories the story tier found reworded without
  provenance (``Assignment.related``) need only ``event_related_similarity``: the text
  itself says they are about one thing. A story that qualifies with stories of
  ``ROUNDUP_EVENTS`` events or more (a daily briefing) joins none.

:class:`EventLookup` is what storage implements (tables in docs/dedup.md);
:class:`MemoryEventIndex` is the in-memory version used by tests and benchmarks.
"""

from __future__ import annotations

import collections
import itertools
import math
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

import numpy as np

from aggregator.calendar_names import MONTH_NAMES, WEEKDAY_NAMES
from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import TextProfile, word_hash

_PAIR_SALT = 0x9E3779B1
_NAME_PAIR = 1 << 32
_MIN_IDF = 1e-3
EVENT_PROFILE_VERSION = 1
_Terms = TypeVar("_Terms", int, np.ndarray)
# A new story that qualifies with stories of this many events joins none of them (a roundup).
ROUNDUP_EVENTS = 3
# A shared date counts as a shared name only from this cosine up: below it, two reports of
# one day ("on 16 October") shared little else (docs/dedup.md, "Dates, sentence openers
# and roundups").
DATE_NAME_SIMILARITY = 0.2


def _numbers() -> np.ndarray:
    """Numbers as a text writes them: up to 9999 (days, years, times, scores), with
    leading zeros ("09", "007") and as day ordinals ("16th"). Sorted hashes."""
    numbers = [str(n) for n in range(10_000)] + [f"{n:02d}" for n in range(10)]
    numbers += [f"{n:03d}" for n in range(100)]
    numbers += [f"{n}{end}" for n in range(1, 32) for end in ("st", "nd", "rd", "th")]
    return np.array(sorted(map(word_hash, numbers)), np.uint64)


def _calendar_words() -> np.ndarray:
    """The names of months and weekdays (full and abbreviated). Sorted hashes."""
    words = (name.rstrip(".") for names in (*MONTH_NAMES, *WEEKDAY_NAMES) for name in names.split())
    return np.array(sorted(set(map(word_hash, words))), np.uint64)


# A name pair is a date ("on 16 October", "Tuesday, Oct. 16", "October 16, 2026") when a
# number is in it, or when both words are names of months or weekdays. A date is in every
# report of that day, so as a rare name pair it linked unrelated stories of one day
# (DATE_NAME_SIMILARITY). A month or weekday beside a word that is neither is a name:
# "Theresa May", "Jan Egeland", "Bruno Mars", "Placido Domingo" counted as dates until
# fixe-48 and split the reports of their events. A number beside a name ("Apollo 11",
# "Euro 2024", "Arsenal 2") stays a date: counted as a name it lowered the validation
# part's precision (docs/dedup.md, "Dates, sentence openers and roundups").
_NUMBERS = _numbers()  # sorted, for searchsorted
_CALENDAR_WORDS = _calendar_words()


class EventProfile:
    """What the event tier keeps about one story (its founding article).

    ``terms`` (ascending), their ``weights`` and the lookup ``keys`` are tuples. A
    profile read from storage (:meth:`from_bytes`) holds them as arrays over its bytes
    and makes the tuples only when asked: the decision scores some thirty stored
    profiles per new story from the arrays (:func:`similarities`), and making the
    tuples of all thirty took longer than the SQL that reads them.
    """

    __slots__ = ("day", "seen", "_terms", "_weights", "_keys", "_term_array", "_weight_array")

    def __init__(
        self,
        terms: Sequence[int],
        weights: Sequence[float],
        keys: Sequence[int],
        day: int | None = None,
        seen: int | None = None,
    ) -> None:
        self._terms: tuple[int, ...] | None = tuple(terms)
        self._weights: tuple[float, ...] | None = tuple(weights)
        self._keys: tuple[int, ...] | np.ndarray = tuple(keys)
        self._term_array: np.ndarray | None = None
        self._weight_array: np.ndarray | None = None
        self.day = day  # the publication day (day_number), when known
        # The day it was first seen, when known: an undated story was published on or before it.
        self.seen = seen

    @property
    def terms(self) -> tuple[int, ...]:
        if self._terms is None:
            self._terms = tuple(self.term_array.tolist())
        return self._terms

    @property
    def weights(self) -> tuple[float, ...]:
        if self._weights is None:
            self._weights = tuple(self.weight_array.tolist())
        return self._weights

    @property
    def keys(self) -> tuple[int, ...]:
        if not isinstance(self._keys, tuple):
            self._keys = tuple(self._keys.tolist())
        return self._keys

    @property
    def term_array(self) -> np.ndarray:
        """The terms as int64, for scoring many stored stories at once."""
        if self._term_array is None:
            self._term_array = np.asarray(self.terms, dtype=np.int64)
        return self._term_array

    @property
    def weight_array(self) -> np.ndarray:
        """The weights as float64 (the float32 values stored, exactly)."""
        if self._weight_array is None:
            self._weight_array = np.asarray(self.weights, dtype=np.float64)
        return self._weight_array

    def _fields(self) -> tuple[Any, ...]:
        return (self.terms, self.weights, self.keys, self.day, self.seen)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EventProfile):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        terms, weights, keys, day, seen = self._fields()
        return (
            f"EventProfile(terms={terms!r}, weights={weights!r}, keys={keys!r}, "
            f"day={day!r}, seen={seen!r})"
        )

    def to_bytes(self) -> bytes:
        """Binary: a header (version, days, counts), then terms and keys as int64 and weights
        as float32, little-endian (about 3.2 KB for 256 terms). Not JSON: storage reads
        some thirty profiles per new story, and decoding JSON with base64 inside took a
        third of the event decision's time."""
        return b"".join(
            (
                _HEADER.pack(
                    EVENT_PROFILE_VERSION,
                    self.day or 0,
                    self.seen or 0,
                    len(self.term_array),
                    len(self.keys),
                ),
                self.term_array.astype("<i8").tobytes(),
                self.weight_array.astype("<f4").tobytes(),
                np.asarray(self.keys, dtype="<i8").tobytes(),
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> EventProfile:
        version, day, seen, terms, keys = _HEADER.unpack_from(data)
        if version != EVENT_PROFILE_VERSION:
            raise ValueError(f"event profile version {version}: rebuild it")
        offset = _HEADER.size
        profile = cls((), (), (), day or None, seen or None)  # 0 is no day: they start at 1
        profile._terms = profile._weights = None  # made from the arrays when asked
        profile._term_array = np.frombuffer(data, "<i8", terms, offset)
        offset += 8 * terms
        profile._weight_array = np.frombuffer(data, "<f4", terms, offset).astype(np.float64)
        offset += 4 * terms
        profile._keys = np.frombuffer(data, "<i8", keys, offset)
        return profile


# version, publication day, day first seen (0: unknown), number of terms, number of keys
_HEADER = struct.Struct("<BiiHH")


@dataclass(frozen=True)
class StoredStory:
    """A story as the event lookup returns it: its current story and event, and the event
    profile of one of its founding articles (a story merged from two has two)."""

    story_id: int | str
    event_id: int | str
    profile: EventProfile
    article_id: int | str = ""


@dataclass(frozen=True)
class EventAssignment:
    """The event decision for a new story: ``event_id`` None means a new event."""

    event_id: int | str | None
    similarity: float = 0.0
    matched_story_id: int | str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


class EventLookup(Protocol):
    """The event tier's storage: a document-frequency table and a key index.

    ``document_frequencies`` returns the number of stories counted and the count of each
    requested bucket (missing buckets are 0). ``event_candidates`` returns stored stories
    whose founding article shares one of ``keys``, reading at most ``max_postings`` newest
    postings per key, ranked by keys shared (ties: newest first), at most ``limit``.
    ``stories`` returns the given stories (for the story tier's related stories).
    """

    def document_frequencies(self, buckets: Sequence[int]) -> tuple[int, dict[int, int]]: ...

    def event_candidates(
        self, keys: Sequence[int], max_postings: int, limit: int
    ) -> list[StoredStory]: ...

    def stories(self, story_ids: Sequence[int | str]) -> list[StoredStory]: ...


def day_number(value: datetime | date | None) -> int | None:
    """Days since 0001-01-01: the publication day, the resolution most sources give."""
    if value is None:
        return None
    return value.toordinal()


def term_counts(profile: TextProfile) -> collections.Counter[int]:
    """Content words and name pairs of a text, counted (hashes; stopwords left out)."""
    terms, counts, _ = _term_arrays(profile)
    return collections.Counter(dict(zip(terms.tolist(), counts.tolist(), strict=True)))


def _term_arrays(profile: TextProfile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct terms of a text, ascending (int64), how often each occurs, and its
    name pairs that are dates (a number in them, or two names of months or weekdays: "16
    october", "tuesday october"; not "theresa may")."""
    tokens = np.fromiter(profile.tokens, dtype=np.int64, count=len(profile.tokens))
    content = tokens[np.fromiter(profile.content_mask, dtype=bool, count=len(tokens))]
    # Two adjacent name words: "gloria price" is far rarer than "price". Two adjacent
    # pairs of a CJK run are three characters (a name, a word with its context).
    named = np.isin(tokens, np.fromiter(profile.caps, dtype=np.int64, count=len(profile.caps)))
    if profile.cjk:
        named |= profile.cjk_mask
    pairs = named[:-1] & named[1:]
    first, second = tokens[:-1][pairs].astype(np.uint64), tokens[1:][pairs].astype(np.uint64)
    # The term of two adjacent name words: ((first * salt) ^ second) in 32 bits, with bit 32
    # set, so a stored vector tells name pairs (specific evidence) from single words (32-bit
    # crc32s). In uint64 the product may wrap, but its low 32 bits, all that is kept, do not.
    hashed = ((first * np.uint64(_PAIR_SALT)) ^ second) & np.uint64(0xFFFFFFFF)
    pair_terms = (hashed | np.uint64(_NAME_PAIR)).astype(np.int64)
    numbered = _is_in(first, _NUMBERS) | _is_in(second, _NUMBERS)
    dated = numbered | (_is_in(first, _CALENDAR_WORDS) & _is_in(second, _CALENDAR_WORDS))
    terms, counts = np.unique(np.concatenate((content, pair_terms)), return_counts=True)
    return terms, counts, np.unique(pair_terms[dated])


def _is_in(tokens: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Per token: one of the sorted ``words``? A search in them: np.isin sorts the ten
    thousand numbers again on every call."""
    at = np.minimum(np.searchsorted(words, tokens), len(words) - 1)
    found: np.ndarray = words[at] == tokens
    return found


def df_bucket(term: _Terms, settings: DedupSettings) -> _Terms:
    """The document-frequency row of a term, or of each of an array of terms
    (``event_df_buckets`` is a power of two)."""
    return term & (settings.event_df_buckets - 1)


def story_buckets(profile: TextProfile, settings: DedupSettings) -> tuple[int, ...]:
    """The document-frequency rows a story founded by this text counts once each: what
    :func:`build_event_profile` counts for a new story, and a prune takes off again."""
    return tuple(np.unique(df_bucket(_term_arrays(profile)[0], settings)).tolist())


@dataclass(frozen=True)
class NewStory:
    """A story about to be placed in an event: its profile, the keys to look up, and the
    document-frequency rows to count once it is stored."""

    profile: EventProfile
    query: tuple[int, ...]
    buckets: tuple[int, ...]
    # The profile's name pairs rare enough to count as evidence (event_name_rarity), ascending.
    names: tuple[int, ...]
    # Those of them that are dates ("16 october"): evidence only beside a close text.
    dates: tuple[int, ...] = ()


def build_event_profile(
    profile: TextProfile,
    lookup: EventLookup,
    published_at: datetime | date | None,
    settings: DedupSettings | None = None,
    first_seen_at: datetime | date | None = None,
) -> NewStory:
    """The new story's event profile and lookup keys, weighted by the stored frequencies.

    Two key sets: the story *posts* its heaviest terms (``event_keys``; a name no stored
    story has yet is the best key for tomorrow's follow-up) and *looks up* its heaviest
    terms that some stored story already has (``event_query_keys``; a term nobody has can
    find nothing).
    """
    settings = settings or DedupSettings.defaults()
    terms, counts, dated = _term_arrays(profile)
    rows = df_bucket(terms, settings)
    buckets = tuple(np.unique(rows).tolist())
    stories, df = lookup.document_frequencies(buckets)
    seen = np.fromiter(map(df.get, rows.tolist(), itertools.repeat(0)), np.int64, len(rows))
    # Each distinct count's logarithm once, by math.log as the weights always were (numpy's
    # log may differ in the last bit); the products are float64 either way.
    # The store counts as if event_prior_stories stories without the term were in it
    # too: in a new store every term the one stored story has is "in every story", and
    # the second story's profile kept only what it shares with nobody, so two reports
    # of one happening could not link until the store had grown (a handful of stories
    # moves a large store's weights by thousandths). A term in every story of a store
    # without that prior has no rarity: floored, not dropped, so that a story still
    # gets a profile, by term frequency alone, that later reports of its event can match.
    known_stories = stories + 1 + settings.event_prior_stories
    idf = _per_value(seen, lambda n: max(math.log(known_stories / (n + 1)), _MIN_IDF))
    weights = _per_value(counts, lambda tf: 1 + math.log(tf)) * idf
    known = seen > 0
    # Heaviest first; ties by a known term first, then by the larger hash (unique).
    order = np.lexsort((terms, known, weights))[::-1]
    top = order[: event_terms(profile, settings)]
    norm = math.sqrt(sum((weights[top] * weights[top]).tolist())) or 1.0
    by_term = top[np.argsort(terms[top])]
    event = EventProfile(
        terms=tuple(terms[by_term].tolist()),
        # As stored (float32), so that a profile compares the same before and after a
        # round trip through storage, and in memory as in SQLite.
        weights=tuple((weights[by_term] / norm).astype(np.float32).tolist()),
        keys=tuple(terms[order[: settings.event_keys]].tolist()),
        day=day_number(published_at),
        seen=day_number(first_seen_at),
    )
    query = tuple(terms[order[known[order]]][: settings.event_query_keys].tolist())
    # A name pair counts as evidence when at most (stories + 1) ** (1 - event_name_rarity)
    # stored stories carry it: its rarity, 1 - log(df) / log(stories + 1), is 1 when only
    # the story it matches has it and 0 when every story does.
    rare = seen[by_term] <= (stories + 1) ** (1 - settings.event_name_rarity)
    named = (terms[by_term] & _NAME_PAIR) != 0
    evidence = terms[by_term][rare & named]
    dates = np.isin(evidence, dated)
    return NewStory(
        event, query, buckets, tuple(evidence.tolist()), tuple(evidence[dates].tolist())
    )


# A CJK text has about three times the distinct terms of an English one as long: its
# character pairs and the three-character pairs of pairs, where English has a word and
# now and then a name pair. Cut to event_terms, its vector kept mostly the terms no other
# story had (the heaviest) and lost those it shared with reports of its event.
_CJK_TERMS_FACTOR = 3


def event_terms(profile: TextProfile, settings: DedupSettings) -> int:
    """How many terms a story founded by this text keeps in its event profile."""
    return settings.event_terms * (_CJK_TERMS_FACTOR if profile.mostly_cjk else 1)


def _per_value(values: np.ndarray, function: Callable[[int], float]) -> np.ndarray:
    """``function`` of each element, called once per distinct value."""
    distinct, where = np.unique(values, return_inverse=True)
    return np.array([function(v) for v in distinct.tolist()], dtype=np.float64)[where]


def similarities(
    event: EventProfile, stored: Sequence[EventProfile], names: Sequence[int] | None = None
) -> list[tuple[float, int]]:
    """For each stored profile, in one pass: the cosine of the two (normalised,
    truncated) tf-idf vectors, and the name pairs both carry ("gloria price" in both is
    evidence of one happening that a shared topic, "court" or "economy", is not): of
    ``names`` only, when given (the new story's rare ones, :attr:`NewStory.names`).

    Each cosine is the sum of the products of the weights of the terms both carry, added
    in the order of ``s.terms`` (a plain loop over one pair gives the same float, to the
    last bit: tests/test_dedup_events.py).
    """
    if not stored:
        return []
    lengths = [len(s.term_array) for s in stored]
    terms = np.concatenate([s.term_array for s in stored])
    weights = np.concatenate([s.weight_array for s in stored])
    order = np.argsort(event.term_array, kind="stable")
    mine, my_weights = event.term_array[order], event.weight_array[order]
    if not len(mine):
        return [(0.0 if n else 0, 0) for n in lengths]
    at = np.minimum(np.searchsorted(mine, terms), len(mine) - 1)
    hits = np.flatnonzero(mine[at] == terms)
    products = (weights[hits] * my_weights[at[hits]]).tolist()
    ends = np.cumsum(lengths)
    cuts = [0, *np.searchsorted(hits, ends).tolist()]
    counted = (mine & _NAME_PAIR) != 0 if names is None else np.isin(mine, names)
    names_seen = [0, *np.cumsum(counted[at[hits]]).tolist()]
    # products[cuts[i]:cuts[i + 1]] are stored[i]'s; sum() adds them as cosine's does
    # (starting from 0.0 as its zero products do, when there are any terms at all).
    return [
        (
            sum(products[cuts[i] : cuts[i + 1]], 0.0 if n else 0),
            names_seen[cuts[i + 1]] - names_seen[cuts[i]],
        )
        for i, n in enumerate(lengths)
    ]


def assign_event(
    story: NewStory,
    lookup: EventLookup,
    settings: DedupSettings | None = None,
    related: Sequence[int | str] = (),
) -> EventAssignment:
    """The event of a new story: that of its most similar recent story, or a new one."""
    settings = settings or DedupSettings.defaults()
    event = story.profile
    candidates = lookup.event_candidates(
        story.query, settings.event_max_postings, settings.event_max_candidates
    )
    # Stories the story tier found reworded without provenance: candidates whatever the keys.
    reworded = lookup.stories(related) if related else []
    textual = {s.story_id for s in reworded}
    pool = {(s.story_id, s.article_id): s for s in candidates}
    for stored in reworded:
        pool.setdefault((stored.story_id, stored.article_id), stored)
    profiles = [stored.profile for stored in pool.values()]
    scores = similarities(event, profiles, story.names)
    dates = similarities(event, profiles, story.dates) if story.dates else [(0.0, 0)] * len(pool)
    qualified = [
        (sim, str(stored.story_id), stored)
        for stored, (sim, names), (_, dated) in zip(pool.values(), scores, dates, strict=True)
        if _qualifies(
            stored,
            sim,
            # A shared date is no evidence of one happening unless the texts are close.
            names if sim >= DATE_NAME_SIMILARITY else names - dated,
            event,
            stored.story_id in textual,
            settings,
        )
    ]
    evidence: dict[str, Any] = {"candidates": len(candidates), "related": len(textual)}
    events = {stored.event_id for _, _, stored in qualified}
    if len(events) >= ROUNDUP_EVENTS:
        # A roundup (a daily briefing of six topics) matches the reports of each of its
        # topics: placed in one of them, it joined an arbitrary one and headed its listing.
        evidence["roundup_events"] = len(events)
        return EventAssignment(None, evidence=evidence)
    if not qualified:
        return EventAssignment(None, evidence=evidence)
    sim, _, match = max(qualified, key=lambda rank: rank[:2])
    evidence.update(matched_story=match.story_id, textual=match.story_id in textual)
    return EventAssignment(match.event_id, round(sim, 4), match.story_id, evidence)


def _qualifies(
    stored: StoredStory,
    sim: float,
    names: int,
    event: EventProfile,
    textual: bool,
    settings: DedupSettings,
) -> bool:
    """Could the new story join ``stored``'s event: similar enough, close enough in time and
    sharing enough rare name pairs (a story found reworded needs only its own floor)?"""
    floor = settings.event_related_similarity if textual else settings.event_min_similarity
    if sim < floor or not close_in_time(event, stored.profile, settings):
        return False
    return textual or names >= settings.event_min_shared_names


def close_in_time(a: EventProfile, b: EventProfile, settings: DedupSettings) -> bool:
    """Can the two stories be at most ``event_window_days`` apart?

    Publication days are compared when both are known. A story without one was published
    on or before the day it was first seen, so a dated story is close to it unless it
    came more than the window after that day; two undated stories are compared by the
    days they were first seen (in a live crawl, about when they were published). With no
    day at all, anything is close.
    """
    window = settings.event_window_days
    if a.day is not None and b.day is not None:
        return abs(a.day - b.day) <= window
    if a.day is not None and b.seen is not None:
        return a.day <= b.seen + window
    if b.day is not None and a.seen is not None:
        return b.day <= a.seen + window
    if a.day is None and b.day is None and a.seen is not None and b.seen is not None:
        return abs(a.seen - b.seen) <= window
    return True


class MemoryEventIndex:
    """In-memory :class:`EventLookup`, one structure per SQLite table (docs/dedup.md).

    ``_df`` is ``event_df(bucket, n)`` with the story count; ``_postings`` is
    ``event_keys(key, article_id)``, read newest first; ``_profiles`` is
    ``event_profiles(article_id, profile)``, one row per founding article; ``_event`` is
    ``stories.event_id``. ``story_of`` is the story tier's ``articles.story_id``: after a
    story merge, a founding article leads to the surviving story.
    """

    def __init__(
        self, story_of: Callable[[int | str], int | str], settings: DedupSettings | None = None
    ) -> None:
        self.settings = settings or DedupSettings.defaults()
        self._story_of = story_of
        self._stories = 0
        self._df: dict[int, int] = {}
        self._postings: dict[int, list[int | str]] = collections.defaultdict(list)
        self._profiles: dict[int | str, EventProfile] = {}  # founding article -> profile
        self._seq: dict[int | str, int] = {}  # founding article -> arrival number
        self._founders: dict[int | str, list[int | str]] = {}  # story -> founding articles
        self._event: dict[int | str, int | str] = {}  # story -> event
        self._members: dict[int | str, set[int | str]] = collections.defaultdict(set)

    # --- EventLookup --------------------------------------------------------------------

    def document_frequencies(self, buckets: Sequence[int]) -> tuple[int, dict[int, int]]:
        return self._stories, {b: self._df[b] for b in buckets if b in self._df}

    def event_candidates(
        self, keys: Sequence[int], max_postings: int, limit: int
    ) -> list[StoredStory]:
        shared: collections.Counter[int | str] = collections.Counter()
        for key in set(keys):
            shared.update(self._postings.get(key, [])[-max_postings:])
        # Most keys shared first, then the newest (insertion order stands for article ids).
        ranked = sorted(shared, key=lambda a: (-shared[a], -self._seq[a]))
        return [self._stored(a) for a in ranked[:limit]]

    def stories(self, story_ids: Sequence[int | str]) -> list[StoredStory]:
        return [
            self._stored(founder)
            for story in dict.fromkeys(story_ids)
            for founder in self._founders.get(story, [])
        ]

    def _stored(self, founder: int | str) -> StoredStory:
        story = self._story_of(founder)
        return StoredStory(story, self._event[story], self._profiles[founder], founder)

    # --- writes (storage does these in the story assignment's transaction) --------------

    def add_story(
        self,
        story: int | str,
        founder: int | str,
        event: EventProfile,
        event_id: int | str,
        buckets: Iterable[int],
    ) -> None:
        """A new story, founded by ``founder``, placed in ``event_id``."""
        self._founders[story] = [founder]
        self._profiles[founder] = event
        self._seq[founder] = len(self._seq)
        self._event[story] = event_id
        self._members[event_id].add(story)
        for key in event.keys:
            self._postings[key].append(founder)
        self._stories += 1
        for bucket in buckets:
            self._df[bucket] = self._df.get(bucket, 0) + 1

    def merge_stories(self, into: int | str, others: Iterable[int | str]) -> None:
        """Stories merged by the story tier: their events become one."""
        for other in others:
            if other == into or other not in self._event:
                continue
            self.merge_events(self._event[into], self._event[other])
            self._members[self._event[into]].discard(other)
            del self._event[other]
            self._founders[into] += self._founders.pop(other)

    def merge_events(self, into: int | str, other: int | str) -> None:
        if into == other:
            return
        for story in self._members.pop(other, set()):
            self._event[story] = into
            self._members[into].add(story)

    def event_of(self, story: int | str) -> int | str:
        return self._event[story]

    def __len__(self) -> int:
        return self._stories
