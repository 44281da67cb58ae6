"""The event tier's parts: terms, rarity table, event profiles, bounded lookup, provenance."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup.assign import provenance
from aggregator.dedup.events import (
    _NAME_PAIR,
    _PAIR_SALT,
    EventProfile,
    MemoryEventIndex,
    build_event_profile,
    close_in_time,
    df_bucket,
    similarities,
    term_counts,
)
from aggregator.dedup.fingerprint import build_profile, token_hash
from aggregator.dedup.memory import MemoryDedup
from aggregator.schema import Article, ArticleWrite
from storage.event_index import STORY_COUNT_BUCKET, SqliteEventLookup
from storage.writes import store_articles

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"


# One pair at a time, the plain definitions the decision's batched scoring (similarities)
# must equal to the last bit.
def cosine(a: EventProfile, b: EventProfile) -> float:
    vector = dict(zip(a.terms, a.weights, strict=True))
    return sum(w * vector.get(t, 0.0) for t, w in zip(b.terms, b.weights, strict=True))


NAME_PAIR_BIT = 1 << 32  # what pair_hash sets on a name pair's term


def pair_hash(a: int, b: int) -> int:
    """The term of two adjacent name words, one pair at a time (term_counts: all at once)."""
    return (((a * _PAIR_SALT) ^ b) & 0xFFFFFFFF) | _NAME_PAIR


def shared_names(a: EventProfile, b: EventProfile) -> int:
    names = {t for t in a.terms if t & NAME_PAIR_BIT}
    return sum(1 for t in b.terms if t in names)


DAY = datetime(2024, 3, 5)


def load(name: str) -> list[str]:
    blocks = [b.strip() for b in (FIXTURES / name).read_text(encoding="utf-8").split("\n\n")]
    return [b for b in blocks if b][1:]


def test_terms_are_content_words_and_name_pairs() -> None:
    text = "The court heard that Desmond Fairlie lied to inspectors."
    counts = term_counts(build_profile([text]))
    assert counts[token_hash("court")] == 1
    assert token_hash("the") not in counts  # a function word
    assert counts[pair_hash(token_hash("desmond"), token_hash("fairlie"))] == 1
    assert pair_hash(1, 2) >> 32 == 1  # name pairs are told apart from 32-bit word hashes


@pytest.mark.parametrize(
    ("credit", "day", "other_credit", "other_day", "allowed"),
    [
        ("PA", 1, None, 2, True),  # a newspaper reworks the agency text the next day
        (None, 2, "PA", 1, True),  # the same, seen from the newspaper
        ("PA", 1, None, 1, True),  # same day
        ("PA", 2, None, 1, False),  # the "rewrite" came first
        (None, 1, None, 2, False),  # two uncredited articles: two reports
        ("PA", 1, "Reuters", 1, False),  # two agencies
        ("PA", 1, "PA", 2, False),  # one agency's story and its follow-up
        ("PA", 1, "PA", 1, True),  # one agency's text rewritten the same day: a write-through
        ("PA", None, "PA", 1, False),  # ... which needs both days known
        ("PA", None, None, 1, True),  # a date unknown: credit alone
    ],
)
def test_provenance(
    credit: str | None, day: int | None, other_credit: str | None, other_day: int, allowed: bool
) -> None:
    at = DAY + timedelta(days=day) if day is not None else None
    assert provenance(credit, at, other_credit, DAY + timedelta(days=other_day)) is allowed


def test_one_agencys_same_day_texts_under_two_leads_are_two_stories() -> None:
    # Whole paragraphs shared under two unrelated leads ("copy-without-lead") are the
    # background an agency's same-day sidebar repeats from its main story, not its update.
    same_day = DAY + timedelta(hours=5)
    assert provenance("AP", DAY, "AP", same_day, rule="rewrite")
    assert not provenance("AP", DAY, "AP", same_day, rule="copy-without-lead")
    assert provenance("AP", DAY, None, same_day, rule="copy-without-lead")  # a paper's copy


def test_one_agencys_same_day_text_with_other_names_is_not_its_update() -> None:
    # Two items of one template (two weather warnings) share the wording, not the names.
    same_day = DAY + timedelta(hours=5)
    assert not provenance("PA", DAY, "PA", same_day, rule="rewrite", names_kept=False)
    assert provenance("PA", DAY, None, same_day, rule="rewrite", names_kept=False)


@pytest.mark.parametrize(
    ("wire_day", "other_seen", "allowed"),
    [
        (1, 2, True),  # an undated paper first seen after the wire text: may rework it
        (1, 1, True),
        (3, 1, False),  # seen before the wire text was published: it cannot be its rewrite
    ],
)
def test_provenance_bounds_an_undated_article_by_when_it_was_first_seen(
    wire_day: int, other_seen: int, allowed: bool
) -> None:
    wire_at, seen = DAY + timedelta(days=wire_day), DAY + timedelta(days=other_seen)
    assert provenance("PA", wire_at, None, None, other_seen_at=seen) is allowed
    assert provenance(None, None, "PA", wire_at, seen_at=seen) is allowed
    # A wire text without a publication time may be the original, whenever it was seen.
    assert provenance("PA", None, None, wire_at, seen_at=seen + timedelta(days=30))


def test_an_undated_story_was_published_on_or_before_it_was_first_seen() -> None:
    settings = DedupSettings(event_window_days=3)

    def story(day: int | None = None, seen: int | None = None) -> EventProfile:
        return EventProfile(terms=(), weights=(), keys=(), day=day, seen=seen)

    undated = story(seen=500)
    assert close_in_time(story(day=10), undated, settings)  # it may be that old
    assert close_in_time(undated, story(day=503), settings)
    assert not close_in_time(undated, story(day=504), settings)  # published after it was seen
    assert close_in_time(story(seen=502), undated, settings)  # two undated: days seen
    assert not close_in_time(story(seen=510), undated, settings)
    assert not close_in_time(story(day=1, seen=900), story(day=5, seen=900), settings)
    assert close_in_time(story(), story(day=5), settings)  # no day at all


def test_event_profile_round_trips_and_is_normalised() -> None:
    dedup = MemoryDedup()
    dedup.ingest("bg", build_profile(load("bbc_trump_kim.txt")), "", DAY)
    new = build_event_profile(build_profile(load("tiers/wire.txt")), dedup.events, DAY)
    profile = new.profile
    copy = EventProfile.from_bytes(profile.to_bytes())
    assert (copy.terms, copy.keys, copy.day, copy.seen) == (
        profile.terms,
        profile.keys,
        profile.day,
        profile.seen,
    )
    assert copy.weights == pytest.approx(profile.weights, rel=1e-6)  # stored as float32
    assert cosine(profile, profile) == pytest.approx(1.0)
    assert len(profile.terms) <= DedupSettings().event_terms
    assert len(profile.keys) <= DedupSettings().event_keys
    assert shared_names(profile, profile) >= 3  # desmond fairlie, margaret olumide, ...
    assert profile.day == DAY.toordinal()


def test_stored_stories_scored_at_once_score_exactly_as_one_by_one() -> None:
    """similarities() is cosine() and shared_names() for many stories, to the last bit."""
    dedup = MemoryDedup()
    profiles = []
    for name in sorted(FIXTURES.rglob("*.txt")):
        profile = build_profile(load(str(name.relative_to(FIXTURES))))
        new = build_event_profile(profile, dedup.events, DAY)
        dedup.ingest(name.stem, profile, "", DAY)
        profiles.append(new.profile)
    assert len(profiles) >= 5
    empty = EventProfile(terms=(), weights=(), keys=())
    for event in [*profiles, empty]:
        stored = [EventProfile.from_bytes(p.to_bytes()) for p in [*profiles, empty]]
        got = similarities(event, stored)
        want = [(cosine(event, s), shared_names(event, s)) for s in stored]
        assert [(repr(sim), names) for sim, names in got] == [
            (repr(sim), names) for sim, names in want
        ]
    assert sorted(sim for sim, _ in similarities(profiles[0], profiles))[-1] == pytest.approx(1.0)
    assert any(0 < sim < 0.9 for sim, _ in similarities(profiles[0], profiles))


def test_document_frequencies_count_stories_not_copies_in_bounded_rows() -> None:
    settings = DedupSettings(event_df_buckets=1 << 10)
    dedup = MemoryDedup(settings)
    wire = load("tiers/wire.txt")
    for i in range(5):  # the wire text and four copies of it: one story
        dedup.ingest(f"copy{i}", build_profile(wire), "", DAY)
    dedup.ingest("other", build_profile(load("tiers/unrelated.txt")), "", DAY)
    fairlie = df_bucket(token_hash("fairlie"), settings)
    stories, df = dedup.events.document_frequencies([fairlie])
    assert stories == 2 and df[fairlie] == 1
    assert all(0 <= b < 1 << 10 for b in dedup.events._df)


def test_candidate_lookup_reads_a_bounded_number_of_newest_postings() -> None:
    settings = DedupSettings(event_max_postings=5)
    index = MemoryEventIndex(lambda article: f"s-{article}", settings)
    profile = EventProfile(terms=(7,), weights=(1.0,), keys=(7,), day=None)
    for i in range(50):  # fifty stories all posting key 7
        index.add_story(f"s-{i}", i, profile, f"e-{i}", [7])
    found = index.event_candidates([7], max_postings=5, limit=30)
    assert [s.story_id for s in found] == ["s-49", "s-48", "s-47", "s-46", "s-45"]
    assert len(index.event_candidates([7], max_postings=5, limit=2)) == 2


def test_events_are_assigned_incrementally_in_arrival_order() -> None:
    dedup = MemoryDedup()
    for i, name in enumerate(["story_tram_strike.txt", "story_fare_rise.txt"]):
        dedup.ingest(f"bg{i}", build_profile(load(name)), "", DAY)
    first = dedup.ingest("wire", build_profile(load("tiers/wire.txt")), "", DAY, None, "PA")
    assert first.event is not None and first.event.event_id is None  # a new event
    second = dedup.ingest("independent", build_profile(load("tiers/independent.txt")), "", DAY)
    assert second.event is not None and second.event.matched_story_id == dedup.story_of("wire")
    assert second.event_id == first.event_id
    copy = dedup.ingest("copy", build_profile(load("tiers/wire.txt")), "", DAY)
    assert copy.event is None and copy.event_id == first.event_id  # joined a story: inherited


def test_stored_document_frequencies_are_the_table_rows_for_any_number_of_buckets(
    fresh_db: Database,
) -> None:
    # The SQLite lookup pads its IN list to a power of two with a repeated bucket: each
    # count must still be its row's, once, and a bucket without a row must stay absent.
    settings = DedupSettings()
    texts = ("tiers/wire.txt", "tiers/unrelated.txt")
    writes = [
        ArticleWrite(
            Article(
                url=f"https://site{i}.example/a",
                canonical_url=f"https://site{i}.example/a",
                source=f"site{i}",
                headline=f"Headline {i}",
                body=load(name),
                fetched_at=DAY,
            )
        )
        for i, name in enumerate(texts)
    ]
    store_articles(fresh_db, writes, settings)
    table = dict(fresh_db.execute("SELECT bucket, n FROM event_df").fetchall())
    stories = table.pop(STORY_COUNT_BUCKET)
    assert stories == 2 and len(table) > 64
    stored = sorted(table)
    missing = next(b for b in range(settings.event_df_buckets) if b not in table)
    lookup = SqliteEventLookup(fresh_db, settings)
    for size in (1, 3, 5, 33, 64, len(stored)):
        wanted = [*stored[:size], missing]
        assert lookup.document_frequencies(wanted) == (
            2,
            {b: table[b] for b in stored[:size]},
        )
