"""``status`` after a refused SIGHUP (QA pass D, stop 45): config.yaml saved invalid while
a daemon runs. The table is what the daemon runs (its snapshot), the file is said to
differ and to be invalid, as docs/operations.md says. A real daemon process with
stand-in crawls, ``status`` in a child process; every wait polls with a deadline.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from conftest import run_cli, wait_for
from test_daemon import OK, PY, DaemonProcess, config_text, finished

pytestmark = pytest.mark.timeout(90)


def test_status_after_a_refused_reload_shows_what_the_daemon_runs(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 30m}"}, db=db))
    process = DaemonProcess(tmp_path, config, f"{PY} -c {OK} --run-id {{run_id}}")
    try:
        wait_for(lambda: finished(db, "alpha", "ok"), what="alpha's first run")
        config.write_text(config_text({"alpha": "schedule: {every: 30m}"}, cap=0, db=db))
        process.signal(signal.SIGHUP)
        wait_for(lambda: "config reload refused" in process.stderr(), what="the refusal")

        as_json = run_cli("--config", str(config), "status", "--json")
        text = run_cli("--config", str(config), "status")
        assert process.proc.poll() is None, process.stderr()
    finally:
        process.signal(signal.SIGTERM)
        stopped = process.wait(30)
    assert stopped == 0, process.stderr()
    assert as_json.returncode == 0 and text.returncode == 0, as_json.stderr + text.stderr

    out = json.loads(as_json.stdout)
    assert "max_parallel_crawls" in out["config_error"]
    assert out["config_changed_since_daemon_loaded"] is True
    (row,) = out["sources"]
    assert (row["source"], row["schedule"]) == ("alpha", "every 30m (UTC)")
    assert row["next_run"] is not None and row["last_run"]["status"] == "ok"

    (warning,) = text.stderr.splitlines()
    assert warning.startswith("warning: ") and "max_parallel_crawls" in warning
    assert warning.endswith("; the table shows what the running daemon loaded")
    lines = text.stdout.splitlines()
    assert lines[0].startswith("daemon: running, pid ") and "config generation 1" in lines[0]
    assert lines[1] == (
        f"{config} has changed since the daemon loaded it (config generation 1): the table "
        "shows what the daemon runs; the file is invalid (see the warning): fix it, then "
        "send SIGHUP to apply it"
    )
    (alpha,) = [line for line in lines if line.startswith("alpha ")]
    assert "every 30m (UTC)" in alpha and "unknown" not in alpha
