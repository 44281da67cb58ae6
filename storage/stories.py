"""Keeping a story's summary row true to its copies.

Called inside the write transaction whenever a copy joins, changes or is
merged in. Which copy is canonical, who the origin is, which bylines are
suspicious and what each copy adds or cuts are decided by the pure policy in
``aggregator.dedup.policy``; this module only reads the rows and writes the
answers.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CopyInfo:
    article_id: int
    site: str
    url: str
    canonical_url: str
    headline: str
    authors: tuple[str, ...]
    credits: tuple[str, ...]
    byline_raw: str | None
    published_at: datetime | None
    first_seen_at: datetime | None
    body: tuple[str, ...]


@dataclass(frozen=True)
class Origin:
    name: str
    evidence: dict[str, Any]


@dataclass(frozen=True)
class Summary:
    canonical_article_id: int
    origin: Origin | None
    byline_flags: dict[int, str] = field(default_factory=dict)
    diffs: dict[int, Any] = field(default_factory=dict)


def summarise_story(copies: list[CopyInfo]) -> Summary:
    first = min(copies, key=lambda c: (c.published_at or c.first_seen_at, c.article_id))
    return Summary(first.article_id, Origin(first.site, {"rule": "earliest"}))


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def refresh_story(db: Database, story_id: int) -> None:
    cursor = db.execute(
        "SELECT id, site_name, source, url, canonical_url, headline, authors, credits, byline_raw, "
        "published_at, first_seen_at, body FROM articles WHERE story_id = ? ORDER BY id",
        [story_id],
    )
    rows = cursor.fetchall()
    if not rows:
        db.execute("DELETE FROM stories WHERE id = ?", [story_id])
        return
    copies = [
        CopyInfo(
            article_id=row[0],
            site=row[1] or row[2],
            url=row[3],
            canonical_url=row[4],
            headline=row[5],
            authors=tuple(json.loads(row[6] or "[]")),
            credits=tuple(json.loads(row[7] or "[]")),
            byline_raw=row[8],
            published_at=_dt(row[9]),
            first_seen_at=_dt(row[10]),
            body=tuple(json.loads(row[11] or "[]")),
        )
        for row in rows
    ]
    summary = summarise_story(copies)
    canonical = next(c for c in copies if c.article_id == summary.canonical_article_id)
    published = [c.published_at for c in copies if c.published_at]
    seen = [c.first_seen_at for c in copies if c.first_seen_at]
    db["stories"].update(
        story_id,
        {
            "headline": canonical.headline,
            "canonical_article_id": canonical.article_id,
            "origin": summary.origin.name if summary.origin else None,
            "origin_evidence": json.dumps(summary.origin.evidence if summary.origin else {}),
            "first_published_at": min(published).isoformat() if published else None,
            "first_seen_at": min(seen).isoformat() if seen else None,
            "last_seen_at": max(seen).isoformat() if seen else None,
            "copies": len(copies),
            "outlets": len({c.site for c in copies}),
        },
    )
    for copy in copies:
        diff = summary.diffs.get(copy.article_id)
        flag = summary.byline_flags.get(copy.article_id)
        db.execute(
            "UPDATE articles SET byline_flag = ?, paragraph_diff = ? WHERE id = ?",
            [
                flag,
                json.dumps(
                    {"shared": diff.shared, "added": list(diff.added), "cut": list(diff.cut)}
                    if diff
                    else {}
                ),
                copy.article_id,
            ],
        )
