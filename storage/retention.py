"""Retention: deleting the stories last seen before a cutoff, and all that refers to them.

The unit is the story: a story whose latest copy was stored (``last_seen_at``) before
the cutoff, and none of whose articles was fetched since (``fetched_at``, which a new
version or a fetch that found the page unchanged moves), goes with all its articles,
their earlier versions, their full-text rows (the delete trigger), lookup keys, URL
aliases, event index rows and merge records; an event left without a story goes too,
and the event tier's document frequencies lose what the story's founding articles
counted. Each URL a removed article was known by
becomes a ``pruned_urls`` row, so a crawl does not fetch and store the page again.
``alert_deliveries`` keep their rows: they are the record of what was sent (the
payload holds the story as it was).

The newest story and the story of the newest article are never removed, however
old: SQLite gives a new row the largest id plus one, so deleting the largest would
hand its id to the next story or article, and an alert's cursor (an article id) or
delivery (a story id) would take the new one for the old.

Crawl runs (``crawl_runs``, about 1 KB a row: 2,000 sources every 30 minutes write
100 MB a day) started before the same cutoff go too, but for what ``status``, the
daemon's back-off and the web view read of each source, however old (:func:`runs_kept`).

An article edited many times (a live blog) keeps its first text and its latest
``retention.versions_per_article - 1`` others: the versions between are deleted as each
edit is stored, and by a prune in a database that holds more (:func:`trim_versions`),
which numbers each article it trims for a syncing reader.

Stories go in batches, each one write transaction (``BEGIN IMMEDIATE``), so a crawl
stores its articles between two batches and an interrupted prune loses nothing: what
is left to prune is exactly the stories still older than the cutoff.
"""

from __future__ import annotations

import json
import struct
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import (
    EventProfile,
    FingerprintParams,
    TextProfile,
    build_profile,
    params_from_settings,
    story_buckets,
)
from aggregator.schema import utc_now
from storage.changes import number_articles, number_story_of
from storage.db import write_transaction
from storage.event_index import STORY_COUNT_BUCKET
from storage.runs import CLEAN_RUN, NEUTRAL, SUCCESS, RunStatus, every_shard, has_crawl_ids
from storage.sql import chunks, marks

# Articles per write transaction (a story with more copies goes alone): the cost is per
# article, and a batch of 250 held the write lock about a third of a second at 10,000
# articles; larger batches prune faster and hold it longer (docs/benchmarks.md, "Retention").
PRUNE_BATCH = 250
# Earlier versions trim_versions deletes per write transaction (a live blog may hold
# thousands): deletes by primary key, as RUNS_BATCH.
TRIM_ROWS = 2000
# crawl_runs rows per write transaction: deletes by primary key, a few ms per thousand.
RUNS_BATCH = 2000


@dataclass
class PruneCounts:
    """What a prune removed (or, dry, would remove)."""

    stories: int = 0
    articles: int = 0
    versions: int = 0
    events: int = 0
    urls: int = 0  # URLs remembered in pruned_urls
    runs: int = 0  # crawl_runs rows
    trimmed: int = 0  # earlier versions beyond retention.versions_per_article (trim_versions)

    def add(self, other: PruneCounts) -> None:
        self.stories += other.stories
        self.articles += other.articles
        self.versions += other.versions
        self.events += other.events
        self.urls += other.urls
        self.runs += other.runs
        self.trimmed += other.trimmed


@dataclass
class PrunedBatch:
    """One committed batch: its counts and the URLs it tombstoned (URL -> canonical URL)."""

    counts: PruneCounts
    urls: dict[str, str] = field(default_factory=dict)


def _iso(cutoff: datetime) -> str:
    # last_seen_at is written by isoformat() of an aware UTC time: compared as text.
    return cutoff.astimezone(UTC).isoformat()


def _kept_ids(db: Database) -> list[int]:
    """The newest story and the newest article's story: their ids must not be reused."""
    row = db.execute(
        "SELECT (SELECT max(id) FROM stories), "
        "(SELECT story_id FROM articles WHERE id = (SELECT max(id) FROM articles))"
    ).fetchone()
    return [i for i in row if i is not None] or [0]


