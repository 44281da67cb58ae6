"""The alert tables: where each alert has read up to, what it fired, and how each delivery went.

``alert_cursors`` holds, per alert, the article and story ids it started after
and its place in the change sequence: the articles stored, edited or moved up to
there have been looked at (a copy an edit moves to a new story keeps its id but
takes a new number); ``alert_deliveries`` one row per (alert, story, trigger) it
fired. The caller writes a batch's firings and the cursor
in one transaction (:func:`storage.db.write_transaction`), so an alert never
fires twice for a story and never skips an article, however the process ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.schema import parse_utc
from aggregator.search_query import SearchQuery
from storage.db import insert_row
from storage.queries.fulltext import stories_found, stories_left_out
from storage.sql import marks

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(frozen=True)
class Cursor:
    alert: str
    first_article_id: int  # stories whose first article is after this one are new to the alert
    first_story_id: int  # and so are the stories after this one (one an edit founded)
    last_change_seq: int  # articles changed up to this number have been looked at


def cursor(db: Database, alert: str, now: datetime) -> Cursor:
    """The alert's cursor; an alert seen for the first time starts after the newest article."""
    row = db.execute(
        "SELECT first_article_id, first_story_id, last_change_seq FROM alert_cursors "
        "WHERE alert = ?",
        [alert],
    ).fetchone()
    if row is not None:
        return Cursor(alert, *row)
    newest, story, number = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM articles), "
        "(SELECT coalesce(max(id), 0) FROM stories), (SELECT last FROM change_sequence)"
    ).fetchone()
    db.execute(
        "INSERT INTO alert_cursors (alert, first_article_id, last_article_id, first_story_id, "
        "last_change_seq, started_at) VALUES (?, ?, ?, ?, ?, ?)",
        [alert, newest, newest, story, number, now.isoformat()],
    )
    return Cursor(alert, newest, story, number)


def advance(db: Database, alert: str, last_change_seq: int) -> None:
    db.execute(
        "UPDATE alert_cursors SET last_change_seq = ? WHERE alert = ?", [last_change_seq, alert]
    )


def touched_stories(db: Database, after: int, limit: int) -> tuple[list[int], int]:
    """Stories that gained, or had edited, an article numbered after ``after`` in the change
    sequence (up to ``limit`` articles), and the last number read (``after`` when none)."""
    rows = db.execute(
        "SELECT change_seq, story_id FROM articles WHERE change_seq > ? ORDER BY change_seq "
        "LIMIT ?",
        [after, limit],
    ).fetchall()
    if not rows:
        return [], after
    return list(dict.fromkeys(story for _, story in rows if story is not None)), rows[-1][0]


def new_stories(db: Database, position: Cursor, story_ids: Sequence[int]) -> list[int]:
    """Which of ``story_ids`` are new to the alert: the story came after its start, or
    its earliest article did."""
    firsts = first_articles(db, story_ids)
    return [
        s
        for s in story_ids
        if s > position.first_story_id or firsts.get(s, 0) > position.first_article_id
    ]


def first_articles(db: Database, story_ids: Sequence[int]) -> dict[int, int]:
    """Each story's earliest article id."""
    return dict(
        db.execute(
            "SELECT story_id, min(id) FROM articles "
            f"WHERE story_id IN ({marks(story_ids)}) GROUP BY story_id",
            list(story_ids),
        ).fetchall()
    )


def matching(
    db: Database, query: SearchQuery, story_ids: Sequence[int], sources: Sequence[str] = ()
) -> set[int]:
    """Which of ``story_ids`` ``query`` finds, as search does: a copy matches it and no
    copy holds an excluded term (and, with ``sources``, a copy is from one of them)."""
    found = stories_found(db, query, story_ids)
    found -= stories_left_out(db, query, sorted(found))
    if sources and found:
        ids = sorted(found)
        found = {
            row[0]
            for row in db.execute(
                f"SELECT DISTINCT story_id FROM articles WHERE story_id IN ({marks(ids)}) "
                f"AND source IN ({marks(sources)})",
                [*ids, *sources],
            )
        }
    return found


