"""Hosts backed off between runs: a Retry-After longer than a crawl waits, remembered.

A crawl that gives a host up for a long Retry-After (``spiders.middlewares.retry_after``)
records until when it asked to be left alone (``host_backoffs``, one row per host);
every later crawl of any source on that host sends it nothing before then. A row is
forgotten once its time has passed. docs/crawling.md, "Retry-After".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from aggregator.schema import HostBackoff, parse_utc
from storage.db import write_transaction

# The longest pause remembered, however far a Retry-After reaches: a date a week or a
# year ahead is more likely a server's mistake than a wish, and a day later the host
# is asked again (and may ask again).
LONGEST_BACKOFF = timedelta(days=1)


def capped_not_before(asked_at: datetime, seconds: float) -> datetime:
    """The time a Retry-After of ``seconds`` asked at ``asked_at`` is waited out until."""
    return asked_at + min(timedelta(seconds=seconds), LONGEST_BACKOFF)


def remember_backoff(db: Database, backoff: HostBackoff) -> None:
    """Keep ``backoff`` for the next runs; a later "not before" of the host's stays."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO host_backoffs (host, not_before, asked_at, retry_after, status, source, "
            "url) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host) DO UPDATE SET "
            "not_before = excluded.not_before, asked_at = excluded.asked_at, "
            "retry_after = excluded.retry_after, status = excluded.status, "
            "source = excluded.source, url = excluded.url "
            "WHERE excluded.not_before > host_backoffs.not_before",
            [backoff.host, *backoff.stored_values()],
        )


def backoffs_in_force(db: Database, now: datetime) -> list[HostBackoff]:
    """The hosts not to be requested yet at ``now``, by host (none before m018)."""
    if "host_backoffs" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT host, not_before, asked_at, retry_after, status, source, url FROM host_backoffs "
        "WHERE not_before > ? ORDER BY host",
        [now.isoformat()],
    ).fetchall()
    return [
        HostBackoff(
            host,
            parse_utc(not_before) or now,
            parse_utc(asked_at) or now,
            retry_after,
            status,
            source,
            url,
        )
        for host, not_before, asked_at, retry_after, status, source, url in rows
    ]


def forget_passed(db: Database, now: datetime) -> int:
    """Delete the back-offs whose time has passed; how many. Looked for first: every crawl
    calls it as it starts, and most find none, which takes no write lock."""
    passed = "FROM host_backoffs WHERE not_before <= ?"
    if not db.execute(f"SELECT 1 {passed} LIMIT 1", [now.isoformat()]).fetchone():
        return 0
    with write_transaction(db):
        return db.execute(f"DELETE {passed}", [now.isoformat()]).rowcount
