"""An Article is stored and read back by one mapping derived from the schema
(storage/article_row.py), so a new field needs its column and nothing else by hand.

QA stop 46 (newcomer, finding 2): the writer's columns, the readers' SELECT list and
their Article(...) each named every field by hand; a new field touched fourteen places.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from aggregator.config import DedupSettings
from aggregator.schema import Article, LiveEntry, RelatedLink
from storage import queries
from storage.article_row import ARTICLE_FIELDS
from storage.db import open_db
from storage.writes import store_article


def test_every_article_field_has_its_column_in_a_migrated_store(tmp_path: Path) -> None:
    db = open_db(tmp_path / "news.db")
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    finally:
        db.close()
    assert tuple(f.name for f in dataclasses.fields(Article)) == ARTICLE_FIELDS
    missing = [name for name in ARTICLE_FIELDS if name not in columns]
    assert not missing, f"Article fields without an articles column (add a migration): {missing}"


def test_an_article_with_every_field_set_reads_back_equal(tmp_path: Path) -> None:
    article = Article(
        url="https://harbour.example/news/kestrel-point-reopens",
        canonical_url="https://harbour.example/news/kestrel-point-reopens",
        source="harbour",
        headline="Kestrel Point ferry reopens after dredging",
        body=[
            "The ferry at Kestrel Point reopened on Thursday after a month of dredging work.",
            "The harbour authority said the channel was now deep enough at low tide again.",
        ],
        fetched_at=datetime(2026, 12, 3, 10, tzinfo=UTC),
        site_name="Harbour Gazette",
        standfirst="The silted channel is clear again, the authority says.",
        authors=["Ann Lee"],
        credits=["Reuters"],
        byline_raw="By Ann Lee, with Reuters",
        published_at=datetime(2026, 12, 3, 6, 15, tzinfo=UTC),
        updated_at=datetime(2026, 12, 3, 8, tzinfo=UTC),
        related=[RelatedLink("https://harbour.example/news/silt", "Silt closes channel")],
        language="en",
        section="Local",
        tags=["ferries", "Kestrel Point"],
        image_url="https://harbour.example/img/kestrel.jpg",
        paywalled=True,
        is_based_on="https://wire.example/2026/12/03/kestrel",
        provenance={"headline": "json-ld", "kind": "json-ld"},
        published_offset=60,
        updated_offset=60,
        kind="sponsored",
        live_entries=[
            LiveEntry(
                datetime(2026, 12, 3, 7, 5, tzinfo=UTC),
                "Channel open",
                ["The first ferry crossed at 07:05."],
                datetime(2026, 12, 3, 7, 30, tzinfo=UTC),
            ),
            LiveEntry(None, None, ["Crews are clearing the last of the silt."]),
        ],
        key_points=["The ferry runs again", "Dredging took a month"],
    )
    # Every field differs from its default: a field the mapping dropped would read back so.
    defaults = Article(url="", canonical_url="", source="", headline="", body=[],
                       fetched_at=datetime(2000, 1, 1, tzinfo=UTC))  # fmt: skip
    assert all(getattr(article, name) != getattr(defaults, name) for name in ARTICLE_FIELDS)
    db = open_db(tmp_path / "news.db")
    try:
        result = store_article(db, article, DedupSettings())
        [copy] = queries.copies(db, result.story_id)
    finally:
        db.close()
    assert copy.article == article
