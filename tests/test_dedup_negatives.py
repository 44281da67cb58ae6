"""Independent reports that share text (a statement, a ruling or a post quoted at length, a
template, boilerplate, a press release) must stay apart in the story tier, and the copies
among them (a press release run verbatim, a correction, a write-through, a cut copy with a
local intro, a copy under an invented byline) must still merge: each pair of
tests/dedup_negative_cases.py in memory, in both arrival orders, and through SQLite."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from dedup_negative_cases import (
    DAY,
    KNOWN_EVENT_MISSES,
    KNOWN_STORY_MISSES,
    PAIRS,
    SAME_SITE,
    WARM_UP,
    Report,
)
from dedup_tier_cases import BACKGROUND, load
from sqlite_utils import Database
from test_dedup_tiers_storage import event_of, store, story_of

from aggregator.dedup.fingerprint import build_profile
from aggregator.dedup.memory import MemoryDedup
from storage import open_db


def _params(known: dict[str, str]) -> list[object]:
    """Every pair, the known misses marked: strict, so a fix shows up as a pass to record."""
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=known[name]))
        if name in known
        else name
        for name in sorted(PAIRS)
    ]


def ingest(name: str, first: Report, second: Report) -> MemoryDedup:
    dedup = MemoryDedup()
    for i, background in enumerate(BACKGROUND):  # so that word rarity means something
        dedup.ingest(f"bg{i}", build_profile(load(background)), "", DAY - timedelta(days=1))
    for report in warm_up(name):
        dedup.ingest(
            report.name, build_profile(report.body), "", report.published, None, report.credit
        )
    for role, report in (("first", first), ("second", second)):
        site = "one site" if name in SAME_SITE else role
        dedup.ingest(role, build_profile(report.body), "", report.published, site, report.credit)
    return dedup


def warm_up(name: str) -> list[Report]:
    """The stories stored before the pair (WARM_UP), a day earlier."""
    return [Report(other, DAY - timedelta(days=1)) for other in WARM_UP.get(name, ())]


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
@pytest.mark.parametrize("name", _params(KNOWN_STORY_MISSES))
def test_story_tier(name: str, reverse: bool) -> None:
    pair = PAIRS[name]
    first, second = (pair.second, pair.first) if reverse else (pair.first, pair.second)
    dedup = ingest(name, first, second)
    assert (dedup.story_of("first") == dedup.story_of("second")) == pair.same_story


@pytest.mark.parametrize("name", _params(KNOWN_EVENT_MISSES))
def test_event_tier(name: str) -> None:
    pair = PAIRS[name]
    dedup = ingest(name, pair.first, pair.second)
    if pair.same_event is not None:
        assert (dedup.event_of("first") == dedup.event_of("second")) == pair.same_event


@pytest.mark.parametrize("name", _params(KNOWN_STORY_MISSES))
def test_story_tier_through_sqlite(name: str, tmp_path: Path) -> None:
    pair = PAIRS[name]
    path = tmp_path / "news.db"
    db = open_db(path)
    for i, background in enumerate(BACKGROUND):
        store(db, f"bg{i}", load(background), DAY - timedelta(days=1))
    for report in warm_up(name):
        store(db, report.name, report.body, report.published)
    site = "onesite" if name in SAME_SITE else ""
    first = store(db, "first", pair.first.body, pair.first.published, site)
    second = store(db, "second", pair.second.body, pair.second.published, site)
    db.close()
    db = Database(sqlite3.connect(path))  # read back from the file, as any reader would
    assert (story_of(db, first) == story_of(db, second)) == pair.same_story
    if pair.same_event is not None and name not in KNOWN_EVENT_MISSES:
        assert (event_of(db, first) == event_of(db, second)) == pair.same_event
