"""Writing articles: each article whole or not at all, dedup inside the write lock.

``store_articles`` is the single write path for crawls, ``aggregator ingest``
and tests (``store_article`` stores one). A batch is one ``BEGIN IMMEDIATE``
transaction: candidate lookup, insert and story merge happen under the write
lock, so two processes storing copies of the same wire story at the same moment
end up in one story, and a crash leaves each article either whole (with its
keys and story) or absent. An article that fails is rolled back alone (the
batch is then stored again with a savepoint per article). ``store_rereadings``
stores the kept pages read again (``aggregator reparse``) over the current
versions, in place.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from aggregator.cjk import bigram_text, has_cjk
from aggregator.config import BoilerplateSettings, DedupSettings, RetentionSettings
from aggregator.dedup import (
    FingerprintParams,
    TextProfile,
    article_credit,
    build_profile,
    params_from_settings,
    shipped_profile,
    story_buckets,
)
from aggregator.fold import fold, needs_folding
from aggregator.parser.dates import PRINTED_UPDATE, counted_from_fetch
from aggregator.parser.site_boilerplate import strip_boilerplate
from aggregator.parser.urls import (
    amp_or_mobile_copy,
    canonical_key,
    canonicalize_url,
    spellings,
)
from aggregator.schema import (
    Article,
    ArticleWrite,
    KeptPage,
    as_utc,
    content_hash,
    normalise_text,
    utc_now,
)
from storage import dedup_index, event_index, story_edits
from storage.article_row import article_columns, iso_time, json_text
from storage.boilerplate import known_blocks, learn_blocks
from storage.changes import next_change, number_story_of
from storage.db import (
    DatabaseError,
    database_path,
    describe_sqlite_error,
    fails_every_write,
    insert_row,
    update_row,
    write_transaction,
)
from storage.page_archive import keep_page
from storage.profile_rebuild import has_stale_profiles, rebuild_before_store, reindex_founder
from storage.removals import clear_removal
from storage.retention import drop_versions_beyond, version_text
from storage.sql import marks
from storage.stories import refresh_story

logger = logging.getLogger(__name__)

# Articles per transaction for crawls (the NEWSAGG_STORE_BATCH_SIZE Scrapy setting)
# and ingest. The articles of a batch share the key and index pages its commit
# writes: 5,000 generated articles stored at 1.12 ms CPU and 0.082 MB written each
# in batches of 256, 1.2 ms and 0.164 MB in batches of 64 (docs/crawling.md,
# "Batched writes"). A crawl's batch is also written once a second, so one at
# about 190 pages/s holds some 200 articles at most.
BATCH_SIZE = 256


class StoreStatus(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class PrunedPage(Exception):
    """A new page at a URL retention removed (``pruned_urls``): not stored again.

    ``routes`` are URLs that led to it and are not yet known (a redirect from a new
    URL, the URL fetched for a canonical one): they are remembered as URLs of the
    pruned page (``canonical_url``, pruned at ``pruned_at``), so no crawl fetches
    them again.
    """

    def __init__(
        self,
        message: str,
        routes: tuple[str, ...] = (),
        canonical_url: str = "",
        pruned_at: str = "",
    ) -> None:
        super().__init__(message)
        self.routes = routes
        self.canonical_url = canonical_url
        self.pruned_at = pruned_at


@dataclass(frozen=True)
class StoreResult:
    status: StoreStatus
    article_id: int
    story_id: int


def _article_columns(article: Article, content_hash: str) -> dict[str, Any]:
    """The article's row: its fields (storage.article_row), and what storage adds."""
    return {
        **article_columns(article),
        "body_text": article.body_text,
        "content_hash": content_hash,
        "credit": article_credit(article),
    }


@dataclass(frozen=True)
class StoreOutcome:
    """What became of one article of a batch: its result, or the error that skipped it."""

    write: ArticleWrite
    result: StoreResult | None
    error: Exception | None = None


def store_article(
    db: Database,
    article: Article,
    settings: DedupSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    aliases: Sequence[str] = (),
    boilerplate: BoilerplateSettings | None = None,
    retention: RetentionSettings | None = None,
    page: KeptPage | None = None,
    moved_permanently: bool = False,
) -> StoreResult:
    """Store one article (new, a new version of a known one, or unchanged); file it in a
    story. ``page``: the page it was parsed from, kept beside its version;
    ``moved_permanently``: the redirect from ``aliases``' first was permanent."""
    (outcome,) = store_articles(
        db,
        [
            ArticleWrite(
                article,
                etag,
                last_modified,
                tuple(aliases),
                page=page,
                moved_permanently=moved_permanently,
            )
        ],
        settings,
        boilerplate,
        retention=retention,
    )
    if isinstance(outcome.error, sqlite3.Error):
        raise DatabaseError(describe_sqlite_error(database_path(db), outcome.error)) from None
    if outcome.error is not None:
        raise outcome.error
    assert outcome.result is not None
    return outcome.result


#: Called inside a batch's transaction with its stored outcomes (``store_articles``).
BatchHook = Callable[[Database, list[StoreOutcome]], None]


