"""Datasette's metadata for its own table views: titles, descriptions, facets, canned queries.

The reader pages (app.web.pages) are the front door; these tables stay
reachable at /DATABASE for those who want Datasette's views. Tables that only
the crawler and dedup read are hidden from the database page (still reachable
by URL).
"""

from __future__ import annotations

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
            "event_id": "The event (happening) it reports (events.id)",
            "change_seq": "Its place in the change sequence: sync with change_seq > the "
            "last one you hold (docs/readers.md, Syncing)",
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
            "published_offset": "The page's own UTC offset of its published time, in minutes "
            "east of UTC; empty when the page gave none",
            "updated_offset": "The page's own UTC offset of its updated time, in minutes "
            "east of UTC; empty when the page gave none",
            "body": "Body paragraphs (JSON list of plain text)",
            "body_text": "Body as plain text",
            "provenance": "Which rule produced each field (JSON)",
            "content_hash": "SHA-256 of the normalised body",
            "version": "Texts the article has had: 1 + its edits (article_versions keeps "
            "the first and the latest; retention.versions_per_article)",
            "similarity": "Share of text in common with the canonical copy",
            "byline_flag": "Why this copy's byline looks wrong for the story's origin",
            "paragraph_diff": "Paragraphs shared, added and cut against the canonical copy (JSON)",
            "profile": "Dedup fingerprint (internal)",
            "change_seq": "Its place in the change sequence: sync with change_seq > the "
            "last one you hold (docs/readers.md, Syncing)",
        },
    },
    "events": {
        "title": "Events",
        "description": "One row per happening: the stories about it share its id "
        "(stories.event_id).",
    },
    "article_versions": {
        "title": "Earlier versions",
        "description": "Texts an article had before it was edited: its first and its "
        "latest (retention.versions_per_article); version numbers are not renumbered when "
        "the ones between are dropped.",
    },
    "crawl_runs": {
        "title": "Crawl runs",
        "description": "One row per crawl of a source (per process of a crawl --processes, "
        "its rows sharing a crawl_id): outcome, counts, errors and Scrapy stats.",
        "sort_desc": "started_at",
        "facets": ["source", "status"],
    },
    "story_merges": {
        "title": "Story merges",
        "description": "Stories found to be the same text and merged, with the evidence.",
    },
    "dedup_keys": {"hidden": True},
    "block_sightings": {"hidden": True},
    "source_blocks": {"hidden": True},
    "url_aliases": {"hidden": True},
    # the event tier's lookup tables and the fingerprints waiting for a rebuild
    "event_df": {"hidden": True},
    "event_keys": {"hidden": True},
    "event_profiles": {"hidden": True},
    "stale_profiles": {"hidden": True},
    # the URLs retention removed, so that no crawl fetches them again
    "pruned_urls": {"hidden": True},
    # the counter change_seq is taken from (m017)
    "change_sequence": {"hidden": True},
    # the crawl's bookkeeping of 404/410 answers and of hosts backed off (m018)
    "gone_answers": {"hidden": True},
    "host_backoffs": {"hidden": True},
    # the configured sources ingest stored pages under, for reparse (m029)
    "ingested_sources": {"hidden": True},
    # the character pairs CJK search reads (m014): not text a reader would browse
    "articles_cjk_fts": {"hidden": True},
    # the folded text search reads for marks and letters unicode61 misreads (m016)
    "articles_fold_fts": {"hidden": True},
    "_sqlite_migrations": {"hidden": True},
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
            # Stored times are ISO 8601 with a T; datetime() writes a space, which sorts
            # before the T, so any time on the boundary day passed.
            "where last_seen_at >= strftime('%Y-%m-%dT%H:%M:%S', 'now', '-7 days') "
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
