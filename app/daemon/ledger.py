"""The daemon's reads and writes of ``crawl_runs``: the database is the record of every run.

Each call opens its own short-lived connection: the daemon writes from several
job threads, and an sqlite3 connection belongs to the thread that opened it.
Writes go through ``write_transaction`` (BEGIN IMMEDIATE), so reading a row's
status and then updating it cannot race the child that reports into the same row.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from aggregator.schema import utc_now
from storage.db import DatabaseError, describe_sqlite_error, open_db, write_transaction

# Declared in storage.runs (a prune keeps runs by them too); the daemon and the web view
# import them from here.
from storage.runs import NEUTRAL as NEUTRAL
from storage.runs import SUCCESS as SUCCESS
from storage.runs import (
    RunRow,
    RunStatus,
    articles_stored_during,
    mark_crashed,
    pid_alive,
    recent_runs,
    start_run,
)

logger = logging.getLogger(__name__)


def is_failure(status: str) -> bool:
    """Every outcome that is neither a success nor a stop from outside is a failure."""
    return status not in SUCCESS and status not in NEUTRAL


def pid_cmdline(pid: int) -> list[str]:
    """The command line of a live process (Linux /proc); empty when unknown."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]


def process_started_at(pid: int) -> datetime | None:
    """When the live process ``pid`` started (Linux /proc); None when unknown.

    The kernel counts it in clock ticks since boot, and gives the boot time in whole
    seconds: the result may be up to a second early.
    """
    try:
        ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[19])
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)


def is_zombie(pid: int) -> bool:
    """Has ``pid`` ended, its parent not having reaped it yet (``kill -0`` still finds it)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _carries_run_id(cmd: list[str], run_id: int) -> bool:
    return any(a == "--run-id" and b == str(run_id) for a, b in zip(cmd, cmd[1:], strict=False))


def _is_crawl_command(cmd: list[str]) -> bool:
    """``aggregator … crawl`` or ``python -m app … crawl``: a crawl started by hand."""
    program = " ".join(cmd[:3])
    return "crawl" in cmd and ("aggregator" in program or "-m app" in program)


class Ledger:
    """crawl_runs access for the daemon, one connection per call.

    ``read_only`` (the daemon in cluster mode, where the writer records every
    run): it reads the runs when the database is on this host, and writes nothing.
    """

    def __init__(self, db_path: Path, *, read_only: bool = False) -> None:
        self.db_path = Path(db_path)
        self.read_only = read_only
        if not read_only:
            db = open_db(self.db_path)  # creates and migrates once, up front
            db.close()

    @contextmanager
    def _db(self) -> Iterator[Database]:
        """A connection; an sqlite error (a full disk) becomes DatabaseError's one line."""
        db = open_db(self.db_path, migrate=False, read_only=self.read_only)
        try:
            yield db
        except sqlite3.Error as exc:
            raise DatabaseError(describe_sqlite_error(self.db_path, exc)) from None
        finally:
            db.close()

    def start(self, source: str) -> int:
        """Create the run's row (status 'running') before the child is spawned."""
        with self._db() as db:
            return start_run(db, source)

    def set_pid(self, run_id: int, pid: int) -> None:
        with self._db() as db, write_transaction(db):
            db.execute("UPDATE crawl_runs SET pid = ? WHERE id = ?", [pid, run_id])

    def get(self, run_id: int) -> RunRow | None:
        with self._db() as db:
            rows = list(db.query("SELECT * FROM crawl_runs WHERE id = ?", [run_id]))
        return RunRow.from_row(rows[0]) if rows else None

    def settle(self, run_id: int, decide) -> str:  # type: ignore[no-untyped-def]
        """Set the run's final status and exit code; ``decide(recorded_status)`` picks the status.

        Read and write under one write lock, so a child that is still
        finishing its own report cannot be overwritten half way.
        """
        with self._db() as db, write_transaction(db):
            row = db.execute(
                "SELECT status, source, started_at FROM crawl_runs WHERE id = ?", [run_id]
            ).fetchone()
            if row is None:
                return "missing"
            recorded, source, started_at = row
            status, exit_code = decide(recorded)
            now = utc_now().isoformat()
            db.execute(
                "UPDATE crawl_runs SET status = ?, exit_code = ?, ended_at = COALESCE(ended_at, ?) "
                "WHERE id = ?",
                [status, exit_code, now, run_id],
            )
            if recorded == RunStatus.RUNNING:  # no final report (killed): count what it stored
                db.execute(
                    "UPDATE crawl_runs SET articles_new = ? WHERE id = ?",
                    [articles_stored_during(db, source, started_at, now), run_id],
                )
            return status

    def recover_stale(self) -> list[tuple[RunRow, str]]:
        """Runs a previous daemon left 'running': mark them 'crashed'.

        Only a daemon holding the database's daemon lock calls this
        (:mod:`storage.locks`): no other daemon then runs, so a daemon child found
        running is truly orphaned. A row whose process is gone is certainly
        stale. A live process that is a daemon child (its command line carries
        ``--run-id <id>``) is an orphan of a killed daemon: it is terminated so
        that two crawls of one source never overlap, and the row is marked
        crashed too. A live manual ``aggregator crawl`` (no --run-id) is left
        alone. Returns (row, what was done) for logging.
        """
        import signal

        done: list[tuple[RunRow, str]] = []
        if self.read_only:
            return done  # no crawl of ours runs on this host
        with self._db() as db:
            rows = [
                RunRow.from_row(r)
                for r in db.query("SELECT * FROM crawl_runs WHERE status = ?", [RunStatus.RUNNING])
            ]
        for row in rows:
            action = "process gone"
            if row.pid == os.getpid():
                continue
            if pid_alive(row.pid) and not is_zombie(row.pid):  # type: ignore[arg-type]
                cmd = pid_cmdline(row.pid)  # type: ignore[arg-type]
                if _carries_run_id(cmd, row.id):
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(row.pid, signal.SIGKILL)  # type: ignore[arg-type]
                    action = "orphaned crawl killed"
                elif _is_crawl_command(cmd):
                    continue  # a manual crawl, still running: not ours to judge
                else:
                    action = "pid reused by another program"
            with self._db() as db, write_transaction(db):
                mark_crashed(db, row.id, row.source, row.started_at.isoformat())
            done.append((row, action))
        return done

    def recent(self, source: str, limit: int = 50) -> list[RunRow]:
        return self.recent_of([source], limit)[source]

    def recent_of(self, sources: list[str], limit: int = 50) -> dict[str, list[RunRow]]:
        """The latest runs of each source, newest first, on one connection (a daemon of
        2,000 sources opened 2,000 at start: 17 of its 20 seconds)."""
        if self.read_only and not has_runs(self.db_path):
            return {source: [] for source in sources}  # on another host, or not created yet
        with self._db() as db:
            return {source: recent_runs(db, source, limit) for source in sources}


def has_runs(db_path: Path) -> bool:
    """Does the database at ``db_path`` exist here, with its ``crawl_runs`` table?"""
    if not db_path.exists():
        return False
    db = open_db(db_path, read_only=True, migrate=False)
    try:
        return "crawl_runs" in db.table_names()
    finally:
        db.close()


def consecutive_failures(runs: list[RunRow]) -> int:
    """Failures since the last success, newest first; stops from outside are skipped."""
    count = 0
    for run in runs:
        if run.status in SUCCESS:
            break
        if is_failure(run.status):
            count += 1
    return count
