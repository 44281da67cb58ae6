"""A daemon stopped while a run waits to write its row (QA ops pass 52, item 1).

Another program's write transaction (an operator's sqlite3 shell) held the database when
a run fell due; SIGTERM came meanwhile. The daemon said "daemon stopped" and freed its
lock after 10 s, then wrote the run's row and started a crawl it killed at once, beside a
second daemon let in. Real daemon processes with stand-in crawl children, a real SQLite
write transaction; every wait polls the log or the database with a deadline.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_daemon import OK, PY, DaemonProcess, _script_command, config_text, runs, wait_for

from storage.db import open_db

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[DaemonProcess]:
    """A daemon whose first run of ``alpha`` is due at its start, the database's write
    lock held by another connection from before it started."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    with contextlib.closing(open_db(db)):
        pass  # created and migrated, so that the daemon's start writes nothing
    process = DaemonProcess(tmp_path, config, _script_command(tmp_path, {"alpha": OK}))
    yield process
    process.kill()


@contextlib.contextmanager
def write_lock(db: Path) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` in a connection of our own, committed on leaving."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def _started(daemon: DaemonProcess) -> None:
    wait_for(lambda: "daemon started" in daemon.stderr(), 30, "the daemon's start")


def test_a_run_written_after_the_stop_began_starts_no_crawl_and_a_second_daemon_is_refused(
    daemon: DaemonProcess, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    with write_lock(db):
        _started(daemon)  # its first run is due at once, and waits for the write lock
        daemon.signal(signal.SIGTERM)
        wait_for(lambda: "daemon stopping" in daemon.stderr(), what="the stop")
        second = subprocess.run(
            [PY, "-m", "app", "--config", str(tmp_path / "config.yaml"), "daemon"],
            capture_output=True, text=True, timeout=30, cwd=tmp_path, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert second.returncode == 1
        assert second.stderr == f"error: a daemon (pid {daemon.proc.pid}) already runs on {db}\n"
    assert daemon.wait(60) == 0
    log = daemon.stderr()
    assert "crawl started" not in log, log
    # Its row, written once the lock was free, says the run was stopped; no child ran.
    assert [(r["source"], r["status"], r["exit_code"]) for r in runs(db)] == [
        ("alpha", "interrupted", None)
    ]
    assert (
        "INFO app.daemon: crawl not started source=alpha: the daemon is stopping "
        "(run=1 recorded interrupted)"
    ) in log
    assert log.splitlines()[-1].endswith("INFO app.daemon: daemon stopped"), log


def test_the_stop_waits_for_a_run_whose_row_could_not_be_written_before_it_says_stopped(
    daemon: DaemonProcess, tmp_path: Path
) -> None:
    """The write lock held past the busy timeout (30 s): the run's row is never written,
    and the daemon holds its lock and says "daemon stopped" only after that."""
    db = tmp_path / "news.db"
    with write_lock(db):
        _started(daemon)
        daemon.signal(signal.SIGTERM)
        wait_for(
            lambda: "crawl not started source=alpha" in daemon.stderr(), 60, "the busy timeout"
        )
    assert daemon.wait(60) == 0
    log = daemon.stderr()
    assert "crawl started" not in log and runs(db) == [], log
    assert log.index("crawl not started source=alpha: database is locked") < log.index(
        "daemon stopped"
    ), log


def test_a_fire_skipped_while_the_previous_run_writes_its_row_says_so(
    tmp_path: Path,
) -> None:
    """QA ops pass 52, item 5: it said "the previous run is still going" while no crawl ran."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1s}"}, db=db))
    with contextlib.closing(open_db(db)):
        pass
    process = DaemonProcess(tmp_path, config, _script_command(tmp_path, {"alpha": OK}))
    try:
        with write_lock(db):
            skipped = wait_for(
                lambda: [
                    line
                    for line in process.stderr().splitlines()
                    if "scheduled run skipped source=alpha" in line
                ],
                what="a skipped fire",
            )
        assert skipped[0].endswith(
            ": its previous run is still starting (writing its crawl_runs row: another "
            "program holds the database's write lock)"
        ), skipped
        wait_for(lambda: runs(db, "alpha"), what="alpha's run once the lock is free")
        process.signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        process.kill()
