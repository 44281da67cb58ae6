"""What the cluster tests run: a real redis-server, the cluster's roles as child processes, and
parsed golden pages to push.

:class:`RedisServer` starts Debian's ``redis-server`` on a free loopback port
with a scratch directory and its append-only file on, and can kill and restart
it on the same port and data. :class:`Cluster` starts ``aggregator writer``,
``aggregator worker`` and ``aggregator daemon`` (the coordinator) as separate
processes of one config, each logging to its own file, and stops them all.
Every wait polls an observable condition until a deadline.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import PORT_TRIES, free_port, wait_for

REPO = Path(__file__).resolve().parent.parent
REDIS_SERVER = "redis-server"
GOLDEN = REPO / "tests" / "golden"


def golden_write(outlet: str, name: str) -> Any:
    """A golden page of the demo network parsed, as the ``ArticleWrite`` a crawl would push."""
    from aggregator.parser.for_source import extract_for_source
    from aggregator.schema import ArticleWrite

    folder = GOLDEN / outlet
    html = (folder / f"{name}.html").read_bytes()
    url = (folder / f"{name}.url").read_text().strip()
    article = extract_for_source(html, url, source=None, source_name=outlet).article
    return ArticleWrite(
        article,
        etag='"abc"',
        last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
        aliases=("http://127.0.0.1:8804/?p=17",),
    )


class RedisServer:
    """A redis-server of the test's own: loopback only, data in ``directory``.

    ``appendfsync always``: every write acknowledged is on disk, so a SIGKILL
    loses nothing Redis said it took (a deployment's choice; docs/scaling.md).

    A port picked here (none given) is free when picked, not when redis-server binds
    it: another program may take it in between. Then redis-server exits saying the
    address is in use and is started again on a new port; and a server that answers
    on the port counts only if it is this process (its ``process_id``), never
    another program's Redis there. Only the first start may move: a restart (after
    :meth:`kill`) is on the same port, or fails saying why, as the cluster's URL names
    that port. A server counts as started once it answers PING: while it loads its
    append-only file it answers INFO but refuses commands (``BusyLoadingError``).
    """

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = directory
        self.port_picked = port is None
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        for _ in range(PORT_TRIES):
            said_before = self._log().stat().st_size if self._log().exists() else 0
            self._spawn()
            if wait_for(self._started, 20, f"redis-server on port {self.port}") == "answers":
                self.port_picked = False  # a restart must be on this port
                return self
            said = self._log().read_bytes()[said_before:].decode("utf-8", "replace")
            if not (self.port_picked and "Address already in use" in said):
                raise AssertionError(f"redis-server exited: {said}")
            self.port = free_port()  # taken since it was picked: another one
        raise AssertionError(f"redis-server found its port taken {PORT_TRIES} times in a row")

    def _log(self) -> Path:
        return self.directory / "redis.log"

    def _spawn(self) -> None:
        log = self._log().open("ab")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--maxmemory-policy",
                "noeviction",
                "--daemonize",
                "no",
            ],  # fmt: skip
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()

    def _started(self) -> str | None:
        """Once this process answers on the port, its data loaded: "answers"; once it has
        ended: "exited"."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        assert self.process is not None
        if self.process.poll() is not None:
            return "exited"
        client = redis.Redis(  # one try a poll: redis-py's retries would hold the wait up
            port=self.port,
            socket_connect_timeout=0.5,
            socket_timeout=0.5,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            if client.info("server")["process_id"] != self.process.pid:
                return None  # another program's Redis on the port
            client.ping()  # BusyLoadingError while it loads its append-only file
        except redis.RedisError:
            return None
        finally:
            client.close()
        return "answers"

    def kill(self) -> None:
        """SIGKILL: no shutdown of its own (what it acknowledged is in the append-only file)."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Role:
    """One cluster process (writer, worker or coordinator) and its log file."""

    def __init__(
        self, name: str, argv: list[str], log: Path, preexec: Callable[[], None] | None = None
    ) -> None:
        self.name = name
        self.log = log
        handle = log.open("ab")
        self.process = subprocess.Popen(
            argv,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
        )
        handle.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then SIGKILL if it does not end within ``timeout``; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


class Cluster:
    """The roles of one config, started as separate processes."""

    def __init__(self, config: Path, home: Path) -> None:
        self.config = config
        self.home = home
        self.roles: list[Role] = []

    def start(self, role: str, *args: str) -> Role:
        index = sum(1 for r in self.roles if r.name.startswith(role))
        name = f"{role}{index}"
        argv = [sys.executable, "-m", "app", "--config", str(self.config), role, *args]
        if role == "worker":
            argv += ["--log-dir", str(self.home / f"{name}-crawls")]
        started = Role(name, argv, self.home / f"{name}.log")
        self.roles.append(started)
        return started

    def logs(self) -> str:
        """Every role's log, for an assertion message."""
        return "\n".join(f"===== {r.name}\n{r.output()[-4000:]}" for r in self.roles)

    def stop(self) -> dict[str, int]:
        return {role.name: role.stop() for role in self.roles}
