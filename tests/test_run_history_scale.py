"""What ``status`` and the web view's Sources page read per source does not grow with the
source's old runs (QA pass E, finding 2: ``last_success`` read every run of a source, and
with 600,000 runs /sources took 3.5-11.8 s).

Counted in SQLite virtual-machine steps (a progress handler called on every step), on a
real database file: no timings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.db import open_db
from storage.runs import SUCCESS
from storage.source_health import last_success, streak

START = datetime(2026, 11, 16, tzinfo=UTC)
#: What a finished run carries besides its counts: the crawl's stats JSON, about 1.4 KB.
STATS = json.dumps({f"downloader/response_status_count/{n}": n for n in range(60)})


def add_runs(db: Database, source: str, statuses: list[str], first: int) -> datetime:
    """Runs of ``source``, one a minute from minute ``first``; the last one's end."""
    rows = []
    for n, status in enumerate(statuses, start=first):
        began = START + timedelta(minutes=n)
        rows.append((source, began.isoformat(), (began + timedelta(seconds=20)).isoformat(),
                     status, 0, STATS, "{}"))  # fmt: skip
    with db.conn:
        db.conn.executemany(
            "INSERT INTO crawl_runs (source, started_at, ended_at, status, exit_code, stats, "
            "errors) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return START + timedelta(minutes=first + len(statuses) - 1, seconds=20)


def steps(db: Database, read: Callable[[], Any]) -> tuple[int, Any]:
    """The VM steps ``read`` takes, and what it returns."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0  # go on

    db.conn.set_progress_handler(tick, 1)
    try:
        value = read()
    finally:
        db.conn.set_progress_handler(None, 1)
    return count, value


def history(tmp_path: Path, old_runs: int) -> tuple[Database, datetime]:
    """``alpha``: ``old_runs`` old successes, the latest success, then three failures;
    ``beta`` as many runs beside it. The latest success's end."""
    db = open_db(tmp_path / f"news-{old_runs}.db")
    add_runs(db, "beta", ["ok"] * old_runs, 0)
    add_runs(db, "alpha", ["ok"] * old_runs, 0)
    latest = add_runs(db, "alpha", ["ok"], old_runs)
    add_runs(db, "alpha", ["failed"] * 3, old_runs + 1)
    return db, latest


def test_last_success_reads_the_runs_since_it_not_the_whole_history(tmp_path: Path) -> None:
    counted = []
    for old_runs in (100, 3000):
        db, latest = history(tmp_path, old_runs)
        try:
            count, when = steps(db, lambda db=db: last_success(db, "alpha", SUCCESS))
        finally:
            db.close()
        assert when == latest  # the latest success, not one of the failures after it
        counted.append(count)
    assert counted[0] == counted[1], counted


def test_the_failing_streak_reads_the_runs_since_the_last_clean_one(tmp_path: Path) -> None:
    counted = []
    for old_runs in (100, 3000):
        db, latest = history(tmp_path, old_runs)
        try:
            count, since = steps(db, lambda db=db: streak(db, "alpha"))
        finally:
            db.close()
        assert since.last_clean_run == latest and since.failing_since is not None
        counted.append(count)
    assert counted[0] == counted[1], counted
