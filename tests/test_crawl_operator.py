"""Crawls as an operator runs them by hand (issue 18, items 6, 7, 8 and 9).

Real ``aggregator crawl`` child processes against the fault server on
127.0.0.1: one crawl of a source at a time whoever starts it, an explicit
refresh of stored articles, recrawl counts by distinct URL, and a quiet dry
run. Plus the storage rule that an unchanged text never makes a version.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from faultserver import FaultServer
from test_crawl_faults import LIMITS, POLITENESS, crawl, feed
from test_site_boilerplate import CONFIG, NOW, page_html, text

from aggregator.config import parse_config
from aggregator.schema import FetchedPage
from app.crawling import EXIT_BUSY
from storage.db import open_db
from storage.locks import HeldLock, try_lock
from storage.pages import store_page
from storage.writes import StoreStatus

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def _config(fs: FaultServer, home: Path, feeds: list[str], **limits: Any) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    source = {
        "name": "faulty",
        "feeds": [fs.url + f for f in feeds],
        "politeness": POLITENESS,
        "limits": {**LIMITS, **limits},
    }
    path = home / "config.yaml"
    path.write_text(json.dumps({"database": str(home / "news.db"), "sources": [source]}))
    return path


def _start_crawl(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "faulty", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


# --- item 9: one crawl of a source at a time --------------------------------------------


def test_three_crawls_of_one_source_at_once_crawl_it_once(fs: FaultServer, tmp_path: Path) -> None:
    # An article that never answers keeps the crawl that got the lock busy for
    # three attempts of two seconds, while the other two start.
    listing = feed(fs, "/article/lock-1", "/hang/lock-slow")
    config = _config(fs, tmp_path, [listing], download_timeout=2)
    children = [_start_crawl(config) for _ in range(3)]
    results = [(child.wait(timeout=60), *child.communicate()) for child in children]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, EXIT_BUSY, EXIT_BUSY], results
    for code, out, err in results:
        if code == EXIT_BUSY:
            assert out == "" and err.count("\n") == 1, err
            assert "faulty: being crawled by another process (pid " in err
            assert "Traceback" not in err
    assert fs.stats()["hits"][listing] == 1
    assert fs.stats()["hits"]["/article/lock-1"] == 1
    db = open_db(tmp_path / "news.db", read_only=True)
    assert db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 1
    db.close()


def test_a_busy_source_is_not_fetched_and_the_lock_goes_with_its_holder(
    fs: FaultServer, tmp_path: Path
) -> None:
    listing = feed(fs, "/article/lock-held")
    config = _config(fs, tmp_path, [listing])
    held = try_lock(tmp_path / "news.db", "faulty")
    assert isinstance(held, HeldLock)
    busy = _start_crawl(config)
    out, err = busy.communicate(timeout=60)
    assert busy.returncode == EXIT_BUSY
    assert err.strip().endswith("not crawled this time") and "Traceback" not in err
    assert fs.stats()["hits"].get(listing, 0) == 0
    held.release()
    free = _start_crawl(config)
    out, err = free.communicate(timeout=60)
    assert free.returncode == 0, err
    assert "1 new" in out


def test_a_daemon_run_that_finds_its_source_busy_is_neither_failure_nor_success(
    fs: FaultServer, tmp_path: Path
) -> None:
    from app.daemon.ledger import consecutive_failures, is_failure, recent_runs
    from app.daemon.runner import decide_status
    from storage.runs import start_run

    config = _config(fs, tmp_path, [feed(fs, "/article/lock-daemon")])
    db = open_db(tmp_path / "news.db")
    run_id = start_run(db, "faulty")  # as the daemon creates it before the child
    held = try_lock(tmp_path / "news.db", "faulty")
    assert isinstance(held, HeldLock)
    child = _start_crawl(config, "--run-id", str(run_id))
    child.communicate(timeout=60)
    held.release()
    assert child.returncode == EXIT_BUSY
    (row,) = recent_runs(db, "faulty")
    db.close()
    status = decide_status(row.status, child.returncode, timed_out=False, interrupted=False)
    assert row.status == status == "busy"
    assert not is_failure(status) and consecutive_failures([row]) == 0


# --- item 9: an unchanged text never makes a version --------------------------------------


def test_a_page_fetched_again_after_its_boilerplate_was_learned_makes_no_version(
    fresh_db,  # type: ignore[no-untyped-def]
) -> None:
    config = parse_config(CONFIG)
    source = config.source("gazette")

    def store(topic: str) -> StoreStatus:
        page = FetchedPage(
            url=f"https://gazette.example/{topic}",
            source="gazette",
            html=page_html(f"The {topic} story", text(6, topic)),
            fetched_at=NOW,
        )
        return store_page(fresh_db, page, source, config).status

    # The council page is stored with the footer the next two stories teach as boilerplate.
    assert [store(t) for t in ("council", "harbour", "school")] == [StoreStatus.NEW] * 3
    # Fetched again, it is parsed without the footer: the same text, not an edit.
    assert store("council") is StoreStatus.UNCHANGED
    assert fresh_db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0
    (version,) = fresh_db.execute(
        "SELECT version FROM articles WHERE url = 'https://gazette.example/council'"
    ).fetchone()
    assert version == 1


# --- item 6: an explicit refresh ----------------------------------------------------------


def test_refresh_refetches_a_stored_article_no_feed_announces(
    fs: FaultServer, tmp_path: Path
) -> None:
    url = fs.url + "/versioned/refresh-1"
    kwargs: dict[str, Any] = {"feeds": ["/vfeed/refresh-1.xml"]}
    first = crawl(fs, tmp_path, **kwargs)
    assert first.returncode == 0 and first.run["articles_new"] == 1, first.output[-2000:]

    fs.control(edit="refresh-1")  # the page changes; its feed's <updated> does not move
    unannounced = crawl(fs, tmp_path, **kwargs)
    assert unannounced.hit("/versioned/refresh-1") == 1  # not fetched again
    assert unannounced.run["articles_unchanged"] == 1

    refreshed = crawl(fs, tmp_path, extra_args=("--refresh", url), **kwargs)
    assert refreshed.returncode == 0, refreshed.output[-2000:]
    assert refreshed.hit("/versioned/refresh-1") == 2
    assert refreshed.hit("/vfeed/refresh-1.xml") == 2  # a refresh discovers nothing
    sent = refreshed.headers["/versioned/refresh-1"][-1]
    assert sent.get("if-none-match") == '"refresh-1-v1"'  # conditional
    assert refreshed.run["articles_updated"] == 1
    assert refreshed.rows("SELECT count(*) FROM article_versions") == [(1,)]

    again = crawl(fs, tmp_path, extra_args=("--refresh", url), **kwargs)
    assert again.hit("/versioned/refresh-1") == 3
    assert again.stats["newsagg/articles_not_modified"] == 1  # 304: nothing new
    assert again.run["articles_unchanged"] == 1
    assert again.rows("SELECT count(*) FROM article_versions") == [(1,)]


def test_refresh_refuses_a_url_of_another_host_in_one_line(fs: FaultServer, tmp_path: Path) -> None:
    config = _config(fs, tmp_path, [feed(fs, "/article/refresh-scope")])
    child = _start_crawl(config, "--refresh", "http://127.0.0.2:9/elsewhere")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 2 and err.count("\n") == 1 and out == "", err
    assert err.startswith("error: --refresh: 'http://127.0.0.2:9/elsewhere' is not on a host")


# --- item 7: recrawl counts ---------------------------------------------------------------


def test_a_recrawl_counts_each_stored_article_once(fs: FaultServer, tmp_path: Path) -> None:
    # Two feeds list the same two articles: a stored article is one article, not two.
    paths = ("/article/recount-1", "/article/recount-2")
    kwargs: dict[str, Any] = {"feeds": [feed(fs, *paths), feed(fs, *paths)]}
    first = crawl(fs, tmp_path, **kwargs)
    assert first.run["articles_new"] == 2, first.output[-2000:]
    second = crawl(fs, tmp_path, **kwargs)
    assert second.returncode == 0
    assert second.stats["newsagg/articles_skipped_known"] == 2
    assert second.run["articles_unchanged"] == 2
    assert "0 new, 0 updated, 2 unchanged (2 of them stored and not refetched)" in second.output


# --- item 8: a quiet dry run --------------------------------------------------------------


def test_dry_run_prints_no_scrapy_log_at_the_default_level(fs: FaultServer, tmp_path: Path) -> None:
    config = _config(fs, tmp_path, [feed(fs, "/article/quiet-1", "/article/quiet-2")])
    child = _start_crawl(config, "--dry-run")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert err == "", err
    lines = out.splitlines()
    assert all(line.startswith("faulty\t") for line in lines), out
    assert sum("\tarticle (new)\t" in line for line in lines) == 2
