"""One daemon per database: the daemon lock (QA pass 40, item 2).

A second ``aggregator daemon`` on the same database used to mark the first
one's running crawl crashed and kill it as an orphan, then schedule every
source again beside the first; ``status`` then followed whichever wrote its
state record last. Real daemon processes with stand-in crawl children; every
wait polls the database, the process or ``status`` with a deadline.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_daemon import (
    HANG,
    PY,
    DaemonProcess,
    _cmdline,
    _script_command,
    config_text,
    runs,
    wait_for,
)

from app.cli import cli
from app.daemon.ledger import is_zombie
from app.daemon.state import DaemonRecord, state_dir
from storage.db import open_db
from storage.runs import pid_alive, start_run

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def daemon(tmp_path: Path):  # type: ignore[no-untyped-def]
    started: list[DaemonProcess] = []

    def start(config: Path, command: str) -> DaemonProcess:
        started.append(DaemonProcess(tmp_path, config, command))
        return started[-1]

    yield start
    for process in started:
        process.kill()


def _status(config: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["daemon"]  # type: ignore[no-any-return]


def _second_daemon(config: Path, command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-m", "app", "--config", str(config), "daemon", "--crawl-command", command],
        capture_output=True, text=True, timeout=30, cwd=cwd, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _running_crawl(db: Path, source: str) -> dict[str, Any]:
    """The source's running row once its pid is the child's (the row starts with the daemon's)."""
    return wait_for(  # type: ignore[no-any-return]
        lambda: [
            r
            for r in runs(db, source)
            if r["status"] == "running"
            and r["pid"]
            and f"--run-id {r['id']}" in " ".join(_cmdline(r["pid"]))
        ],
        what="a running crawl",
    )[0]


def test_a_second_daemon_exits_at_once_and_the_first_ones_crawl_runs_on(  # type: ignore[no-untyped-def]
    daemon, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text({"slow": "schedule: {every: 1h}\n    limits: {run_timeout: 1h}"}, db=db)
    )
    command = _script_command(tmp_path, {"slow": HANG})
    first = daemon(config, command)
    crawl = _running_crawl(db, "slow")
    wait_for(lambda: _status(config).get("started_at"), what="the first daemon's state record")

    second = _second_daemon(config, command, tmp_path)

    assert second.returncode == 1
    assert second.stderr == f"error: a daemon (pid {first.proc.pid}) already runs on {db}\n"
    # Untouched: the crawl runs on, no run was added or marked, no config generation written.
    assert runs(db) == [crawl] and pid_alive(crawl["pid"])
    assert sorted(p.name for p in state_dir(db).iterdir()) == ["config-1.json", "state.json"]
    status = _status(config)
    assert status["running"] and status["pid"] == first.proc.pid
    assert status["config_generation"] == 1
    assert "stale run" not in first.stderr()
    first.signal(signal.SIGTERM)
    assert first.wait(15) == 0
    status = _status(config)
    assert status["running"] is False and status["not_running_because"] == "stopped"


def test_status_follows_the_lock_not_a_record_whose_pid_lives_on(tmp_path: Path) -> None:
    """A killed daemon's record, its pid since taken by another live process: no daemon.

    The process started after the record was written, so it is not the daemon that
    wrote it, however fresh the heartbeat (QA pass 42, item 1: a daemon from before the
    lock, which takes none, is known by that)."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    state_dir(db).mkdir()
    written = datetime.now(UTC) - timedelta(seconds=20)
    other = subprocess.Popen([PY, "-c", HANG], stdin=subprocess.DEVNULL)
    try:
        record = DaemonRecord(other.pid, written, datetime.now(UTC), str(config), 1)
        (state_dir(db) / "state.json").write_text(json.dumps(record.to_json()))
        status = _status(config)
        assert status["running"] is False and status["pid"] == other.pid
        assert status["not_running_because"] == "process gone (its pid now runs another program)"
        text = CliRunner().invoke(cli, ["--config", str(config), "status"]).output
        assert text.startswith(f"daemon: no daemon running (pid {other.pid} started ")
    finally:
        other.kill()
        other.wait(15)


def test_a_record_of_a_killed_daemon_not_yet_reaped_is_no_daemon(tmp_path: Path) -> None:
    """A daemon killed while its parent has not reaped it: ``kill -0`` still finds the pid
    (a zombie), and its record is fresh; it runs nothing, so it is no daemon."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    state_dir(db).mkdir()
    killed = subprocess.Popen([PY, "-c", HANG], stdin=subprocess.DEVNULL)
    try:
        record = DaemonRecord(
            killed.pid, datetime.now(UTC), datetime.now(UTC), str(config), 1
        )  # written after the process started, as its daemon would
        (state_dir(db) / "state.json").write_text(json.dumps(record.to_json()))
        os.kill(killed.pid, signal.SIGKILL)
        wait_for(lambda: is_zombie(killed.pid), what="the killed process, not reaped")
        assert pid_alive(killed.pid)
        status = _status(config)
        assert status["running"] is False and status["not_running_because"] == "process gone"
    finally:
        killed.kill()
        killed.wait(15)


# An old daemon's state record as 977e9d2 (stop 38, before the daemon lock) wrote it: its
# pid, start, a heartbeat every 30 s and its config generation; no lock file beside.
OLD_DAEMON = """
import json, os, sys, time
from datetime import UTC, datetime
folder, config = sys.argv[1], sys.argv[2]
started = datetime.now(UTC).isoformat()
for _ in range(600):  # bounded: two minutes at most, the test kills it long before
    record = {"pid": os.getpid(), "started_at": started,
              "heartbeat_at": datetime.now(UTC).isoformat(), "config_path": config,
              "config_generation": 1, "stopped_at": None}
    with open(os.path.join(folder, "state.json.tmp"), "w") as out:
        json.dump(record, out)
    os.replace(os.path.join(folder, "state.json.tmp"), os.path.join(folder, "state.json"))
    time.sleep(0.2)
"""


def test_a_running_daemon_of_an_older_version_is_refused_beside_and_shown_running(
    tmp_path: Path,
) -> None:
    """QA pass 42, item 1: a daemon from before stop 40 takes no lock. A new one started
    beside it killed its running crawl as an orphan and migrated the database under it,
    and status said 'process gone (its pid now runs another program)'."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"slow": "schedule: {every: 1h}"}, db=db))
    state_dir(db).mkdir(parents=True)
    with contextlib.closing(open_db(db)) as store:
        run_id = start_run(store, "slow")
    # The old daemon's crawl child, in its own process group as a daemon's child is.
    crawl = subprocess.Popen(
        [PY, "-c", HANG, "--run-id", str(run_id)], stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    old = subprocess.Popen(
        [PY, "-c", OLD_DAEMON, str(state_dir(db)), str(config)], stdin=subprocess.DEVNULL
    )
    try:
        with contextlib.closing(open_db(db)) as store:
            store.execute("UPDATE crawl_runs SET pid = ? WHERE id = ?", [crawl.pid, run_id])
            store.conn.commit()
        wait_for(lambda: (state_dir(db) / "state.json").exists(), what="the old daemon's record")
        before = runs(db)

        second = _second_daemon(config, _script_command(tmp_path, {"slow": HANG}), tmp_path)

        assert second.returncode == 1
        line = second.stderr.splitlines()
        assert len(line) == 1 and line[0].startswith(
            f"error: a daemon of an older newsagg (pid {old.pid}, last heartbeat "
        ), second.stderr
        assert line[0].endswith(f" UTC) runs on {db} without the daemon lock: stop it first")
        assert runs(db) == before and before[0]["status"] == "running"
        assert crawl.poll() is None  # its crawl runs on
        assert sorted(p.name for p in state_dir(db).iterdir()) == ["state.json"]
        status = _status(config)
        assert status["running"] is True and status["pid"] == old.pid
        assert status["takes_no_lock"] is True
        text = CliRunner().invoke(cli, ["--config", str(config), "status"]).output
        assert text.startswith(f"daemon: running, pid {old.pid}, started "), text
        assert "which takes no daemon lock: stop it" in text.splitlines()[0]
    finally:
        old.kill()
        crawl.kill()
        old.wait(15)
        crawl.wait(15)
    # Once it is gone (killed: its record says running), a daemon of this version starts.
    assert _status(config)["not_running_because"] == "process gone"


def test_a_second_coordinator_on_the_same_database_exits_at_once(  # type: ignore[no-untyped-def]
    daemon, redis_url: str, tmp_path: Path
) -> None:
    """In cluster mode the coordinator is the daemon: the same lock, the same refusal."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text({"alpha": "schedule: {every: 1h}"}, db=db)
        + f"cluster: {{redis_url: '{redis_url}'}}\n"
    )
    first = daemon(config, "")
    wait_for(
        lambda: "source scheduled source=alpha" in first.stderr(), what="the coordinator's start"
    )
    second = _second_daemon(config, "", tmp_path)
    assert second.returncode == 1
    assert second.stderr == f"error: a daemon (pid {first.proc.pid}) already runs on {db}\n"
    status = _status(config)
    assert status["running"] and status["pid"] == first.proc.pid
    assert status["config_generation"] == 1
    first.signal(signal.SIGTERM)
    assert first.wait(15) == 0


