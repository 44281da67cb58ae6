"""``crawl SOURCE --processes N`` is one run to its readers (migration m029): its shards'
``crawl_runs`` rows share a crawl id, and ``status`` shows one run whose figures are the
sum of theirs. A store from before m029 still opens and reads, its rows as before.

Real crawls (the CLI in child processes) of a loopback site into a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_store import sql_rows
from conftest import run_cli
from pageserver import PageServer
from test_crawl_signals import _config
from test_crawl_stubborn import article, rss

from spiders.news import shard_of

pytestmark = pytest.mark.timeout(300)

# Articles served in each of the two shards, and URLs that answer 404 (one per shard).
EACH = 3


def _site(site: PageServer, missing_in: tuple[int, ...] = (0, 1)) -> str:
    """A feed of EACH articles in each of two shards, and one missing page in each shard of
    ``missing_in``; its URL."""
    good: list[list[str]] = [[], []]
    missing: list[list[str]] = [[], []]
    for i in range(64):
        if min(map(len, good)) >= EACH and all(missing[shard] for shard in missing_in):
            break
        url = site.url(f"/news/item-{i}")
        shard = shard_of(url, 2)
        if len(good[shard]) < EACH:
            site.put(f"/news/item-{i}", article(f"Harbour council agrees item number {i} today"))
            good[shard].append(url)
        elif shard in missing_in and not missing[shard]:
            site.put(f"/news/item-{i}", "gone", status=404)
            missing[shard].append(url)
    assert min(map(len, good)) == EACH and all(missing[shard] for shard in missing_in)
    links = [url for shard in (0, 1) for url in (*good[shard], *missing[shard])]
    return site.put("/feed.xml", rss(*links), content_type="application/rss+xml")


def _crawl_in_two_processes(config: Path) -> None:
    done = run_cli("--config", str(config), "crawl", "harbour", "--processes", "2")
    assert done.returncode == 0, done.stderr[-3000:]


def _status(config: Path) -> dict[str, Any]:
    result = run_cli("--config", str(config), "status", "--json")
    assert result.returncode == 0, result.stderr
    (status,) = json.loads(result.stdout)["sources"]
    assert isinstance(status, dict)
    return status


def _last_run(config: Path) -> dict[str, Any]:
    last = _status(config)["last_run"]
    assert isinstance(last, dict)
    return last


def _rows(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM crawl_runs ORDER BY id")]


def test_status_shows_a_crawl_of_two_processes_as_one_run_with_its_figures_summed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    with PageServer() as site:
        config = _config(tmp_path, _site(site))
        _crawl_in_two_processes(config)
        shards = _rows(db)
        assert len(shards) == 2
        # Each shard counted its own share: its articles and its one missing page.
        assert [row["articles_new"] for row in shards] == [EACH, EACH]
        assert [json.loads(row["errors"]) for row in shards] == [{"http_4xx": 1}] * 2

        last = _last_run(config)
        stored = sql_rows(db, "SELECT count(*) FROM articles")[0][0]
        assert last["articles_new"] == 2 * EACH == stored
        assert last["pages_fetched"] == sum(row["pages_fetched"] for row in shards)
        assert last["errors"] == {"http_4xx": 2}
        assert (last["status"], last["shards"]) == ("ok", 2)
        assert last["id"] == shards[0]["id"]
        assert last["started_at"] == min(row["started_at"] for row in shards)
        assert last["ended_at"] == max(row["ended_at"] for row in shards)

        # A crawl after it is a run of its own: all stored, nothing new.
        _crawl_in_two_processes(config)
        again = _last_run(config)
        assert again["shards"] == 2 and again["articles_new"] == 0
        assert again["started_at"] > last["ended_at"]
        assert len(_rows(db)) == 4
    text = run_cli("--config", str(config), "status")
    assert text.returncode == 0, text.stderr
    (line,) = [line for line in text.stdout.splitlines() if line.startswith("harbour ")]
    assert " ok, 2 errors " in line, text.stdout


def test_a_crawl_is_clean_when_every_shard_is_and_ends_with_its_last(tmp_path: Path) -> None:
    """status's last success, last run without errors and failing streak read the crawl
    too: one shard without errors is no clean run when the other had some."""
    with PageServer() as site:
        config = _config(tmp_path, _site(site, missing_in=(0,)))
        _crawl_in_two_processes(config)
    errors = [json.loads(row["errors"]) for row in _rows(tmp_path / "news.db")]
    assert sorted(map(len, errors)) == [0, 1]  # one shard clean, one with an error
    status = _status(config)
    last = status["last_run"]
    assert (last["status"], last["errors"]) == ("ok", {"http_4xx": 1})
    assert status["last_run_without_errors"] is None
    assert status["failing_since"] == last["started_at"]
    assert status["last_success"] == last["ended_at"]


def test_a_prune_keeps_every_shard_of_a_crawl_it_keeps(tmp_path: Path) -> None:
    """A prune keeps each source's latest run however old: of a crawl --processes, every
    shard's row, or the crawl would read as the one shard kept."""
    with PageServer() as site:
        config = _config(tmp_path, _site(site, missing_in=()))
        _crawl_in_two_processes(config)
    settings = json.loads(config.read_text())
    config.write_text(json.dumps({**settings, "retention": {"keep": "30d"}}))
    db = tmp_path / "news.db"
    with sqlite3.connect(db) as conn:  # as if crawled 40 days ago
        conn.execute(
            "UPDATE crawl_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', "
            "started_at, '-40 days'), ended_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', "
            "ended_at, '-40 days')"
        )
    before = _last_run(config)
    assert (before["shards"], before["articles_new"]) == (2, 2 * EACH)
    pruned = run_cli("--config", str(config), "prune")
    assert pruned.returncode == 0, pruned.stderr
    assert sql_rows(db, "SELECT count(*) FROM crawl_runs") == [(2,)]
    assert _last_run(config) == before


