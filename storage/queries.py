"""Reader queries: plain functions over the database that return schema objects.

The CLI, the exporters and notebook users call these; none of them writes.

    >>> from storage import open_db
    >>> from storage.queries import stories
    >>> db = open_db("data/news.db", read_only=True)
    >>> for story in stories(db, min_outlets=2, limit=5):
    ...     print(story.story_id, story.outlets, story.headline)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from aggregator.schema import Article, Copy, RelatedLink, Story, parse_utc

if TYPE_CHECKING:
    from aggregator.dedup import CopyInfo, ParagraphDiff


@dataclass(frozen=True)
class KnownPage:
    """What storage knows of a URL, for incremental fetching."""

    article_id: int
    fetched_at: datetime | None
    etag: str | None
    last_modified: str | None


def known_page(db: Database, url: str) -> KnownPage | None:
    row = db.execute(
        "SELECT id, fetched_at, etag, last_modified FROM articles "
        "WHERE canonical_url = ? OR url = ? "
        "OR id = (SELECT article_id FROM url_aliases WHERE url = ?) LIMIT 1",
        [url, url, url],
    ).fetchone()
    if row is None:
        return None
    return KnownPage(row[0], parse_utc(row[1]), row[2], row[3])


def _loads(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


_ARTICLE_COLUMNS = (
    "id, url, canonical_url, source, site_name, headline, standfirst, authors, credits, "
    "byline_raw, published_at, updated_at, body, related, language, section, tags, image_url, "
    "paywalled, is_based_on, provenance, fetched_at, first_seen_at, similarity, byline_flag, "
    "paragraph_diff, story_id, version, "
    # When the current text replaced the previous one (unique (article_id, version) index).
    "(SELECT max(replaced_at) FROM article_versions v WHERE v.article_id = articles.id) "
    "AS last_edited_at"
)


def has_events(db: Database) -> bool:
    """Does the database have the event tier (``stories.event_id``, migration m009)?

    Readers open the file read-only and never migrate it, so a database not yet
    upgraded by a writer is read without events.
    """
    return any(row[1] == "event_id" for row in db.execute("PRAGMA table_info(stories)"))


def _article_columns(db: Database) -> str:
    """The article columns, and the event of the article's story (a primary-key lookup)."""
    event = (
        "(SELECT event_id FROM stories WHERE stories.id = articles.story_id)"
        if has_events(db)
        else "NULL"
    )
    return f"{_ARTICLE_COLUMNS}, {event} AS event_id"


def _article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        url=row["url"],
        canonical_url=row["canonical_url"],
        source=row["source"],
        site_name=row["site_name"],
        headline=row["headline"],
        standfirst=row["standfirst"],
        authors=_loads(row["authors"], []),
        credits=_loads(row["credits"], []),
        byline_raw=row["byline_raw"],
        published_at=parse_utc(row["published_at"]),
        updated_at=parse_utc(row["updated_at"]),
        body=_loads(row["body"], []),
        related=[RelatedLink(r["url"], r["text"]) for r in _loads(row["related"], [])],
        language=row["language"],
        section=row["section"],
        tags=_loads(row["tags"], []),
        image_url=row["image_url"],
        paywalled=bool(row["paywalled"]),
        is_based_on=row["is_based_on"],
        provenance=_loads(row["provenance"], {}),
        fetched_at=parse_utc(row["fetched_at"]),  # type: ignore[arg-type]
    )


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _copy_from_row(row: dict[str, Any]) -> Copy:
    diff = _loads(row["paragraph_diff"], {})
    return Copy(
        article_id=row["id"],
        article=_article_from_row(row),
        first_seen_at=parse_utc(row["first_seen_at"]),
        similarity=row["similarity"],
        byline_flag=row["byline_flag"],
        shared_paragraphs=diff.get("shared", 0),
        added_paragraphs=diff.get("added", []),
        cut_paragraphs=diff.get("cut", []),
        versions=row["version"] or 1,
        last_edited_at=parse_utc(row["last_edited_at"]),
        event_id=row["event_id"],
    )


def _story_from_row(row: dict[str, Any]) -> Story:
    return Story(
        story_id=row["id"],
        headline=row["headline"],
        first_seen_at=parse_utc(row["first_seen_at"]),  # type: ignore[arg-type]
        first_published_at=parse_utc(row["first_published_at"]),
        origin=row["origin"],
        outlets=row["outlets"],
        copies=row["copies"],
        canonical_article_id=row["canonical_article_id"],
        origin_evidence=_loads(row["origin_evidence"], {}),
        event_id=row.get("event_id"),  # absent before migration m009
    )


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a reader query returns; every field optional."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    author: str | None = None
    min_outlets: int = 1


