"""What storage knows of a URL, for the crawl's incremental fetching."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from aggregator.schema import parse_utc
from storage.queries.rows import has_removals, has_replacements

# The pruned time of a pruned URL whose time cannot be read: pruned all the same.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class KnownPage:
    """What storage knows of a URL, for incremental fetching.

    ``pruned_at``: the page was stored once and removed by retention
    (``pruned_urls``); it has no article any more and is not to be fetched again.
    ``removed_status``: the article is marked removed at the source (404 or 410,
    ``storage.removals``); ``gone_at`` and ``gone_answers``: its URL's last 404 or 410
    answer and how many runs in a row gave one (marked or not yet).
    ``alias``: the URL is only one of the article's aliases (``url_aliases``), not its
    own ``url`` or ``canonical_url``; the store ignores an alias's 404 or 410, so the
    crawl does not count it as the article's one answer of the run.
    """

    article_id: int | None
    fetched_at: datetime | None
    etag: str | None
    last_modified: str | None
    pruned_at: datetime | None = None
    removed_status: int | None = None
    gone_at: datetime | None = None
    gone_answers: int = 0
    alias: bool = False


_WHERE_URL = (
    "WHERE (a.canonical_url = ? OR a.url = ? "
    "OR a.id = (SELECT article_id FROM url_aliases WHERE url = ?)) "
)
# An article replaced at its URL by another story (m020) is not the page at that URL:
# the current one is, whose validators a conditional GET sends.
_CURRENT = "AND a.replaced_at IS NULL "
# The last column: is the URL only an alias (not the article's url or canonical_url)?
_ALIAS = "NOT (a.canonical_url = ? OR a.url = ?) "
_KNOWN = (
    "SELECT a.id, a.fetched_at, a.etag, a.last_modified, a.removed_status, g.last_at, "
    "coalesce(g.answers, 0), " + _ALIAS + "FROM articles a "
    "LEFT JOIN gone_answers g ON g.article_id = a.id " + _WHERE_URL
)
# A dry run reads a database no writer has upgraded yet: no article is marked there.
_KNOWN_BEFORE_M018 = (
    "SELECT a.id, a.fetched_at, a.etag, a.last_modified, NULL, NULL, 0, "
    + _ALIAS
    + "FROM articles a "
    + _WHERE_URL
)


def known_page(db: Database, url: str) -> KnownPage | None:
    query = _KNOWN if has_removals(db) else _KNOWN_BEFORE_M018
    query += (_CURRENT if has_replacements(db) else "") + "LIMIT 1"
    row = db.execute(query, [url] * 5).fetchone()
    if row is not None:
        return KnownPage(
            row[0],
            parse_utc(row[1]),
            row[2],
            row[3],
            None,
            row[4],
            parse_utc(row[5]),
            row[6],
            alias=bool(row[7]),
        )
    pruned = db.execute("SELECT pruned_at FROM pruned_urls WHERE url = ?", [url]).fetchone()
    return pruned_page(pruned[0]) if pruned is not None else None


def pruned_page(pruned_at: str | None) -> KnownPage:
    """A URL of ``pruned_urls`` (in SQLite or the cluster's mirror): its time as stored, or,
    unreadable, the epoch: the page stays pruned either way."""
    try:
        when = parse_utc(pruned_at)
    except ValueError:
        when = None
    return KnownPage(None, None, None, None, pruned_at=when or _EPOCH)