def store_articles(
    db: Database,
    writes: Sequence[ArticleWrite],
    settings: DedupSettings,
    boilerplate: BoilerplateSettings | None = None,
    *,
    skip_pruned: bool = False,
    retention: RetentionSettings | None = None,
    in_transaction: BatchHook | None = None,
) -> list[StoreOutcome]:
    """Store several articles in one transaction, each whole or not at all.

    ``in_transaction`` is called with the stored outcomes inside that transaction, as
    its last write (a crawl records its counts in its run, ``storage.runs.note_counts``).

    ``retention``: the config's, whose ``versions_per_article`` bounds the earlier texts
    an edited article keeps (None: the default bound).

    With ``skip_pruned`` (crawls, the cluster's writer), a page not stored whose URL or
    canonical URL retention pruned is not stored, unless its write is a ``refresh``: its
    outcome's error is :class:`PrunedPage`. A crawl's link to such a URL is not followed;
    this catches the pages reached another way (a new URL redirecting to one, a canonical
    link naming one).

    With ``boilerplate`` rules, each article is checked again, under the lock,
    against its source's learned blocks as they are at that moment: blocks the
    earlier articles of the batch taught are removed from the later ones, as
    they would be had each been stored on its own.

    An article that fails (a bug on odd input, a constraint) is reported in
    its outcome and the others commit: the batch is first stored without
    savepoints, and only if an article fails is it stored again with one per
    article, so that the failing one is rolled back alone. A database error
    (disk full, read-only file, lock timeout) rolls back the whole batch and
    raises :class:`DatabaseError`: nothing of it is stored, so
    the next crawl fetches those pages again. One commit per batch instead of
    one per article is what makes a crawl's writes cheap (the commit appends
    every touched page to the WAL), and so is indexing the batch's new
    articles for search in one statement at its end.
    """
    params = params_from_settings(settings)
    retention = retention or RetentionSettings()
    outcomes: list[StoreOutcome | None] = []
    profiles: list[TextProfile | None] = []
    # Fingerprints before taking the lock: other writers wait only for the writes. A
    # cluster worker ships each article's, built alike, so the writer need not build it.
    for write in writes:
        pruned = _pruned_new_page(db, write) if skip_pruned and not write.refresh else None
        if pruned is not None:
            # Read before the write lock: a page pruned or stored meanwhile is rare, and
            # is then stored as it would have been without retention.
            profiles.append(None)
            outcomes.append(StoreOutcome(write, None, pruned))
            continue
        try:
            shipped = write.profile and shipped_profile(
                write.profile, write.article.content_hash, params
            )
            profiles.append(shipped or build_profile(write.article.body, params))
            outcomes.append(None)
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported in its outcome
            profiles.append(None)
            outcomes.append(StoreOutcome(write, None, exc))
    try:
        if has_stale_profiles(db):
            # Articles stored before profile format 3 (CJK, m015) or 4 (accents, m026): a
            # batch of them, and all of those first seen within the event window, are
            # fingerprinted again before these articles are compared with them.
            rebuild_before_store(db, settings)
        try:
            stored = _store_in_transaction(
                db, writes, profiles, settings, boilerplate, params, retention,
                isolate=False, in_transaction=in_transaction,
            )  # fmt: skip
        except _ArticleFailed:
            # Nothing of that attempt was kept: store the batch again, each article in a
            # savepoint of its own, so that only the article that fails is lost.
            stored = _store_in_transaction(
                db, writes, profiles, settings, boilerplate, params, retention,
                isolate=True, in_transaction=in_transaction,
            )  # fmt: skip
        _remember_routes(db, [o.error for o in outcomes if o and isinstance(o.error, PrunedPage)])
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(database_path(db), exc)) from None
    for i, outcome in stored.items():
        outcomes[i] = outcome
    _keep_wal_small(db)
    return [outcome for outcome in outcomes if outcome is not None]


class _ArticleFailed(Exception):
    """One article of a batch stored without savepoints failed; the attempt is rolled back."""


def _store_in_transaction(
    db: Database,
    writes: Sequence[ArticleWrite],
    profiles: Sequence[TextProfile | None],
    settings: DedupSettings,
    boilerplate: BoilerplateSettings | None,
    params: FingerprintParams,
    retention: RetentionSettings,
    *,
    isolate: bool,
    in_transaction: BatchHook | None = None,
) -> dict[int, StoreOutcome]:
    """Store the fingerprinted articles of a batch in one transaction; outcomes by index.

    Without ``isolate`` the first article that fails raises :class:`_ArticleFailed`,
    and the transaction is rolled back. With it each article has a savepoint, and
    one that fails is rolled back alone. A savepoint copies every page its article
    then touches (about 150) into a journal, 0.08 ms per article: a cost paid only
    when an article of the batch fails.
    """
    outcomes: dict[int, StoreOutcome] = {}
    # New articles by canonical URL, indexed for search once at the end of the batch.
    unindexed: dict[str, int] = {}
    with write_transaction(db):
        for i, (write, profile) in enumerate(zip(writes, profiles, strict=True)):
            if profile is None:
                continue
            write, moved = _under_stored_identity(db, write, profile)
            if write.article.canonical_url in unindexed:
                # An edit of an article new in this batch: its update trigger
                # takes the old text out of the index, so that text must be in.
                _index_for_search(db, unindexed)
            if isolate:
                db.conn.execute("SAVEPOINT store_article")
            try:
                write, profile = _prepared(db, write, profile, moved, boilerplate, params)
                result = _store_locked(db, write, profile, settings, boilerplate, retention)
            except Exception as exc:
                if fails_every_write(exc):
                    raise
                if not isolate:
                    raise _ArticleFailed from exc
                db.conn.execute("ROLLBACK TO store_article")
                outcomes[i] = StoreOutcome(write, None, exc)
            else:
                outcomes[i] = StoreOutcome(write, result)
                if result.status is StoreStatus.NEW:
                    unindexed[write.article.canonical_url] = result.article_id
            if isolate:
                db.conn.execute("RELEASE store_article")
        _end_batch(db, unindexed, outcomes, in_transaction)
    return outcomes


def _prepared(
    db: Database,
    write: ArticleWrite,
    profile: TextProfile,
    moved: _Move | None,
    boilerplate: BoilerplateSettings | None,
    params: FingerprintParams,
) -> tuple[ArticleWrite, TextProfile]:
    """``write`` and its profile as they are stored, under the lock: its stored article
    moved to its canonical URL first (``moved``), and the source's boilerplate learned
    since its parse stripped (:func:`_strip_newly_learned`)."""
    if moved is not None:
        write = _move_identity(db, write, moved)
    if boilerplate is not None:
        write, profile = _strip_newly_learned(db, write, profile, boilerplate, params)
    return write, profile


def _end_batch(
    db: Database,
    unindexed: dict[str, int],
    outcomes: dict[int, StoreOutcome],
    in_transaction: BatchHook | None,
) -> None:
    """The last writes of a batch's transaction: its new articles indexed for search, and
    the caller's own (``in_transaction``)."""
    _index_for_search(db, unindexed)
    if in_transaction is not None:
        in_transaction(db, list(outcomes.values()))


# Of the smaller text's word shingles, the share two texts hold in common below which a
# page arriving under a stored canonical URL is another article, not an edit of it: an
# edit keeps most of its sentences; two stories share a template's boilerplate at most.
_EDIT_SHARES = 0.2


@dataclass(frozen=True)
class _Move:
    """A stored article whose page now has another canonical URL, never stored: it moves
    there (:func:`_move_identity`)."""

    article_id: int
    url: str  # its URL before the move
    canonical_url: str  # the page's canonical URL, the article's after the move


def _under_stored_identity(
    db: Database, write: ArticleWrite, profile: TextProfile
) -> tuple[ArticleWrite, _Move | None]:
    """``write`` with the canonical URL its article is stored under, and the move of that
    article to the page's canonical URL when it is to move (else None).

    A stored article written another way (``urls.spellings``: "/story/" for "/story", or
    "/story/index.html") is the same page: the article joins it. A page fetched at a URL
    the stored article was never fetched at nor known by (not its URL, an alias, its
    canonical URL in any spelling, nor its AMP or mobile copy), whose text shares almost
    nothing with the stored text (``_EDIT_SHARES``), is another article under a wrong
    canonical (a template's default): it is stored under its own URL, not as an edit.

    A page whose canonical URL no article is stored under, fetched at a current article's
    canonical URL or reached from it or its URL (a redirect: ``write.aliases``), is that
    article moved (a 301 to a new address, a new canonical link), unless its text shares
    almost nothing with the stored one (a recycled URL: a new article, as ever). It joins
    that article under its stored canonical URL, which moves to the page's."""
    article = write.article
    row = _stored_under(db, article.canonical_url)
    if row is None:
        return _moved_from(db, write, profile)
    stored_canonical, stored_profile = row[1], row[3]
    fetched = canonicalize_url(article.url) or article.url
    if (
        stored_profile
        and _another_page(db, write, fetched, row)
        and _little_in_common(TextProfile.from_json(stored_profile), profile)
    ):
        own = _stored_under(db, fetched)
        identity = own[1] if own is not None else fetched
        return _under(write, identity), None
    return _under(write, stored_canonical), None


