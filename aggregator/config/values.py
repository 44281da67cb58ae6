"""config.yaml, validated once into typed objects.

This is the only module that reads the configuration file. Every error is
raised as :class:`ConfigError`, whose message is one line naming the file, the
line where known, the field path, the value and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from aggregator.selectors import compile_selector

DEFAULT_CONFIG_PATH = Path("config.yaml")


class ConfigError(Exception):
    """A configuration problem, described in one line."""


# --- value types -----------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGEST = timedelta(days=3660)  # beyond ten years a duration is a typo


def parse_duration(value: Any) -> timedelta:
    """'15m', '2h', '30s', '1d' or a number of seconds, as a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 12:30 as the number 750: refuse bare numbers.
        raise ValueError(
            "expected a duration with a unit such as 30s, 15m, 2h or 1d, not a bare number"
        )
    if isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    else:
        raise ValueError("expected a duration such as 30s, 15m, 2h or 1d")
    if seconds > _LONGEST.total_seconds():
        raise ValueError("expected a duration of at most 3660d")
    return timedelta(seconds=seconds)


def _positive_duration(value: Any) -> timedelta:
    duration = parse_duration(value)
    if duration.total_seconds() <= 0:
        raise ValueError("expected a positive duration such as 15m")
    return duration


def _non_negative_duration(value: Any) -> timedelta:
    duration = parse_duration(value)
    if duration.total_seconds() < 0:
        raise ValueError("expected a duration of zero or more")
    return duration


def _check_http_url(value: str) -> str:
    if not isinstance(value, str):
        raise ValueError("expected an http(s) URL")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("expected an absolute http(s) URL such as https://example.com/feed.xml")
    _check_port(parts)
    return value.strip()


def _check_port(parts: SplitResult) -> None:
    """A URL's port, when it gives one, is 1 to 65535 (urlsplit checks it only when read)."""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ValueError("expected a port from 1 to 65535 (or none)")


HttpUrl = Annotated[str, AfterValidator(_check_http_url)]


_HOST_PORT = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$")


def _check_host_port(value: str) -> str:
    if not isinstance(value, str) or not (m := _HOST_PORT.match(value.strip().lower())):
        raise ValueError("expected a host name, optionally with a port (example.com:8080)")
    if m.group(1) and not 1 <= int(m.group(1)) <= 65535:
        raise ValueError("expected a port from 1 to 65535")
    return value.strip().lower()


HostPort = Annotated[str, AfterValidator(_check_host_port)]


_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an RFC 9110 token
# Headers the crawl sets itself: the source's user_agent, the conditional GET's
# validators, what the downloader negotiates, and what framing depends on.
_OWN_HEADERS = {
    "user-agent": "give it as the source's user_agent",
    "if-none-match": "the crawl sends it for a stored page",
    "if-modified-since": "the crawl sends it for a stored page",
    "accept-encoding": "the downloader negotiates it",
    "host": "it comes from the URL",
    "content-length": "it is set per request",
    "transfer-encoding": "it is set per request",
    "connection": "it is set per connection",
}


def _check_headers(value: dict[str, str]) -> dict[str, str]:
    seen: set[str] = set()
    for name, header in value.items():
        if not _HEADER_NAME.match(name):
            raise ValueError(f"{name!r} is not an HTTP header name")
        if (why := _OWN_HEADERS.get(name.lower())) is not None:
            raise ValueError(f"header {name!r} cannot be set here: {why}")
        if name.lower() in seen:
            raise ValueError(f"header {name!r} is given twice")
        seen.add(name.lower())
        if any(c in header for c in "\r\n\0"):
            raise ValueError(f"header {name!r}: a value cannot hold a line break or NUL")
        if not header.isascii():
            # Sent as UTF-8, read by servers as Latin-1: "café" arrives as "cafÃ©".
            raise ValueError(f"header {name!r}: a value must be ASCII (percent-encode it)")
    return value


RequestHeaders = Annotated[dict[str, str], AfterValidator(_check_headers)]


def _check_user_agent(value: str) -> str:
    if not value.strip() or any(c in value for c in "\r\n\0"):
        raise ValueError("expected a non-empty user agent on one line")
    return value.strip()


UserAgent = Annotated[str, AfterValidator(_check_user_agent)]


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    return value


Regex = Annotated[str, AfterValidator(_check_regex)]


