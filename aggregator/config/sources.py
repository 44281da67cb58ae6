"""What a source is: where its articles are found, when and how hard it is crawled, its
selector overrides, and the defaults for every source that does not give its own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, SerializationInfo, field_serializer, field_validator, model_validator

from aggregator.config.values import (
    NAME_PATTERN,
    HostPort,
    HttpUrl,
    Model,
    ParserSpec,
    Regex,
    RequestHeaders,
    Selector,
    TimeZoneName,
    UserAgent,
    bare_seconds,
    format_duration,
    non_negative_duration,
    positive_duration,
)

#: When a source runs where neither ``defaults.schedule`` nor its own schedule says.
DEFAULT_EVERY = timedelta(minutes=30)

#: The keys of a schedule that say when it runs: one choice, given together or not at all.
WHEN_KEYS = frozenset({"every", "cron"})


class Schedule(Model):
    """When a source is crawled: an interval or a cron expression, in a time zone.

    A block may give neither ``every`` nor ``cron`` (``{timezone: Europe/Berlin}``,
    ``{jitter: 5m}``): the rest is merged over ``defaults.schedule``, whose own
    when is :data:`DEFAULT_EVERY` unless it names one.
    """

    every: timedelta | None = None
    cron: str | None = None
    timezone: TimeZoneName = "UTC"
    jitter: timedelta = timedelta(0)

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: Any) -> timedelta | None:
        return None if value is None else positive_duration(value)

    @field_validator("jitter", mode="before")
    @classmethod
    def _jitter(cls, value: Any) -> timedelta:
        return non_negative_duration(value)

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
        if self.every is not None and self.cron is not None:
            raise ValueError("give exactly one of 'every' or 'cron', not both")
        if (problem := self.jitter_problem()) is not None:
            raise ValueError(problem)
        return self

    def jitter_problem(self) -> str | None:
        """What is wrong with a jitter not shorter than the interval, else None.

        Each jittered run time is where the next interval starts counting, so `every: 1m,
        jitter: 2h` runs about hourly. A cron is not checked: its gaps differ (`0 6 * * 1-5`
        has one of 1 day and one of 3), so there is no one interval to compare with.
        """
        if self.every is None or self.jitter < self.every:
            return None
        return (
            f"jitter {format_duration(self.jitter)} is not shorter than every "
            f"{format_duration(self.every)}: each run would push the next past its time "
            "(were the two swapped?)"
        )

    def describe(self) -> str:
        if self.every is not None:
            return f"every {format_duration(self.every)} ({self.timezone})"
        return f"cron '{self.cron}' ({self.timezone})"


class Politeness(Model):
    """How hard a source's hosts are hit."""

    download_delay: float = Field(1.0, ge=0)
    concurrency_per_domain: int = Field(2, ge=1, le=64)
    autothrottle: bool = True
    obey_robots: bool = True
    # X-Robots-Tag and robots meta tags: a page saying noarchive, noindex or none is not
    # stored (docs/crawling.md, "Politeness"); false only with the site's licence.
    obey_robots_meta: bool = True
    # Loopback, private and link-local answers: ``named`` lets them through for the
    # hosts the source's entry writes itself (feeds, sitemaps, start_pages,
    # allowed_domains; exactly, not their subdomains), ``refuse`` for none.
    private_addresses: Literal["named", "refuse"] = "named"

    @field_validator("download_delay", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> Any:
        return bare_seconds(value)


class Limits(Model):
    """Bounds on one crawl of a source (Scrapy's defaults are unbounded)."""

    max_pages: int = Field(2000, ge=1)
    max_depth: int = Field(2, ge=0)
    run_timeout: timedelta = timedelta(minutes=30)
    download_timeout: float = Field(20.0, gt=0)
    max_page_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    max_url_length: int = Field(2083, ge=64)
    max_retry_after: timedelta = timedelta(minutes=2)
    # The longest Crawl-delay (or Request-rate interval) a robots.txt may ask for: a
    # longer one gives its host up for the run (16 requests queued behind a 40 s delay
    # were 10 minutes of a crawl told to stop). Also the widest a host's delay grows
    # while it answers server errors.
    max_crawl_delay: timedelta = timedelta(seconds=30)
    # Answers in a row from one host that are server errors (5xx, 429) with no other
    # answer between: the host is given up for the rest of the run (host_failing).
    max_server_errors_in_a_row: int = Field(5, ge=1)
    max_age: timedelta | None = None
    # Entries read from one feed or sitemap (50,000 is the sitemap protocol's own
    # maximum); the rest are counted, not read: bounds the time and memory of a
    # hostile or runaway document.
    max_feed_entries: int = Field(50_000, ge=1)
    # Sitemaps the crawl finds (an index's children, robots.txt's) requested per crawl, a
    # budget apart from the articles' (and never more than half of max_pages): an index of
    # 300 undated children once spent max_pages on sitemaps and fetched no article.
    max_sitemaps: int = Field(100, ge=0)
    # Pages of one article split over pages (rel=next) fetched and joined into it: 1
    # follows none.
    max_article_pages: int = Field(10, ge=1)

    @field_validator("download_timeout", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> Any:
        return bare_seconds(value)

    @field_validator("run_timeout", "max_retry_after", "max_crawl_delay", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> timedelta:
        return positive_duration(value)

    @field_validator("max_age", mode="before")
    @classmethod
    def _max_age(cls, value: Any) -> timedelta | None:
        return None if value is None else positive_duration(value)


class LinkRules(Model):
    """Which links found on start (listing) pages are followed, and which are articles."""

    allow: list[Regex] = []
    deny: list[Regex] = []
    article_pattern: Regex | None = None
    max_pagination: int = Field(3, ge=0)


class Selectors(Model):
    """Per-source CSS or XPath overrides; each wins over every automatic rule.

    A selector is ``css:…``, ``xpath:…`` or a bare CSS selector. ``remove``
    lists elements dropped before anything is extracted; one selector given alone
    is a list of one.
    """

    headline: Selector | None = None
    standfirst: Selector | None = None
    byline: Selector | None = None
    published_at: Selector | None = None
    updated_at: Selector | None = None
    body: Selector | None = None
    related: Selector | None = None
    remove: list[Selector] = []

    @field_validator("remove", mode="before")
    @classmethod
    def _remove(cls, value: Any) -> Any:
        # Every other key takes one selector as a string, so an operator writes
        # `remove: div.promo` the same way; it means what `remove: [div.promo]` does.
        # A key left empty (`remove:`, YAML's null) removes nothing, as the other
        # keys' null selects nothing.
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    def missed(self, provenance: Mapping[str, str]) -> list[str]:
        """The keys whose selector gave nothing on a page, read from the article's
        ``provenance``: there the automatic rules filled the field instead (``override``
        marks a value a selector gave). ``related`` and ``remove`` have no fallback to
        tell a miss by, and are never listed."""
        return [
            key
            for key, field in _PROVENANCE_FIELD.items()
            if getattr(self, key) is not None and provenance.get(field) != "override"
        ]


# The selector keys that fall back to the automatic rules, and the article field each
# fills (a byline gives the authors).
_PROVENANCE_FIELD = {
    "headline": "headline",
    "standfirst": "standfirst",
    "byline": "authors",
    "published_at": "published_at",
    "updated_at": "updated_at",
    "body": "body",
}


#: The kinds of URL a source's crawl starts from, each a list of :class:`Source` and of
#: ``aggregator.discovery.DiscoveryPlan``, in the order a crawl reads them.
DISCOVERY_KINDS = ("feeds", "sitemaps", "start_pages")


class Source(Model):
    """One news source: where its articles are discovered, and how it is crawled."""

    name: str = Field(pattern=NAME_PATTERN)
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
    # The zone the site's pages print clock times in, for a date the page states no
    # offset for and gives no other sign of its zone ("14:05 Uhr" on a German site):
    # without it such a time is read as UTC.
    page_timezone: TimeZoneName | None = None

    @property
    def discovery_urls(self) -> list[str]:
        """Every URL a crawl of this source starts from, of each of the
        :data:`DISCOVERY_KINDS` in turn, as written."""
        return [url for kind in DISCOVERY_KINDS for url in getattr(self, kind)]

    @property
    def page_zone(self) -> ZoneInfo | None:
        """``page_timezone`` as a zone (None: not given)."""
        return ZoneInfo(self.page_timezone) if self.page_timezone else None

    @field_serializer("schedule", "politeness", "limits")
    def _as_written(self, block: Model | None, info: SerializationInfo) -> dict[str, Any] | None:
        # Only the keys the operator gave: the others come from `defaults`
        # (Config.politeness_for), and a document read back (the daemon's snapshot)
        # must not hold built-ins as the source's own, which would hide those defaults.
        return None if block is None else block.model_dump(mode=info.mode, exclude_unset=True)

    @model_validator(mode="after")
    def _has_discovery(self) -> Source:
        if not self.discovery_urls:
            raise ValueError(f"give at least one of {', '.join(DISCOVERY_KINDS)}")
        return self


class Defaults(Model):
    """Applied to every source for each key of these blocks it does not give itself."""

    schedule: Schedule = Schedule(every=DEFAULT_EVERY)
    politeness: Politeness = Politeness()
    limits: Limits = Limits()

    @field_validator("schedule")
    @classmethod
    def _runs_at_some_time(cls, schedule: Schedule) -> Schedule:
        # `{timezone: Europe/Berlin}` alone keeps the built-in interval.
        if schedule.every is None and schedule.cron is None:
            schedule = schedule.model_copy(update={"every": DEFAULT_EVERY})
        if (problem := schedule.jitter_problem()) is not None:
            raise ValueError(problem)
        return schedule