def _under(write: ArticleWrite, canonical: str) -> ArticleWrite:
    """``write`` with its article under ``canonical``."""
    if write.article.canonical_url == canonical:
        return write
    return dataclasses.replace(
        write, article=dataclasses.replace(write.article, canonical_url=canonical)
    )


def _moved_from(
    db: Database, write: ArticleWrite, profile: TextProfile
) -> tuple[ArticleWrite, _Move | None]:
    """``write``, under no stored canonical URL, as :func:`_under_stored_identity` gives it:
    under the canonical URL of the current article it is a move of, with that move.

    The page is fetched at that article's canonical URL or reached from it, or from its
    URL, by redirects; or the page's canonical URL is one the article had (an alias): it
    moves back. A page fetched at a URL that is only the article's ``url`` (a rolling
    "/news/latest" whose stories each name their own address) tells no move.

    A temporary redirect (302, 303, 307) leaves the article where it is: the page joins
    it, unmoved. A page that names a new canonical at the same address, with no redirect,
    is the same page re-addressed only under the same headline or with the same text: a
    follow-up story in a rolling slot shares a fifth of its text but not those."""
    article = write.article
    fetched = canonicalize_url(article.url) or article.url
    routes = list(dict.fromkeys([fetched, article.url, *write.aliases]))
    redirects = [url for url in write.aliases if url not in (fetched, article.url)]
    former = spellings(article.canonical_url)
    row = db.execute(
        "SELECT id, canonical_url, url, profile, headline, content_hash FROM articles "
        f"WHERE (canonical_url IN ({marks(routes)}) OR url IN ({marks(redirects)}) "
        f"OR id IN (SELECT article_id FROM url_aliases WHERE url IN ({marks(former)}))) "
        "AND replaced_at IS NULL ORDER BY canonical_url NOT IN (?, ?), id LIMIT 1",
        [*routes, *redirects, *former, fetched, article.url],
    ).fetchone()
    if row is None or (
        row[3] is not None and _little_in_common(TextProfile.from_json(row[3]), profile)
    ):
        return write, None
    article_id, stored_canonical, stored_url = int(row[0]), row[1], row[2]
    redirected = stored_canonical in redirects or stored_url in redirects
    if redirected and not write.moved_permanently:
        return _under(write, stored_canonical), None
    if not redirected and not (_same_headline(row[4], article) or row[5] == profile.body_hash):
        return write, None
    return _under(write, stored_canonical), _Move(article_id, stored_url, article.canonical_url)


def _move_identity(db: Database, write: ArticleWrite, move: _Move) -> ArticleWrite:
    """Move the stored article to its page's canonical URL and the URL it was fetched at:
    its former canonical URL and URL are kept as its aliases, so a feed or sitemap that
    still lists them finds it. Its number and its story's move, as a reader shows its
    address. ``write`` under the new canonical URL."""
    old_canonical = write.article.canonical_url
    logger.info("%s: article %d moved from %s", move.canonical_url, move.article_id, old_canonical)
    db.execute(
        "UPDATE articles SET canonical_url = ?, url = ?, change_seq = ? WHERE id = ?",
        [move.canonical_url, write.article.url, next_change(db), move.article_id],
    )
    number_story_of(db, move.article_id)
    # The article is its new addresses now, whichever article an alias named them for.
    db.execute(
        "UPDATE url_aliases SET article_id = ? WHERE url IN (?, ?)",
        [move.article_id, move.canonical_url, write.article.url],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO url_aliases (url, article_id) VALUES (?, ?)",
        [
            (url, move.article_id)
            for url in dict.fromkeys([old_canonical, move.url])
            if url != move.canonical_url
        ],
    )
    return _under(write, move.canonical_url)


def _stored_under(db: Database, canonical: str) -> tuple[int, str, str, str | None] | None:
    """(id, canonical URL, URL, profile) of the current article (not replaced at its URL)
    stored under ``canonical`` in one of its spellings, that spelling itself first; None
    if there is none."""
    written = spellings(canonical)
    row = db.execute(
        "SELECT id, canonical_url, url, profile FROM articles "
        f"WHERE canonical_url IN ({marks(written)}) AND replaced_at IS NULL "
        "ORDER BY canonical_url != ? LIMIT 1",
        [*written, canonical],
    ).fetchone()
    return None if row is None else (int(row[0]), row[1], row[2], row[3])


def _another_page(
    db: Database, write: ArticleWrite, fetched: str, row: tuple[int, str, str, str | None]
) -> bool:
    """Is nothing known to tie the page's URLs to the stored article ``row``?"""
    article_id, stored_canonical, stored_url, _ = row
    routes = list(dict.fromkeys([fetched, write.article.url, *write.aliases]))
    keys = {canonical_key(stored_canonical, query=True), canonical_key(stored_url, query=True)}
    if any(canonical_key(url, query=True) in keys for url in routes):
        return False
    if amp_or_mobile_copy(fetched, stored_canonical):
        return False
    known = db.execute(
        f"SELECT 1 FROM url_aliases WHERE article_id = ? AND url IN ({marks(routes)}) LIMIT 1",
        [article_id, *routes],
    ).fetchone()
    return known is None


def _little_in_common(stored: TextProfile, new: TextProfile) -> bool:
    """Two texts that share under ``_EDIT_SHARES`` of the smaller one's word shingles;
    never an empty text, which tells nothing."""
    smaller = min(len(stored.shingles), len(new.shingles))
    return smaller > 0 and len(stored.shingles & new.shingles) < _EDIT_SHARES * smaller


def _pruned_new_page(db: Database, write: ArticleWrite) -> PrunedPage | None:
    """Why ``write`` is not stored: its page is not stored and a URL of it (fetched or
    canonical) is in ``pruned_urls``. None when it is to be stored."""
    article = write.article
    row = db.execute(
        "SELECT canonical_url, pruned_at FROM pruned_urls WHERE url IN (?, ?) "
        "AND NOT EXISTS (SELECT 1 FROM articles WHERE canonical_url = ?)",
        [article.url, article.canonical_url, article.canonical_url],
    ).fetchone()
    if row is None:
        return None
    routes = list(dict.fromkeys([*write.aliases, article.url, article.canonical_url]))
    where = f"IN ({marks(routes)})"
    known = {
        url
        for (url,) in db.execute(
            f"SELECT url FROM pruned_urls WHERE url {where} "
            f"UNION SELECT url FROM url_aliases WHERE url {where} "
            f"UNION SELECT url FROM articles WHERE url {where} "
            f"UNION SELECT canonical_url FROM articles WHERE canonical_url {where}",
            routes * 4,
        )
    }
    new = tuple(url for url in routes if url not in known)
    return PrunedPage(f"{article.url}: pruned", new, row[0], row[1])


