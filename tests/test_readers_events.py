"""Readers of the event tier on the crawled demo database: related coverage in `show` and
the Atom feed, `stories --events`, event ids in exports, and a database from before it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import feedparser
from click.testing import CliRunner
from conftest import before_event_tier, copy_database

from app.cli import cli
from app.demo import ground_truth
from storage import open_db, queries


def _story_of_path(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT url, story_id FROM articles").fetchall()
    conn.close()
    return {"/" + url.split("/", 3)[3]: story_id for url, story_id in rows}


def _event_of_story(db: Path) -> dict[int, int | None]:
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("SELECT id, event_id FROM stories").fetchall())
    conn.close()
    return rows


def _stories_by_demo_event(db: Path) -> dict[str, set[int]]:
    story_of = _story_of_path(db)
    out: dict[str, set[int]] = defaultdict(set)
    for article in ground_truth():
        out[article.event_key].add(story_of[article.path])
    return out


def _trump_kim(db: Path) -> tuple[int, int]:
    """The BBC story (with its copies) and the wire service's own report of the summit."""
    stories = _stories_by_demo_event(db)["trump-kim-second-summit-2019"]
    conn = sqlite3.connect(db)
    origin = dict(
        conn.execute(
            f"SELECT id, origin FROM stories WHERE id IN ({','.join('?' * len(stories))})",
            sorted(stories),
        ).fetchall()
    )
    conn.close()
    (bbc,) = [s for s, o in origin.items() if o == "BBC"]
    (wire,) = [s for s, o in origin.items() if o != "BBC"]
    return bbc, wire


def test_events_match_the_ground_truth(demo_run) -> None:  # type: ignore[no-untyped-def]
    """Independent reports of one demo event share an event; different events never do."""
    event_of = _event_of_story(demo_run.db)
    by_demo_event = _stories_by_demo_event(demo_run.db)
    assert sum(len(s) > 1 for s in by_demo_event.values()) >= 3  # independent reports exist
    owners: dict[int | None, str] = {}
    for key, stories in by_demo_event.items():
        events = {event_of[s] for s in stories}
        assert len(events) == 1 and None not in events, (key, events)
        (event,) = events
        assert event not in owners, f"{key} linked with {owners.get(event)}"
        owners[event] = key


def test_show_lists_related_coverage(demo_run) -> None:  # type: ignore[no-untyped-def]
    bbc, wire = _trump_kim(demo_run.db)
    runner = CliRunner()
    base = ["--config", str(demo_run.config)]
    text = runner.invoke(cli, base + ["show", str(bbc)]).output
    related = text[text.index("Related coverage") :]
    db = open_db(demo_run.db, read_only=True)
    wire_story = queries.story(db, wire)
    assert wire_story is not None
    assert f"[story {wire}] Global Wire Service" in related
    assert wire_story.headline in related
    detail = json.loads(runner.invoke(cli, base + ["show", str(bbc), "--json"]).output)
    assert [r["story_id"] for r in detail["related_coverage"]] == [wire]
    assert detail["related_coverage"][0]["outlet_names"] == ["Global Wire Service"]
    assert detail["event_id"] == wire_story.event_id is not None
    # A story alone in its event has no related coverage.
    alone = next(
        s
        for k, stories in _stories_by_demo_event(demo_run.db).items()
        if len(stories) == 1
        for s in stories
    )
    assert queries.related_stories(db, alone) == []
    assert "Related coverage" not in runner.invoke(cli, base + ["show", str(alone)]).output
    db.close()


def test_stories_grouped_by_event(demo_run) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    base = ["--config", str(demo_run.config), "stories", "--events"]
    groups = json.loads(runner.invoke(cli, base + ["--json", "--limit", "100"]).output)
    event_of = _event_of_story(demo_run.db)
    assert sorted(s["story_id"] for g in groups for s in g["stories"]) == sorted(event_of)
    assert all({event_of[s["story_id"]] for s in g["stories"]} == {g["event_id"]} for g in groups)
    bbc, wire = _trump_kim(demo_run.db)
    (summit,) = [g for g in groups if g["event_id"] == event_of[bbc]]
    assert {s["story_id"] for s in summit["stories"]} == {bbc, wire}
    # Newest event first, --limit counts events.
    assert len(json.loads(runner.invoke(cli, base + ["--json", "--limit", "2"]).output)) == 2
    text = runner.invoke(cli, base + ["--limit", "100"]).output
    heading = f"Event {event_of[bbc]}: 2 stories"
    block = text[text.index(heading) :].split("\nEvent ")[0].splitlines()
    assert len(block) == 3 and all(line.startswith("  ") for line in block[1:])


def test_exports_carry_event_ids(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    base = ["--config", str(demo_run.config), "export"]
    event_of = _event_of_story(demo_run.db)
    articles = tmp_path / "articles.jsonl"
    assert runner.invoke(cli, base + ["--articles", "-o", str(articles)]).exit_code == 0
    rows = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(ground_truth())
    assert all(r["event_id"] == event_of[r["story_id"]] is not None for r in rows)
    stories = [json.loads(line) for line in runner.invoke(cli, base).output.splitlines()]
    assert {s["story_id"]: s["event_id"] for s in stories} == event_of
    table = list(csv.DictReader(io.StringIO(runner.invoke(cli, base + ["--format", "csv"]).output)))
    assert {int(r["story_id"]): int(r["event_id"]) for r in table} == event_of


def test_atom_entry_lists_related_coverage(demo_run) -> None:  # type: ignore[no-untyped-def]
    bbc, wire = _trump_kim(demo_run.db)
    result = CliRunner().invoke(
        cli, ["--config", str(demo_run.config), "export", "--format", "atom"]
    )
    feed = feedparser.parse(result.output)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {int(e.id.rsplit("/", 1)[1]): e for e in feed.entries}
    db = open_db(demo_run.db, read_only=True)
    wire_story = queries.story(db, wire)
    db.close()
    assert wire_story is not None
    summary = entries[bbc].summary
    assert "Related coverage:" in summary
    assert f"Global Wire Service: {wire_story.headline}" in summary
    alone = [e for e in entries.values() if "Related coverage" not in e.summary]
    assert alone  # stories alone in their event list none


def test_readers_on_a_database_from_before_the_event_tier(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Readers open the file read-only and never migrate it: they must work without events.
    db_path = copy_database(demo_run.db, tmp_path / "old.db")
    before_event_tier(db_path)
    runner = CliRunner()
    base = ["--config", str(demo_run.config), "--db", str(db_path)]
    bbc, _ = _trump_kim(db_path)
    for args in (
        ["stories"],
        ["stories", "--events"],
        ["show", str(bbc)],
        ["export", "--articles"],
        ["export", "--format", "atom"],
    ):
        result = runner.invoke(cli, base + args)
        assert result.exit_code == 0, (args, result.output)
    assert "Related coverage" not in runner.invoke(cli, base + ["show", str(bbc)]).output
    grouped = json.loads(runner.invoke(cli, base + ["stories", "--events", "--json"]).output)
    assert grouped and all(g["event_id"] is None and len(g["stories"]) == 1 for g in grouped)
    db = open_db(db_path, read_only=True)
    assert queries.related_stories(db, bbc) is None  # not tracked, rather than none
    db.close()
    # Still not migrated: the readers wrote nothing.
    conn = sqlite3.connect(db_path)
    assert "m009_story_events" not in {
        r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")
    }
    conn.close()
