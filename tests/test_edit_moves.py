"""An edited copy's story is decided again on its new text (docs/dedup.md, "An edited
article keeps its story … while its text verifies"): records ingested through the CLI
into a real SQLite file, an edit being a record at a stored URL with another body (the
cases of a provenance QA pass, stop 47: an AP story, a local paper's copy of it replaced
by its own report, a breaking stub replaced by the AP text)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.cli_store import ingest, invoke
from tests.event_recount import event_index, event_recount

AP = [
    "GRANTVILLE, Ohio (AP) — Floodwaters from the swollen Tessaly River broke through a "
    "levee early Tuesday, forcing about 2,300 residents of Grantville and two neighboring "
    "villages from their homes, county officials said.",
    "The breach, about 40 meters wide, opened shortly after 3 a.m. near the Rolling Mill "
    "bridge, said Marta Kessling, director of the Harlan County emergency management "
    "agency. Water reached the first floors of homes on Canal Street within an hour.",
    "“We knocked on every door we could reach before the water did,” Kessling said at a "
    "news conference at the county fairgrounds, where the Red Cross opened a shelter with "
    "400 cots.",
    "No deaths were reported. Two people were treated for hypothermia after being pulled "
    "from a stranded pickup truck on State Route 73, the Grantville fire chief, Leon "
    "Abernathy, said.",
    "The National Weather Service said 5.8 inches of rain fell on the Tessaly basin over 36 "
    "hours, the most since records began in 1913. The river crested at 27.4 feet at the "
    "Grantville gauge, more than 9 feet above flood stage.",
    "Governor Ellen Whitcomb declared a state of emergency for Harlan and Pike counties and "
    "said 120 members of the Ohio National Guard would help with evacuations and "
    "sandbagging.",
    "The levee, built by the Army Corps of Engineers in 1958, had been listed as needing "
    "repairs in a 2019 inspection report, according to records reviewed by The Associated "
    "Press.",
    "Forecasters expect the river to fall below flood stage by Friday, but more rain is "
    "forecast for the weekend, and officials urged residents not to return until inspectors "
    "had checked each street.",
]
LOCAL = (
    "Residents of Millbrook Township were told Tuesday to prepare for a possible evacuation "
    "as floodwaters rose downstream of Grantville, township trustee Carol Nemeth said, and "
    "the township opened its community center on Orchard Lane to anyone who needed a dry "
    "place to stay."
)
OWN = [
    "Millbrook Township trustees voted 3-0 on Tuesday night to spend $85,000 from the "
    "township's reserve fund on pumps and sandbags after floodwater reached Orchard Lane.",
    "Trustee Carol Nemeth said the township's two pumps had run without a break since Monday "
    "and that a third, rented from a contractor in Dayton, would arrive Wednesday.",
    "Residents told trustees that storm drains on Birch Avenue had been blocked for months. "
    "Road superintendent Gary Pohl said crews would clear them once the water receded.",
    "The township community center will stay open overnight through Friday, Nemeth said.",
]
STUB = [
    "A levee on the Tessaly River near Grantville has failed, according to emergency radio "
    "traffic, and residents of low-lying streets are being told to leave.",
    "This is a developing story and will be updated.",
]
UNDATED = [AP[0].replace("GRANTVILLE, Ohio (AP) — ", "GRANTVILLE, Ohio — "), *AP[1:]]

WIRE_URL = "https://apnews.example/flood-levee-grantville"
VALLEY_URL = "https://valley.example/news/millbrook-braces-flood"
LEDGER_URL = "https://ledger.example/news/levee-breaking"


ZOO = [
    "The city zoo welcomed twin red panda cubs on Sunday, the first born there in eleven "
    "years, keepers said.",
    "The cubs, a male and a female, weigh about 140 grams each and will stay in the nest box "
    "with their mother, Mei, until late spring.",
    "Head keeper Anna Lindqvist said visitors could watch the family on a camera feed in the "
    "Asia house from next week.",
    "Red pandas are listed as endangered, with fewer than 10,000 thought to live in the wild "
    "across Nepal, India, Bhutan and China.",
]


def _record(url: str, site: str, headline: str, byline: str, body: list[str], hour: int) -> dict:
    return {
        "url": url,
        "site": site,
        "headline": headline,
        "byline": byline,
        "body": "\n\n".join(body),
        "published": f"2026-12-07T{hour:02d}:10:00+00:00",
    }


WIRE = _record(
    WIRE_URL,
    "The Associated Press",
    "Floodwaters force 2,300 from homes as Tessaly River breaks levee",
    "By Daniel Okafor, The Associated Press",
    AP,
    4,
)
RIVERSIDE = _record(
    "https://riverside.example/grantville-evacuation",
    "Riverside Post",
    "Levee breach forces 2,300 from homes in Ohio",
    "Associated Press",
    AP,
    5,
)
VALLEY_COPY = _record(
    VALLEY_URL,
    "Valley Courier",
    "Millbrook braces as Tessaly floodwaters move downstream",
    "",
    [LOCAL, *AP[2:]],
    6,
)
VALLEY_OWN = {**VALLEY_COPY, "byline": "By Rita Hale, Valley Courier", "body": "\n\n".join(OWN)}
LEDGER_STUB = _record(
    LEDGER_URL,
    "Northern Ledger",
    "Levee reported failing near Grantville",
    "By Ledger Staff",
    STUB,
    4,
)
LEDGER_WIRE = {
    **LEDGER_STUB,
    "body": "\n\n".join([*UNDATED, "The Associated Press contributed to this report."]),
}
METRO = _record(
    "https://metro.example/levee-contributed",
    "Metro Daily",
    "Thousands flee as Ohio levee breaks",
    "By Sam Ortega",
    [*UNDATED, "The Associated Press contributed to this report."],
    7,
)


def _articles(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """Every stored article, by URL, as ``export --articles`` gives it."""
    rows = map(json.loads, invoke(tmp_path, "export", "--articles").splitlines())
    return {row["url"]: row for row in rows}


def _stories(tmp_path: Path) -> dict[int, dict[str, Any]]:
    rows = map(json.loads, invoke(tmp_path, "export").splitlines())
    return {row["story_id"]: row for row in rows}


def _partition(articles: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    """The stories as sets of their copies' URLs."""
    stories: dict[int, set[str]] = {}
    for url, row in articles.items():
        stories.setdefault(row["story_id"], set()).add(url)
    return {frozenset(urls) for urls in stories.values()}


