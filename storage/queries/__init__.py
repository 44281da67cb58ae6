"""Reader queries: plain functions over the database that return schema objects.

The CLI, the exporters and notebook users call these; none of them writes.

    >>> from storage import open_db
    >>> from storage.queries import stories
    >>> db = open_db("data/news.db", read_only=True)
    >>> for story in stories(db, min_outlets=2, limit=5):
    ...     print(story.story_id, story.outlets, story.headline)

One module per reader: ``listing`` (lists of stories and events), ``one_story``
(a story, its copies, reuse map and revisions), ``fulltext`` (search) and
``export`` (every article); ``rows`` holds what they share, ``known_pages``
what the crawl asks. Every public name is importable from here.
"""

from __future__ import annotations

from aggregator.search_query import MAX_QUERY_WORDS, SearchQuery, parse_query
from storage.queries.export import articles
from storage.queries.fulltext import (
    RANKED_MATCHES,
    SCANNED_MATCHES,
    SNIPPET_PIECE_CHARS,
    SNIPPET_SOURCE_CHARS,
    SNIPPET_WORDS,
    SearchHit,
    SearchHits,
    search,
)
from storage.queries.known_pages import KnownPage, known_page
from storage.queries.listing import (
    Coverage,
    Event,
    EventSummary,
    RelatedCoverage,
    Totals,
    coverage,
    event_summaries,
    event_summary,
    events,
    iter_stories,
    languages,
    place_of,
    related_coverage,
    related_stories,
    selected,
    stories,
    totals,
)
from storage.queries.one_story import (
    CUT,
    EDITED,
    KEPT,
    CopyReuse,
    ReuseMap,
    Revision,
    copies,
    event_merged_into,
    merged_into,
    reuse_map,
    revisions,
    story,
    story_at,
)
from storage.queries.rows import (
    FIRST_SEEN,
    PUBLISHED,
    SEEN,
    TIME_BASES,
    Place,
    PlaceError,
    StoryFilter,
    TimeBasis,
    has_change_seq,
    has_events,
    in_order,
    in_utc,
    last_day_named,
    last_instant_of,
    last_stored,
    place_token,
    read_place,
    store_created,
    stored_authors,
    stored_sources,
)

__all__ = [
    "CUT",
    "EDITED",
    "KEPT",
    "MAX_QUERY_WORDS",
    "FIRST_SEEN",
    "PUBLISHED",
    "RANKED_MATCHES",
    "SCANNED_MATCHES",
    "SEEN",
    "TIME_BASES",
    "SNIPPET_PIECE_CHARS",
    "SNIPPET_SOURCE_CHARS",
    "SNIPPET_WORDS",
    "CopyReuse",
    "Coverage",
    "Event",
    "EventSummary",
    "KnownPage",
    "Place",
    "PlaceError",
    "RelatedCoverage",
    "ReuseMap",
    "Revision",
    "SearchHit",
    "SearchHits",
    "SearchQuery",
    "StoryFilter",
    "TimeBasis",
    "in_order",
    "in_utc",
    "iter_stories",
    "last_day_named",
    "last_instant_of",
    "last_stored",
    "Totals",
    "articles",
    "copies",
    "coverage",
    "event_merged_into",
    "event_summaries",
    "event_summary",
    "events",
    "has_change_seq",
    "has_events",
    "known_page",
    "languages",
    "merged_into",
    "parse_query",
    "place_of",
    "place_token",
    "read_place",
    "related_coverage",
    "related_stories",
    "reuse_map",
    "revisions",
    "search",
    "selected",
    "store_created",
    "stored_authors",
    "stored_sources",
    "stories",
    "story",
    "story_at",
    "totals",
]
