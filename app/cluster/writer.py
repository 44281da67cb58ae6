"""``aggregator writer``: the one process that writes the database in cluster mode.

It holds the writer lease (``newsagg:lease:writer``: a second writer waits, as a
stand-by, until the first stops renewing it), opens the database, mirrors what
it knows of every URL to ``newsagg:known`` for the workers, and then reads the
article stream (``storage.stream``) through the consumer group ``writer``:

1. up to ``cluster.writer_batch_size`` entries, waiting at most
   ``cluster.writer_wait`` after the first for the rest;
2. dedup and storage of the batch's articles in one transaction
   (``storage.writes.store_articles``), then the batch's run reports as
   ``crawl_runs`` rows;
3. only after the commit, in one Redis transaction: acknowledge and delete the
   entries, count what became of each run's articles, update the known-pages
   mirror.

Being the database's one writer, it also runs the alert passes (fire, then
deliver; ``app.daemon.alerts``) every ``alert_delivery.every``, and with
``retention:`` the daily prune (``app.retention``, which also marks the pruned
URLs in the mirror), each in a thread of its own, which the daemon runs on one
host.

A crash between 2 and 3 delivers the batch again to the next writer (its
entries stay pending under the fixed consumer name ``writer``, and a writer
reads its pending entries before new ones). That changes nothing: storage is
an upsert by canonical URL that leaves an unchanged article as it is, and a
run report is recorded once per source and start time. An entry that cannot
be read is moved to ``newsagg:articles:set-aside`` (kept, never dropped). A
database error (disk full, read-only) stores nothing and acknowledges nothing:
the writer says so in one line and tries the same batch again, with back-off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from sqlite_utils import Database

from aggregator.config import ClusterSettings, Config
from app.cluster.connection import Backoff, unreachable, wait_for_redis
from app.cluster.jobs import ensure_group, stream_gone
from app.cluster.leases import WRITER_LEASE, Lease
from app.cluster.presence import WriterBeat, beat_writer, process_id
from app.daemon.alerts import AlertJob
from app.daemon.state import read_status, running_config
from app.retention import PRUNE_EVERY_SECONDS, run_scheduled_prune
from storage.boilerplate import forget_stale_blocks
from storage.db import DatabaseError, describe_sqlite_error, open_db, synchronous_level
from storage.locks import LockHeld, mark_writer
from storage.removals import GoneOutcome, note_gone
from storage.runs import RunCounts, record_run
from storage.stream import (
    ARTICLES,
    KNOWN,
    REDIS_ERRORS,
    WRITER_GROUP,
    StreamEntry,
    connect,
    describe_url,
    known_entries,
    read_entry,
    rebuild_known,
    removal_entries,
)
from storage.writes import PrunedPage, StoreOutcome, StoreStatus, store_articles

logger = logging.getLogger("app.cluster.writer")

SET_ASIDE = "newsagg:articles:set-aside"
# What became of each run's articles, until its report comes: a hash per run key.
RUN_COUNTS = "newsagg:run-counts:"
RUN_COUNTS_KEPT_SECONDS = 7 * 86400  # a run whose report never comes (its worker died)
# Consumer name: fixed, so that a restarted writer, on any host, reads what its
# predecessor had read and not acknowledged.
CONSUMER = "writer"
LATENCIES_KEPT = 2000
# Set-aside entries read at a time by ``aggregator writer --replay-set-aside``.
REPLAY_CHUNK = 500
# Seconds the writer waits for a starting daemon's state record, to tell what it is.
DAEMON_RECORD_WAIT = 10.0
# A mirror rebuild refused for maxmemory is tried again after 1, 2, 4 … s, at most this.
MIRROR_RETRY_LONGEST = 300.0

# KEYS[1] article stream, [2] set-aside stream, [3] known pages, then the run-count hashes
# to add to (one per ARGV plan "counts" item), then those of reported runs (deleted).
# ARGV[1] the writer group, ARGV[2] the plan (JSON, see Writer._acknowledge).
# allow-oom: at maxmemory the deletes below are what frees memory, so this must run;
# what it adds (counts, mirror fields, set-aside copies) is far smaller than what it deletes.
_DONE = """#!lua flags=allow-oom
local plan = cjson.decode(ARGV[2])
for _, fields in ipairs(plan.set_aside) do
    redis.call('XADD', KEYS[2], '*', unpack(fields))
