"""What ``aggregator status`` shows, read from the database and the config.

The status command is a separate process from the daemon, so the next run is
computed with the daemon's own rules (:func:`app.daemon.schedule.next_run_from_history`)
from the last recorded run; it is exact for cron schedules and for interval
schedules whose runs start on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from aggregator.config import Config, RejectedSource
from app.daemon.ledger import consecutive_failures
from app.daemon.schedule import next_run_from_history
from storage.runs import RunRow, pid_alive, recent_runs


@dataclass(frozen=True)
class SourceStatus:
    name: str
    enabled: bool
    schedule: str
    last_run: RunRow | None
    running: bool
    next_run: datetime | None
    articles_24h: int
    consecutive_failures: int
    backed_off: bool
    #: The one-line error of a source whose entry in config.yaml is set aside.
    set_aside: str | None = None

    def to_json(self) -> dict[str, Any]:
        last = self.last_run
        return {
            "source": self.name,
            "enabled": self.enabled,
            "schedule": self.schedule,
            "last_run": None
            if last is None
            else {
                "id": last.id,
                "started_at": last.started_at.isoformat(),
                "ended_at": last.ended_at.isoformat() if last.ended_at else None,
                "status": last.status,
                "exit_code": last.exit_code,
                "articles_new": last.articles_new,
                "pages_fetched": last.pages_fetched,
                "errors": last.errors,
                "discovery": last.discovery,
            },
            "running": self.running,
            "next_run": self.next_run.isoformat() if self.next_run else None,
            "articles_24h": self.articles_24h,
            "consecutive_failures": self.consecutive_failures,
            "backed_off": self.backed_off,
            "set_aside": self.set_aside,
        }


def articles_since(db: Database | None, since: datetime) -> dict[str, int]:
    """Articles first stored since ``since``, per source.

    Uses the (source, first_seen_at) index.
    """
    if db is None or "articles" not in db.table_names():
        return {}
    rows = db.execute(
        "SELECT source, COUNT(*) FROM articles WHERE first_seen_at >= ? GROUP BY source",
        [since.isoformat()],
    ).fetchall()
    return {source: count for source, count in rows}


def history_statuses(db: Database | None, now: datetime) -> list[SourceStatus]:
    """Without a valid config: one entry per source that has runs, from the database alone.

    Schedules, next runs and back-off thresholds are in the config, so they are
    left unknown; the last run, its outcome and the failure streak are not.
    """
    if db is None or "crawl_runs" not in db.table_names():
        return []
    recent_articles = articles_since(db, now - timedelta(hours=24))
    names = [row[0] for row in db.execute("SELECT DISTINCT source FROM crawl_runs ORDER BY source")]
    out = []
    for name in names:
        runs = recent_runs(db, name)
        latest = runs[0] if runs else None
        out.append(
            SourceStatus(
                name=name,
                enabled=True,
                schedule=UNKNOWN_SCHEDULE,
                last_run=latest,
                running=_running(latest),
                next_run=None,
                articles_24h=recent_articles.get(name, 0),
                consecutive_failures=consecutive_failures(runs),
                backed_off=False,
            )
        )
    return out


UNKNOWN_SCHEDULE = "unknown (config invalid)"


def _running(latest: RunRow | None) -> bool:
    return latest is not None and latest.status == "running" and pid_alive(latest.pid)


def source_statuses(config: Config, db: Database | None, now: datetime) -> list[SourceStatus]:
    """One entry per configured source (disabled ones too, without a next run)."""
    recent_articles = articles_since(db, now - timedelta(hours=24))
    has_runs = db is not None and "crawl_runs" in db.table_names()
    threshold = config.daemon.backoff_after_failures
    out = []
    for source in config.sources:
        schedule = config.schedule_for(source)
        runs = recent_runs(db, source.name) if has_runs else []  # type: ignore[arg-type]
        latest = runs[0] if runs else None
        running = _running(latest)
        failures = consecutive_failures(runs)
        next_run = None
        if source.enabled:
            next_run = next_run_from_history(schedule, now, runs, threshold=threshold)
        out.append(
            SourceStatus(
                name=source.name,
                enabled=source.enabled,
                schedule=schedule.describe(),
                last_run=latest,
                running=running,
                next_run=next_run,
                articles_24h=recent_articles.get(source.name, 0),
                consecutive_failures=failures,
                backed_off=failures >= threshold,
            )
        )
    return out + [
        _set_aside_status(rejected, db, recent_articles, threshold)
        for rejected in config.rejected_sources
    ]


SET_ASIDE_SCHEDULE = "set aside (config error)"


def _set_aside_status(
    rejected: RejectedSource, db: Database | None, recent_articles: dict[str, int], threshold: int
) -> SourceStatus:
    """A source whose entry is set aside: its error, and the run history under its name."""
    has_runs = rejected.name is not None and db is not None and "crawl_runs" in db.table_names()
    runs = recent_runs(db, rejected.label) if has_runs else []  # type: ignore[arg-type]
    latest = runs[0] if runs else None
    failures = consecutive_failures(runs)
    return SourceStatus(
        name=rejected.label,
        enabled=False,
        schedule=SET_ASIDE_SCHEDULE,
        last_run=latest,
        running=_running(latest),
        next_run=None,
        articles_24h=recent_articles.get(rejected.label, 0),
        consecutive_failures=failures,
        # A daemon may still run its previous entry (a cluster's workers too): its failures count.
        backed_off=failures >= threshold,
        set_aside=rejected.error,
    )
