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
import sqlite3
import weakref
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


@dataclass(frozen=True)
class _Shape:
    """What the readers need to know of a database's tables, for one schema version."""

    schema_version: int
    has_events: bool
    article_columns: str


# Per connection (a Database object), so a reader does not re-read the tables'
# columns for every query; checked against the schema cookie, which SQLite bumps on
# every schema change (a migration by this or any other connection), so it cannot go stale.
_shapes: weakref.WeakKeyDictionary[Database, _Shape] = weakref.WeakKeyDictionary()


def _shape(db: Database) -> _Shape:
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    shape = _shapes.get(db)
    if shape is None or shape.schema_version != version:
        shape = _read_shape(db, version)
        _shapes[db] = shape
    return shape


def _read_shape(db: Database, version: int) -> _Shape:
    """The article columns, and the event of the article's story (a primary-key lookup).

    A database not yet upgraded to the event tier (migration m009) reads events
    as NULL, one not yet upgraded to the page offsets (m011) the offsets.
    """
    tracked = any(row[1] == "event_id" for row in db.execute("PRAGMA table_info(stories)"))
    event = (
        "(SELECT event_id FROM stories WHERE stories.id = articles.story_id)" if tracked else "NULL"
    )
    has_offsets = any(
        row[1] == "published_offset" for row in db.execute("PRAGMA table_info(articles)")
    )
    offsets = (
        "published_offset, updated_offset"
        if has_offsets
        else "NULL AS published_offset, NULL AS updated_offset"
    )
    return _Shape(version, tracked, f"{_ARTICLE_COLUMNS}, {event} AS event_id, {offsets}")


def has_events(db: Database) -> bool:
    """Does the database have the event tier (``stories.event_id``, migration m009)?

    Readers open the file read-only and never migrate it, so a database not yet
    upgraded by a writer is read without events.
    """
    return _shape(db).has_events


def _article_columns(db: Database) -> str:
    return _shape(db).article_columns


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
        published_offset=row["published_offset"],
        updated_offset=row["updated_offset"],
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
    # The bm25 score (lower is better) when the query matched at most
    # RANKED_MATCHES articles; None when it matched more and hits are newest first.
    rank: float | None


_FTS_TOKEN = re.compile(r"[\w][\w'-]*", re.UNICODE)
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# More words make no better search and cost a doclist read each.
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class SearchQuery:
    """A reader's query as plain words: each one quoted in the FTS5 expression, all required.

    FTS5 syntax (column filters, prefixes, NEAR, AND/OR/NOT, quotes,
    parentheses) is never interpreted; ``notice`` says, in one line, what of
    the query was not searched as typed, or is None when nothing was.
    """

    words: tuple[str, ...]
    notice: str | None

    @property
    def match(self) -> str:
        return " ".join(f'"{word}"' for word in self.words)


def parse_query(text: str) -> SearchQuery:
    """``text`` as a :class:`SearchQuery`: its words (at most ``MAX_QUERY_WORDS``)."""
    words = _FTS_TOKEN.findall(text)
    notes = []
    leftover = _FTS_TOKEN.sub(" ", text)
    symbols = sorted({ch for ch in leftover if not ch.isspace()})
    if symbols or any(word in _FTS_OPERATORS for word in words):
        notes.append(
            "search takes plain words; "
            + (f"ignored {' '.join(symbols)}" if symbols else "operators are words here")
        )
    if len(words) > MAX_QUERY_WORDS:
        notes.append(f"only the first {MAX_QUERY_WORDS} of {len(words)} words are searched")
        words = words[:MAX_QUERY_WORDS]
    notice = None
    if notes and words:
        notice = "; ".join(notes) + ": searched for " + " ".join(f'"{w}"' for w in words)
    return SearchQuery(tuple(words), notice)


