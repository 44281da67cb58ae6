"""The daemon: APScheduler jobs, one per enabled source, each running a crawl child.

``Daemon`` is driven by methods (``start``, ``reload``, ``stop``) so that
tests run it in-process; only the CLI command installs signal handlers.

Decisions, with the failure each avoids:

* A MemoryJobStore rebuilt from config.yaml: persistent stores pickle jobs and
  must never be shared (APScheduler FAQ); run history lives in crawl_runs.
* ``max_instances=1`` per source plus a hard per-run time limit in the runner:
  a hung crawl is killed, so it cannot block its source for ever (apscheduler#342).
* A counting limiter for ``max_parallel_crawls`` instead of a small thread
  pool: a job waiting for a free slot is not "missed", and the limit can change
  on reload.
* ``coalesce=True`` and a trigger that never enumerates missed fire times
  (``CatchUpTrigger``): after a suspend or a clock jump there is one run, not a
  burst, and a clock set ten years ahead does not hang the scheduler.
* Misfires and skipped runs are logged at WARNING with the source's name, once: a
  fire skipped while the previous one still waits for a crawl slot says so, and
  APScheduler's own line of the same skip is filtered out.
* Sources due at once when they are scheduled (never run, or overdue after a
  stop) do not all fire together: ``max_parallel_crawls`` at a time, a typical
  run apart, all within one period (:func:`spread_first_runs`); the interval grid
  of each is anchored there, so the runs stay spread and ``next=`` is honest.
* One daemon per database: the daemon lock (:mod:`storage.locks`) is taken
  before anything else, so a second daemon neither schedules every source again
  nor marks the first one's running crawls crashed (killing them as orphans). A
  daemon from before the lock, known by its fresh state record, is refused the same way.
"""

from __future__ import annotations

import contextlib
import logging
import math
import statistics
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.base import BaseExecutor
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from aggregator.config import DEFAULT_CONFIG_PATH, Config, ConfigError, Schedule, Source
from aggregator.discovery import sites_of
from app.config_loader import load_app_config
from app.daemon.alerts import AlertJob
from app.daemon.ledger import NEUTRAL, Ledger, consecutive_failures, is_failure
from app.daemon.retention import RetentionJob
from app.daemon.runner import (
    ChildRunner,
    CommandFactory,
    RunNotStarted,
    RunOutcome,
    StoppedBeforeSpawn,
    crawl_command,
)
from app.daemon.schedule import (
    backoff_delay,
    build_trigger,
    first_run,
    misfire_grace_seconds,
    next_run_from_history,
    period,
)
from app.daemon.state import HEARTBEAT_SECONDS, DaemonState, unlocked_daemon
from app.source_parsers import set_aside_broken_parsers
from storage.db import BUSY_TIMEOUT_MS, DatabaseError
from storage.locks import LockHeld, lock_daemon, writer_present
from storage.runs import RunRow

logger = logging.getLogger("app.daemon")

#: Job threads are cheap and created on demand; the crawl limit is the limiter's.
JOB_THREADS = 128
CLOCK_JUMP_SECONDS = 60.0
#: How long a stop waits for job threads once their crawls have ended: each may still
#: write its run's row and then settle it, each write waiting at most the busy timeout.
JOB_WRITES_SECONDS = 2 * BUSY_TIMEOUT_MS / 1000 + 5


