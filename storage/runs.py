"""The ``crawl_runs`` table: one row per crawl of a source, written at start and end."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from aggregator.schema import parse_utc, utc_now
from storage.db import insert_row, write_transaction


class RunStatus(StrEnum):
    """The statuses a ``crawl_runs`` row holds (stored as these strings). A crawl that
    ended otherwise records Scrapy's finish reason itself (``closespider_timeout`` …)."""

    RUNNING = "running"  # started, no final report yet
    OK = "ok"
    FAILED = "failed"
    CRASHED = "crashed"  # the crawl child was killed by a signal
    TIMEOUT = "timeout"  # stopped at the daemon's wall-clock limit
    INTERRUPTED = "interrupted"  # stopped by a daemon shutdown, or a stopped parent's shard
    BUSY = "busy"  # not crawled: another process was crawling the source
    FINISHED = "finished"  # Scrapy's reason for a crawl that ran out of work
    SHUTDOWN = "shutdown"  # Scrapy's reason for a crawl stopped by a signal


# Scrapy finish reasons that end a crawl normally: it ran out of work, or
# reached its page or time cap (the next run continues where it stopped).
NORMAL_FINISH_REASONS = frozenset(
    {RunStatus.FINISHED, "closespider_pagecount", "closespider_timeout"}
)
#: Outcomes that end a streak of failures.
SUCCESS = frozenset({RunStatus.OK}) | NORMAL_FINISH_REASONS
#: Outcomes that neither count as failures nor end a streak: the crawl was stopped from
#: outside, or did not run because another process was crawling the source ('busy').
NEUTRAL = frozenset({RunStatus.RUNNING, RunStatus.INTERRUPTED, RunStatus.SHUTDOWN, RunStatus.BUSY})


@dataclass
class RunCounts:
    """What one crawl did, as counted by the pipeline and the spider."""

    pages_fetched: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_failed: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    # Discovered links not followed, by reason (spiders.news.DISCOVERY_REASONS).
    discovery: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RunReport:
    """One finished crawl, as a worker reports it to the writer (cluster mode).

    A worker's crawl writes no ``crawl_runs`` row: it reports here what the
    pipeline counted, the worker adds how the child ended, and the writer
    records the row with :func:`record_run`. ``stored`` are the writer's own
    outcomes for the run's articles (new, updated, unchanged, failed).
    """

    source: str
    started_at: datetime
    ended_at: datetime
    status: str
    counts: RunCounts = field(default_factory=RunCounts)
    exit_code: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    worker: str = ""


@dataclass(frozen=True)
class RunRow:
    """One ``crawl_runs`` row as its readers need it: the daemon, ``status`` and the web view."""

    id: int
    source: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    exit_code: int | None
    pid: int | None
    articles_new: int = 0
    pages_fetched: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # error kind -> count
    discovery: dict[str, int] = field(default_factory=dict)  # reason not followed -> count

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RunRow:
        """The row of ``SELECT * FROM crawl_runs``."""
        errors = json.loads(row["errors"]) if row.get("errors") else {}
        discovery = json.loads(row["discovery"]) if row.get("discovery") else {}
        return cls(
            id=row["id"],
            source=row["source"],
            started_at=datetime.fromisoformat(row["started_at"]),
            ended_at=parse_utc(row["ended_at"]),
            status=row["status"],
            exit_code=row["exit_code"],
            pid=row["pid"],
            articles_new=row.get("articles_new") or 0,
            pages_fetched=row.get("pages_fetched") or 0,
            errors={str(kind): int(count) for kind, count in errors.items()},
            discovery={str(reason): int(count) for reason, count in discovery.items()},
        )


def recent_runs(db: Database, source: str, limit: int = 50) -> list[RunRow]:
    """A source's latest runs, the one that started last first.

    The one reading of "latest run" for the daemon, ``status`` and the web
    view. Ordered by start, not by row id: the id is the order rows were
    written, and in cluster mode the writer records a run when its report
    arrives, so a long run stored after a shorter, later one has the higher id
    though it is the older attempt. Schedules count from the last start and a
    failure streak is the attempts in the order they were made, so the run
    that started last is the source's latest. Served by the
    ``crawl_runs(source, started_at)`` index.
    """
    return [
        RunRow.from_row(r)
        for r in db.query(
            "SELECT * FROM crawl_runs WHERE source = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [source, limit],
        )
    ]


