"""The daemon with real child processes and a real scheduler.

Children are Python one-liners standing in for crawls (exit 0, hang, crash),
so these tests do not depend on the spiders. Nothing sleeps to synchronise:
every wait polls the database or the process with a deadline.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import wait_for

from aggregator.config import parse_config
from app.cli import cli
from app.daemon.ledger import pid_alive
from app.daemon.service import Daemon

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable

OK = "pass"
HANG = "import time; time.sleep(120)"
HANG_IGNORING_TERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"
)
SEGFAULT = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
FAIL = "import sys; print('boom: feed unreachable'); sys.exit(3)"
SLEEP = "import time; time.sleep({seconds})"

pytestmark = pytest.mark.timeout(60)


def runs(db: Path, source: str | None = None) -> list[dict[str, Any]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        sql = "SELECT * FROM crawl_runs" + (" WHERE source = ?" if source else "") + " ORDER BY id"
        return [dict(r) for r in conn.execute(sql, [source] if source else [])]
    except sqlite3.OperationalError:  # table not created yet
        return []
    finally:
        conn.close()


def finished(db: Path, source: str, status: str | None = None) -> list[dict[str, Any]]:
    return [
        r for r in runs(db, source)
        if r["status"] != "running" and (status is None or r["status"] == status)
    ]  # fmt: skip


def config_text(
    sources: dict[str, str],
    *,
    cap: int = 2,
    grace: str = "2s",
    threshold: int = 3,
    db: Path,
    one_site: bool = False,
) -> str:
    """A config whose sources have the given schedule/limits snippets, each on a site of
    its own (the daemon runs no two crawls of one site at once), or all on one."""
    lines = [
        f"database: {db}",
        f"daemon: {{max_parallel_crawls: {cap}, grace_period: {grace}, "
        f"backoff_after_failures: {threshold}}}",
        "sources:",
    ]
    for index, (name, extra) in enumerate(sources.items()):
        # A feed of its own: one feed in two sources is warned of on every load. Port 9 on
        # a loopback address refuses any fetch.
        feed = f"http://127.0.0.{1 if one_site else index + 1}:9/{name}.xml"
        lines += [f"  - name: {name}", f"    feeds: [{feed}]", f"    {extra}"]
    return "\n".join(lines) + "\n"


def by_source(scripts: dict[str, str]) -> Callable[[str, int], list[str]]:
    """A child command running a per-source one-liner; ``--run-id`` marks it as a daemon child."""

    def command(source: str, run_id: int) -> list[str]:
        return [PY, "-c", scripts[source], "--run-id", str(run_id)]

    return command


@pytest.fixture
def make_daemon(tmp_path: Path):  # type: ignore[no-untyped-def]
    daemons: list[Daemon] = []

    def make(sources: dict[str, str], scripts: dict[str, str], **kw: Any) -> Daemon:
        db = tmp_path / "news.db"
        config = parse_config(config_text(sources, db=db, **kw))
        daemon = Daemon(config, db, command=by_source(scripts), log_dir=tmp_path / "logs")
        daemons.append(daemon)
        daemon.start()
        return daemon

    yield make
    for daemon in daemons:
        daemon.stop(0.5)


# --- in-process ------------------------------------------------------------------


def test_runs_happen_on_schedule(make_daemon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    daemon = make_daemon({"alpha": "schedule: {every: 1s}"}, {"alpha": OK})
    db = tmp_path / "news.db"
    done = wait_for(
        lambda: len(finished(db, "alpha", "ok")) >= 3 and finished(db, "alpha", "ok"), what="3 runs"
    )
    starts = [datetime.fromisoformat(r["started_at"]) for r in done[:3]]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(starts)]
    assert all(0.5 < gap < 2.5 for gap in gaps), gaps
    assert all(r["exit_code"] == 0 and r["pid"] != os.getpid() for r in done)
    daemon.stop(1)


def test_parallel_crawls_up_to_the_cap(make_daemon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hourly = "schedule: {every: 1h}"
    script = SLEEP.format(seconds=1.0)
    daemon = make_daemon(
        {"a": hourly, "b": hourly, "c": hourly}, {"a": script, "b": script, "c": script}, cap=2
    )
    db = tmp_path / "news.db"
    wait_for(lambda: all(finished(db, s, "ok") for s in "abc"), what="three runs")
    spans = [
        (datetime.fromisoformat(r["started_at"]), datetime.fromisoformat(r["ended_at"]))
        for r in runs(db)
    ]
    overlap = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert overlap == 2  # two at once, never three
    daemon.stop(1)


def test_two_sources_of_one_site_never_run_at_once(make_daemon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A site's Crawl-delay and Retry-After hold per crawl process: the daemon runs one
    crawl of a site at a time, the other waiting as for a crawl slot."""
    hourly = "schedule: {every: 1h}"
    script = SLEEP.format(seconds=1.0)
    daemon = make_daemon({"a": hourly, "b": hourly}, {"a": script, "b": script}, one_site=True)
    db = tmp_path / "news.db"
    wait_for(lambda: all(finished(db, s, "ok") for s in "ab"), what="two runs")
    (first, second) = sorted(
        (datetime.fromisoformat(r["started_at"]), datetime.fromisoformat(r["ended_at"]))
        for r in runs(db)
    )
    assert first[1] <= second[0]  # one after the other, with two crawl slots free
    daemon.stop(1)