class _SkippedRunFilter(logging.Filter):
    """Drops APScheduler's WARNING of a fire skipped at ``max_instances``: the daemon logs
    its own line of it, naming the source and whether its run waits or runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in str(record.msg)


_SKIPPED_RUN_FILTER = _SkippedRunFilter()


#: How long a crawl is taken to last when no run of any source is recorded yet.
UNKNOWN_RUN_SECONDS = 5.0


def spread_first_runs(
    due: list[tuple[str, timedelta]], now: datetime, slots: int, run: timedelta
) -> dict[str, datetime]:
    """The first run of each source due at ``now`` (name, period), in the given order.

    ``slots`` (max_parallel_crawls) of them run at once; the rest follow in groups of
    ``slots``, one group per ``run`` (a typical crawl's duration: a group starts about
    when the one before ends), or closer where that would take longer than one period of
    the source: with 2,000 sources due every 30 minutes on 2 slots, a group every 1.8 s.
    """
    groups = math.ceil(len(due) / slots) if due else 1
    return {
        name: now + min(period / groups, run) * (index // slots)
        for index, (name, period) in enumerate(due)
    }


class Limiter:
    """A counting semaphore whose size can change (max_parallel_crawls on reload), which
    also runs no two crawls sharing a site (``sites_of``: a site's robots.txt delay and
    Retry-After pauses hold per crawl process, so two at once would double its rate)."""

    def __init__(self, limit: int) -> None:
        self._cond = threading.Condition()
        self._limit = limit
        self._used = 0
        self._sites: set[str] = set()
        self._closed = False

    def set_limit(self, limit: int) -> None:
        with self._cond:
            self._limit = limit
            self._cond.notify_all()

    def acquire(self, sites: Collection[str] = ()) -> bool:
        """Wait for a slot and for ``sites`` to be free of other crawls; False once the
        limiter is closed (daemon stopping)."""
        with self._cond:
            while not self._closed and (
                self._used >= self._limit or not self._sites.isdisjoint(sites)
            ):
                self._cond.wait()
            if self._closed:
                return False
            self._used += 1
            self._sites.update(sites)
            return True

    def release(self, sites: Collection[str] = ()) -> None:
        with self._cond:
            self._used -= 1
            self._sites.difference_update(sites)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class ClockWatch:
    """Notices wall-clock jumps by comparing the wall clock with the monotonic clock.

    APScheduler sleeps on a monotonic timer but decides due-ness by the wall
    clock, so after the clock is set back it would oversleep by the jump
    (apscheduler#339, #752). The daemon checks every 30 s and re-anchors.
    """

    def __init__(self, threshold: float = CLOCK_JUMP_SECONDS) -> None:
        self.threshold = threshold
        self._offset: float | None = None

    def observe(self, wall: float, mono: float) -> float | None:
        """The jump in seconds (negative: set back) since the last call, or None."""
        offset = wall - mono
        previous, self._offset = self._offset, offset
        if previous is None:
            return None
        jump = offset - previous
        return jump if abs(jump) >= self.threshold else None


class CrawlQueue(Protocol):
    """Where a cluster-mode daemon sends its due crawls instead of running them: the
    cluster's coordinator (``app.cluster.coordinator.Coordinator``), which the command
    line hands in, so that the daemon needs nothing of the cluster's package."""

    def enqueue(self, config: Config, name: str, now: datetime) -> str | None: ...

    def stop(self) -> None: ...


class Daemon:
    """Every enabled source on its schedule, until stopped.

    With ``cluster:`` in the config, ``crawl_queue`` (called with the daemon's ledger, once
    its lock is held) gives the queue its due crawls go to; without it they run here.
    """

    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        config_path: Path | None = None,
        command: CommandFactory | None = None,
        log_dir: Path | None = None,
        scheduler: BaseScheduler | None = None,
        executor: BaseExecutor | None = None,
        clock: Callable[[], datetime] | None = None,
        watch_clock: bool = True,
        crawl_queue: Callable[[Ledger], CrawlQueue] | None = None,
    ) -> None:
        if (config.cluster is None) != (crawl_queue is None):
            raise ValueError("a daemon has a crawl queue if and only if its config has cluster:")
        self.config = config
        self.config_path = Path(config_path or config.path or DEFAULT_CONFIG_PATH).resolve()
        self.db_path = Path(db_path).resolve()
        #: The database the config names (--db may differ): a reload that changes it is logged.
        self._database_named = config.database
        # Before the database is opened: recover_stale below may kill crawls it thinks orphaned.
        self._daemon_lock = lock_daemon(self.db_path)
        self._refuse_beside_an_unlocked_daemon()
        if config.cluster is None:
            self._refuse_beside_a_cluster_writer()
        # Cluster mode: workers crawl, the writer alone writes the database (app/cluster).
        self.ledger = Ledger(self.db_path, read_only=config.cluster is not None)
        self.coordinator = crawl_queue(self.ledger) if crawl_queue is not None else None
        self.state = DaemonState(self.db_path, self.config_path)
        self.runner = ChildRunner(
            self.ledger,
            command or crawl_command(self.snapshot_for, self.db_path),
            log_dir=log_dir,
            on_exit=self.state.release,
        )
        self.limiter = Limiter(config.daemon.max_parallel_crawls)
        self.scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self.scheduler.add_executor(executor or ThreadPoolExecutor(JOB_THREADS), "default")
        self.scheduler.add_listener(
            self._on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR
        )
        logging.getLogger("apscheduler.scheduler").addFilter(_SKIPPED_RUN_FILTER)
        self._now = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._failures: dict[str, int] = {}
        self._schedules: dict[str, Schedule] = {}
        #: Sources whose run waits for a crawl slot (the limiter).
        self._waiting: set[str] = set()
        self._inflight = 0
        self._idle = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._watch_clock = watch_clock
        self._clock = ClockWatch()
        self._watcher: threading.Thread | None = None
        self.runs_finished = 0
        self.alerts = AlertJob(lambda: self.config, self.db_path)
        self.retention = RetentionJob(lambda: self.config, self.db_path)

    def _refuse_beside_an_unlocked_daemon(self) -> None:
        """LockHeld when a daemon from before the daemon lock (stop 40) runs on this
        database: it takes no lock, and its running crawls would be killed as orphans."""
        record = unlocked_daemon(self.db_path)
        if record is None:
            return
        self._daemon_lock.release()
        raise LockHeld(
            f"a daemon of an older newsagg (pid {record.pid}, last heartbeat "
            f"{record.heartbeat_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC) runs on "
            f"{self.db_path} without the daemon lock: stop it first"
        )

    def _refuse_beside_a_cluster_writer(self) -> None:
        """LockHeld when a cluster's writer writes this database: a daemon without
        ``cluster:`` crawls and writes it itself, and would be a second writer (the writer
        refuses such a daemon the same way when it starts second)."""
        if not writer_present(self.db_path):
            return
        self._daemon_lock.release()
        raise LockHeld(
            f"a cluster writer writes {self.db_path}; a daemon without a cluster: section "
            "would write it too: stop the writer, or give this config the cluster's cluster: "
            "section to run as its coordinator"
        )

    # --- life cycle ------------------------------------------------------------

    def start(self) -> None:
        """Mark stale runs crashed, schedule every enabled source, start the scheduler."""
        for row, action in self.ledger.recover_stale():
            logger.warning(
                "stale run marked crashed source=%s run=%d pid=%s (%s)",
                row.source,
                row.id,
                row.pid,
                action,
            )
        # An unwritable folder, or a snapshot that would not load, stops the start here.
        self.state.write_snapshot(self.config)
        self.state.started()
        self.scheduler.start()
        for rejected in self.config.rejected_sources:
            logger.warning("source set aside source=%s: %s", rejected.label, rejected.warning())
        self._apply(self.config, initial=True)
        _warn_of_short_grace(self.config)
        self.alerts.schedule(self.scheduler)
        self.retention.schedule(self.scheduler)
        self._watcher = threading.Thread(target=self._watch, name="daemon-watch", daemon=True)
        self._watcher.start()
        logger.info(
            "daemon started pid=%s sources=%d max_parallel=%d db=%s config=%s",
            _pid(),
            len(self._schedules),
            self.config.daemon.max_parallel_crawls,
            self.db_path,
            self.config_path,
        )

    def reload(self, config: Config) -> bool:
        """Apply a new, already validated config: add, remove and reschedule jobs.

        A source whose entry is set aside in the new config but was valid before
        keeps its previous entry and schedule (an operator's typo must not stop a
        running source); its error is logged. The config is first written as the
        next snapshot, which the crawls started from then on read; if it cannot be
        written, the reload is refused and the daemon stays on the previous config.
        """
        config = set_aside_broken_parsers(config)
        if nothing := config.no_source_loads():  # refused whole, as any whole-file error
            logger.error("config reload refused, still running on the previous config: %s", nothing)
            return False
        if not config.sources and not config.rejected_sources and self._schedules:
            # A file cut short (an `echo … >` for `>>`, a half-saved edit): applied, it would
            # unschedule every source and delete every source's httpcache/.
            logger.error(
                "config reload refused, still running on the previous config: %s: no source "
                "entry (%d scheduled now); nothing to crawl: to stop crawling them all, give "
                "each enabled: false, or stop the daemon",
                self.config_path,
                len(self._schedules),
            )
            return False
        config, kept = config.keeping_previous_entries(self.config)
        for rejected in config.rejected_sources:
            if rejected in kept:
                logger.warning(
                    "config reload: source=%s keeps its previous entry: %s",
                    rejected.label,
                    rejected.error,
                )
            else:
                logger.warning("source set aside source=%s: %s", rejected.label, rejected.warning())
        for notice in config.notices:  # what every command says on loading it, alerts' too
            logger.warning("config reload: %s", notice)
        if config.database != self._database_named and config.database.resolve() != self.db_path:
            logger.warning(
                "config reload: 'database' is now %s; the daemon keeps %s until restarted",
                config.database,
                self.db_path,
            )
        # Said once per change; the snapshot names the database the daemon writes.
        self._database_named = config.database
        config = config.model_copy(update={"database": self.db_path})
        try:
            snapshot = self.state.write_snapshot(config)
        except (OSError, ConfigError) as exc:
            logger.error(
                "config reload refused, still running on the previous config: "
                "its snapshot for the crawls: %s",
                exc,
            )
            return False
        self._apply(config, initial=False)
        _warn_of_short_grace(config)
        self.alerts.schedule(self.scheduler)
        self.retention.schedule(self.scheduler)
        logger.info("config reloaded sources=%d snapshot=%s", len(self._schedules), snapshot)
        return True

    def reload_from_file(self) -> bool:
        """SIGHUP: re-read the config file; an invalid file leaves the running config in place."""
        try:
            # Without the --db override: the file's own 'database' is compared in reload.
            config = load_app_config(self.config_path)
        except ConfigError as exc:
            logger.error("config reload refused, still running on the previous config: %s", exc)
            return False
        return self.reload(config)

    def stop(self, grace: float | None = None) -> None:
        """Stop scheduling; give running crawls ``grace`` seconds, then terminate them."""
        if grace is None:
            grace = self.config.daemon.grace_period.total_seconds()
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self.coordinator is not None:  # ends its retries of fires Redis refused
            self.coordinator.stop()
        self.alerts.stop()
        self.retention.stop()
        logger.info("daemon stopping: %d crawl(s) running, grace %gs", self.runner.active(), grace)
        with contextlib.suppress(Exception):  # already stopped
            self.scheduler.shutdown(wait=False)
        self.limiter.close()
        self.runner.stop_all(grace)
        # The daemon lock stays held while a job thread may still write a run's row (one
        # waiting on another program's write transaction): a second daemon let in now
        # would run beside rows this one still writes.
        deadline = time.monotonic() + JOB_WRITES_SECONDS
        with self._idle:
            while self._inflight and time.monotonic() < deadline:
                self._idle.wait(0.1)
            left = self._inflight
        if left:
            logger.warning(
                "daemon stopping: %d crawl job(s) still writing after %gs; the daemon lock "
                "is held until the process exits",
                left,
                JOB_WRITES_SECONDS,
            )
        try:
            self.state.stopped()
        except OSError as exc:  # the free lock still says no daemon runs
            logger.warning(
                "could not record the clean stop in %s: %s; status will say 'process gone'",
                self.state.folder,
                exc,
            )
        if not left:
            self._daemon_lock.release()
        logger.info("daemon stopped")

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    # --- jobs --------------------------------------------------------------------

    def _apply(self, config: Config, *, initial: bool) -> None:
        with self._lock:
            self.config = config
            self.limiter.set_limit(config.daemon.max_parallel_crawls)
            wanted = {s.name: s for s in config.sources if s.enabled}
            unscheduled = [name for name in self._schedules if name not in wanted]
            for name in unscheduled:
                self._remove_job(name)
                logger.info("source removed from schedule source=%s", name)
            # Of those unscheduled, the ones gone from the config (a disabled or set-aside
            # source keeps its folder, as crawl --all does).
            configured = config.entry_names()
            if configured is not None and (gone := [n for n in unscheduled if n not in configured]):
                _remove_caches_of(config, gone)
            changes: list[tuple[Source, Schedule, str]] = []
            for name, source in wanted.items():
                schedule = config.schedule_for(source)
                if name not in self._schedules:
                    changes.append((source, schedule, "" if initial else "added"))
                elif self._schedules[name] != schedule:
                    self._remove_job(name)
                    changes.append((source, schedule, "rescheduled"))
            runs = self.ledger.recent_of([source.name for source, _, _ in changes])
            plans = [
                self._plan(source, schedule, change, runs[source.name])
                for source, schedule, change in changes
            ]
            # In a cluster the workers' number, not max_parallel_crawls, decides how many
            # crawls run at once, and the daemon only queues them: nothing to spread here.
            clustered = self.coordinator is not None
            firsts = {} if clustered else self._spread(plans, config.daemon.max_parallel_crawls)
            for plan in plans:
                self._add_job(plan, firsts.get(plan.source.name, plan.first))
                if plan.change:
                    logger.info(
                        "source %s source=%s schedule=%s",
                        plan.change,
                        plan.source.name,
                        plan.schedule.describe(),
                    )
            if initial and not clustered:
                _warn_of_too_few_slots(plans, config.daemon.max_parallel_crawls)

    def _plan(self, source: Source, schedule: Schedule, change: str, runs: list[RunRow]) -> _Plan:
        """When a source being scheduled runs first, from its recorded runs (newest first)."""
        first = next_run_from_history(
            schedule, self._now(), runs, threshold=self.config.daemon.backoff_after_failures
        )
        return _Plan(source, schedule, change, runs, first)

    def _spread(self, plans: list[_Plan], slots: int) -> dict[str, datetime]:
        """The first runs of the interval sources due now, spread (:func:`spread_first_runs`)."""
        now = self._now()
        due = [
            (plan.source.name, plan.schedule.every)
            for plan in plans
            if plan.schedule.every is not None and plan.first <= now
        ]
        if len(due) <= slots:  # they all start at once, as before
            return {}
        run = _typical_run(plans) or UNKNOWN_RUN_SECONDS
        logger.info(
            "first runs of %d sources due now spread: %d at a time, a group every %.1fs "
            "(a typical run) or less, within one period",
            len(due),
            slots,
            run,
        )
        return spread_first_runs(due, now, slots, timedelta(seconds=run))

    def _add_job(self, plan: _Plan, first: datetime) -> None:
        source, schedule = plan.source, plan.schedule
        failures = consecutive_failures(plan.runs)
        self._failures[source.name] = failures
        self.scheduler.add_job(
            self._run_job,
            trigger=build_trigger(schedule, start=first if schedule.every else None),
            args=[source.name],
            id=source.name,
            name=source.name,
            next_run_time=first,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=misfire_grace_seconds(schedule, self._now()),
            replace_existing=True,
        )
        self._schedules[source.name] = schedule
        logger.info(
            "source scheduled source=%s schedule=%s next=%s%s",
            source.name,
            schedule.describe(),
            _iso(first),
            f" backed_off=yes failures={failures}" if self._backed_off(failures) else "",
        )

    def _remove_job(self, name: str) -> None:
        self._schedules.pop(name, None)
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(name)

    def _run_job(self, name: str) -> RunOutcome | None:
        """One scheduled run of a source (in a job thread)."""
        if self.coordinator is not None:  # cluster mode: queue it for a worker
            self.coordinator.enqueue(self.config, name, self._now())
            return None
        with self._lock:
            self._inflight += 1
        try:
            try:
                sites = sites_of(self.config.source(name))
            except ConfigError:  # removed by a reload before this run fired
                return None
            with self._lock:
                self._waiting.add(name)
            try:
                slot = self.limiter.acquire(sites)
            finally:
                with self._lock:
                    self._waiting.discard(name)
            if not slot:
                return None
            try:
                if self.stopping:
                    return None
                config = self.config
                try:
                    source = config.source(name)
                except ConfigError:  # removed by a reload while this run waited
                    return None
                limits = config.limits_for(source)
                outcome = self.runner.run(
                    name,
                    timeout=limits.run_timeout.total_seconds(),
                    grace=config.daemon.grace_period.total_seconds(),
                )
            finally:
                self.limiter.release(sites)
            self._record(outcome)
            return outcome
        except StoppedBeforeSpawn as exc:
            logger.info("crawl not started source=%s: the daemon is stopping (%s)", name, exc)
            return None
        except RunNotStarted as exc:
            # One line per attempt (a full disk fails every source the same way, each minute).
            logger.error("crawl not started source=%s: %s", name, exc)
            return None
        except DatabaseError as exc:  # the child ran; its outcome could not be recorded
            logger.error("crawl outcome not recorded source=%s: %s", name, exc)
            return None
        except Exception:
            logger.exception("crawl job failed in the daemon source=%s", name)
            return None
        finally:
            with self._idle:
                self._inflight -= 1
                self._idle.notify_all()

    def _record(self, outcome: RunOutcome) -> None:
        """Log the outcome, count failures, and back off a source that keeps failing."""
        # A crawl whose feed is gone (404) or whose host is dead still ends 'ok': its
        # errors are what the operator has to see.
        failed = is_failure(outcome.status) or bool(outcome.errors)
        level = logging.WARNING if failed else logging.INFO
        logger.log(
            level,
            "crawl finished source=%s run=%d status=%s exit=%s took=%.1fs%s%s",
            outcome.source,
            outcome.run_id,
            outcome.status,
            outcome.exit_code,
            outcome.seconds,
            # A crawl whose feed answered 403 or whose robots.txt answered 500 ends
            # 'ok' having fetched nothing: its errors say why, in the daemon's own log.
            " errors=" + ",".join(f"{k}:{n}" for k, n in outcome.errors.items())
            if outcome.errors
            else "",
            f" last_output={outcome.last_line!r}" if outcome.last_line else "",
        )
        with self._lock:
            self.runs_finished += 1
            if outcome.status in NEUTRAL:
                return
            failures = (
                self._failures.get(outcome.source, 0) + 1 if is_failure(outcome.status) else 0
            )
            self._failures[outcome.source] = failures
            schedule = self._schedules.get(outcome.source)
            if schedule is None or self.stopping or not self._backed_off(failures):
                return
            now = self._now()
            delay = backoff_delay(
                period(schedule, now), failures, self.config.daemon.backoff_after_failures
            )
            job = self.scheduler.get_job(outcome.source)
            if job is None or delay is None:
                return
            later = first_run(
                schedule,
                now,
                last_ended=now,
                failures=failures,
                threshold=self.config.daemon.backoff_after_failures,
            )
            if job.next_run_time is None or job.next_run_time < later:
                job.modify(next_run_time=later)
            logger.warning(
                "source backed off source=%s failures=%d next=%s (waits %s instead of %s)",
                outcome.source,
                failures,
                _iso(max(later, job.next_run_time or later)),
                delay,
                period(schedule, now),
            )

    def _backed_off(self, failures: int) -> bool:
        return failures >= self.config.daemon.backoff_after_failures

    def snapshot_for(self, run_id: int) -> Path:
        """The config snapshot a crawl child is started with, kept until the run ends."""
        return self.state.snapshot_for(run_id, self.config)

    def failures(self, name: str) -> int:
        with self._lock:
            return self._failures.get(name, 0)

    def next_run(self, name: str) -> datetime | None:
        job = self.scheduler.get_job(name)
        return job.next_run_time if job else None

    # --- events and the clock -------------------------------------------------------

    def _on_event(self, event: JobEvent) -> None:
        name = event.job_id
        if event.code == EVENT_JOB_MISSED:
            assert isinstance(event, JobExecutionEvent)
            logger.warning(
                "scheduled run missed source=%s due=%s late_by=%s (scheduler or clock was held up)",
                name,
                _iso(event.scheduled_run_time),
                self._now() - event.scheduled_run_time,
            )
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            assert isinstance(event, JobSubmissionEvent)
            with self._lock:
                waiting = name in self._waiting
                queued = len(self._waiting)
            if waiting:
                why = (
                    f"its previous run is still waiting for a crawl slot ({queued} waiting, "
                    f"max_parallel_crawls={self.config.daemon.max_parallel_crawls})"
                )
            elif self.runner.starting(name):
                why = (
                    "its previous run is still starting (writing its crawl_runs row: another "
                    "program holds the database's write lock)"
                )
            else:
                why = "the previous run is still going"
            logger.warning(
                "scheduled run skipped source=%s due=%s: %s",
                name,
                ",".join(_iso(t) for t in event.scheduled_run_times),
                why,
            )
        elif event.code == EVENT_JOB_ERROR:
            assert isinstance(event, JobExecutionEvent)
            logger.error("crawl job raised source=%s: %r", name, event.exception)

    def _watch(self) -> None:
        """Every 30 s: write the heartbeat, and look for a jump of the wall clock."""
        self._clock.observe(time.time(), time.monotonic())
        while not self._stopping.wait(HEARTBEAT_SECONDS):
            try:
                self.state.heartbeat()
            except OSError as exc:
                logger.warning("could not write the daemon's heartbeat: %s", exc)
            if not self._watch_clock:
                continue
            jump = self._clock.observe(time.time(), time.monotonic())
            if jump is not None:
                self.on_clock_jump(jump)

    def on_clock_jump(self, seconds: float) -> None:
        """Re-anchor after the wall clock moved by ``seconds``.

        Set back, an interval source would wait the jump on top of its period:
        its next run is pulled in to at most one period from now. Cron sources
        keep their wall-clock times. Either way the scheduler is woken, since
        its sleep was computed on the old clock.
        """
        logger.warning("wall clock jumped by %+.0fs; re-anchoring interval schedules", seconds)
        now = self._now()
        with self._lock:
            for name, schedule in self._schedules.items():
                if schedule.every is None:
                    continue
                job = self.scheduler.get_job(name)
                if job is None or job.next_run_time is None:
                    continue
                latest = now + schedule.every
                if job.next_run_time > latest:
                    job.modify(next_run_time=latest)
        self.scheduler.wakeup()


