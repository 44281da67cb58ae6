"""An edited article's story, decided again on its new text (docs/dedup.md, "An edited
article keeps its story … while its text verifies").

The decision is the one a new article gets (:func:`storage.dedup_index.assign`: the
candidate lookup and verification of ``assign_story``), with the article's own row left
out and its story kept while a copy of it still verifies: a correction does not move a
copy. An edit that no longer verifies moves the article to the story it matches now, or
to a new story placed in an event as a new story is. A story the move leaves without a
copy is merged into the one the article went to (``story_merges`` says where its id
went, as for any merge); a story that keeps copies is refreshed, and numbered for a
syncing reader. Runs inside the writer's transaction (:mod:`storage.writes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import Assignment, TextProfile, build_event_profile, params_from_settings
from aggregator.schema import Article, parse_utc
from storage import dedup_index, event_index
from storage.article_row import json_text
from storage.changes import number_story_of
from storage.retention import forget_founders, version_text


@dataclass(frozen=True)
class EditedStory:
    """Where an edited article goes: ``story_id`` (its own, another, or None: a new one)."""

    story_id: int | None
    assignment: Assignment
    moves: bool  # it leaves its story
    alone: bool  # it was its story's only copy


def decide(
    db: Database,
    article: Article,
    profile: TextProfile,
    stored: tuple[int, int],
    settings: DedupSettings,
    *,
    credit: str | None,
    seen_at: datetime,
    profiles_read: dict[int, TextProfile],
) -> EditedStory:
    """The story of the article ``stored`` (id, story id) once its text is ``profile``.

    A story of one copy matching nothing else stays: it is already the article's own."""
    article_id, story_id = stored
    assignment = dedup_index.assign(
        db,
        profile,
        article,
        settings,
        credit=credit,
        seen_at=seen_at,
        profiles_read=profiles_read,
        edited=stored,
    )
    alone = (
        db.execute(
            "SELECT 1 FROM articles WHERE story_id = ? AND id != ? LIMIT 1",
            [story_id, article_id],
        ).fetchone()
        is None
    )
    target = None if assignment.story_id is None else int(assignment.story_id)
    moves = target != story_id and not (target is None and alone)
    return EditedStory(story_id if not moves else target, assignment, moves, alone)


def moved_columns(
    edit: EditedStory, old_story: int, placement: event_index.EventPlacement | None
) -> dict[str, Any]:
    """What the moving article's row records: the decision's similarity and evidence, with
    ``moved_from`` (the story it left) and, for a new story, its event decision."""
    evidence = {**edit.assignment.evidence, "moved_from": old_story}
    if placement is not None:
        evidence["event"] = placement.evidence()
    return {"similarity": edit.assignment.similarity, "dedup_evidence": json_text(evidence)}


def leave_story(
    db: Database,
    article: Article,
    profile: TextProfile,
    article_id: int,
    old_story: int,
    edit: EditedStory,
    settings: DedupSettings,
    seen_at: datetime,
) -> tuple[int, event_index.EventPlacement | None]:
    """Before the moving article's row is written: number its old story for a syncing
    reader, hand the founding of a story that keeps copies to its next copy, and found the
    new story when the decision is one. The story it goes to, and the new story's
    placement (its event), to index once the row is written."""
    number_story_of(db, article_id)
    _hand_over_founding(db, article_id, old_story, settings)
    if edit.story_id is not None:
        return edit.story_id, None
    return event_index.found_story(db, article, profile, edit.assignment.related, settings, seen_at)


def _hand_over_founding(
    db: Database, article_id: int, old_story: int, settings: DedupSettings
) -> None:
    """The article founded the story it leaves (its event profile speaks for its current
    story): the story's count and profile go (as retention takes them off: the terms of
    the text it was counted with). A story merged from others has a founder each, and
    is still counted through those that stay; a story that keeps copies but no founder
    is founded again by its first other copy, from that copy's first text (its current
    one when that is no longer stored), in the event it is in; the version read is
    recorded, for a prune to take off that text's terms."""
    founded = db.execute(
        "SELECT 1 FROM event_profiles WHERE article_id = ?", [article_id]
    ).fetchone()
    if founded is None:
        return
    params = params_from_settings(settings)
    forget_founders(db, [article_id], settings, params)
    if db.execute(
        "SELECT 1 FROM articles a JOIN event_profiles p ON p.article_id = a.id "
        "WHERE a.story_id = ? LIMIT 1",
        [old_story],
    ).fetchone():
        return
    heir = db.execute(
        "SELECT id, published_at, first_seen_at FROM articles "
        "WHERE story_id = ? AND id != ? ORDER BY id LIMIT 1",
        [old_story, article_id],
    ).fetchone()
    if heir is None:
        return
    version, text = version_text(db, heir[0], 1, params)
    lookup = event_index.SqliteEventLookup(db, settings)
    story = build_event_profile(text, lookup, parse_utc(heir[1]), settings, parse_utc(heir[2]))
    event_index.index_founder(db, heir[0], story, new_story=True, version=version)


def settle(
    db: Database,
    article_id: int,
    old_story: int,
    edit: EditedStory,
    placement: event_index.EventPlacement | None,
    now: str,
) -> None:
    """Once the row is written (its new story): index a new story's founder, merge the
    stories the decision bridges, and merge away the story the article left empty."""
    if placement is not None:
        event_index.index_story(db, article_id, placement)
    (target,) = db.execute("SELECT story_id FROM articles WHERE id = ?", [article_id]).fetchone()
    evidence = edit.assignment.evidence
    for other in edit.assignment.stories_to_merge:
        dedup_index.merge_story(db, int(other), target, evidence, now)
    if edit.moves and edit.alone:
        _merge_emptied(db, old_story, target, {**evidence, "edited": article_id}, now)


def _merge_emptied(
    db: Database, old_story: int, target: int, evidence: dict[str, Any], now: str
) -> None:
    """The story the article was alone in goes, merged into the one it went to
    (``story_merges``), not its event: the other stories of that event are no copies of
    this text. An event it leaves empty goes too, its id to the target's event
    (``event_merges``)."""
    (event_id,) = db.execute("SELECT event_id FROM stories WHERE id = ?", [old_story]).fetchone()
    db.execute("UPDATE stories SET event_id = NULL WHERE id = ?", [old_story])
    dedup_index.merge_story(db, old_story, target, evidence, now)
    if (
        event_id is None
        or db.execute("SELECT 1 FROM stories WHERE event_id = ? LIMIT 1", [event_id]).fetchone()
    ):
        return
    (into,) = db.execute("SELECT event_id FROM stories WHERE id = ?", [target]).fetchone()
    if into is not None:
        db.execute(
            "INSERT INTO event_merges (from_event_id, into_event_id, merged_at) VALUES (?, ?, ?)",
            [event_id, into, now],
        )
    db.execute("DELETE FROM events WHERE id = ?", [event_id])
