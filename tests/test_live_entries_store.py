"""A live blog's entries and key points stored (migration m025), exported
(``export --articles``), shown (``show``, the web view's story page) and kept by
``ingest``; the pages are test_live_entries_parse.py's.

Stop 47's known limit: "Live blogs: each entry's time and the 'Key points' box are dropped
from the text."
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli
from test_live_entries_parse import (
    FETCHED,
    URL,
    bbc_like,
    cnn_like,
    german_ticker,
    guardian_like,
    ordinary_article,
)

import aggregator
from aggregator.config import DedupSettings
from storage.db import open_db
from storage.writes import store_article

pytestmark = pytest.mark.timeout(300)

PAGES: dict[str, Callable[[], str]] = {
    "guardian": guardian_like,
    "bbc": bbc_like,
    "cnn": cnn_like,
    "ticker": german_ticker,
    "article": ordinary_article,
}


def _store(db_path: Path, names: tuple[str, ...] = tuple(PAGES)) -> dict[str, int]:
    """Each named page extracted and stored; its story id by name."""
    db = open_db(db_path)
    try:
        stories = {}
        for name in names:
            article = aggregator.extract(
                PAGES[name](), URL.format(name), source="tribune", fetched_at=FETCHED
            )
            stories[name] = store_article(db, article, DedupSettings()).story_id
    finally:
        db.close()
    return stories


def _exported(db: Path) -> dict[str, dict[str, object]]:
    result = run_cli("--db", str(db), "export", "--articles")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return {row["url"].rsplit("/", 1)[1]: row for row in rows}


def test_entries_and_key_points_are_exported_and_shown(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db)
    rows = _exported(db)
    bbc = rows["bbc"]
    assert [(e["posted_at"], e["headline"]) for e in bbc["live_entries"]] == [  # type: ignore[attr-defined]
        ("2026-12-01T09:45:00+00:00", "Schools remain closed"),
        ("2026-12-01T08:20:00+00:00", "Warning extended to midnight"),
        ("2026-12-01T07:35:00+00:00", "No trains to the coast"),
        ("2026-12-01T06:10:00+00:00", "Thousands without power"),
    ]
    assert bbc["key_points"][0].startswith("Twelve thousand homes")  # type: ignore[index]
    ticker = rows["ticker"]["live_entries"]
    assert [e["posted_at"] for e in ticker][-1] == "2026-12-01T06:05:00+00:00"  # type: ignore[attr-defined]
    assert rows["article"]["live_entries"] == [] and rows["article"]["key_points"] == []

    # The English pages tell one storm's story in the same words, one story of four copies:
    # each page is shown from a store of its own.
    assert len({ids[name] for name in ("guardian", "bbc", "cnn", "article")}) == 1
    db = tmp_path / "cnn.db"
    ids = _store(db, ("cnn",))
    shown = run_cli("--db", str(db), "show", str(ids["cnn"]))
    assert shown.returncode == 0, shown.stderr
    assert "page kind: liveblog (json-ld)" in shown.stdout
    assert "key points: Power lines are down across the northern valleys.; Rail" in shown.stdout
    assert "live entries: 4, latest 3:" in shown.stdout
    assert "2026-12-01 09:40 UTC  Schools closed across the valleys" in shown.stdout
    assert "2026-12-01 07:30 UTC  Rail line closed" in shown.stdout
    listed = shown.stdout.split("live entries: 4, latest 3:", 1)[1]
    assert "Power out for thousands" not in listed  # the oldest: not among the latest 3
    as_json = run_cli("--db", str(db), "show", "--json", str(ids["cnn"]))
    [copy] = json.loads(as_json.stdout)["copies"]
    assert len(copy["live_entries"]) == 4
    db = tmp_path / "article.db"
    ids = _store(db, ("article",))
    plain = run_cli("--db", str(db), "show", str(ids["article"]))
    assert "live entries" not in plain.stdout and "key points" not in plain.stdout

    as_csv = run_cli("--db", str(db), "export", "--articles", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    header = as_csv.stdout.splitlines()[0].split(",")
    assert "live_entries" in header and "key_points" in header


def _before_m025(path: Path) -> None:
    """Put a database back in its state before migration m025: no entries' columns."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("ALTER TABLE articles DROP COLUMN live_entries")
            conn.execute("ALTER TABLE articles DROP COLUMN key_points")
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm025_live_entries'")
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def test_a_store_made_before_m025_reads_empty_entries_then_upgrades(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db, ("bbc", "article"))
    _before_m025(db)
    # Readers never migrate: every stored article reads as no entries, no key points.
    old = _exported(db)
    assert [row["live_entries"] for row in old.values()] == [[], []]
    assert [row["key_points"] for row in old.values()] == [[], []]
    shown = run_cli("--db", str(db), "show", str(ids["bbc"]))
    assert shown.returncode == 0, shown.stderr
    assert "live entries" not in shown.stdout

    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m025_live_entries" in migrated.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT live_entries, key_points FROM articles").fetchall() == [
            ("[]", "[]"),
            ("[]", "[]"),
        ]
    assert [row["live_entries"] for row in _exported(db).values()] == [[], []]
    # Fetched again with the same text, the page's entries and key points are stored.
    _store(db, ("bbc",))
    again = _exported(db)["bbc"]
    assert len(again["live_entries"]) == 4  # type: ignore[arg-type]
    assert len(again["key_points"]) == 3  # type: ignore[arg-type]