@dataclass(frozen=True)
class _Plan:
    """A source about to be scheduled: its recorded runs and its first run by them."""

    source: Source
    schedule: Schedule
    #: "added" or "rescheduled" (logged), "" at start.
    change: str
    runs: list[RunRow]  # newest first
    first: datetime


def _last_durations(plans: list[_Plan]) -> dict[str, float]:
    """Each source's last finished run's duration in seconds, of those that have one."""
    return {
        plan.source.name: (run.ended_at - run.started_at).total_seconds()
        for plan in plans
        for run in plan.runs[:1]
        if run.ended_at is not None
    }


def _typical_run(plans: list[_Plan]) -> float | None:
    """The median of the sources' last runs' durations; None when none is recorded."""
    took = _last_durations(plans)
    return statistics.median(took.values()) if took else None


def _warn_of_too_few_slots(plans: list[_Plan], slots: int) -> None:
    """Say once when the sources cannot all run within their period on ``slots`` crawl
    slots, by their last runs' durations (the median of those for a source never run)."""
    took = _last_durations(plans)
    typical = _typical_run(plans)
    if typical is None:
        return  # no run recorded: nothing to estimate by
    needed = sum(
        took.get(plan.source.name, typical) / period(plan.schedule, plan.first).total_seconds()
        for plan in plans
    )
    if needed <= slots:
        return
    logger.warning(
        "%d sources need about %.1f crawl slots by their last runs' durations (median "
        "%.1fs) and daemon.max_parallel_crawls is %d: runs will start late and wait for a "
        "slot; raise max_parallel_crawls or lengthen their schedules",
        len(plans),
        needed,
        typical,
        slots,
    )