def _check_selector(value: str) -> str:
    """'css:…', 'xpath:…' or a bare CSS selector; checked by compiling it."""
    try:
        compile_selector(value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    return value


Selector = Annotated[str, AfterValidator(_check_selector)]

_PARSER_SPEC = re.compile(r"^(?:[A-Za-z_][\w.]*|[^:]+\.py):[A-Za-z_][\w.]*$")


def _check_parser_spec(value: str) -> str:
    if not _PARSER_SPEC.match(value):
        raise ValueError("expected module:Name or path/to/file.py:Name")
    return value


ParserSpec = Annotated[str, AfterValidator(_check_parser_spec)]


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("expected an IANA time zone such as UTC or Europe/Berlin") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sections ----------------------------------------------------------------


class Schedule(_Model):
    """When a source is crawled: an interval or a cron expression, in a time zone."""

    every: timedelta | None = None
    cron: str | None = None
    timezone: TimeZoneName = "UTC"
    jitter: timedelta = timedelta(0)

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: Any) -> timedelta | None:
        return None if value is None else _positive_duration(value)

    @field_validator("jitter", mode="before")
    @classmethod
    def _jitter(cls, value: Any) -> timedelta:
        return _non_negative_duration(value)

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            CronTrigger.from_crontab(value, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"expected a 5-field cron expression ({exc})") from None
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Schedule:
        if (self.every is None) == (self.cron is None):
            raise ValueError("give exactly one of 'every' or 'cron'")
        return self

    def describe(self) -> str:
        if self.every is not None:
            return f"every {format_duration(self.every)} ({self.timezone})"
        return f"cron '{self.cron}' ({self.timezone})"


def format_duration(value: timedelta) -> str:
    seconds = value.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


class Politeness(_Model):
    """How hard a source's hosts are hit."""

    download_delay: float = Field(1.0, ge=0)
    concurrency_per_domain: int = Field(2, ge=1, le=64)
    autothrottle: bool = True
    obey_robots: bool = True


