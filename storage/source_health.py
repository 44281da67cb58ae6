"""How each source is doing, from ``crawl_runs`` and ``articles``: for the web view's Sources
page and ``aggregator status``.

The latest run is not read here: the page takes it from the source's status
(``storage.runs.recent_runs``), the same reading as ``aggregator status``.

Every query is per source and served by an index: ``crawl_runs(source,
started_at)`` and ``articles(source, first_seen_at)`` (a shard's crawl:
``crawl_runs_crawl``). Those of ``crawl_runs`` read the
newest runs first and stop at the one they look for (LIMIT 1), so their cost does not
grow with the runs a long-running daemon keeps (``tests/test_run_history_scale.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from aggregator.schema import parse_utc
from storage.runs import CLEAN_RUN, NEUTRAL, SUCCESS, every_shard, has_crawl_ids
from storage.sql import marks


def last_success(db: Database, source: str, statuses: Iterable[str]) -> datetime | None:
    """When the source's latest run with one of ``statuses`` (its successes) ended.

    The latest by start: the daemon (or the cluster's queue) runs one crawl of a source at
    a time, so the run that started last of them also ended last. Asked that way (newest
    first, LIMIT 1), the ``crawl_runs(source, started_at)`` index walks the source's runs
    from the newest back and stops at the first success: it reads the runs since then,
    not the whole history (``max(ended_at)`` read every run of the source; QA pass E,
    600,000 runs).

    Nothing forbids two runs to overlap (``start_run`` does not): a manual ``aggregator
    crawl SOURCE`` while the daemon's crawl of it runs. Then the success that started
    last is taken though the other may have ended later: ``status`` and ``/sources`` then
    give a time early by at most the overlap (at most the longer run's length, so
    ``run_timeout`` for the daemon's crawls), still the end of a run that succeeded.

    The shards of one ``crawl --processes`` are one run (:func:`storage.runs.recent_runs`):
    it succeeded when every shard did, and ended when the last one did.
    """
    wanted = sorted(statuses)
    succeeded = f"status IN ({marks(wanted)})"
    whole, whole_params = every_shard(db, succeeded, wanted)
    row = db.execute(
        f"SELECT {_crawl_end(db)} FROM crawl_runs WHERE source = ? AND {succeeded}{whole} "
        "ORDER BY started_at DESC, id DESC LIMIT 1",
        [source, *wanted, *whole_params],
    ).fetchone()
    return parse_utc(row[0]) if row else None


def _crawl_end(db: Database) -> str:
    """The end of a row's run: of a shard's, its crawl's last end."""
    if not has_crawl_ids(db):
        return "ended_at"
    return (
        "coalesce((SELECT max(shard.ended_at) FROM crawl_runs AS shard WHERE shard.source = "
        "crawl_runs.source AND shard.crawl_id = crawl_runs.crawl_id), ended_at)"
    )


@dataclass(frozen=True)
class Streak:
    """A source's runs since its latest run without errors, for ``status``."""

    #: When the latest run that succeeded with no error ended; None if none is recorded.
    last_clean_run: datetime | None
    #: When the first run after that one started, if the source has failed or had errors
    #: since (a dead host still ends 'ok' with errors); None while its latest run is clean.
    failing_since: datetime | None


def streak(db: Database, source: str) -> Streak:
    """How long ``source`` has been failing or erroring, from its runs; served by the
    ``crawl_runs(source, started_at)`` index. A prune keeps both runs it reads
    (:func:`storage.retention.runs_kept`). A crawl of several shards is clean when every
    shard is, and ended when its last one did."""
    whole, whole_params = every_shard(db, CLEAN_RUN, sorted(SUCCESS))
    clean = db.execute(
        f"SELECT id, started_at, {_crawl_end(db)} FROM crawl_runs WHERE source = ? "
        f"AND {CLEAN_RUN}{whole} ORDER BY started_at DESC, id DESC LIMIT 1",
        [source, *sorted(SUCCESS), *whole_params],
    ).fetchone()
    after = (clean[1], clean[0]) if clean else ("", 0)
    neutral = sorted(NEUTRAL)
    first_bad = db.execute(
        "SELECT started_at FROM crawl_runs WHERE source = ? AND (started_at, id) > (?, ?) "
        f"AND status NOT IN ({marks(neutral)}) ORDER BY started_at, id LIMIT 1",
        [source, *after, *neutral],
    ).fetchone()
    return Streak(
        last_clean_run=parse_utc(clean[2]) if clean else None,
        failing_since=parse_utc(first_bad[0]) if first_bad else None,
    )


def articles_per_day(db: Database, source: str, since: datetime) -> dict[date, int]:
    """Articles of ``source`` first stored on each UTC day from ``since`` on."""
    rows = db.execute(
        "SELECT substr(first_seen_at, 1, 10), count(*) FROM articles "
        "WHERE source = ? AND first_seen_at >= ? GROUP BY 1",
        [source, since.isoformat()],
    ).fetchall()
    return {date.fromisoformat(day): count for day, count in rows}


@dataclass(frozen=True)
class NewestArticle:
    article_id: int
    story_id: int
    headline: str
    first_seen_at: datetime | None
    published_at: datetime | None


def newest_article(db: Database, source: str) -> NewestArticle | None:
    row = db.execute(
        "SELECT id, story_id, headline, first_seen_at, published_at FROM articles "
        "WHERE source = ? ORDER BY first_seen_at DESC, id DESC LIMIT 1",
        [source],
    ).fetchone()
    if row is None:
        return None
    return NewestArticle(row[0], row[1], row[2], parse_utc(row[3]), parse_utc(row[4]))
