"""The Atom feed of an alert whose target is ``atom``: its stories, newest firing first."""

from __future__ import annotations

from sqlite_utils import Database

from aggregator.config import Alert
from app.feeds import StoryEntry, render_atom
from storage import alerts as alert_rows
from storage import queries

#: Entries in an alert's feed (a feed reader keeps what it has seen).
FEED_ENTRIES = 100


def alert_feed(db: Database, alert: Alert) -> str:
    """One entry per story the alert fired for (a story merged away since is left out)."""
    entries = []
    for story_id in alert_rows.fired_stories(db, alert.name, FEED_ENTRIES):
        story = queries.story(db, story_id)
        if story is not None:
            entries.append(
                StoryEntry(
                    story, queries.copies(db, story_id), queries.related_coverage(db, story_id)
                )
            )
    return render_atom(
        entries,
        feed_id=f"tag:newsagg,2026:alert:{alert.name}",
        title=f"newsagg alert: {alert.name}",
    )
