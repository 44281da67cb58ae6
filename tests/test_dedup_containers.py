"""A text that holds a wire story inside much text of its own is not its copy: each case of
tests/dedup_container_cases.py ingested through ``aggregator ingest`` into a real SQLite
file, in both arrival orders, and read back from the file. The wire story keeps its own
story, headline and canonical text, and the other outlet's reporter is not flagged for
uncredited wire text; copies that add a little or cut a lot still join the wire's story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from dedup_container_cases import CASES, Case

from tests.cli_store import ingest

WIRE_URL = "http://coastpost.example/news/storm-idris"
OTHER_URL = "http://tribune.example/live/storm-idris"


def _records(case: Case, reverse: bool) -> list[dict[str, object]]:
    wire = {
        "url": WIRE_URL,
        "site": "Coast Post",
        "headline": case.wire_headline,
        "byline": "Reuters",
        "body": "\n\n".join(case.wire),
        "published": "2026-11-24T07:00:00+00:00",
    }
    other = {
        "url": OTHER_URL,
        "site": "Harbor Tribune",
        "headline": case.headline,
        "byline": "Maya Lindqvist",
        "body": "\n\n".join(case.body),
        "published": "2026-11-24T21:40:00+00:00",
    }
    return [other, wire] if reverse else [wire, other]


def _stored(path: Path, url: str) -> tuple[int, int | None, str | None]:
    """(story, event, byline flag) of the article at ``url``, read back from the file."""
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT a.story_id, s.event_id, a.byline_flag FROM articles a "
        "JOIN stories s ON s.id = a.story_id WHERE a.url = ?",
        [url],
    ).fetchone()
    conn.close()
    return row


def _story(path: Path, story_id: int) -> tuple[str, str]:
    """(headline, canonical article's URL) of a story."""
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT s.headline, a.url FROM stories s JOIN articles a "
        "ON a.id = s.canonical_article_id WHERE s.id = ?",
        [story_id],
    ).fetchone()
    conn.close()
    return row


@pytest.mark.parametrize("reverse", [False, True], ids=["wire first", "wire second"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_text_holding_the_wire_story(name: str, reverse: bool, tmp_path: Path) -> None:
    case = CASES[name]
    ingest(tmp_path, *_records(case, reverse))
    db = tmp_path / "news.db"
    wire_story, wire_event, _ = _stored(db, WIRE_URL)
    other_story, other_event, other_flag = _stored(db, OTHER_URL)
    assert (other_story == wire_story) == case.same_story
    if case.same_event is not None:
        assert (other_event == wire_event) == case.same_event
    if not case.same_story:
        # The wire's story is the wire text: its headline, its text, nobody flagged.
        assert _story(db, wire_story) == (case.wire_headline, WIRE_URL)
        assert other_flag is None


def test_a_credited_text_holding_a_papers_copy_is_its_source_not_its_canonical(
    tmp_path: Path,
) -> None:
    """An agency's live page holding seven paragraphs a paper ran as its story: the paper's
    copy joins the agency's text (its source, credited), and the story shows the paper's
    text, not the 60-paragraph page that is mostly not the story's."""
    blog = CASES["a live blog holding 7 of the wire story's paragraphs"]
    wire = [p.replace("PORT CALDER, England (Reuters) - ", "") for p in blog.wire[:7]]
    records = [
        {
            "url": OTHER_URL,
            "site": "Reuters",
            "headline": blog.headline,
            "byline": "Reuters",
            "body": "\n\n".join(blog.body),
            "published": "2026-11-24T06:00:00+00:00",
        },
        {
            "url": WIRE_URL,
            "site": "Coast Post",
            "headline": blog.wire_headline,
            "byline": "",
            "body": "\n\n".join(wire),
            "published": "2026-11-24T09:00:00+00:00",
        },
    ]
    ingest(tmp_path, *records)
    db = tmp_path / "news.db"
    story, _, _ = _stored(db, WIRE_URL)
    assert _stored(db, OTHER_URL)[0] == story
    assert _story(db, story) == (blog.wire_headline, WIRE_URL)


# The agency's write-through: a new top, the early text whole, more paragraphs below, so that
# the later text is mostly its own (review 47c's repro, on the storm story).
_NEW_TOP = [
    "PORT CALDER, England (Reuters) - Two people died and more than 90,000 homes were without "
    "power on Tuesday evening after Storm Idris, which made landfall at Port Calder in the "
    "morning, moved inland across the west of the country, police and the grid operator said.",
    "A man in his seventies was killed when a tree fell on his car near Ashby Cross, and a "
    "woman was swept from the harbour wall at Kells Point, the county police force said in a "
    "statement, adding that both families had been told.",
]
_MORE = [
    "The Environment Agency raised three further severe flood warnings for the Calder estuary "
    "and asked residents of the low-lying Marsh End estate to leave their homes before the "
    "evening high tide, the highest of the month.",
    "Rail operators cancelled every service west of Ashby Cross until Wednesday afternoon, and "
    "the coastal road between Port Calder and Kells Point stayed shut after a section of its "
    "sea wall collapsed onto the carriageway.",
    "Grid engineers restored power to about 30,000 homes by early evening but warned that some "
    "villages on the moor might wait until the weekend, because fallen lines had to be reached "
    "on foot across flooded fields.",
    "The Met Office said the storm would weaken overnight as it crossed the hills, though gusts "
    "of 70 mph were still possible on exposed coasts, and a second, weaker system was expected "
    "to follow on Thursday.",
    "The prime minister said she would visit Port Calder on Wednesday and that the government "
    "stood ready to help the county council with the cost of the clean-up and of housing "
    "families who could not return home.",
    "Insurers said it was too early to estimate the cost of the damage, but that claims from "
    "the coast had begun to arrive within hours of landfall, most of them for roofs, cars and "
    "flooded ground floors.",
]


@pytest.mark.parametrize(
    ("published", "same_story"),
    [("2026-11-24T19:30:00+00:00", True), ("2026-11-25T08:00:00+00:00", False)],
    ids=["the same day: one story", "the next day: a follow-up, one event"],
)
def test_the_agencys_write_through_holding_its_early_text(
    published: str, same_story: bool, tmp_path: Path
) -> None:
    """The same agency's later text holding the early one whole under a new top is that text
    updated on the day it ran (one story: both credit the agency), and a follow-up the next
    day (two stories, one event), as for any rewrite of one agency's text."""
    case = CASES["a live blog holding 7 of the wire story's paragraphs"]
    later = {
        "url": OTHER_URL,
        "site": "Harbor Tribune",
        "headline": "Storm Idris: two dead, 90,000 homes without power as storm moves inland",
        "byline": "By Maya Lindqvist, Reuters",
        "body": "\n\n".join([*_NEW_TOP, *case.wire, *_MORE]),
        "published": published,
    }
    ingest(tmp_path, _records(case, False)[0], later)
    db = tmp_path / "news.db"
    wire_story, wire_event, _ = _stored(db, WIRE_URL)
    later_story, later_event, _ = _stored(db, OTHER_URL)
    assert (later_story == wire_story) == same_story
    assert later_event == wire_event
