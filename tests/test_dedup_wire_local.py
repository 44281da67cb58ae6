"""A wire story's copies with local paragraphs of their own are one story and one event, in
memory and through SQLite: eleven sites carrying one AP story, each with two local
paragraphs, the first echoing a wire phrase in the site's own sentence
(tests/fixtures/dedup/wire_local/, see its README), and a hot story of forty cut copies
whose local paragraphs are written from a few frames with their own towns, people and
figures. Round 14's template rule split both (issue 17's review: 6 stories of 12, and 286 of
301 for the hot story); the rule was taken out (docs/dedup.md, "Templates and
boilerplate")."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from dedup_tier_cases import BACKGROUND, credit, load
from sqlite_utils import Database
from test_dedup_tiers_storage import event_of, store, story_of

from aggregator.dedup.fingerprint import build_profile
from aggregator.dedup.memory import MemoryDedup
from storage import open_db

T0 = datetime(2025, 3, 5, 9, 0)
SITES = (
    "toledo",
    "southbend",
    "grandrapids",
    "peoria",
    "madison",
    "fortwayne",
    "lansing",
    "rockford",
    "kalamazoo",
    "gary",
    "akron",
)

# The hot story's local paragraphs: one of these frames each, with its own names and
# figures; half open by echoing a wire phrase.
_ECHO = (
    "Locally, doctors say the finding that people who eat the most ultra-processed foods "
    "fare worse is familiar. ",
    "The study's point that diets built around whole foods are better for the heart is one "
    "local doctors repeat. ",
    "Researchers followed more than 100,000 adults, but here the pattern shows in a single "
    "clinic. ",
    "The study found that those in the top fifth of consumption had the highest risk. ",
    "Soft drinks and ready-to-eat meals are often the cheapest food on the shelf, local "
    "doctors say. ",
)
_FRAMES = (
    "At {h} Hospital in {t}, cardiologist {d} said {p}% of adults in {t2} County are obese.",
    "{d}, who leads heart care at {h} in {t}, called the results a warning for {t2} families.",
    "In {t}, {h} has seen heart admissions climb {p}% since {y}, according to {d}.",
    "{t2} County health officer {d} said the county will fund produce vouchers at {h} clinics "
    "in {t}.",
    "Doctors at {h} in {t} began screening for diet in {y}; {d} said about {n} patients have "
    "taken part.",
    "{d} of the {t} Food Bank said demand from {t2} County rose to {n} households a month.",
)
_FIRST = [
    "Ahmed",
    "Lauren",
    "Marcus",
    "Priya",
    "Erik",
    "Helen",
    "Tomas",
    "Nadia",
    "Paul",
    "Keisha",
    "Ravi",
    "Olga",
    "Jorge",
    "Mei",
]
_LAST = [
    "Karim",
    "Weiss",
    "Ellery",
    "Raman",
    "Solberg",
    "Osei",
    "Varga",
    "Brooks",
    "Hendricks",
    "Moore",
    "Patel",
    "Novak",
]
_TOWNS = [
    "Toledo",
    "Akron",
    "Dayton",
    "Canton",
    "Lima",
    "Peoria",
    "Rockford",
    "Joliet",
    "Elgin",
    "Aurora",
    "Gary",
    "Muncie",
    "Kokomo",
    "Lansing",
    "Flint",
    "Saginaw",
    "Midland",
    "Jackson",
    "Kalamazoo",
    "Madison",
    "Racine",
    "Kenosha",
    "Appleton",
    "Duluth",
]
_HOSPITALS = [
    "Mercy",
    "Memorial",
    "Methodist",
    "Sparrow",
    "Bronson",
    "Parkview",
    "Summa",
    "Aultman",
    "Beacon",
]


def eleven_sites() -> list[tuple[str, list[str], datetime]]:
    """The wire story, then the eleven sites' copies an hour apart."""
    articles = [("ap", load("wire_local/wire.txt"), T0)]
    for i, site in enumerate(SITES):
        articles.append((site, load(f"wire_local/{site}.txt"), T0 + timedelta(hours=1 + i)))
    return articles


def hot_story(copies: int = 40) -> list[tuple[str, list[str], datetime]]:
    """The wire story, then ``copies`` cut copies (its first three to five paragraphs) a
    minute apart, each with two local paragraphs of its own."""
    rng = random.Random(11)
    wire = load("wire_local/wire.txt")
    articles = [("ap", wire, T0)]
    for i in range(copies):
        slots = {
            "t": rng.choice(_TOWNS),
            "t2": rng.choice(_TOWNS),
            "h": rng.choice(_HOSPITALS),
            "d": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "p": rng.randint(10, 45),
            "y": rng.choice([2021, 2022, 2023]),
            "n": rng.randint(200, 4000),
        }
        first, second = rng.sample(_FRAMES, 2)
        echo = rng.choice(_ECHO) if rng.random() < 0.5 else ""
        local = [echo + first.format(**slots), second.format(**slots)]
        cut = wire[: rng.choice([3, 4, 5])]
        articles.append((f"site{i:03d}", cut + local, T0 + timedelta(minutes=1 + i)))
    return articles


CASES = {
    "one AP story carried by eleven sites, each with local paragraphs": eleven_sites,
    "a hot story: forty cut copies with local paragraphs": hot_story,
}


def _background_memory(dedup: MemoryDedup) -> None:
    for i, background in enumerate(BACKGROUND):  # so that word rarity means something
        dedup.ingest(f"bg{i}", build_profile(load(background)), "", T0 - timedelta(days=1))


@pytest.mark.parametrize("name", sorted(CASES))
def test_copies_with_local_paragraphs_are_one_story(name: str) -> None:
    dedup = MemoryDedup()
    _background_memory(dedup)
    articles = CASES[name]()
    for article_id, body, published in articles:
        dedup.ingest(article_id, build_profile(body), "", published, article_id, credit(body))
    stories = {dedup.story_of(article_id) for article_id, _, _ in articles}
    events = {dedup.event_of(article_id) for article_id, _, _ in articles}
    assert len(stories) == 1
    assert len(events) == 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_copies_with_local_paragraphs_are_one_story_through_sqlite(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    for i, background in enumerate(BACKGROUND):
        store(db, f"bg{i}", load(background), T0 - timedelta(days=1))
    ids = [
        store(db, article_id, body, published, site=article_id)
        for article_id, body, published in CASES[name]()
    ]
    db.close()
    db = Database(sqlite3.connect(path))  # read back from the file, as any reader would
    assert len({story_of(db, i) for i in ids}) == 1
    assert len({event_of(db, i) for i in ids}) == 1
