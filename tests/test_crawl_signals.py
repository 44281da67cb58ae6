"""Signals to a crawl: none leaves a shard crawling without the source's lock, nor a run
'running' (QA stop 49, findings 1 and 2 and the exit status of an early SIGTERM).

Each crawl runs in a child process against a loopback site whose slow article sends a
byte a second, so that a page is in flight when the signal comes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conftest import REPO, ctrl_c_delivered, run_cli, wait_for
from pageserver import PageServer
from test_crawl_stubborn import article, rss
from test_operator_review import stored_count

from spiders.news import shard_of

SLOW_SECONDS = 40  # how long a slow article takes to arrive: longer than any test waits


def _config(tmp_path: Path, feed: str, grace: str = "30s") -> Path:
    config = tmp_path / "config.yaml"
    source = {
        "name": "harbour",
        "feeds": [feed],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 60, "run_timeout": "5m"},
    }
    settings = {"database": str(tmp_path / "news.db"), "daemon": {"grace_period": grace}}
    config.write_text(json.dumps({**settings, "sources": [source]}))  # JSON is YAML
    return config


def slow_pages(site: PageServer, shards: int = 2, each: int = 2) -> list[list[str]]:
    """Slow articles, ``each`` at least in every one of ``shards`` shards, their URLs by
    shard: the split hashes the URL, the server's port too, so a fixed list of pages may
    leave a shard none to be fetching when a signal comes."""
    by_shard: list[list[str]] = [[] for _ in range(shards)]
    for i in range(64):
        if min(len(paths) for paths in by_shard) >= each:
            return by_shard
        url = site.put(f"/news/slow-{i}", trickle=[b"<"] * SLOW_SECONDS)
        by_shard[shard_of(url, shards)].append(url)
    raise AssertionError(f"64 URLs left a shard with fewer than {each} slow articles")


def slow_in_flight(site: PageServer, by_shard: list[list[str]]) -> bool:
    """Whether every shard is fetching a slow article."""
    return all(any(site.hits(urlsplit(url).path) for url in urls) for urls in by_shard)


def _start(config: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    """``aggregator crawl ARGS`` in a child that Ctrl-C reaches, its stderr in ``log``."""
    with log.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(config), "--log-level", "info"]
            + ["crawl", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            preexec_fn=ctrl_c_delivered,
        )


def _runs(db: Path) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute("SELECT * FROM crawl_runs ORDER BY id")]
        except sqlite3.OperationalError:  # no schema yet
            return []


def _said(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(text)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def _writer(fifo: Path) -> int | None:
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # ENXIO: nobody reads it yet
        return None


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.kill()
        child.communicate()


def _status_json(config: Path) -> dict[str, Any]:
    result = run_cli("--config", str(config), "status", "--json")
    assert result.returncode == 0, result.stderr
    return next(s for s in json.loads(result.stdout)["sources"] if s["source"] == "harbour")


def test_sigterm_to_the_parent_of_processes_stops_its_shards_before_the_lock_goes(
    tmp_path: Path,
) -> None:
    """`kill PID` of `crawl --processes 2` stopped the parent alone: its shards crawled on
    for half a minute without the lock, and a second crawl of the source ran beside them.
    Now each shard is passed the signal, the lock is held until all have ended (those
    still fetching after daemon.grace_period are killed, their runs 'interrupted')."""
    with PageServer() as site:
        slow = slow_pages(site)
        feed = site.put("/feed.xml", rss(*sum(slow, [])), content_type="application/rss+xml")
        config = _config(tmp_path, feed, grace="8s")
        db = tmp_path / "news.db"
        log = tmp_path / "parent.log"
        parent = _start(config, "harbour", "--processes", "2", log=log)
        try:
            # Each shard records its run inside its crawl, once Scrapy's handlers are set.
            wait_for(lambda: len(_runs(db)) == 2, timeout=60, what="both shards' runs")
            wait_for(lambda: slow_in_flight(site, slow), timeout=60, what="slow articles in flight")
            parent.send_signal(signal.SIGTERM)
            wait_for(
                lambda: _said(log, "the parent process closed the pipe") == 2,
                timeout=30,
                what="the signal passed on to both shards",
            )
            second = run_cli("--config", str(config), "crawl", "harbour", timeout=60)
            out, _ = parent.communicate(timeout=60)
        finally:
            _stop(parent)
    assert second.returncode == 75, second.stderr
    assert "harbour: being crawled by another process" in second.stderr
    assert parent.returncode == 130
    err = log.read_text(encoding="utf-8").splitlines()
    assert out.decode().splitlines()[-1].startswith("harbour: 2 processes, exit codes [")
    assert err[-1] == "error: interrupted; the articles stored are kept: crawl again for the rest"
    runs = _runs(db)
    assert len(runs) == 2
    assert [pid for pid in (r["pid"] for r in runs) if _alive(pid)] == []
    # Still fetching a slow article when the grace period ended: killed, and ended here.
    assert {r["status"] for r in runs} <= {"interrupted", "shutdown"}, runs
    assert all(r["ended_at"] for r in runs), runs


def test_a_second_ctrl_c_during_the_close_records_the_run_and_exits_130(tmp_path: Path) -> None:
    """A second Ctrl-C while the crawl waited for a page in flight stopped it with exit
    status 1, no message, and its run 'running' (with a dead pid) until the source's next
    crawl. Now the run is recorded 'shutdown' with what it stored, one line says so,
    and the crawl exits 130."""
    with PageServer() as site:
        quick = site.put("/news/council-agrees", article("Council agrees ferry plan"))
        slow = site.put("/news/landing-opens", trickle=[b"<"] * SLOW_SECONDS)
        feed = site.put("/feed.xml", rss(quick, slow), content_type="application/rss+xml")
        config = _config(tmp_path, feed)
        db = tmp_path / "news.db"
        log = tmp_path / "crawl.log"
        child = _start(config, "harbour", log=log)
        try:
            wait_for(lambda: stored_count(db) == 1, timeout=60, what="the quick article stored")
            assert site.hits("/news/landing-opens") == 1  # in flight
            child.send_signal(signal.SIGINT)
            wait_for(
                lambda: _said(log, "Received SIGINT, shutting down gracefully"),
                timeout=30,
                what="the first Ctrl-C taken",
            )
            child.send_signal(signal.SIGINT)
            out, _ = child.communicate(timeout=60)
        finally:
            _stop(child)
    assert child.returncode == 130
    assert out.decode().startswith("harbour: shutdown; 1 article pages fetched, 1 new")
    lines = log.read_text(encoding="utf-8").splitlines()
    errors = [line for line in lines if line.startswith("error") or " ERROR " in line]
    assert errors == [
        "error: interrupted: stopped at once (the pages in flight were not stored); "
        "the articles stored are kept: crawl again for the rest"
    ]
    [run] = _runs(db)
    assert (run["status"], run["articles_new"], run["pages_fetched"]) == ("shutdown", 1, 1)
    assert run["ended_at"]
    shown = _status_json(config)
    assert (shown["last_run"]["status"], shown["running"]) == ("shutdown", False)


def test_status_shows_the_run_of_a_killed_crawl_as_crashed(tmp_path: Path) -> None:
    """A crawl killed (SIGKILL) cannot record its end: `status` showed its run 'running'
    next to "running": false until the source's next crawl. Now it shows it 'crashed'."""
    with PageServer() as site:
        slow = site.put("/news/landing-opens", trickle=[b"<"] * SLOW_SECONDS)
        feed = site.put("/feed.xml", rss(slow), content_type="application/rss+xml")
        config = _config(tmp_path, feed)
        db = tmp_path / "news.db"
        child = _start(config, "harbour", log=tmp_path / "crawl.log")
        try:
            wait_for(lambda: site.hits("/news/landing-opens"), timeout=60, what="a page in flight")
            child.send_signal(signal.SIGKILL)
            child.communicate(timeout=30)
        finally:
            _stop(child)
        [run] = _runs(db)
        assert run["status"] == "running"  # as the killed crawl left it
        shown = _status_json(config)
        text = run_cli("--config", str(config), "status")
    assert (shown["last_run"]["status"], shown["running"]) == ("crashed", False)
    assert text.returncode == 0, text.stderr
    [line] = [line for line in text.stdout.splitlines() if line.startswith("harbour")]
    assert " crashed" in line and "running" not in line


def test_sigterm_before_the_crawl_starts_exits_130_as_documented(tmp_path: Path) -> None:
    """docs/crawling.md: a crawl exits 130 for either signal. SIGTERM before Scrapy had
    started (reading the config, here a pipe that gives nothing yet) exited 143."""
    config = tmp_path / "config.yaml"
    os.mkfifo(config)
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "harbour"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        # The pipe opens for writing once the crawl has opened it to read its config.
        writer = wait_for(lambda: _writer(config), timeout=60, what="the config being read")
        try:
            child.send_signal(signal.SIGTERM)
            out, err = child.communicate(timeout=60)
        finally:
            os.close(writer)
    finally:
        _stop(child)
    assert (child.returncode, out, err) == (130, b"", b"error: interrupted\n")
