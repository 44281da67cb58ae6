"""Both tiers in memory, one article at a time: what storage does in one transaction.

:class:`MemoryDedup` is the reference for the SQLite implementation and what the tests and
in-memory benchmarks use: the story decision (:func:`aggregator.dedup.assign.assign_story`),
then, for an article that founds a new story, the event decision
(:func:`aggregator.dedup.events.assign_event`), then the writes of both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aggregator.config import DedupSettings
from aggregator.dedup.assign import Assignment, MemoryLookup
from aggregator.dedup.events import (
    EventAssignment,
    MemoryEventIndex,
    assign_event,
    build_event_profile,
)
from aggregator.dedup.fingerprint import TextProfile


@dataclass(frozen=True)
class Decision:
    """Both tiers' decisions for one article (``event`` is None when it joined a story)."""

    story: Assignment
    story_id: int | str
    event: EventAssignment | None
    event_id: int | str


class MemoryDedup:
    """Story and event tiers over in-memory tables (see the module docstring)."""

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.settings = settings or DedupSettings.defaults()
        self.stories = MemoryLookup(self.settings)
        self.events = MemoryEventIndex(self.stories.story_of, self.settings)

    def ingest(
        self,
        article_id: int | str,
        profile: TextProfile,
        headline: str = "",
        published_at: datetime | None = None,
        site: str | None = None,
        credit: str | None = None,
        first_seen_at: datetime | None = None,
    ) -> Decision:
        decision = self.stories.ingest(
            article_id, profile, headline, published_at, site, credit, first_seen_at
        )
        story = self.stories.story_of(article_id)
        event: EventAssignment | None = None
        if decision.story_id is None:
            # A new story: place it in an event before anything else is written.
            new = build_event_profile(
                profile, self.events, published_at, self.settings, first_seen_at
            )
            event = assign_event(new, self.events, self.settings, related=decision.related)
            event_id = event.event_id if event.event_id is not None else f"e-{article_id}"
            self.events.add_story(story, article_id, new.profile, event_id, new.buckets)
        if decision.stories_to_merge:
            self.events.merge_stories(story, decision.stories_to_merge)
        return Decision(decision, story, event, self.events.event_of(story))

    def update(self, article_id: int | str, profile: TextProfile) -> None:
        """An edited article keeps its story, and its story keeps its event: the event
        profile was taken from the text that founded the story and stays as it was."""
        self.stories.replace(article_id, profile)

    def story_of(self, article_id: int | str) -> int | str:
        return self.stories.story_of(article_id)

    def event_of(self, article_id: int | str) -> int | str:
        return self.events.event_of(self.stories.story_of(article_id))
