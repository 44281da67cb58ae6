"""One story: the story, its copies, its reuse map and its copies' earlier texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from aggregator.schema import Copy, Story, parse_utc
from storage.queries.known_pages import known_page
from storage.queries.rows import (
    article_columns,
    copy_from_row,
    select_rows,
    story_from_row,
)

if TYPE_CHECKING:
    from aggregator.dedup import CopyInfo, ParagraphDiff


def story(db: Database, story_id: int) -> Story | None:
    rows = select_rows(db, "SELECT * FROM stories WHERE id = ?", [story_id])
    return story_from_row(rows[0]) if rows else None


def story_at(db: Database, url: str) -> int | None:
    """The story of the article at ``url`` now (its canonical URL, the URL it was fetched
    at, or an alias of it, as given or canonicalized): never one replaced at that URL by
    another story since (m020); None when no stored article is there."""
    # Imported here: the parser package compiles its patterns, which other readers skip.
    from aggregator.parser.urls import canonicalize_url

    for address in dict.fromkeys([url, canonicalize_url(url) or url]):
        page = known_page(db, address)
        if page is not None and page.article_id is not None:
            row = db.execute(
                "SELECT story_id FROM articles WHERE id = ?", [page.article_id]
            ).fetchone()
            return int(row[0])
    return None


def merged_into(db: Database, story_id: int) -> int | None:
    """The stored story that story ``story_id`` became, when it was merged into another
    (``story_merges``, following each later merge of the story it went into); None for
    a story never merged, or whose last heir retention pruned since. A merged story's
    row is gone, but readers (``show``, the web view's ``/story/ID``, webhook links) are
    given its id."""
    heir = _last_heir(db, "story", story_id)
    return heir if heir is not None and story(db, heir) is not None else None


def event_merged_into(db: Database, event_id: int) -> int | None:
    """The event that event ``event_id`` became when the story tier merged it into
    another (``event_merges``, m017, following later merges); None for an event never
    merged, or merged before m017 recorded it, or whose last heir has no story now."""
    if "event_merges" not in db.table_names():
        return None
    heir = _last_heir(db, "event", event_id)
    found = (
        heir is not None
        and db.execute("SELECT 1 FROM stories WHERE event_id = ? LIMIT 1", [heir]).fetchone()
    )
    return heir if found else None


def _last_heir(db: Database, kind: str, merged_id: int) -> int | None:
    """Where ``{kind}_merges`` leads from ``merged_id``, merge after merge; None when it
    was never merged. ``kind`` is "story" or "event", from code."""
    current, visited = merged_id, {merged_id}
    while True:  # each step reaches an id not visited: at most one step per merge
        row = db.execute(
            f"SELECT into_{kind}_id FROM {kind}_merges WHERE from_{kind}_id = ? "
            "ORDER BY id DESC LIMIT 1",
            [current],
        ).fetchone()
        if row is None or row[0] in visited:
            break
        current = row[0]
        visited.add(current)
    return None if current == merged_id else current


def copies(db: Database, story_id: int) -> list[Copy]:
    """Every copy of a story, earliest published (else first seen) first."""
    rows = select_rows(
        db,
        f"SELECT {article_columns(db)} FROM articles WHERE story_id = ? "
        "ORDER BY coalesce(published_at, first_seen_at), id",
        [story_id],
    )
    return [copy_from_row(r) for r in rows]


KEPT, EDITED, CUT = "kept", "edited", "cut"


@dataclass(frozen=True)
class CopyReuse:
    """One copy's column of a reuse map."""

    article_id: int
    states: tuple[str, ...]  # per reference paragraph: KEPT, EDITED or CUT
    added: tuple[str, ...]  # the copy's own paragraphs that are not in the reference text


@dataclass(frozen=True)
class ReuseMap:
    """The reference copy's paragraphs against every copy: what each kept, edited, cut and
    added. The reference is :attr:`Story.compared_with`: the origin's own copy when the
    story holds it, else the canonical copy.

    Built with the dedup policy's :func:`~aggregator.dedup.paragraph_diff`, the
    function that wrote each copy's stored ``paragraph_diff``, so the cut and
    added paragraphs here are the ones ``aggregator show`` reports.
    """

    paragraphs: tuple[str, ...]  # the reference copy's paragraphs, cleaned as dedup compares them
    copies: tuple[CopyReuse, ...]


def _copy_info(copy: Copy) -> CopyInfo:
    from aggregator.dedup import CopyInfo

    a = copy.article
    return CopyInfo(copy.article_id, a.site_name or a.source, a.url, a.headline, tuple(a.body))


def _states(diff: ParagraphDiff, count: int) -> tuple[str, ...]:
    """Each reference paragraph's fate in one copy: kept verbatim by some paragraph, else edited,
    else cut."""
    edited = set(diff.edited)
    fate: dict[int, str] = {}
    for mine, theirs in diff.shared:
        if fate.get(theirs) != KEPT:
            fate[theirs] = EDITED if mine in edited else KEPT
    return tuple(fate.get(index, CUT) for index in range(count))


def reuse_map(story: Story, copies: Sequence[Copy]) -> ReuseMap:
    """Reference paragraphs × copies (in the order given) for one story."""
    # Imported here: the dedup package loads numpy, which the other reader queries do not need.
    from aggregator.dedup import paragraph_diff
    from aggregator.dedup.fingerprint import clean_paragraphs

    reference = next((c for c in copies if c.article_id == story.compared_with), None)
    if reference is None:
        return ReuseMap((), ())
    paragraphs = tuple(clean_paragraphs(reference.article.body))
    base = _copy_info(reference)
    columns = []
    for copy in copies:
        if copy is reference:
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
