"""The daemon's prune: once a day when the config has ``retention:`` (app.retention).

A job of its own beside the crawls and the alert passes, with ``max_instances=1``
and coalescing. It writes through short transactions, one per batch of stories,
so crawls running beside it store their articles between two batches. Its id
cannot be a source's name (source names have no colon).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from aggregator.config import Config
from app.retention import PRUNE_EVERY_SECONDS, run_scheduled_prune
from storage.retention import PruneCounts

JOB_ID = "retention:prune"
# A batch holds the write lock about a third of a second; it may first wait for a
# crawl's batch (the 30 s busy timeout).
STOP_WAIT_SECONDS = 35.0


class RetentionJob:
    """Prunes the database in the daemon, on the config the daemon currently holds."""

    def __init__(self, config: Callable[[], Config], db_path: Path) -> None:
        self.config = config
        self.db_path = db_path
        self._stop = threading.Event()
        # Held while a prune runs, so that stop() can wait for its batch in hand.
        self._running = threading.Lock()

    def schedule(self, scheduler: BaseScheduler) -> None:
        """(Re)schedule the job for the current config: first at once, then every day; no
        ``retention.keep``, no job. In cluster mode the writer prunes (docs/scaling.md)."""
        config = self.config()
        if config.retention.keep is None or config.cluster is not None:
            with contextlib.suppress(JobLookupError):
                scheduler.remove_job(JOB_ID)
            return
        if scheduler.get_job(JOB_ID) is not None:
            return  # a reload keeps the day's rhythm; the job reads the window when it runs
        scheduler.add_job(
            self.run,
            trigger=IntervalTrigger(seconds=PRUNE_EVERY_SECONDS),
            id=JOB_ID,
            name="prune",
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
        )

    def run(self) -> PruneCounts | None:
        """One prune with the config's window; logged in one line, never raises."""
        with self._running:
            return run_scheduled_prune(self.config(), self.db_path, self._stop)

    def stop(self, wait: float = STOP_WAIT_SECONDS) -> None:
        """End a running prune after its batch in hand (waiting up to ``wait`` seconds for
        it) and start no other."""
        self._stop.set()
        if self._running.acquire(timeout=wait):
            self._running.release()
