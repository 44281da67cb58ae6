"""The shards of ``crawl --processes`` end with their parent however it ends, stop once
when signalled with it, and their runs keep what they stored (review 49c, F1 to F4).

Each crawl runs in a child process against a loopback site whose slow articles send a
byte a second, so that pages are in flight when the parent goes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import REPO, ctrl_c_delivered, run_cli, wait_for
from pageserver import PageServer
from test_crawl_signals import _alive, _runs, _said, _start, _stop, slow_in_flight, slow_pages
from test_crawl_signals import _config as _signals_config
from test_crawl_stubborn import article, rss
from test_operator_review import stored_count


def _slow_site(site: PageServer, quick: int = 0) -> tuple[str, list[list[str]]]:
    """A feed of ``quick`` articles that arrive at once and slow ones, 3 at least for each
    of two shards, that take SLOW_SECONDS; the feed's URL, and the slow URLs by shard."""
    pages = [
        site.put(f"/news/item-{i}", article(f"Harbour council agrees item number {i} today"))
        for i in range(quick)
    ]
    slow = slow_pages(site, shards=2, each=3)
    feed = site.put("/feed.xml", rss(*pages, *sum(slow, [])), content_type="application/rss+xml")
    return feed, slow


def _config(tmp_path: Path, feed: str, grace: str) -> Path:
    """test_crawl_signals' config, with room for every page of a shard at once: the quick
    articles are not held behind the slow ones."""
    config = _signals_config(tmp_path, feed, grace)
    settings = json.loads(config.read_text())
    settings["sources"][0]["politeness"]["concurrency_per_domain"] = 16
    config.write_text(json.dumps(settings))
    return config


def _new_counted(db: Path) -> int:
    return sum(run["articles_new"] or 0 for run in _runs(db))


def test_shards_of_a_killed_parent_stop_and_hold_the_lock_until_they_do(tmp_path: Path) -> None:
    """SIGKILL of the parent (the OOM killer, `kill -9`) left its shards crawling for as long
    as their pages took, without the lock: a second crawl of the source ran beside them.
    Now each shard sees its pipe end and stops (at once after the grace period), its
    run recorded, and the source stays locked until the last of them has ended."""
    with PageServer() as site:
        feed, slow = _slow_site(site)
        config = _config(tmp_path, feed, grace="10s")
        db = tmp_path / "news.db"
        log = tmp_path / "parent.log"
        parent = _start(config, "harbour", "--processes", "2", log=log)
        try:
            wait_for(lambda: len(_runs(db)) == 2, timeout=60, what="both shards' runs")
            wait_for(lambda: slow_in_flight(site, slow), timeout=60, what="slow articles in flight")
            shards = [run["pid"] for run in _runs(db)]
            parent.send_signal(signal.SIGKILL)
            parent.wait(timeout=30)  # its stdout is the shards' too: not read to its end
            wait_for(
                lambda: _said(log, "the parent process closed the pipe") == 2,
                timeout=30,
                what="both shards told their parent is gone",
            )
            second = run_cli("--config", str(config), "crawl", "harbour", timeout=60)
            assert [pid for pid in shards if _alive(pid)], "the shards ended before the check"
            wait_for(
                lambda: not any(_alive(pid) for pid in shards),
                timeout=60,
                what="the shards to end",
            )
        finally:
            _stop(parent)
    assert second.returncode == 75, second.stderr
    assert "harbour: being crawled by another process" in second.stderr
    runs = _runs(db)
    assert len(runs) == 2
    assert {r["status"] for r in runs} == {"shutdown"}, runs
    assert all(r["ended_at"] for r in runs), runs


def test_sighup_to_the_parent_stops_its_shards(tmp_path: Path) -> None:
    """SIGHUP (the terminal or ssh session hung up) ended the parent at once, its shards
    crawling on. Now it stops the crawl as SIGTERM does: exit 130, no shard left."""
    with PageServer() as site:
        feed, _ = _slow_site(site)
        config = _config(tmp_path, feed, grace="3s")
        db = tmp_path / "news.db"
        log = tmp_path / "parent.log"
        parent = _start(config, "harbour", "--processes", "2", log=log)
        try:
            wait_for(lambda: len(_runs(db)) == 2, timeout=60, what="both shards' runs")
            parent.send_signal(signal.SIGHUP)
            parent.communicate(timeout=60)
        finally:
            _stop(parent)
    assert parent.returncode == 130
    runs = _runs(db)
    assert [pid for pid in (r["pid"] for r in runs) if _alive(pid)] == []
    assert {r["status"] for r in runs} <= {"interrupted", "shutdown"}, runs


