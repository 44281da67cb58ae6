"""What ``aggregator status`` shows, read from the database and the config.

The status command is a separate process from the daemon, so the next run is
computed with the daemon's own rules (:func:`app.daemon.schedule.next_run_from_history`)
from the last recorded run; it is exact for cron schedules and for interval
schedules whose runs start on time. A schedule's ``jitter`` is left out: the daemon
draws its random delay in its own process, so ``status`` shows the time the run is due
(a cron time on its grid), which the run starts up to ``jitter`` after; drawn here, it
was a different time at each call and never the daemon's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from aggregator.config import Config, RejectedSource, Source
from app.daemon.ledger import SUCCESS, consecutive_failures
from app.daemon.schedule import next_run_from_history
from storage.runs import RunRow, RunStatus, pid_alive, recent_runs
from storage.source_health import Streak, last_success, streak


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
    #: Set aside in the file, but the running daemon still runs the entry it held before
    #: (its schedule and next run are that entry's).
    daemon_runs_previous_entry: bool = False
    #: When its latest successful run ended (errors or not), as the web view shows it.
    last_success: datetime | None = None
    #: Since its latest run without errors: a dead host's runs end 'ok' with errors, and
    #: never count as failures.
    streak: Streak = Streak(None, None)

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
                "shards": last.shards,
            },
            "running": self.running,
            "next_run": self.next_run.isoformat() if self.next_run else None,
            "articles_24h": self.articles_24h,
            "consecutive_failures": self.consecutive_failures,
            "backed_off": self.backed_off,
            "set_aside": self.set_aside,
            "daemon_runs_previous_entry": self.daemon_runs_previous_entry,
            "last_success": _iso(self.last_success),
            "last_run_without_errors": _iso(self.streak.last_clean_run),
            "failing_since": _iso(self.streak.failing_since),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class History:
    """What ``status`` reads of one source's runs."""

    runs: list[RunRow]  # the latest, newest first (storage.runs.recent_runs)
    last_success: datetime | None = None
    streak: Streak = Streak(None, None)


def with_runs(db: Database | None) -> Database | None:
    """``db`` if it has a ``crawl_runs`` table, else None: looked up once per ``status``,
    not once per source (thousands of them)."""
    return db if db is not None and "crawl_runs" in db.table_names() else None


def history_of(runs_db: Database | None, name: str) -> History:
    """A source's run history; empty without a database that has runs (:func:`with_runs`)."""
    if runs_db is None:
        return History([])
    runs = [_as_it_ended(run) for run in recent_runs(runs_db, name)]
    return History(runs, last_success(runs_db, name, SUCCESS), streak(runs_db, name))


def _as_it_ended(run: RunRow) -> RunRow:
    """A run still 'running' whose process is gone was killed before it could record its
    end: shown 'crashed', as the next crawl of the source records it (``start_run``)."""
    if run.status == RunStatus.RUNNING and not pid_alive(run.pid):
        return replace(run, status=RunStatus.CRASHED)
    return run


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
    runs_db = with_runs(db)
    if runs_db is None:
        return []
    recent_articles = articles_since(runs_db, now - timedelta(hours=24))
    names = [
        row[0] for row in runs_db.execute("SELECT DISTINCT source FROM crawl_runs ORDER BY source")
    ]
    # Back-off thresholds are in the config too: no source is shown backed off.
    return [
        _status(name, history_of(runs_db, name), recent_articles, UNKNOWN_SCHEDULE, backoff=None)
        for name in names
    ]


UNKNOWN_SCHEDULE = "unknown (config invalid)"


def _status(
    name: str,
    history: History,
    recent_articles: dict[str, int],
    schedule: str,
    *,
    backoff: int | None,
    enabled: bool = True,
    next_run: datetime | None = None,
    set_aside: str | None = None,
) -> SourceStatus:
    """A source's status from its run history: what every kind of entry shows alike.
    ``backoff``: the failures in a row that back a source off, if known."""
    latest = history.runs[0] if history.runs else None
    failures = consecutive_failures(history.runs)
    return SourceStatus(
        name=name,
        enabled=enabled,
        schedule=schedule,
        last_run=latest,
        running=latest is not None and latest.status == RunStatus.RUNNING,
        next_run=next_run,
        articles_24h=recent_articles.get(name, 0),
        consecutive_failures=failures,
        backed_off=backoff is not None and failures >= backoff,
        set_aside=set_aside,
        last_success=history.last_success,
        streak=history.streak,
    )


def source_statuses(
    config: Config, db: Database | None, now: datetime, daemon_config: Config | None = None
) -> list[SourceStatus]:
    """One entry per configured source (disabled ones too, without a next run).

    ``daemon_config``: the config the running daemon holds (its current snapshot); a
    source set aside in ``config`` that the daemon still runs on its previous entry is
    shown with that entry's schedule and next run.
    """
    recent_articles = articles_since(db, now - timedelta(hours=24))
    runs_db = with_runs(db)
    out = [
        _configured_status(config, source, history_of(runs_db, source.name), recent_articles, now)
        for source in config.sources
    ]
    threshold = config.daemon.backoff_after_failures
    for rejected in config.rejected_sources:
        previous = _entry_of(daemon_config, rejected.name)
        if daemon_config is not None and previous is not None:
            row = _configured_status(
                daemon_config, previous, history_of(runs_db, previous.name), recent_articles, now
            )
            out.append(replace(row, set_aside=rejected.error, daemon_runs_previous_entry=True))
        else:
            history = (
                history_of(runs_db, rejected.name) if rejected.name is not None else History([])
            )
            out.append(_set_aside_status(rejected, history, recent_articles, threshold))
    return out


def _entry_of(config: Config | None, name: str | None) -> Source | None:
    if config is None or name is None:
        return None
    return next((s for s in config.sources if s.name == name), None)


def _configured_status(
    config: Config,
    source: Source,
    history: History,
    recent_articles: dict[str, int],
    now: datetime,
) -> SourceStatus:
    threshold = config.daemon.backoff_after_failures
    schedule = config.schedule_for(source)
    next_run = None
    if source.enabled:
        due = schedule.model_copy(update={"jitter": timedelta(0)})
        next_run = next_run_from_history(due, now, history.runs, threshold=threshold)
    return _status(
        source.name,
        history,
        recent_articles,
        schedule.describe(),
        backoff=threshold,
        enabled=source.enabled,
        next_run=next_run,
    )


SET_ASIDE_SCHEDULE = "set aside (config error)"


def _set_aside_status(
    rejected: RejectedSource, history: History, recent_articles: dict[str, int], threshold: int
) -> SourceStatus:
    """A source whose entry is set aside: its error, and the run history under its name."""
    # A daemon may still run its previous entry (a cluster's workers too): its failures count.
    return _status(
        rejected.label,
        history,
        recent_articles,
        SET_ASIDE_SCHEDULE,
        backoff=threshold,
        enabled=False,
        set_aside=rejected.error,
    )
