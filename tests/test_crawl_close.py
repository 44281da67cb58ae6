"""QA s48 (polite F2, F3): a crawl ends when it should, and a failing host is left alone.

Real crawls against the fault server (a child process each, a real SQLite file), judged
by the server's own record of the requests it got and by ``crawl_runs``:

* ``run_timeout`` bounds a crawl with a per-host delay: the requests still queued for
  their turn when it closes are dropped unsent (``closed_unsent``), not sent one delay
  apart for minutes; SIGTERM does the same with requests held by a Retry-After pause;
  under the daemon such a run ends on its own as ``closespider_timeout``, no failure;
* a robots.txt Crawl-delay over ``limits.max_crawl_delay`` gives its host up for the run;
* a host answering server errors is backed off, and given up after
  ``limits.max_server_errors_in_a_row`` of them in a row; one failing now and then is not.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, wait_for
from faultserver import FaultServer
from test_crawl_faults import LIMITS, POLITENESS, crawl, feed
from test_daemon import DaemonProcess, finished

from aggregator.config import Limits
from app.daemon.runner import decide_status
from spiders.settings import own_time_cap

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def _discovery(run: dict[str, Any]) -> dict[str, int]:
    return json.loads(run["discovery"] or "{}")


def test_run_timeout_ends_a_crawl_whose_requests_wait_out_a_download_delay(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA repro A: 2 s between requests and the close at 5 s (half of run_timeout: its own
    time cap) leave time for robots.txt, the feed and an article or two; the others waited
    in the host's slot, and Scrapy's close sent them all, 2 s apart, for 20 s more."""
    articles = [f"/article/close-delay-{i}" for i in range(12)]
    result = crawl(
        fs,
        tmp_path,
        feeds=[feed(fs, *articles)],
        politeness={"download_delay": 2, "concurrency_per_domain": 2},
        limits={"run_timeout": "10s"},
    )
    assert result.returncode == 0, result.output[-2000:]
    assert result.stats["finish_reason"] == "closespider_timeout"
    assert result.run["status"] == "closespider_timeout"
    asked = sum(result.hit(a) for a in articles)
    assert asked <= 3, result.hits
    assert _discovery(result.run)["closed_unsent"] == len(articles) - asked
    assert "closed_unsent" not in result.errors  # not the site's failure
    assert f"not followed: closed_unsent {len(articles) - asked}" in result.output


@pytest.fixture
def long_crawl_delay(fs: FaultServer) -> Iterator[None]:
    fs.control(robots="crawl-delay-long")  # Crawl-delay: 40
    yield
    fs.control(robots="allow")


def test_a_crawl_delay_over_the_cap_gives_the_host_up_with_one_warning(
    fs: FaultServer, tmp_path: Path, long_crawl_delay: None
) -> None:
    fs.control(reset="1")
    articles = [f"/article/close-slow-{i}" for i in range(3)]
    path = feed(fs, *articles)
    result = crawl(fs, tmp_path, feeds=[path])  # max_crawl_delay: its default, 30 s
    assert result.returncode == 0, result.output[-2000:]
    assert result.hits == {"/robots.txt": 1}
    assert result.errors["crawl_delay_too_long"] >= 1
    said = [line for line in result.output.splitlines() if "limits.max_crawl_delay" in line]
    assert len(said) == 1 and "WARNING" in said[0], said
    assert "asks for 40 s between requests, more than the 30 s" in said[0]
    assert result.stats["finish_reason"] == "finished"


def _start_crawl(fs: FaultServer, home: Path, source: dict[str, Any]) -> subprocess.Popen[bytes]:
    home.mkdir(parents=True, exist_ok=True)
    config = {"database": str(home / "news.db"), "sources": [source]}
    (home / "config.yaml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    with (home / "crawl.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(home / "config.yaml"), "crawl", "faulty"],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def test_sigterm_does_not_wait_out_a_retry_after_pause(fs: FaultServer, tmp_path: Path) -> None:
    """QA F2: a 429 asking for 60 s held the host's requests; SIGTERM's close then sent
    them one Retry-After apart. Now they are dropped unsent and the crawl ends."""
    paused = "/retry-after/close-term?value=60"
    articles = [f"/article/close-term-{i}" for i in range(5)]
    source = {
        "name": "faulty",
        "feeds": [fs.url + feed(fs, paused, *articles)],
        "politeness": {**POLITENESS, "concurrency_per_domain": 1, "download_delay": 0.3},
        "limits": {**LIMITS, "max_retry_after": "2m", "run_timeout": "5m"},
    }
    child = _start_crawl(fs, tmp_path, source)
    try:
        # A crawl child's start and its feed (not the wait's subject) take a loaded machine
        # a while: the bound leaves them the time the other crawl tests here do.
        wait_for(lambda: fs.stats()["hits"].get(paused), timeout=60, what="the 429")
        answered = fs.stats()["times"][paused][0]
        child.send_signal(signal.SIGTERM)
        # Interrupted (130), as Ctrl-C ends a crawl; the pause had 60 s to run.
        assert child.wait(timeout=30) == 130
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    times = fs.stats()["times"]
    assert [t for target in articles for t in times.get(target, []) if t > answered] == []
    assert times[paused] == [answered]  # not asked again either
    conn = sqlite3.connect(tmp_path / "news.db")
    conn.row_factory = sqlite3.Row
    try:
        run = dict(conn.execute("SELECT * FROM crawl_runs").fetchone())
    finally:
        conn.close()
    assert run["status"] == "shutdown"
    assert _discovery(run)["closed_unsent"] >= 1