def _story_filters(f: StoryFilter, alias: str = "s") -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.since is not None:
        where.append(f"{alias}.last_seen_at >= ?")
        params.append(f.since.isoformat())
    if f.until is not None:
        where.append(f"{alias}.first_seen_at <= ?")
        params.append(f.until.isoformat())
    if f.author:
        where.append(
            f"{alias}.id IN (SELECT a.story_id FROM articles a, json_each(a.authors) j "
            "WHERE j.value = ? COLLATE NOCASE)"
        )
        params.append(f.author)
    if f.min_outlets > 1:
        where.append(f"{alias}.outlets >= ?")
        params.append(f.min_outlets)
    if f.source:
        where.append(f"{alias}.id IN (SELECT story_id FROM articles WHERE source = ?)")
        params.append(f.source)
    return where, params


def stories(
    db: Database,
    *,
    limit: int = 50,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
) -> list[Story]:
    """Latest stories first (by first-seen time), optionally filtered."""
    where, params = _story_filters(StoryFilter(since, until, source, author, min_outlets))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = _rows(
        db,
        f"SELECT * FROM stories s {clause} "
        "ORDER BY s.first_seen_at DESC, s.first_published_at DESC, s.id DESC LIMIT ?",
        params + [limit],
    )
    return [_story_from_row(r) for r in rows]


def story(db: Database, story_id: int) -> Story | None:
    rows = _rows(db, "SELECT * FROM stories WHERE id = ?", [story_id])
    return _story_from_row(rows[0]) if rows else None


def copies(db: Database, story_id: int) -> list[Copy]:
    """Every copy of a story, earliest published (else first seen) first."""
    rows = _rows(
        db,
        f"SELECT {_article_columns(db)} FROM articles WHERE story_id = ? "
        "ORDER BY coalesce(published_at, first_seen_at), id",
        [story_id],
    )
    return [_copy_from_row(r) for r in rows]


@dataclass(frozen=True)
class SearchHit:
    story: Story
    article_id: int
    headline: str
    snippet: str
    rank: float


_FTS_TOKEN = re.compile(r"[\w][\w'-]*", re.UNICODE)


def fts_query(text: str) -> str:
    """A safe FTS5 query from user words: each word quoted, all required."""
    return " ".join(f'"{t}"' for t in _FTS_TOKEN.findall(text))


def search(
    db: Database,
    query: str,
    *,
    limit: int = 20,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
    marks: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Full-text search, one hit per story, ranked by bm25 (headline weighted 5× body).

    Each snippet has its hits between ``marks`` (the web view asks for markers
    that stored text never holds, so it can tell a hit from a bracket).
    """
    match = fts_query(query)
    if not match:
        return []
    where, params = _story_filters(StoryFilter(since, until, source, author, min_outlets))
    extra = f"AND {' AND '.join(where)}" if where else ""
    # Rank inside FTS5 alone first (no join for a row that is not returned),
    # then look up the top rows; only when filters leave too few stories among
    # them is every match ranked with the joins. Snippets are built last, for
    # the hits returned only.
    window = max(200, limit * 20)
    top = db.execute(
        f"SELECT rowid, {_BM25} AS score FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY score LIMIT ?",
        [match, window],
    ).fetchall()
    best: dict[int, tuple[int, str, float]] = {}
    if top:
        rows = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT a.id, a.story_id, a.headline FROM articles a "
                "JOIN stories s ON s.id = a.story_id "
                f"WHERE a.id IN ({','.join('?' * len(top))}) {extra}",
                [rowid for rowid, _ in top] + params,
            )
        }
        for rowid, score in top:
            if rowid in rows and rows[rowid][0] not in best and len(best) < limit:
                best[rows[rowid][0]] = (rowid, rows[rowid][1], score)
    if len(best) < limit and len(top) == window:
        best = _best_per_story(db, match, extra, params, limit)
    hits = []
    for story_id, (rowid, headline, rank) in best.items():
        snippet = db.execute(
            "SELECT snippet(articles_fts, 1, ?, ?, ' … ', 12) FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid = ?",
            [*marks, match, rowid],
        ).fetchone()[0]
        found = story(db, story_id)
        if found is not None:
            hits.append(SearchHit(found, rowid, headline, snippet, rank))
    return hits


_BM25 = "bm25(articles_fts, 5.0, 1.0)"  # headline weighted five times the body


def _best_per_story(
    db: Database, match: str, extra: str, params: list[Any], limit: int
) -> dict[int, tuple[int, str, float]]:
    """story id → (best article, its headline, its score), ranking every match."""
    cursor = db.execute(
        f"""
        SELECT f.rowid, a.story_id, a.headline, {_BM25} AS score
        FROM articles_fts f JOIN articles a ON a.id = f.rowid JOIN stories s ON s.id = a.story_id
        WHERE articles_fts MATCH ? {extra}
        ORDER BY score
        """,
        [match] + params,
    )
    best: dict[int, tuple[int, str, float]] = {}
    for rowid, story_id, headline, score in cursor:
        if story_id not in best:
            best[story_id] = (rowid, headline, score)
            if len(best) >= limit:
                break
    cursor.close()
    return best


def articles(
    db: Database, *, since: datetime | None = None, source: str | None = None
) -> Iterator[tuple[int, Copy]]:
    """Every stored article with its story id, in insertion order (for export); each
    copy carries its story's ``event_id``."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("first_seen_at >= ?")
        params.append(since.isoformat())
    if source:
        where.append("source = ?")
        params.append(source)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cursor = db.execute(f"SELECT {_article_columns(db)} FROM articles {clause} ORDER BY id", params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        yield record["story_id"], _copy_from_row(record)


@dataclass(frozen=True)
class Totals:
    articles: int
    stories: int
    multi_copy_stories: int


def totals(db: Database) -> Totals:
    row = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), "
        "(SELECT count(*) FROM stories WHERE copies > 1)"
    ).fetchone()
    return Totals(*row)


