"""`aggregator stories --after ID` (stop 38): a page that stories stored meanwhile do not shift.

A real database filled through `aggregator ingest`; more stories are ingested between
two pages, as a crawl would store them while a reader pages on.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_web_paging import _ingest, _published_day, _records

from app.cli import cli
from storage.db import open_db
from storage.queries import read_place


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, Path]:
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    _ingest(config, db, 0, 30)
    return config, db


def _stories(config: Path, db: Path, *args: str) -> tuple[list[str], int]:
    """The headlines `stories --json ARGS` lists, in order, and the last one's story id."""
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "stories", "--json", *args]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    return [s["headline"] for s in listed], listed[-1]["story_id"] if listed else 0


def test_after_pages_on_without_repeating_while_stories_arrive(filled: tuple[Path, Path]) -> None:
    config, db = filled
    first, last = _stories(config, db, "--limit", "10")
    _ingest(config, db, 100, 5)  # a crawl stores 5 newer stories meanwhile
    by_offset, _ = _stories(config, db, "--limit", "10", "--offset", "10")
    after, last = _stories(config, db, "--limit", "10", "--after", str(last))
    rest, _ = _stories(config, db, "--limit", "20", "--after", str(last))
    assert len(set(by_offset) & set(first)) == 5  # an offset shifts by the new stories
    assert len(after) == 10 and not set(after) & set(first)
    assert sorted(first + after + rest) == sorted(f"Dispatch number {n}" for n in range(30))


def test_after_a_story_not_stored_or_with_events_is_one_line(filled: tuple[Path, Path]) -> None:
    config, db = filled
    base = ["--config", str(config), "--db", str(db), "stories"]
    missing = CliRunner().invoke(cli, [*base, "--after", "999999"])
    assert missing.exit_code == 2
    assert "Invalid value for --after: no story 999999 is stored to page from" in missing.output
    for extra in (["--events"], ["--offset", "3"]):
        both = CliRunner().invoke(cli, [*base, "--after", "1", *extra])
        assert both.exit_code == 2
        assert "--after pages stories by id: give it without --events and --offset" in both.output


def test_after_a_story_without_a_published_time_by_published_is_one_line(
    filled: tuple[Path, Path],
) -> None:
    """No published time, no place in that order: the page after it was silently empty."""
    config, db = filled
    _, last = _stories(config, db, "--limit", "1")
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "--db", str(db), "stories", "--by", "published"]
        + ["--after", str(last)],
    )
    assert result.exit_code == 2
    assert f"story {last} has no published time to page from by published" in result.output


def test_the_next_page_starts_where_it_was_when_its_story_moved(tmp_path: Path) -> None:
    """By published, the last story of a page moves (an earlier copy joins it) before
    the next page is asked for: the --after the page printed starts where the reader
    left off; --after with the id alone starts at the story's new place, as documented."""
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    records = [json.loads(line) for line in _records(0, 30).splitlines()]
    for n, record in enumerate(records):
        record["published"] = f"{_published_day(n).isoformat()}T09:30:00Z"
    dated = tmp_path / "dated.jsonl"
    dated.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    base = ["--config", str(config), "--db", str(db)]
    assert CliRunner().invoke(cli, [*base, "ingest", str(dated)]).exit_code == 0
    in_order = sorted(range(30), key=_published_day, reverse=True)

    def page(*args: str) -> tuple[list[int], str]:
        """The story numbers `stories --by published --limit 10 ARGS` lists, and the
        --after of the next page (its last record's place) or ''."""
        result = CliRunner().invoke(
            cli, [*base, "stories", "--json", "--by", "published", "--limit", "10", *args]
        )
        assert result.exit_code == 0, result.output
        listed = json.loads(result.stdout)
        numbers = [int(s["headline"].rsplit(" ", 1)[1]) for s in listed]
        return numbers, _place_of(listed[-1]) if len(listed) == 10 else ""

    first, after_first = page()
    assert first == in_order[:10]
    moved = {**records[first[-1]], "url": "https://wire.example/moved", "site": "wire"}
    moved["published"] = "2018-06-01T09:30:00Z"  # older than every other story
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(json.dumps(moved) + "\n", encoding="utf-8")
    assert CliRunner().invoke(cli, [*base, "ingest", str(earlier)]).exit_code == 0
    second, after_second = page("--after", after_first)
    assert second == in_order[10:20]
    third, after_third = page("--after", after_second)
    assert third == in_order[20:]
    assert page("--after", after_third) == ([first[-1]], "")  # at its new place: shown again
    by_id, _ = page("--after", str(_story_id(db, first[-1])))
    assert by_id == []  # the story's new place is the last


def _place_of(record: dict[str, Any]) -> str:
    """A `stories --json` record's place, as docs/readers.md says to write it."""
    times = [t for t in (record["first_seen_at"], record["first_published_at"]) if t]
    return "@".join([str(record["story_id"]), *times])


def test_on_a_terminal_a_page_ends_with_the_next_pages_after(filled: tuple[Path, Path]) -> None:
    """stderr a terminal: the next page's --after under the page, the place of its last
    story; through a pipe (every other test here) stderr stays empty."""
    config, db = filled
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", "--config", str(config), "--db", str(db)]
            + ["stories", "--json", "--limit", "10"],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=True,
            text=True,
        )
        ready, _, _ = select.select([leader], [], [], 10)
        said = os.read(leader, 4096).decode() if ready else ""
    finally:
        os.close(leader)
        os.close(follower)
    (hinted,) = re.findall(r"next page: --after (\S+)", said)
    last = json.loads(result.stdout)[-1]
    assert read_place(hinted) == read_place(_place_of(last))
    assert hinted.startswith(f"{last['story_id']}@")


def _story_id(db: Path, n: int) -> int:
    stored = open_db(db, read_only=True)
    try:
        (story_id,) = stored.execute(
            "SELECT story_id FROM articles WHERE headline = ? LIMIT 1", [f"Dispatch number {n}"]
        ).fetchone()
    finally:
        stored.close()
    return int(story_id)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("12@yesterday", "'yesterday' in '12@yesterday' is not a time (ISO 8601)"),
        ("12@2024-05-01T10:00:00", "has no UTC offset"),
        ("x@2024-05-01T10:00:00Z", "is not a place to page from (ID@TIME or ID@TIME@TIME)"),
        ("0", "'0' is not a story id nor a place a page printed"),
    ],
)
def test_an_after_that_does_not_read_is_one_line(
    filled: tuple[Path, Path], given: str, said: str
) -> None:
    config, db = filled
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "stories", "--after", given]
    )
    assert result.exit_code == 2 and said in result.output