def test_sigterm_to_the_parent_and_its_shards_at_once_is_one_graceful_stop(
    tmp_path: Path,
) -> None:
    """`systemctl stop` (KillMode=control-group) signals every process at once; the parent
    passed the signal on as a second one, and each shard forced an unclean shutdown.
    Now each shard stops gracefully, once; the parent exits 130 with one error line."""
    with PageServer() as site:
        feed, slow = _slow_site(site)
        config = _config(tmp_path, feed, grace="3s")
        db = tmp_path / "news.db"
        log = tmp_path / "parent.log"
        parent = _start(config, "harbour", "--processes", "2", log=log)
        try:
            wait_for(lambda: len(_runs(db)) == 2, timeout=60, what="both shards' runs")
            wait_for(lambda: slow_in_flight(site, slow), timeout=60, what="slow articles in flight")
            for pid in [parent.pid, *(run["pid"] for run in _runs(db))]:
                os.kill(pid, signal.SIGTERM)
            parent.communicate(timeout=60)
        finally:
            _stop(parent)
    assert parent.returncode == 130
    assert _said(log, "Received SIGTERM, shutting down gracefully") == 2
    # Whether a shard's signal or its pipe's end came first: one graceful stop.
    assert _said(log, "forcing unclean shutdown") == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("error")] == [
        "error: interrupted; the articles stored are kept: crawl again for the rest"
    ]
    runs = _runs(db)
    assert [pid for pid in (r["pid"] for r in runs) if _alive(pid)] == []
    assert {r["status"] for r in runs} <= {"interrupted", "shutdown"}, runs


def test_shards_killed_after_the_grace_period_keep_their_counts(tmp_path: Path) -> None:
    """Review 49c count_repro `term`: shards killed after the grace period had their runs
    say 0 new articles and 0 pages for the 6 articles they stored."""
    with PageServer() as site:
        feed, _ = _slow_site(site, quick=6)
        config = _config(tmp_path, feed, grace="3s")
        db = tmp_path / "news.db"
        parent = _start(config, "harbour", "--processes", "2", log=tmp_path / "parent.log")
        try:
            wait_for(lambda: stored_count(db) == 6, timeout=90, what="the quick articles stored")
            parent.send_signal(signal.SIGTERM)
            parent.communicate(timeout=60)
        finally:
            _stop(parent)
    assert parent.returncode == 130
    runs = _runs(db)
    assert {r["status"] for r in runs} <= {"interrupted", "shutdown"}, runs
    assert _new_counted(db) == stored_count(db) == 6
    assert sum(r["pages_fetched"] for r in runs) >= 6


def test_shards_killed_with_their_parent_are_counted_once(tmp_path: Path) -> None:
    """Review 49c count_repro `kill`: the parent and its shards SIGKILLed at once (the OOM
    killer of the cgroup); the next crawl marked each shard's run crashed counting all
    the articles stored in its window: 12 counted for 6 stored."""
    with PageServer() as site:
        feed, _ = _slow_site(site, quick=6)
        config = _config(tmp_path, feed, grace="3s")
        db = tmp_path / "news.db"
        parent = _start(config, "harbour", "--processes", "2", log=tmp_path / "parent.log")
        try:
            wait_for(lambda: stored_count(db) == 6, timeout=90, what="the quick articles stored")
            shards = [run["pid"] for run in _runs(db)]
            for pid in [parent.pid, *shards]:
                os.kill(pid, signal.SIGKILL)
            parent.communicate(timeout=30)
            # Gone, not only dead: a zombie not reaped yet is a live pid to the next crawl.
            wait_for(
                lambda: not any(Path(f"/proc/{pid}").exists() for pid in shards),
                timeout=30,
                what="the shards reaped",
            )
            with (tmp_path / "next.log").open("wb") as err:
                after = subprocess.Popen(
                    [sys.executable, "-m", "app", "--config", str(config), "crawl", "harbour"],
                    cwd=REPO,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                )
            try:
                # Its run row is written once the earlier ones are marked crashed.
                wait_for(lambda: len(_runs(db)) == 3, timeout=60, what="the next crawl's run")
                after.send_signal(signal.SIGKILL)
                after.communicate(timeout=60)
            finally:
                _stop(after)
        finally:
            _stop(parent)
    crashed = [r for r in _runs(db) if r["pid"] in shards]
    assert [r["status"] for r in crashed] == ["crashed", "crashed"]
    assert sum(r["articles_new"] for r in crashed) == 6