# --- what the story page shows beyond the copies ----------------------------------------

KEPT, EDITED, CUT = "kept", "edited", "cut"


@dataclass(frozen=True)
class CopyReuse:
    """One copy's column of a reuse map."""

    article_id: int
    states: tuple[str, ...]  # per canonical paragraph: KEPT, EDITED or CUT
    added: tuple[str, ...]  # the copy's own paragraphs that are not in the canonical text


@dataclass(frozen=True)
class ReuseMap:
    """The canonical paragraphs against every copy: what each kept, edited, cut and added.

    Built with the dedup policy's :func:`~aggregator.dedup.paragraph_diff`, the
    function that wrote each copy's stored ``paragraph_diff``, so the cut and
    added paragraphs here are the ones ``aggregator show`` reports.
    """

    paragraphs: tuple[str, ...]  # the canonical copy's paragraphs, cleaned as dedup compares them
    copies: tuple[CopyReuse, ...]


def _copy_info(copy: Copy) -> CopyInfo:
    from aggregator.dedup import CopyInfo

    a = copy.article
    return CopyInfo(copy.article_id, a.site_name or a.source, a.url, a.headline, tuple(a.body))


def _states(diff: ParagraphDiff, count: int) -> tuple[str, ...]:
    """Each canonical paragraph's fate in one copy: kept verbatim by some paragraph, else edited,
    else cut."""
    edited = set(diff.edited)
    fate: dict[int, str] = {}
    for mine, theirs in diff.shared:
        if fate.get(theirs) != KEPT:
            fate[theirs] = EDITED if mine in edited else KEPT
    return tuple(fate.get(index, CUT) for index in range(count))


def reuse_map(story: Story, copies: Sequence[Copy]) -> ReuseMap:
    """Canonical paragraphs × copies (in the order given) for one story."""
    # Imported here: the dedup package loads numpy, which the other reader queries do not need.
    from aggregator.dedup import paragraph_diff
    from aggregator.dedup.fingerprint import clean_paragraphs

    canonical = next((c for c in copies if c.article_id == story.canonical_article_id), None)
    if canonical is None:
        return ReuseMap((), ())
    paragraphs = tuple(clean_paragraphs(canonical.article.body))
    base = _copy_info(canonical)
    columns = []
    for copy in copies:
        if copy is canonical:
            columns.append(CopyReuse(copy.article_id, (KEPT,) * len(paragraphs), ()))
            continue
        diff = paragraph_diff(_copy_info(copy), base)
        own = clean_paragraphs(copy.article.body)
        added = tuple(own[index] for index in diff.added)
        columns.append(CopyReuse(copy.article_id, _states(diff, len(paragraphs)), added))
    return ReuseMap(paragraphs, tuple(columns))


@dataclass(frozen=True)
class Revision:
    """An earlier text of an article, kept when the page was edited."""

    article_id: int
    version: int
    fetched_at: datetime | None  # when this text was fetched
    replaced_at: datetime | None  # when a newer text replaced it


def revisions(db: Database, story_id: int) -> list[Revision]:
    """The earlier texts of a story's copies, per article in version order."""
    rows = db.execute(
        "SELECT v.article_id, v.version, v.fetched_at, v.replaced_at FROM article_versions v "
        "JOIN articles a ON a.id = v.article_id WHERE a.story_id = ? "
        "ORDER BY v.article_id, v.version",
        [story_id],
    ).fetchall()
    return [Revision(row[0], row[1], parse_utc(row[2]), parse_utc(row[3])) for row in rows]


