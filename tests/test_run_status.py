"""The statuses of ``crawl_runs`` are one ``StrEnum`` (storage.runs.RunStatus), stored as
the same strings as before: no migration, every earlier row still reads the same."""

from __future__ import annotations

import re
from pathlib import Path

from sqlite_utils import Database

from app.daemon.runner import decide_status
from storage.runs import NEUTRAL, SUCCESS, RunCounts, RunStatus, finish_run, start_run

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_statuses_are_the_strings_stored_before() -> None:
    assert {s.value for s in RunStatus} == {
        "running", "ok", "failed", "crashed", "timeout", "interrupted", "busy",
        "finished", "shutdown",
    }  # fmt: skip
    assert "ok" in SUCCESS and "finished" in SUCCESS and "busy" in NEUTRAL


def test_a_row_holds_the_plain_string(fresh_db: Database) -> None:
    run_id = start_run(fresh_db, "paper")
    assert fresh_db.execute("SELECT status, typeof(status) FROM crawl_runs").fetchall() == [
        ("running", "text")
    ]
    finish_run(fresh_db, run_id, RunStatus.OK, RunCounts())
    assert fresh_db.execute("SELECT status FROM crawl_runs").fetchall() == [("ok",)]


def test_the_daemon_decides_among_them() -> None:
    def decide(recorded: str, code: int | None, timed_out: bool = False) -> str:
        return decide_status(recorded, code, timed_out=timed_out, interrupted=False)

    assert decide("running", 0) == RunStatus.OK == "ok"
    assert decide("finished", 1) == RunStatus.FAILED
    assert decide("ok", None) == RunStatus.CRASHED
    assert decide("running", None, timed_out=True) == "timeout"
    assert decide("closespider_timeout", 0) == "closespider_timeout"


def test_each_of_ours_is_documented() -> None:
    # docs/database.md lists what crawl_runs.status holds; Scrapy's own reasons aside.
    text = (DOCS / "database.md").read_text(encoding="utf-8")
    listed = text.split("## crawl_runs", 1)[1].split("Scrapy's finish reason", 1)[0]
    ours = {s.value for s in RunStatus} - {"finished", "shutdown"}
    assert ours <= set(re.findall(r"`(\w+)`", listed))
