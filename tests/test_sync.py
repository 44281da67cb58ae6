"""A reader app following the store (docs/readers.md, "Syncing"): every change (a new
article, an edit, a story merge) reaches ``export --changed-after`` and ``--since``, and
the documented sync loop, run while ``ingest`` writes, gets every article once.

Real SQLite files, written by ``aggregator ingest`` and read through the CLI.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aggregator.schema import Article
from app.cli import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "sync"


def _cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _records(db: Path, *args: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _cli(db, "export", *args).splitlines()]


def _ingest(db: Path, name: str) -> None:
    _cli(db, "ingest", str(FIXTURES / name))


def _now() -> str:
    return datetime.now(UTC).isoformat()


def test_an_edit_is_selected_by_since_its_time(tmp_path: Path) -> None:
    """Docs promised an edit moves a feed's entry on; --since read first/last seen only."""
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    edited_at = _now()
    _ingest(db, "first_copy_edited.jsonl")

    since = _records(db, "--articles", "--since", edited_at)
    assert [(r["article_id"], r["headline"]) for r in since] == [(1, "Harbour works (corrected)")]
    story = since[0]["story_id"]
    assert [r["story_id"] for r in _records(db, "--since", edited_at)] == [story]
    listed = json.loads(_cli(db, "stories", "--since", edited_at, "--json"))
    assert [s["story_id"] for s in listed] == [story]


def test_an_edit_comes_again_after_the_last_change_and_once(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    before = _records(db, "--articles", "--changed-after", "0")
    assert [r["article_id"] for r in before] == [1, 2]
    last = before[-1]["change_seq"]
    last_story = _records(db, "--changed-after", "0")[-1]["change_seq"]  # a cursor of its own
    _ingest(db, "first_copy_edited.jsonl")

    changed = _records(db, "--articles", "--changed-after", str(last))
    assert [(r["article_id"], r["versions"]) for r in changed] == [(1, 2)]
    assert changed[0]["change_seq"] > last
    assert _records(db, "--articles", "--changed-after", str(changed[-1]["change_seq"])) == []
    stories = _records(db, "--changed-after", str(last_story))
    assert [s["story_id"] for s in stories] == [changed[0]["story_id"]]
    assert stories[0]["change_seq"] > last_story and stories[0]["last_seen_at"]


def test_articles_moved_by_a_merge_are_selected_by_since_its_time(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    merged_at = _now()
    _ingest(db, "bridging_copy.jsonl")  # bridges the two: story 1 is merged into story 2

    since = _records(db, "--articles", "--since", merged_at)
    assert sorted((r["article_id"], r["story_id"]) for r in since) == [(1, 2), (2, 2), (3, 2)]


def test_articles_moved_by_a_merge_come_again_after_the_last_change(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    first = _records(db, "--articles", "--changed-after", "0")
    assert [(r["article_id"], r["story_id"]) for r in first] == [(1, 1), (2, 2)]
    _ingest(db, "bridging_copy.jsonl")

    changed = _records(db, "--articles", "--changed-after", str(first[-1]["change_seq"]))
    assert sorted((r["article_id"], r["story_id"]) for r in changed) == [(1, 2), (3, 2)]
    assert [s["story_id"] for s in _records(db, "--changed-after", "0")] == [2]


def test_changed_after_is_refused_for_atom(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    result = CliRunner().invoke(
        cli, ["--db", str(db), "export", "--format", "atom", "--changed-after", "0"]
    )
    assert result.exit_code == 2 and "--changed-after is for --format jsonl or csv" in result.output


def _distinct_articles(count: int) -> list[dict[str, Any]]:
    """``count`` articles that share no words, so none joins another's story."""
    fetched = datetime(2026, 12, 1, tzinfo=UTC)
    articles = []
    for i in range(count):
        words = [f"w{i}x{j}" for j in range(120)]
        body = [" ".join(words[k : k + 40]) + "." for k in range(0, 120, 40)]
        article = Article(
            url=f"https://site{i % 7}.example/story-{i}",
            canonical_url=f"https://site{i % 7}.example/story-{i}",
            source=f"site{i % 7}",
            headline=f"Story number {i}",
            body=body,
            fetched_at=fetched + timedelta(seconds=i),
        )
        articles.append(article.to_dict())
    return articles


def _documented_sync_loop() -> dict[str, Any]:
    """The Python block of docs/readers.md's "Syncing" section, run as documented."""
    doc = (REPO / "docs" / "readers.md").read_text(encoding="utf-8")
    section = doc.split("### Syncing", 1)[1].split("\n### ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/readers.md", "exec"), namespace)  # noqa: S102 - our own docs
    return namespace


def test_the_documented_sync_loop_gets_every_article_once_while_ingest_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    db = tmp_path / "news.db"
    _cli(db, "migrate")
    feed = tmp_path / "articles.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in _distinct_articles(900)))
    sync = _documented_sync_loop()["sync"]
    received: list[int] = []
    copy: dict[int, dict[str, Any]] = {}

    class Counting(dict[int, dict[str, Any]]):
        def __setitem__(self, key: int, value: dict[str, Any]) -> None:
            received.append(key)
            copy[key] = value

    mirror = Counting()
    seq, polls_during_ingest = 0, 0
    writer = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", str(feed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    try:
        for _ in range(500):  # bounded: a poll is a child process, some 0.3 s
            finished = writer.poll() is not None
            seq = sync(str(db), mirror, seq)
            if finished:
                break
            polls_during_ingest += 1
        _, errors = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, errors
    assert polls_during_ingest >= 2, "the loop never read while ingest wrote"
    stored = [r["article_id"] for r in _records(db, "--articles")]
    assert len(stored) == 900
    assert sorted(received) == stored  # every article, none twice
    assert seq == max(r["change_seq"] for r in copy.values())


def _merged_store(tmp_path: Path) -> Path:
    """A store where story 1 was merged into story 2 (a copy bridged them)."""
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    _ingest(db, "bridging_copy.jsonl")
    return db


def test_show_of_a_merged_story_names_and_shows_the_story_it_became(tmp_path: Path) -> None:
    db = _merged_store(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(db), "show", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert "note: story 1 was merged into story 2" in result.stderr
    shown = json.loads(result.stdout)
    assert shown["story_id"] == 2
    assert sorted(c["article_id"] for c in shown["copies"]) == [1, 2, 3]
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--story", "1"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "story 1 was merged into story 2: --story 2 exports it" in result.stderr
    missing = CliRunner().invoke(cli, ["--db", str(db), "show", "7"])
    assert missing.exit_code == 1 and "no story 7" in missing.stderr


def test_a_merged_event_is_recorded_and_the_survivor_is_as_old_as_its_first_story(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    _ingest(db, "two_partial_copies.jsonl")
    events = {r["story_id"]: r["event_id"] for r in _records(db)}
    assert events[1] != events[2]
    _ingest(db, "bridging_copy.jsonl")  # story 1 (and its event) merged into story 2's

    raw = sqlite3.connect(db)
    merges = raw.execute("SELECT from_event_id, into_event_id FROM event_merges").fetchall()
    assert merges == [(events[1], events[2])]
    ((event_seen, first_story_seen),) = raw.execute(
        "SELECT e.first_seen_at, min(s.first_seen_at) FROM events e "
        "JOIN stories s ON s.event_id = e.id GROUP BY e.id"
    ).fetchall()
    raw.close()
    assert event_seen == first_story_seen  # when its first story was stored
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--event", str(events[1])])
    assert result.exit_code == 0 and result.stdout == ""
    assert f"event {events[1]} was merged into event {events[2]}" in result.stderr
