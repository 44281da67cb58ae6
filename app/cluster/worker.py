"""``aggregator worker``: crawl jobs from the cluster's queue, one at a time, on any host.

For each job the worker

1. takes the leases of the source's sites (``leases.py``); when another
   worker holds one, it puts the job back at the queue's end and moves on;
2. runs the ordinary crawl child, ``aggregator crawl SOURCE``, with a run key:
   the child fetches and parses as on one host (robots.txt, delays and limits
   per site) and pushes its articles to the article stream (``storage.stream``)
   instead of writing a database;
3. while the child runs, every third of a lease, renews the leases, its claim
   on the job and its heartbeat; it stops the child at the source's
   ``run_timeout``, and at once when a lease is lost (another worker may then
   take the site) or Redis stayed out of reach for a whole lease;
4. when the child has ended, pushes the run's report behind its articles and
   deletes the job.

The child dies with the worker (``PR_SET_PDEATHSIG``): after a ``kill -9`` of
the worker nothing keeps fetching, its leases expire, and the job, no longer
renewed, is taken over by the next worker after one lease. A stopped worker
(SIGTERM) stops its child, reports the run as interrupted and puts the job
back for another worker at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from aggregator.config import ClusterSettings, Config, ConfigError, RejectedSource, Source
from aggregator.discovery import sites_of
from aggregator.schema import utc_now
from app.child import app_command
from app.cluster.connection import Backoff, unreachable, wait_for_redis
from app.cluster.jobs import (
    JOBS,
    WORKERS_GROUP,
    CrawlJob,
    JobQueue,
    ensure_group,
    source_digest,
    stream_gone,
)
from app.cluster.leases import SiteLeases
from app.cluster.presence import WorkerBeat, beat_worker, forget_worker, process_id
from app.config_loader import load_app_config
from app.daemon.crawl_output import failure_line, log_size
from app.daemon.runner import decide_status, open_log, terminate
from app.daemon.state import snapshot_text
from app.errors import EXIT_CONFIG
from app.source_parsers import set_aside_broken_parsers
from spiders.settings import NO_CONDITIONAL_GET, discovery_cache_problem
from storage.files import write_atomically
from storage.runs import RunReport, RunStatus
from storage.stream import REDIS_ERRORS, connect, describe_url, push_report
from storage.wire import load_report

logger = logging.getLogger("app.cluster.worker")

#: (source, run key, report file) -> argv of the crawl child.
ChildCommand = Callable[[str, str, Path], Sequence[str]]
# A worker whose heartbeat is this many leases old, holding no job, is forgotten.
FORGET_AFTER_LEASES = 10
PR_SET_PDEATHSIG = 1
# The run's stats key saying why a worker refused its job.
REFUSED_STAT = "newsagg/refused"


def crawl_child(config_path: Path) -> ChildCommand:
    """The default child: ``python -P -m app … crawl SOURCE --stream KEY --report FILE``.

    ``config_path`` is the worker's snapshot of the config it holds (as the daemon's
    crawls read the daemon's), not config.yaml: a file edited since, with a source's
    entry now bad, must not fail every job the coordinator still queues for it.
    """

    def command(source: str, run_key: str, report: Path) -> list[str]:
        return app_command(
            "--config", str(config_path), "--log-level", "INFO",
            "crawl", source, "--stream", run_key, "--report", str(report),
        )  # fmt: skip

    return command


@dataclass(frozen=True)
class ChildEnd:
    """How a crawl child ended, as the worker saw it (``exit_code`` None: it never started)."""

    exit_code: int | None
    timed_out: bool = False
    interrupted: bool = False
    lease_lost: bool = False


class Worker:
    """Takes jobs until :meth:`stop` is called (from a signal handler or a test)."""

    def __init__(
        self,
        config: Config,
        config_path: Path,
        *,
        log_dir: Path | None = None,
        command: ChildCommand | None = None,
    ) -> None:
        # The file's set-aside entries were said as it loaded; these are its sources whose
        # parser does not load.
        checked = set_aside_broken_parsers(config)
        _say_set_aside(checked.rejected_sources[len(config.rejected_sources) :])
        config = checked
        assert config.cluster is not None, "a worker needs the config's cluster: section"
        self.config = config
        self.settings: ClusterSettings = config.cluster
        self.config_path = config_path
        self.log_dir = log_dir
        self._reports = Path(tempfile.mkdtemp(prefix="newsagg-worker-"))
        self._snapshot = self._reports / "config.json"
        self._write_snapshot(config)  # one that would not load stops the start here
        self.command = command or crawl_child(self._snapshot)
        self.id = process_id()
        self.url = self.settings.redis_url
        self.lease = self.settings.lease.total_seconds()
        self.renew_every = self.settings.renew_every.total_seconds()
        self.client = connect(self.url)
        self.queue = JobQueue(self.client, self.id, self.lease)
        self.started_at = time.time()
        self.crawls = 0
        self._stop = threading.Event()
        self._reload = threading.Event()
        self._current: tuple[CrawlJob, float] | None = None  # the job being crawled, since
        self._beat_refused = False  # Redis at maxmemory refused the last heartbeat
        # Each crawl child decides the same (settings_for_source) and says nothing.
        if problem := discovery_cache_problem(config):
            logger.warning("worker=%s: %s: %s", self.id, NO_CONDITIONAL_GET, problem)

    # --- life cycle ------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()

    def reload(self) -> None:
        """Re-read the config file before the next job (SIGHUP)."""
        self._reload.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Take and run jobs until stopped; Redis out of reach is waited out, never fatal."""
        backoff = Backoff()
        ready = False
        try:
            while not self.stopping:
                try:
                    if not ready:
                        ready = self._start()
                        continue
                    self._maybe_reload()
                    self._beat()
                    job = self.queue.take(block_seconds=self.renew_every)
                    if job is not None:
                        self._run_job(job)
                    backoff.reset()
                except REDIS_ERRORS as exc:
                    self._stop.wait(unreachable(logger, self.id, self.url, exc, backoff))
                except redis.ResponseError as exc:
                    if not stream_gone(exc):
                        raise
                    ready = False  # Redis restarted without its data: set up again
        finally:
            self._close()

    def _start(self) -> bool:
        if not wait_for_redis(self.client, self.url, self.id, logger, self._stop):
            return False
        ensure_group(self.client, JOBS, WORKERS_GROUP)
        self._forget_dead_workers()
        logger.info("worker started worker=%s redis=%s", self.id, describe_url(self.url))
        return True

    def _close(self) -> None:
        shutil.rmtree(self._reports, ignore_errors=True)
        with contextlib.suppress(redis.RedisError):  # on the way out, whatever stops it
            forget_worker(self.client, self.id)
        logger.info("worker stopped worker=%s crawls=%d", self.id, self.crawls)

    def _maybe_reload(self) -> None:
        if not self._reload.is_set():
            return
        self._reload.clear()
        try:
            config = load_app_config(self.config_path)
        except ConfigError as exc:
            logger.error("config reload refused, still running on the previous config: %s", exc)
            return
        if config.cluster != self.settings:
            logger.warning("config reload: 'cluster' changed; it applies when the worker restarts")
        config, kept = set_aside_broken_parsers(config).keeping_previous_entries(self.config)
        for rejected in kept:
            logger.warning(
                "config reload: source=%s keeps its previous entry: %s",
                rejected.label,
                rejected.error,
            )
        _say_set_aside([r for r in config.rejected_sources if r not in kept])
        config = config.model_copy(update={"cluster": self.settings})
        try:
            self._write_snapshot(config)
        except (OSError, ConfigError) as exc:
            logger.error("config reload refused, still running on the previous config: %s", exc)
            return
        self.config = config
        logger.info("config reloaded sources=%d", len(config.sources))

    def _write_snapshot(self, config: Config) -> None:
        """The config the crawl children read: the one this worker holds."""
        write_atomically(self._snapshot, snapshot_text(config))

    # --- one job -------------------------------------------------------------------

    def _run_job(self, job: CrawlJob) -> None:
        try:
            source = self.config.source(job.source)
        except ConfigError as exc:  # not in this worker's config, or its entry set aside
            logger.error("job %s not crawled source=%s: %s", job.id, job.source, exc)
            self._fail(job)
            return
        if job.digest and job.digest != (mine := source_digest(self.config, source)):
            # Another feed under the same name, or other rules: crawling it would count its
            # pages under S. Failed, not put back: every worker of this config would refuse it
            # again; the run says why, and the next fire queues it anew.
            reason = (
                f"job {job.id} not crawled source={job.source}: this worker's config defines "
                f"the source otherwise than the coordinator's (digest {mine}, job's "
                f"{job.digest}); give every host the same config.yaml"
            )
            logger.error("%s", reason)
            self._fail(job, reason)
            return
        leases = SiteLeases(self.client, sites_of(source), f"{self.id} {source.name}", self.lease)
        busy = leases.take()
        if busy is not None:
            # Behind the other jobs; when it is the only one, it comes back after this wait.
            logger.debug("site busy source=%s site=%s: job put back", source.name, busy)
            self.queue.requeue(job)
            self._stop.wait(self.renew_every)
            return
        try:
            end = self._crawl(job, source, leases)
        finally:
            with contextlib.suppress(*REDIS_ERRORS):
                leases.release()
        if end.lease_lost:
            return  # the job is no longer renewed: a worker takes it over after a lease
        self._persist(
            lambda: self.queue.requeue(job) if end.interrupted else self.queue.done(job),
            f"finish job {job.id}",
        )

    def _fail(self, job: CrawlJob, reason: str = "") -> None:
        """A job this worker cannot run ends as a failed run, recorded as any other
        (``reason`` in its stats as ``newsagg/refused``)."""
        now = utc_now()
        stats = {REFUSED_STAT: reason} if reason else {}
        report = RunReport(
            job.source,
            now,
            now,
            RunStatus.FAILED,
            exit_code=EXIT_CONFIG,
            stats=stats,
            worker=self.id,
        )
        self._persist(
            lambda: push_report(self.client, f"{job.id}@{self.id}", report), "push the run report"
        )
        self._persist(lambda: self.queue.done(job), f"finish job {job.id}")

    def _crawl(self, job: CrawlJob, source: Source, leases: SiteLeases) -> ChildEnd:
        run_key = f"{job.id}@{self.id}"
        report_path = self._reports / f"{job.id}.json"
        report_path.unlink(missing_ok=True)
        started = utc_now()
        log_path = self.log_dir / f"{source.name}.log" if self.log_dir else None
        logger.info(
            "crawl started source=%s job=%s%s",
            source.name,
            job.id,
            " (taken over from a stopped worker)" if job.reclaimed else "",
        )
        self._current = (job, time.time())
        start = log_size(log_path)  # this run's output follows (run_output reads a rotated log)
        try:
            end = self._run_child(job, source, run_key, report_path, log_path, leases)
        finally:
            self._current = None
        self.crawls += 1
        report = self._report(source.name, started, end, report_path)
        logger.log(
            logging.INFO if report.status == RunStatus.OK else logging.WARNING,
            "crawl finished source=%s job=%s status=%s exit=%s%s",
            source.name,
            job.id,
            report.status,
            end.exit_code,
            f" last_output={failure_line(log_path, start, report.counts.errors, log_path.parent)!r}"
            if report.status != RunStatus.OK and log_path
            else "",
        )
        self._persist(lambda: push_report(self.client, run_key, report), "push the run report")
        return end

    def _run_child(
        self, job: CrawlJob, source: Source, run_key: str, report_path: Path,
        log_path: Path | None, leases: SiteLeases,
    ) -> ChildEnd:  # fmt: skip
        limits = self.config.limits_for(source)
        try:
            with open_log(log_path) as log:
                child = subprocess.Popen(
                    list(self.command(source.name, run_key, report_path)),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # terminate() signals its whole process group
                    preexec_fn=_die_with(os.getpid()),
                )
        except OSError as exc:
            logger.error("crawl could not start source=%s job=%s: %s", source.name, job.id, exc)
            return ChildEnd(exit_code=None)
        self._beat()
        return self._supervise(
            child,
            job,
            leases,
            timeout=limits.run_timeout.total_seconds(),
            grace=self.config.daemon.grace_period.total_seconds(),
        )

    def _supervise(
        self, child: subprocess.Popen[bytes], job: CrawlJob, leases: SiteLeases, *,
        timeout: float, grace: float,
    ) -> ChildEnd:  # fmt: skip
        """Wait for the child, renewing leases, claim and heartbeat; stop it when it must."""
        deadline = time.monotonic() + timeout
        renewed_at = time.monotonic()
        while True:
            try:
                code = child.wait(
                    timeout=max(0.01, min(self.renew_every, deadline - time.monotonic()))
                )
                return ChildEnd(code)
            except subprocess.TimeoutExpired:
                pass
            if self.stopping:
                terminate(child, grace)
                return ChildEnd(child.returncode, interrupted=True)
            if time.monotonic() >= deadline:
                logger.warning("crawl over its time limit source=%s: stopping it", job.source)
                terminate(child, grace)
                return ChildEnd(child.returncode, timed_out=True)
            sent = time.monotonic()
            try:
                kept = leases.renew() and self.queue.renew(job)
                self._beat()
            except REDIS_ERRORS as exc:
                if sent - renewed_at < self.lease:
                    logger.warning("%s: cannot renew leases (%s); trying again", self.id, exc)
                    continue
                kept = False  # out of reach for a lease: the leases may have expired
            if not kept:
                logger.warning(
                    "lease lost source=%s job=%s: stopping the crawl (another worker may take "
                    "its sites)",
                    job.source,
                    job.id,
                )
                terminate(child, grace)
                return ChildEnd(child.returncode, lease_lost=True)
            renewed_at = sent

    def _report(self, source: str, started: Any, end: ChildEnd, report_path: Path) -> RunReport:
        """The run's report: the child's own, with how it ended decided by the worker."""
        try:
            recorded = load_report(report_path)
        except ValueError as exc:
            logger.error("unreadable run report of source=%s: %s", source, exc)
            recorded = None
        status = (
            RunStatus.FAILED  # the child could not be started
            if end.exit_code is None
            else decide_status(
                recorded.status if recorded else RunStatus.RUNNING,
                end.exit_code,
                timed_out=end.timed_out,
                interrupted=end.interrupted or end.lease_lost,
            )
        )
        report_path.unlink(missing_ok=True)
        if recorded is None:
            return RunReport(
                source, started, utc_now(), status, exit_code=end.exit_code, worker=self.id
            )
        return RunReport(
            source,
            recorded.started_at,
            utc_now(),
            status,
            recorded.counts,
            exit_code=end.exit_code,
            stats=recorded.stats,
            worker=self.id,
        )

    def _persist(self, action: Callable[[], object], what: str) -> None:
        """Do ``action`` against Redis, waiting out an outage (unless stopping: then it raises)."""
        backoff = Backoff()
        while True:
            try:
                action()
                return
            except REDIS_ERRORS as exc:
                if self.stopping:
                    raise
                self._stop.wait(unreachable(logger, f"{self.id} ({what})", self.url, exc, backoff))

    # --- heartbeats ------------------------------------------------------------------

    def _beat(self) -> None:
        job, since = self._current if self._current else (None, None)
        beaten = beat_worker(
            self.client,
            WorkerBeat(
                self.id,
                self.started_at,
                time.time(),
                self.crawls,
                job.id if job else None,
                job.source if job else None,
                since,
            ),
        )
        if not beaten and not self._beat_refused:
            logger.warning(
                "worker=%s: Redis at %s is out of memory (maxmemory): heartbeats skipped "
                "until the writer has stored the backlog",
                self.id,
                describe_url(self.url),
            )
        self._beat_refused = not beaten

    def _forget_dead_workers(self) -> None:
        """Drop workers silent for ten leases that hold no job (from status and the group)."""
        limit_ms = FORGET_AFTER_LEASES * self.lease * 1000
        consumers: Any = self.client.xinfo_consumers(JOBS, WORKERS_GROUP)
        for consumer in consumers:
            name = consumer["name"]
            if name != self.id and not consumer["pending"] and consumer["idle"] > limit_ms:
                self.client.xgroup_delconsumer(JOBS, WORKERS_GROUP, name)
                forget_worker(self.client, name)


def _say_set_aside(rejected: Sequence[RejectedSource]) -> None:
    """One line for each source entry the worker does not crawl: a job of it fails."""
    for entry in rejected:
        logger.warning("source set aside source=%s: %s", entry.label, entry.warning())


def _die_with(parent: int) -> Callable[[], None]:
    """For ``preexec_fn``: the child gets SIGKILL when the worker dies (Linux).

    Without it a ``kill -9`` of the worker would leave its crawl fetching while
    the leases expire and another worker starts on the same sites.
    """

    def arrange() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # not Linux: the crawl outlives a killed worker
            return
        if os.getppid() != parent:  # the worker died before prctl took effect
            os._exit(1)

    return arrange
