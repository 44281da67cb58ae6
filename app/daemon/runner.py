"""One crawl as one child process, with a hard wall-clock limit.

Why a child process: the Twisted reactor cannot be restarted in a process
(scrapy#2941), Scrapy installs signal handlers that only work in the main
thread (scrapy#3915), and a thread cannot be killed, so a hung crawl run in a
thread would block every later run of its source for ever (apscheduler#342).
A process can be killed; its exit code says how it ended.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.child import app_command
from app.daemon.crawl_output import failure_line, log_size
from app.daemon.ledger import Ledger
from storage.db import DatabaseError
from storage.runs import SUCCESS, RunStatus

logger = logging.getLogger(__name__)

#: (source, run_id) -> argv of the child.
CommandFactory = Callable[[str, int], Sequence[str]]

LOG_ROTATE_BYTES = 10 * 1024 * 1024
#: A crawl still running at the end of a stop's grace gets SIGTERM, and SIGKILL this
#: much later (or the grace's length, if shorter).
SIGKILL_AFTER_SECONDS = 5.0


def crawl_command(snapshot: Callable[[int], Path], db_path: Path) -> CommandFactory:
    """The default child: ``python -P -m app --config SNAPSHOT … crawl SOURCE --run-id ID``.

    ``snapshot(run_id)`` is the daemon's current config snapshot (app.daemon.state),
    kept for that run until the runner's ``on_exit``: the child reads the config the
    daemon validated, not the file on disk.
    """

    def command(source: str, run_id: int) -> list[str]:
        return app_command(
            "--config", str(snapshot(run_id)), "--db", str(db_path), "--log-level", "INFO",
            "crawl", source, "--run-id", str(run_id),
        )  # fmt: skip

    return command


@dataclass(frozen=True)
class RunOutcome:
    """How one run ended, as recorded in crawl_runs."""

    run_id: int
    source: str
    status: str
    exit_code: int | None
    seconds: float
    timed_out: bool = False
    interrupted: bool = False
    last_line: str = ""
    errors: dict[str, int] = field(default_factory=dict)  # crawl_runs.errors: kind -> count


def decide_status(
    recorded: str, returncode: int | None, *, timed_out: bool, interrupted: bool
) -> str:
    """The final status of a run from what the child recorded and how it exited.

    The daemon's own knowledge wins where the child could not know: it was
    stopped at the wall-clock limit (timeout) or by a daemon shutdown
    (interrupted). A child killed by a signal crashed; a child that exited
    non-zero failed, even if it had written 'ok' first. Otherwise the child's
    own report (ok, closespider_timeout, …) stands; a child that exited 0
    without reporting (not a crawl) is 'ok'.

    A child past the limit that still ended well on its own (exit 0 after the
    SIGTERM, its report a success: it was closing at its own time cap, set before
    ``run_timeout``, and its start or a request on the wire took the rest) keeps its
    report: it stopped itself, and a ``timeout`` would count towards
    ``backoff_after_failures``.
    """
    if timed_out:
        return recorded if returncode == 0 and recorded in SUCCESS else RunStatus.TIMEOUT
    if interrupted:
        return RunStatus.INTERRUPTED
    if returncode is None or returncode < 0:
        return RunStatus.CRASHED
    if returncode != 0:
        ended_well = (RunStatus.RUNNING, RunStatus.OK, RunStatus.FINISHED)
        return RunStatus.FAILED if recorded in ended_well else recorded
    return RunStatus.OK if recorded == RunStatus.RUNNING else recorded


class RunNotStarted(Exception):
    """No child was spawned: the run's row could not be created; the message says why."""


class StoppedBeforeSpawn(Exception):
    """No child was spawned: the daemon began stopping while the run's row was being
    written (another program's write transaction held it); the row says ``interrupted``."""


