"""The Atom feed of an alert whose target is ``atom``: its stories, newest firing first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import Alert
from aggregator.schema import Article, Copy, Story, parse_utc
from app.feeds import StoryEntry, feed_id, last_change, render_atom, store_tag
from storage import alerts as alert_rows
from storage import queries

#: Entries in an alert's feed (a feed reader keeps what it has seen).
FEED_ENTRIES = 100


def alert_feed(db: Database, alert: Alert, url: str | None = None) -> str:
    """One entry per story the alert fired for: the story as it is now, or, when it is no
    longer stored (pruned, merged into another), as it was when the alert fired. ``url``:
    where the feed is served, its ``rel="self"`` link."""
    entries = []
    for story_id, fired_with in alert_rows.fired_stories(db, alert.name, FEED_ENTRIES):
        story = queries.story(db, story_id)
        if story is None:
            entries.append(_entry_as_fired(fired_with))
        else:
            entries.append(
                StoryEntry(
                    story, queries.copies(db, story_id), queries.related_coverage(db, story_id)
                )
            )
    store = store_tag(db)
    return render_atom(
        entries,
        store=store,
        feed=feed_id(store, f"alert/{alert.name}"),
        empty_since=last_change(db),
        title=f"newsagg alert: {alert.name}",
        url=url,
    )


def _entry_as_fired(payload: dict[str, Any]) -> StoryEntry:
    """The entry of a story no longer stored, from the payload it fired with
    (:func:`app.alerts.firing.payload`): its headline, origin, times and copies' links."""
    fired = payload["story"]
    first_seen = datetime.fromisoformat(fired["first_seen_at"])
    story = Story(
        story_id=fired["id"],
        headline=fired["headline"],
        first_seen_at=first_seen,
        first_published_at=parse_utc(fired["first_published_at"]),
        origin=fired["origin"],
        outlets=fired["outlets"],
        copies=fired["copies"],
    )
    copies = [
        Copy(
            article_id=c["article_id"],
            article=Article(
                url=c["url"],
                canonical_url=c["url"],
                source=c["outlet"],
                site_name=c["outlet"],
                headline=c["headline"],
                body=[],
                published_at=parse_utc(c["published_at"]),
                fetched_at=parse_utc(c["first_seen_at"]) or first_seen,
            ),
            first_seen_at=parse_utc(c["first_seen_at"]),
            byline_flag=c["byline_flag"],
        )
        for c in payload["copies"]
    ]
    return StoryEntry(story, copies, [])
