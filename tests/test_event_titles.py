"""How an event reads (qa-events finding 7): `stories --events` names each event by its
most-covered story, and `show` lists the newest related stories, naming the command that
lists the rest. On a real SQLite file, through the CLI."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

import pytest
from cli_store import ingest, invoke
from conftest import before_event_tier
from sqlite_utils import Database

from storage import queries

OUTLETS = ("dailyherald.example", "citywire.example", "theledger.example", "northpost.example")
# Words the reports are put together from, at random: no two reports share a sentence, so
# the story tier keeps them apart, while the names of the collapse link them as one event.
WORDS = re.findall(
    r"\w+",
    """
crews divers officials neighbours engineers volunteers firefighters witnesses
commuters shopkeepers teachers nurses described recalled questioned praised criticised
examined mapped photographed measured discussed reported counted steel railings road
deck current response signs shift lights piers booth bearings dawn lunch night storm
light midday hours weekend morning sunset cables barges cranes ambulances sirens
helicopters boats ropes ladders torches blankets statements inspections budgets
repairs detours schools buses trains ferries markets clinics councils meetings reports
questions answers warnings rumours
""",
)
REPORTS = 13  # one event: each report its own text, sharing the names of one collapse
MOST_COPIED = 3  # run by three outlets
TWICE_COPIED = 7  # run by two


def _paragraph(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(14))
    return (
        f"Near the Hollins Bridge over the Marlow Creek {words}, engineer Tessa Varga of "
        f"Ashworth County said."
    )


def _record(outlet: str, slug: str, headline: str, body: list[str], hour: int) -> dict[str, object]:
    return {
        "url": f"https://{outlet}/2026/10/{slug}",
        "source": "archive",
        "site": outlet,
        "headline": headline,
        "body": "\n\n".join(body),
        "published": f"2026-10-01T{hour:02d}:00:00+00:00",
    }


def _corpus(runs: dict[int, int] | None = None) -> list[dict[str, object]]:
    """Thirteen reports of one bridge collapse on one day, report 3 run by three outlets
    and report 7 by two, then the evening's briefing (the newest story, one copy); and a
    festival of ten days before, stored last."""
    rng = random.Random(7)
    records = []
    for n in range(REPORTS):
        body = [_paragraph(rng) for p in range(4)]
        for copy in range((runs or {MOST_COPIED: 3, TWICE_COPIED: 2}).get(n, 1)):
            outlet = OUTLETS[(n + copy) % len(OUTLETS)]
            records.append(
                _record(outlet, f"bridge-{n}", f"Hollins Bridge report {n}", body, 6 + n)
            )
    briefing = [_paragraph(rng) for p in range(3)]
    briefing.append("In other news, the Pellham harvest festival opens on Saturday.")
    records.append(_record(OUTLETS[0], "briefing", "Evening briefing: 1 October", briefing, 23))
    festival = _record(OUTLETS[1], "festival", FESTIVAL, [" ".join(WORDS[:30]) + "."], 9)
    records.append({**festival, "published": "2026-09-20T09:00:00+00:00"})  # stored last
    return records


FESTIVAL = "Pellham harvest festival draws record crowds"


def _bridge_event(tmp_path: Path) -> dict[str, object]:
    groups = json.loads(invoke(tmp_path, "stories", "--events", "--json", "--by", "published"))
    return next(g for g in groups if len(g["stories"]) > 1)


def test_an_event_is_titled_by_its_most_covered_story(tmp_path: Path) -> None:
    ingest(tmp_path, *_corpus())
    event = _bridge_event(tmp_path)
    headlines = [s["headline"] for s in event["stories"]]
    assert len(headlines) == REPORTS + 1, headlines  # the corpus makes one event
    # Headed by the newest story, the briefing; titled by the story three outlets ran.
    assert headlines[0] == "Evening briefing: 1 October"
    assert event["title"] == f"Hollins Bridge report {MOST_COPIED}"
    text = invoke(tmp_path, "stories", "--events", "--by", "published").splitlines()
    heading = f"Event {event['event_id']}: {REPORTS + 1} stories — Hollins Bridge report 3"
    assert text[0] == heading
    # Events in the order `stories` lists stories: the festival is the oldest published
    # and the newest stored.
    assert text[-2].endswith(f"1 story — {FESTIVAL}")
    seen = invoke(tmp_path, "stories", "--events").splitlines()
    assert seen[0].endswith(f"1 story — {FESTIVAL}") and seen[2] == heading


def test_of_two_stories_as_covered_the_earliest_titles_the_event(tmp_path: Path) -> None:
    # Reports 3 and 7 each run by three outlets; report 7 stored first (a lower id).
    records = _corpus({MOST_COPIED: 3, TWICE_COPIED: 3})
    later = [r for r in records if r["headline"] == f"Hollins Bridge report {TWICE_COPIED}"]
    ingest(tmp_path, *later, *[r for r in records if r not in later])
    event = _bridge_event(tmp_path)
    assert event["title"] == f"Hollins Bridge report {MOST_COPIED}"


def test_a_story_before_the_event_tier_is_titled_by_its_own_headline(tmp_path: Path) -> None:
    ingest(tmp_path, *_corpus()[:2])
    before_event_tier(tmp_path / "news.db")
    groups = json.loads(invoke(tmp_path, "stories", "--events", "--json"))
    assert [(g["event_id"], g["title"]) for g in groups] == [
        (None, "Hollins Bridge report 1"),
        (None, "Hollins Bridge report 0"),
    ]
    detail = json.loads(invoke(tmp_path, "show", "1", "--json"))
    assert detail["event_title"] is None and detail["related_total"] == 0


@pytest.mark.parametrize("stored", ["in time order", "newest first"])
def test_show_lists_the_newest_related_stories_and_names_the_rest(
    tmp_path: Path, stored: str
) -> None:
    # Newest by the time show prints (first published), whatever order they were stored in.
    records = _corpus()
    ingest(tmp_path, *(records if stored == "in time order" else reversed(records)))
    event = _bridge_event(tmp_path)
    ids = {s["headline"]: s["story_id"] for s in event["stories"]}
    first = ids["Hollins Bridge report 0"]
    text = invoke(tmp_path, "show", str(first))
    related = text[text.index("Related coverage") :].splitlines()
    assert related[0] == f"Related coverage, event {event['event_id']}: Hollins Bridge report 3"
    assert related[1] == f"{REPORTS} other stories of the same happening, the newest 10:"
    listed = [line.strip() for line in related[2:] if line.startswith("      ")]
    newest = ["Evening briefing: 1 October"] + [
        f"Hollins Bridge report {n}" for n in range(REPORTS - 1, REPORTS - 10, -1)
    ]
    assert listed == newest
    assert related[-1] == (
        f"  and 3 more: aggregator stories --event {event['event_id']} lists all {REPORTS + 1}, "
        "newest first seen first"
    )
    detail = json.loads(invoke(tmp_path, "show", str(first), "--json"))
    assert [r["headline"] for r in detail["related_coverage"]] == newest
    assert detail["event_title"] == "Hollins Bridge report 3"
    assert detail["related_total"] == REPORTS
    # The command named lists every story of the event.
    rows = json.loads(invoke(tmp_path, "stories", "--event", str(event["event_id"]), "--json"))
    assert {r["story_id"] for r in rows} == set(ids.values())


def test_the_command_show_names_lists_every_story_of_a_large_event(tmp_path: Path) -> None:
    # More stories than stories' default 20 rows (review 48c finding 5: the command named
    # printed 20 rows, the story shown and the ten listed among them, and left 8 out).
    rng = random.Random(11)
    reports = 25
    ingest(
        tmp_path,
        *(
            {
                **_record(
                    OUTLETS[n % len(OUTLETS)],
                    f"bridge-{n}",
                    f"Hollins Bridge report {n}",
                    [_paragraph(rng) for p in range(4)],
                    0,
                ),
                "published": f"2026-10-01T{n // 2:02d}:{n % 2 * 30:02d}:00+00:00",
            }
            for n in range(reports)
        ),
    )
    (group,) = json.loads(invoke(tmp_path, "stories", "--events", "--json", "--limit", "1"))
    event_id = group["event_id"]
    assert group["stories"] and len(group["stories"]) == reports
    text = invoke(tmp_path, "show", str(group["stories"][0]["story_id"]))
    hint = text.splitlines()[-1].strip()
    assert hint == (
        f"and {reports - 1 - 10} more: aggregator stories --event {event_id} lists all "
        f"{reports}, newest first seen first"
    )
    command = hint.split(": aggregator ")[1].split(" lists")[0].split()
    listed = invoke(tmp_path, *command).splitlines()
    assert sorted(listed) == sorted(set(listed))
    assert {line.split("Hollins Bridge report ")[1] for line in listed} == {
        str(n) for n in range(reports)
    }
    # --limit given still counts rows.
    assert len(invoke(tmp_path, *command, "--limit", "5").splitlines()) == 5


def test_a_story_alone_in_its_event_lists_no_related_coverage(tmp_path: Path) -> None:
    ingest(tmp_path, *_corpus()[:1])
    (group,) = json.loads(invoke(tmp_path, "stories", "--events", "--json"))
    assert group["title"] == "Hollins Bridge report 0"
    detail = json.loads(invoke(tmp_path, "show", str(group["stories"][0]["story_id"]), "--json"))
    assert detail["related_coverage"] == [] and detail["related_total"] == 0
    assert "Related coverage" not in invoke(tmp_path, "show", "1")


def test_events_read_one_state_while_a_merge_commits(tmp_path: Path) -> None:
    # Review 48c finding 6: the groups, their stories and their titles were three
    # statements; a merge committed between them emptied an event found by the first, and
    # its title was a KeyError. Here another connection merges the bridge event into the
    # festival's just as the stories of the events found are read.
    ingest(tmp_path, *_corpus())
    before = {g["title"]: g for g in json.loads(invoke(tmp_path, "stories", "--events", "--json"))}
    bridge = before["Hollins Bridge report 3"]["event_id"]
    festival = before[FESTIVAL]["event_id"]
    reader = Database(tmp_path / "news.db")
    writer = sqlite3.connect(tmp_path / "news.db")

    def merge_meanwhile(statement: str) -> None:
        if "WHERE s.event_id IN" in statement and not writer.in_transaction:
            with writer:
                writer.execute(
                    "UPDATE stories SET event_id = ? WHERE event_id = ?", (festival, bridge)
                )

    reader.conn.set_trace_callback(merge_meanwhile)
    groups = queries.events(reader)
    reader.conn.set_trace_callback(None)
    assert writer.execute(
        "SELECT count(*) FROM stories WHERE event_id = ?", (bridge,)
    ).fetchone() == (0,)
    writer.close()
    # As before the merge, the state the listing began in.
    assert {g.title: (g.event_id, len(g.stories)) for g in groups} == {
        title: (g["event_id"], len(g["stories"])) for title, g in before.items()
    }