def _due(db: Database, cutoff: datetime, articles: int | None) -> list[int]:
    """The stories to prune, oldest first: all of them, or the first whose copies add up
    to at most ``articles`` (at least one)."""
    kept = _kept_ids(db)
    # last_seen_at moves when a copy joins, not when an article is fetched again or
    # edited: a live page updated since the cutoff keeps its story (and its URL open).
    sql = (
        f"SELECT id, copies FROM stories WHERE last_seen_at < ? AND id NOT IN ({marks(kept)}) "
        "AND NOT EXISTS (SELECT 1 FROM articles WHERE story_id = stories.id "
        "AND fetched_at >= ?) ORDER BY last_seen_at, id"
    )
    params: list[Any] = [_iso(cutoff), *kept, _iso(cutoff)]
    if articles is None:
        return [row[0] for row in db.execute(sql, params)]
    chosen: list[int] = []
    total = 0
    # Every story has a copy at least: no more than ``articles`` stories can fit.
    for story_id, copies in db.execute(sql + " LIMIT ?", [*params, articles]):
        total += max(copies or 0, 1)
        if chosen and total > articles:
            break
        chosen.append(story_id)
    return chosen


def count_prunable(db: Database, cutoff: datetime) -> PruneCounts:
    """What :func:`prune_stories` would remove, changing nothing (``--dry-run``)."""
    stories = _due(db, cutoff, None)
    counts = PruneCounts(stories=len(stories))
    emptied: set[int] = set()
    urls: set[str] = set()
    for chunk in chunks(stories):
        listed = marks(chunk)
        for _, url, canonical in db.execute(
            f"SELECT id, url, canonical_url FROM articles WHERE story_id IN ({listed})", chunk
        ):
            counts.articles += 1
            urls.update((url, canonical))
        urls.update(
            row[0]
            for row in db.execute(
                "SELECT url FROM url_aliases WHERE article_id IN "
                f"(SELECT id FROM articles WHERE story_id IN ({listed}))",
                chunk,
            )
        )
        counts.versions += db.execute(
            "SELECT count(*) FROM article_versions WHERE article_id IN "
            f"(SELECT id FROM articles WHERE story_id IN ({listed}))",
            chunk,
        ).fetchone()[0]
        emptied.update(
            row[0]
            for row in db.execute(
                f"SELECT DISTINCT event_id FROM stories WHERE id IN ({listed}) "
                "AND event_id IS NOT NULL",
                chunk,
            )
        )
    due = set(stories)
    for event_id in list(emptied):
        members = {
            row[0] for row in db.execute("SELECT id FROM stories WHERE event_id = ?", [event_id])
        }
        if not members <= due:
            emptied.discard(event_id)
    counts.events = len(emptied)
    counts.urls = len(urls)
    return counts


def prune_stories(
    db: Database,
    cutoff: datetime,
    settings: DedupSettings,
    *,
    batch: int = PRUNE_BATCH,
    stop: threading.Event | None = None,
) -> Iterator[PrunedBatch]:
    """Remove the stories last seen before ``cutoff``, about ``batch`` articles per
    transaction (whole stories: one with more copies goes alone).

    Yields each committed batch; ``stop``, once set, ends the prune before the next one
    (what is left is pruned the next time). ``settings`` are the dedup settings the stories were
    stored with: the event tier's document-frequency rows of a founding article's terms
    depend on ``event_df_buckets``. The connection checks no foreign keys until the
    generator is done (:func:`_foreign_keys_unchecked`): prune on a connection of its own.
    """
    params = params_from_settings(settings)
    with _foreign_keys_unchecked(db):
        while stop is None or not stop.is_set():
            with write_transaction(db):
                stories = _due(db, cutoff, batch)
                if not stories:
                    return
                pruned = _prune_batch(db, stories, settings, params)
            yield pruned


