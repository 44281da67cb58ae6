"""One rule for a date window in the CLI and the web view: a bare date as the upper bound
(``--until 2026-03-05``, ``?to=2026-03-05``) includes that whole day and not a moment of
the next; both bounds are inclusive, so ``--since D --until D`` is the day D."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from test_web_view import Web

from app.cli import cli
from app.config_loader import load_app_config

# Published times (UTC) around the day 2026-03-05, one story each.
PUBLISHED = {
    "before": "2026-03-04T23:59:59+00:00",
    "midnight": "2026-03-05T00:00:00+00:00",
    "evening": "2026-03-05T23:59:59.500000+00:00",
    "next": "2026-03-06T00:00:00+00:00",
}
TOPICS = {
    "before": "harbour ferry timetable changes announced by the port authority",
    "midnight": "council budget vote on school buildings delayed again",
    "evening": "river bridge closure extended for structural repairs",
    "next": "farmers market prices rise after a late frost",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("windows")
    records = home / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://windows.example.com/{name}",
                    "site": "Window Times",
                    "headline": f"{name}: {TOPICS[name]}",
                    "published": published,
                    "body": f"{TOPICS[name].capitalize()}. Officials said more on {name}.",
                }
            )
            + "\n"
            for name, published in PUBLISHED.items()
        ),
        encoding="utf-8",
    )
    db = home / "news.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    return db


def _cli(db: Path, *window: str) -> set[str]:
    result = CliRunner().invoke(
        cli, ["--db", str(db), "stories", "--by", "published", "--json", *window]
    )
    assert result.exit_code == 0, result.output
    return {story["headline"].split(":")[0] for story in json.loads(result.stdout)}


def _web(db: Path, query: str, zone: str = "UTC", path: str = "/") -> set[str]:
    config = load_app_config(REPO / "config.yaml", db)
    web = Web(config.model_copy(update={"web": config.web.model_copy(
        update={"timezone": zone})}), db)  # fmt: skip
    page = web.get(f"{path}?by=published&{query}")
    assert page.status_code == 200
    return {name for name in PUBLISHED if re.search(rf">\s*{name}: ", page.text)}


def test_a_bare_date_as_the_upper_bound_includes_that_day(store: Path) -> None:
    assert _web(store, "") == _cli(store) == set(PUBLISHED)
    day = {"before", "midnight", "evening"}
    assert _cli(store, "--until", "2026-03-05") == day
    assert _web(store, "to=2026-03-05") == day
    # a time keeps its own meaning: up to that instant
    assert _cli(store, "--until", "2026-03-05T00:00:00Z") == {"before", "midnight"}


def test_the_same_day_as_both_bounds_is_that_day(store: Path) -> None:
    assert _cli(store, "--since", "2026-03-05", "--until", "2026-03-05") == {"midnight", "evening"}
    assert _web(store, "from=2026-03-05&to=2026-03-05") == {"midnight", "evening"}


def test_the_same_instant_as_both_bounds_is_what_was_at_it(store: Path) -> None:
    at = "2026-03-06T00:00:00+00:00"
    assert _cli(store, "--since", at, "--until", at) == {"next"}
    swapped = CliRunner().invoke(
        cli, ["--db", str(store), "stories", "--since", "2026-03-06", "--until", "2026-03-05"]
    )
    assert swapped.exit_code == 2 and "is before --since" in swapped.output


def test_an_iso_week_is_its_seven_days_and_spaces_are_no_part_of_a_date(store: Path) -> None:
    """QA readers 52, finding 6: ``--until 2026-W10`` was the end of that week's Monday
    (2026-03-02), leaving out the rest of the week, and ``--since ' 2026-03-05'`` was
    refused where ``--until ' 2026-03-05'`` was read."""
    assert _cli(store, "--since", "2026-W10", "--until", "2026-W10") == set(PUBLISHED)
    assert _cli(store, "--until", "2026-W10") == set(PUBLISHED)
    assert _web(store, "from=2026-W10&to=2026-W10") == set(PUBLISHED)  # the web's "to" too
    assert _cli(store, "--until", "2026-W10-3") == {"before"}  # a week's day is that day
    assert _cli(store, "--since", "2026-W11") == set()
    for since, until in ((" 2026-03-05", "2026-03-05 "), ("2026-03-05 ", " 2026-03-05")):
        assert _cli(store, "--since", since, "--until", until) == {"midnight", "evening"}


def test_a_bound_past_the_last_or_first_instant_utc_holds_is_that_instant(store: Path) -> None:
    """Review 52b F4: ``--until 9999-W52`` (its Sunday past the last date), ``9999-12-31``
    (its next midnight) and a time whose offset puts it past the years 1 to 9999 in UTC
    ended in an OverflowError traceback, and the web view's ``to=9999-W52`` in a 500."""
    for until in ("9999-W52", "9999-12-31", "9999-12-31T23:00-05:00"):
        assert _cli(store, "--until", until) == set(PUBLISHED), until
    assert _cli(store, "--since", "0001-01-01T00:00+09:00") == set(PUBLISHED)
    assert _cli(store, "--since", "9999-12-31T23:00-05:00") == set()
    assert _cli(store, "--until", "0001-01-01T00:00+09:00") == set()
    for zone in ("UTC", "Asia/Tokyo", "America/New_York"):
        for query in ("to=9999-W52", "to=9999-12-31", "from=0001-01-01&to=9999-12-31"):
            assert _web(store, query, zone) == set(PUBLISHED), (zone, query)
    assert _web(store, "q=bridge&to=9999-W52", path="/search") == {"evening"}