def test_a_host_answering_500_to_everything_is_backed_off_then_given_up(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA F3: 30 links answering 500 were 90 requests at the normal rate."""
    articles = [f"/status/500/close-all-{i}" for i in range(30)]
    result = crawl(
        fs,
        tmp_path,
        feeds=[feed(fs, *articles)],
        politeness={"concurrency_per_domain": 2, "download_delay": 0},
        limits={"max_server_errors_in_a_row": 3},
    )
    assert result.returncode == 0, result.output[-2000:]
    asked = sorted(t for a in articles for t in result.times.get(a, []))
    assert 3 <= len(asked) <= 3 + 2, result.hits
    # Each URL failed once: the one that gave the host up (and any then on the wire) with
    # its 500, the rest, retries of those asked included, unsent.
    assert result.errors["host_failing"] + result.errors["http_5xx"] == len(articles)
    said = [line for line in result.output.splitlines() if "in a row were server errors" in line]
    assert len(said) == 1 and "giving up on 127.0.0.1:" in said[0], said
    # Each 500 doubled the host's delay from 1 s: the third request came 2 s after the first two.
    assert asked[2] - asked[1] >= 2 - 0.05, asked
    assert result.stats["finish_reason"] == "finished"


def test_a_host_failing_now_and_then_is_not_given_up(fs: FaultServer, tmp_path: Path) -> None:
    fs.control(reset="1")  # the server counts every third /intermittent/ request from here
    articles = [f"/intermittent/close-{i}" for i in range(12)]
    result = crawl(
        fs,
        tmp_path,
        feeds=[feed(fs, *articles)],
        politeness={"concurrency_per_domain": 1, "download_delay": 0},
        limits={"max_server_errors_in_a_row": 2},
    )
    assert result.returncode == 0, result.output[-2000:]
    assert sum(result.hit(a) for a in articles) > len(articles)  # some were asked again
    assert "host_failing" not in result.errors
    assert set(articles) <= result.paths()


def test_a_run_that_closed_itself_is_no_failure_to_the_daemon(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA F2 under the daemon: 3 s between requests and run_timeout 30 s. The crawl closes
    itself 15 s after its spider opens (run_timeout less download_timeout and its start);
    it used to go on sending what its slot held until the daemon's SIGTERM and SIGKILL,
    recorded as ``timeout``, a failure towards backoff_after_failures."""
    db = tmp_path / "news.db"
    source = {
        "name": "faulty",
        "feeds": [fs.url + feed(fs, *(f"/article/close-daemon-{i}" for i in range(15)))],
        "schedule": {"every": "1h"},
        "politeness": {**POLITENESS, "download_delay": 3, "concurrency_per_domain": 2},
        "limits": {**LIMITS, "run_timeout": "30s", "download_timeout": 10},
    }
    config = tmp_path / "config.yaml"
    daemon = {"max_parallel_crawls": 1, "grace_period": "12s", "backoff_after_failures": 1}
    config.write_text(json.dumps({"database": str(db), "daemon": daemon, "sources": [source]}))
    process = DaemonProcess(tmp_path, config, None)
    try:
        (run,) = wait_for(
            lambda: [r for r in finished(db, "faulty") if r["exit_code"] is not None],
            timeout=80,
            what="the crawl's end",
        )
        process.signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        process.kill()
    assert (run["status"], run["exit_code"]) == ("closespider_timeout", 0), process.stderr()
    assert "sending SIGTERM" not in process.stderr()


def test_a_child_past_the_limit_that_ended_well_on_its_own_keeps_its_report() -> None:
    def decide(recorded: str, code: int | None) -> str:
        return decide_status(recorded, code, timed_out=True, interrupted=False)

    # Closing at its own time cap when the limit came: it ended, and said so.
    assert decide("closespider_timeout", 0) == "closespider_timeout"
    assert decide("finished", 0) == "finished"
    # Stopped by the daemon's SIGTERM, killed, or never reporting: the daemon's timeout.
    assert decide("shutdown", 0) == "timeout"
    assert decide("closespider_timeout", -9) == "timeout"
    assert decide("running", 0) == "timeout"


def test_a_crawl_closes_itself_early_enough_for_its_start_and_a_request() -> None:
    assert own_time_cap(Limits()) == 27 * 60  # 90 % of the default 30 minutes, as before
    # run_timeout less download_timeout less 5 s for the child's start...
    assert own_time_cap(Limits(run_timeout="30s", download_timeout=10)) == 15
    # ...but never less than half of it.
    assert own_time_cap(Limits(run_timeout="20s", download_timeout=20)) == 10
