"""Keeping a story's summary row true to its copies.

Called inside the write transaction whenever a copy joins, changes or is
merged in. Which copy is canonical, who the origin is, which bylines are
suspicious and what each copy adds or cuts are decided by the pure policy in
``aggregator.dedup.policy``; this module only reads the rows and writes the
answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
from storage.sql import marks

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


def refresh_story(
    db: Database,
    story_id: int,
    joined: int | None = None,
    in_hand: Mapping[int, TextProfile] | None = None,
) -> None:
    """Recompute the story's summary row and each copy's byline flag, similarity and diff.

    Similarity and the paragraph diff measure each copy against the story's
    reference copy: the origin's own copy when the story holds it (the wire
    original, which later outlets extend or cut), else the canonical copy, which
    stays the one shown. Each diff records the copy it was measured against
    (``against``).

    ``joined`` names the one copy added since the story was last refreshed, when
    nothing else about the story changed (no copy edited, no story merged in).
    If every other copy was measured against the reference copy it has now, their
    similarity and paragraph diff, which depend only on that copy and the reference
    one, are already right and are kept; only the joined copy is compared. Otherwise
    (another reference copy, or a copy never diffed) every copy is recomputed.

    Only the profiles of the copies compared and of the reference copy are read
    (a stored profile is some kilobytes); ``in_hand`` gives those the caller
    already holds, by article id (the joining copy's, just built or shipped).
    """
    rows = db.execute(
        f"SELECT {COPY_COLUMNS}, byline_flag, json_extract(paragraph_diff, '$.against') "
        "FROM articles WHERE story_id = ? ORDER BY id",
        [story_id],
    ).fetchall()
    if not rows:
        db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return
    copies = [copy_info(row) for row in rows]
    origin = determine_origin(copies)
    canonical = choose_canonical(copies, origin)
    reference = next((c for c in copies if c.article_id == origin.article_id), canonical)
    flags = {flag.article_id: flag.reason for flag in byline_flags(copies, origin)}
    published = [c.published_at for c in copies if c.published_at]
    seen = [c.first_seen_at for c in copies if c.first_seen_at]
    keep_others = joined is not None and all(
        row[14] == reference.article_id for row in rows if row[0] != joined
    )
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
    compared = [
        int(c.article_id)  # from the rows' ids: int
        for c in copies
        if c is not reference and not (keep_others and c.article_id != joined)
    ]
    # Profiles serve only the similarity of the other copies: a story of one needs none.
    reference_id = int(reference.article_id)
    profile_of = _profiles(db, [reference_id, *compared], in_hand or {}) if compared else {}
    reference_profile = profile_of.get(reference_id)
    reference_paragraphs = clean_paragraphs(reference.body)
    for copy, row in zip(copies, rows, strict=True):
        flag = flags.get(copy.article_id)
        if keep_others and copy.article_id != joined:
            if flag != row[13]:
                db.execute("UPDATE articles SET byline_flag = ? WHERE id = ?", [flag, row[0]])
            continue
        if copy is reference:
            similarity: float | None = 1.0
            diff_json: dict[str, Any] = {
                "shared": len(reference_paragraphs),
                "added": [],
                "cut": [],
                "edited": 0,
            }
        else:
            own_profile = profile_of.get(int(copy.article_id))
            similarity = (
                round(compare(own_profile, reference_profile).similarity, 3)
                if own_profile is not None and reference_profile is not None
                else None
            )
            diff = paragraph_diff(copy, reference)
            own_paragraphs = clean_paragraphs(copy.body)
            diff_json = {
                "shared": len(diff.shared),
                "added": [own_paragraphs[i] for i in diff.added],
                "cut": [reference_paragraphs[j] for j in diff.cut],
                "edited": len(diff.edited),
            }
        diff_json["against"] = reference_id
        db.execute(
            "UPDATE articles SET byline_flag = ?, similarity = ?, paragraph_diff = ? WHERE id = ?",
            [flag, similarity, json.dumps(diff_json, ensure_ascii=False), copy.article_id],
        )


def _profiles(
    db: Database, article_ids: Sequence[int], in_hand: Mapping[int, TextProfile]
) -> dict[int, TextProfile]:
    """The profiles of ``article_ids``: those in hand, the others read (none if not stored)."""
    found = {i: in_hand[i] for i in article_ids if i in in_hand}
    wanted = [i for i in article_ids if i not in found]
    if wanted:
        rows = db.execute(
            f"SELECT id, profile FROM articles WHERE id IN ({marks(wanted)})",
            wanted,
        )
        found.update((i, TextProfile.from_json(stored)) for i, stored in rows if stored)
    return found