def test_a_hanging_crawl_is_killed_at_its_limit_and_the_next_run_happens(  # type: ignore[no-untyped-def]
    make_daemon, tmp_path: Path
) -> None:
    daemon = make_daemon(
        {"stuck": "schedule: {every: 1s}\n    limits: {run_timeout: 1s}"},
        {"stuck": HANG_IGNORING_TERM},
        grace="1s",
    )
    db = tmp_path / "news.db"
    rows = wait_for(
        lambda: len(finished(db, "stuck", "timeout")) >= 2 and finished(db, "stuck"),
        timeout=30,
        what="two timed-out runs",
    )
    first = rows[0]
    took = (
        datetime.fromisoformat(first["ended_at"]) - datetime.fromisoformat(first["started_at"])
    ).total_seconds()
    assert 1.0 <= took < 5, took  # limit 1 s, SIGKILL after 1 s of ignored SIGTERM
    assert first["exit_code"] == -signal.SIGKILL
    assert not pid_alive(first["pid"])
    daemon.stop(1)


def test_a_crash_and_a_failure_are_recorded_and_the_daemon_goes_on(  # type: ignore[no-untyped-def]
    make_daemon, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    every = "schedule: {every: 1s}"
    daemon = make_daemon(
        {"crashy": every, "failing": every, "fine": every},
        {"crashy": SEGFAULT, "failing": FAIL, "fine": OK},
        cap=3,
        threshold=100,
    )
    db = tmp_path / "news.db"
    wait_for(lambda: len(finished(db, "crashy", "crashed")) >= 2, what="two crashes")
    # The run's row is written before the daemon counts the failure: wait for the count.
    wait_for(lambda: daemon.failures("crashy") >= 2, what="two crashes counted")
    wait_for(lambda: len(finished(db, "failing", "failed")) >= 2, what="two failures")
    wait_for(lambda: len(finished(db, "fine", "ok")) >= 2, what="healthy source runs")
    crash = finished(db, "crashy")[0]
    assert crash["exit_code"] == -signal.SIGSEGV
    assert finished(db, "failing")[0]["exit_code"] == 3
    assert any(
        "boom: feed unreachable" in r.getMessage() for r in caplog.records
    )  # the child's last words
    assert daemon.failures("crashy") >= 2
    daemon.stop(1)


def test_a_source_that_keeps_failing_is_backed_off(make_daemon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    daemon = make_daemon({"flaky": "schedule: {every: 1s}"}, {"flaky": FAIL}, threshold=2)
    db = tmp_path / "news.db"
    wait_for(lambda: len(finished(db, "flaky", "failed")) >= 2, what="two failures")
    wait_for(lambda: daemon.failures("flaky") >= 2, what="the failure count")
    next_run = daemon.next_run("flaky")
    assert next_run is not None
    wait = (next_run - datetime.now(UTC)).total_seconds()
    assert wait > 1.0, wait  # 2 s (period doubled), not the 1 s period
    count = len(finished(db, "flaky"))
    time.sleep(0.9)  # a check that nothing happens, not synchronisation
    assert len(finished(db, "flaky")) == count
    result = CliRunner().invoke(cli, ["--config", str(_write_config(tmp_path, daemon)), "status"])
    assert "BACKED OFF" in result.output, result.output
    daemon.stop(1)


def _write_config(tmp_path: Path, daemon: Daemon) -> Path:
    path = tmp_path / "status-config.yaml"
    sources = {s.name: "schedule: {every: 1s}" for s in daemon.config.sources}
    path.write_text(
        config_text(
            sources, db=daemon.db_path, threshold=daemon.config.daemon.backoff_after_failures
        )
    )
    return path


def test_reload_adds_removes_and_reschedules(make_daemon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    daemon = make_daemon({"alpha": "schedule: {every: 1h}"}, {"alpha": OK, "beta": OK})
    db = tmp_path / "news.db"
    wait_for(lambda: finished(db, "alpha"), what="alpha's first run")
    new = parse_config(config_text({"beta": "schedule: {every: 1s}"}, db=db))
    daemon.reload(new)
    assert daemon.next_run("alpha") is None
    wait_for(lambda: len(finished(db, "beta", "ok")) >= 2, what="beta's runs")
    daemon.reload(parse_config(config_text({"beta": "schedule: {every: 1h}"}, db=db)))
    assert daemon.next_run("beta") > datetime.now(UTC) + timedelta(minutes=50)
    daemon.stop(1)


def test_status_shows_a_cron_sources_due_time_not_a_jitter_drawn_anew(tmp_path: Path) -> None:
    """The daemon draws a run's jitter in its own process: ``status`` drawing one too
    showed another time at each call (QA docs-51), so it shows the cron time itself."""
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text({"beta": "schedule: {cron: '0 3 * * *', jitter: 10m}"}, db=tmp_path / "news.db")
    )
    shown = set()
    for _ in range(5):
        result = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
        assert result.exit_code == 0, result.output
        (row,) = json.loads(result.output)["sources"]
        shown.add(datetime.fromisoformat(row["next_run"]))
    (next_run,) = shown
    assert (next_run.hour, next_run.minute, next_run.second) == (3, 0, 0)


def test_status_shows_schedule_last_run_next_run_and_recent_articles(tmp_path: Path) -> None:
    from storage.db import open_db

    db_path = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text(
            {
                "alpha": "schedule: {every: 30m}",
                "beta": "schedule: {cron: '0 6 * * *', timezone: Europe/Berlin}",
            },
            db=db_path,
        )
    )
    db = open_db(db_path)
    now = datetime.now(UTC)
    started = now - timedelta(minutes=10)
    db["crawl_runs"].insert_all(
        [
            {
                "source": "alpha",
                "started_at": started.isoformat(),
                "ended_at": (started + timedelta(seconds=5)).isoformat(),
                "status": "ok",
                "exit_code": 0,
                "articles_new": 2,
            },
            {
                "source": "beta",
                "started_at": started.isoformat(),
                "ended_at": started.isoformat(),
                "status": "failed",
                "exit_code": 1,
            },
        ]
    )
    for i, seen in enumerate(
        [now - timedelta(hours=1), now - timedelta(hours=2), now - timedelta(hours=30)]
    ):
        db.execute(
            "INSERT INTO articles "
            "(url, canonical_url, source, headline, fetched_at, first_seen_at, content_hash) "
            "VALUES (?, ?, 'alpha', 'h', ?, ?, ?)",
            [f"http://x/{i}", f"http://x/{i}", seen.isoformat(), seen.isoformat(), f"hash{i}"],
        )
    db.conn.commit()
    db.close()
    result = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in json.loads(result.output)["sources"]}
    alpha, beta = rows["alpha"], rows["beta"]
    assert alpha["schedule"] == "every 30m (UTC)"
    assert alpha["last_run"]["status"] == "ok"
    assert alpha["articles_24h"] == 2
    assert abs(
        datetime.fromisoformat(alpha["next_run"]) - (started + timedelta(minutes=30))
    ) < timedelta(seconds=1)
    assert beta["consecutive_failures"] == 1 and not beta["backed_off"]
    assert datetime.fromisoformat(beta["next_run"]).astimezone(UTC).minute == 0
    text = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert text.exit_code == 0
    assert "alpha" in text.output and "every 30m" in text.output and " ok" in text.output
    assert "failed" in text.output