def search(
    db: Database,
    query: str | SearchQuery,
    *,
    limit: int = 20,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
    marks: tuple[str, str] = ("[", "]"),
) -> list[SearchHit]:
    """Full-text search, one hit per story.

    A query that matches at most ``RANKED_MATCHES`` articles is ranked by bm25
    (headline weighted 5× body) over all of them. One that matches more is
    looked at newest first, ``RANKED_MATCHES`` at a time: headline matches
    first, then the newest, and at most ``SCANNED_MATCHES`` articles are looked
    at to fill the filters. bm25 reads every match of every word to weigh it:
    1 s for twelve common words on 100,000 articles, where the bounded
    look costs a few milliseconds (docs/readers.md, "Search").

    ``query`` is taken as plain words (:func:`parse_query`); a
    :class:`SearchQuery` may be given instead, to show its notice first. Each
    snippet has its hits between ``marks`` (the web view asks for markers
    that stored text never holds, so it can tell a hit from a bracket).
    """
    words = query if isinstance(query, SearchQuery) else parse_query(query)
    if not words.match:
        return []
    where, params = _story_filters(StoryFilter(since, until, source, author, min_outlets))
    best: dict[int, tuple[int, str, float | None]] = {}
    for ranked in _ranked_matches(db, words):
        _keep_best_per_story(db, ranked, where, params, limit, best)
        if len(best) >= limit:
            break
    snippets = _snippets(db, [rowid for rowid, _, _ in best.values()], words, marks)
    hits = []
    for story_id, (rowid, headline, rank) in best.items():
        found = story(db, story_id)
        if found is not None:
            hits.append(SearchHit(found, rowid, headline, snippets[rowid], rank))
    return hits


# A query matching at most this many articles is ranked by bm25 over all of them;
# one matching more is looked at newest first, this many at a time, and at most
# SCANNED_MATCHES of its matches are looked at to fill the page (with filters).
RANKED_MATCHES = 2_000
SCANNED_MATCHES = 20_000


def _ranked_matches(db: Database, words: SearchQuery) -> Iterator[list[tuple[int, float | None]]]:
    """The query's matches as ranked slices of (rowid, bm25 score or None), best first."""
    below: int | None = None
    for _ in range(SCANNED_MATCHES // RANKED_MATCHES):
        newest = [
            rowid
            for (rowid,) in db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                + (" AND rowid < ?" if below is not None else "")
                + " ORDER BY rowid DESC LIMIT ?",
                [words.match, *([below] if below is not None else []), RANKED_MATCHES + 1],
            )
        ]
        if below is None and len(newest) <= RANKED_MATCHES:
            yield [
                (rowid, score)
                for rowid, score in db.execute(
                    f"SELECT rowid, {_BM25} AS score FROM articles_fts "
                    "WHERE articles_fts MATCH ? ORDER BY score",
                    [words.match],
                )
            ]
            return
        if not newest:
            return
        newest = newest[:RANKED_MATCHES]
        headline = {
            rowid
            for (rowid,) in db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                "AND rowid BETWEEN ? AND ?",
                ["{headline} : (" + words.match + ")", newest[-1], newest[0]],
            )
        }
        yield [(rowid, None) for rowid in newest if rowid in headline] + [
            (rowid, None) for rowid in newest if rowid not in headline
        ]
        below = newest[-1]


def _keep_best_per_story(
    db: Database,
    ranked: list[tuple[int, float | None]],
    where: list[str],
    params: list[Any],
    limit: int,
    best: dict[int, tuple[int, str, float | None]],
) -> None:
    """Add to ``best`` (story id → its best article, headline, score) from ``ranked``,
    the articles that pass the filters, until ``limit`` stories."""
    extra = f"AND {' AND '.join(where)}" if where else ""
    ids = [rowid for rowid, _ in ranked]
    rows: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        rows.update(
            (row[0], (row[1], row[2]))
            for row in db.execute(
                "SELECT a.id, a.story_id, a.headline FROM articles a "
                "JOIN stories s ON s.id = a.story_id "
                f"WHERE a.id IN ({','.join('?' * len(chunk))}) {extra}",
                chunk + params,
            )
        )
    for rowid, score in ranked:
        if len(best) >= limit:
            return
        if rowid in rows and rows[rowid][0] not in best:
            best[rows[rowid][0]] = (rowid, rows[rowid][1], score)