def _remember_routes(db: Database, pruned: Sequence[PrunedPage]) -> None:
    """Add the URLs that led to pruned pages to ``pruned_urls``: a redirect from a new URL
    to a pruned page would otherwise be fetched, and refused, on every crawl."""
    rows = [(url, page.canonical_url, page.pruned_at) for page in pruned for url in page.routes]
    if rows:
        with write_transaction(db):
            db.conn.executemany(
                "INSERT OR IGNORE INTO pruned_urls (url, canonical_url, pruned_at) "
                "VALUES (?, ?, ?)",
                rows,
            )


def _index_for_search(db: Database, unindexed: dict[str, int]) -> None:
    """Add new articles to the full-text index, in one statement at the end of the batch.

    FTS5 writes its pending terms out as a new segment at every savepoint and
    statement journal, so rows indexed one by one by the insert trigger cost a
    segment each, and the merges to follow. Rows stored here are marked
    ``search_index_deferred``, which the trigger skips (migration m007); edits
    and deletions are still indexed by triggers. Those with CJK characters, or with
    letters the word index misreads, are added to the side indexes too
    (:func:`_index_side`).
    """
    if not unindexed:
        return
    ids = list(unindexed.values())
    db.execute(
        "INSERT INTO articles_fts (rowid, headline, body_text) "
        f"SELECT id, headline, body_text FROM articles WHERE id IN ({marks(ids)})",
        ids,
    )
    _index_side(db, ids)
    unindexed.clear()


def _index_side(db: Database, ids: Sequence[int]) -> None:
    """Add the articles of ``ids`` to the side indexes that are for them: the CJK index
    (:func:`_index_cjk`) and the folded one (:func:`_index_folded`).

    Read once from the rows as stored (boilerplate may have been stripped). An edited
    article's old rows were taken out by the update triggers; they are written here
    again.
    """
    rows = db.execute(
        f"SELECT id, headline, body_text FROM articles WHERE id IN ({marks(ids)})", list(ids)
    ).fetchall()
    _index_cjk(db, rows)
    _index_folded(db, rows)


_StoredText = Sequence[tuple[int, str | None, str | None]]  # id, headline, body_text


def _index_cjk(db: Database, rows: _StoredText) -> None:
    """Add the articles of ``rows`` that hold CJK characters to ``articles_cjk_fts``,
    their text as character pairs (aggregator.cjk, migration m014); the others cost no
    row."""
    db.conn.executemany(
        "INSERT INTO articles_cjk_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
        [
            (article_id, bigram_text(headline or ""), bigram_text(body or ""))
            for article_id, headline, body in rows
            if has_cjk(headline or "") or has_cjk(body or "")
        ],
    )


def _index_folded(db: Database, rows: _StoredText) -> None:
    """Add the articles of ``rows`` whose letters the word index misreads (a combining
    mark, ``ё``, ``ı``, ``ł``, Arabic hamza forms: aggregator.fold) to
    ``articles_fold_fts``, their text folded (migration m016); the others, all ASCII
    and most Latin text, cost no row."""
    db.conn.executemany(
        "INSERT INTO articles_fold_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
        [
            (article_id, fold(headline or ""), fold(body or ""))
            for article_id, headline, body in rows
            if needs_folding(headline or "") or needs_folding(body or "")
        ],
    )


def _strip_newly_learned(
    db: Database,
    write: ArticleWrite,
    profile: TextProfile,
    rules: BoilerplateSettings,
    params: FingerprintParams,
) -> tuple[ArticleWrite, TextProfile]:
    # The parse stripped what was known then; a block learned since (usually from
    # an earlier article of this batch) is stripped here, and only then is the
    # fingerprint built again.
    if not rules.enabled or not write.article.source:
        return write, profile
    known = known_blocks(db, write.article.source, rules.min_stories)
    stripped = strip_boilerplate(write.article, known, rules)
    if stripped.article is write.article:
        return write, profile
    return dataclasses.replace(write, article=stripped.article, profile=None), build_profile(
        stripped.article.body, params
    )


# Automatic checkpoints copy the WAL back but cannot rewind it while any reader
# holds a snapshot, and a web view with steady traffic always holds one: the
# WAL then grows without bound. Past this many pages the writer waits (busy
# timeout) for a moment without readers and restarts the WAL from the top.
WAL_RESTART_BYTES = 64 * 1024 * 1024


