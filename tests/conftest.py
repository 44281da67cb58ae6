"""Shared fixtures: the demo network served once per test run, and a crawled demo database.

Crawls run in a child process (``python -m app``): a process can start
the Twisted reactor only once, and the tests must not depend on that state.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlite_utils import Database

# Under CI (.ci/run sets it) the property tests draw derandomized examples, so a
# CI result is reproducible; a local run draws new ones each time and keeps exploring.
# Declared here rather than relying on Hypothesis's own "ci" profile, which only
# its later releases load by themselves.
if os.environ.get("CI"):
    settings.register_profile("newsagg-ci", derandomize=True, database=None, deadline=None)
    settings.load_profile("newsagg-ci")

REPO = Path(__file__).resolve().parent.parent
# The seed page of the brief: a site's copy of a BBC story under an invented byline.
SEED_TEXT = REPO / "tests" / "fixtures" / "dedup" / "seed_monika_walker.txt"


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """A new database file, migrated, in the test's own folder; closed after the test."""
    from storage.db import open_db

    db = open_db(tmp_path / "news.db")
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_network() -> Iterator[DemoNetwork]:  # noqa: F821
    from app.demo import DemoNetwork

    with DemoNetwork(base_port=0).start() as network:
        yield network


def demo_config_text(base_port: int, database: Path, extra: str = "") -> str:
    """The shipped config.yaml, pointed at a test network (on base_port) and database."""
    from app.demo.config import DEFAULT_BASE_PORT

    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    for index in range(len(outlet_names())):
        text = text.replace(
            f"127.0.0.1:{DEFAULT_BASE_PORT + index}/", f"127.0.0.1:{base_port + index}/"
        )
    text = text.replace("database: data/news.db", f"database: {database}")
    return text + extra


def outlet_names() -> list[str]:
    from app.demo import outlet_names as names

    return names()


@dataclass(frozen=True)
class DemoRun:
    config: Path
    db: Path
    stdout: str
    stderr: str


def run_cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``aggregator`` in a child process, as an operator would."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def demo_run(demo_network, tmp_path_factory) -> DemoRun:  # type: ignore[no-untyped-def]
    """`aggregator demo` run once against the session's network, into a fresh database."""
    home = tmp_path_factory.mktemp("demo")
    db = home / "news.db"
    config = home / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    result = run_cli("--config", str(config), "demo", "--port", str(demo_network.base_port))
    assert result.returncode == 0, result.stderr[-3000:]
    return DemoRun(config=config, db=db, stdout=result.stdout, stderr=result.stderr)


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a database for a test to change (the backup API copies the WAL's pages too)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answering(
    url: str, process: subprocess.Popen[bytes], deadline_s: float = 30
) -> None:
    """Poll ``url`` until it answers (or the process dies, or the deadline passes)."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(
                0.1
            )  # polling a server that is starting; not synchronisation of our own code
    raise AssertionError(f"{url} did not answer within {deadline_s}s")


#: Starts of a test server on a new picked port after the last one was taken meanwhile.
PORT_TRIES = 5


@contextmanager
def serving(
    config: Path | None, db: Path, *, cwd: Path = REPO
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``aggregator serve`` on a free port: (base URL, process), terminated afterwards.

    ``config`` None gives no ``--config``: serve reads ``config.yaml`` in ``cwd``, if any.

    The port is free when picked, not necessarily when serve binds it a moment later:
    another program may take it in between. Serve then exits saying the address is in
    use, and is started again on a new port.
    """
    config_option = [] if config is None else ["--config", str(config)]
    for _ in range(PORT_TRIES):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "app", *config_option, "--db", str(db), "serve",
             "--port", str(port)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(f"{base}/-/versions.json", process)
            break
        except AssertionError:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=15)
                raise
            assert process.stderr is not None
            said = process.stderr.read().decode("utf-8", "replace")
            if f"cannot listen on 127.0.0.1:{port}: Address already in use" not in said:
                raise AssertionError(f"aggregator serve exited: {said}") from None
    else:
        raise AssertionError(f"aggregator serve found its port taken {PORT_TRIES} times in a row")
    try:
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


def utc(*args: int) -> datetime:
    """``datetime(*args)`` in UTC: the parser's tests state expected times this way."""
    return datetime(*args, tzinfo=UTC)


# `python -m app ARGS` that writes its peak resident size since its exec (VmHWM, kB) to
# the file named by its first argument as it ends, however it ends (an exception, exit).
_APP_MEASURED = """
import runpy, sys
peak_file = sys.argv.pop(1)
sys.argv[0] = "aggregator"
try:
    runpy.run_module("app", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as out:
        out.write(peak.split()[1])
"""


def app_measuring_peak(peak_file: Path, *args: str) -> list[str]:
    """The command of ``aggregator ARGS`` whose peak memory is written to ``peak_file`` (kB,
    read with :func:`peak_kb`). ``wait4``'s maxrss is no measure of a child of pytest: a
    child started by vfork counts pytest's own peak before its exec, 500 MB late in a run."""
    return [sys.executable, "-c", _APP_MEASURED, str(peak_file), *args]


def peak_kb(peak_file: Path) -> int:
    """The peak written by a command of :func:`app_measuring_peak`."""
    return int(peak_file.read_text(encoding="ascii"))


def wait_for(predicate: Callable[[], Any], timeout: float = 20, what: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def ctrl_c_delivered() -> None:
    """``preexec_fn`` for a child that is sent SIGINT as a terminal's Ctrl-C would send it.

    A shell starts background jobs with SIGINT ignored, and a child inherits that (Python
    then leaves it ignored too): a suite run with ``&`` or under ``nohup`` would see the
    child ignore the test's SIGINT. A foreground command, which Ctrl-C reaches, has the
    default disposition; this gives the child that.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Debian's redis-server on a free loopback port, with a scratch directory, for the run."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    pytest.importorskip("redis", reason="the redis client is missing: pip install -e '.[test]'")
    from clusterkit import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:  # type: ignore[no-untyped-def]
    """The session's Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server.url())
    client.flushall()
    client.close()
    return str(redis_server.url())


def before_event_tier(path: Path) -> None:
    """Put a database back in its state before migration m009: no event tier, no credits."""
    from storage.db import open_db

    db = open_db(path)
    for table in ("event_df", "event_keys", "event_profiles"):
        db.execute(f"DROP TABLE {table}")
    db.execute("DROP INDEX stories_event")
    db.execute("DROP TRIGGER stories_change_event")  # m017's, which reads event_id
    db.execute("ALTER TABLE stories DROP COLUMN event_id")
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE articles DROP COLUMN credit")
    # m024 adds columns to m009's event_profiles: it runs again after it.
    db.execute(
        "DELETE FROM _sqlite_migrations "
        "WHERE name IN ('m009_story_events', 'm024_founding_version')"
    )
    db.close()
