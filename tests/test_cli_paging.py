"""`aggregator stories --after ID` (stop 38): a page that stories stored meanwhile do not shift.

A real database filled through `aggregator ingest`; more stories are ingested between
two pages, as a crawl would store them while a reader pages on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_paging import _ingest

from app.cli import cli


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