def test_a_shard_signalled_just_after_its_pipe_ended_still_stops_once(tmp_path: Path) -> None:
    """systemd's SIGTERM may reach a shard just after its parent's stop ended the pipe:
    that signal is taken as the first, not as a second that forces an unclean stop.

    The grace period leaves the shards time to take the test's signal before their parent
    kills them at its end, on a loaded machine too."""
    with PageServer() as site:
        feed, slow = _slow_site(site)
        config = _config(tmp_path, feed, grace="10s")
        db = tmp_path / "news.db"
        log = tmp_path / "parent.log"
        parent = _start(config, "harbour", "--processes", "2", log=log)
        try:
            wait_for(lambda: len(_runs(db)) == 2, timeout=60, what="both shards' runs")
            wait_for(lambda: slow_in_flight(site, slow), timeout=60, what="slow articles in flight")
            parent.send_signal(signal.SIGTERM)
            wait_for(
                lambda: _said(log, "the parent process closed the pipe") == 2,
                timeout=30,
                what="both shards told by the pipe",
            )
            for run in _runs(db):
                os.kill(run["pid"], signal.SIGTERM)
            wait_for(
                lambda: _said(log, "Received SIGTERM, shutting down gracefully") == 2,
                timeout=30,
                what="both shards' signals taken",
            )
            parent.communicate(timeout=60)
        finally:
            _stop(parent)
    assert parent.returncode == 130
    assert _said(log, "forcing unclean shutdown") == 0
    assert _said(log, "stopped at once") == 0


def _hang_up_ignored() -> None:
    """``preexec_fn`` for a parent started under ``nohup`` (SIGHUP ignored)."""
    ctrl_c_delivered()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def test_a_parent_started_ignoring_sighup_crawls_on_through_a_hang_up(tmp_path: Path) -> None:
    """`nohup aggregator crawl SRC --processes 2 &`: the parent's stop handler replaced
    nohup's "ignore SIGHUP", so the session hanging up stopped the crawl (exit 130). An
    ignored signal now stays ignored: the crawl ends on its own, every run finished."""
    with PageServer() as site:
        pages = [site.put(f"/news/item-{i}", article(f"Harbour item number {i}")) for i in range(3)]
        pages.append(site.put("/news/slow", trickle=[b"<"] * 4))
        feed = site.put("/feed.xml", rss(*pages), content_type="application/rss+xml")
        config = _config(tmp_path, feed, grace="3s")
        db = tmp_path / "news.db"
        with (tmp_path / "parent.log").open("wb") as err:
            parent = subprocess.Popen(
                [sys.executable, "-m", "app", "--config", str(config), "--log-level", "info"]
                + ["crawl", "harbour", "--processes", "2"],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=err,
                stdin=subprocess.DEVNULL,
                preexec_fn=_hang_up_ignored,
            )
        try:
            wait_for(lambda: site.hits("/news/slow") >= 1, timeout=60, what="the slow page asked")
            parent.send_signal(signal.SIGHUP)
            parent.communicate(timeout=90)
        finally:
            _stop(parent)
    assert parent.returncode == 0, (tmp_path / "parent.log").read_text()[-2000:]
    runs = _runs(db)
    assert len(runs) == 2 and {r["status"] for r in runs} == {"ok"}, runs
    assert _said(tmp_path / "parent.log", "closed the pipe") == 0


def test_a_shard_run_by_hand_with_stdin_not_a_pipe_crawls_its_share(tmp_path: Path) -> None:
    """Only a pipe or a socket on stdin is its parent's: a `--shard` crawl run by hand with
    /dev/null there stopped at once ("stopped at once … not stored"); it now crawls."""
    with PageServer() as site:
        pages = [site.put(f"/news/item-{i}", article(f"Harbour item number {i}")) for i in range(3)]
        feed = site.put("/feed.xml", rss(*pages), content_type="application/rss+xml")
        config = _config(tmp_path, feed, grace="3s")
        result = run_cli("--config", str(config), "crawl", "--shard", "0/1", "harbour")
    assert result.returncode == 0, result.stderr[-2000:]
    assert [r["status"] for r in _runs(tmp_path / "news.db")] == ["ok"]
    assert stored_count(tmp_path / "news.db") == 3