class ChildRunner:
    """Spawns crawl children, enforces their limits, and records how they ended."""

    def __init__(
        self,
        ledger: Ledger,
        command: CommandFactory,
        *,
        log_dir: Path | None = None,
        env: dict[str, str] | None = None,
        on_exit: Callable[[int], None] | None = None,
    ) -> None:
        self.ledger = ledger
        self.command = command
        #: Called with the run id once its child has ended (or was never spawned).
        self.on_exit = on_exit
        self.log_dir = log_dir
        self.env = env
        self._lock = threading.Lock()
        self._active: dict[int, subprocess.Popen[bytes]] = {}
        self._interrupted: set[int] = set()
        self._closing = False
        #: Sources whose run's row is being written (it waits while another program holds
        #: the database's write lock): their run is neither waiting for a slot nor going.
        self._starting: set[str] = set()

    # --- one run -------------------------------------------------------------

    def run(self, source: str, *, timeout: float, grace: float) -> RunOutcome:
        """Run one crawl of ``source``; never raises for anything the child does.

        Raises RunNotStarted when its ``crawl_runs`` row cannot be written (a full disk),
        and StoppedBeforeSpawn when the daemon began stopping while it was written.
        """
        with self._lock:
            self._starting.add(source)
        try:
            run_id = self.ledger.start(source)
        except DatabaseError as exc:
            raise RunNotStarted(str(exc)) from None
        finally:
            with self._lock:
                self._starting.discard(source)
        try:
            with self._lock:
                closing = self._closing
            if closing:
                # A crawl spawned now would be terminated at once, after "daemon stopped".
                self.ledger.settle(run_id, lambda _recorded: (RunStatus.INTERRUPTED, None))
                raise StoppedBeforeSpawn(f"run={run_id} recorded interrupted")
            return self._run(source, run_id, timeout=timeout, grace=grace)
        finally:
            if self.on_exit is not None:
                self.on_exit(run_id)

    def _run(self, source: str, run_id: int, *, timeout: float, grace: float) -> RunOutcome:
        started = time.monotonic()
        argv = list(self.command(source, run_id))
        log_path = self._log_path(source)
        try:
            with open_log(log_path) as log:
                start = log_size(log_path)  # this run's output follows
                proc = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    # its own process group: a terminal's Ctrl-C reaches only the
                    # daemon, which decides; and killpg also reaches grandchildren
                    start_new_session=True,
                    env=self.env,
                )
        except OSError as exc:
            logger.error("crawl could not start source=%s run=%d: %s", source, run_id, exc)
            status = self.ledger.settle(run_id, lambda _recorded: (RunStatus.FAILED, None))
            return RunOutcome(
                run_id, source, status, None, time.monotonic() - started, last_line=str(exc)
            )
        with self._lock:
            self._active[run_id] = proc
            late = self._closing  # spawned while the daemon was already stopping
            if late:
                self._interrupted.add(run_id)
        if late:
            terminate(proc, grace)
        try:
            self.ledger.set_pid(run_id, proc.pid)
        except Exception as exc:  # noqa: BLE001 - bookkeeping must not leave the child unsupervised
            logger.error("could not record pid source=%s run=%d: %s", source, run_id, exc)
        logger.info(
            "crawl started source=%s run=%d pid=%d limit=%gs", source, run_id, proc.pid, timeout
        )
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            logger.warning(
                "crawl over its time limit source=%s run=%d limit=%gs: sending SIGTERM",
                source,
                run_id,
                timeout,
            )
            terminate(proc, grace)
        finally:
            with self._lock:
                self._active.pop(run_id, None)
                interrupted = run_id in self._interrupted
                self._interrupted.discard(run_id)
        code = proc.returncode

        def decide(recorded: str) -> tuple[str, int | None]:
            return decide_status(recorded, code, timed_out=timed_out, interrupted=interrupted), code

        status = self.ledger.settle(run_id, decide)
        row = self.ledger.get(run_id)
        errors = row.errors if row is not None else {}
        quoted = ""
        if status not in (RunStatus.OK, RunStatus.FINISHED):
            quoted = failure_line(log_path, start, errors, self.ledger.db_path.parent)
        return RunOutcome(
            run_id,
            source,
            status,
            code,
            time.monotonic() - started,
            timed_out=timed_out,
            interrupted=interrupted,
            last_line=quoted,
            errors=errors,
        )

    # --- shutdown ------------------------------------------------------------

    def starting(self, source: str) -> bool:
        """Is the row of a run of ``source`` being written (its child not spawned yet)?"""
        with self._lock:
            return source in self._starting

    def active(self) -> int:
        with self._lock:
            return len(self._active)

    def stop_all(self, grace: float) -> None:
        """Let running children finish for up to ``grace`` seconds, then terminate them."""
        with self._lock:
            self._closing = True
        deadline = time.monotonic() + grace
        while self.active() and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            procs = dict(self._active)
            self._interrupted.update(procs)
        if procs:
            logger.warning("terminating %d crawl(s) still running after %gs", len(procs), grace)
        threads = [
            threading.Thread(
                target=terminate, args=(proc, min(grace, SIGKILL_AFTER_SECONDS)), daemon=True
            )
            for proc in procs.values()
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    # --- logs ----------------------------------------------------------------

    def _log_path(self, source: str) -> Path | None:
        if self.log_dir is None:
            return None
        return self.log_dir / f"{source}.log"


def terminate(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the child's process group, then SIGKILL after ``grace`` seconds."""
    signal_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
        return
    except subprocess.TimeoutExpired:
        pass
    logger.warning(
        "crawl did not stop within %gs of SIGTERM pid=%d: sending SIGKILL", grace, proc.pid
    )
    signal_group(proc, signal.SIGKILL)
    proc.wait()


def signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    """Signal a child started in a process group of its own, its own children too."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:  # not our group after all: signal the child alone
        proc.send_signal(sig)


class _NullLog:
    def __enter__(self) -> int:
        return subprocess.DEVNULL

    def __exit__(self, *exc: object) -> None:
        return None


def open_log(path: Path | None):  # type: ignore[no-untyped-def]
    """The child's output file, appended; rotated to ``.1`` when past 10 MiB so it stays bounded."""
    if path is None:
        return _NullLog()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size > LOG_ROTATE_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass
    return path.open("ab")
