"""`--by published` (readers round 37): select and order by published time, not first seen.

A backfill of an archive is first seen today whatever its pages say; a
researcher's "May 2019" is the published one. One real database filled
through `aggregator ingest` (every story first seen now), read by the CLI.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from app.cli import cli

BODY = "{what} The council published its figures on {day}, and the opposition disputed them."

# headline -> (published, site); one undated; the 2019 pair is one text on two sites.
RECORDS = [
    ("Budget vote delayed", "2019-05-02T09:00:00+00:00", "wire"),
    ("Ferry strike ends", "2019-05-20T16:30:00+02:00", "wire"),
    ("Harbour plan approved", "2019-06-01T08:00:00+00:00", "wire"),
    ("Harbour plan approved", "2026-12-01T08:00:00+00:00", "herald"),  # republished
    ("Rail timetable changes", "2026-11-30T12:00:00+00:00", "wire"),
    ("Undated notice on water works", None, "wire"),
]


@pytest.fixture(scope="module")
def backfill(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("published")
    config, db, records = folder / "config.yaml", folder / "news.db", folder / "in.jsonl"
    config.write_text("sources: []\n", encoding="utf-8")
    lines = []
    for n, (headline, published, site) in enumerate(RECORDS):
        record = {
            "url": f"https://{site}.example/{n}",
            "site": site,
            "headline": headline,
            "body": BODY.format(what=headline + ".", day=published or "a day"),
        }
        if published:
            record["published"] = published
        lines.append(json.dumps(record) + "\n")
    records.write_text("".join(lines), encoding="utf-8")
    base = ["--config", str(config), "--db", str(db)]
    assert CliRunner().invoke(cli, [*base, "ingest", str(records)]).exit_code == 0
    with sqlite3.connect(db) as conn:  # one story per headline: the 2019 pair is one
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 5
    return base


def _run(base: list[str], *args: str) -> str:
    result = CliRunner().invoke(cli, [*base, *args], prog_name="aggregator")
    assert result.exit_code == 0, result.output
    return result.stdout


def _headlines(output: str) -> list[str]:
    return [record["headline"] for record in json.loads(output)]


MAY_2019 = ("--since", "2019-05-01", "--until", "2019-05-31T23:59:59")


def test_stories_select_and_order_by_published_time(backfill: list[str]) -> None:
    by_published = _headlines(_run(backfill, "stories", "--by", "published", *MAY_2019, "--json"))
    # Newest published first; 16:30+02:00 is 14:30 UTC, still 20 May.
    assert by_published == ["Ferry strike ends", "Budget vote delayed"]
    # The same window by first seen: nothing, the whole backfill was first seen today.
    assert _headlines(_run(backfill, "stories", *MAY_2019, "--json")) == []
    # Without a window: every dated story, newest published first; the undated one left out.
    assert _headlines(_run(backfill, "stories", "--by", "published", "--json")) == [
        "Rail timetable changes",
        "Harbour plan approved",  # first published 2019-06-01 (its copy of 2026 is later)
        "Ferry strike ends",
        "Budget vote delayed",
    ]
    assert "Undated notice on water works" in _headlines(_run(backfill, "stories", "--json"))
    events = _run(backfill, "stories", "--events", "--by", "published", *MAY_2019, "--json")
    assert sorted(s["headline"] for e in json.loads(events) for s in e["stories"]) == [
        "Budget vote delayed",
        "Ferry strike ends",
    ]


def test_stories_by_published_show_the_published_time_they_are_ordered_by(
    backfill: list[str],
) -> None:
    """The time column is the one the list is in the order of: first published with
    --by published (first seen, today, for every story of a backfill, said nothing)."""
    lines = _run(backfill, "stories", "--by", "published", *MAY_2019).splitlines()
    assert [line.split()[1:3] for line in lines] == [
        ["2019-05-20", "14:30"],  # 16:30+02:00, in UTC
        ["2019-05-02", "09:00"],
    ]
    events = _run(backfill, "stories", "--events", "--by", "published", *MAY_2019)
    assert "2019-05-20 14:30" in events and "2019-05-02 09:00" in events


@pytest.mark.parametrize(
    "by, time", [(("--by", "published"), "first published"), ((), "first seen")]
)
@pytest.mark.parametrize("command", [("stories",), ("search", "council"), ("export",)])
def test_a_window_that_ends_before_it_starts_names_the_time_it_reads(
    backfill: list[str], command: tuple[str, ...], by: tuple[str, ...], time: str
) -> None:
    result = CliRunner().invoke(
        cli, [*backfill, *command, *by, "--since", "2020-01-01", "--until", "2019-01-01"]
    )
    assert result.exit_code == 2
    assert f"no row is {time} in that window" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_search_selects_by_published_time(backfill: list[str]) -> None:
    everything = _headlines(_run(backfill, "search", "council", "--json"))
    assert len(everything) == 5
    in_2019 = _run(backfill, "search", "council", "--by", "published", "--until", "2019-12-31")
    assert "Budget vote delayed" in in_2019 and "Harbour plan approved" in in_2019
    assert "Rail timetable" not in in_2019 and "Undated" not in in_2019
    assert _run(backfill, "search", "council", "--since", "2020-01-01", "--json") != "[]\n"
    recent = _run(backfill, "search", "council", "--by", "published", "--since", "2020-01-01")
    assert "Rail timetable changes" in recent and "Harbour plan" not in recent


def test_export_selects_stories_and_articles_by_their_own_published_time(
    backfill: list[str],
) -> None:
    stories = [
        json.loads(line)["headline"]
        for line in _run(backfill, "export", "--by", "published", "--since", "2019-06-01")
        .strip()
        .splitlines()
    ]
    assert stories == ["Rail timetable changes", "Harbour plan approved"]
    # An article by its own published time: only the republished copy of the harbour plan.
    articles = [
        json.loads(line)
        for line in _run(
            backfill, "export", "--articles", "--by", "published", "--since", "2026-11-01"
        )
        .strip()
        .splitlines()
    ]
    assert [(a["headline"], a["published_at"]) for a in articles] == [
        ("Harbour plan approved", "2026-12-01T08:00:00+00:00"),
        ("Rail timetable changes", "2026-11-30T12:00:00+00:00"),
    ]
    undated = _run(backfill, "export", "--articles", "--by", "published", "--format", "csv")
    assert "Undated notice" not in undated and undated.count("\n") == 6  # header + 5 dated
    assert "Undated notice" in _run(backfill, "export", "--articles", "--format", "csv")
