"""When an alert fires: once per new story that matches, never once per copy.

Each alert reads the articles stored, edited or moved since it last looked (its
place in the change sequence, in ``alert_cursors``) and asks, of their stories: is
the story new to the alert (it, or its first article, came after the alert
started: a story an edit founds holds an older copy), does a copy match
the alert's query (read as ``aggregator search`` reads it) and sources, and
has it the outlets asked for? A story that qualifies fires once, a row in
``alert_deliveries`` written in the same transaction that moves the cursor.
A story that later gains copies is looked at again but does not fire again,
except once for an ``early`` alert, when it reaches ``min_outlets``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import Alert, Config
from aggregator.schema import Copy, Story
from app import render
from storage import alerts as alert_rows
from storage import queries
from storage.db import write_transaction

#: Articles read per transaction, so no transaction holds the write lock for long. A
#: pass reads at most ``alert_delivery.max_articles_per_pass`` per alert; the next
#: pass goes on from the cursor.
SCAN_BATCH = 2000

logger = logging.getLogger("app.alerts")

NEW, OUTLETS = "new", "outlets"


@dataclass(frozen=True)
class Firing:
    alert: str
    story_id: int
    trigger: str  # NEW, or OUTLETS: an early alert's story reached min_outlets
    delivery_id: int


def trigger_for(alert: Alert, outlets: int, before: Mapping[str, int]) -> str | None:
    """Why a matching new story fires now (None: it does not), given the alert's earlier
    firings for it (trigger -> outlets then)."""
    if NEW not in before:
        return NEW if outlets >= alert.min_outlets or alert.early else None
    if alert.early and OUTLETS not in before and before[NEW] < alert.min_outlets <= outlets:
        return OUTLETS
    return None


def payload(
    alert: Alert, trigger: str, story: Story, copies: list[Copy], base_url: str | None
) -> dict[str, Any]:
    """What a webhook receives (with the delivery's id added): the story as it was when it fired."""
    return {
        "alert": alert.name,
        "query": alert.query,
        "trigger": trigger,
        "story": {
            "id": story.story_id,
            "headline": story.headline,
            "origin": story.origin,
            "outlets": story.outlets,
            "copies": story.copies,
            "first_published_at": _iso(story.first_published_at),
            "first_seen_at": _iso(story.first_seen_at),
            "url": f"{base_url.rstrip('/')}/story/{story.story_id}" if base_url else None,
        },
        "copies": [
            {
                "article_id": c.article_id,
                "outlet": render.outlet(c),
                "headline": c.article.headline,
                "url": c.article.reader_url,
                "published_at": _iso(c.article.published_at),
                "first_seen_at": _iso(c.first_seen_at),
                "byline_flag": c.byline_flag,
            }
            for c in copies
        ],
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def fire(db: Database, config: Config, now: datetime) -> list[Firing]:
    """Every configured alert's new firings since its cursor (at most
    ``alert_delivery.max_articles_per_pass`` articles per alert per call; one log line
    names the alerts that stopped there with newer articles left for the next call)."""
    firings: list[Firing] = []
    behind: list[str] = []
    bound = config.alert_delivery.max_articles_per_pass
    for alert in config.alerts:
        fired, caught_up = _fire_alert(db, alert, config.web.base_url, now, bound)
        firings += fired
        if not caught_up:
            behind.append(alert.name)
    if behind:
        logger.warning(
            "alerts stopped at their bound of %d new articles this pass "
            "(alert_delivery.max_articles_per_pass), newer ones left for the next: %s",
            bound,
            ", ".join(behind),
        )
    return firings


def _fire_alert(
    db: Database, alert: Alert, base_url: str | None, now: datetime, bound: int
) -> tuple[list[Firing], bool]:
    """The alert's firings from at most ``bound`` articles past its cursor, and whether it
    read every article stored (False: it stopped at ``bound`` with more after it)."""
    query = queries.parse_query(alert.query)  # as `aggregator search` reads it
    firings: list[Firing] = []
    looked = 0
    while looked < bound:
        batch = min(SCAN_BATCH, bound - looked)
        with write_transaction(db):
            position = alert_rows.cursor(db, alert.name, now)
            stories, last = alert_rows.touched_stories(db, position.last_change_seq, batch)
            if last == position.last_change_seq:
                return firings, True
            new = alert_rows.new_stories(db, position, stories)
            hits = sorted(_kept(db, alert, alert_rows.matching(db, query, new, alert.sources)))
            before = alert_rows.fired(db, alert.name, hits)
            for story_id in hits:
                firing = _fire_story(db, alert, story_id, before.get(story_id, {}), base_url, now)
                if firing is not None:
                    firings.append(firing)
            alert_rows.advance(db, alert.name, last)
        looked += batch
    _, after = alert_rows.touched_stories(db, last, 1)  # one more article, or none
    return firings, after == last


def _kept(db: Database, alert: Alert, story_ids: set[int]) -> set[int]:
    """Which of the stories the alert's query found its filter keeps: those with a copy of
    one of its ``kinds`` (all, without ``kinds``), read as ``stories --kind`` reads it."""
    if alert.kinds is None or not story_ids:
        return story_ids
    return queries.selected(db, queries.StoryFilter(kinds=alert.kinds), sorted(story_ids))


def _fire_story(
    db: Database,
    alert: Alert,
    story_id: int,
    before: Mapping[str, int],
    base_url: str | None,
    now: datetime,
) -> Firing | None:
    story = queries.story(db, story_id)
    if story is None:
        return None
    trigger = trigger_for(alert, story.outlets, before)
    if trigger is None:
        return None
    delivery_id = alert_rows.record(
        db,
        alert=alert.name,
        story_id=story_id,
        trigger=trigger,
        outlets=story.outlets,
        payload=payload(alert, trigger, story, queries.copies(db, story_id), base_url),
        status=alert_rows.PENDING if alert.is_webhook else alert_rows.DELIVERED,
        now=now,
    )
    return Firing(alert.name, story_id, trigger, delivery_id)
