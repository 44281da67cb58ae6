"""The daemon in cluster mode: a source that is due becomes a job for the workers.

``app.daemon.service`` schedules every source as always; with ``cluster:`` in
the config its job function calls :meth:`Coordinator.enqueue` instead of running
a crawl child. The queue keeps one open job per source, so a source whose crawl
is still queued or running is not queued again (the next fire is skipped, with
a line in the log). The writer records each run in ``crawl_runs``; the
coordinator reads them (read-only, when the database is on its host) to anchor
interval schedules and to back off a source that keeps failing, as the daemon
does on one host.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from aggregator.config import ClusterSettings, Config, ConfigError
from app.cluster.connection import Backoff
from app.cluster.jobs import enqueue
from app.cluster.presence import process_id
from app.daemon.ledger import Ledger, consecutive_failures
from app.daemon.schedule import backoff_delay, period
from storage.stream import REDIS_ERRORS, connect, describe_error, describe_url

logger = logging.getLogger("app.daemon")

# Attempts to reach Redis for one enqueue (1, 2, 4 s apart); then the next fire tries again.
ENQUEUE_ATTEMPTS = 4


class Coordinator:
    """Queues crawls for the workers; one per daemon."""

    def __init__(self, settings: ClusterSettings, ledger: Ledger) -> None:
        self.url = settings.redis_url
        self.client = connect(self.url)
        self.ledger = ledger
        self.id = process_id()

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
        reached, job = self._queue(name)
        if not reached:
            return None
        if job is None:
            logger.info("crawl still queued or running source=%s: not queued again", name)
        else:
            logger.info("crawl queued source=%s job=%s", name, job)
        return job

    def _queue(self, name: str) -> tuple[bool, str | None]:
        """(Redis reached, the job's id or None) after up to ``ENQUEUE_ATTEMPTS`` tries."""
        backoff = Backoff()
        for attempt in range(1, ENQUEUE_ATTEMPTS + 1):
            try:
                return True, enqueue(self.client, name, self.id)
            except REDIS_ERRORS as exc:
                wait = backoff.next()
                again = attempt < ENQUEUE_ATTEMPTS
                logger.warning(
                    "cannot queue source=%s: Redis at %s unreachable (%s); %s",
                    name,
                    describe_url(self.url),
                    describe_error(exc),
                    f"retrying in {wait:g}s" if again else "the next scheduled run tries again",
                )
                if again:
                    # In this source's job thread: the wait holds up no other source.
                    time.sleep(wait)
        return False, None
