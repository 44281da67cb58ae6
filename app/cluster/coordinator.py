"""The daemon in cluster mode: a source that is due becomes a job for the workers.

``app.daemon.service`` schedules every source as always; with ``cluster:`` in
the config its job function calls :meth:`Coordinator.enqueue` instead of running
a crawl child. The queue keeps one open job per source, so a source whose crawl
is still queued or running is not queued again (the next fire is skipped, with
a line in the log). A fire that cannot be queued (Redis out of reach or full)
is tried again with back-off until the source's next fire, which supersedes it:
Redis back after ten seconds means the crawl is queued then, not half an hour
later. The writer records each run in ``crawl_runs``; the
coordinator reads them (read-only, when the database is on its host) to anchor
interval schedules and to back off a source that keeps failing, as the daemon
does on one host.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

import redis

from aggregator.config import ClusterSettings, Config, ConfigError, Schedule
from app.cluster.connection import Backoff, redis_trouble, refusal, refused_for_good
from app.cluster.jobs import enqueue, source_digest
from app.cluster.presence import process_id
from app.daemon.ledger import Ledger, consecutive_failures
from app.daemon.schedule import backoff_delay, base_trigger, period
from storage.stream import REDIS_ERRORS, connect, describe_error

logger = logging.getLogger("app.daemon")

# Retries of a fire end this long before the source's next fire, so that the scheduler
# finds this one over (one instance per source) and the next fire runs.
RETRY_MARGIN = timedelta(seconds=1)


class Coordinator:
    """Queues crawls for the workers; one per daemon."""

    def __init__(self, settings: ClusterSettings, ledger: Ledger) -> None:
        self.url = settings.redis_url
        self.client = connect(self.url)
        self.ledger = ledger
        self.id = process_id()
        self._stop = threading.Event()

    def stop(self) -> None:
        """End the retries in progress (the daemon stops)."""
        self._stop.set()

    def enqueue(self, config: Config, name: str, now: datetime) -> str | None:
        """Queue a crawl of source ``name`` (due now); the job's id, or None if not queued."""
        try:
            source = config.source(name)
        except ConfigError:  # removed by a reload after this run was scheduled
            return None
        schedule = config.schedule_for(source)
        runs = self.ledger.recent(name)
        failures = consecutive_failures(runs)
        delay = backoff_delay(period(schedule, now), failures, config.daemon.backoff_after_failures)
        if delay is not None and runs:
            last = runs[0].ended_at or runs[0].started_at
            if last + delay > now:
                logger.warning(
                    "source backed off source=%s failures=%d: not queued before %s",
                    name,
                    failures,
                    (last + delay).isoformat(timespec="seconds"),
                )
                return None
        digest = source_digest(config, source)
        reached, job = self._queue(name, digest, next_fire(schedule, now) - RETRY_MARGIN - now)
        if not reached:
            return None
        if job is None:
            logger.info("crawl still queued or running source=%s: not queued again", name)
        else:
            logger.info("crawl queued source=%s job=%s", name, job)
        return job

    def _queue(self, name: str, digest: str, within: timedelta) -> tuple[bool, str | None]:
        """(Redis reached, the job's id or None), trying with back-off for ``within``."""
        until = time.monotonic() + within.total_seconds()
        backoff = Backoff()
        while not self._stop.is_set():
            try:
                return True, enqueue(self.client, name, self.id, digest)
            except (*REDIS_ERRORS, redis.ResponseError) as exc:
                if refused_for_good(exc):
                    logger.error("cannot queue source=%s: %s", name, refusal(self.url, exc))
                    break
                wait = min(backoff.next(), max(until - time.monotonic(), 0.0))
                logger.warning(
                    "cannot queue source=%s: %s (%s); %s",
                    name,
                    redis_trouble(self.url, exc),
                    describe_error(exc),
                    f"retrying in {wait:g}s" if wait > 0 else "the next scheduled run queues it",
                )
                if wait <= 0:
                    break
                # In this source's job thread: the wait holds up no other source.
                self._stop.wait(wait)
        return False, None


def next_fire(schedule: Schedule, now: datetime) -> datetime:
    """When the source is due again after the fire of ``now`` (without jitter)."""
    plain = schedule.model_copy(update={"jitter": timedelta(0)})
    if plain.every is not None:
        return now + plain.every
    fire = base_trigger(plain).get_next_fire_time(None, now + timedelta(seconds=1))
    return fire if fire is not None else now + period(plain, now)