def fired(db: Database, alert: str, story_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """story id -> {trigger: outlets when it fired} for the stories the alert already fired for."""
    out: dict[int, dict[str, int]] = {}
    if not story_ids:
        return out
    for story_id, trigger, outlets in db.execute(
        "SELECT story_id, trigger, outlets FROM alert_deliveries "
        f"WHERE alert = ? AND story_id IN ({marks(story_ids)})",
        [alert, *story_ids],
    ):
        out.setdefault(story_id, {})[trigger] = outlets
    return out


def record(
    db: Database,
    *,
    alert: str,
    story_id: int,
    trigger: str,
    outlets: int,
    payload: dict[str, Any],
    status: str,
    now: datetime,
) -> int:
    """One firing; a webhook's starts pending and due now, a feed's is delivered at once."""
    stamp = now.isoformat()
    return insert_row(
        db,
        "alert_deliveries",
        {
            "alert": alert,
            "story_id": story_id,
            "trigger": trigger,
            "outlets": outlets,
            "payload": json.dumps(payload, ensure_ascii=False),
            "status": status,
            "attempts": 0,
            "created_at": stamp,
            "next_attempt_at": stamp if status == PENDING else None,
            "delivered_at": stamp if status == DELIVERED else None,
        },
    )


@dataclass(frozen=True)
class Delivery:
    """A pending webhook delivery."""

    id: int
    alert: str
    story_id: int
    payload: dict[str, Any]
    attempts: int


def due(db: Database, alerts: Iterable[str], now: datetime, limit: int = 100) -> list[Delivery]:
    """Pending deliveries of these alerts whose next attempt is due, oldest first."""
    names = list(alerts)
    if not names:
        return []
    rows = db.execute(
        "SELECT id, alert, story_id, payload, attempts FROM alert_deliveries "
        f"WHERE status = ? AND next_attempt_at <= ? AND alert IN ({marks(names)}) "
        "ORDER BY next_attempt_at, id LIMIT ?",
        [PENDING, now.isoformat(), *names, limit],
    ).fetchall()
    return [Delivery(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]


def claim(db: Database, delivery_id: int, now: datetime, lease_until: datetime) -> bool:
    """Count an attempt and hold the delivery until ``lease_until``; False when another process
    claimed it first (it is no longer due)."""
    cursor = db.execute(
        "UPDATE alert_deliveries SET attempts = attempts + 1, last_attempt_at = ?, "
        "next_attempt_at = ? WHERE id = ? AND status = ? AND next_attempt_at <= ?",
        [now.isoformat(), lease_until.isoformat(), delivery_id, PENDING, now.isoformat()],
    )
    return cursor.rowcount == 1


def delivered(db: Database, delivery_id: int, now: datetime) -> None:
    db.execute(
        "UPDATE alert_deliveries SET status = ?, delivered_at = ?, next_attempt_at = NULL, "
        "last_error = NULL WHERE id = ?",
        [DELIVERED, now.isoformat(), delivery_id],
    )


def attempt_failed(db: Database, delivery_id: int, error: str, retry_at: datetime | None) -> None:
    """Keep the error; try again at ``retry_at``, or give up (status failed) when it is None."""
    db.execute(
        "UPDATE alert_deliveries SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        [
            PENDING if retry_at else FAILED,
            retry_at.isoformat() if retry_at else None,
            error[:500],
            delivery_id,
        ],
    )


def next_due(db: Database, alerts: Iterable[str]) -> datetime | None:
    """When the earliest pending delivery of these alerts is due."""
    names = list(alerts)
    if not names:
        return None
    row = db.execute(
        "SELECT min(next_attempt_at) FROM alert_deliveries "
        f"WHERE status = ? AND alert IN ({marks(names)})",
        [PENDING, *names],
    ).fetchone()
    return parse_utc(row[0]) if row else None


def fired_stories(db: Database, alert: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """The stories an alert fired for, newest firing first, each with the payload it fired
    with (the story as it was then): an alert feed's entries."""
    return [
        (row[0], json.loads(row[1]))
        for row in db.execute(
            "SELECT story_id, payload FROM alert_deliveries WHERE alert = ? AND trigger = 'new' "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            [alert, limit],
        )
    ]


def counts(db: Database) -> dict[str, dict[str, int]]:
    """alert -> {status: deliveries} (nothing for a database not migrated to alerts yet)."""
    out: dict[str, dict[str, int]] = {}
    if "alert_deliveries" not in db.table_names():
        return out
    for alert, status, number in db.execute(
        "SELECT alert, status, count(*) FROM alert_deliveries GROUP BY alert, status"
    ):
        out.setdefault(alert, {})[status] = number
    return out