def oldest_first() -> str:
    """bbc_like's blog listing its entries the oldest first."""
    page = bbc_like()
    head, rest = page.split('<li class="lx-stream__post-container">', 1)
    items, tail = ('<li class="lx-stream__post-container">' + rest).rsplit("</li>", 1)
    posts = items.split("</li>")
    return head + "</li>".join(reversed(posts)) + "</li>" + tail


def test_the_web_views_story_page_lists_the_entries(tmp_path: Path) -> None:
    from test_web_view import Web

    from aggregator.config import Config, WebSettings

    db, plain_db = tmp_path / "news.db", tmp_path / "plain.db"
    ids = _store(db, ("bbc",)) | _store(plain_db, ("article",))
    web = Web(Config(database=str(db)), db)
    blog = web.get(f"/story/{ids['bbc']}")
    assert blog.status_code == 200
    # As every time on the page: in the reader's zone, which the page names once (review
    # 48a F9; before, "2026-12-01 09:45 UTC" whatever the zone).
    assert '<time datetime="2026-12-01T09:45:00+00:00">2026-12-01 09:45</time> Schools' in (
        blog.text
    )
    assert "<li>Trains between Marren and the coast are suspended</li>" in blog.text
    berlin = Web(Config(database=str(db), web=WebSettings(timezone="Europe/Berlin")), db)
    local = berlin.get(f"/story/{ids['bbc']}").text
    assert '<time datetime="2026-12-01T10:45:00+01:00">2026-12-01 10:45</time> Schools' in local
    switch = berlin.get(f"/-/newsagg/timezone?zone=UTC&next=/story/{ids['bbc']}")
    cookie = switch.headers["set-cookie"].split(";", 1)[0]
    utc = berlin.get(f"/story/{ids['bbc']}", headers={"cookie": cookie}).text
    assert ">2026-12-01 09:45</time> Schools" in utc
    plain = Web(Config(database=str(plain_db)), plain_db).get(f"/story/{ids['article']}")
    assert plain.status_code == 200 and "Live entries" not in plain.text


def test_the_web_lists_an_oldest_first_blogs_latest_entries_first(tmp_path: Path) -> None:
    """As ``show`` does (review 48a F9: the page listed "the first 10 as the page lists
    them", an oldest-first blog's oldest)."""
    from test_web_view import Web

    from aggregator.config import Config

    db = tmp_path / "news.db"
    store = open_db(db)
    try:
        article = aggregator.extract(oldest_first(), URL.format("oldest"), fetched_at=FETCHED)
        story = store_article(store, article, DedupSettings()).story_id
    finally:
        store.close()
    page = Web(Config(database=str(db)), db).get(f"/story/{story}").text
    listed = re.findall(r'<li><time datetime="[^"]+">([^<]+)</time>', page)
    assert listed == [
        "2026-12-01 09:45",
        "2026-12-01 08:20",
        "2026-12-01 07:35",
        "2026-12-01 06:10",
    ]
    assert "Live entries</dt><dd>4, the latest first" in page


def test_an_exports_entries_are_kept_by_ingest(tmp_path: Path) -> None:
    db, other = tmp_path / "news.db", tmp_path / "other.db"
    _store(db, ("guardian", "article"))
    exported = run_cli("--db", str(db), "export", "--articles", "-o", str(tmp_path / "a.jsonl"))
    assert exported.returncode == 0, exported.stderr
    ingested = run_cli("--db", str(other), "ingest", str(tmp_path / "a.jsonl"))
    assert ingested.returncode == 0, ingested.stderr
    kept = _exported(other)
    assert kept["guardian"]["live_entries"] == _exported(db)["guardian"]["live_entries"]
    assert kept["guardian"]["key_points"] == _exported(db)["guardian"]["key_points"]

    bad = tmp_path / "bad.jsonl"
    record = {
        "url": URL.format("bad-entries"),
        "headline": "Storm Idris live",
        "body": "Power is out.\n\nThe grid operator sent crews from three counties north.",
        "live_entries": [{"posted_at": "yesterday", "paragraphs": ["Power is out."]}],
    }
    bad.write_text(json.dumps(record) + "\n", encoding="utf-8")
    noted = run_cli("--db", str(other), "ingest", str(bad))
    assert noted.returncode == 0, noted.stderr
    assert "article field 'live_entries': " in noted.stderr + noted.stdout
    assert _exported(other)["bad-entries"]["live_entries"] == []