def crawled(db: Database, source: str) -> bool:
    """Has a crawl of ``source`` been recorded? Every crawl writes a row (the daemon's,
    ``aggregator crawl``'s, a cluster worker's through the writer), and a prune keeps
    each source's latest (``storage.retention.runs_kept``), so a source once crawled
    keeps one however old; ``aggregator ingest`` writes none. Served by the
    ``crawl_runs(source, started_at)`` index."""
    row = db.execute("SELECT 1 FROM crawl_runs WHERE source = ? LIMIT 1", [source]).fetchone()
    return row is not None


def pid_alive(pid: int | None) -> bool:
    """Is a process with this id running (on this host)?"""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_run(db: Database, source: str) -> int:
    """A new 'running' row; earlier rows of the source whose process died become 'crashed',
    ended now (when found dead), keeping the counts their crawls wrote as they stored
    (:func:`note_counts`; :func:`mark_crashed`)."""
    with write_transaction(db):
        for run_id, pid, started_at in db.execute(
            "SELECT id, pid, started_at FROM crawl_runs WHERE source = ? AND status = ?",
            [source, RunStatus.RUNNING],
        ).fetchall():
            if not pid_alive(pid):
                mark_crashed(db, run_id, source, started_at)
        return insert_row(
            db,
            "crawl_runs",
            {
                "source": source,
                "started_at": utc_now().isoformat(),
                "status": RunStatus.RUNNING,
                "pid": os.getpid(),
            },
        )


def note_counts(db: Database, run_id: int, counts: RunCounts) -> None:
    """Write a running crawl's counts so far (pages fetched, new articles) to its row. The
    pipeline calls it inside each batch's write transaction, so that a crawl killed at any
    moment (after a grace period, SIGKILL, the OOM killer) keeps the count of what it
    stored, and a shard of ``crawl --processes`` its own."""
    db.execute(
        "UPDATE crawl_runs SET pages_fetched = ?, articles_new = ? WHERE id = ?",
        [counts.pages_fetched, counts.articles_new, run_id],
    )


def mark_crashed(db: Database, run_id: int, source: str, started_at: str) -> None:
    """Mark a run whose process died without reporting 'crashed', ended now unless it says
    when. Call it inside a write transaction.

    Its counts are those its crawl wrote at each batch (:func:`note_counts`). A row with
    none (its crawl stored nothing, or predates them) is given the new articles first
    stored while it ran (:func:`articles_stored_during`), unless another row of the
    source ran in that window too (a shard of ``crawl --processes``): those articles
    are not told apart, and are never counted once per row."""
    now = utc_now().isoformat()
    row = db.execute(
        "SELECT COALESCE(articles_new, 0) + COALESCE(pages_fetched, 0), ended_at "
        "FROM crawl_runs WHERE id = ? AND status = ?",
        [run_id, RunStatus.RUNNING],
    ).fetchone()
    if row is None:
        return
    counted, ended_at = row
    ended = ended_at or now
    if not counted and not _overlapped(db, run_id, source, started_at, ended):
        db.execute(
            "UPDATE crawl_runs SET articles_new = ? WHERE id = ?",
            [articles_stored_during(db, source, started_at, ended), run_id],
        )
    db.execute(
        "UPDATE crawl_runs SET status = ?, ended_at = ? WHERE id = ?",
        [RunStatus.CRASHED, ended, run_id],
    )


def _overlapped(db: Database, run_id: int, source: str, started_at: str, ended_at: str) -> bool:
    """Did another run of the source run during this window (one still running included)?"""
    row = db.execute(
        "SELECT 1 FROM crawl_runs WHERE source = ? AND id != ? AND started_at <= ? "
        "AND (ended_at IS NULL OR ended_at >= ?) AND status != ? LIMIT 1",
        [source, run_id, ended_at, started_at, RunStatus.BUSY],
    ).fetchone()
    return row is not None