end
if #plan.ids > 0 then
    redis.call('XACK', KEYS[1], ARGV[1], unpack(plan.ids))
    redis.call('XDEL', KEYS[1], unpack(plan.ids))
end
for i, fields in ipairs(plan.counts) do
    for j = 1, #fields, 2 do
        redis.call('HINCRBY', KEYS[3 + i], fields[j], fields[j + 1])
    end
    redis.call('EXPIRE', KEYS[3 + i], plan.kept)
end
for i = 4 + #plan.counts, #KEYS do
    redis.call('DEL', KEYS[i])
end
local known = plan.known
for first = 1, #known, 1000 do
    redis.call('HSET', KEYS[3], unpack(known, first, math.min(first + 999, #known)))
end
return 1
"""


class WriterLeaseLost(Exception):
    """Another writer holds the lease now: this one must stop writing."""


@dataclass
class _Batch:
    """A read batch, sorted out: articles to store, reports to record, entries set aside."""

    entries: list[StreamEntry]
    articles: list[StreamEntry] = field(default_factory=list)
    reports: list[StreamEntry] = field(default_factory=list)
    gone: list[StreamEntry] = field(default_factory=list)
    unreadable: list[StreamEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        for entry in self.entries:
            if entry.write is not None:
                self.articles.append(entry)
            elif entry.report is not None:
                self.reports.append(entry)
            elif entry.gone is not None:
                self.gone.append(entry)
            else:
                self.unreadable.append(entry)

    def set_aside_articles(self, error: str) -> None:
        """The articles could not be stored: keep them aside with ``error``, as unreadable ones."""
        self.unreadable += [dataclasses.replace(entry, error=error) for entry in self.articles]
        self.articles = []


class Writer:
    """Stores the article stream into ``db_path`` until :meth:`stop` is called."""

    def __init__(self, config: Config, db_path: Path) -> None:
        assert config.cluster is not None, "the writer needs the config's cluster: section"
        self.config = config
        self.settings: ClusterSettings = config.cluster
        self.db_path = db_path
        self.id = process_id()
        self.url = self.settings.redis_url
        self.lease_seconds = self.settings.lease.total_seconds()
        self.renew_every = self.settings.renew_every.total_seconds()
        self.client = connect(self.url)
        self.lease = Lease(self.client, WRITER_LEASE, self.id, self.lease_seconds)
        self.started_at = time.time()
        self.stored = 0
        self.batches = 0
        self.redelivered = 0
        self.set_aside = 0
        self.last_commit_at: float | None = None
        self.latencies: deque[float] = deque(maxlen=LATENCIES_KEPT)
        self._stop = threading.Event()
        self.alerts = AlertJob(lambda: self.config, db_path)
        self._renewed_at = 0.0
        self._beat_refused = False  # Redis at maxmemory refused the last heartbeat
        self._done = self.client.register_script(_DONE)
        # The known-pages mirror must be (re)built from the database: at start, and when
        # Redis lost its data; put off while Redis is at maxmemory (see _mirror).
        self._mirror_due = True
        self._mirror_backoff = Backoff(longest=MIRROR_RETRY_LONGEST)
        self._mirror_retry_at = 0.0
        # ">" reads new entries; an id reads this consumer's pending ones after it.
        self._cursor = "0"

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Store batches until stopped. Raises WriterLeaseLost, or DatabaseError on opening."""
        # Marked before looking for a local daemon, as the daemon takes its lock before
        # looking for a writer's mark: of two starting together, one sees the other.
        mark = mark_writer(self.db_path)
        try:
            self._run_marked()
        finally:
            mark.release()

    def _run_marked(self) -> None:
        self._refuse_beside_a_local_daemon()
        if not wait_for_redis(self.client, self.url, self.id, logger, self._stop):
            return
        if not self._take_lease():
            return
        # Entries are acknowledged (and deleted) in Redis once their batch commits: the
        # commit must outlive a power cut too, or those articles are nowhere.
        db = open_db(self.db_path, durable=True)
        alerts = threading.Thread(target=self._alert_passes, name="alerts", daemon=True)
        prunes = threading.Thread(target=self._daily_prunes, name="prune", daemon=True)
        try:
            self._prepare(db)
            alerts.start()
            prunes.start()
            self._loop(db)
        finally:
            self.alerts.stop()
            # The lease says who writes: a prune still writing after its release would
            # write beside the next writer. It stops after the batch in hand.
            self._stop.set()
            if prunes.is_alive():
                prunes.join()
            db.close()
            with contextlib.suppress(*REDIS_ERRORS):
                self.lease.release()
            logger.info("writer stopped writer=%s stored=%d", self.id, self.stored)

    # --- start --------------------------------------------------------------------------

    def _refuse_beside_a_local_daemon(self) -> None:
        """LockHeld when a daemon without ``cluster:`` runs on this database: it crawls and
        writes the database itself, and two writers would store every article twice over.

        A daemon with ``cluster:`` is the coordinator and writes nothing: it may run beside.
        One whose state record is not written yet (just started) is waited for a moment.
        """
        deadline = time.monotonic() + DAEMON_RECORD_WAIT
        daemon = read_status(self.db_path)
        while daemon.running and daemon.record is None and time.monotonic() < deadline:
            self._stop.wait(0.1)  # polling the daemon's start, bounded
            daemon = read_status(self.db_path)
        held = running_config(self.db_path, daemon)
        if held is not None and held.cluster is None:
            raise LockHeld(
                f"a daemon (pid {daemon.pid or 'unknown'}) already runs on {self.db_path} on "
                "its own (its config has no cluster: section) and writes it; stop it, or give "
                "it the cluster: section to make it the coordinator"
            )

    def _take_lease(self) -> bool:
        said = False
        backoff = Backoff()
        while not self.stopping:
            try:
                if self.lease.take():
                    self._renewed_at = time.monotonic()
                    return True
                if not said:
                    holder = self.client.get(WRITER_LEASE)
                    logger.warning(
                        "writer %s: another writer (%s) holds the lease; standing by",
                        self.id,
                        holder,
                    )
                    said = True
                self._stop.wait(self.renew_every)
            except REDIS_ERRORS as exc:
                self._stop.wait(unreachable(logger, self.id, self.url, exc, backoff))
        return False

    def _prepare(self, db: Database) -> None:
        ensure_group(self.client, ARTICLES, WRITER_GROUP)
        self._mirror(db)
        logger.info(
            "writer started writer=%s db=%s redis=%s synchronous=%s",
            self.id,
            self.db_path,
            describe_url(self.url),
            synchronous_level(db),  # read back: the durability acknowledgements rely on
        )

    def _mirror(self, db: Database) -> None:
        """Rebuild the known-pages mirror (and pruned-URL marks) from the database, if due.

        At ``maxmemory`` the rebuild is refused: the writer stores the backlog first
        (which frees memory) and tries again with back-off, once it has nothing to read.
        Meanwhile crawls fetch pages they could have skipped, and nothing is lost.
        """
        if not self._mirror_due or time.monotonic() < self._mirror_retry_at:
            return
        try:
            mirrored = rebuild_known(self.client, db)
        except redis.exceptions.OutOfMemoryError:
            wait = self._mirror_backoff.next()
            self._mirror_retry_at = time.monotonic() + wait
            logger.warning(
                "writer %s: Redis at %s is out of memory (maxmemory): the known-pages mirror "
                "is rebuilt once the backlog is stored (next try in %gs)",
                self.id,
                describe_url(self.url),
                wait,
            )
            return
        self._mirror_due = False
        self._mirror_backoff.reset()
        logger.info("writer %s: known-pages mirror rebuilt known_urls=%d", self.id, mirrored)

    # --- the loop -----------------------------------------------------------------------

    def _loop(self, db: Database) -> None:
        backoff = Backoff()
        while not self.stopping:
            try:
                self._renew_lease()
                entries = self._read()
                if entries:
                    self._store(db, _Batch([read_entry(i, fields) for i, fields in entries]))
                else:
                    self._mirror(db)
                self._beat()
                backoff.reset()
            except REDIS_ERRORS as exc:
                self._cursor = "0"  # what was read may not have been acknowledged
                self._stop.wait(unreachable(logger, self.id, self.url, exc, backoff))
            except redis.ResponseError as exc:
                if not stream_gone(exc):
                    raise
                # Redis came back without its data: nothing to acknowledge any more, and
                # the mirror is gone too (crawls would fetch every stored page again).
                logger.warning(
                    "writer %s: the article stream is gone (Redis lost its data); starting it "
                    "again and rebuilding the known-pages mirror",
                    self.id,
                )
                ensure_group(self.client, ARTICLES, WRITER_GROUP)
                self._cursor = "0"
                self._mirror_due = True
                self._mirror_retry_at = 0.0
                self._mirror(db)
            except DatabaseError as exc:
                self._cursor = "0"  # nothing of the batch was stored: read it again
                wait = backoff.next()
                logger.error("writer %s: %s; storing the batch again in %gs", self.id, exc, wait)
                self._stop.wait(wait)

    def _alert_passes(self) -> None:
        """The alerts (fire, then deliver) every ``alert_delivery.every``, as the daemon on one
        host does: on a connection of their own, beside the batches."""
        if not self.config.alerts:
            return
        while not self._stop.wait(self.config.alert_delivery.every.total_seconds()):
            self.alerts.run()

    def _daily_prunes(self) -> None:
        """With ``retention.keep``, a prune now and then every day, on a connection of its
        own: its short transactions interleave with the batches."""
        if self.config.retention.keep is None:
            return
        while not self.stopping:
            run_scheduled_prune(self.config, self.db_path, self._stop)
            if self._stop.wait(PRUNE_EVERY_SECONDS):
                return

    def _renew_lease(self) -> None:
        if time.monotonic() - self._renewed_at < self.renew_every:
            return
        sent = time.monotonic()
        # Expired but free (this writer was held up, or Redis lost its data): take it again;
        # held by another writer: stop.
        if not (self.lease.renew() or self.lease.take()):
            raise WriterLeaseLost(
                f"writer {self.id}: the writer lease was lost (another writer may have taken "
                "over); stopping"
            )
        self._renewed_at = sent

    def _read(self) -> list[tuple[str, dict[str, str] | None]]:
        """The next batch: this consumer's pending entries first, then new ones."""
        size = self.settings.writer_batch_size
        if self._cursor != ">":
            got = self._xreadgroup(self._cursor, size, block_ms=None)
            if got:
                self._cursor = got[-1][0]
                self.redelivered += len(got)
                return got
            self._cursor = ">"
        batch: list[tuple[str, dict[str, str] | None]] = []
        first_at: float | None = None
        wait = self.settings.writer_wait.total_seconds()
        # Back in time to renew the lease (config: writer_wait < renew_every).
        renew_at = self._renewed_at + self.renew_every
        while len(batch) < size and not self.stopping:
            until = renew_at if first_at is None else min(renew_at, first_at + wait)
            block = until - time.monotonic()
            if block <= 0:
                break
            got = self._xreadgroup(">", size - len(batch), block_ms=max(1, int(block * 1000)))
            if got:
                batch += got
                first_at = first_at if first_at is not None else time.monotonic()
            elif first_at is None:
                break
        return batch

    def _xreadgroup(
        self, cursor: str, count: int, *, block_ms: int | None
    ) -> list[tuple[str, dict[str, str] | None]]:
        got: Any = self.client.xreadgroup(
            WRITER_GROUP, CONSUMER, {ARTICLES: cursor}, count=count, block=block_ms
        )
        return [
            (entry_id, fields) for _stream, entries in got or [] for entry_id, fields in entries
        ]

    # --- one batch ----------------------------------------------------------------------

    def _store(self, db: Database, batch: _Batch) -> None:
        writes = [entry.write for entry in batch.articles if entry.write is not None]
        try:
            outcomes = (
                store_articles(
                    db,
                    writes,
                    self.config.dedup,
                    self.config.boilerplate,
                    skip_pruned=True,
                    retention=self.config.retention,
                )
                if writes
                else []
            )
        except DatabaseError:
            raise
        except Exception as exc:  # a bug outside any one article: kept aside, not a crash loop
            logger.exception("writer %s: a batch of %d articles failed", self.id, len(writes))
            batch.set_aside_articles(f"storing the batch failed: {exc!r}")
            writes, outcomes = [], []
        counts = _counts_by_run(batch.articles, outcomes)
        # After the batch's articles: a page stored again in it clears no mark set after.
        marked = self._mark_removed(db, batch.gone)
        reported = self._record_reports(db, batch.reports, counts)
        committed_at = time.time()
        self._acknowledge(batch, {**known_entries(outcomes), **marked}, counts, reported)
        self.stored += len(writes)
        self.batches += 1
        self.last_commit_at = committed_at
        self.latencies.extend(
            committed_at - entry.pushed for entry in batch.articles if entry.pushed is not None
        )
        for entry in batch.unreadable:
            logger.error("writer %s: entry %s set aside: %s", self.id, entry.id, entry.error)

    def _mark_removed(self, db: Database, gone: list[StreamEntry]) -> dict[str, str]:
        """Record the stored articles' 404 and 410 answers the crawls pushed (marking those
        trusted, storage.removals); the ``newsagg:known`` fields of the articles touched."""
        touched = []
        for entry in gone:
            assert entry.gone is not None
            try:
                outcome = note_gone(db, entry.gone)
            except sqlite3.Error as exc:
                raise DatabaseError(describe_sqlite_error(self.db_path, exc)) from None
            if outcome is not GoneOutcome.UNKNOWN:
                touched.append(entry.gone.article_id)
            if outcome is GoneOutcome.MARKED:
                logger.info(
                    "writer %s: %s marked removed at the source (HTTP %d)",
                    self.id,
                    entry.gone.url,
                    entry.gone.status,
                )
        return removal_entries(db, touched) if touched else {}

    def _record_reports(
        self, db: Database, reports: list[StreamEntry], counts: dict[str, RunCounts]
    ) -> set[str]:
        """Record each run report with the counts of its articles; the runs recorded."""
        done: set[str] = set()
        for entry in reports:
            assert entry.report is not None
            stored = _add_counts(self._stored_counts(entry.run), counts.get(entry.run))
            try:
                record_run(db, entry.report, stored)
            except sqlite3.Error as exc:
                raise DatabaseError(describe_sqlite_error(self.db_path, exc)) from None
            try:
                forget_stale_blocks(db, entry.report.source, self.config.boilerplate)
            except sqlite3.Error as exc:  # bookkeeping after the run: never its outcome
                logger.warning("Could not prune the boilerplate candidates of %s: %s",
                               entry.report.source, exc)  # fmt: skip
            done.add(entry.run)
        return done

    def _stored_counts(self, run: str) -> RunCounts:
        raw: Any = self.client.hgetall(RUN_COUNTS + run)
        return _run_counts(lambda name: int(raw.get(name) or 0))

    def _acknowledge(
        self,
        batch: _Batch,
        known: dict[str, str],
        counts: dict[str, RunCounts],
        reported: set[str],
    ) -> None:
        """After the commit, in one Redis script (atomic, and run even at ``maxmemory``, since
        deleting the stored entries is what frees memory): the batch is done with."""
        counted = {RUN_COUNTS + run: c for run, c in counts.items() if run not in reported}
        plan = {
            "ids": [entry.id for entry in batch.entries],
            "set_aside": [
                _flat({**entry.fields, "id": entry.id, "error": entry.error or ""})
                for entry in batch.unreadable
            ],
            "counts": [[v for pair in _count_fields(c) for v in pair] for c in counted.values()],
            "known": _flat(known),
            "kept": RUN_COUNTS_KEPT_SECONDS,
        }
        keys = [ARTICLES, SET_ASIDE, KNOWN, *counted, *(RUN_COUNTS + run for run in reported)]
        backoff = Backoff()
        while True:
            try:
                self._done(keys=keys, args=[WRITER_GROUP, json.dumps(plan)])
                self.set_aside += len(batch.unreadable)
                return
            except REDIS_ERRORS as exc:
                # Stored but not acknowledged: keep trying, or a restart stores it again
                # (harmless, an upsert), once Redis is back.
                if self.stopping:
                    raise
                self._stop.wait(unreachable(logger, self.id, self.url, exc, backoff))

    def _beat(self) -> None:
        latencies = sorted(self.latencies)
        p50 = p95 = None
        if len(latencies) >= 2:
            cuts = statistics.quantiles(latencies, n=20, method="inclusive")
            p50, p95 = statistics.median(latencies), cuts[18]
        beaten = beat_writer(
            self.client,
            WriterBeat(
                self.id,
                self.started_at,
                time.time(),
                self.stored,
                self.batches,
                self.last_commit_at,
                p50,
                p95,
                self.redelivered,
                self.set_aside,
            ),
        )
        if not beaten and not self._beat_refused:
            logger.warning(
                "writer %s: Redis at %s is out of memory (maxmemory): storing the backlog, "
                "heartbeats skipped meanwhile",
                self.id,
                describe_url(self.url),
            )
        self._beat_refused = not beaten


def _counts_by_run(
    articles: list[StreamEntry], outcomes: list[StoreOutcome]
) -> dict[str, RunCounts]:
    """What became of the batch's articles, per run key (outcomes are in article order)."""
    counts: dict[str, RunCounts] = {}
    for entry, outcome in zip(articles, outcomes, strict=True):
        run = counts.setdefault(entry.run, RunCounts())
        if isinstance(outcome.error, PrunedPage):
            logger.info("Not stored again: %s", outcome.error)
        elif outcome.result is None:
            run.articles_failed += 1
            logger.error("Failed to store %s: %r", outcome.write.article.url, outcome.error)
        elif outcome.result.status is StoreStatus.NEW:
            run.articles_new += 1
        elif outcome.result.status is StoreStatus.UPDATED:
            run.articles_updated += 1
        else:
            run.articles_unchanged += 1
    return counts


_COUNTED = ("articles_new", "articles_updated", "articles_unchanged", "articles_failed")


def _count_fields(counts: RunCounts) -> Iterable[tuple[str, int]]:
    return [(name, getattr(counts, name)) for name in _COUNTED if getattr(counts, name)]


def _add_counts(earlier: RunCounts, batch: RunCounts | None) -> RunCounts:
    if batch is None:
        return earlier
    return _run_counts(lambda name: getattr(earlier, name) + getattr(batch, name))


def _run_counts(value: Callable[[str], int]) -> RunCounts:
    """Article counts of a run, each counted field's value from ``value(name)``."""
    counts = RunCounts()
    for name in _COUNTED:
        setattr(counts, name, value(name))
    return counts


def _flat(mapping: dict[str, Any]) -> list[Any]:
    """``{k: v, …}`` as ``[k, v, …]``, the argument list of XADD and HSET."""
    return [item for pair in mapping.items() for item in pair]


def replay_set_aside(client: redis.Redis) -> tuple[int, int]:
    """Put the set-aside entries back in the article stream, for the writer to read again
    (after an upgrade that reads them, or a fix of what failed): (moved, left).

    Each moves in one transaction (added to the stream, then deleted from the set-aside
    one), so none is lost or doubled; one that still cannot be stored is set aside again.
    An entry with nothing to store (deleted before it was read) is left where it is.
    """
    moved = left = 0
    start = "-"
    while True:
        entries: Any = client.xrange(SET_ASIDE, min=start, count=REPLAY_CHUNK)
        for entry_id, fields in entries:
            kept = {k: v for k, v in fields.items() if k not in ("id", "error")}
            if not ({"write", "report"} & kept.keys()):
                left += 1
                continue
            with client.pipeline(transaction=True) as pipe:
                pipe.xadd(ARTICLES, kept)
                pipe.xdel(SET_ASIDE, entry_id)
                pipe.execute()
            moved += 1
        if len(entries) < REPLAY_CHUNK:
            return moved, left
        start = "(" + entries[-1][0]