class Limits(_Model):
    """Bounds on one crawl of a source (Scrapy's defaults are unbounded)."""

    max_pages: int = Field(2000, ge=1)
    max_depth: int = Field(2, ge=0)
    run_timeout: timedelta = timedelta(minutes=30)
    download_timeout: float = Field(20.0, gt=0)
    max_page_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    max_url_length: int = Field(2083, ge=64)
    max_retry_after: timedelta = timedelta(minutes=2)
    max_age: timedelta | None = None
    # Entries read from one feed or sitemap (50,000 is the sitemap protocol's own
    # maximum); the rest are counted, not read: bounds the time and memory of a
    # hostile or runaway document.
    max_feed_entries: int = Field(50_000, ge=1)

    @field_validator("run_timeout", "max_retry_after", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> timedelta:
        return _positive_duration(value)

    @field_validator("max_age", mode="before")
    @classmethod
    def _max_age(cls, value: Any) -> timedelta | None:
        return None if value is None else _positive_duration(value)


class LinkRules(_Model):
    """Which links found on start (listing) pages are followed, and which are articles."""

    allow: list[Regex] = []
    deny: list[Regex] = []
    article_pattern: Regex | None = None
    max_pagination: int = Field(3, ge=0)


class Selectors(_Model):
    """Per-source CSS or XPath overrides; each wins over every automatic rule.

    A selector is ``css:…``, ``xpath:…`` or a bare CSS selector. ``remove``
    lists elements dropped before anything is extracted.
    """

    headline: Selector | None = None
    standfirst: Selector | None = None
    byline: Selector | None = None
    published_at: Selector | None = None
    updated_at: Selector | None = None
    body: Selector | None = None
    related: Selector | None = None
    remove: list[Selector] = []


class Source(_Model):
    """One news source: where its articles are discovered, and how it is crawled."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    enabled: bool = True
    site_name: str | None = None
    feeds: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    start_pages: list[HttpUrl] = []
    link_rules: LinkRules = LinkRules()
    allowed_domains: list[HostPort] = []
    schedule: Schedule | None = None
    politeness: Politeness | None = None
    limits: Limits | None = None
    selectors: Selectors = Selectors()
    # For a site that refuses the crawler's own user agent or needs a header
    # (a consent cookie, an Accept it insists on): sent with every request of
    # this source's crawls. robots.txt is still read for the top-level user_agent.
    user_agent: UserAgent | None = None
    headers: RequestHeaders = {}
    # A Python parser for this source's pages: "module:Name" or "path/to/file.py:Name"
    # (a path relative to the config file), Name a SourceParser or a list of versions.
    parser: ParserSpec | None = None

    @model_validator(mode="after")
    def _has_discovery(self) -> Source:
        if not (self.feeds or self.sitemaps or self.start_pages):
            raise ValueError("give at least one of feeds, sitemaps, start_pages")
        return self


class Defaults(_Model):
    """Applied to every source that does not give its own."""

    schedule: Schedule = Schedule(every=timedelta(minutes=30))
    politeness: Politeness = Politeness()
    limits: Limits = Limits()


class DedupSettings(_Model):
    """Thresholds of the wire-copy decision (defaults chosen on the development set).

    See ``docs/dedup.md`` for what each figure means and how the defaults were chosen.
    Changing a fingerprint field (``num_perm``, ``bands``, ``shingle_size``, ``anchor_mod``,
    ``max_anchors``) makes stored profiles incomparable: rebuild them.
    """

    # fingerprints and candidate lookup
    num_perm: int = Field(128, ge=16, le=512)
    bands: int = Field(32, ge=4)
    shingle_size: int = Field(5, ge=2, le=10)
    anchor_mod: int = Field(6, ge=1, le=64)
    max_anchors: int = Field(64, ge=0, le=512)
    max_candidates: int = Field(20, ge=1)
    max_key_postings: int = Field(200, ge=2)
    # verification
    accept_overlap: float = Field(0.9, gt=0, le=1)
    min_overlap_to_align: float = Field(0.02, ge=0, le=1)
    min_shared_shingles: int = Field(8, ge=1)
    min_run: int = Field(3, ge=2, le=12)
    long_run: int = Field(8, ge=3, le=40)
    min_copy_share: float = Field(0.75, gt=0, le=1)
    min_copy_raw_share: float = Field(0.4, gt=0, le=1)
    # copy rule, verbatim level: one text's lead (first lead_words content words) shared
    lead_words: int = Field(30, ge=5, le=200)
    min_lead_share: float = Field(0.5, ge=0, le=1)
    # in-order rule, verbatim level: share of the shorter text in runs in the same order
    min_in_order_share: float = Field(0.7, gt=0, le=1)
    # rewrite level (rewrite, dense rules): share of one text's lead reworded in the other
    min_rewrite_lead_share: float = Field(0.3, ge=0, le=1)
    shared_paragraph_share: float = Field(0.5, gt=0, le=1)
    single_passage_share: float = Field(0.9, gt=0, le=1)
    min_aligned_share: float = Field(0.45, gt=0, le=1)
    min_long_run_share: float = Field(0.35, ge=0, le=1)
    min_long_runs: int = Field(3, ge=1)
    dense_aligned_share: float = Field(0.6, gt=0, le=1)
    dense_min_runs: int = Field(3, ge=2)
    # derived rule, rewrite level: names and numbers of the shorter text, all in the longer
    min_contained_names: int = Field(5, ge=1)
    # assignment
    bridge_min_share: float = Field(0.8, gt=0, le=1)
    story_settled_similarity: float = Field(0.95, gt=0, le=1)
    max_copies_per_story: int = Field(6, ge=1)
    # event tier (aggregator/dedup/events.py)
    event_terms: int = Field(256, ge=4, le=1024)
    event_keys: int = Field(16, ge=1, le=256)
    event_query_keys: int = Field(32, ge=1, le=256)
    event_max_postings: int = Field(50, ge=1)
    event_max_candidates: int = Field(30, ge=1)
    event_min_similarity: float = Field(0.15, ge=0, le=1)
    event_related_similarity: float = Field(0.1, ge=0, le=1)
    event_min_shared_names: int = Field(1, ge=0)
    event_window_days: int = Field(3, ge=0)
    event_df_buckets: int = Field(1 << 20, ge=1 << 10, le=1 << 26)

    @classmethod
    def defaults(cls) -> DedupSettings:
        """The defaults (validated like any other value; a plain call needs the pydantic
        plugin for mypy to see that every field has one)."""
        return cls.model_validate({})

    @model_validator(mode="after")
    def _bands_divide(self) -> DedupSettings:
        if self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        if self.event_df_buckets & (self.event_df_buckets - 1):
            raise ValueError(f"event_df_buckets ({self.event_df_buckets}) must be a power of two")
        return self


class BoilerplateSettings(_Model):
    """Site-aware boilerplate: blocks repeated across a source's stories (docs/parser.md).

    A short paragraph near either end of the body (or the standfirst) seen in at least
    ``min_stories`` distinct stories of the same source is dropped from its articles.
    """

    enabled: bool = True
    min_stories: int = Field(3, ge=2, le=10)
    max_chars: int = Field(200, ge=1, le=600)
    edge_paragraphs: int = Field(6, ge=0, le=8)
    # A block seen in one story only and not for this long was that article's own text.
    forget_after: timedelta = timedelta(days=30)

    @field_validator("forget_after", mode="before")
    @classmethod
    def _forget(cls, value: Any) -> timedelta:
        return _positive_duration(value)


class DaemonSettings(_Model):
    max_parallel_crawls: int = Field(2, ge=1, le=64)
    grace_period: timedelta = timedelta(seconds=30)
    backoff_after_failures: int = Field(3, ge=1)

    @field_validator("grace_period", mode="before")
    @classmethod
    def _grace(cls, value: Any) -> timedelta:
        return _positive_duration(value)


class WebSettings(_Model):
    """The web view (``aggregator serve``)."""

    # Times are shown in this zone; a reader can switch to UTC (and back).
    timezone: TimeZoneName = "UTC"
    # Where readers reach the web view: alert webhooks and feeds link stories there.
    base_url: HttpUrl | None = None


_ALERT_QUERY_WORD = re.compile(r"\w", re.UNICODE)


class Alert(_Model):
    """A saved search that fires once per new story it matches (docs/configuration.md)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    # Words matched as `aggregator search` matches them: every word, in headline or body.
    query: str
    sources: list[str] = []
    min_outlets: int = Field(1, ge=1)
    # Fire when a story first matches even below min_outlets, and again when it reaches them.
    early: bool = False
    # "atom" (a feed served by `aggregator serve` at /alerts/NAME.atom) or a webhook URL.
    target: str
    # A webhook's HMAC-SHA256 key: in the file, or (better) named by an environment variable.
    secret: SecretStr | None = None
    secret_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")

    @field_validator("query")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not _ALERT_QUERY_WORD.search(value):
            raise ValueError("expected at least one word to search for")
        return value

    @field_validator("target")
    @classmethod
    def _target(cls, value: str) -> str:
        if value == "atom":
            return value
        try:
            return _check_http_url(value)
        except ValueError:
            raise ValueError("expected 'atom' or an http(s) webhook URL") from None

    @model_validator(mode="after")
    def _secret_for_webhooks(self) -> Alert:
        if self.target == "atom":
            if self.secret is not None or self.secret_env is not None:
                raise ValueError("'secret' and 'secret_env' are for webhook targets only")
        elif (self.secret is None) == (self.secret_env is None):
            raise ValueError("a webhook target needs exactly one of 'secret' or 'secret_env'")
        if self.early and self.min_outlets == 1:
            raise ValueError("'early' needs min_outlets above 1")
        return self

    @property
    def is_webhook(self) -> bool:
        return self.target != "atom"


class AlertDelivery(_Model):
    """How the daemon (or `aggregator alerts deliver`) looks for matches and delivers them."""

    every: timedelta = timedelta(minutes=1)
    timeout: timedelta = timedelta(seconds=10)
    retry_delay: timedelta = timedelta(seconds=30)
    max_retry_delay: timedelta = timedelta(hours=1)
    max_attempts: int = Field(10, ge=1, le=100)
    # Webhook hosts allowed to be loopback or private addresses (as a source's own hosts are).
    trusted_hosts: list[str] = []

    @field_validator("trusted_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        return [h.strip().lower() for h in hosts]

    @field_validator("every", "timeout", "retry_delay", "max_retry_delay", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> timedelta:
        return _positive_duration(value)


_REDIS_SCHEMES = ("redis", "rediss", "unix")


def _check_redis_url(value: str) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a Redis URL such as redis://127.0.0.1:6379/0")
    parts = urlsplit(value.strip())
    if parts.scheme not in _REDIS_SCHEMES or not (parts.netloc or parts.path):
        raise ValueError(
            "expected a redis://, rediss:// or unix:// URL such as redis://127.0.0.1:6379/0"
        )
    _check_port(parts)
    return value.strip()


class ClusterSettings(_Model):
    """Crawl workers on several hosts through Redis, and one writer (docs/scaling.md).

    Present, it makes the daemon a coordinator that enqueues crawls instead of
    running them; absent, everything runs on one host as before.
    """

    redis_url: Annotated[str, AfterValidator(_check_redis_url)]
    # How long a site lease or a claimed job outlives a worker that stops renewing
    # it (renewed every third of it): the wait before a dead worker's job runs again.
    lease: timedelta = timedelta(seconds=30)
    # Parsed articles a crawl pushes in one round trip (it also pushes once a second).
    push_batch_size: int = Field(64, ge=1, le=4096)
    # Articles the writer stores in one transaction, and how long it waits to fill one.
    writer_batch_size: int = Field(256, ge=1, le=4096)
    writer_wait: timedelta = timedelta(milliseconds=500)

    @field_validator("lease", mode="before")
    @classmethod
    def _lease(cls, value: Any) -> timedelta:
        lease = _positive_duration(value)
        if lease.total_seconds() < 1:
            raise ValueError("expected a lease of at least 1s")
        return lease

    @field_validator("writer_wait", mode="before")
    @classmethod
    def _writer_wait(cls, value: Any) -> timedelta:
        return _non_negative_duration(value)

    @model_validator(mode="after")
    def _wait_within_lease(self) -> ClusterSettings:
        # The writer renews its lease every third of it, between two batches.
        if self.writer_wait >= self.lease / 3:
            raise ValueError(
                f"writer_wait ({format_duration(self.writer_wait)}) must be shorter than a "
                f"third of lease ({format_duration(self.lease)})"
            )
        return self


class Config(_Model):
    """The whole validated configuration."""

    database: Path = Path("data/news.db")
    user_agent: str = "newsagg/0.1 (+https://github.com/newsagg/newsagg)"
    defaults: Defaults = Defaults()
    dedup: DedupSettings = DedupSettings()
    daemon: DaemonSettings = DaemonSettings()
    boilerplate: BoilerplateSettings = BoilerplateSettings()
    cluster: ClusterSettings | None = None
    web: WebSettings = WebSettings()
    sources: list[Source] = []
    alerts: list[Alert] = []
    alert_delivery: AlertDelivery = AlertDelivery()
    path: Path | None = Field(None, exclude=True)
    # What the upgrades of an older config format rewrote, for the application to show.
    notices: tuple[str, ...] = Field((), exclude=True)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[Source]) -> list[Source]:
        _refuse_duplicates("source", [s.name for s in sources])
        return sources

    @field_validator("alerts")
    @classmethod
    def _unique_alerts(cls, alerts: list[Alert]) -> list[Alert]:
        _refuse_duplicates("alert", [a.name for a in alerts])
        return alerts

    @model_validator(mode="after")
    def _alert_sources_exist(self) -> Config:
        known = {s.name for s in self.sources}
        for alert in self.alerts:
            for name in alert.sources:
                if name not in known:
                    raise ValueError(f"alert '{alert.name}' names unknown source '{name}'")
        return self

    def alert(self, name: str) -> Alert | None:
        return next((a for a in self.alerts if a.name == name), None)

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"{self.path or 'config'}: no source named '{name}' (known: {known})")

    def schedule_for(self, source: Source) -> Schedule:
        return source.schedule or self.defaults.schedule

    def politeness_for(self, source: Source) -> Politeness:
        return source.politeness or self.defaults.politeness

    def limits_for(self, source: Source) -> Limits:
        return source.limits or self.defaults.limits

    def to_document(self) -> dict[str, Any]:
        """The validated config as a JSON-ready config document that validates to an equal Config.

        Durations are written in the config's own units ('30m', '0.25s'), so the
        document is itself a valid config file (JSON is YAML): the daemon hands
        its crawls such a snapshot instead of the file on disk, which may have
        been edited since (docs/operations.md).
        """
        document: dict[str, Any] = _document_value(self.model_dump(mode="python"))
        return document


def _duration_text(value: timedelta) -> str:
    if value.microseconds == 0:
        return format_duration(value)
    return f"{value.total_seconds():.6f}".rstrip("0") + "s"


def _document_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _document_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_document_value(item) for item in value]
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, Path):
        return str(value)
    return value