# --- the daemon as a process (signals) ----------------------------------------------


class DaemonProcess:
    """``python -m app daemon`` as a child, with its stderr collected in a file."""

    def __init__(self, tmp_path: Path, config: Path, command: str | None) -> None:
        """``command`` stands in for the crawl children; None: real ``aggregator crawl``."""
        self.log = tmp_path / f"daemon-{time.monotonic_ns()}.err"
        self._handle = self.log.open("wb")
        children = ["--crawl-command", command] if command else []
        self.proc = subprocess.Popen(
            [PY, "-m", "app", "--config", str(config), "daemon", *children],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._handle,
            cwd=tmp_path,
        )

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._handle.close()
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._handle.close()


@pytest.fixture
def daemon_process(tmp_path: Path):  # type: ignore[no-untyped-def]
    started: list[DaemonProcess] = []

    def start(config: Path, command: str) -> DaemonProcess:
        process = DaemonProcess(tmp_path, config, command)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


def _script_command(tmp_path: Path, scripts: dict[str, str]) -> str:
    """A --crawl-command that runs a per-source script file (sources map to files)."""
    for name, code in scripts.items():
        (tmp_path / f"{name}.py").write_text(code)
    return f"{PY} {tmp_path}/{{source}}.py --run-id {{run_id}}"


