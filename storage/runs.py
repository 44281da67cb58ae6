"""The ``crawl_runs`` table: one row per crawl of a source (per shard of ``crawl
--processes``, the shards sharing a ``crawl_id``), written at start and end; and
``ingested_sources``, the configured sources ``aggregator ingest`` stored pages under."""

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
from storage.sql import marks


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
    crawl_id: int | None = None  # shared by the shards of one `crawl --processes` (m029)
    shards: int = 1  # the rows read as this run: the processes of its crawl

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> RunRow:
        """The row of ``SELECT * FROM crawl_runs`` (of a store before m029 too)."""
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
            crawl_id=row.get("crawl_id"),
        )

    @classmethod
    def of_shards(cls, shards: list[RunRow]) -> RunRow:
        """The shards' rows of one ``crawl --processes`` (the first started first) as one
        run: its id the first row's, its start the first start, its end the last end
        (none while a shard runs), its status the worst of theirs (:func:`severity`, the
        first so bad; a running one's whose process lives, while one runs), its figures
        their sums."""
        worst = max(shards, key=lambda shard: severity(shard.status))  # the first of the worst
        if worst.status == RunStatus.RUNNING:
            running = [shard for shard in shards if shard.status == RunStatus.RUNNING]
            worst = next((shard for shard in running if pid_alive(shard.pid)), worst)
        ends = [shard.ended_at for shard in shards]
        return cls(
            id=min(shard.id for shard in shards),
            source=worst.source,
            started_at=min(shard.started_at for shard in shards),
            ended_at=None if None in ends else max(end for end in ends if end is not None),
            status=worst.status,
            exit_code=worst.exit_code,
            pid=worst.pid,
            articles_new=sum(shard.articles_new for shard in shards),
            pages_fetched=sum(shard.pages_fetched for shard in shards),
            errors=_summed([shard.errors for shard in shards]),
            discovery=_summed([shard.discovery for shard in shards]),
            crawl_id=worst.crawl_id,
            shards=len(shards),
        )


def severity(status: str) -> int:
    """How bad a run's outcome is, for the status of a crawl of several shards (the
    worst of theirs), by the rules the daemon and ``status`` read runs by: a failure
    (neither a success nor neutral), then a shard still running, then a stop from
    outside or a busy source (:data:`NEUTRAL`), then a limit reached (a success that
    says which), then 'ok'."""
    if status not in SUCCESS and status not in NEUTRAL:
        return 4
    if status == RunStatus.RUNNING:
        return 3
    if status in NEUTRAL:
        return 2
    return 0 if status == RunStatus.OK else 1


