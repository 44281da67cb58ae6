"""The single-host daemon as an operator runs it for weeks (QA pass 41, operations).

A changed ``database:`` on SIGHUP, ``status`` while config.yaml is edited but not
applied, a SIGHUP during startup, a full disk at start and while running. Real
daemon processes or the in-process Daemon with stand-in children, as in
tests/test_daemon.py; every wait polls with a deadline.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import wait_for
from test_daemon import OK, PY, DaemonProcess, by_source, config_text, finished

from aggregator.config import load_config
from app.cli import cli
from app.daemon.service import Daemon
from storage.db import open_db

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def daemons():  # type: ignore[no-untyped-def]
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.stop(0.5)


def _start(daemons: list[Daemon], config_path: Path, db: Path, scripts: dict[str, str]) -> Daemon:
    daemon = Daemon(
        load_config(config_path),
        db,
        config_path=config_path,
        command=by_source(scripts),
        log_dir=config_path.parent / "logs",
    )
    daemons.append(daemon)
    daemon.start()
    return daemon


def test_a_changed_database_on_sighup_is_logged_and_the_daemon_keeps_its_own(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    daemon = _start(daemons, config, db, {"alpha": OK})

    moved = tmp_path / "elsewhere" / "news.db"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=moved))
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        assert daemon.reload_from_file()
        assert daemon.reload_from_file()  # said once per change, not on every SIGHUP
    said = [r.getMessage() for r in caplog.records if "'database'" in r.getMessage()]
    assert said == [
        f"config reload: 'database' is now {moved}; the daemon keeps {db} until restarted"
    ]
    assert daemon.db_path == db and daemon.config.database == db
    snapshot = json.loads(daemon.state.snapshot.read_text())
    assert snapshot["database"] == str(db)


def _status_of(config: Path) -> tuple[str, dict[str, Any]]:
    text = CliRunner().invoke(cli, ["--config", str(config), "status"])
    as_json = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    return text.stdout, json.loads(as_json.stdout)


def test_status_shows_what_the_daemon_runs_while_the_file_is_edited_but_not_applied(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    daemon = _start(daemons, config, db, {"alpha": OK, "beta": OK})
    wait_for(lambda: finished(db, "alpha", "ok"), what="alpha's first run")
    text, _ = _status_of(config)
    assert "has changed since" not in text

    config.write_text(
        config_text({"alpha": "schedule: {every: 5m}", "beta": "schedule: {every: 1h}"}, db=db)
    )
    text, out = _status_of(config)
    assert (
        f"{config} has changed since the daemon loaded it (config generation 1): the table "
        "shows what the daemon runs; send SIGHUP to apply the file"
    ) in text.splitlines()
    assert out["config_changed_since_daemon_loaded"] is True
    assert [(r["source"], r["schedule"]) for r in out["sources"]] == [("alpha", "every 1h (UTC)")]

    assert daemon.reload_from_file()
    text, out = _status_of(config)
    assert "has changed since" not in text
    assert out["config_changed_since_daemon_loaded"] is False
    assert [(r["source"], r["schedule"]) for r in out["sources"]] == [
        ("alpha", "every 5m (UTC)"),
        ("beta", "every 1h (UTC)"),
    ]


def _holds_daemon_lock(db: Path, pid: int) -> bool:
    try:
        return db.with_name("news.db.daemon.lock").read_text() == str(pid)
    except FileNotFoundError:
        return False


def test_a_sighup_during_startup_is_applied_once_the_daemon_is_up(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    # The database exists in rollback mode, and this test holds it exclusively: the
    # daemon, having taken its lock, waits at the database's opening, before it is up.
    open_db(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    process = DaemonProcess(tmp_path, config, f"{PY} -c pass --run-id {{run_id}}")
    try:
        pid = process.proc.pid
        wait_for(lambda: _holds_daemon_lock(db, pid) or process.proc.poll() is not None)
        process.signal(signal.SIGHUP)
        holder.execute("COMMIT")
        holder.close()
        reloaded = wait_for(
            lambda: "config reloaded" in process.stderr() or process.proc.poll() is not None,
            what="the reload or the daemon's end",
        )
        assert process.proc.poll() is None and reloaded, process.stderr()
        assert "config reloaded sources=1" in process.stderr()
        process.signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        holder.close()
        process.kill()


@pytest.mark.parametrize(
    ("command", "lock"),
    [(["daemon"], "news.db.daemon.lock"), (["crawl", "alpha"], "news.db.locks/alpha.lock")],
)
def test_a_full_disk_at_the_lock_is_one_line_and_exit_1(
    tmp_path: Path, command: list[str], lock: str
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    # A node of /dev/full's device takes the lock and fails every write with ENOSPC, as a
    # full disk does. Not a symbolic link to /dev/full any more: a lock reached through a
    # link is refused since stop 44 (storage/locks.py, O_NOFOLLOW).
    (tmp_path / lock).parent.mkdir(exist_ok=True)
    full = os.stat("/dev/full").st_rdev
    try:
        os.mknod(tmp_path / lock, stat.S_IFCHR | 0o666, full)
    except PermissionError:
        pytest.skip("making a device node (of /dev/full) needs CAP_MKNOD")
    result = subprocess.run(
        [PY, "-m", "app", "--config", str(config), *command],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"error: disk full while writing the {command[0]} lock {tmp_path / lock} "
        "(No space left on device)"
    ]


class _Lines:
    """A process's stderr, collected line by line from its pipe by a thread."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert proc.stderr is not None
        self._thread = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def matching(self, text: str) -> list[str]:
        return [line for line in list(self.lines) if text in line]