def test_sighup_applies_a_valid_config_and_refuses_an_invalid_one(  # type: ignore[no-untyped-def]
    daemon_process, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1s}"}, db=db))
    daemon = daemon_process(config, _script_command(tmp_path, {"alpha": OK, "beta": OK}))
    wait_for(lambda: finished(db, "alpha"), what="alpha's first run")
    config.write_text(
        config_text({"alpha": "schedule: {every: 1s}", "beta": "schedule: {every: 1s}"}, db=db)
    )
    daemon.signal(signal.SIGHUP)
    wait_for(lambda: finished(db, "beta", "ok"), what="beta, added by SIGHUP")
    # An error outside the sources (one inside an entry sets only that entry aside).
    config.write_text(config_text({"alpha": "schedule: {every: 1s}"}, cap=0, db=db))
    daemon.signal(signal.SIGHUP)
    refused = wait_for(
        lambda: [line for line in daemon.stderr().splitlines() if "config reload refused" in line],
        what="the refusal line",
    )
    assert len(refused) == 1 and "ERROR" in refused[0]
    assert (
        "max_parallel_crawls" in refused[0] and "config.yaml" in refused[0]
    )  # the ConfigError names file and field
    beta_runs = len(finished(db, "beta"))
    wait_for(
        lambda: len(finished(db, "beta")) > beta_runs + 1,
        what="beta still scheduled on the old config",
    )
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(15) == 0


