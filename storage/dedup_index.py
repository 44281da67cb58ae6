"""The dedup index in SQLite: candidate lookup, story assignment, keys and story merges.

:mod:`aggregator.dedup` decides which story an article belongs to, given a
:class:`~aggregator.dedup.CandidateLookup`; this module is that lookup over
the indexed ``dedup_keys`` table, and the writes that keep the index and the
stories in step with a decision. Every function runs inside the caller's
write transaction (:func:`storage.db.write_transaction`), so lookup and
insert see the same state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import (
    Assignment,
    StoredCopy,
    TextProfile,
    assign_story,
)
from aggregator.schema import Article, parse_utc
from storage.db import insert_row
from storage.event_index import merge_events
from storage.sql import marks


class SqliteLookup:
    """Dedup candidates from the indexed ``dedup_keys`` table (inside the write lock).

    Same contract as ``aggregator.dedup.MemoryLookup``: keys with more than
    ``max_key_postings`` articles are boilerplate and ignored; candidates are
    ranked by shared keys (ties by id) and cut at ``max_candidates``.
    """

    def __init__(
        self,
        db: Database,
        settings: DedupSettings,
        profiles_read: dict[int, TextProfile] | None = None,
        exclude: int | None = None,
    ):
        self.db = db
        self.settings = settings
        # An edited article decided again: its own row, of its old text, is no candidate.
        self.exclude = exclude
        # Each candidate's profile as decoded here, by article id, for the caller to
        # reuse while it stores the same article (profiles change only by an edit).
        self.profiles_read = profiles_read if profiles_read is not None else {}

    def candidates(self, band_keys: Sequence[int]) -> list[StoredCopy]:
        cap = self.settings.max_key_postings
        keys = sorted(set(band_keys))
        if not keys:
            return []
        # One statement of per-key range scans, each stopped one past the cap:
        # the cost does not grow with the table, and there is one round trip
        # instead of one per key.
        scans = " UNION ALL ".join(
            "SELECT * FROM (SELECT key, article_id FROM dedup_keys WHERE key = ? LIMIT ?)"
            for _ in keys
        )
        params: list[object] = []
        for key in keys:
            params += [key, cap + 1]
        postings: dict[int, list[int]] = {}
        for key, article_id in self.db.execute(scans, params):
            postings.setdefault(key, []).append(article_id)
        shared: dict[int, int] = {}
        for ids in postings.values():
            if len(ids) > cap:
                continue
            for article_id in ids:
                if article_id != self.exclude:
                    shared[article_id] = shared.get(article_id, 0) + 1
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], str(kv[0])))
        chosen = [article_id for article_id, _ in ranked[: self.settings.max_candidates]]
        if not chosen:
            return []
        rows = self.db.execute(
            "SELECT id, story_id, profile, headline, published_at, first_seen_at, site_name, "
            f"source, credit FROM articles WHERE id IN ({marks(chosen)})",
            chosen,
        ).fetchall()
        by_id = {
            row[0]: StoredCopy(
                article_id=row[0],
                story_id=row[1],
                profile=TextProfile.from_json(row[2]),
                headline=row[3],
                published_at=parse_utc(row[4]),
                site=row[6] or row[7],
                credit=row[8],
                # Bounds an unknown publication time: provenance then still tells a
                # rewrite of today's wire text from an article seen before it.
                first_seen_at=parse_utc(row[5]),
            )
            for row in rows
        }
        self.profiles_read.update((i, copy.profile) for i, copy in by_id.items())
        return [by_id[i] for i in chosen if i in by_id]


def assign(
    db: Database,
    profile: TextProfile,
    article: Article,
    settings: DedupSettings,
    *,
    credit: str | None,
    seen_at: datetime,
    profiles_read: dict[int, TextProfile] | None = None,
    edited: tuple[int, int] | None = None,
) -> Assignment:
    """The story for a new article: the story of an identical body, else the dedup decision.

    ``credit``, the article's publication time and ``seen_at`` (now) are the
    provenance a rewrite-level match needs to merge. ``profiles_read`` is given
    the candidates' decoded profiles, by article id. ``edited``: (id, story id) of a
    stored article whose new text this is, decided again (storage.story_edits): its own
    row is no candidate, and its story is kept while a copy of it still verifies
    (``assign_story``'s ``stay``); the identical body does not decide at once.

    An identical body decides at once only in a row never edited: its story was decided
    on that very text. An edited row's text may be one its story never verified (a store
    written before edits were decided again); the decision then runs, with that row
    among its candidates, and bridges the stories the text is in.
    """
    exclude, stay = edited if edited is not None else (None, None)
    same_text = (
        db.execute(
            "SELECT story_id FROM articles WHERE content_hash = ? AND version = 1 LIMIT 1",
            [profile.body_hash],
        ).fetchone()
        if edited is None
        else None
    )
    if same_text and article.body:
        return Assignment(
            story_id=same_text[0],
            stories_to_merge=(),
            similarity=1.0,
            evidence={"rule": "same-body-hash"},
        )
    return assign_story(
        profile,
        article.headline,
        SqliteLookup(db, settings, profiles_read, exclude),
        settings,
        credit=credit,
        published_at=article.published_at,
        first_seen_at=seen_at,
        stay=stay,
        site=article.site_name or article.source,
    )


def replace_keys(
    db: Database, article_id: int, old_profile: str | None, profile: TextProfile
) -> None:
    """Swap an edited article's lookup keys: the old ones are in its stored profile."""
    try:
        old_keys = TextProfile.from_json(old_profile).band_keys if old_profile else None
    except ValueError:  # a profile of another format version
        old_keys = None
    if old_keys is not None:
        db.conn.executemany(
            "DELETE FROM dedup_keys WHERE key = ? AND article_id = ?",
            [(key, article_id) for key in old_keys],
        )
    else:  # no readable list of its keys: the slow way, a full scan
        db.execute("DELETE FROM dedup_keys WHERE article_id = ?", [article_id])
    insert_keys(db, article_id, profile)


def insert_keys(db: Database, article_id: int, profile: TextProfile) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO dedup_keys (key, article_id) VALUES (?, ?)",
        # In key order: consecutive inserts descend the same B-tree pages.
        [(key, article_id) for key in sorted(profile.band_keys)],
    )


def merge_story(
    db: Database, from_story: int, into_story: int, evidence: dict[str, Any], now: str
) -> None:
    """Move every article of ``from_story`` into ``into_story`` and record why; their
    events become one."""
    if from_story == into_story:
        return
    merge_events(db, from_story, into_story, now)
    db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [into_story, from_story])
    insert_row(
        db,
        "story_merges",
        {
            "from_story_id": from_story,
            "into_story_id": into_story,
            "merged_at": now,
            "evidence": json.dumps(evidence, ensure_ascii=False),
        },
    )
    db.execute("DELETE FROM stories WHERE id = ?", [from_story])
