"""``last_success`` when two successful runs of a source overlap (review of soak-45: a
manual crawl during the daemon's; ``start_run`` does not forbid it): the run that started
last is the one whose end is given, early by at most the overlap, as its docstring says.
Runs recorded through ``record_run``, the writer's path, in a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import open_db
from storage.runs import SUCCESS, RunCounts, RunReport, RunStatus, record_run
from storage.source_health import last_success

T0 = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_of_two_overlapping_successes_the_later_started_ones_end_is_given(
    tmp_path: Path,
) -> None:
    db = open_db(tmp_path / "news.db")
    try:
        # The daemon's run, 10:00 to 10:30; a manual run inside it, 10:05 to 10:10.
        for start, end in ((0, 30), (5, 10)):
            report = RunReport(
                "alpha", T0 + timedelta(minutes=start), T0 + timedelta(minutes=end), RunStatus.OK
            )
            record_run(db, report, RunCounts())
        assert last_success(db, "alpha", SUCCESS) == T0 + timedelta(minutes=10)
        # A failure started later is passed over: the manual run's end still.
        failed = RunReport("alpha", T0 + timedelta(minutes=20), T0 + timedelta(minutes=25),
                           RunStatus.FAILED)  # fmt: skip
        record_run(db, failed, RunCounts())
        assert last_success(db, "alpha", SUCCESS) == T0 + timedelta(minutes=10)
    finally:
        db.close()