def _keep_wal_small(db: Database) -> None:
    # A stat of the -wal file costs microseconds; a PASSIVE checkpoint to learn
    # the WAL's size would copy and sync pages after every article.
    wal = Path(database_path(db) + "-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return
    if size > WAL_RESTART_BYTES:
        try:
            db.execute("PRAGMA wal_checkpoint(RESTART)")
        except sqlite3.Error as exc:  # the batch is committed; the next one tries again
            logger.warning("Could not restart the WAL of %s: %s", database_path(db), exc)


def _store_locked(
    db: Database,
    write: ArticleWrite,
    profile: TextProfile,
    settings: DedupSettings,
    boilerplate: BoilerplateSettings | None,
    retention: RetentionSettings,
) -> StoreResult:
    result = _store_article_row(db, write, profile, settings, boilerplate, retention)
    _record_aliases(db, result.article_id, write.article, write.aliases)
    if write.page is not None:  # retention.keep_pages: beside the version it gave
        keep_page(db, result.article_id, write.page)
    if result.status is not StoreStatus.NEW:
        # Its page answered: a mark of removal at the source (404/410) is cleared.
        clear_removal(db, result.article_id)
    return result


def _same_text(
    db: Database, article: Article, old_body: str, boilerplate: BoilerplateSettings | None
) -> bool:
    """Is the stored text the same as ``article``'s once the source's boilerplate is left out?

    A page stored before one of its blocks was learned as the source's
    boilerplate still holds that block; fetched again, it is parsed without
    it. That is the same text, not an edit, and must not make a version.
    """
    if boilerplate is None or not boilerplate.enabled or not article.source:
        return False
    known = known_blocks(db, article.source, boilerplate.min_stories)
    if not known.stories:
        return False
    stored = dataclasses.replace(article, body=json.loads(old_body or "[]"))
    old = strip_boilerplate(stored, known, boilerplate).article.body
    new = strip_boilerplate(article, known, boilerplate).article.body
    return content_hash(old) == content_hash(new)


def _store_article_row(
    db: Database,
    write: ArticleWrite,
    profile: TextProfile,
    settings: DedupSettings,
    boilerplate: BoilerplateSettings | None,
    retention: RetentionSettings,
) -> StoreResult:
    seen = utc_now()
    # The profile's body hash is Article.content_hash, computed once already.
    columns = _article_columns(write.article, profile.body_hash)
    columns["etag"] = write.etag
    columns["last_modified"] = write.last_modified
    existing = db.execute(
        f"{_STORED_ROW} WHERE canonical_url = ? AND replaced_at IS NULL",
        [write.article.canonical_url],
    ).fetchone()
    if existing is None:
        return _store_new(db, write.article, columns, profile, settings, seen)
    stored = _StoredRow(*existing)
    same_text = stored.content_hash == columns["content_hash"] or _same_text(
        db, write.article, stored.body, boilerplate
    )
    if same_text and _same_headline(stored.headline, write.article):
        return _store_same_text(db, write, columns, stored)
    # A new headline over the same text is an edit too (a correction, a selector fixed):
    # the old one is kept with its version (article_versions.headline). A page rewritten
    # under the current article's headline stays that article.
    earlier = None
    if not _same_headline(stored.headline, write.article):
        earlier = _replaced_holding(db, write.article, columns["content_hash"])
    if earlier is not None:
        return _reinstate(db, write, earlier, stored, seen.isoformat())
    if _another_story(stored, write.article, profile):
        _retire(db, stored, write.article.url, seen.isoformat())
        return _store_new(
            db, write.article, columns, profile, settings, seen, replacing=stored.article_id
        )
    article = _publication_kept(stored, write.article)
    if article is not write.article:
        columns.update(article_columns(article))
    if _temporarily_redirected(stored, write):
        columns["url"] = stored.url
    return _store_edit(db, article, columns, profile, stored, settings, seen, retention)


def _temporarily_redirected(stored: _StoredRow, write: ArticleWrite) -> bool:
    """Was the page reached from ``stored``'s own URL by a temporary redirect (302, 303,
    307)? Such a redirect says the page still lives at that URL, so an edit read at the
    redirect's target keeps it as the article's URL; the target is recorded as an alias
    (``_record_aliases``). A permanent one (301, 308) moves the article."""
    return (
        not write.moved_permanently
        and stored.url != write.article.url
        and stored.url in write.aliases
    )


# The columns of an article's text, whose update triggers take its rows out of the side
# search indexes: a re-reading written in place (``aggregator reparse``) writes them back.
_TEXT = frozenset({"headline", "body", "body_text", "content_hash"})

# The fields a re-fetch of the same text under the same headline stores in place when they
# read otherwise: its byline (and the credit dedup reads from it), its times, its page kind
# and a live blog's entries and summary box (one stored before m022 or m025 reads
# 'article', without entries, until its page is fetched again).
# Not the others: a fallback read from the URL (``site_name``) differs between spellings of
# one page, which is no change; those wait for the next edit, or ``aggregator reparse``.
_IN_PLACE = (
    "authors",
    "credits",
    "byline_raw",
    "published_at",
    "published_offset",
    "updated_at",
    "updated_offset",
    "kind",
    "live_entries",
    "key_points",
)


def _store_same_text(
    db: Database, write: ArticleWrite, columns: dict[str, Any], stored: _StoredRow
) -> StoreResult:
    """The page fetched again with the stored text under the stored headline: its last
    fetch and the validators its 200 gave (a validator the server no longer sends is not
    sent again: an old ``ETag`` would outweigh a new ``Last-Modified``), and, when a field
    of ``_IN_PLACE`` reads otherwise (a corrected byline, a new update time), those fields
    and the rules they were read by, in place, with a new change number: UPDATED, no new
    version. A stored publication is kept over a printed update (``_publication_kept``),
    as an edit keeps it, and a stored time over one the page gives as a time ago or only
    its feed gives (``_stated_times_kept``)."""
    article = _publication_kept(stored, _stated_times_kept(stored, write.article, feed=True))
    read = _article_columns(article, stored.content_hash)
    reading = {name: read[name] for name in (*_IN_PLACE, "credit")}
    held = db.execute(
        f"SELECT {', '.join(reading)} FROM articles WHERE id = ?", [stored.article_id]
    ).fetchone()
    fetch = {
        "fetched_at": columns["fetched_at"],
        "etag": write.etag,
        "last_modified": write.last_modified,
    }
    if tuple(held) == tuple(reading.values()):
        update_row(db, "articles", stored.article_id, fetch)
        return StoreResult(StoreStatus.UNCHANGED, stored.article_id, stored.story_id)
    rules = {k: v for k, v in json.loads(stored.provenance or "{}").items() if k not in _IN_PLACE}
    rules.update((k, v) for k, v in article.provenance.items() if k in _IN_PLACE)
    _store_in_place(db, stored, {**fetch, **reading, "provenance": json_text(rules)})
    return StoreResult(StoreStatus.UPDATED, stored.article_id, stored.story_id)


def _stated_times_kept(stored: _StoredRow, article: Article, *, feed: bool) -> Article:
    """``article``, a re-fetch (or, ``reparse``, a re-reading) of ``stored``, with each time
    it counts back from its fetch ("3 hours ago", "vor 2 Stunden":
    ``dates.counted_from_fetch``) replaced by the stored one, with its offset and rule,
    where one is stored; and, with ``feed`` (a crawl's fetch of the same text), each time
    only the announcing feed or sitemap gave (rule ``feed``) replaced by the stored one,
    or, for an update time, by none (a publication time the store lacks is taken, as the
    first store takes it).

    Why the time ago's: it is only as fine as its unit ("3 hours ago" is anywhere in that hour),
    so the same unchanged page reads another moment at each fetch, up to a unit apart;
    written over the stored one, every announced re-fetch of it would be an update, with a
    new change number for readers to sync. The stored time is no worse: stated outright,
    or read from an earlier fetch, when the page's unit was as fine or finer (it grows as
    the page ages). A page that comes to print a time where none is stored gives it. An
    edit (a new text) takes the page's times as it reads them. ``reparse`` keeps it too: the
    version's kept page may be a later fetch than the one its time was read at (the
    option turned on since), and read against that fetch, a coarser moment.

    Why the feed's: the page itself is silent, and an announcement says "fetch again",
    not "the story changed": many sitemaps stamp every URL with the time they were
    generated, and taken as the page's update time that would renumber every unchanged
    page a crawl fetches again. An edit (a new text) still takes it."""
    kept: dict[str, Any] = {}
    provenance = dict(article.provenance)
    for name, offset, held, held_offset in (
        ("published_at", "published_offset", stored.published_at, stored.published_offset),
        ("updated_at", "updated_offset", stored.updated_at, stored.updated_offset),
    ):
        moment = getattr(article, name)
        if moment is None:
            continue
        if feed and article.provenance.get(name) == "feed":
            if held is None and name == "published_at":
                continue  # a publication the store lacks, as the first store takes it
        elif held is None or not counted_from_fetch(moment, article.fetched_at):
            continue
        kept |= {name: None if held is None else _stored_time(held), offset: held_offset}
        provenance.pop(name, None)
        if (rule := stored.provenance_of(name)) is not None:
            provenance[name] = rule
    return dataclasses.replace(article, **kept, provenance=provenance) if kept else article


def _store_in_place(db: Database, stored: _StoredRow, columns: dict[str, Any]) -> None:
    """Write ``columns`` over ``stored``'s row, its body the same, with a new change number:
    its side search indexes again when its headline or body is written (the update
    triggers took its rows out), its story's summary and its copies' byline flags
    recomputed (a byline or a publication time may have changed), and its story's number
    moved, so a syncing reader reads both again."""
    update_row(db, "articles", stored.article_id, {**columns, "change_seq": next_change(db)})
    if _TEXT & columns.keys():
        _index_side(db, [stored.article_id])
    refresh_story(db, stored.story_id)
    number_story_of(db, stored.article_id)


# The columns of :class:`_StoredRow`, in order.
_STORED_ROW = (
    "SELECT id, story_id, content_hash, version, fetched_at, headline, body, profile, "
    "published_at, updated_at, published_offset, updated_offset, provenance, url FROM articles"
)


@dataclass(frozen=True)
class _StoredRow:
    """The current article stored under a canonical URL, as a write compares it."""

    article_id: int
    story_id: int
    content_hash: str
    version: int
    fetched_at: str
    headline: str
    body: str
    profile: str | None
    published_at: str | None
    updated_at: str | None
    published_offset: int | None
    updated_offset: int | None
    provenance: str | None
    url: str

    def provenance_of(self, name: str) -> str | None:
        """The rule its ``name`` field was read by (``provenance``, a JSON object)."""
        found = json.loads(self.provenance or "{}").get(name)
        return str(found) if found is not None else None


def _another_story(stored: _StoredRow, article: Article, profile: TextProfile) -> bool:
    """Is the page fetched at a stored article's own URL now another story, not an edit?

    A rolling URL ("/news/latest", "/live", a section's top story, a recycled slug) brings
    each story's own publication time; breaking news rewritten in place (a stub replaced by
    the full piece, under another headline) keeps its own. So the page states a publication
    time apart from every time the stored article states (``_published_apart``: later for a
    new story, earlier for an older one the slot goes back to), its text
    shares little with the stored one (``_little_in_common``, the test that tells a wrong
    canonical from an edit) and its headline is another. A live page that grows, a
    corrected story and a new template keep most of their text, a page rewritten under
    the same headline stays the same article, and so does one where either text states no
    publication time (as before m020: nothing tells a new story from a rewrite)."""
    return (
        stored.profile is not None
        and _published_apart(stored, article)
        and not _same_headline(stored.headline, article)
        and _little_in_common(TextProfile.from_json(stored.profile), profile)
    )


def _same_headline(stored_headline: str | None, article: Article) -> bool:
    return normalise_text(stored_headline or "") == normalise_text(article.headline)


def _stored_time(text: str) -> datetime:
    """A time as an article row stores it (ISO 8601), in UTC."""
    return as_utc(datetime.fromisoformat(text))


# Two publication times one article states, read from two witnesses of it (a clock written
# to the minute, another to the second), differ by under a minute; a story that took a
# rolling slot was published at least that long after the one it pushed out.
_REPUBLISHED_AFTER = timedelta(minutes=1)


def _published_apart(stored: _StoredRow, article: Article) -> bool:
    """Does ``article`` state a publication time more than ``_REPUBLISHED_AFTER`` apart from
    the stored article's publication time and from its update time (a page that puts its
    last update in its published time is still that article)? Earlier counts as later
    does: a rolling slot that goes back to an older story, edited since, is that story, not
    an edit of the one it pushes out. False when either text states none, and a page's
    printed update taken for its publication (``PRINTED_UPDATE``) states none: it moves
    with every edit."""
    if stored.published_at is None or article.published_at is None:
        return False
    if PRINTED_UPDATE in (
        stored.provenance_of("published_at"),
        article.provenance.get("published_at"),
    ):
        return False
    known = [_stored_time(t) for t in (stored.published_at, stored.updated_at) if t]
    return all(abs(article.published_at - t) > _REPUBLISHED_AFTER for t in known)


def _publication_kept(stored: _StoredRow, article: Article) -> Article:
    """``article`` as an edit of ``stored`` is stored: a publication that is the page's
    printed update (``PRINTED_UPDATE``) does not replace a stored publication. The stored
    one stays, with its offset and rule, and the printed update becomes the update
    (provenance ``PRINTED_UPDATE``) where it is later and no later one is declared, so
    ``published_at``, the story's first publication and Atom's ``<published>`` do not
    move with each edit (docs/parser.md, "Updates")."""
    printed = article.published_at
    if (
        stored.published_at is None
        or printed is None
        or article.provenance.get("published_at") != PRINTED_UPDATE
    ):
        return article
    published = _stored_time(stored.published_at)
    provenance = {k: v for k, v in article.provenance.items() if k != "published_at"}
    if (rule := stored.provenance_of("published_at")) is not None:
        provenance["published_at"] = rule
    updated, updated_offset = article.updated_at, article.updated_offset
    if updated is None and printed > published:
        updated, updated_offset = printed, article.published_offset
        provenance["updated_at"] = PRINTED_UPDATE
    return dataclasses.replace(
        article,
        published_at=published,
        published_offset=stored.published_offset,
        updated_at=updated,
        updated_offset=updated_offset,
        provenance=provenance,
    )


def _retire(db: Database, stored: _StoredRow, url: str, when: str) -> None:
    """Mark ``stored`` replaced at its URL (``replaced_at``, m020): it keeps its id, text,
    story, versions and search entry, and is no longer the article at its URL. Its
    number and its story's move, so a syncing reader learns of it."""
    logger.info(
        "%s holds another story now: article %d kept as replaced at its URL",
        url,
        stored.article_id,
    )
    db.execute(
        "UPDATE articles SET replaced_at = ?, change_seq = ? WHERE id = ?",
        [when, next_change(db), stored.article_id],
    )
    number_story_of(db, stored.article_id)


def _replaced_holding(db: Database, article: Article, body_hash: str) -> tuple[int, int] | None:
    """(id, story id) of the article replaced at ``article``'s canonical URL that the page
    is again: the text of ``body_hash`` (the same text in any template) under the same
    headline, stating no publication time later than its own (a teaser or a "subscribe to
    read" text another story shares is not that story: it is stored on its own); the one
    replaced last; None if none."""
    row = db.execute(
        "SELECT id, story_id, headline, published_at FROM articles WHERE canonical_url = ? "
        "AND content_hash = ? AND replaced_at IS NOT NULL ORDER BY replaced_at DESC, id DESC "
        "LIMIT 1",
        [article.canonical_url, body_hash],
    ).fetchone()
    if row is None or not _same_headline(row[2], article):
        return None
    stated = article.published_at
    if row[3] and stated is not None and stated - _stored_time(row[3]) > _REPUBLISHED_AFTER:
        return None
    return int(row[0]), int(row[1])


def _reinstate(
    db: Database, write: ArticleWrite, earlier: tuple[int, int], stored: _StoredRow, now: str
) -> StoreResult:
    """The page is back to a story it held before (a URL flipping between two stories):
    the article replaced with that text is the article at its URL again, the current one
    is retired, and no copy of the story is stored. Its URL aliases go back with it."""
    article_id, story_id = earlier
    _retire(db, stored, write.article.url, now)
    logger.info("%s holds article %d again: current at its URL", write.article.url, article_id)
    db.execute(
        "UPDATE articles SET replaced_at = NULL, fetched_at = ?, etag = ?, last_modified = ?, "
        "change_seq = ? WHERE id = ?",
        [
            iso_time(write.article.fetched_at),
            write.etag,
            write.last_modified,
            next_change(db),
            article_id,
        ],
    )
    number_story_of(db, article_id)
    db.execute(
        "UPDATE url_aliases SET article_id = ? WHERE article_id = ?",
        [article_id, stored.article_id],
    )
    return StoreResult(StoreStatus.UNCHANGED, article_id, story_id)


def _store_edit(
    db: Database,
    article: Article,
    columns: dict[str, Any],
    profile: TextProfile,
    stored: _StoredRow,
    settings: DedupSettings,
    seen: datetime,
    retention: RetentionSettings,
) -> StoreResult:
    """An edited article: the old text kept as a version (and the versions beyond
    ``retention.versions_per_article`` dropped), the new one its next version
    (:func:`_place_text`)."""
    _keep_version(db, stored, seen.isoformat(), retention.versions_per_article, settings)
    columns["version"] = stored.version + 1
    story_id = _place_text(db, article, columns, profile, stored, settings, seen)
    return StoreResult(StoreStatus.UPDATED, stored.article_id, story_id)


def _place_text(
    db: Database,
    article: Article,
    columns: dict[str, Any],
    profile: TextProfile,
    stored: _StoredRow,
    settings: DedupSettings,
    seen: datetime,
) -> int:
    """Write ``columns``, a new text of ``stored``, over its row: it keeps its story while
    its new text verifies against a copy of it, else it moves (storage.story_edits). Its
    story now."""
    now = seen.isoformat()
    profiles_read: dict[int, TextProfile] = {}
    edit = story_edits.decide(
        db,
        article,
        profile,
        (stored.article_id, stored.story_id),
        settings,
        credit=columns["credit"],
        seen_at=seen,
        profiles_read=profiles_read,
    )
    story_id, placement = stored.story_id, None
    if edit.moves:
        story_id, placement = story_edits.leave_story(
            db, article, profile, stored.article_id, stored.story_id, edit, settings, seen
        )
        columns.update(story_edits.moved_columns(edit, stored.story_id, placement))
    columns.update(story_id=story_id, profile=profile.to_json(), change_seq=next_change(db))
    update_row(db, "articles", stored.article_id, columns)
    _index_side(db, [stored.article_id])
    dedup_index.replace_keys(db, stored.article_id, stored.profile, profile)
    story_edits.settle(db, stored.article_id, stored.story_id, edit, placement, now)
    in_hand = {**profiles_read, stored.article_id: profile}
    (story_id,) = db.execute(
        "SELECT story_id FROM articles WHERE id = ?", [stored.article_id]
    ).fetchone()
    refresh_story(db, story_id, in_hand=in_hand)
    if story_id != stored.story_id:
        refresh_story(db, stored.story_id, in_hand=in_hand)
    learn_blocks(db, article, story_id, now)
    return int(story_id)


# The columns of a parse that are the article's identity and its last fetch, not what
# the parser read of it: a re-reading of its kept page leaves them as stored.
_NOT_READ = frozenset({"url", "canonical_url", "source", "fetched_at"})


@dataclass(frozen=True)
class Rereading:
    """The current version of article ``article_id``, ``version``, parsed again from the
    page it was parsed from (``aggregator reparse``): ``article``."""

    article_id: int
    version: int
    article: Article


def reads_otherwise(db: Database, reading: Rereading) -> bool:
    """Does ``reading`` differ from the article's stored reading in any field the parser
    gives? False for an article stored anew since its page was read."""
    return _new_reading(db, reading) is not None


def fields_read_otherwise(db: Database, reading: Rereading) -> list[str]:
    """The stored columns ``reading`` reads otherwise (``reparse --dry-run --show``), in
    the store's order; none when :func:`reads_otherwise` is False."""
    found = _new_reading(db, reading)
    return [] if found is None else found[3]


def _column_differs(name: str, held: Any, read: Any) -> bool:
    """Does stored column ``name`` (``held``) read otherwise than ``read``? ``provenance`` is
    a JSON object, whose order means nothing: a store in place writes the stored rules
    first and the fields it changed after (``_store_same_text``), a parse in field order."""
    if name == "provenance" and held is not None and read is not None:
        return bool(json.loads(held) != json.loads(read))
    return bool(held != read)


def store_rereadings(
    db: Database, readings: Sequence[Rereading], settings: DedupSettings
) -> dict[int, StoreStatus | Exception]:
    """Store each reading that differs (:func:`reads_otherwise`) as its article's current
    reading, in place: its columns, search index and change number, and, when the body
    differs, its story as an edit of the body places it; no new version, no second page,
    the ETag and Last-Modified kept. By article id: UPDATED, UNCHANGED (also an article
    stored anew since its page was read: checked here, under the write lock), or the
    error that left that one out (rolled back alone). One transaction; a database error
    rolls it back and raises :class:`DatabaseError`."""
    params = params_from_settings(settings)
    seen = utc_now()
    results: dict[int, StoreStatus | Exception] = {}
    try:
        if has_stale_profiles(db):
            rebuild_before_store(db, settings)
        with write_transaction(db):
            for reading in readings:
                db.conn.execute("SAVEPOINT reread")
                try:
                    results[reading.article_id] = _reread(db, reading, settings, params, seen)
                except Exception as exc:
                    if fails_every_write(exc):
                        raise
                    db.conn.execute("ROLLBACK TO reread")
                    results[reading.article_id] = exc
                db.conn.execute("RELEASE reread")
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(database_path(db), exc)) from None
    _keep_wal_small(db)
    return results


