"""Storage under concurrency, disk full and a read-only database.

Short variants of the tests in docs/reliability.md.
"""

from __future__ import annotations

import json
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, demo_config_text, run_cli

from aggregator.config import DedupSettings
from aggregator.records import article_from_record
from aggregator.schema import utc_now
from storage import DatabaseError, open_db
from storage.writes import store_article

sys.path.insert(0, str(REPO / "benchmarks"))
from concurrency import run as run_concurrency  # noqa: E402
from synth import synthetic_articles  # noqa: E402


def _articles(count: int, seed: int = 5):  # type: ignore[no-untyped-def]
    for record in synthetic_articles(count, seed=seed):
        yield article_from_record(record, source=None, fetched_at=utc_now())


def _integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.timeout(240)
def test_concurrent_readers_and_two_writers_see_no_violation_and_no_lock_error() -> None:
    figures = run_concurrency(articles=300, second_writer=100, readers=4, hold=2.0)
    assert figures["writer_exit_codes"] == [0, 0]
    assert figures["writer_locked_errors"] == 0
    assert figures["reader_locked_errors"] == 0
    assert figures["invariant_violations"] == 0, figures["violation_examples"]
    assert figures["reader_checks"] > 0
    assert figures["articles_stored"] == figures["articles_written"]
    assert figures["integrity_check"] == "ok"
    assert figures["wal_after_checkpoint_bytes"] == 0


def test_disk_full_rolls_back_the_article_and_keeps_earlier_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    settings = DedupSettings()
    articles = list(_articles(80))
    for article in articles[:20]:
        store_article(db, article, settings)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 3}")
    with pytest.raises(DatabaseError) as info:
        for article in articles[20:]:
            store_article(db, article, settings)
    assert "disk full" in str(info.value) and str(path) in str(info.value)
    assert not db.conn.in_transaction
    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored >= 20
    # No partial article: every stored article has its fingerprint keys and a story.
    orphans = db.execute(
        "SELECT count(*) FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM dedup_keys k WHERE k.article_id = a.id) "
        "OR NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)"
    ).fetchone()[0]
    assert orphans == 0
    db.close()
    assert _integrity(path) == "ok"
    # Lifting the cap and storing again fills the gap without duplicates.
    db = open_db(path)
    for article in articles:
        store_article(db, article, settings)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 80


def _limit_file_size(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_ingest_on_a_full_disk_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    records = tmp_path / "in.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in synthetic_articles(400, seed=9)))
    assert run_cli("--db", str(path), "migrate").returncode == 0  # creates the schema
    size_before = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(path), "ingest", str(records)],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        # Room for the WAL of one batch of 256 articles (about 4 MB) but not of two.
        preexec_fn=_limit_file_size(size_before + 5_000_000),
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in result.stderr, (
        result.stderr
    )
    assert _integrity(path) == "ok"
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 0 < stored < 400
        keyless = conn.execute(
            "SELECT count(*) FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM dedup_keys k WHERE k.article_id = a.id)"
        ).fetchone()[0]
        assert keyless == 0


def test_read_only_database_is_refused_before_any_request(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "news.db"
    open_db(path).close()
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, path), encoding="utf-8")
    demo_network.clear_requests()
    result = run_cli("--config", str(config), "--db", f"file:{path}?mode=ro", "crawl", "wirewire")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: database is read-only: {path}"
    assert demo_network.requested_paths("wirewire") == []


def test_a_crawl_whose_last_batch_cannot_be_stored_fails(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A small crawl stores its only batch as the spider closes; a full disk there must
    # still fail the crawl (exit 1), not end as "finished".
    path = tmp_path / "news.db"
    open_db(path).close()
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, path), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "plainpost"],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_file_size(40_000),
        timeout=120,  # the WAL may not pass 40 kB
    )
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "plainpost: storage_failed" in result.stdout
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert _integrity(path) == "ok"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
