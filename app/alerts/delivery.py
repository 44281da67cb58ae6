"""One pass of the alerts: fire what is new, then deliver every webhook that is due.

A delivery is claimed before it is sent (an attempt counted, and the row held
for twice the timeout, so another process does not send it meanwhile), and
marked delivered only when the receiver answered 2xx. A process killed in
between leaves the row pending: it is sent again once the hold expires, with
the same delivery id and the same signed body, so a receiver that keeps the
ids it acknowledged sees each alert once. A failed attempt is retried after
``retry_delay``, doubling up to ``max_retry_delay``, until ``max_attempts``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from aggregator.config import Alert, AlertDelivery, Config
from aggregator.schema import utc_now
from app.alerts import webhook
from app.alerts.firing import Firing, fire
from storage import alerts as alert_rows
from storage.db import open_db, write_transaction

logger = logging.getLogger("app.alerts")
# The daemon's handlers print these; `aggregator alerts deliver` prints its own summary instead.
logger.addHandler(logging.NullHandler())

Clock = Callable[[], datetime]


class AlertSecretMissing(Exception):
    """A webhook alert's secret is not there (its environment variable is unset or empty)."""


@dataclass
class PassReport:
    """What one pass did."""

    fired: list[Firing] = field(default_factory=list)
    delivered: int = 0
    retrying: int = 0  # failed attempts that will be tried again
    failed: int = 0  # deliveries given up after max_attempts
    problems: list[str] = field(default_factory=list)  # alerts that could not be delivered at all

    def add(self, other: PassReport) -> None:
        self.fired += other.fired
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.failed += other.failed
        self.problems += [p for p in other.problems if p not in self.problems]


def secret_of(alert: Alert) -> bytes:
    """The alert's HMAC key, from the config or the environment variable it names."""
    if alert.secret is not None:
        return alert.secret.get_secret_value().encode("utf-8")
    value = os.environ.get(alert.secret_env or "", "")
    if not value:
        raise AlertSecretMissing(
            f"alert '{alert.name}': environment variable {alert.secret_env} is not set; "
            "its deliveries wait"
        )
    return value.encode("utf-8")


def retry_delay(settings: AlertDelivery, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling, capped."""
    return min(settings.retry_delay * (1 << min(attempts - 1, 30)), settings.max_retry_delay)


def body_of(delivery: alert_rows.Delivery) -> bytes:
    """The exact bytes sent (and signed): the same for every attempt of a delivery."""
    document = {"delivery": delivery.id, **delivery.payload}
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def run_pass(
    config: Config, db_path: Path, *, now: Clock = utc_now, stop: threading.Event | None = None
) -> PassReport:
    """Fire the alerts' new matches, then deliver every webhook that is due."""
    db = open_db(db_path)
    try:
        report = PassReport(fired=fire(db, config, now()))
        _deliver_due(db, config, now, stop, report)
        return report
    finally:
        db.close()


def run_until_done(
    config: Config, db_path: Path, wait: timedelta, *, now: Clock = utc_now
) -> PassReport:
    """Passes until no delivery is pending, or ``wait`` is over (retries in between)."""
    deadline = time.monotonic() + wait.total_seconds()
    total = PassReport()
    while True:
        total.add(run_pass(config, db_path, now=now))
        db = open_db(db_path, read_only=True)
        try:
            upcoming = alert_rows.next_due(db, [a.name for a in config.alerts if a.is_webhook])
        finally:
            db.close()
        if upcoming is None or total.problems:
            return total
        pause = (upcoming - now()).total_seconds()
        if time.monotonic() + max(pause, 0) > deadline:
            return total
        time.sleep(max(pause, 0.0))  # waiting for a retry's time, not for another thread


def _deliver_due(
    db: Database,
    config: Config,
    now: Clock,
    stop: threading.Event | None,
    report: PassReport,
) -> None:
    webhooks = {alert.name: alert for alert in config.alerts if alert.is_webhook}
    secrets: dict[str, bytes] = {}
    for name, alert in webhooks.items():
        try:
            secrets[name] = secret_of(alert)
        except AlertSecretMissing as exc:
            report.problems.append(str(exc))
            logger.error("%s", exc)
    while not (stop and stop.is_set()):
        batch = alert_rows.due(db, secrets, now())
        if not batch:
            return
        for delivery in batch:
            if stop and stop.is_set():
                return
            name = delivery.alert
            _attempt(db, config, webhooks[name], secrets[name], delivery, now, report)


def _attempt(
    db: Database,
    config: Config,
    alert: Alert,
    secret: bytes,
    delivery: alert_rows.Delivery,
    now: Clock,
    report: PassReport,
) -> None:
    settings = config.alert_delivery
    timeout = settings.timeout.total_seconds()
    started = now()
    with write_transaction(db):
        claimed = alert_rows.claim(db, delivery.id, started, started + 2 * settings.timeout)
    if not claimed:
        return  # another process took it
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": config.user_agent,
        "X-Newsagg-Alert": alert.name,
        "X-Newsagg-Delivery": str(delivery.id),
        webhook.SIGNATURE_HEADER: webhook.signature(secret, body),
    }
    error = None
    try:
        status = webhook.post(
            alert.target, body, headers, timeout=timeout, trusted=settings.trusted_hosts
        )
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except webhook.WebhookError as exc:
        error = str(exc)
    attempts = delivery.attempts + 1
    finished = now()
    with write_transaction(db):
        if error is None:
            alert_rows.delivered(db, delivery.id, finished)
        else:
            again = attempts < settings.max_attempts
            retry_at = finished + retry_delay(settings, attempts) if again else None
            alert_rows.attempt_failed(db, delivery.id, error, retry_at)
    if error is None:
        report.delivered += 1
        logger.info(
            "alert delivered alert=%s story=%d delivery=%d attempts=%d",
            alert.name,
            delivery.story_id,
            delivery.id,
            attempts,
        )
    elif attempts < settings.max_attempts:
        report.retrying += 1
        logger.warning(
            "alert delivery failed alert=%s delivery=%d attempt=%d, retried later: %s",
            alert.name,
            delivery.id,
            attempts,
            error,
        )
    else:
        report.failed += 1
        logger.error(
            "alert delivery given up alert=%s delivery=%d after %d attempts: %s",
            alert.name,
            delivery.id,
            attempts,
            error,
        )