@contextmanager
def _foreign_keys_unchecked(db: Database) -> Iterator[None]:
    """Foreign keys off for this connection while it prunes (a no-op inside a transaction,
    so set between them).

    ``dedup_keys`` refers to ``articles`` without an index on ``article_id`` (every
    stored article would pay for one; ``url_aliases`` has one since m012): with the
    checks on, each deleted article scanned it: nine times slower at 2,000 articles, and
    growing with them (docs/benchmarks.md, "Retention"). The prune deletes every
    referring row itself, before the article (``PRAGMA foreign_key_check`` stays
    clean: tests/test_retention.py).
    """
    enforced = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute(f"PRAGMA foreign_keys = {int(enforced)}")


def _prune_batch(
    db: Database, stories: Sequence[int], settings: DedupSettings, params: FingerprintParams
) -> PrunedBatch:
    now = utc_now().isoformat()
    listed = marks(stories)
    articles = db.execute(
        "SELECT id, url, canonical_url, profile, version FROM articles "
        f"WHERE story_id IN ({listed})",
        list(stories),
    ).fetchall()
    ids = [row[0] for row in articles]
    events = [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT event_id FROM stories WHERE id IN ({listed}) "
            "AND event_id IS NOT NULL",
            list(stories),
        )
    ]
    urls = _tombstone(db, articles, now)
    forget_founders(db, ids, settings, params)
    _forget_dedup_keys(db, articles)
    counts = PruneCounts(stories=len(stories), articles=len(ids), urls=len(urls))
    for chunk in chunks(ids):
        counts.versions += db.execute(
            f"DELETE FROM article_versions WHERE article_id IN ({marks(chunk)})", list(chunk)
        ).rowcount
        # The delete trigger takes each row out of the full-text index.
        db.execute(f"DELETE FROM articles WHERE id IN ({marks(chunk)})", list(chunk))
    _forget_merges(db, stories)
    db.execute(f"DELETE FROM stories WHERE id IN ({listed})", list(stories))
    if events:
        counts.events = db.execute(
            f"DELETE FROM events WHERE id IN ({marks(events)}) "
            "AND NOT EXISTS (SELECT 1 FROM stories WHERE event_id = events.id)",
            events,
        ).rowcount
    return PrunedBatch(counts, urls)


def _tombstone(db: Database, articles: Sequence[Sequence[Any]], now: str) -> dict[str, str]:
    """Remember every URL the articles were known by (URL -> canonical URL), and drop
    their aliases."""
    urls: dict[str, str] = {}
    by_id = {row[0]: row[2] for row in articles}
    for row in articles:
        urls[row[1]] = row[2]
        urls[row[2]] = row[2]
    ids = list(by_id)
    for chunk in chunks(ids):
        # By the index url_aliases_article (m012): its key is the URL.
        aliases = db.execute(
            f"SELECT url, article_id FROM url_aliases WHERE article_id IN ({marks(chunk)})",
            list(chunk),
        ).fetchall()
        for url, article_id in aliases:
            urls[url] = by_id[article_id]
        db.conn.executemany("DELETE FROM url_aliases WHERE url = ?", [(u,) for u, _ in aliases])
    for url in _still_held(db, list(urls), ids):
        del urls[url]
    db.conn.executemany(
        "INSERT OR REPLACE INTO pruned_urls (url, canonical_url, pruned_at) VALUES (?, ?, ?)",
        [(url, canonical, now) for url, canonical in urls.items()],
    )
    return urls


def _still_held(db: Database, urls: Sequence[str], pruned: Sequence[int]) -> list[str]:
    """The URLs an article other than the ``pruned`` ones still has (``articles.url`` is
    not unique: two canonical pages fetched at one address): not pruned, and not marked
    pruned in the cluster's mirror, or a kept article would be taken for a removed one."""
    gone = set(pruned)
    return [
        url
        for url in urls
        if any(
            article_id not in gone
            for (article_id,) in db.execute(
                "SELECT id FROM articles WHERE canonical_url = ? OR url = ?", [url, url]
            )
        )
    ]


