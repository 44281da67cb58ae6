"""The daemon's alert job: a pass of the alerts (fire, then deliver) every ``alert_delivery.every``.

A job of its own beside the crawls, with ``max_instances=1`` and coalescing:
a slow receiver delays the next pass instead of stacking them. Its id cannot
be a source's name (source names have no colon).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from aggregator.config import Config
from app.alerts.delivery import run_pass

logger = logging.getLogger("app.daemon")

JOB_ID = "alerts:deliver"


class AlertJob:
    """Runs alert passes in the daemon, on the config the daemon currently holds."""

    def __init__(self, config: Callable[[], Config], db_path: Path) -> None:
        self.config = config
        self.db_path = db_path
        self._stop = threading.Event()

    def schedule(self, scheduler: BaseScheduler) -> None:
        """(Re)schedule the job for the current config; no alerts, no job."""
        config = self.config()
        if not config.alerts:
            with contextlib.suppress(JobLookupError):
                scheduler.remove_job(JOB_ID)
            return
        scheduler.add_job(
            self.run,
            trigger=IntervalTrigger(seconds=config.alert_delivery.every.total_seconds()),
            id=JOB_ID,
            name="alerts",
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            replace_existing=True,
        )

    def run(self) -> None:
        """One pass; nothing it meets stops the daemon."""
        try:
            report = run_pass(self.config(), self.db_path, stop=self._stop)
        except Exception:
            logger.exception("alert pass failed")
            return
        if report.fired or report.delivered or report.retrying or report.failed:
            logger.info(
                "alert pass fired=%d delivered=%d retrying=%d failed=%d",
                len(report.fired),
                report.delivered,
                report.retrying,
                report.failed,
            )

    def stop(self) -> None:
        """Finish the delivery in hand and send no other."""
        self._stop.set()
