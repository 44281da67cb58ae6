"""The daemon's config snapshots under reloads, with a real crawl child reading its own.

A crawl child reads its ``--config`` once its imports are done, seconds after it was
spawned (QA pass E, finding 1: two SIGHUPs in that window deleted the file and failed
the crawl). The stand-in child here signals that it runs, then waits for the test's go
before it opens its snapshot, so the reloads land in that window without any sleep.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from conftest import wait_for

from aggregator.config import Config, parse_config
from app.daemon.service import Daemon

PY = sys.executable

pytestmark = pytest.mark.timeout(60)

#: argv: snapshot, ready file, go file. Opens the snapshot only once told to.
READS_ITS_CONFIG_WHEN_TOLD = """
import json, os, sys, time
snapshot, ready, go = sys.argv[1:4]
open(ready, "w").close()
deadline = time.monotonic() + 30
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.02)
try:
    json.load(open(snapshot))
except FileNotFoundError as exc:
    print(f"error: {exc}: config file not found")
    sys.exit(2)
"""


def _config(db: Path, parallel: int) -> Config:
    return parse_config(
        f"database: {db}\n"
        f"daemon: {{max_parallel_crawls: {parallel}, grace_period: 2s}}\n"
        "sources:\n"
        "  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml'], schedule: {every: 1h}}\n"
    )


def _snapshots(daemon: Daemon) -> list[str]:
    return sorted(path.name for path in daemon.state.folder.glob("config-*.json"))


@pytest.fixture
def daemon(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A daemon whose one source's crawl child waits for ``tmp_path/go`` to read its config."""
    started: list[Daemon] = []

    def command(source: str, run_id: int) -> list[str]:
        snapshot = started[0].snapshot_for(run_id)
        ready, go = tmp_path / f"ready-{run_id}", tmp_path / "go"
        return [PY, "-c", READS_ITS_CONFIG_WHEN_TOLD, str(snapshot), str(ready), str(go),
                "--run-id", str(run_id)]  # fmt: skip

    db = tmp_path / "news.db"
    started.append(Daemon(_config(db, 2), db, command=command, log_dir=tmp_path / "logs"))
    yield started[0]
    started[0].stop(0.5)


def test_reloads_while_a_child_starts_up_do_not_delete_its_snapshot(
    daemon: Daemon, tmp_path: Path
) -> None:
    daemon.start()
    wait_for((tmp_path / "ready-1").exists, 30, "the crawl child to start")
    given = daemon.state.snapshot
    # Two reloads of changed configs before the child opens its snapshot.
    assert daemon.reload(_config(daemon.db_path, 3))
    assert daemon.reload(_config(daemon.db_path, 4))
    assert daemon.state.snapshot != given
    (tmp_path / "go").touch()
    wait_for(lambda: daemon.runs_finished == 1, 30, "the crawl to end")
    row = daemon.ledger.get(1)
    assert row is not None and row.status == "ok" and row.exit_code == 0
    assert daemon.failures("alpha") == 0
    # Once its child has ended, the snapshot it held goes: the current and previous stay.
    assert not given.exists()
    assert _snapshots(daemon) == ["config-2.json", "config-3.json"]
    for path in daemon.state.folder.glob("config-*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(daemon.state.folder.stat().st_mode) == 0o700


def test_a_reload_of_an_equal_config_writes_no_new_snapshot(daemon: Daemon, tmp_path: Path) -> None:
    daemon.start()
    assert daemon.state.generation == 1
    for _ in range(3):  # an operator saving twice, a unit reloading on every file change
        assert daemon.reload(_config(daemon.db_path, 2))
    assert daemon.state.generation == 1 and _snapshots(daemon) == ["config-1.json"]
    assert daemon.state.record is not None and daemon.state.record.config_generation == 1
    assert daemon.reload(_config(daemon.db_path, 3))
    assert daemon.state.generation == 2
    (tmp_path / "go").touch()
    wait_for(lambda: daemon.runs_finished == 1, 30, "the crawl to end")
    row = daemon.ledger.get(1)
    assert row is not None and row.status == "ok"
