"""Keeping a story's summary row true to its copies.

Called inside the write transaction whenever a copy joins, changes or is
merged in. Which copy is canonical, who the origin is, which bylines are
suspicious and what each copy adds or cuts are decided by the pure policy in
``aggregator.dedup.policy``; this module only reads the rows and writes the
answers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from aggregator.dedup import (
    CopyInfo,
    TextProfile,
    byline_flags,
    choose_canonical,
    compare,
    determine_origin,
    paragraph_diff,
)
from aggregator.dedup.fingerprint import clean_paragraphs
from aggregator.schema import parse_utc
from storage.db import update_row


def _similarity(
    profiles: dict[int, TextProfile], article_id: int, canonical_id: int
) -> float | None:
    """How much of its text a copy shares with the canonical copy (1.0 for the canonical itself)."""
    if article_id == canonical_id:
        return 1.0
    mine, theirs = profiles.get(article_id), profiles.get(canonical_id)
    if mine is None or theirs is None:
        return None
    return round(compare(mine, theirs).similarity, 3)


# The articles columns :func:`copy_info` reads, in its order.
COPY_COLUMNS = (
    "id, site_name, source, url, canonical_url, headline, authors, credits, byline_raw, "
    "published_at, first_seen_at, body, is_based_on"
)


def copy_info(row: Sequence[Any]) -> CopyInfo:
    """A stored article as the dedup policy sees it, from a row starting with COPY_COLUMNS."""
    return CopyInfo(
        article_id=row[0],
        site=row[1] or row[2],
        url=row[3],
        canonical_url=row[4],
        headline=row[5],
        authors=tuple(json.loads(row[6] or "[]")),
        credits=tuple(json.loads(row[7] or "[]")),
        byline_raw=row[8],
        published_at=parse_utc(row[9]),
        first_seen_at=parse_utc(row[10]),
        body=tuple(json.loads(row[11] or "[]")),
        is_based_on=row[12],
    )


def refresh_story(db: Database, story_id: int) -> None:
    rows = db.execute(
        f"SELECT {COPY_COLUMNS}, profile FROM articles WHERE story_id = ? ORDER BY id",
        [story_id],
    ).fetchall()
    if not rows:
        db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return
    copies = [copy_info(row) for row in rows]
    # Profiles serve only the similarity of non-canonical copies: a story of one needs none.
    profiles = (
        {row[0]: TextProfile.from_json(row[13]) for row in rows if row[13]} if len(rows) > 1 else {}
    )
    canonical = choose_canonical(copies)
    origin = determine_origin(copies)
    flags = {flag.article_id: flag.reason for flag in byline_flags(copies, origin)}
    published = [c.published_at for c in copies if c.published_at]
    seen = [c.first_seen_at for c in copies if c.first_seen_at]
    update_row(
        db,
        "stories",
        story_id,
        {
            "headline": canonical.headline,
            "canonical_article_id": canonical.article_id,
            "origin": origin.name,
            "origin_evidence": json.dumps(
                {
                    "kind": origin.kind,
                    "article_id": origin.article_id,
                    "evidence": list(origin.evidence),
                }
            ),
            "first_published_at": min(published).isoformat() if published else None,
            "first_seen_at": min(seen).isoformat() if seen else None,
            "last_seen_at": max(seen).isoformat() if seen else None,
            "copies": len(copies),
            "outlets": len({c.site for c in copies}),
        },
    )
    canonical_paragraphs = clean_paragraphs(canonical.body)
    for copy in copies:
        if copy is canonical:
            diff_json = {"shared": len(canonical_paragraphs), "added": [], "cut": [], "edited": 0}
        else:
            diff = paragraph_diff(copy, canonical)
            own_paragraphs = clean_paragraphs(copy.body)
            diff_json = {
                "shared": len(diff.shared),
                "added": [own_paragraphs[i] for i in diff.added],
                "cut": [canonical_paragraphs[j] for j in diff.cut],
                "edited": len(diff.edited),
            }
        db.execute(
            "UPDATE articles SET byline_flag = ?, similarity = ?, paragraph_diff = ? WHERE id = ?",
            [
                flags.get(copy.article_id),
                _similarity(profiles, int(copy.article_id), int(canonical.article_id)),
                json.dumps(diff_json, ensure_ascii=False),
                copy.article_id,
            ],
        )