def test_status_names_a_daemon_that_holds_the_lock_before_its_record(tmp_path: Path) -> None:
    """Between taking its lock and writing its state record a daemon is running already."""
    from storage.locks import lock_daemon

    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    held = lock_daemon(db)
    try:
        status = _status(config)
        assert status == {"running": True, "pid": os.getpid()}
        text = CliRunner().invoke(cli, ["--config", str(config), "status"]).output
        assert text.startswith(f"daemon: running, pid {os.getpid()}, starting\n")
    finally:
        held.release()
    assert _status(config)["not_running_because"] == "never started on this database"


def test_without_posix_file_locks_the_daemon_refuses_in_one_line(tmp_path: Path) -> None:
    """A platform without fcntl (Windows): no daemon running unguarded, nothing created."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    no_fcntl = (
        "import sys; sys.modules['fcntl'] = None\n"  # as where the module does not exist
        "from app.cli import cli\n"
        "cli(sys.argv[1:])\n"
    )
    result = subprocess.run(
        [PY, "-c", no_fcntl, "--config", str(config), "daemon"],
        capture_output=True, text=True, timeout=30, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "error: this platform has no POSIX file locks (fcntl): "
        "newsagg's crawl and daemon locks need them\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_a_writer_refuses_a_database_a_local_daemon_writes_but_runs_beside_the_coordinator(  # type: ignore[no-untyped-def]
    daemon, redis_url: str, tmp_path: Path
) -> None:
    """A daemon without cluster: crawls and writes the database itself: a writer beside it
    would be a second writer; status with the cluster's config must not take it for the
    coordinator. The coordinator (the daemon with cluster:) writes nothing: no refusal."""
    db = tmp_path / "news.db"
    local = tmp_path / "local.yaml"
    local.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    clustered = tmp_path / "cluster.yaml"
    clustered.write_text(local.read_text() + f"cluster: {{redis_url: '{redis_url}'}}\n")
    writer = [PY, "-m", "app", "--config", str(clustered), "writer"]
    first = daemon(local, _script_command(tmp_path, {"alpha": HANG}))
    wait_for(lambda: _status(local).get("started_at"), what="the daemon's state record")

    refused = subprocess.run(
        writer, capture_output=True, text=True, timeout=30, cwd=tmp_path, stdin=subprocess.DEVNULL
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        f"error: a daemon (pid {first.proc.pid}) already runs on {db} on its own (its config "
        "has no cluster: section)"
    ), refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert _status(clustered)["coordinator"] is False
    text = CliRunner().invoke(cli, ["--config", str(clustered), "status"]).output
    assert "is not this cluster's coordinator" in text.splitlines()[0]
    first.signal(signal.SIGTERM)
    assert first.wait(15) == 0

    coordinator = daemon(clustered, "")
    wait_for(lambda: _status(clustered).get("started_at"), what="the coordinator's state record")
    assert _status(clustered)["coordinator"] is True
    log = (tmp_path / "writer.log").open("wb")
    beside = subprocess.Popen(
        writer, stdout=log, stderr=log, cwd=tmp_path, stdin=subprocess.DEVNULL
    )
    log.close()
    try:
        wait_for(lambda: "writer started" in (tmp_path / "writer.log").read_text(), 30,
                 "the writer to start beside the coordinator")  # fmt: skip
    finally:
        beside.terminate()
        assert beside.wait(15) == 0
    coordinator.signal(signal.SIGTERM)
    assert coordinator.wait(15) == 0


def test_a_local_daemon_refuses_a_database_a_cluster_writer_writes(  # type: ignore[no-untyped-def]
    daemon, redis_url: str, tmp_path: Path
) -> None:
    """The other order of the case above: the cluster's writer runs first (writing, or
    standing by for the lease), and a daemon without cluster: would be a second writer."""
    db = tmp_path / "news.db"
    local = tmp_path / "local.yaml"
    local.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    clustered = tmp_path / "cluster.yaml"
    clustered.write_text(local.read_text() + f"cluster: {{redis_url: '{redis_url}'}}\n")
    log = (tmp_path / "writer.log").open("wb")
    writer = subprocess.Popen(
        [PY, "-m", "app", "--config", str(clustered), "writer"],
        stdout=log, stderr=log, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    log.close()
    try:
        wait_for(lambda: "writer started" in (tmp_path / "writer.log").read_text(), 30,
                 "the writer to start")  # fmt: skip
        refused = _second_daemon(local, _script_command(tmp_path, {"alpha": HANG}), tmp_path)
        assert refused.returncode == 1
        assert refused.stderr.splitlines() == [
            f"error: a cluster writer writes {db}; a daemon without a cluster: section would "
            "write it too: stop the writer, or give this config the cluster's cluster: section "
            "to run as its coordinator"
        ], refused.stderr
        assert runs(db, "alpha") == []  # it scheduled nothing
    finally:
        writer.terminate()
        assert writer.wait(15) == 0

    alone = daemon(local, _script_command(tmp_path, {"alpha": HANG}))
    wait_for(lambda: _status(local).get("started_at"), what="the daemon's state record")
    alone.signal(signal.SIGTERM)
    assert alone.wait(15) == 0
