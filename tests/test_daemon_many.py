"""More sources than crawl slots (QA s43, G4): the first runs are spread, a source whose run
waits for a slot says so in one line, and the daemon says at start when the slots are too
few for the schedules. The daemon runs as a child process; crawls are stand-in scripts.
"""

from __future__ import annotations

import re
import signal
from datetime import timedelta
from pathlib import Path

from conftest import wait_for
from test_daemon import PY, DaemonProcess, config_text

from aggregator.schema import utc_now
from app.daemon.service import spread_first_runs
from storage.db import open_db
from storage.runs import RunCounts, RunReport, record_run


def ran_before(db: Path, names: str, *, ago: timedelta, lasting: timedelta) -> None:
    """Record one successful run of each source (one letter each), ``ago`` ago."""
    store = open_db(db)
    try:
        for name in names:
            began = utc_now() - ago
            record_run(store, RunReport(name, began, began + lasting, "ok"), RunCounts())
    finally:
        store.close()


def test_first_runs_are_spread_and_a_waiting_source_says_it_waits(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    every = "schedule: {every: 4s}"
    config.write_text(config_text({"a": every, "b": every, "c": every}, cap=1, db=db))
    # Each ran an hour ago for 6 s: all three are due, and one slot cannot run them.
    ran_before(db, "abc", ago=timedelta(hours=1), lasting=timedelta(seconds=6))
    (tmp_path / "crawl.py").write_text("import time; time.sleep(6)")
    daemon = DaemonProcess(tmp_path, config, f"{PY} {tmp_path}/crawl.py --run-id {{run_id}}")
    try:
        # b's first run (due about 1.3 s after a's) waits for a's slot past its next fire.
        waiting = wait_for(
            lambda: [
                line
                for line in daemon.stderr().splitlines()
                if "scheduled run skipped source=b" in line
            ],
            timeout=40,
            what="b's skipped fire",
        )
        log = daemon.stderr()
        daemon.signal(signal.SIGTERM)
        assert daemon.wait(30) == 0
    finally:
        daemon.kill()
    assert "its previous run is still waiting for a crawl slot" in waiting[0]
    assert "previous run is still going" not in waiting[0]
    # One line per skip: APScheduler's own is filtered out.
    assert "maximum number of running instances" not in log
    nexts = re.findall(r"source scheduled source=\w+ .* next=(\S+)", log)
    assert len(nexts) == 3 and len(set(nexts)) == 3, nexts
    assert (
        "first runs of 3 sources due now spread: 1 at a time, a group every 6.0s (a typical "
        "run) or less, within one period" in log
    )
    too_few = [line for line in log.splitlines() if "need about" in line]
    assert len(too_few) == 1 and "WARNING" in too_few[0]
    assert "3 sources need about 4.5 crawl slots" in too_few[0]
    assert "max_parallel_crawls is 1" in too_few[0]


def test_a_coordinator_queues_every_due_source_at_once(tmp_path: Path, redis_url: str) -> None:
    """With cluster: set the workers crawl, not the daemon's slots: nothing is spread by
    max_parallel_crawls and no slot warning is given (the review of stop 43)."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    every = "schedule: {every: 1h}"
    text = config_text({"a": every, "b": every, "c": every}, cap=1, db=db)
    config.write_text(text + f"cluster: {{redis_url: '{redis_url}'}}\n")
    # Runs of 10 minutes would spread three sources on one slot 20 minutes apart.
    ran_before(db, "abc", ago=timedelta(hours=2), lasting=timedelta(minutes=10))
    daemon = DaemonProcess(tmp_path, config, None)
    try:
        wait_for(
            lambda: daemon.stderr().count("crawl queued source=") >= 3,
            timeout=40,
            what="three crawls queued",
        )
        log = daemon.stderr()
        daemon.signal(signal.SIGTERM)
        assert daemon.wait(30) == 0
    finally:
        daemon.kill()
    assert "spread" not in log
    assert "need about" not in log
    assert len(set(re.findall(r"source scheduled source=\w+ .* next=(\S+)", log))) == 1


def test_spread_first_runs_puts_groups_of_slots_a_run_apart_within_a_period() -> None:
    now = utc_now()
    half_hour = timedelta(minutes=30)
    run = timedelta(seconds=8)
    due = [(f"s{i}", half_hour) for i in range(2000)]
    firsts = spread_first_runs(due, now, 2, run)
    assert firsts["s0"] == firsts["s1"] == now
    # 1,000 groups a run apart would take 8,000 s: they are 1.8 s apart instead.
    assert firsts["s2"] - now == timedelta(seconds=1.8)
    assert max(firsts.values()) - now == half_hour - timedelta(seconds=1.8)
    assert sorted(firsts.values()) == [firsts[f"s{i}"] for i in range(2000)]
    few = spread_first_runs(due[:5], now, 2, run)
    assert [few[f"s{i}"] - now for i in range(5)] == [timedelta(0)] * 2 + [run] * 2 + [2 * run]
