"""Atom feed and entry ids (RFC 4287 §4.2.6: an id is the feed's permanent identity): each
exported feed's id names what it selects, and neither it nor an entry's id changes when
the database file is renamed or restored; another store's feeds have other ids."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from click.testing import CliRunner
from conftest import copy_database

from app.cli import cli

SELECTIONS = {
    "everything": [],
    "one source": ["--source", "wirewire"],
    "one story": ["--story", "6"],
    "one event": ["--event", "1"],
    "by published": ["--by", "published"],
}


def _feeds(db: Path, config: Path) -> dict[str, feedparser.FeedParserDict]:
    feeds = {}
    for name, args in SELECTIONS.items():
        result = CliRunner().invoke(
            cli, ["--config", str(config), "--db", str(db), "export", "--format", "atom", *args]
        )
        assert result.exit_code == 0, result.output
        feeds[name] = feedparser.parse(result.stdout)
        assert not feeds[name].bozo, (name, feeds[name].get("bozo_exception"))
    return feeds


def test_each_selection_is_a_feed_of_its_own_whatever_the_files_name(
    demo_run,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    feeds = _feeds(demo_run.db, demo_run.config)
    ids = {name: feed.feed.id for name, feed in feeds.items()}
    assert len(set(ids.values())) == len(SELECTIONS), ids
    assert all(demo_run.db.name not in i for i in ids.values())
    assert all(feed.entries for feed in feeds.values())
    # A story's entry has one id in every feed that lists it.
    (story,) = feeds["one story"].entries
    assert story.id in {e.id for e in feeds["everything"].entries}

    restored = copy_database(demo_run.db, tmp_path / "restored-backup.db")
    again = _feeds(restored, demo_run.config)
    assert {name: feed.feed.id for name, feed in again.items()} == ids
    for name, feed in feeds.items():
        assert [e.id for e in again[name].entries] == [e.id for e in feed.entries], name


def test_each_selection_is_a_feed_of_its_own_name(demo_run) -> None:  # type: ignore[no-untyped-def]
    """QA readers 52, finding 9: every exported feed was titled "newsagg stories", so a
    feed reader listed several subscriptions under one name. An exported file has no
    URL of its own, so no rel="self" link."""
    feeds = _feeds(demo_run.db, demo_run.config)
    titles = {name: feed.feed.title for name, feed in feeds.items()}
    assert titles["everything"] == "newsagg stories"
    assert titles["one source"] == "newsagg stories: source wirewire"
    assert titles["by published"] == "newsagg stories: by published"
    assert len(set(titles.values())) == len(SELECTIONS), titles
    assert all(link.rel != "self" for f in feeds.values() for link in f.feed.get("links", []))


def test_another_store_has_other_feed_and_entry_ids(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A store made by exporting and ingesting again holds other story ids: same name,
    same selection, other ids."""
    export = tmp_path / "articles.jsonl"
    base = ["--config", str(demo_run.config)]
    result = CliRunner().invoke(cli, [*base, "export", "--articles", "-o", str(export)])
    assert result.exit_code == 0, result.output
    other = tmp_path / "other" / demo_run.db.name
    other.parent.mkdir()
    result = CliRunner().invoke(cli, [*base, "--db", str(other), "ingest", str(export)])
    assert result.exit_code == 0, result.output
    ours = _feeds(demo_run.db, demo_run.config)["everything"]
    theirs = _feeds(other, demo_run.config)["everything"]
    assert ours.feed.id != theirs.feed.id
    assert not {e.id for e in ours.entries} & {e.id for e in theirs.entries}
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == len(theirs.entries)


def _updated(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "atom", *args])
    assert result.exit_code == 0, result.output
    feed = feedparser.parse(result.stdout)
    assert not feed.bozo and not feed.entries
    return str(feed.feed.updated)


def test_an_empty_feed_is_updated_as_of_the_stores_last_change(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not 1970: the newest story's last_seen_at, or, before any story, the store's creation."""
    with sqlite3.connect(f"file:{demo_run.db}?mode=ro", uri=True) as conn:
        (newest,) = conn.execute("SELECT max(last_seen_at) FROM stories").fetchone()
    expected = datetime.fromisoformat(newest).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _updated(demo_run.db, "--source", "no-such-source") == expected

    empty = tmp_path / "empty.db"
    assert CliRunner().invoke(cli, ["--db", str(empty), "migrate"]).exit_code == 0
    with sqlite3.connect(empty) as conn:
        first = conn.execute("SELECT applied_at FROM _sqlite_migrations ORDER BY id LIMIT 1")
        (created,) = first.fetchone()
    expected = datetime.fromisoformat(created).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _updated(empty) == expected


def test_a_story_without_a_headline_has_a_title_in_the_feed(tmp_path: Path) -> None:
    """QA api-51: a record ingested without a headline gave the entry an empty <title />,
    which a feed reader shows untitled: the lead's first words."""
    import json

    lead = (
        "The harbour wall gave way overnight after the third storm of the month, and "
        "engineers say repairs will take the whole of the spring to finish."
    )
    records = [{"url": "https://nohead.example/news/wall", "headline": "", "body": [lead]}]
    lines = tmp_path / "nh.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "nh.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "ingest", str(lines)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "atom"])
    assert result.exit_code == 0, result.output
    feed = feedparser.parse(result.stdout)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "The harbour wall gave way overnight after the third storm of the month, and…"
    ], titles
