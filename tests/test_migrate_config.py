"""A plain ``migrate`` never reads the config; a rebuild or backfill reads it first
(review 49c, F5)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import REPO, before_event_tier, run_cli
from test_output_failures import HEADLINES, _write_records


def _migrate_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``aggregator --db news.db migrate ARGS`` run in ``folder`` (its config.yaml)."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", "news.db", "migrate", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_plain_migrate_is_not_stopped_by_a_broken_config(tmp_path: Path) -> None:
    """Since out-49 `migrate` read config.yaml first: a broken one in the working
    directory ('sources: [') stopped the upgrade with a YAML error, rc 2."""
    (tmp_path / "config.yaml").write_text("sources: [\n")
    result = _migrate_in(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("news.db: applied m001")
    assert _migrate_in(tmp_path).stdout == "news.db: up to date\n"


def test_migrate_that_backfills_still_refuses_a_broken_config_before_migrating(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    assert (
        run_cli(
            "--db", str(db), "ingest", str(_write_records(tmp_path / "in.jsonl", HEADLINES))
        ).returncode
        == 0
    )
    before_event_tier(db)
    (tmp_path / "config.yaml").write_text("sources: [\n")
    result = _migrate_in(tmp_path, "--backfill-events")
    assert result.returncode == 2
    assert result.stderr.startswith("error: config.yaml:") and result.stderr.count("\n") == 1
    with sqlite3.connect(db) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    assert "events" not in tables  # nothing half done
    # Without the backfill, the same database migrates.
    assert _migrate_in(tmp_path).returncode == 0
