"""The ``crawl_runs`` table: one row per crawl of a source, written at start and end."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from aggregator.schema import utc_now
from storage.db import insert_row, write_transaction

# Scrapy finish reasons that end a crawl normally: it ran out of work, or
# reached its page or time cap (the next run continues where it stopped).
NORMAL_FINISH_REASONS = frozenset({"finished", "closespider_pagecount", "closespider_timeout"})


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
    """A new 'running' row; earlier rows of the source whose process died become 'crashed'."""
    with write_transaction(db):
        for run_id, pid in db.execute(
            "SELECT id, pid FROM crawl_runs WHERE source = ? AND status = 'running'", [source]
        ).fetchall():
            if not pid_alive(pid):
                db.execute(
                    "UPDATE crawl_runs SET status = 'crashed', ended_at = ? WHERE id = ?",
                    [utc_now().isoformat(), run_id],
                )
        return insert_row(
            db,
            "crawl_runs",
            {
                "source": source,
                "started_at": utc_now().isoformat(),
                "status": "running",
                "pid": os.getpid(),
            },
        )


def claim_run(db: Database, run_id: int) -> int:
    """Take over a row the daemon created: this process is now the one running it."""
    with write_transaction(db):
        db.table("crawl_runs").update(run_id, {"pid": os.getpid(), "status": "running"})
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