def end_runs_of_processes(db: Database, source: str, pids: list[int], status: str) -> int:
    """End the source's rows still 'running' whose processes (``pids``, all ended) never
    reported: killed before they could. How many rows were ended."""
    if not pids:
        return 0
    marks = ", ".join("?" for _ in pids)
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE crawl_runs SET status = ?, ended_at = ? "
            f"WHERE source = ? AND status = ? AND pid IN ({marks})",
            [status, utc_now().isoformat(), source, RunStatus.RUNNING, *pids],
        )
    return int(cursor.rowcount)


def articles_stored_during(db: Database, source: str, started_at: str, ended_at: str) -> int:
    """The new articles of ``source`` first stored between two times (ISO, UTC).

    For a run whose crawl never reported its counts (one that predates
    :func:`note_counts`): a source's crawls never overlap (its crawl lock), so the
    articles it stored are those first seen while it ran, unless it was a shard of
    ``crawl --processes`` (:func:`mark_crashed` then leaves it out). Served by ``articles(source,
    first_seen_at)``.
    """
    row = db.execute(
        "SELECT COUNT(*) FROM articles WHERE source = ? AND first_seen_at >= ? "
        "AND first_seen_at <= ?",
        [source, started_at, ended_at],
    ).fetchone()
    return int(row[0])


def claim_run(db: Database, run_id: int) -> int:
    """Take over a row the daemon created: this process is now the one running it."""
    with write_transaction(db):
        db.table("crawl_runs").update(run_id, {"pid": os.getpid(), "status": RunStatus.RUNNING})
    return run_id


def finish_run(
    db: Database,
    run_id: int,
    status: str,
    counts: RunCounts,
    *,
    exit_code: int | None = None,
    stats: dict[str, Any] | None = None,
) -> None:
    with write_transaction(db):
        db.table("crawl_runs").update(
            run_id,
            {
                "ended_at": utc_now().isoformat(),
                "status": status,
                "exit_code": exit_code,
                "pages_fetched": counts.pages_fetched,
                "articles_new": counts.articles_new,
                "articles_updated": counts.articles_updated,
                "articles_unchanged": counts.articles_unchanged,
                "articles_failed": counts.articles_failed,
                "errors": json.dumps(counts.errors),
                "discovery": json.dumps(counts.discovery),
                "stats": json.dumps(stats or {}, default=str),
            },
        )


def record_run(db: Database, report: RunReport, stored: RunCounts) -> int:
    """Write a reported run as one finished ``crawl_runs`` row; its id.

    Idempotent: a report delivered twice (the writer stopped before it
    acknowledged it) finds its row by source and start time and adds none.
    ``stored`` gives the article counts the writer saw for the run's articles.
    """
    started = report.started_at.isoformat()
    with write_transaction(db):
        row = db.execute(
            "SELECT id FROM crawl_runs WHERE source = ? AND started_at = ?",
            [report.source, started],
        ).fetchone()
        if row is not None:
            return int(row[0])
        counts = report.counts
        errors = dict(counts.errors)
        if stored.articles_failed:
            errors["storage"] = errors.get("storage", 0) + stored.articles_failed
        stats = dict(report.stats)
        if report.worker:
            stats["newsagg/worker"] = report.worker
        return insert_row(
            db,
            "crawl_runs",
            {
                "source": report.source,
                "started_at": started,
                "ended_at": report.ended_at.isoformat(),
                "status": report.status,
                "exit_code": report.exit_code,
                "pid": None,  # the crawl ran on a worker's host
                "pages_fetched": counts.pages_fetched,
                "articles_new": stored.articles_new,
                "articles_updated": stored.articles_updated,
                # Skipped as stored or 304 by the crawl, and fetched with the stored text.
                "articles_unchanged": counts.articles_unchanged + stored.articles_unchanged,
                "articles_failed": counts.articles_failed + stored.articles_failed,
                "errors": json.dumps(errors),
                "stats": json.dumps(stats, default=str),
            },
        )