def _rows(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of the test's database, read as a reader would (no lock taken)."""
    with closing(sqlite3.connect(tmp_path / "news.db")) as db:
        return db.execute(sql).fetchall()


def _last_change(tmp_path: Path) -> int:
    return max(
        row["change_seq"] for row in [*_stories(tmp_path).values(), *_articles(tmp_path).values()]
    )


def test_a_wire_copy_replaced_by_the_outlets_own_text_leaves_the_wire_story(tmp_path: Path) -> None:
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    wire_story = _articles(tmp_path)[WIRE_URL]["story_id"]
    assert _articles(tmp_path)[VALLEY_URL]["story_id"] == wire_story
    ingest(tmp_path, VALLEY_OWN)
    articles, stories = _articles(tmp_path), _stories(tmp_path)
    valley = articles[VALLEY_URL]
    assert valley["story_id"] != wire_story
    assert valley["byline_flag"] is None  # Rita Hale's own text: no AP text under her name
    assert valley["dedup_evidence"]["moved_from"] == wire_story
    assert (stories[wire_story]["copies"], stories[wire_story]["outlets"]) == (2, 2)
    assert stories[valley["story_id"]]["origin"] == "Valley Courier"
    assert stories[valley["story_id"]]["event_id"] is not None


def test_a_stub_replaced_by_the_wire_text_joins_the_wire_story_as_do_its_copies(
    tmp_path: Path,
) -> None:
    ingest(tmp_path, LEDGER_STUB, WIRE, RIVERSIDE)
    stub_story = _articles(tmp_path)[LEDGER_URL]["story_id"]
    wire_story = _articles(tmp_path)[WIRE_URL]["story_id"]
    assert stub_story != wire_story
    ingest(tmp_path, LEDGER_WIRE)
    ingest(tmp_path, METRO)  # the Ledger's new body, word for word
    articles, stories = _articles(tmp_path), _stories(tmp_path)
    assert {row["story_id"] for row in articles.values()} == {wire_story}
    assert set(stories) == {wire_story}  # the stub's story is merged away, not left empty
    assert stories[wire_story]["origin"] == "AP"
    assert articles[METRO["url"]]["byline_flag"] != (
        "names Sam Ortega over text first published by Northern Ledger"
    )
    assert _rows(tmp_path, "SELECT from_story_id, into_story_id FROM story_merges") == [
        (stub_story, wire_story)
    ]
    assert invoke(tmp_path, "show", str(stub_story)).startswith(f"Story {wire_story}:")


def test_an_export_of_moved_copies_ingests_into_the_same_stories(tmp_path: Path) -> None:
    ingest(tmp_path, LEDGER_STUB, WIRE, RIVERSIDE, VALLEY_COPY)
    ingest(tmp_path, LEDGER_WIRE)
    ingest(tmp_path, METRO, VALLEY_OWN)
    exported = tmp_path / "articles.jsonl"
    exported.write_text(invoke(tmp_path, "export", "--articles"), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    invoke(other, "ingest", str(exported))
    assert _partition(_articles(other)) == _partition(_articles(tmp_path))
    flags = {url: row["byline_flag"] for url, row in _articles(tmp_path).items()}
    assert {url: row["byline_flag"] for url, row in _articles(other).items()} == flags


def test_a_copy_with_one_sentence_corrected_keeps_its_story(tmp_path: Path) -> None:
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    before = _articles(tmp_path)
    corrected = [LOCAL, *AP[2:]]
    corrected[2] = corrected[2].replace("Two people were", "Three people were")
    ingest(tmp_path, {**VALLEY_COPY, "body": "\n\n".join(corrected)})
    after = _articles(tmp_path)
    assert after[VALLEY_URL]["versions"] == 2
    assert after[VALLEY_URL]["story_id"] == before[VALLEY_URL]["story_id"]
    assert after[VALLEY_URL]["dedup_evidence"] == before[VALLEY_URL]["dedup_evidence"]
    assert set(_stories(tmp_path)) == {row["story_id"] for row in before.values()}


def test_a_founding_copy_that_moves_leaves_both_stories_in_events(tmp_path: Path) -> None:
    # Valley's copy arrives first: it founds the wire story, and its event profile speaks
    # for that story; moved, the story is founded again by its next copy.
    ingest(tmp_path, VALLEY_COPY, WIRE, RIVERSIDE)
    wire_story = _articles(tmp_path)[WIRE_URL]["story_id"]
    synced = _last_change(tmp_path)
    ingest(tmp_path, VALLEY_OWN)
    articles, stories = _articles(tmp_path), _stories(tmp_path)
    own_story = articles[VALLEY_URL]["story_id"]
    assert own_story != wire_story
    founders = _rows(
        tmp_path,
        "SELECT a.story_id, count(*) FROM event_profiles p JOIN articles a ON a.id = p.article_id "
        "GROUP BY a.story_id ORDER BY a.story_id",
    )
    assert founders == sorted([(wire_story, 1), (own_story, 1)])
    events = {row[0] for row in _rows(tmp_path, "SELECT id FROM events")}
    assert {s["event_id"] for s in stories.values()} == events  # no event without a story
    assert articles[WIRE_URL]["event_id"] == stories[wire_story]["event_id"]
    # A reader syncing since before the edit learns of the move and of both stories.
    changed = invoke(tmp_path, "export", "--changed-after", str(synced)).splitlines()
    assert {json.loads(line)["story_id"] for line in changed} == {wire_story, own_story}
    changed_articles = invoke(
        tmp_path, "export", "--articles", "--changed-after", str(synced)
    ).splitlines()
    assert [(json.loads(r)["url"], json.loads(r)["story_id"]) for r in changed_articles] == [
        (VALLEY_URL, own_story)
    ]


def test_a_founder_leaving_a_story_merged_from_two_is_stored_and_the_story_kept_counted(
    tmp_path: Path,
) -> None:
    # Two stories, each founded by its first copy; a copy carrying both texts bridges
    # them into one story with two founders. Then the first founder's page carries
    # another text: it moves to a new story, and the merged story is still counted
    # through its other founder (the QA pass of stop 49 lost this edit, every time, on
    # "UNIQUE constraint failed: event_profiles.article_id").
    first = _record("https://a.example/x", "A Paper", "Levee breaks", "", AP, 4)
    second = _record("https://b.example/y", "B Paper", "Trustees buy pumps", "", OWN, 5)
    both = _record("https://c.example/xy", "C Paper", "Flood roundup", "", [*AP, *OWN], 6)
    ingest(tmp_path, first, second)
    ingest(tmp_path, both)
    articles = _articles(tmp_path)
    (merged,) = {row["story_id"] for row in articles.values()}
    founders = "SELECT article_id FROM event_profiles ORDER BY article_id"
    assert _rows(tmp_path, founders) == [
        (articles[first["url"]]["article_id"],),
        (articles[second["url"]]["article_id"],),
    ]
    ingest(tmp_path, {**first, "headline": "Twin red panda cubs born", "body": "\n\n".join(ZOO)})
    articles = _articles(tmp_path)
    moved = articles[first["url"]]
    assert moved["versions"] == 2
    assert moved["story_id"] != merged
    assert {articles[u]["story_id"] for u in (second["url"], both["url"])} == {merged}
    assert _rows(tmp_path, founders) == sorted(
        [(moved["article_id"],), (articles[second["url"]]["article_id"],)]
    )
    assert event_index(tmp_path / "news.db") == event_recount(tmp_path / "news.db")
