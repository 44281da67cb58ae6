"""Retention as the application runs it: ``aggregator prune``, the daemon's daily prune and
the cluster writer's, over :mod:`storage.retention`.

In cluster mode every pruned URL is also set in the workers' known-pages mirror
(``newsagg:known``) as each batch commits, so no worker fetches it again; a writer
starting later rebuilds the mirror from ``pruned_urls`` anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from aggregator.config import Config
from aggregator.schema import utc_now
from storage.db import DatabaseError, open_db, synchronous_level
from storage.retention import (
    PruneCounts,
    count_prunable,
    count_prunable_runs,
    count_versions_beyond,
    prune_runs,
    prune_stories,
    trim_versions,
)

logger = logging.getLogger("app.retention")

# How often the daemon (or the cluster's writer) prunes when ``retention.keep`` is set.
PRUNE_EVERY_SECONDS = 86_400


def retention_cutoff(config: Config) -> datetime | None:
    """Now less ``retention.keep``; None when the config keeps everything."""
    if config.retention.keep is None:
        return None
    return utc_now() - config.retention.keep


def prune(
    config: Config,
    db_path: Path,
    cutoff: datetime,
    *,
    dry_run: bool = False,
    on_batch: Callable[[PruneCounts], None] | None = None,
    on_open: Callable[[Database], None] | None = None,
    stop: threading.Event | None = None,
) -> PruneCounts:
    """Remove the stories last seen before ``cutoff``, then the crawl runs started before it,
    then the earlier versions beyond ``retention.versions_per_article`` of any article
    (or, dry, count them); the totals.

    ``on_batch`` is given the running totals after each committed batch, ``on_open`` the
    connection the prune writes on (not a dry run's); ``stop``, once
    set, ends the prune after the batch in hand (the daemon's or the writer's stop). A
    dry run opens
    the database read-only and migrates nothing (:func:`_open_for_counting`).
    """
    if dry_run:
        db = _open_for_counting(db_path)
        try:
            counts = count_prunable(db, cutoff)
            counts.runs = count_prunable_runs(db, cutoff)
            counts.trimmed = count_versions_beyond(db, config.retention.versions_per_article)
            return counts
        finally:
            db.close()
    mirror = _Mirror(config)
    # With a cluster, each batch's pruned URLs are set in Redis once it commits, as the
    # writer's batches are acknowledged: the commit must outlive a power cut (FULL), or
    # Redis names pruned pages the database still has.
    db = open_db(db_path, durable=mirror.client is not None)
    try:
        if on_open is not None:  # a PRAGMA it reads can fail too: the connection is closed
            on_open(db)
        total = PruneCounts()
        for batch in prune_stories(db, cutoff, config.dedup, stop=stop):
            mirror.forget(batch.urls)
            total.add(batch.counts)
            if on_batch is not None:
                on_batch(total)
        for runs in prune_runs(db, cutoff, stop=stop):
            total.runs += runs
        keep = config.retention.versions_per_article
        for trimmed in trim_versions(db, keep, config.dedup, stop=stop):
            total.trimmed += trimmed
        return total
    finally:
        db.close()


def _open_for_counting(db_path: Path) -> Database:
    """The database read-only, at the current schema: a dry run writes nothing, so it does
    not migrate an older one either, and says so in one line rather than count by a schema
    it does not know."""
    from storage.migrations import migrations

    db = open_db(db_path, read_only=True)
    pending = [migration.name for migration in migrations.pending(db)]
    if pending:
        db.close()
        raise DatabaseError(
            f"{db_path} is at an older schema ({len(pending)} migrations pending, from "
            f"{pending[0]}): run 'aggregator migrate' first; a dry run changes nothing"
        )
    return db


def describe(counts: PruneCounts) -> str:
    """What a prune removed, as ``aggregator prune`` says it."""
    return (
        f"{counts.stories} stories, {counts.articles} articles, {counts.versions} versions, "
        f"{counts.events} events"
    )


def run_scheduled_prune(
    config: Config, db_path: Path, stop: threading.Event | None = None
) -> PruneCounts | None:
    """The daemon's (or the writer's) prune: the config's window, one log line; nothing it
    meets stops the caller, and ``stop`` stops it between two batches. None when
    ``retention.keep`` is absent or the prune failed."""
    cutoff = retention_cutoff(config)
    if cutoff is None:
        return None
    totals: list[PruneCounts] = []  # the running totals, after each committed batch
    # Read back from the prune's own connection, as the writer's start line is: the level
    # an operator checks (FULL with a cluster's mirror to tell).
    synchronous: list[str] = []
    try:
        counts = prune(
            config,
            db_path,
            cutoff,
            on_batch=totals.append,
            on_open=lambda db: synchronous.append(synchronous_level(db)),
            stop=stop,
        )
    except Exception as exc:
        # The batches before the failure are committed: say what they removed.
        committed = totals[-1] if totals else PruneCounts()
        logger.error(
            "prune failed after removing stories=%d articles=%d (the failed batch was rolled "
            "back): %s: %s",
            committed.stories,
            committed.articles,
            type(exc).__name__,
            str(exc).splitlines()[0] if str(exc) else "",
        )
        logger.debug("prune failure", exc_info=True)
        return None
    logger.info(
        "prune cutoff=%s stories=%d articles=%d versions=%d events=%d urls=%d runs=%d "
        "versions_beyond_bound=%d synchronous=%s",
        cutoff.isoformat(timespec="seconds"),
        counts.stories,
        counts.articles,
        counts.versions,
        counts.events,
        counts.urls,
        counts.runs,
        counts.trimmed,
        synchronous[0],
    )
    return counts


class _Mirror:
    """The cluster's known-pages mirror, when the config has a ``cluster:`` section."""

    def __init__(self, config: Config) -> None:
        self.client = None
        if config.cluster is not None:
            from storage.stream import connect

            self.client = connect(config.cluster.redis_url)

    def forget(self, urls: dict[str, str]) -> None:
        if self.client is None or not urls:
            return
        from storage.stream import KNOWN, REDIS_ERRORS, describe_error, pruned_entries

        try:
            self.client.hset(KNOWN, mapping=pruned_entries(urls, utc_now()))  # type: ignore[arg-type]
        except REDIS_ERRORS as exc:
            # The database has them: the next writer to start sets them from pruned_urls.
            logger.warning("pruned URLs not mirrored to Redis (%s)", describe_error(exc))
