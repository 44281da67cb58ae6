"""Greek accents are folded for search (stop 46, QA finding 2).

SQLite's unicode61 tokenizer takes Latin accents off but not the Greek tonos and
dialytika, and Greek capitals are written without them: ``αθηνα`` missed "Αθήνα",
``Αθήνα`` missed "ΑΘΗΝΑ". aggregator.fold now takes them off, in the folded index
and in every query; migration m021 indexes the articles a store holds from
before. Real SQLite files filled through ``aggregator ingest``, searched and
alerted on through the CLI.
"""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli

ARTICLES = {
    "Η Αθήνα υπό καύσωνα": "Η θερμοκρασία στην Αθήνα έφτασε τους 42 βαθμούς σήμερα.",
    "ΑΘΗΝΑ: ΔΙΑΚΟΠΗ ΡΕΥΜΑΤΟΣ": "ΔΙΑΚΟΠΕΣ ΡΕΥΜΑΤΟΣ ΣΕ ΠΕΡΙΟΧΕΣ ΤΗΣ ΑΘΗΝΑΣ ΑΠΟ ΤΟ ΠΡΩΙ.",
    "Ο Δήμαρχος μίλησε": "Ο δήμαρχος της Πάτρας ανακοίνωσε νέα μέτρα για το λιμάνι.",
    "Harbour fees rise": "The council voted to raise harbour fees for ferries this spring.",
}
HEAT, CAPS, MAYOR = list(ARTICLES)[:3]


def _run(config: Path, db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _store(folder: Path, alert: str = "") -> tuple[Path, Path]:
    config, db = folder / "config.yaml", folder / "news.db"
    config.write_text(f"sources: []\n{alert}", encoding="utf-8")
    records = folder / "el.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {"url": f"https://el{n}.example/{n}", "site": f"el{n}", "headline": h, "body": b},
                ensure_ascii=False,
            )
            + "\n"
            for n, (h, b) in enumerate(ARTICLES.items())
        ),
        encoding="utf-8",
    )
    if alert:  # the alert first sees the store before the articles arrive
        _run(config, db, "alerts", "deliver")
    _run(config, db, "ingest", str(records))
    return config, db


def _found(config: Path, db: Path, query: str) -> set[str]:
    return {hit["headline"] for hit in json.loads(_run(config, db, "search", "--json", query))}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _store(tmp_path_factory.mktemp("greek"))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("αθηνα", {HEAT, CAPS}),
        ("Αθήνα", {HEAT, CAPS}),
        ("ΑΘΗΝΑ", {HEAT, CAPS}),
        ("Αθήνας", {CAPS}),  # "ΑΘΗΝΑΣ": the final sigma is the tokenizer's to fold
        ("θερμοκρασια", {HEAT}),
        ("ΘΕΡΜΟΚΡΑΣΙΑ", {HEAT}),
        ("δημαρχος", {MAYOR}),
        ('"στην αθηνα"', {HEAT}),
        ("αθην*", {HEAT, CAPS}),
        ("αθηνα -καυσωνα", {CAPS}),
        ("ρευματος", {CAPS}),
    ],
)
def test_greek_is_found_with_or_without_its_accents(
    store: tuple[Path, Path], query: str, found: set[str]
) -> None:
    assert _found(*store, query) == found


def test_an_alert_in_greek_fires_for_both_spellings(tmp_path: Path) -> None:
    alert = "alerts:\n  - {name: greek, query: αθηνα, target: atom}\n"
    config, db = _store(tmp_path, alert)
    assert _run(config, db, "alerts", "deliver").splitlines()[0] == "greek: 2 fired"


def test_m021_indexes_greek_stored_before_it(tmp_path: Path) -> None:
    config, db = _store(tmp_path)
    # As a store from before m021: no Greek article in the folded index (no letter of
    # fold()'s then needed it), and m021 not applied.
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM articles_fold_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm021_search_greek'")
        conn.execute("PRAGMA user_version = 20")
    assert _found(config, db, "αθηνα") == {CAPS}  # the word index alone: the old misses
    _run(config, db, "migrate")
    assert _found(config, db, "αθηνα") == {HEAT, CAPS}
    assert _found(config, db, "δημαρχος") == {MAYOR}


def test_the_documented_rebuild_of_the_folded_index_keeps_greek(tmp_path: Path) -> None:
    # docs/operations.md: after an old writer, the folded index is dropped and rebuilt
    config, db = _store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.executescript(
            "DROP TRIGGER articles_fold_fts_delete; DROP TRIGGER articles_fold_fts_update; "
            "DROP TABLE articles_fold_fts; DELETE FROM _sqlite_migrations WHERE name IN "
            "('m016_folded_search', 'm019_search_joiners', 'm021_search_greek');"
        )
    _run(config, db, "migrate")
    assert _found(config, db, "αθηνα") == {HEAT, CAPS}


def test_greek_written_with_oxia_is_found_as_with_tonos(tmp_path: Path) -> None:
    # U+1F75 (eta with oxia) is the letter ή in Unicode's terms (NFC maps one onto the
    # other), as a polytonic keyboard writes it; neither the text nor a query is
    # normalised, so fold() and m021's copy of its table take it off as they do the tonos
    headline = "Καύσωνας στην Αθ\u1f75να"
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    records = tmp_path / "oxia.jsonl"
    record = {"url": "https://el.example/oxia", "site": "el", "headline": headline}
    records.write_text(
        json.dumps({**record, "body": "Σ\u1f7bστημα συναγερμο\u1f7b στην π\u1f79λη, ώρα μηδέν."})
        + "\n",
        encoding="utf-8",
    )
    _run(config, db, "ingest", str(records))
    for query in ("αθηνα", "Αθήνα", "ΑΘΗΝΑ", "Αθ\u1f75να", "συστημα", "ΣΥΣΤΗΜΑ", "πολη", "Πόλη"):
        assert _found(config, db, query) == {headline}, query
    with sqlite3.connect(db) as conn:  # a store from before m021, as above
        conn.execute("DELETE FROM articles_fold_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm021_search_greek'")
        conn.execute("PRAGMA user_version = 20")
    assert _found(config, db, "αθηνα") == set()
    _run(config, db, "migrate")
    assert _found(config, db, "αθηνα") == {headline}
    assert _found(config, db, "συστημα") == {headline}


def test_m021_reads_the_articles_in_batches(tmp_path: Path) -> None:
    # A Greek-heavy store: m021 runs inside the first crawl's or ingest's write
    # transaction, and must not hold every Greek article's text at once.
    config, db = _store(tmp_path)
    copies, letters = 3000, 5_000  # 15M characters of Greek, 30 MB as Python text
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO articles (story_id, url, canonical_url, source, headline, body_text, "
            "fetched_at, content_hash) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
            "FROM n WHERE i < ?) SELECT story_id, url || '/' || i, canonical_url || '/' || i, "
            "source, headline, printf('%.*c', ?, 'ά'), fetched_at, content_hash || i "
            "FROM n, articles WHERE articles.headline = ?",
            [copies, letters, HEAT],
        )
        conn.execute("DELETE FROM articles_fold_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm021_search_greek'")
        conn.execute("PRAGMA user_version = 20")
    tracemalloc.start()
    try:
        _run(config, db, "migrate")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < copies * letters, peak  # a batch's text (500 rows), not the whole store's
    with sqlite3.connect(db) as conn:
        indexed = conn.execute("SELECT count(*) FROM articles_fold_fts").fetchone()[0]
    assert indexed == copies + 2  # every article with an accent (not the one in capitals)
