"""A date in the text ("on 22 October") is no evidence of one happening: two reports of one
day that share little else than the date stay in two events, and reports linked by their
own names stay linked (qa-events finding 1). Through ``aggregator ingest`` and
``export --articles``.

The fixture is a QA pass's generated corpus (stop 48, qa-events ``gen3.py``: a war and a
fraud trial, no sentence reused, each report saying "on N October"), the days 22 to 30
read newest first: the order in which the trial report of 22 October joined the war's
event, through the name pair "22 october" alone.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_store import invoke

FIXTURE = Path(__file__).parent / "fixtures" / "dedup" / "events" / "war_and_trial_reversed.jsonl"


@dataclass(frozen=True)
class Case:
    apart: tuple[str, str]  # one day's reports of two happenings
    together: tuple[str, ...]  # one happening's reports of that day


CASES = {
    "a war and a trial report of one day": Case(
        ("10/22/okafor-1", "10/22/war-karsk-0"),
        ("10/22/war-karsk-0", "10/22/war-karsk-1", "10/22/war-karsk-2"),
    ),
}


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    tmp_path = tmp_path_factory.mktemp("dates")
    shutil.copy(FIXTURE, tmp_path / "in.jsonl")
    invoke(tmp_path, "ingest", str(tmp_path / "in.jsonl"))
    rows = [json.loads(line) for line in invoke(tmp_path, "export", "--articles").splitlines()]
    return {row["url"].split("/2026/")[1]: row["event_id"] for row in rows}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_shared_date_alone_links_no_stories(name: str, events: dict[str, int]) -> None:
    first, second = CASES[name].apart
    assert events[first] != events[second]


@pytest.mark.parametrize("name", sorted(CASES))
def test_reports_sharing_their_own_names_stay_one_event(name: str, events: dict[str, int]) -> None:
    assert len({events[report] for report in CASES[name].together}) == 1
