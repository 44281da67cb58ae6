"""Both dedup tiers through storage: the tier-boundary table stored in a real SQLite file,
event links across story merges and edits, the backfill of a database stored before the
event tier, and bounded event lookups."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import before_event_tier
from dedup_tier_cases import BACKGROUND, CASES, DAY1, DAY2, WIRE, load
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.schema import Article
from app.cli import cli
from storage import open_db
from storage.writes import StoreStatus, store_article

SETTINGS = DedupSettings()


def article(name: str, body: list[str], published: datetime, site: str = "") -> Article:
    url = f"https://{site or name}.example/{name}"
    return Article(
        url=url,
        canonical_url=url,
        source=site or name,
        site_name=site or name,
        headline=f"Report {name}",
        body=list(body),
        fetched_at=datetime(2026, 5, 1, tzinfo=UTC),
        published_at=published.replace(tzinfo=UTC),
    )


def store(db: Database, name: str, body: list[str], published: datetime, site: str = "") -> int:
    """Store one article; its article id."""
    return store_article(db, article(name, body, published, site), SETTINGS).article_id


def story_of(db: Database, article_id: int) -> int:
    return db.execute("SELECT story_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]


def event_of(db: Database, article_id: int) -> int | None:
    return db.execute(
        "SELECT s.event_id FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.id = ?",
        [article_id],
    ).fetchone()[0]


def store_background(db: Database) -> dict[str, int]:
    return {
        name: store(db, f"bg{i}", load(name), DAY1 - timedelta(days=1))
        for i, name in enumerate(BACKGROUND)
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_tier_boundary_through_sqlite(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    path = tmp_path / "news.db"
    db = open_db(path)
    background = store_background(db)
    wire = store(db, "wire", list(case.wire), DAY1)
    copy = store(db, "case", case.body, case.published, site="paper")
    db.close()
    # Read back from the file, as any reader would.
    db = Database(sqlite3.connect(path))
    assert (story_of(db, copy) == story_of(db, wire)) == case.same_story
    assert (event_of(db, copy) == event_of(db, wire)) == case.same_event
    assert event_of(db, copy) is not None
    assert event_of(db, copy) != event_of(db, background["tiers/unrelated.txt"])
    # A copy inherits its story's event; a story of its own was placed by the event tier.
    evidence = db.execute("SELECT dedup_evidence FROM articles WHERE id = ?", [copy]).fetchone()[0]
    assert ('"event"' in evidence) != case.same_story


def test_credits_are_stored_and_decide_rewrites(fresh_db: Database) -> None:
    db = fresh_db
    store_background(db)
    background_events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    wire = store(db, "wire", WIRE, DAY1)
    independent = store(db, "independent", load("tiers/independent.txt"), DAY1)
    agency2 = store(db, "agency2", load("tiers/agency2.txt"), DAY1)
    credits = dict(db.execute("SELECT id, credit FROM articles").fetchall())
    assert (credits[wire], credits[independent], credits[agency2]) == ("PA", None, "Reuters")
    # A heavy rewrite merges into the credited wire text it came after ...
    heavy = store(db, "heavy", load("tiers/rewrite_heavy.txt"), DAY2, site="paper")
    assert story_of(db, heavy) == story_of(db, wire)
    # ... and the three stories of one hearing are one new event.
    assert len({event_of(db, a) for a in (wire, independent, agency2, heavy)}) == 1
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == background_events + 1


def test_event_links_survive_a_story_merge(fresh_db: Database) -> None:
    # Two halves of the wire text: two stories, kept in two events (linking switched off);
    # the full text then proves them one text, and their events become one.
    db = fresh_db
    settings = DedupSettings(event_min_similarity=1.0, event_related_similarity=1.0)
    store_background(db)

    def put(name: str, body: list[str], day: datetime) -> int:
        return store_article(db, article(name, body, day), settings).article_id

    half = len(WIRE) // 2
    first, second = put("first-half", WIRE[:half], DAY1), put("second-half", WIRE[half:], DAY1)
    follow_up = put("follow-up", load("tiers/followup.txt"), DAY2)
    assert event_of(db, first) != event_of(db, second)
    events_before = db.execute("SELECT count(*) FROM events").fetchone()[0]
    full = put("full", WIRE, DAY1)
    assert story_of(db, first) == story_of(db, second) == story_of(db, full)
    assert event_of(db, first) == event_of(db, second) == event_of(db, full) is not None
    assert event_of(db, follow_up) != event_of(db, full)  # linking is still off
    # The emptied event is gone, and no story points to a missing event.
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == events_before - 1
    assert not db.execute(
        "SELECT id FROM stories WHERE event_id NOT IN (SELECT id FROM events)"
    ).fetchall()
    # Both founding articles now lead to the surviving story: with linking on again
    # (the default settings), a report of the hearing finds the merged event.
    report = store(db, "report", load("tiers/independent.txt"), DAY1)
    assert event_of(db, report) == event_of(db, full)


def test_event_links_survive_an_article_edit(fresh_db: Database) -> None:
    db = fresh_db
    store_background(db)
    wire = store(db, "wire", WIRE, DAY1)
    independent = store(db, "independent", load("tiers/independent.txt"), DAY1)
    event, story = event_of(db, wire), story_of(db, wire)
    assert event_of(db, independent) == event
    # The agency corrects its text: a paragraph added at the end, same URL.
    edited = WIRE + ["The Environment Agency said it would review its inspections of farm lagoons."]
    result = store_article(db, article("wire", edited, DAY1), SETTINGS)
    assert (result.status, result.article_id) == (StoreStatus.UPDATED, wire)
    assert (story_of(db, wire), event_of(db, wire), event_of(db, independent)) == (
        story,
        event,
        event,
    )
    # Later arrivals still find the story through the edited text, and the event.
    copy = store(db, "copy-of-edit", edited[-3:], DAY1)
    follow_up = store(db, "follow-up", load("tiers/followup.txt"), DAY2)
    assert story_of(db, copy) == story
    assert event_of(db, follow_up) == event


def test_a_database_from_before_the_event_tier_is_migrated_then_backfilled(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    store_background(db)
    wire = store(db, "wire", WIRE, DAY1)
    independent = store(db, "independent", load("tiers/independent.txt"), DAY1)
    copy = store(db, "copy", WIRE[1:4], DAY1, site="paper")
    stories_before = dict(db.execute("SELECT id, story_id FROM articles").fetchall())
    db.close()
    before_event_tier(path)

    runner = CliRunner()
    migrated = runner.invoke(cli, ["--db", str(path), "migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "applied m009_story_events" in migrated.output
    db = open_db(path)
    # The migration keeps every story and leaves the old ones without an event ...
    assert dict(db.execute("SELECT id, story_id FROM articles").fetchall()) == stories_before
    assert db.execute("SELECT count(*) FROM stories WHERE event_id IS NOT NULL").fetchone() == (0,)
    # ... while new articles are stored with events, old stories still unassigned.
    late = store(db, "late", load("tiers/followup.txt"), DAY2)
    assert event_of(db, late) is not None and event_of(db, wire) is None
    db.close()

    backfilled = runner.invoke(cli, ["--db", str(path), "migrate", "--backfill-events"])
    assert backfilled.exit_code == 0, backfilled.output
    stories = len(BACKGROUND) + 2  # the wire text with its brief, the independent report
    assert f"events assigned to {stories} stories" in backfilled.output
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM stories WHERE event_id IS NULL").fetchone() == (0,)
    assert event_of(db, wire) == event_of(db, independent) == event_of(db, copy)
    assert db.execute("SELECT credit FROM articles WHERE id = ?", [wire]).fetchone() == ("PA",)
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    # Run again: nothing left to do, nothing changes.
    again = runner.invoke(cli, ["--db", str(path), "migrate", "--backfill-events"])
    assert again.exit_code == 0 and "events assigned to 0 stories" in again.output
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == events
    db.close()


def test_event_lookups_are_index_searches(fresh_db: Database) -> None:
    # Bounded reads: every event lookup seeks a primary key or an index, none scans a table.
    db = fresh_db
    store_background(db)
    statements = {
        "df rows": ("SELECT bucket, n FROM event_df WHERE bucket IN (?, ?)", [1, -1]),
        "key postings": (
            "SELECT article_id FROM event_keys WHERE key = ? ORDER BY article_id DESC LIMIT ?",
            [1, 50],
        ),
        "candidate profiles": (
            "SELECT p.article_id, a.story_id, s.event_id, p.profile FROM event_profiles p "
            "JOIN articles a ON a.id = p.article_id JOIN stories s ON s.id = a.story_id "
            "WHERE p.article_id IN (?, ?)",
            [1, 2],
        ),
        "stories of an event": ("SELECT id FROM stories WHERE event_id = ?", [1]),
    }
    for name, (sql, params) in statements.items():
        plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        assert plan and all(step.startswith("SEARCH") for step in plan), (name, plan)
        assert not any("TEMP B-TREE" in step for step in plan), (name, plan)