def forget_founders(
    db: Database,
    article_ids: Sequence[int],
    settings: DedupSettings,
    params: FingerprintParams,
) -> None:
    """Take the founding articles among ``article_ids`` out of the event index and out of
    the document frequencies, as if their stories had never been counted: the terms
    taken off are those of the text each story was counted with (its founder's
    ``founding_version``, m024, or the buckets kept when the bound dropped that text),
    whatever the article's text is now."""
    founders = [
        row
        for chunk in chunks(list(article_ids))
        for row in db.execute(
            "SELECT article_id, profile, founding_version, counted FROM event_profiles "
            f"WHERE article_id IN ({marks(chunk)})",
            list(chunk),
        )
    ]
    if not founders:
        return
    counted: Counter[int] = Counter()
    for article_id, event_profile, version, kept in founders:
        keys = EventProfile.from_bytes(event_profile).keys
        db.conn.executemany(
            "DELETE FROM event_keys WHERE key = ? AND article_id = ?",
            [(key, article_id) for key in keys],
        )
        if kept is not None:  # the founding text is no longer stored (keep_counts)
            counted.update(unpack_buckets(kept))
        else:
            text = version_text(db, article_id, version, params)[1]
            counted.update(story_buckets(text, settings))
    counted[STORY_COUNT_BUCKET] += len(founders)
    db.conn.executemany(
        "UPDATE event_df SET n = n - ? WHERE bucket = ?", [(n, b) for b, n in counted.items()]
    )
    # A row at zero is a term no stored story has: absent, as in a store that never had it.
    buckets = list(counted)
    for chunk in chunks(buckets):
        db.execute(f"DELETE FROM event_df WHERE n <= 0 AND bucket IN ({marks(chunk)})", list(chunk))
    db.conn.executemany(
        "DELETE FROM event_profiles WHERE article_id = ?", [(row[0],) for row in founders]
    )


def version_text(
    db: Database, article_id: int, version: int, params: FingerprintParams
) -> tuple[int, TextProfile]:
    """The text profile of an article's ``version``, and that version's number: an earlier
    version's stored paragraphs fingerprinted, or the current text's stored profile.
    A version no longer stored gives the current text, the closest there is (a founder
    whose founding text a bound from before m024 dropped has ``counted`` empty instead,
    m024: its story's count alone is taken off, so this is then read only by the profile
    rebuild, which counts the text it reads)."""
    current, profile, body, earlier = db.execute(
        "SELECT a.version, a.profile, a.body, v.body FROM articles a LEFT JOIN "
        "article_versions v ON v.article_id = a.id AND v.version = ? WHERE a.id = ?",
        [version, article_id],
    ).fetchone()
    if earlier is not None and version != current:
        return version, build_profile(json.loads(earlier or "[]"), params)
    try:
        return current, TextProfile.from_json(profile)
    except (TypeError, ValueError):  # no profile, or one of a format no longer read
        return current, build_profile(json.loads(body or "[]"), params)


def _forget_dedup_keys(db: Database, articles: Sequence[Sequence[Any]]) -> None:
    unreadable: list[int] = []
    rows: list[tuple[int, int]] = []
    for article_id, _, _, profile, _ in articles:
        try:
            rows += [(key, article_id) for key in TextProfile.from_json(profile).band_keys]
        except (TypeError, ValueError):
            unreadable.append(article_id)
    # In key order, the whole batch's: consecutive deletes descend the same B-tree pages.
    db.conn.executemany("DELETE FROM dedup_keys WHERE key = ? AND article_id = ?", sorted(rows))
    for chunk in chunks(unreadable):  # no list of its keys: the slow way, a full scan
        db.execute(f"DELETE FROM dedup_keys WHERE article_id IN ({marks(chunk)})", list(chunk))
    # A writer from before m005 still running after the upgrade stores its keys as text,
    # which the profile's integer keys do not name. Text sorts after every integer, so
    # this reads the text keys alone, by the primary key: none in a store it never wrote.
    ids = [row[0] for row in articles]
    for chunk in chunks(ids):
        db.execute(
            f"DELETE FROM dedup_keys WHERE key >= '' AND article_id IN ({marks(chunk)})",
            list(chunk),
        )


