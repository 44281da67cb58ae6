"""Dedup through SQLite: concurrent writers, story merges, and the candidate index."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import REPO

from aggregator.config import DedupSettings
from aggregator.schema import Article
from storage import open_db
from storage.writes import StoreStatus, store_article

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import Words  # noqa: E402


def _texts(count: int, seed: int) -> list[list[str]]:
    words = Words(random.Random(seed))
    return [[words.paragraph() for _ in range(8)] for _ in range(count)]


def _record(site: str, n: int, paragraphs: list[str]) -> dict:
    return {
        "url": f"https://{site}.example/story/{n}",
        "site": site,
        "headline": f"Story {n}",
        "body": "\n\n".join(paragraphs),
    }


def test_two_processes_storing_copies_of_the_same_stories_at_once_end_in_one_story_each(
    tmp_path: Path,
) -> None:
    texts = _texts(60, seed=31)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    # The same stories in the same order, so the two writers race on every one;
    # the second outlet's copy has a dateline and loses its last paragraph.
    first.write_text(
        "".join(json.dumps(_record("alpha", n, t)) + "\n" for n, t in enumerate(texts))
    )
    second.write_text(
        "".join(
            json.dumps(_record("beta", n, ["PARIS (AFP) - " + t[0]] + t[1:-1])) + "\n"
            for n, t in enumerate(texts)
        )
    )
    db = tmp_path / "news.db"
    open_db(db).close()
    cli = [sys.executable, "-m", "app", "--db", str(db), "ingest"]
    writers = [
        subprocess.Popen(
            cli + [str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for path in (first, second)
    ]
    assert [w.wait(timeout=240) for w in writers] == [0, 0], [w.stderr.read() for w in writers]
    conn = sqlite3.connect(db)
    story_of = {url: sid for url, sid in conn.execute("SELECT url, story_id FROM articles")}
    assert len(story_of) == 120
    for n in range(60):
        assert (
            story_of[f"https://alpha.example/story/{n}"]
            == story_of[f"https://beta.example/story/{n}"]
        ), n
    assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 60
    assert conn.execute("SELECT count(*) FROM stories WHERE copies != 2").fetchone()[0] == 0


def _article(site: str, paragraphs: list[str]) -> Article:
    return Article(
        url=f"https://{site}.example/a",
        canonical_url=f"https://{site}.example/a",
        source=site,
        site_name=site,
        headline="Harbour works",
        body=paragraphs,
        fetched_at=datetime(2026, 5, 1, tzinfo=UTC),
    )


def test_a_full_copy_bridges_two_partial_copies_into_one_story(tmp_path: Path) -> None:
    (text,) = _texts(1, seed=41)
    db = open_db(tmp_path / "news.db")
    settings = DedupSettings()
    # The tail keeps most of the text: a text of which a copy holds only its second half or
    # less, under a lead of its own, is mostly its own and not verbatim that copy's
    # (verify.py, mostly-own).
    head = store_article(db, _article("early", text[:3]), settings)
    tail = store_article(db, _article("late", text[3:]), settings)
    assert head.story_id != tail.story_id  # no text in common yet
    full = store_article(db, _article("wire", text), settings)
    assert full.status is StoreStatus.NEW
    stories = {row[0] for row in db.execute("SELECT story_id FROM articles")}
    assert len(stories) == 1 and full.story_id in stories
    merges = db.execute(
        "SELECT from_story_id, into_story_id, evidence FROM story_merges"
    ).fetchall()
    assert len(merges) == 1 and merges[0][1] == full.story_id
    assert db.execute("SELECT copies, outlets FROM stories").fetchall() == [(3, 3)]
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_unrelated_stories_sharing_one_background_paragraph_stay_apart(tmp_path: Path) -> None:
    first, second = _texts(2, seed=43)
    background = first[-1]
    db = open_db(tmp_path / "news.db")
    settings = DedupSettings()
    a = store_article(db, _article("one", first), settings)
    b = store_article(db, _article("two", second[:-1] + [background]), settings)
    assert a.story_id != b.story_id
