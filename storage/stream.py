"""The article stream (cluster mode): a worker's crawl hands its articles to Redis, not SQLite.

Workers on other hosts have no database; one writer stores for all of them
(``app.cluster.writer``). Two Redis keys carry what crosses between them, and
this module is the only one that knows their format:

* ``newsagg:articles``, a stream. Each entry is one parsed article (field
  ``write``: :func:`storage.wire.encode_write` text), one finished crawl's
  report (field ``report``) or a stored article's 404 or 410 answer (field
  ``gone``, for the writer to mark it removed at the source), with ``run`` (the
  crawl's run key) and ``pushed`` (the pushing host's clock, epoch seconds). The
  writer reads it through the consumer group ``writer`` and deletes each entry
  once it is stored, so the stream holds exactly the articles not stored yet.
* ``newsagg:known``, a hash: URL → what storage knows of it (article id, fetch
  time, ETag, Last-Modified; or that retention pruned its article), as
  :func:`storage.queries.known_page` answers from SQLite. The writer keeps it
  after each commit and rebuilds it from the database when it starts (and when
  Redis lost its data); a crawl
  reads it to skip pages already stored (or pruned) and to ask for the others
  conditionally. It only saves fetches: a URL missing from it is fetched again
  and stored as unchanged.

* ``newsagg:backoffs``, a hash: host → until when it asked (Retry-After) not to be
  requested, as ``storage.backoffs`` keeps it in SQLite for a crawl on one host.

Redis must not evict keys (``maxmemory-policy noeviction``): a push refused
for memory fails the crawl with one line, and the pages are fetched again by
the next crawl, while an evicted entry would be an article lost.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import redis
from sqlite_utils import Database

from aggregator.masking import describe_url as describe_url  # its callers import it here
from aggregator.schema import ArticleWrite, GoneAnswer, HostBackoff, parse_utc
from storage.queries import KnownPage
from storage.queries.known_pages import pruned_page
from storage.runs import RunReport
from storage.wire import (
    decode_gone,
    decode_report,
    decode_write,
    encode_gone,
    encode_report,
    encode_write,
)
from storage.writes import PrunedPage, StoreOutcome

logger = logging.getLogger(__name__)

ARTICLES = "newsagg:articles"
KNOWN = "newsagg:known"
BACKOFFS = "newsagg:backoffs"
WRITER_GROUP = "writer"
# Seconds a command may wait on a silent server before it counts as unreachable.
SOCKET_TIMEOUT = 10.0
# A push that fails is tried again after 0.5, 1, 2 … s (at most this long apart).
PUSH_RETRY_MAX_WAIT = 8.0
KNOWN_REBUILD_CHUNK = 5000

T = TypeVar("T")


class StreamError(Exception):
    """Redis could not take or give what was asked; the message is one line naming it."""


# What every role waits out and tries again: Redis out of reach, or at ``maxmemory``
# (``noeviction`` refuses writes until the writer has stored and deleted the backlog).
REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, redis.exceptions.OutOfMemoryError)


def out_of_memory(exc: BaseException) -> bool:
    """Whether Redis refused a command for ``maxmemory`` (it answers; it is full)."""
    return isinstance(exc, redis.exceptions.OutOfMemoryError)


def connect(url: str, timeout: float = SOCKET_TIMEOUT) -> redis.Redis:
    """A client for ``url``; it connects on first use (and again after a lost connection).

    ``timeout``: seconds a connect or a reply may take before it counts as a failure.
    """
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
    )


def describe_error(exc: BaseException) -> str:
    """A Redis error in a few words (redis-py's messages can span lines)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# --- a crawl's side ---------------------------------------------------------------------


class ArticleStream:
    """What a worker's crawl needs of Redis: push articles, look up known pages.

    ``run_key`` names the crawl's run on every entry it pushes, so the writer can
    count what became of the run's articles. A push that fails for a lost
    connection is tried again with back-off for up to ``retry_for`` seconds,
    then raises :class:`StreamError`; an error Redis answers (out of memory,
    wrong type) raises at once.
    """

    def __init__(self, client: redis.Redis, url: str, run_key: str, *, retry_for: float) -> None:
        self.client = client
        self.url = url
        self.run_key = run_key
        self.retry_for = retry_for
        self.pushed = 0
        self._lookup_failed = False

    def push(self, writes: Sequence[ArticleWrite]) -> None:
        """Append the articles to the stream, all or none, in one round trip."""
        entries = [
            {"write": encode_write(w), "run": self.run_key, "pushed": _now()} for w in writes
        ]
        if not entries:
            return
        self._retrying(lambda: _append(self.client, entries))
        self.pushed += len(entries)

    def push_gone(self, answer: GoneAnswer) -> None:
        """Append a stored article's 404 or 410 answer, for the writer to mark it."""
        entry = {"gone": encode_gone(answer), "run": self.run_key, "pushed": _now()}
        self._retrying(lambda: _append(self.client, [entry]))

    def known_pages(self, urls: Sequence[str]) -> list[KnownPage | None]:
        """What storage knows of each URL (None: not known, or the mirror is unreachable)."""
        if not urls:
            return []
        try:
            values: Any = self.client.hmget(KNOWN, list(urls))
        except REDIS_ERRORS as exc:
            # Not knowing only costs fetches: the writer stores a page again as unchanged.
            if not self._lookup_failed:
                logger.warning(
                    "Known pages unavailable at %s (%s): fetching as new",
                    describe_url(self.url),
                    describe_error(exc),
                )
                self._lookup_failed = True
            return [None] * len(urls)
        return [_known_from_text(v) for v in values]

    def host_backoffs(self, now: datetime) -> list[HostBackoff]:
        """The hosts a crawl of any worker was asked not to request yet (``newsagg:backoffs``,
        as ``storage.backoffs`` keeps them in SQLite); the passed ones are deleted."""
        try:
            found = read_backoffs(self.client)
            passed = [host for host, b in found.items() if b is None or b.not_before <= now]
            if passed:
                self.client.hdel(BACKOFFS, *passed)
        except REDIS_ERRORS as exc:
            logger.warning("Hosts backed off unavailable (%s): none obeyed", describe_error(exc))
            return []
        return [b for b in found.values() if b is not None and b.not_before > now]

    def remember_backoff(self, backoff: HostBackoff) -> None:
        """Keep a host's "not before" time for every worker's later crawls (a later one stays)."""
        try:
            old = _backoff_from_text(backoff.host, self.client.hget(BACKOFFS, backoff.host))  # type: ignore[arg-type]
            if old is None or old.not_before < backoff.not_before:
                self.client.hset(BACKOFFS, backoff.host, _backoff_text(backoff))
        except REDIS_ERRORS as exc:
            logger.warning(
                "Back-off of %s not kept in Redis (%s)", backoff.host, describe_error(exc)
            )

    def close(self) -> None:
        self.client.close()

    def _retrying(self, action: Any) -> None:
        deadline = time.monotonic() + self.retry_for
        wait = 0.5
        while True:
            try:
                action()
                return
            except redis.exceptions.OutOfMemoryError as exc:
                # Full until the writer catches up: the crawl fails now, its pages are
                # fetched again by the next one (docs/scaling.md).
                raise StreamError(
                    f"Redis at {describe_url(self.url)} refused the push: {describe_error(exc)}"
                ) from None
            except REDIS_ERRORS as exc:
                if time.monotonic() + wait > deadline:
                    raise StreamError(
                        f"cannot push to Redis at {describe_url(self.url)}: {describe_error(exc)}"
                    ) from None
                logger.warning(
                    "Redis at %s unreachable (%s); pushing again in %.1fs",
                    describe_url(self.url),
                    describe_error(exc),
                    wait,
                )
                time.sleep(wait)  # back-off before reconnecting, not a synchronisation
                wait = min(wait * 2, PUSH_RETRY_MAX_WAIT)
            except redis.RedisError as exc:
                raise StreamError(
                    f"Redis at {describe_url(self.url)} refused the push: {describe_error(exc)}"
                ) from None


def read_backoffs(client: redis.Redis) -> dict[str, HostBackoff | None]:
    """Every host of ``newsagg:backoffs`` and its back-off (None: unreadable), passed or not."""
    values: Any = client.hgetall(BACKOFFS)
    return {host: _backoff_from_text(host, text) for host, text in sorted(values.items())}


def push_report(client: redis.Redis, run_key: str, report: RunReport) -> str:
    """Append a finished crawl's report after its articles; the entry's id."""
    entry = {"report": encode_report(report), "run": run_key, "pushed": _now()}
    return str(client.xadd(ARTICLES, entry))  # type: ignore[arg-type]


def _append(client: redis.Redis, entries: list[dict[str, str]]) -> None:
    # MULTI/EXEC: a batch is in the stream whole or not at all, so a retry after a
    # lost reply can at worst push the batch twice (stored once: an upsert).
    with client.pipeline(transaction=True) as pipe:
        for entry in entries:
            pipe.xadd(ARTICLES, entry)  # type: ignore[arg-type]
        pipe.execute()


def _now() -> str:
    return f"{time.time():.3f}"


# --- the writer's side ------------------------------------------------------------------


@dataclass(frozen=True)
class StreamEntry:
    """One entry of the article stream, read back: an article or a run report.

    ``error`` is set instead when the entry cannot be read (another version's
    format, damaged text); the writer sets such entries aside, ``fields`` as
    they came.
    """

    id: str
    run: str
    pushed: float | None
    fields: dict[str, str]
    write: ArticleWrite | None = None
    report: RunReport | None = None
    gone: GoneAnswer | None = None
    error: str | None = None


def read_entry(entry_id: str, fields: dict[str, str] | None) -> StreamEntry:
    """An entry as the writer got it from XREADGROUP (fields None: deleted meanwhile)."""
    if not fields:
        return StreamEntry(entry_id, "", None, {}, error="entry deleted from the stream")
    run = fields.get("run", "")
    try:
        pushed: float | None = float(fields["pushed"])
    except (KeyError, ValueError):
        pushed = None
    try:
        if "write" in fields:
            return StreamEntry(entry_id, run, pushed, fields, write=decode_write(fields["write"]))
        if "report" in fields:
            return StreamEntry(
                entry_id, run, pushed, fields, report=decode_report(fields["report"])
            )
        if "gone" in fields:
            return StreamEntry(entry_id, run, pushed, fields, gone=decode_gone(fields["gone"]))
    except ValueError as exc:
        return StreamEntry(entry_id, run, pushed, fields, error=str(exc))
    return StreamEntry(
        entry_id, run, pushed, fields, error="neither an article, a report nor a removal"
    )


def entry_time(entry_id: str) -> float:
    """When Redis added an entry (epoch seconds), from its id."""
    return int(entry_id.partition("-")[0]) / 1000


def known_entries(outcomes: Iterable[StoreOutcome]) -> dict[str, str]:
    """The ``newsagg:known`` fields a stored batch sets: every URL of each stored article,
    and the URLs that led to a pruned page, marked pruned as ``pruned_urls`` now has them."""
    out: dict[str, str] = {}
    for outcome in outcomes:
        if isinstance(outcome.error, PrunedPage):
            pruned = _pruned_text(pruned_page(outcome.error.pruned_at).pruned_at)
            out.update(dict.fromkeys(outcome.error.routes, pruned))
            continue
        if outcome.result is None:
            continue
        write = outcome.write
        value = _known_text(
            outcome.result.article_id, write.article.fetched_at, write.etag, write.last_modified
        )
        own = {write.article.url, write.article.canonical_url}
        alias_value = _known_text(
            outcome.result.article_id,
            write.article.fetched_at,
            write.etag,
            write.last_modified,
            alias=True,
        )
        for url in {*own, *write.aliases}:
            if url:
                out[url] = value if url in own else alias_value
    return out


def rebuild_known(client: redis.Redis, db: Database) -> int:
    """Fill ``newsagg:known`` from the database (the writer does it as it starts); URLs set.

    Built under a scratch key and renamed over the old hash, so a crawl sees
    the old mirror or the new one, never half of one; the old one is freed in
    the background (UNLINK), not while Redis serves.
    """
    scratch = KNOWN + ":rebuild"
    client.unlink(scratch)
    count = 0
    for chunk in _chunks(_known_rows(db), KNOWN_REBUILD_CHUNK):
        client.hset(scratch, mapping=dict(chunk))
        count += len(chunk)
    with client.pipeline(transaction=True) as pipe:
        pipe.unlink(KNOWN)
        if count:
            pipe.rename(scratch, KNOWN)
        pipe.execute()
    return count


def pruned_entries(urls: Iterable[str], pruned_at: datetime) -> dict[str, str]:
    """The ``newsagg:known`` fields of URLs whose articles retention removed (``pruned_urls``)."""
    value = _pruned_text(pruned_at)
    return dict.fromkeys(urls, value)


def _known_rows(db: Database) -> Iterator[tuple[str, str]]:
    tables = db.table_names()
    if "articles" not in tables:
        return
    if "pruned_urls" in tables:
        # First: a pruned URL stored again since is set again below by its article.
        for url, pruned_at in db.execute("SELECT url, pruned_at FROM pruned_urls"):
            yield url, _pruned_text(pruned_page(pruned_at).pruned_at)
    yield from _article_known_rows(db, _CURRENT)


# The articles a URL leads to: not one replaced at its URL by another story (m020).
_CURRENT = "WHERE a.replaced_at IS NULL"
# What the mirror needs of an article: its lookup fields, and its mark of removal at the
# source with the crawl's count behind it, or a first 404 pending (storage.removals),
# read as known_page reads them.
_KNOWN_OF_ARTICLE = (
    "a.id, a.fetched_at, a.etag, a.last_modified, a.removed_status, g.last_at, g.answers "
    "FROM articles a LEFT JOIN gone_answers g ON g.article_id = a.id"
)


def _article_known_rows(
    db: Database, where: str, params: Sequence[Any] = ()
) -> Iterator[tuple[str, str]]:
    """The ``newsagg:known`` fields of the articles ``where`` selects."""
    for url, canonical, *known in db.execute(
        f"SELECT a.url, a.canonical_url, {_KNOWN_OF_ARTICLE} {where}", list(params)
    ):
        value = _known_text(*_known_page_of(known))
        yield canonical, value
        if url != canonical:
            yield url, value
    alias_where = where.replace("WHERE", "AND", 1)
    for url, *known in db.execute(
        f"SELECT u.url, {_KNOWN_OF_ARTICLE} JOIN url_aliases u ON u.article_id = a.id "
        f"WHERE u.url NOT IN (a.url, a.canonical_url) {alias_where}",
        list(params),
    ):
        yield url, _known_text(*_known_page_of(known), alias=True)


def _known_page_of(row: Sequence[Any]) -> tuple[Any, ...]:
    article_id, fetched, etag, modified, removed_status, gone_at, answers = row
    # A pending 404 (answers, no mark) too: a worker sends the 304 that forgets it.
    removal = (removed_status, gone_at, answers) if removed_status is not None or answers else None
    return article_id, parse_utc(fetched), etag, modified, removal


def removal_entries(db: Database, article_ids: Iterable[int]) -> dict[str, str]:
    """The ``newsagg:known`` fields of every URL of these articles, as they are now (the
    writer sets them after marking the articles removed at the source)."""
    out: dict[str, str] = {}
    for article_id in sorted(set(article_ids)):
        out.update(_article_known_rows(db, f"{_CURRENT} AND a.id = ?", [article_id]))
    return out


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _known_text(
    article_id: int,
    fetched_at: datetime | None,
    etag: str | None,
    last_modified: str | None,
    removal: tuple[int | None, str | None, int] | None = None,
    *,
    alias: bool = False,
) -> str:
    fetched = fetched_at.isoformat() if fetched_at else None
    items: list[Any] = [article_id, fetched, etag, last_modified]
    if removal is not None or alias:
        # After an empty fifth item (not pruned): the mark's status (null for a first 404
        # pending), the last 404/410 and how many runs gave one; then 1 for a URL that is
        # only an alias of the article (KnownPage.alias). A worker of an older newsagg
        # reads the fifth item as "pruned" and does not fetch the page either.
        items += ["", *(removal or (None, None, 0))]
        if alias:
            items.append(1)
    return json.dumps(items, separators=(",", ":"))


def _pruned_text(pruned_at: datetime | None) -> str:
    # A fifth item, the time it was pruned: a worker of an older newsagg cannot read it
    # and fetches the page as new, as for any value it does not know.
    pruned = pruned_at.isoformat() if pruned_at else ""
    return json.dumps([None, None, None, None, pruned], separators=(",", ":"))


def _backoff_text(backoff: HostBackoff) -> str:
    return json.dumps(backoff.stored_values(), separators=(",", ":"))


def _backoff_from_text(host: str, text: str | None) -> HostBackoff | None:
    if not text:
        return None
    try:
        not_before, asked_at, value, status, source, url = json.loads(text)
        return HostBackoff(
            host,
            datetime.fromisoformat(not_before),
            datetime.fromisoformat(asked_at),
            str(value),
            int(status),
            str(source),
            str(url),
        )
    except (ValueError, TypeError):
        return None  # unreadable: forgotten, as a passed one


def _known_from_text(text: str | None) -> KnownPage | None:
    if not text:
        return None
    try:
        article_id, fetched, etag, modified, *more = json.loads(text)
        if more and more[0]:
            return pruned_page(more[0])
        if len(more) >= 4:
            status, gone_at, answers = more[1:4]
            return KnownPage(
                int(article_id),
                parse_utc(fetched),
                etag,
                modified,
                None,
                None if status is None else int(status),
                parse_utc(gone_at),
                int(answers),
                alias=more[4:] == [1],
            )
        return KnownPage(int(article_id), parse_utc(fetched), etag, modified)
    except (ValueError, TypeError):
        return None  # unreadable: fetched as new, and the writer sets it right