# Snippets come from the first SNIPPET_SOURCE_CHARS characters of a hit's body, cut
# into pieces of at most SNIPPET_PIECE_CHARS. FTS5's snippet() scores every window of
# the whole column against every match in it: an article that repeats one word
# 60,000 times took 31 s (and the index's highlight() is no better). A bounded
# piece keeps any snippet to a few milliseconds, whatever was stored.
SNIPPET_SOURCE_CHARS = 20_000
SNIPPET_PIECE_CHARS = 600
SNIPPET_WORDS = 12
_PIECE_BREAK = re.compile(r"\n\n")


def _pieces(text: str) -> list[str]:
    """The start of a body as paragraphs, each cut (at a space) into bounded pieces."""
    pieces: list[str] = []
    for paragraph in _PIECE_BREAK.split(text[:SNIPPET_SOURCE_CHARS]):
        while len(paragraph) > SNIPPET_PIECE_CHARS:
            cut = paragraph.rfind(" ", 0, SNIPPET_PIECE_CHARS)
            cut = cut if cut > 0 else SNIPPET_PIECE_CHARS
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        if paragraph.strip():
            pieces.append(paragraph)
    return pieces


def _snippets(
    db: Database, rowids: list[int], query: SearchQuery, marks: tuple[str, str] = ("[", "]")
) -> dict[int, str]:
    """rowid → its snippet: the best-matching piece of the body's start, hits between marks.

    Matched by SQLite's own tokenizer (an in-memory FTS5 table with the same
    ``porter`` tokenizer as ``articles_fts``): the piece holding the most of
    the query's words (every one, if a piece does), else the body's first
    words, unmarked (the match is in the headline, or further into the body
    than the snippet reads).
    """
    if not rowids:
        return {}
    placeholders = ",".join("?" * len(rowids))
    bodies = dict(
        db.execute(
            f"SELECT id, substr(body_text, 1, {SNIPPET_SOURCE_CHARS}) FROM articles "
            f"WHERE id IN ({placeholders})",
            rowids,
        ).fetchall()
    )
    pieces = sqlite3.connect(":memory:")
    try:
        pieces.execute(
            "CREATE VIRTUAL TABLE pieces USING fts5(text, rowid_of UNINDEXED, tokenize='porter')"
        )
        pieces.executemany(
            "INSERT INTO pieces (text, rowid_of) VALUES (?, ?)",
            [(piece, rowid) for rowid in rowids for piece in _pieces(bodies.get(rowid) or "")],
        )
        # Each piece's distinct query words; the best piece of a hit holds the most
        # (the earliest of those), and its snippet marks every one of them.
        words_in: dict[int, int] = {}
        hit_of: dict[int, int] = {}
        for word in query.words:
            for rowid_of, piece in pieces.execute(
                "SELECT rowid_of, rowid FROM pieces WHERE pieces MATCH ?", [f'"{word}"']
            ):
                words_in[piece] = words_in.get(piece, 0) + 1
                hit_of[piece] = rowid_of
        best: dict[int, int] = {}
        for piece in sorted(words_in, key=lambda p: (-words_in[p], p)):
            best.setdefault(hit_of[piece], piece)
        any_word = " OR ".join(f'"{word}"' for word in query.words)
        found = {
            rowid_of: pieces.execute(
                f"SELECT snippet(pieces, 0, ?, ?, ' … ', {SNIPPET_WORDS}) FROM pieces "
                "WHERE pieces MATCH ? AND rowid = ?",
                [*marks, any_word, piece],
            ).fetchone()[0]
            for rowid_of, piece in best.items()
        }
    finally:
        pieces.close()
    for rowid in rowids:
        if rowid not in found:
            start = (bodies.get(rowid) or "").split(maxsplit=SNIPPET_WORDS)
            found[rowid] = " ".join(start[:SNIPPET_WORDS]) + (
                " …" if len(start) > SNIPPET_WORDS else ""
            )
    return found


_BM25 = "bm25(articles_fts, 5.0, 1.0)"  # headline weighted five times the body


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