def _reread(
    db: Database,
    reading: Rereading,
    settings: DedupSettings,
    params: FingerprintParams,
    seen: datetime,
) -> StoreStatus:
    found = _new_reading(db, reading)
    if found is None:
        return StoreStatus.UNCHANGED
    stored, article, columns, _ = found
    columns["reread_at"] = seen.isoformat()  # m028: feeds and --since go by it
    if columns["content_hash"] != stored.content_hash:
        profile = build_profile(article.body, params)
        founded = _founded_on(db, stored, params)
        story_id = _place_text(db, article, columns, profile, stored, settings, seen)
        if founded is not None and story_id == stored.story_id:
            _found_again(db, stored, founded, profile, settings)
        number_story_of(db, stored.article_id)  # its story's summary may read otherwise
    else:
        _store_in_place(db, stored, columns)
    return StoreStatus.UPDATED


def _founded_on(
    db: Database, stored: _StoredRow, params: FingerprintParams
) -> tuple[bytes, TextProfile] | None:
    """An article that founded its story on the text a re-reading writes over (its
    ``founding_version`` is its current one, that text not kept as buckets, m024): its
    event profile and the text its story was counted with, read before the write; None
    for any other article."""
    row = db.execute(
        "SELECT profile FROM event_profiles WHERE article_id = ? AND founding_version = ? "
        "AND counted IS NULL",
        [stored.article_id, stored.version],
    ).fetchone()
    if row is None:
        return None
    return bytes(row[0]), version_text(db, stored.article_id, stored.version, params)[1]