def _forget_merges(db: Database, stories: Sequence[int]) -> None:
    """The merge records of the removed stories, and of the stories merged into those."""
    db.execute(
        "WITH RECURSIVE gone(id) AS ("
        "SELECT value FROM json_each(?) UNION "
        "SELECT m.from_story_id FROM story_merges m JOIN gone ON m.into_story_id = gone.id) "
        "DELETE FROM story_merges WHERE into_story_id IN (SELECT id FROM gone)",
        [json.dumps(list(stories))],
    )


# The earlier versions beyond the bound, of the listed articles: all but version 1 and the
# latest ``keep - 1`` others (by the unique (article_id, version) index).
_BEYOND_BOUND = (
    "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY article_id "
    "ORDER BY version DESC) AS nth FROM article_versions WHERE version > 1 "
    "AND article_id IN ({})) WHERE nth >= ?"
)


def drop_versions_beyond(
    db: Database, article_ids: Sequence[int], keep: int, settings: DedupSettings
) -> int:
    """Delete the earlier versions of ``article_ids`` beyond ``keep`` per article
    (``retention.versions_per_article``): version 1 stays (the text a story was founded
    on when its article arrived, which the profile rebuild reads), and so do the latest
    ``keep - 1`` others (the last edit's time); the versions between go. The article's
    ``version`` still counts every edit. A version a story was founded on (a copy moved
    to a new story) leaves what its story counted behind (:func:`keep_counts`). How many
    went."""
    dropped = 0
    for chunk in chunks(list(article_ids)):
        beyond = _BEYOND_BOUND.format(marks(chunk))
        keep_counts(db, beyond, [*chunk, keep], settings)
        dropped += db.execute(
            f"DELETE FROM article_versions WHERE id IN ({beyond})", [*chunk, keep]
        ).rowcount
    return dropped


def keep_counts(db: Database, doomed: str, params: Sequence[Any], settings: DedupSettings) -> None:
    """Before the earlier versions ``doomed`` (a query of their ids) are deleted: a founder
    whose story was counted with one of them keeps that count's buckets
    (``event_profiles.counted``, m024), for a prune or its move to take off once the
    text is gone."""
    founders = db.execute(
        "SELECT p.article_id, p.founding_version FROM event_profiles p "
        "JOIN article_versions v ON v.article_id = p.article_id "
        f"AND v.version = p.founding_version WHERE p.counted IS NULL AND v.id IN ({doomed})",
        list(params),
    ).fetchall()
    fingerprint = params_from_settings(settings)
    for article_id, version in founders:
        text = version_text(db, article_id, version, fingerprint)[1]
        db.execute(
            "UPDATE event_profiles SET counted = ? WHERE article_id = ?",
            [pack_buckets(story_buckets(text, settings)), article_id],
        )


def pack_buckets(buckets: Sequence[int]) -> bytes:
    """Document-frequency buckets as ``event_profiles.counted`` stores them (int32, LE)."""
    return struct.pack(f"<{len(buckets)}i", *buckets)


