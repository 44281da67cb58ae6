"""The crawl run history at scale (QA s43, G2 and G5): ``prune`` removes old crawl runs but
keeps what ``status``, the back-off and the web view read of each source, and ``status``
says since when a source has been failing or erroring (a dead host ends 'ok' with errors).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result

from aggregator.schema import utc_now
from app.cli import cli
from storage.db import open_db
from storage.runs import RunCounts, RunReport, record_run, start_run

# Runs every 30 minutes over 40 days; the prune keeps 30.
DAYS = 40
EVERY = timedelta(minutes=30)


def write_runs(db_path: Path, source: str, outcomes: list[tuple[str, dict[str, int]]]) -> None:
    """``outcomes`` (status, errors), oldest first, one every 30 minutes up to now."""
    db = open_db(db_path)
    try:
        start = utc_now() - EVERY * len(outcomes) + EVERY / 2  # none at a cutoff
        for n, (status, errors) in enumerate(outcomes):
            began = start + EVERY * n
            report = RunReport(
                source=source,
                started_at=began,
                ended_at=began + timedelta(seconds=20),
                status=status,
                counts=RunCounts(errors=errors),
            )
            record_run(db, report, RunCounts())
    finally:
        db.close()


def runs_of(db_path: Path, source: str) -> list[tuple[str, str, str]]:
    db = open_db(db_path, read_only=True)
    try:
        return [
            (row[0], row[1], row[2])
            for row in db.execute(
                "SELECT started_at, status, errors FROM crawl_runs WHERE source = ? "
                "ORDER BY started_at",
                [source],
            )
        ]
    finally:
        db.close()


def invoke(db_path: Path, config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), "--db", str(db_path), *args])


def make_config(tmp_path: Path, *names: str) -> Path:
    config = tmp_path / "config.yaml"
    sources = "".join(f"  - {{name: {n}, feeds: ['http://127.0.0.1:9/{n}.xml']}}\n" for n in names)
    config.write_text("retention: {keep: 30d}\nsources:\n" + sources, encoding="utf-8")
    return config


N = DAYS * 48
HEALTHY = [("ok", {})] * N
# Clean for nine days, then a refused host every run since: 'ok' with errors.
DEAD = [("ok", {})] * (9 * 48) + [("ok", {"connection": 1})] * (N - 9 * 48)
# Failing (not 'ok') since before the cutoff, backed off to one run a day.
FAILING = [("ok", {})] * 2 + [("failed", {})] * 38


def test_prune_removes_old_crawl_runs_and_keeps_what_status_reads(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    write_runs(db_path, "healthy", HEALTHY)
    write_runs(db_path, "dead", DEAD)
    config = make_config(tmp_path, "healthy", "dead")
    before = invoke(db_path, config, "status", "--json")
    assert before.exit_code == 0, before.output
    cutoff = (utc_now() - timedelta(days=30)).isoformat()

    result = invoke(db_path, config, "prune")

    assert result.exit_code == 0, result.output
    healthy = runs_of(db_path, "healthy")
    # Every run since the cutoff stays; of the older ones none (the latest ones are newer).
    assert all(started >= cutoff for started, _, _ in healthy)
    assert len(healthy) == 30 * 48
    dead = runs_of(db_path, "dead")
    old_dead = [run for run in dead if run[0] < cutoff]
    # Of the dead source's older runs: its last clean run and the first one with errors.
    assert [(status, errors) for _, status, errors in old_dead] == [
        ("ok", "{}"),
        ("ok", json.dumps({"connection": 1})),
    ]
    pruned = 2 * N - len(healthy) - len(dead)
    assert f"and {pruned} crawl runs started before it" in result.output
    # status reads the same of each source before and after.
    after = invoke(db_path, config, "status", "--json")
    assert _health(after) == _health(before)


def test_prune_keeps_the_failure_streak_the_back_off_counts(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    db = open_db(db_path)
    try:
        # One run a day: 2 clean, then 38 failures, the first 8 before the cutoff.
        start = utc_now() - timedelta(days=40)
        for n, (status, errors) in enumerate(FAILING):
            began = start + timedelta(days=n)
            report = RunReport("failing", began, began + timedelta(seconds=5), status)
            record_run(db, report, RunCounts(errors=errors))
    finally:
        db.close()
    config = make_config(tmp_path, "failing")
    before = invoke(db_path, config, "status", "--json")

    dry = invoke(db_path, config, "prune", "--dry-run")
    result = invoke(db_path, config, "prune")

    assert result.exit_code == 0, result.output
    assert "would prune 0 stories" in dry.output and "and 1 crawl runs" in dry.output
    # Only the first clean run goes: the last success ends the streak, which is all kept.
    assert [status for _, status, _ in runs_of(db_path, "failing")] == ["ok"] + ["failed"] * 38
    assert "and 1 crawl runs started before it" in result.output
    assert _health(invoke(db_path, config, "status", "--json")) == _health(before)


def _health(result: Result) -> dict[str, tuple[object, ...]]:
    assert result.exit_code == 0, result.output
    return {
        row["source"]: (
            row["last_run"]["id"],
            row["consecutive_failures"],
            row["last_success"],
            row["last_run_without_errors"],
            row["failing_since"],
            row["next_run"] is not None,
        )
        for row in json.loads(result.output)["sources"]
    }


def test_status_says_since_when_a_source_with_errors_has_had_them(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    write_runs(db_path, "healthy", HEALTHY[:10])
    write_runs(db_path, "dead", [("ok", {})] * 3 + [("ok", {"connection": 1})] * 7)
    write_runs(db_path, "never-clean", [("ok", {"http_4xx": 1})] * 4)
    config = make_config(tmp_path, "healthy", "dead", "never-clean")

    result = invoke(db_path, config, "status", "--json")

    rows = {row["source"]: row for row in json.loads(result.output)["sources"]}
    dead = runs_of(db_path, "dead")
    ended_third = datetime.fromisoformat(dead[2][0]) + timedelta(seconds=20)
    assert rows["dead"]["last_run_without_errors"] == ended_third.isoformat()
    assert rows["dead"]["failing_since"] == dead[3][0]
    assert rows["dead"]["consecutive_failures"] == 0  # errors are no failures
    assert rows["dead"]["last_success"] is not None
    assert rows["healthy"]["failing_since"] is None
    assert rows["healthy"]["last_run_without_errors"] == rows["healthy"]["last_success"]
    assert rows["never-clean"]["last_run_without_errors"] is None
    assert rows["never-clean"]["failing_since"] == runs_of(db_path, "never-clean")[0][0]

    text = invoke(db_path, config, "status").output
    lines = [line for line in text.splitlines() if "failing or with errors since" in line]
    assert len(lines) == 2
    assert lines[0].startswith("dead: failing or with errors since ")
    assert lines[0].endswith(f"last run without errors: {ended_third:%Y-%m-%d %H:%M:%S}")
    assert lines[1].endswith("last run without errors: none recorded")


def test_the_failing_line_stays_while_the_sources_next_run_goes(tmp_path: Path) -> None:
    """QA ops pass 52, item 6: the line went while a run was going, and a dead host makes
    runs long: such a source showed healthy much of the time (``--json`` kept it)."""
    db_path = tmp_path / "news.db"
    write_runs(db_path, "dead", [("ok", {})] + [("ok", {"connection": 1})] * 3)
    db = open_db(db_path)
    try:
        start_run(db, "dead")  # running: its pid is this test's, alive
    finally:
        db.close()
    config = make_config(tmp_path, "dead")

    text = invoke(db_path, config, "status").output

    assert "running since" in text
    lines = [line for line in text.splitlines() if "failing or with errors since" in line]
    assert len(lines) == 1 and lines[0].startswith("dead: failing or with errors since "), text