def test_a_prune_takes_a_crawls_shards_only_when_all_started_before_the_cutoff(
    tmp_path: Path,
) -> None:
    """A crawl's shards start seconds apart, so a cutoff can fall between them: the prune
    takes its rows when every one started before it, never some (review 52, F3), or the
    crawl would read as the shards left, their figures as the whole."""
    with PageServer() as site:
        config = _config(tmp_path, _site(site, missing_in=()))
        _crawl_in_two_processes(config)
        _crawl_in_two_processes(config)  # the latest crawl, which a prune keeps
    settings = json.loads(config.read_text())
    config.write_text(json.dumps({**settings, "retention": {"keep": "30d"}}))
    db = tmp_path / "news.db"
    first, second = (row["id"] for row in _rows(db)[:2])

    def started(run: int, days_ago: int) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute(
                "UPDATE crawl_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', "
                "'now', ?), ended_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', ?) "
                "WHERE id = ?",
                [f"-{days_ago} days", f"-{days_ago} days", run],
            )

    def pruned() -> list[tuple[object, ...]]:
        done = run_cli("--config", str(config), "prune")
        assert done.returncode == 0, done.stderr
        return sql_rows(db, "SELECT id FROM crawl_runs ORDER BY id")

    started(first, 31)
    started(second, 29)
    assert len(pruned()) == 4
    started(second, 31)
    left = [run for (run,) in pruned()]
    assert len(left) == 2 and first not in left and second not in left


def _before_m029(path: Path) -> None:
    """Put a database back in its state before migration m029: no crawl id, no record of
    the sources ingest stored pages under."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DROP INDEX crawl_runs_crawl")
            conn.execute("ALTER TABLE crawl_runs DROP COLUMN crawl_id")
            conn.execute("DROP TABLE ingested_sources")
            conn.execute(
                "DELETE FROM _sqlite_migrations "
                "WHERE name = 'm029_shared_crawls_and_ingested_sources'"
            )
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def test_a_store_made_before_m029_reads_its_shards_as_before_then_upgrades(
    tmp_path: Path,
) -> None:
    with PageServer() as site:
        config = _config(tmp_path, _site(site))
        _crawl_in_two_processes(config)
    db = tmp_path / "news.db"
    _before_m029(db)
    shards = _rows(db)
    assert "crawl_id" not in shards[0]
    # Readers never migrate: the shards' rows read as runs of their own, the one that
    # started last the source's last run, as before m029.
    latest = max(shards, key=lambda row: (row["started_at"], row["id"]))
    last = _last_run(config)
    assert (last["id"], last["shards"]) == (latest["id"], 1)
    assert last["articles_new"] == latest["articles_new"] == EACH

    migrated = run_cli("--config", str(config), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m029_shared_crawls_and_ingested_sources" in migrated.stdout
    assert sql_rows(db, "SELECT crawl_id FROM crawl_runs") == [(None,), (None,)]
    assert sql_rows(db, "SELECT count(*) FROM ingested_sources") == [(0,)]
    # Rows without a crawl id keep reading as they did.
    assert _last_run(config) == last