def unpack_buckets(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(data) // 4}i", data)


def _over_bound(db: Database, keep: int, after: int, limit: int) -> list[int]:
    """Ids of articles holding more than ``keep`` earlier versions, from id ``after`` on."""
    return [
        row[0]
        for row in db.execute(
            "SELECT article_id FROM article_versions WHERE article_id > ? GROUP BY article_id "
            "HAVING count(*) FILTER (WHERE version > 1) > ? ORDER BY article_id LIMIT ?",
            [after, keep - 1, limit],
        )
    ]


def count_versions_beyond(db: Database, keep: int) -> int:
    """How many earlier versions :func:`trim_versions` would delete (``--dry-run``)."""
    return int(
        db.execute(
            "SELECT coalesce(sum(n - ?), 0) FROM (SELECT count(*) FILTER (WHERE version > 1) "
            "AS n FROM article_versions GROUP BY article_id) WHERE n > ?",
            [keep - 1, keep - 1],
        ).fetchone()[0]
    )


def trim_versions(
    db: Database,
    keep: int,
    settings: DedupSettings,
    *,
    batch: int = PRUNE_BATCH,
    rows: int = TRIM_ROWS,
    stop: threading.Event | None = None,
) -> Iterator[int]:
    """Bring every article down to ``keep`` earlier versions (:func:`drop_versions_beyond`;
    ``settings``: the dedup settings its stories were counted with, for
    :func:`keep_counts`): a database written before the bound, or under a larger one. At
    most ``batch`` articles and ``rows`` deleted versions a write transaction (a live blog
    holds thousands); yields each transaction's count of versions deleted. Each article
    trimmed takes a new ``change_seq``, and so does its story (which shows each copy's
    ``versions_dropped``): its ``versions_dropped`` moves, and a syncing reader's copy
    would otherwise name a text no longer stored (an edit's own trim needs none: the
    edit numbers the article and its story)."""
    after = 0
    while stop is None or not stop.is_set():
        with write_transaction(db):
            ids = _over_bound(db, keep, after, batch)
            if not ids:
                return
            doomed = f"SELECT id FROM ({_BEYOND_BOUND.format(marks(ids))}) LIMIT ?"
            keep_counts(db, doomed, [*ids, keep, rows], settings)
            trimmed = db.execute(
                "SELECT DISTINCT article_id FROM article_versions "
                f"WHERE id IN ({doomed}) ORDER BY article_id",
                [*ids, keep, rows],
            ).fetchall()
            number_articles(db, [row[0] for row in trimmed])
            for (article_id,) in trimmed:  # a story's rows show each copy's versions_dropped
                number_story_of(db, article_id)
            dropped = db.execute(
                f"DELETE FROM article_versions WHERE id IN ({doomed})", [*ids, keep, rows]
            ).rowcount
            if dropped < rows:  # these articles are within the bound now
                after = ids[-1]
        yield dropped


def runs_kept(db: Database) -> set[int]:
    """The ``crawl_runs`` rows a prune keeps however old: of each source, its latest run,
    its latest success (the web view's "last success"), its latest run without errors
    and the first run after that one (``status``'s ``last_clean_run`` and
    ``failing_since``), and every run since its latest success (the failure streak the
    daemon's back-off counts: at most one run a day once backed off).

    A ``crawl --processes`` is one run (``storage.runs.recent_runs``): a success, or
    without errors, when every shard is (as ``storage.source_health`` reads them), and
    a shard kept keeps the other shards of its crawl.
    """
    ok, neutral = sorted(SUCCESS), sorted(NEUTRAL)
    succeeded = f"status IN ({marks(ok)})"
    whole_success, success_params = every_shard(db, succeeded, ok)
    whole_clean, clean_params = every_shard(db, CLEAN_RUN, ok)
    # "Latest" as storage.runs.recent_runs orders: by start, then id.
    newest = "row_number() OVER (PARTITION BY source ORDER BY started_at DESC, id DESC)"
    sql = f"""
        WITH last_success AS (
            SELECT id, source, started_at FROM (
                SELECT id, source, started_at, {newest} AS nth FROM crawl_runs
                WHERE {succeeded}{whole_success})
            WHERE nth = 1),
        last_clean AS (
            SELECT id, source, started_at FROM (
                SELECT id, source, started_at, {newest} AS nth FROM crawl_runs
                WHERE {CLEAN_RUN}{whole_clean})
            WHERE nth = 1),
        bad_since AS (
            SELECT id FROM (
                SELECT r.id, row_number() OVER (
                    PARTITION BY r.source ORDER BY r.started_at, r.id) AS nth
                FROM crawl_runs r LEFT JOIN last_clean c ON c.source = r.source
                WHERE (r.started_at, r.id) > (coalesce(c.started_at, ''), coalesce(c.id, 0))
                AND r.status NOT IN ({marks(neutral)}))
            WHERE nth = 1),
        latest AS (SELECT id FROM (SELECT id, {newest} AS nth FROM crawl_runs) WHERE nth = 1)
        SELECT id FROM latest UNION SELECT id FROM last_success
        UNION SELECT id FROM last_clean UNION SELECT id FROM bad_since
        UNION
        SELECT r.id FROM crawl_runs r LEFT JOIN last_success s ON s.source = r.source
        WHERE (r.started_at, r.id) > (coalesce(s.started_at, ''), coalesce(s.id, 0))
    """
    params = [*ok, *success_params, *ok, *clean_params, *neutral]
    kept = {row[0] for row in db.execute(sql, params)}
    if has_crawl_ids(db):  # the rows of a crawl whose shard is kept: one scan of them
        shards = db.execute(
            "SELECT id, source, crawl_id FROM crawl_runs WHERE crawl_id IS NOT NULL"
        ).fetchall()
        kept_crawls = {(source, crawl) for run, source, crawl in shards if run in kept}
        kept |= {run for run, source, crawl in shards if (source, crawl) in kept_crawls}
    return kept


def _old_runs(db: Database, cutoff: datetime, after: int, limit: int) -> list[int]:
    """Ids of runs started before ``cutoff``, finished, from id ``after`` on, in id order."""
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM crawl_runs WHERE id > ? AND started_at < ? AND status != ? "
            "ORDER BY id LIMIT ?",
            [after, _iso(cutoff), RunStatus.RUNNING, limit],
        )
    ]


