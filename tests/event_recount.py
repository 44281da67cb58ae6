"""The event tier's stored index beside the same index worked out again from the founders
(docs/dedup.md, events): what a test compares after any write that moves or re-reads a
founder."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from aggregator.config import DedupSettings
from aggregator.dedup import (
    EventProfile,
    TextProfile,
    build_profile,
    params_from_settings,
    story_buckets,
)


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def event_index(db: Path) -> tuple[set[tuple[int, int]], dict[int, int]]:
    """The stored event keys and document frequencies (one row per bucket)."""
    return set(_rows(db, "SELECT key, article_id FROM event_keys")), dict(
        _rows(db, "SELECT bucket, n FROM event_df")
    )


def event_recount(db: Path) -> tuple[set[tuple[int, int]], dict[int, int]]:
    """The event keys and document frequencies worked out again from the founders: each
    founder's event profile keys, and the terms of the text its story was counted with
    (``founding_version``), one story each (bucket -1) (docs/dedup.md, events)."""
    settings = DedupSettings()
    params = params_from_settings(settings)
    keys: set[tuple[int, int]] = set()
    counts: dict[int, int] = {}
    founders = _rows(
        db,
        "SELECT p.article_id, p.profile, p.founding_version, a.version, a.profile, v.body "
        "FROM event_profiles p JOIN articles a ON a.id = p.article_id LEFT JOIN "
        "article_versions v ON v.article_id = a.id AND v.version = p.founding_version",
    )
    for article_id, event_profile, founding, current, profile, earlier in founders:
        keys |= {(key, article_id) for key in EventProfile.from_bytes(event_profile).keys}
        if founding == current:
            text = TextProfile.from_json(profile)
        else:
            text = build_profile(json.loads(earlier), params)
        for bucket in [*story_buckets(text, settings), -1]:
            counts[bucket] = counts.get(bucket, 0) + 1
    return keys, counts