def related_stories(db: Database, story_id: int, limit: int = 20) -> list[Story] | None:
    """The other stories of the story's event (its related coverage), newest first.

    ``None`` when the database has no event tier (not yet migrated to m009), so a
    reader can tell "no related coverage" from "not tracked"; ``[]`` for a story
    alone in its event or not yet given one (``aggregator migrate --backfill-events``).
    One range scan of the ``stories_event`` index.
    """
    if not has_events(db):
        return None
    rows = _rows(
        db,
        "SELECT o.* FROM stories s JOIN stories o ON o.event_id = s.event_id AND o.id != s.id "
        "WHERE s.id = ? ORDER BY o.first_seen_at DESC, o.id DESC LIMIT ?",
        [story_id, limit],
    )
    return [_story_from_row(r) for r in rows]


@dataclass(frozen=True)
class Coverage:
    """Who ran a story, for a line in a list of stories."""

    outlets: tuple[str, ...]  # distinct outlet names, earliest copy first
    flagged_copies: int  # copies whose byline is flagged


def coverage(db: Database, story_ids: Iterable[int]) -> dict[int, Coverage]:
    """Outlets and byline flags of each story (one query for a page of stories)."""
    ids = list(story_ids)
    if not ids:
        return {}
    rows = db.execute(
        "SELECT story_id, coalesce(site_name, source), byline_flag IS NOT NULL FROM articles "
        f"WHERE story_id IN ({','.join('?' * len(ids))}) "
        "ORDER BY story_id, coalesce(published_at, first_seen_at), id",
        ids,
    ).fetchall()
    outlets: dict[int, dict[str, None]] = {i: {} for i in ids}
    flagged = dict.fromkeys(ids, 0)
    for story_id, outlet, is_flagged in rows:
        outlets[story_id][outlet] = None
        flagged[story_id] += is_flagged
    return {i: Coverage(tuple(outlets[i]), flagged[i]) for i in ids}


# --- the event tier: stories about one happening ------------------------------------


@dataclass(frozen=True)
class RelatedCoverage:
    """A related story as readers list it: the story and who ran it."""

    story: Story
    outlets: tuple[str, ...]  # distinct outlets that ran it, earliest copy first


def related_coverage(db: Database, story_id: int, limit: int = 20) -> list[RelatedCoverage]:
    """:func:`related_stories` with the outlets that ran each (``aggregator show``, the Atom
    feed); empty without the event tier."""
    related = related_stories(db, story_id, limit) or []
    ran = coverage(db, [s.story_id for s in related])
    return [RelatedCoverage(s, ran[s.story_id].outlets) for s in related]


@dataclass(frozen=True)
class Event:
    """Stories about one happening (``event_id`` None: a story without an event yet)."""

    event_id: int | None
    stories: list[Story]


def events(
    db: Database,
    *,
    limit: int = 20,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
) -> list[Event]:
    """Latest events first, each with its stories that pass the filters, newest first.

    An event is as new as its newest story; the stories are those :func:`stories`
    would list with the same filters. Stories are read newest first until ``limit``
    events are found, then each event's other stories through its index.
    """
    where, params = _story_filters(StoryFilter(since, until, source, author, min_outlets))
    tracked = has_events(db)
    event = "s.event_id" if tracked else "NULL"
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cursor = db.execute(
        f"SELECT s.id, {event} FROM stories s {clause} "
        "ORDER BY s.first_seen_at DESC, s.first_published_at DESC, s.id DESC",
        params,
    )
    groups: dict[tuple[str, int], None] = {}  # ("event", id) or ("story", id), newest first
    for story_id, event_id in cursor:
        groups[("event", event_id) if event_id is not None else ("story", story_id)] = None
        if len(groups) >= limit:
            break
    cursor.close()
    event_ids = [i for kind, i in groups if kind == "event"]
    members: dict[tuple[str, int], list[Story]] = {group: [] for group in groups}
    if event_ids:
        rows = _rows(
            db,
            f"SELECT * FROM stories s WHERE s.event_id IN ({','.join('?' * len(event_ids))}) "
            f"{'AND ' + ' AND '.join(where) if where else ''} "
            "ORDER BY s.first_seen_at DESC, s.first_published_at DESC, s.id DESC",
            event_ids + params,
        )
        for row in rows:
            members[("event", row["event_id"])].append(_story_from_row(row))
    for kind, story_id in groups:
        if kind == "story":
            found = story(db, story_id)
            members[(kind, story_id)] = [found] if found else []
    return [Event(i if kind == "event" else None, members[(kind, i)]) for kind, i in groups]