def _found_again(
    db: Database,
    stored: _StoredRow,
    founded: tuple[bytes, TextProfile],
    profile: TextProfile,
    settings: DedupSettings,
) -> None:
    """A founder re-read in its story: the text its story was counted with is gone, so the
    story is counted again from the new one (the old text's terms taken off), as the
    profile rebuild founds an article again; else every later move or prune would take
    off terms never counted."""
    old_event, counted = founded
    published, seen = db.execute(
        "SELECT published_at, first_seen_at FROM articles WHERE id = ?", [stored.article_id]
    ).fetchone()
    taken_off = story_buckets(counted, settings)
    reindex_founder(
        db,
        stored.article_id,
        taken_off,
        old_event,
        profile,
        settings,
        published,
        seen,
        stored.version,
    )


def _new_reading(
    db: Database, reading: Rereading
) -> tuple[_StoredRow, Article, dict[str, Any], list[str]] | None:
    """The stored article, the reading as stored over it, the columns to write (every
    one the parser gives) and those that differ from the stored ones, in the store's
    order, when any does; None when none does, or the article was stored anew since its
    page was read (another version, or replaced at its URL)."""
    row = db.execute(
        f"{_STORED_ROW} WHERE id = ? AND version = ? AND replaced_at IS NULL",
        [reading.article_id, reading.version],
    ).fetchone()
    if row is None:
        return None
    stored = _StoredRow(*row)
    # An edit kept an earlier version's publication over a printed update (as the store
    # did): a later version's page read again keeps it too.
    article = reading.article if stored.version == 1 else _publication_kept(stored, reading.article)
    # A time ago is read against the kept page's fetch: the stored one stays, as a crawl's
    # fetch of the same text keeps it.
    article = _stated_times_kept(stored, article, feed=False)
    every = _article_columns(article, article.content_hash)
    columns = {name: value for name, value in every.items() if name not in _NOT_READ}
    held = db.execute(
        f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", [stored.article_id]
    ).fetchone()
    differ = [
        name
        for name, old in zip(columns, held, strict=True)
        if _column_differs(name, old, columns[name])
    ]
    if not differ:
        return None
    return stored, article, columns, differ


