"""A media researcher's walkthrough of the readers (2026-12-05): the rough edges met.

Each test failed before its fix: an export could be narrowed only by --since and
--source (no end of a time window, no one story or event), `stories` and `search`
could not page past --limit, and `show -1` said "No such option '-1'". The
database is filled through `aggregator ingest`, read through the CLI. docs/readers.md,
"Readers walkthrough (2026-12-05)", lists what was tried and what was left.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, before_event_tier, copy_database

from app.cli import cli

pytestmark = pytest.mark.timeout(120)

FIXTURES = REPO / "tests" / "fixtures" / "dedup"


# Six briefs that share no words but the ferry: six stories.
BRIEFS = [
    ("Kestrel Point", "reopens after dredging of the silted channel"),
    ("Mill Quay", "loses its winter sailings to budget cuts"),
    ("Orchard Steps", "gains a covered waiting room and cycle racks"),
    ("Saltmarsh Pier", "closes for a fortnight while engineers replace pontoons"),
    ("Lantern Bay", "trials contactless tickets from the first of March"),
    ("Gull Island", "adds a late crossing for hospital night shifts"),
]


def _record(url: str, site: str, text: str, byline: str) -> dict[str, Any]:
    headline, _, body = text.partition("\n\n")
    return {"url": url, "site": site, "headline": headline, "byline": byline, "body": body}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of one story run by two outlets (the tram fare rise), the tram strike,
    and six harbour briefs: eight stories, nine articles."""
    home = tmp_path_factory.mktemp("walkthrough")
    fares = (FIXTURES / "story_fare_rise.txt").read_text(encoding="utf-8")
    strike = (FIXTURES / "story_tram_strike.txt").read_text(encoding="utf-8")
    records = [
        _record("https://echo.example/fares", "Westhaven Echo", fares, "Owen Pryce"),
        _record("https://herald.example/fares", "Westhaven Herald", fares, "Lena Ruiz"),
        _record("https://echo.example/strike", "Westhaven Echo", strike, "Owen Pryce"),
    ]
    for number, (place, what) in enumerate(BRIEFS):
        records.append(
            {
                "url": f"https://harbour.example/brief/{number}",
                "site": "Harbour Briefs",
                "headline": f"Ferry news: {place} {what}",
                "body": f"The ferry at {place} {what}, the harbour authority said on Monday.",
            }
        )
    lines = home / "records.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = home / "news.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(lines)])
    assert result.exit_code == 0, result.output
    return db


def _run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], prog_name="aggregator")