def _warn_of_short_grace(config: Config) -> None:
    """A crawl told to stop finishes its requests in flight first; one waiting longer than
    the grace period is killed, and a killed crawl never reports its pages and errors."""
    grace = config.daemon.grace_period.total_seconds()
    short = [
        source.name
        for source in config.sources
        if source.enabled and config.limits_for(source).download_timeout > grace
    ]
    if short:
        logger.warning(
            "daemon.grace_period %gs is shorter than limits.download_timeout of %s: a crawl "
            "stopped during a slow request is killed, and records only the articles it stored",
            grace,
            ", ".join(
                f"{name} ({config.limits_for(config.source(name)).download_timeout:g}s)"
                for name in short
            ),
        )


def _remove_caches_of(config: Config, names: list[str]) -> None:
    """The kept feeds and sitemaps of sources removed from the config go, as ``crawl
    --all`` removes them: no crawl of its own will ever prune them. Only their folders:
    anything else under httpcache/ stays."""
    from spiders.settings import remove_caches_of

    if removed := remove_caches_of(config, names):
        logger.info("removed httpcache/ of sources no longer configured: %s", ", ".join(removed))


def _iso(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


def _pid() -> int:
    import os

    return os.getpid()


__all__ = ["ClockWatch", "CrawlQueue", "Daemon", "Limiter"]
