"""The web view: Datasette over the article database, read-only, with our metadata.

Scraped text is shown through Datasette's autoescaping templates only; no
plugin that renders stored HTML is used. Arbitrary SQL and whole-database
downloads are off unless the operator asks for them.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TABLES: dict[str, dict[str, Any]] = {
    "stories": {
        "title": "Stories",
        "description": "One row per story: every copy of one wire or outlet text.",
        "sort_desc": "first_seen_at",
        "facets": ["origin", "outlets"],
        "columns": {
            "headline": "Headline of the canonical copy",
            "canonical_article_id": "The most complete early copy (articles.id)",
            "origin": "Agency or outlet that published the text first",
            "origin_evidence": "Why that origin was chosen (JSON)",
            "first_published_at": "Earliest published time of any copy (UTC)",
            "first_seen_at": "When the first copy was stored (UTC)",
            "last_seen_at": "When the latest copy was stored (UTC)",
            "copies": "Number of stored copies",
            "outlets": "Number of distinct outlets that ran it",
        },
    },
    "articles": {
        "title": "Articles",
        "description": "Every fetched or ingested article page, each linked to its story.",
        "sort_desc": "first_seen_at",
        "facets": ["source", {"array": "authors"}, {"array": "credits"}],
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "columns": {
            "story_id": "The story this article is a copy of",
            "url": "URL it was fetched from",
            "canonical_url": "The page's canonical URL (unique)",
            "source": "Configured source name",
            "site_name": "Outlet name",
            "authors": "Person names from the byline (JSON list)",
            "credits": "Agency/organisation credits from the byline or dateline (JSON list)",
            "byline_raw": "The byline as printed",
            "published_at": "Published time (UTC) or empty when the page gives none",
            "updated_at": "Updated time (UTC)",
            "body": "Body paragraphs (JSON list of plain text)",
            "body_text": "Body as plain text",
            "provenance": "Which rule produced each field (JSON)",
            "content_hash": "SHA-256 of the normalised body",
            "version": "1 + number of earlier texts kept in article_versions",
            "similarity": "Share of text in common with the canonical copy",
            "byline_flag": "Why this copy's byline looks wrong for the story's origin",
            "paragraph_diff": "Paragraphs shared, added and cut against the canonical copy (JSON)",
            "profile": "Dedup fingerprint (internal)",
        },
    },
    "article_versions": {
        "title": "Earlier versions",
        "description": "Texts an article had before it was edited.",
    },
    "crawl_runs": {
        "title": "Crawl runs",
        "description": "One row per crawl of a source: outcome, counts, errors and Scrapy stats.",
        "sort_desc": "started_at",
        "facets": ["source", "status"],
    },
    "story_merges": {
        "title": "Story merges",
        "description": "Stories found to be the same text and merged, with the evidence.",
    },
    "dedup_keys": {"hidden": True},
    "block_sightings": {"hidden": True},
}

QUERIES: dict[str, dict[str, Any]] = {
    "latest_stories": {
        "title": "Latest stories",
        "sql": (
            "select id, headline, origin, outlets, copies, first_seen_at, first_published_at "
            "from stories order by first_seen_at desc, id desc limit 100"
        ),
    },
    "story_copies": {
        "title": "A story with its copies",
        "sql": (
            "select a.id, a.site_name, a.headline, a.authors, a.credits, a.published_at, "
            "a.first_seen_at, round(a.similarity, 3) as similarity, a.byline_flag, a.url "
            "from articles a where a.story_id = :story_id "
            "order by coalesce(a.published_at, a.first_seen_at)"
        ),
    },
    "most_picked_up_this_week": {
        "title": "Stories picked up by the most outlets this week",
        "sql": (
            "select id, headline, origin, outlets, copies, first_seen_at from stories "
            "where last_seen_at >= datetime('now', '-7 days') "
            "order by outlets desc, copies desc, first_seen_at desc limit 100"
        ),
    },
    "byline_differs_from_origin": {
        "title": "Copies whose byline differs from the origin's",
        "sql": (
            "select a.id, a.site_name, a.headline, a.authors, s.origin, a.byline_flag, "
            "a.story_id, a.url from articles a join stories s on s.id = a.story_id "
            "where a.byline_flag is not null order by a.first_seen_at desc limit 200"
        ),
    },
    "outlet_copies_of_agency_text": {
        "title": "An outlet's articles that are copies of another origin's text",
        "sql": (
            "select a.id, a.headline, s.origin, s.copies, a.byline_flag, a.story_id, a.url "
            "from articles a join stories s on s.id = a.story_id "
            "where a.source = :source and s.copies > 1 "
            "and coalesce(s.origin, '') != coalesce(a.site_name, '') "
            "order by a.first_seen_at desc limit 200"
        ),
    },
}


def metadata(database_name: str) -> dict[str, Any]:
    """Datasette metadata: titles, descriptions, facets, FTS and canned queries."""
    tables = {name: dict(spec) for name, spec in TABLES.items()}
    return {
        "title": "newsagg — stories, not pages",
        "description": "Each wire story once, with every outlet that ran it.",
        "databases": {database_name: {"tables": tables, "queries": QUERIES}},
    }


def serve_command(
    db_path: Path, *, port: int, metadata_path: Path, allow_sql: bool = False
) -> list[str]:
    """The datasette command line for ``aggregator serve`` (mutable, opened read-only)."""
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(metadata_path),
        "--setting",
        "allow_download",
        "off",
        "--setting",
        "default_allow_sql",
        "on" if allow_sql else "off",
        "--setting",
        "sql_time_limit_ms",
        "2000",
    ]
    return command


class WebViewUnavailable(Exception):
    """Datasette is not installed; the message says how to install it."""


def serve(db_path: Path, *, port: int, allow_sql: bool, metadata_path: Path) -> int:
    """Write the metadata file and run Datasette until interrupted."""
    if importlib.util.find_spec("datasette") is None:
        raise WebViewUnavailable(
            "the web view needs Datasette: pip install 'newsagg[web]' (or pip install datasette)"
        )
    metadata_path.write_text(json.dumps(metadata(db_path.stem), indent=2), encoding="utf-8")
    return subprocess.call(
        serve_command(db_path, port=port, metadata_path=metadata_path, allow_sql=allow_sql)
    )
