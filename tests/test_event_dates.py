"""A date in the text ("on 22 October") is no evidence of one happening: two reports of one
day that share little else than the date stay in two events, and reports linked by their
own names stay linked (qa-events finding 1). Through ``aggregator ingest`` and
``export --articles``, and the last case through the event tier's memory index.

The fixture is a QA pass's generated corpus (stop 48, qa-events ``gen3.py``: a war and a
fraud trial, no sentence reused, each report saying "on N October"), the days 22 to 30
read newest first: the order in which the trial report of 22 October joined the war's
event, through the name pair "22 october" alone.

A name with a month or weekday in it is no date: two reports of one speech by "Theresa
May" (the statements invented), linked by that name, stay one event as they would with
"Theresa Mayhew" (review 48c finding 4: a pair was a date when either word was a number,
month or weekday, and counted only from a cosine the two do not reach).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_store import invoke
from dedup_tier_cases import BACKGROUND, load

from aggregator.dedup.events import MemoryEventIndex, assign_event, build_event_profile
from aggregator.dedup.fingerprint import build_profile

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


T = datetime(2026, 10, 16, 10, tzinfo=UTC)
SPEECH = (
    "Former prime minister NAME told a conference in Harrogate that the party must rebuild "
    "trust with voters in the north.",
    "She said councils needed more money for social care and that housing targets had been "
    "missed for a decade.",
    "Delegates applauded when she called for a cross-party commission on pensions.",
)
SPEECH_REPORTS = {  # a second report of the speech: cosine 0.18 with the first
    "trust had fallen": (
        "On a visit to Yorkshire, former leader NAME spoke about pensions.",
        "She said younger people felt ignored and that trust had fallen.",
        "Critics pointed to rail delays and rising rents.",
    ),
    "in harrogate": (
        "In Harrogate, former leader NAME spoke about pensions.",
        "She said younger people felt ignored.",
        "Critics pointed to rail delays, rising rents and hospital waits.",
    ),
}


@pytest.mark.parametrize("name", ["Theresa May", "Theresa Mayhew"])
@pytest.mark.parametrize("report", sorted(SPEECH_REPORTS))
def test_a_name_with_a_month_in_it_links_its_reports(report: str, name: str) -> None:
    index = MemoryEventIndex(lambda article: article)
    for i, text in enumerate(BACKGROUND):
        story = build_event_profile(build_profile(load(text)), index, T)
        index.add_story(f"background-{i}", f"background-{i}", story.profile, i, story.buckets)
    first = build_event_profile(build_profile([p.replace("NAME", name) for p in SPEECH]), index, T)
    index.add_story("first", "first", first.profile, "speech", first.buckets)
    second = [p.replace("NAME", name) for p in SPEECH_REPORTS[report]]
    assert assign_event(build_event_profile(build_profile(second), index, T), index).event_id == (
        "speech"
    )