def _refuse_duplicates(kind: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"duplicate {kind} name '{name}'")
        seen.add(name)


# --- loading -------------------------------------------------------------------


class _SafeLineLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no billion-laughs) and keeps node lines."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                "while reading", None, "YAML aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


FieldPath = tuple[str | int, ...]


def _line_index(node: yaml.Node | None, path: FieldPath = ()) -> dict[FieldPath, int]:
    """Map each field path to its 1-based line in the file."""
    lines: dict[FieldPath, int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _line_index(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, path + (i,)))
    return lines


def _format_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe_error(err: ErrorDetails, raw: Any, lines: dict[FieldPath, int], where: str) -> str:
    # pydantic puts union/validator tags in loc; keep only real keys and indexes.
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
    line = None
    probe = loc
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    prefix = f"{where}:{line}" if line else where
    field = _format_path(loc)
    if loc and loc[0] == "sources" and len(loc) > 1 and isinstance(loc[1], int):
        try:
            name = raw["sources"][loc[1]].get("name")
        except (KeyError, IndexError, TypeError, AttributeError):
            name = None
        if name:
            field = f"{field} (source '{name}')"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "required field is missing"
    value = err.get("input")
    shown = "" if err["type"] in ("missing",) or isinstance(value, dict | list) else f" = {value!r}"
    return f"{prefix}: {field}{shown}: {message}"