def test_a_disk_that_fills_while_the_daemon_runs_is_one_line_per_job(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1s}"}, db=db))
    proc = subprocess.Popen(
        [PY, "-m", "app", "--config", str(config), "daemon"]
        + ["--crawl-command", f"{PY} -c pass --run-id {{run_id}}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    log = _Lines(proc)
    try:
        wait_for(lambda: finished(db, "alpha", "ok"), what="a first run")
        # No file of the daemon may grow past one byte, as on a full disk (its log is a
        # pipe): every write of the database and of its state folder fails.
        resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (1, 1))
        not_started = wait_for(
            lambda: len(log.matching("crawl not started")) >= 2 and log.matching("not started"),
            what="two runs not started",
        )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log._thread.join(10)
    assert not log.matching("Traceback"), "\n".join(log.lines)
    assert all(
        line.endswith(
            "ERROR app.daemon: crawl not started source=alpha: disk I/O error (disk full or "
            f"file size limit?) while writing database {db}"
        )
        for line in not_started
    ), not_started
    assert log.matching(
        f"could not record the clean stop in {db}.daemon: [Errno 27] File too large"
    ), "\n".join(log.lines)


# Stores one real article as source alpha, then ignores SIGTERM: only SIGKILL ends it,
# so it never writes the final report that carries a crawl's counts.
STORE_THEN_HANG = """
import signal, sys, time
from pathlib import Path
from aggregator.config import DedupSettings
from aggregator.parser import extract
from storage.db import open_db
from storage.writes import store_article
signal.signal(signal.SIGTERM, signal.SIG_IGN)
html = Path({page!r}).read_text(encoding="utf-8")
db = open_db({db!r}, migrate=False)
store_article(db, extract(html, "https://paper.example/news/one", source="alpha"), DedupSettings())
db.close()
time.sleep(120)
"""


def test_a_run_killed_after_the_grace_period_counts_the_articles_it_stored(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    page = Path(__file__).parent / "fixtures" / "body_lead" / "a1_en_mag_two_para_dek.html"
    daemon = _start(
        daemons, config, db, {"alpha": STORE_THEN_HANG.format(page=str(page), db=str(db))}
    )
    wait_for(lambda: _articles(db) == 1, what="the crawl's stored article")
    daemon.stop(0.5)
    (run,) = finished(db, "alpha")
    assert run["status"] == "interrupted" and run["exit_code"] == -signal.SIGKILL
    assert run["articles_new"] == 1


def _articles(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        conn.close()


def test_a_grace_period_shorter_than_a_download_timeout_is_warned_of(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    sources = {"alpha": "schedule: {every: 1h}", "beta": "limits: {download_timeout: 1.5}"}
    config.write_text(config_text(sources, grace="2s", db=db))
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        _start(daemons, config, db, {"alpha": OK, "beta": OK})
    warned = [r.getMessage() for r in caplog.records if "grace_period" in r.getMessage()]
    assert warned == [
        "daemon.grace_period 2s is shorter than limits.download_timeout of alpha (20s): a "
        "crawl stopped during a slow request is killed, and records only the articles it stored"
    ]


# A crawl whose every request failed: it reports its errors and ends normally.
REPORT_ERRORS = """
import sqlite3, sys
conn = sqlite3.connect({db!r})
run_id = int(sys.argv[sys.argv.index("--run-id") + 1])
conn.execute("UPDATE crawl_runs SET errors = '{{\\"http_404\\": 1}}' WHERE id = ?", [run_id])
conn.commit()
"""


def test_a_run_that_ends_ok_with_errors_is_logged_at_warning(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    with caplog.at_level(logging.INFO, logger="app.daemon"):
        _start(daemons, config, db, {"alpha": REPORT_ERRORS.format(db=str(db))})
        wait_for(lambda: finished(db, "alpha"), what="alpha's run")
        wait_for(
            lambda: [r for r in caplog.records if "crawl finished" in r.getMessage()],
            what="the run's log line",
        )
    (line,) = [r for r in caplog.records if "crawl finished" in r.getMessage()]
    assert line.levelno == logging.WARNING
    assert "status=ok" in line.getMessage() and "errors=http_404:1" in line.getMessage()