def test_sigterm_while_a_crawl_runs_exits_0_within_grace(daemon_process, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"slow": "schedule: {every: 1h}"}, grace="1s", db=db))
    daemon = daemon_process(config, _script_command(tmp_path, {"slow": HANG_IGNORING_TERM}))
    row = wait_for(
        lambda: [
            r
            for r in runs(db, "slow")
            if r["status"] == "running" and r["pid"] and "--run-id" in " ".join(_cmdline(r["pid"]))
        ],
        what="a running crawl",
    )[0]
    began = time.monotonic()
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(15) == 0
    took = time.monotonic() - began
    assert took < 1 + 1 + 3, took  # grace, then SIGTERM + SIGKILL after at most the grace again
    assert finished(db, "slow")[0]["status"] == "interrupted"
    assert not pid_alive(row["pid"])
    assert "daemon stopped" in daemon.stderr()


def _cmdline(pid: int) -> list[str]:
    from app.daemon.ledger import pid_cmdline

    return pid_cmdline(pid)


def test_a_killed_daemon_is_restarted_marks_the_stale_run_crashed_and_resumes(  # type: ignore[no-untyped-def]
    daemon_process, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        config_text({"alpha": "schedule: {every: 1s}\n    limits: {run_timeout: 1h}"}, db=db)
    )
    marker = tmp_path / "hang-once"
    # The hanging crawl stores one article first (through `ingest`), which its crashed run
    # must count when the next daemon finds it dead.
    stored = tmp_path / "stored.jsonl"
    stored.write_text(
        json.dumps(
            {
                "url": "https://alpha.example/news/1",
                "site": "alpha.example",
                "headline": "Harbour bridge reopens after repairs",
                "body": ["The harbour bridge reopened on Monday after six weeks of repairs."],
            }
        )
        + "\n"
    )
    ingest = [PY, "-m", "app", "--config", str(config), "ingest", str(stored), "--source", "alpha"]
    script = (
        "import pathlib, subprocess, sys, time\n"
        f"m = pathlib.Path({str(marker)!r})\n"
        "if not m.exists():\n"
        f"    subprocess.run({ingest!r}, check=True)\n"
        "    m.write_text('x'); time.sleep(120)\n"
    )
    command = _script_command(tmp_path, {"alpha": script})
    first = daemon_process(config, command)
    stale = wait_for(
        lambda: [
            r
            for r in runs(db, "alpha")
            if r["status"] == "running"
            and marker.exists()
            and "--run-id" in " ".join(_cmdline(r["pid"]))
        ],
        what="a hanging crawl",
    )[0]
    first.signal(signal.SIGKILL)
    first.wait(10)
    assert runs(db, "alpha")[0]["status"] == "running"  # left behind
    second = daemon_process(config, command)
    wait_for(
        lambda: runs(db, "alpha")[0]["status"] == "crashed", what="the stale run marked crashed"
    )
    assert runs(db, "alpha")[0]["articles_new"] == 1  # what the killed crawl stored
    wait_for(lambda: not pid_alive(stale["pid"]), what="the orphaned crawl killed")
    wait_for(lambda: len(finished(db, "alpha", "ok")) >= 2, what="runs resumed")
    assert "stale run marked crashed" in second.stderr()
    # The killed daemon's lock went with it; the new daemon holds its own.
    status = json.loads(
        CliRunner().invoke(cli, ["--config", str(config), "status", "--json"]).output
    )["daemon"]
    assert status["running"] and status["pid"] == second.proc.pid
    third = daemon_process(config, command)
    assert third.wait(30) == 1
    assert third.stderr() == f"error: a daemon (pid {second.proc.pid}) already runs on {db}\n"
    second.signal(signal.SIGTERM)
    assert second.wait(15) == 0


def test_invalid_config_stops_the_daemon_before_it_starts(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    # An error outside the sources (one inside an entry sets only that entry aside).
    config.write_text(
        "defaults: {schedule: {every: soon}}\n"
        "sources:\n"
        "  - name: alpha\n"
        "    feeds: [http://127.0.0.1:9/f]\n"
    )
    result = subprocess.run(
        [PY, "-m", "app", "--config", str(config), "daemon"],
        capture_output=True, text=True, timeout=30, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2
    assert "schedule.every" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # nothing created