# Rewrites the raw YAML mapping of an older config format in place, before it is
# validated, and returns one notice per rewritten key ("… is deprecated: write …").
RawUpgrade = Callable[[dict[str, Any]], list[str]]


def load_config(
    path: str | Path = DEFAULT_CONFIG_PATH, *, upgrades: Sequence[RawUpgrade] = ()
) -> Config:
    """Read and validate a config file; raise :class:`ConfigError` (one line) on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    return parse_config(text, where=str(path), path=path, upgrades=upgrades, empty_ok=False)


def database_named_in(path: str | Path) -> Path | None:
    """The ``database`` a config file names, read without validating anything else.

    For ``aggregator status``, which must show the run history while the file
    is invalid. None when the file cannot be read or names no database.
    """
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SafeLineLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = raw.get("database") if isinstance(raw, dict) else None
    return Path(value) if isinstance(value, str) and value.strip() else None


def parse_config(
    text: str,
    *,
    where: str = "config",
    path: Path | None = None,
    upgrades: Sequence[RawUpgrade] = (),
    empty_ok: bool = True,
) -> Config:
    """Validate configuration given as YAML text.

    ``upgrades`` rewrite keys of an older format first; what each rewrote is
    kept in ``Config.notices`` for the application to show. A file with no
    settings at all (empty, or only comments) is refused unless ``empty_ok``:
    every default then applies silently, which is never what was meant.
    """
    try:
        node = yaml.compose(text, Loader=_SafeLineLoader)
        raw = yaml.load(text, Loader=_SafeLineLoader) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{where}{line}: YAML error: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: YAML error: {exc}") from None
    if node is None or raw is None:
        if not empty_ok:
            raise ConfigError(
                f"{where}: config file is empty (no settings): "
                "write at least a sources list (see docs/configuration.md)"
            )
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}:1: (top level): expected a mapping of settings")
    notices: list[str] = []
    for upgrade in upgrades:
        notices += [f"{where}: {notice}" for notice in upgrade(raw)]
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        lines = _line_index(node)
        first = exc.errors()[0]
        raise ConfigError(_describe_error(first, raw, lines, where)) from None
    base = path.parent if path is not None else Path.cwd()
    return config.model_copy(
        update={
            "path": path,
            "notices": tuple(notices),
            "sources": [_resolve_parser_path(source, base) for source in config.sources],
        }
    )


def _resolve_parser_path(source: Source, base: Path) -> Source:
    """A parser file named relative to the config file, made absolute once, here."""
    if source.parser is None:
        return source
    target, _, name = source.parser.rpartition(":")
    if not target.endswith(".py") or Path(target).is_absolute():
        return source
    return source.model_copy(update={"parser": f"{(base / target).resolve()}:{name}"})
