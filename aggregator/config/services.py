"""How the application runs: the daemon, retention, the web view, and crawl workers on
several hosts through Redis."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import SplitResult, parse_qsl, urlsplit

from pydantic import AfterValidator, Field, field_validator, model_validator

from aggregator.config.values import (
    HttpUrl,
    Model,
    TimeZoneName,
    check_port,
    format_duration,
    non_negative_duration,
    parse_duration,
    positive_duration,
)


class DaemonSettings(Model):
    max_parallel_crawls: int = Field(2, ge=1, le=64)
    grace_period: timedelta = timedelta(seconds=30)
    backoff_after_failures: int = Field(3, ge=1)

    @field_validator("grace_period", mode="before")
    @classmethod
    def _grace(cls, value: Any) -> timedelta:
        return positive_duration(value)


# The shortest retention window, for the config and `aggregator prune` alike: a shorter
# one (a typo such as 1s, a --before in the future) would prune today's news.
MIN_RETENTION = timedelta(days=1)


def retention_window(keep: timedelta) -> timedelta:
    """``keep`` if it is a window retention may use (at least :data:`MIN_RETENTION`)."""
    if keep < MIN_RETENTION:
        raise ValueError(
            f"expected at least {format_duration(MIN_RETENTION)}: a shorter window would "
            "prune today's news"
        )
    return keep


class RetentionSettings(Model):
    """What is kept: how long stories are (``aggregator prune``, and the daemon once a
    day), how many earlier texts of an edited article (as each edit is stored), and
    whether the pages they were parsed from are kept."""

    # A story whose latest copy was stored longer ago than this is pruned; None (absent):
    # every story is kept, and no prune runs unless asked with a window.
    keep: timedelta | None = None
    # Earlier texts kept per edited article: its first and the latest
    # versions_per_article - 1 (docs/operations.md, "Versions of an edited article");
    # at least 2: the last edit's time (its latest version's replaced_at) stays readable.
    # Until stop 48 dedup.versions_kept, still read as a deprecated alias
    # (aggregator.config.loading).
    versions_per_article: int = Field(10, ge=2)
    # Each stored version keeps the page it was parsed from, compressed, so `aggregator
    # reparse` can read it again with a later parser (docs/operations.md, "Kept pages").
    keep_pages: bool = False

    @field_validator("keep", mode="before")
    @classmethod
    def _keep(cls, value: Any) -> timedelta | None:
        return None if value is None else retention_window(parse_duration(value))


class WebSettings(Model):
    """The web view (``aggregator serve``)."""

    # Times are shown in this zone; a reader can switch to UTC (and back).
    timezone: TimeZoneName = "UTC"
    # Where readers reach the web view: alert webhooks and feeds link stories there.
    base_url: HttpUrl | None = None
    # Matching articles the search page looks at, newest first (None: search's own bound,
    # as `aggregator search` without --scan; 0: every match). The page says when it cut.
    search_scan: int | None = Field(None, ge=0)


_REDIS_SCHEMES = ("redis", "rediss", "unix")
# The longest cluster.lease: a worker killed mid-crawl keeps its sites and its job, and a
# writer killed keeps its place, for a lease; beyond an hour a typo (100d) would stall them.
MAX_LEASE = timedelta(hours=1)
# A lease (a worker's sites and job, the writer's place) is renewed this many times over
# its length: one or two renewals may be late or fail before it lapses.
RENEWALS_PER_LEASE = 3


def _check_redis_url(value: str) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a Redis URL such as redis://127.0.0.1:6379/0")
    parts = urlsplit(value.strip())
    if parts.scheme not in _REDIS_SCHEMES or not (parts.netloc or parts.path):
        raise ValueError(
            "expected a redis://, rediss:// or unix:// URL such as redis://127.0.0.1:6379/0"
        )
    check_port(parts)
    _check_database_number(parts)
    return value.strip()


def _check_database_number(parts: SplitResult) -> None:
    """The Redis database: ``/N`` after the host (redis://, rediss://) or ``?db=N``, N a
    non-negative integer. redis-py reads ``/x`` as database 0 (another cluster's, maybe) and
    ``/1/2`` as 12, so anything else is refused here rather than guessed."""
    numbers = [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k == "db"]
    if parts.scheme != "unix" and parts.path not in ("", "/"):
        numbers.append(parts.path[1:])
    for number in numbers:
        if not (number.isascii() and number.isdigit()):
            raise ValueError(
                f"expected the database as /N with N a non-negative integer, such as "
                f"redis://127.0.0.1:6379/0 (not {number!r})"
            )


class ClusterSettings(Model):
    """Crawl workers on several hosts through Redis, and one writer (docs/scaling.md).

    Present, it makes the daemon a coordinator that enqueues crawls instead of
    running them; absent, everything runs on one host as before.
    """

    redis_url: Annotated[str, AfterValidator(_check_redis_url)]
    # How long a site lease or a claimed job outlives a worker that stops renewing
    # it (renewed every renew_every): the wait before a dead worker's job runs again.
    lease: timedelta = timedelta(seconds=30)
    # Parsed articles a crawl pushes in one round trip (it also pushes once a second).
    push_batch_size: int = Field(64, ge=1, le=4096)
    # Articles the writer stores in one transaction, and how long it waits to fill one.
    writer_batch_size: int = Field(256, ge=1, le=4096)
    writer_wait: timedelta = timedelta(milliseconds=500)

    @field_validator("lease", mode="before")
    @classmethod
    def _lease(cls, value: Any) -> timedelta:
        lease = positive_duration(value)
        if lease.total_seconds() < 1:
            raise ValueError("expected a lease of at least 1s")
        if lease > MAX_LEASE:
            raise ValueError(
                f"expected a lease of at most {format_duration(MAX_LEASE)}: a killed worker's "
                "sites and job, and a dead writer's place, wait a whole lease"
            )
        return lease

    @field_validator("writer_wait", mode="before")
    @classmethod
    def _writer_wait(cls, value: Any) -> timedelta:
        return non_negative_duration(value)

    @property
    def renew_every(self) -> timedelta:
        """How often a worker and the writer renew their leases (a third of ``lease``)."""
        return self.lease / RENEWALS_PER_LEASE

    @model_validator(mode="after")
    def _wait_within_lease(self) -> ClusterSettings:
        # The writer renews its lease every renew_every, between two batches.
        if self.writer_wait >= self.renew_every:
            raise ValueError(
                f"writer_wait ({format_duration(self.writer_wait)}) must be shorter than a "
                f"third of lease ({format_duration(self.lease)})"
            )
        return self