def _summed(counts: list[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for each in counts:
        for key, count in each.items():
            total[key] = total.get(key, 0) + count
    return total


def recent_runs(db: Database, source: str, limit: int = 50) -> list[RunRow]:
    """A source's latest runs, the one that started last first: its ``limit`` latest
    rows, the shards of one ``crawl --processes`` read as one run (:meth:`RunRow.of_shards`,
    with its shards started before those rows), so at most ``limit`` runs.

    The one reading of "latest run" for the daemon, ``status`` and the web
    view. Ordered by start, not by row id: the id is the order rows were
    written, and in cluster mode the writer records a run when its report
    arrives, so a long run stored after a shorter, later one has the higher id
    though it is the older attempt. Schedules count from the last start and a
    failure streak is the attempts in the order they were made, so the run
    that started last is the source's latest. Served by the
    ``crawl_runs(source, started_at)`` index.
    """
    rows = [
        RunRow.from_row(r)
        for r in db.query(
            "SELECT * FROM crawl_runs WHERE source = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [source, limit],
        )
    ]
    return _as_crawls(db, source, rows)


def _as_crawls(db: Database, source: str, rows: list[RunRow]) -> list[RunRow]:
    """``rows`` (newest first) with the shards of each crawl as one run, in the place of
    its shard that started last. Its shards not among ``rows`` are read by the
    ``crawl_runs_crawl`` index. A row without a crawl id (one process's crawl, every row
    before m029) is a run of its own."""
    crawl_ids = sorted({row.crawl_id for row in rows if row.crawl_id is not None})
    shards: dict[int, list[RunRow]] = {crawl_id: [] for crawl_id in crawl_ids}
    if crawl_ids:
        for r in db.query(
            f"SELECT * FROM crawl_runs WHERE source = ? AND crawl_id IN ({marks(crawl_ids)}) "
            "ORDER BY started_at, id",
            [source, *crawl_ids],
        ):
            shard = RunRow.from_row(r)
            shards[r["crawl_id"]].append(shard)
    runs: list[RunRow] = []
    for row in rows:
        if row.crawl_id is None:
            runs.append(row)
        elif row.crawl_id in shards:
            runs.append(RunRow.of_shards(shards.pop(row.crawl_id)))
    return runs


def has_crawl_ids(db: Database) -> bool:
    """Does ``crawl_runs`` have its ``crawl_id`` (m029)? A reader opens a store from before
    it without migrating it: each of its rows is then a run of its own."""
    return "crawl_id" in db.table("crawl_runs").columns_dict


#: A run that ended well and counted no error ('{}', or NULL from before errors were
#: kept); its parameters are ``sorted(SUCCESS)``.
CLEAN_RUN = f"status IN ({marks(sorted(SUCCESS))}) AND coalesce(errors, '') IN ('', '{{}}')"


def every_shard(db: Database, condition: str, params: list[str]) -> tuple[str, list[str]]:
    """What a query of single ``crawl_runs`` rows adds so that a shard's row (a
    ``crawl_id``, m029) is taken only when ``condition`` holds for every shard of its
    crawl (read in the subquery, the condition's columns are the shard's), and its
    parameters (``condition``'s). Nothing in a store before m029 (a reader, or a dry
    prune, opens one without migrating it): each row alone. Served by the
    ``crawl_runs_crawl`` index."""
    if not has_crawl_ids(db):
        return "", []
    return (
        " AND NOT EXISTS (SELECT 1 FROM crawl_runs AS shard WHERE shard.source = "
        f"crawl_runs.source AND shard.crawl_id = crawl_runs.crawl_id AND NOT ({condition}))",
        params,
    )


def next_crawl_id(db: Database, source: str) -> int:
    """The crawl id for the shards of a new ``crawl --processes`` of ``source``: one past
    the source's largest. Its caller holds the source's crawl lock, so no other crawl of
    it numbers one meanwhile; a number freed by a prune may come again, its rows gone.
    Served by the ``crawl_runs_crawl`` index."""
    row = db.execute(
        "SELECT max(crawl_id) FROM crawl_runs WHERE source = ? AND crawl_id IS NOT NULL",
        [source],
    ).fetchone()
    return int(row[0] or 0) + 1


def was_configured(db: Database, source: str) -> bool:
    """Was ``source`` the name of a configured source: a crawl of it recorded, or
    ``aggregator ingest`` storing pages under it as a configured source's (m029)? Ingest
    names a page of a site not in the config by its site (``localhost``,
    ``example.com``), which a source may be named as too: a name in no config now is a
    removed source's if so, else a site ingest named. Every crawl writes a row (the
    daemon's, ``aggregator crawl``'s, a cluster worker's through the writer), and a prune
    keeps each source's latest (``storage.retention.runs_kept``), so a source once
    crawled keeps one however old; an ingest before m029 is not known. Served by the
    ``crawl_runs(source, started_at)`` index and the primary key of ``ingested_sources``."""
    crawled = db.execute("SELECT 1 FROM crawl_runs WHERE source = ? LIMIT 1", [source])
    if crawled.fetchone() is not None:
        return True
    if "ingested_sources" not in db.table_names():  # a store before m029, read as it is
        return False
    ingested = db.execute("SELECT 1 FROM ingested_sources WHERE source = ?", [source])
    return ingested.fetchone() is not None


def note_ingested(db: Database, sources: set[str]) -> None:
    """Record that ``aggregator ingest`` stores pages under these configured sources
    (:func:`was_configured`), before it stores them: a row without pages says only that
    the name was a source's."""
    if not sources:
        return
    now = utc_now().isoformat()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT OR IGNORE INTO ingested_sources (source, first_at) VALUES (?, ?)",
            [(source, now) for source in sorted(sources)],
        )


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


def start_run(db: Database, source: str, crawl_id: int | None = None) -> int:
    """A new 'running' row (of a shard of ``crawl --processes``: ``crawl_id``, its crawl's);
    earlier rows of the source whose process died become 'crashed', ended now (when found
    dead), keeping the counts their crawls wrote as they stored (:func:`note_counts`;
    :func:`mark_crashed`)."""
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
                **({} if crawl_id is None else {"crawl_id": crawl_id}),
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