def _crawls_not_all_old(db: Database, cutoff: datetime) -> set[int]:
    """Ids of the rows of each crawl of several processes (a ``crawl_id``) of which a row
    started at or after ``cutoff`` or is still running: its shards start seconds apart, and
    a prune that took the ones before the cutoff would leave the crawl read as its other
    shards alone, their figures as the whole (m029)."""
    if not has_crawl_ids(db):  # a dry run reads a store before m029 without migrating it
        return set()
    return {
        row[0]
        for row in db.execute(
            "SELECT r.id FROM crawl_runs r WHERE r.crawl_id IS NOT NULL AND EXISTS ("
            "SELECT 1 FROM crawl_runs o WHERE o.source = r.source AND o.crawl_id = r.crawl_id "
            "AND (o.started_at >= ? OR o.status = ?))",
            [_iso(cutoff), RunStatus.RUNNING],
        )
    }


def count_prunable_runs(db: Database, cutoff: datetime) -> int:
    """How many crawl runs :func:`prune_runs` would remove (``--dry-run``)."""
    if "crawl_runs" not in db.table_names():
        return 0
    kept = runs_kept(db) | _crawls_not_all_old(db, cutoff)
    return sum(1 for run in _old_runs(db, cutoff, 0, -1) if run not in kept)


def prune_runs(
    db: Database, cutoff: datetime, *, batch: int = RUNS_BATCH, stop: threading.Event | None = None
) -> Iterator[int]:
    """Remove the crawl runs started before ``cutoff`` but those :func:`runs_kept` names
    and the shards of a crawl not all before it, ``batch`` rows a write transaction;
    yields each batch's count.

    The kept set is read once: a run recorded later only makes an older one unneeded,
    never the reverse, so it keeps what it has to (and what is left goes the next time).
    """
    if "crawl_runs" not in db.table_names():
        return
    kept = runs_kept(db) | _crawls_not_all_old(db, cutoff)
    after = 0
    while stop is None or not stop.is_set():
        with write_transaction(db):
            ids = _old_runs(db, cutoff, after, batch)
            if not ids:
                return
            after = ids[-1]
            gone = [run for run in ids if run not in kept]
            for chunk in chunks(gone):
                db.execute(f"DELETE FROM crawl_runs WHERE id IN ({marks(chunk)})", list(chunk))
        yield len(gone)