def _keep_version(
    db: Database, stored: _StoredRow, now: str, keep: int, settings: DedupSettings
) -> None:
    """The replaced text as an earlier version of the article; the versions between its
    first and its latest ``keep - 1`` deleted (storage.retention.drop_versions_beyond)."""
    insert_row(
        db,
        "article_versions",
        {
            "article_id": stored.article_id,
            "version": stored.version,
            "fetched_at": stored.fetched_at,
            "content_hash": stored.content_hash,
            "headline": stored.headline,
            "body": stored.body,
            "replaced_at": now,
        },
    )
    dropped = drop_versions_beyond(db, [stored.article_id], keep, settings)
    if dropped:
        logger.info(
            "article %d edited: version %d stored, %d earlier versions dropped "
            "(retention.versions_per_article=%d keeps the first and the latest %d)",
            stored.article_id,
            stored.version + 1,
            dropped,
            keep,
            keep - 1,
        )


def _store_new(
    db: Database,
    article: Article,
    columns: dict[str, Any],
    profile: TextProfile,
    settings: DedupSettings,
    seen: datetime,
    *,
    replacing: int | None = None,
) -> StoreResult:
    """A new article, in the story dedup assigns (or a new one, placed in an event).
    ``replacing``: the article it replaces at its URL, whose URL aliases become its."""
    now = seen.isoformat()
    # The candidates' profiles, decoded by the lookup: refresh_story compares the
    # canonical copy's, usually one of them, and nothing stored changes them before.
    profiles_read: dict[int, TextProfile] = {}
    assignment = dedup_index.assign(
        db,
        profile,
        article,
        settings,
        credit=columns["credit"],
        seen_at=seen,
        profiles_read=profiles_read,
    )
    # The SQLite lookup's stories are ids of rows (the in-memory one's may be names).
    story_id = None if assignment.story_id is None else int(assignment.story_id)
    evidence = assignment.evidence
    placement = None
    if story_id is None:
        # A new story: placed in an event (an existing one, or a new one) at once.
        story_id, placement = event_index.found_story(
            db, article, profile, assignment.related, settings, seen
        )
        evidence = {**evidence, "event": placement.evidence()}
    columns.update(
        story_id=story_id,
        first_seen_at=now,
        version=1,
        search_index_deferred=1,  # indexed by _index_for_search at the batch's end
        similarity=assignment.similarity,
        dedup_evidence=json_text(evidence),
        profile=profile.to_json(),
        change_seq=next_change(db),
    )
    article_id = insert_row(db, "articles", columns)
    if replacing is not None:
        # The URLs that led to the page (a variant, a redirect) lead to what it holds now.
        db.execute(
            "UPDATE url_aliases SET article_id = ? WHERE article_id = ?", [article_id, replacing]
        )
    dedup_index.insert_keys(db, article_id, profile)
    if placement is not None:
        event_index.index_story(db, article_id, placement)
    merged = False
    for other in assignment.stories_to_merge:
        merged = merged or int(other) != story_id
        dedup_index.merge_story(db, int(other), story_id, assignment.evidence, now)
    # A copy joining a story as it was: the story's other copies need no new diff
    # unless the canonical copy changes (refresh_story decides).
    joined = article_id if placement is None and not merged else None
    refresh_story(db, story_id, joined=joined, in_hand={**profiles_read, article_id: profile})
    learn_blocks(db, article, story_id, now)
    return StoreResult(StoreStatus.NEW, article_id, story_id)


def _record_aliases(
    db: Database, article_id: int, article: Article, aliases: Sequence[str]
) -> None:
    # The URL the page was fetched at too, when it is not its canonical URL: a variant
    # of the page (an AMP or mobile copy, "?sid=55", "?page=1", "/story/index.html")
    # would otherwise be fetched again on every crawl. A page under a wrong canonical
    # (a template's default) whose text is another article's was given its own URL as
    # its canonical by _under_stored_identity, so its URL is no alias of another article.
    own = {article.canonical_url}
    urls = dict.fromkeys([*aliases, article.url])
    db.conn.executemany(
        "INSERT OR IGNORE INTO url_aliases (url, article_id) VALUES (?, ?)",
        [(url, article_id) for url in urls if url and url not in own],
    )