def _jsonl(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _fares_story(db: Path) -> dict[str, Any]:
    stories = _jsonl(_run(db, "export"))
    return next(s for s in stories if s["copies"] == 2)


# --- export: a time window, one story, one event ---------------------------------------------


def test_export_of_one_story_writes_it_and_its_copies_only(filled: Path) -> None:
    fares = _fares_story(filled)
    stories = _jsonl(_run(filled, "export", "--story", str(fares["story_id"])))
    assert [s["story_id"] for s in stories] == [fares["story_id"]]
    articles = _jsonl(_run(filled, "export", "--articles", "--story", str(fares["story_id"])))
    assert {a["site_name"] for a in articles} == {"Westhaven Echo", "Westhaven Herald"}
    assert {a["story_id"] for a in articles} == {fares["story_id"]}


def test_export_of_one_event_writes_its_stories_in_every_format(filled: Path) -> None:
    fares = _fares_story(filled)
    event = str(fares["event_id"])
    in_event = {
        s["story_id"] for s in _jsonl(_run(filled, "export")) if s["event_id"] == fares["event_id"]
    }
    assert _jsonl(_run(filled, "export", "--event", event)) != []
    assert {s["story_id"] for s in _jsonl(_run(filled, "export", "--event", event))} == in_event
    table = _run(filled, "export", "--format", "csv", "--articles", "--event", event)
    assert table.exit_code == 0, table.output
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert rows and {int(r["story_id"]) for r in rows} == in_event
    feed = _run(filled, "export", "--format", "atom", "--event", event)
    assert feed.exit_code == 0, feed.output
    assert feed.stdout.count("<entry>") == len(in_event)


def test_export_until_closes_the_time_window(filled: Path) -> None:
    everything = _jsonl(_run(filled, "export", "--articles"))
    assert len(everything) == 9
    assert _jsonl(_run(filled, "export", "--articles", "--until", "2099-01-01")) == everything
    assert _jsonl(_run(filled, "export", "--until", "2099-01-01")) == _jsonl(_run(filled, "export"))
    # Everything was first seen just now: a window that ended an hour ago holds nothing.
    assert _jsonl(_run(filled, "export", "--articles", "--until", "1h")) == []
    assert _jsonl(_run(filled, "export", "--since", "1d", "--until", "1h")) == []
    middle = everything[4]["first_seen_at"]
    window = _jsonl(_run(filled, "export", "--articles", "--until", middle))
    assert window == [a for a in everything if a["first_seen_at"] <= middle]
    assert 0 < len(window) < len(everything)


@pytest.mark.parametrize(
    "command", [("export",), ("export", "--articles"), ("stories",), ("search", "ferry")]
)
def test_a_window_that_ends_before_it_starts_is_one_line(
    filled: Path, command: tuple[str, ...]
) -> None:
    # --since and --until swapped: an error naming both, not an empty answer with exit 0.
    result = _run(filled, *command, "--since", "1h", "--until", "1d")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: --until (") and "is before --since (" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_export_of_an_unknown_story_or_event_says_so_and_writes_nothing(filled: Path) -> None:
    before = filled.read_bytes()
    for option, noun in (("--story", "story"), ("--event", "event")):
        result = _run(filled, "export", option, "99999")
        assert (result.exit_code, result.stdout) == (0, "")
        assert result.stderr == f"note: no {noun} 99999 in {filled}\n"
    bad = _run(filled, "export", "--until", "yesterdayish")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: Invalid value for --until: 'yesterdayish' is neither")
    assert len(bad.stderr.splitlines()) == 1
    assert filled.read_bytes() == before


def test_export_by_event_on_a_database_without_events_is_one_line(
    filled: Path, tmp_path: Path
) -> None:
    old = copy_database(filled, tmp_path / "old.db")
    before_event_tier(old)
    before = old.read_bytes()
    result = _run(old, "export", "--event", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {old} has no events yet ('aggregator migrate' adds them): "
        "--event selects nothing\n"
    )
    assert old.read_bytes() == before


# --- paging: --offset ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [("stories",), ("stories", "--events"), ("search", "ferry")],
    ids=["stories", "events", "search"],
)
def test_offset_pages_through_the_rows_without_a_gap_or_a_repeat(
    filled: Path, command: tuple[str, ...]
) -> None:
    whole = json.loads(_run(filled, *command, "--json", "--limit", "100").stdout)
    assert len(whole) >= 6
    pages = []
    for offset in range(0, len(whole), 4):
        page = _run(filled, *command, "--json", "--limit", "4", "--offset", str(offset))
        assert page.exit_code == 0, page.output
        pages.extend(json.loads(page.stdout))
    assert pages == whole
    # The same page on another run is the same rows, in text as in JSON.
    text = [_run(filled, *command, "--limit", "3", "--offset", "2").stdout for _ in range(2)]
    assert text[0] and text[0] == text[1]
    past_the_end = _run(filled, *command, "--offset", str(len(whole)))
    assert (past_the_end.exit_code, past_the_end.stdout, past_the_end.stderr) == (0, "", "")


def test_a_negative_offset_is_one_line(filled: Path) -> None:
    result = _run(filled, "stories", "--offset", "-1")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for '--offset': -1 is not in the range 0<=x<=1000000. "
        "(see 'aggregator stories --help')\n"
    )


# --- show of a malformed id ------------------------------------------------------------------


@pytest.mark.parametrize("given", ["-1", "-1.5"])
def test_show_of_a_negative_id_names_the_id_not_an_option(filled: Path, given: str) -> None:
    for args in (("show", given), ("show", "--json", given), ("show", given, "--json")):
        result = _run(filled, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: Invalid value for 'STORY_ID': "), result.stderr
        assert given in result.stderr and "No such option" not in result.stderr
        assert len(result.stderr.splitlines()) == 1
    # A mistyped option is still named as one.
    typo = _run(filled, "show", "--jsn", "1")
    assert typo.stderr.startswith("error: No such option '--jsn'. Did you mean '--json'?")
