"""A roundup (a daily briefing that carries a paragraph of each of several stories) matches
the reports of each of its topics: it joins none of their events, where it used to join
one arbitrary one and head its listing (qa-events finding 5). A story that matches the
reports of two events still joins the best. Each case goes through ``aggregator ingest``
and ``export --articles``; texts written for these tests, no real people or events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_store import ingest, invoke
from dedup_tier_cases import BACKGROUND, load

DAY = "2026-10-16T{hour:02d}:00:00+00:00"

FIRE = (
    "Fire crews from across West Yorkshire fought a blaze at the Kirkgate Mills warehouse in "
    "Leeds through the night, and two firefighters were treated for smoke.",
    "Station manager Priya Holloway said the roof of the old textile mill had collapsed and "
    "that residents of Cloth Hall Street should keep their windows shut.",
    "The owner, Harcourt Storage, said it was working with the fire service.",
)
FIRE_SECOND = (
    "A huge fire destroyed much of the Kirkgate Mills warehouse in Leeds overnight, with "
    "smoke seen for miles across the city.",
    "Priya Holloway of the fire service told reporters the Cloth Hall Street building was "
    "unsafe and that crews would stay for days.",
    "Harcourt Storage, which leases the mill, said nobody had been inside.",
)
TRIAL = (
    "The fraud trial of former haulage boss Daniel Okafor heard from his finance director, "
    "who said the company accounts at Okafor Freight did not balance.",
    "Prosecutor James Whitcombe asked about transfers to a bank in Cyprus.",
    "Okafor denies eight counts of fraud at Southwark Crown Court.",
)
TRIAL_SECOND = (
    "Jurors at Southwark Crown Court heard that money left Okafor Freight for Cyprus weeks "
    "before the company collapsed.",
    "James Whitcombe, prosecuting, told the jury that Daniel Okafor knew of every payment.",
    "The trial continues.",
)
VOTE = (
    "Councillors in Bradford voted to revive the Aire Valley tram line, a scheme first "
    "proposed twenty years ago.",
    "Council leader Rosalind Achebe said construction of the Aire Valley line could start "
    "within three years if ministers agreed to fund it.",
    "Opponents said the money would be better spent on buses.",
)
VOTE_SECOND = (
    "Bradford council has backed plans for an Aire Valley tram line after a long debate.",
    "Rosalind Achebe told the chamber that the line would link Shipley and Keighley.",
    "The plan now goes to the transport department for funding.",
)


def briefing(*leads: tuple[str, ...]) -> tuple[str, ...]:
    """A morning briefing: a line of its own, then the opening paragraph of each story."""
    return ("Good morning. Here is what you need to know today.", *(lead[0] for lead in leads))


@dataclass(frozen=True)
class Case:
    reports: tuple[tuple[str, tuple[str, ...]], ...]  # stored in this order, an hour apart
    # The new story and the reports whose event it must join (empty: an event of its own).
    new: tuple[str, ...]
    joins: str | None


CASES = {
    "a briefing of three events' leads joins none": Case(
        (
            ("fire", FIRE),
            ("fire-second", FIRE_SECOND),
            ("trial", TRIAL),
            ("trial-second", TRIAL_SECOND),
            ("vote", VOTE),
            ("vote-second", VOTE_SECOND),
        ),
        briefing(FIRE_SECOND, TRIAL_SECOND, VOTE_SECOND),
        None,
    ),
    "a story of two events' names joins the best": Case(
        (
            ("fire", FIRE),
            ("fire-second", FIRE_SECOND),
            ("trial", TRIAL),
            ("trial-second", TRIAL_SECOND),
        ),
        (
            "Firefighters were still at the Kirkgate Mills warehouse in Leeds on Friday, a day "
            "after the blaze, and Priya Holloway said the Cloth Hall Street site was unsafe.",
            "Harcourt Storage said the mill had been empty for a week.",
            "Among the goods lost were files of Okafor Freight, whose former boss Daniel "
            "Okafor is on trial.",
        ),
        "fire",
    ),
}


def record(name: str, body: tuple[str, ...], hour: int) -> dict[str, object]:
    return {
        "url": f"https://{name}.example/2026/10/16/story",
        "headline": name,
        "body": "\n\n".join(body),
        "published": DAY.format(hour=hour),
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_roundup(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    background = [
        {
            "url": f"https://background{i}.example/story",
            "headline": f"background {i}",
            "body": "\n\n".join(load(text)),
            "published": "2026-10-14T09:00:00+00:00",
        }
        for i, text in enumerate(BACKGROUND)
    ]
    reports = [record(n, body, hour) for hour, (n, body) in enumerate(case.reports, 1)]
    ingest(tmp_path, *background, *reports, record("new", case.new, 12))
    rows = [json.loads(line) for line in invoke(tmp_path, "export", "--articles").splitlines()]
    event = {row["url"].split("//")[1].split(".")[0]: row["event_id"] for row in rows}
    stored = {n for n, _ in case.reports}
    # Each pair of reports is one event, and the events are apart.
    assert len({event[n] for n in stored}) == len(stored) // 2
    if case.joins is None:
        assert event["new"] not in {event[n] for n in stored}
    else:
        assert event["new"] == event[case.joins]
