"""Scrapy settings: what is the same for every crawl, and what each source's config sets.

The upper-case names are the project's Scrapy settings (``scrapy.cfg`` points
here), bounded where Scrapy's own defaults are not. ``settings_for_source``
is the one place where config.yaml values become Scrapy settings.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import spiders.pipelines
import storage.writes
from aggregator.config import DEFAULT_CONFIG_PATH, Config, Limits, Source

BOT_NAME = "newsagg"
SPIDER_MODULES = ["spiders.news"]
NEWSPIDER_MODULE = "spiders.news"

# Where `scrapy crawl news -a source=NAME` finds the project configuration;
# `aggregator crawl` passes the already-validated Config object instead.
AGGREGATOR_CONFIG = str(DEFAULT_CONFIG_PATH)

# What a source's config sets (its politeness, limits, user agent, …) is not declared
# here: settings_for_source sets it for every crawl (a page fetched by hand too), from
# the validated config; read that function for the list, which is kept nowhere else.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy ≥2.18 opens a localhost control port by default
# file:// and data: URLs never come from the web legitimately.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}

REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = 2048

# download_delay is the least time between two requests to one host (docs/configuration.md):
# Scrapy's default ±50% random variation would send some after half of it.
DOWNLOAD_DELAY_JITTER = 0.0
# Holds CONCURRENT_REQUESTS_PER_DOMAIN when download_delay is 0, and sends nothing more
# once the crawl closes, so that run_timeout bounds a crawl with a per-host delay (see
# the classes).
DOWNLOADER = "spiders.downloader.ClosingDownloader"

AUTOTHROTTLE_MAX_DELAY = 30.0
# Scrapy's own, polite default: a host answering slower than download_delay gets its
# next request no sooner than its last answer took (delay = latency / target).
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

ITEM_PIPELINES = {"spiders.pipelines.StorePipeline": 300}
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output (2.19,
# Scraper.handle_spider_output_async), one item per article here, and our
# pipeline is synchronous: 100 tasks per page were a third of the spider's CPU.
CONCURRENT_ITEMS = 4
# Scrapy reads every callback's source with ast.parse to warn about generators that
# return a value; its cache is keyed by weak references to bound methods, which die
# with each request, so a crawl re-parsed the spider's source about once every 14
# pages (0.08 ms of CPU per page). tests/test_crawl_middlewares.py runs the same
# check once over every callback instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Scrapy's robots.txt and retry middlewares fail open (robots errors → allow
# all; Retry-After ignored): ours replace them. The address guard runs after
# the offsite filter and before anything is fetched, redirects included. A
# source's own headers go to its own origins only, after Scrapy's defaults.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # First: a host an earlier run was asked to leave alone is sent nothing, robots.txt too.
    "spiders.middlewares.backoffs.RememberedBackoffMiddleware": 50,
    "spiders.middlewares.addresses.AddressGuardMiddleware": 60,
    "spiders.middlewares.robots.RobotsPolicyMiddleware": 100,
    "spiders.middlewares.headers.SourceHeadersMiddleware": 450,
    # Sees an article's final answer (after redirects and retries): one that asks not to
    # be kept (noarchive, noindex) is refused before it is parsed.
    "spiders.middlewares.robots_meta.RobotsMetaMiddleware": 500,
    "spiders.middlewares.retry_after.RetryAfterMiddleware": 550,
    # Nearer the downloader than the retries: it sees a timeout first and may end them.
    "spiders.middlewares.host_timeouts.HostTimeoutsMiddleware": 560,
    # Sees a 3xx answer before Scrapy's RedirectMiddleware (600) turns it into a request.
    "spiders.middlewares.redirect_cookies.RedirectCookieNotesMiddleware": 650,
    # A redirected article request carries no validators of the URL it left.
    "spiders.middlewares.validators.RedirectValidatorsMiddleware": 660,
    # Scrapy's own place, nearest the downloader: after the address guard and robots.txt,
    # so a kept feed is never read for a request they refuse.
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "spiders.middlewares.discovery_cache.DiscoveryCacheMiddleware": 900,
}
# Conditional GET for feeds, sitemaps and listing pages (spiders.middlewares.discovery_cache):
# one gzipped file per document in HTTPCACHE_DIR, one directory per source beside the
# database (discovery_cache_dir); an entry not requested for 30 days is removed at a
# crawl's end.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "spiders.middlewares.discovery_cache.RevalidatingPolicy"
HTTPCACHE_STORAGE = "spiders.middlewares.discovery_cache.DiscoveryCacheStorage"
HTTPCACHE_EXPIRATION_SECS = 30 * 24 * 3600
# Checks the address each connection really uses (DNS rebinding); the runner sets
# NEWSAGG_TRUSTED_HOSTS to the hosts the crawled sources name (exactly).
TWISTED_DNS_RESOLVER = "spiders.middlewares.addresses.PublicAddressResolver"
NEWSAGG_TRUSTED_HOSTS: list[str] = []
# Attempts to one host (host:port) timing out in a row that give it up for the run
# (spiders.middlewares.host_timeouts); any answer from it resets the count.
NEWSAGG_HOST_TIMEOUTS_IN_A_ROW = 10
# False: fetch and count pages but do not parse, dedup or store them (benchmarks).
NEWSAGG_PROCESS_PAGES = True
# Fetched pages are parsed and stored in batches, one transaction each: a batch is
# written when it holds this many pages or its oldest has waited this long. A
# SIGKILL loses at most one batch, which the next crawl fetches again.
NEWSAGG_STORE_BATCH_SIZE = storage.writes.BATCH_SIZE
NEWSAGG_STORE_BATCH_SECONDS = 1.0
# Pages wait as HTML until this many of them, or this much HTML, are parsed one
# after another (warm CPU caches); their articles then wait for the batch's store.
NEWSAGG_PARSE_BATCH_SIZE = spiders.pipelines.PARSE_BATCH_SIZE
NEWSAGG_PARSE_BATCH_BYTES = spiders.pipelines.PARSE_BATCH_BYTES
# A cluster worker's crawl: the run key under which the articles are pushed to the
# article stream of config.cluster instead of stored (empty: store into SQLite), and
# the file the run's report is written to instead of crawl_runs (docs/scaling.md).
NEWSAGG_ARTICLE_STREAM = ""
NEWSAGG_RUN_REPORT = ""
# A shard of `crawl --processes`: the crawl id its run row shares with the other shards'
# (crawl_runs.crawl_id, set by the parent); 0: a crawl of its own.
NEWSAGG_CRAWL_ID = 0

# Counts a redirect dropped as already requested (a redirect loop is an error).
DUPEFILTER_CLASS = "spiders.dupefilter.RedirectCountingDupeFilter"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"


def discovery_cache_dir(config: Config, source: Source) -> Path:
    """Where a source's feeds, sitemaps and listing pages are kept: ``httpcache/<source>``
    beside the database (a cluster worker's own, on its host, under the same path)."""
    return _discovery_cache_root(config) / source.name


def _discovery_cache_root(config: Config) -> Path:
    return config.database.absolute().parent / "httpcache"


# What a crawl whose kept documents cannot be written does instead (discovery_cache_problem).
NO_CONDITIONAL_GET = "feeds, sitemaps and listing pages are fetched whole, none kept"


def discovery_cache_problem(config: Config) -> str | None:
    """Why the kept feeds, sitemaps and listing pages cannot be written on this host (a
    cluster worker without the database's folder, say); None if they can. Looks only:
    the folders are made by the first entry stored, the database's folder never."""
    root = _discovery_cache_root(config)
    if root.exists():
        usable = root.is_dir() and os.access(root, os.W_OK | os.X_OK)
        return None if usable else f"{root} is not a folder this process can write"
    if not root.parent.is_dir():
        return f"{root.parent} (the database's folder) does not exist on this host"
    if not os.access(root.parent, os.W_OK | os.X_OK):
        return f"{root.parent} (the database's folder) cannot be written"
    return None


def remove_caches_of_removed_sources(config: Config) -> list[str]:
    """Delete the ``httpcache/<name>`` folders of sources no longer in ``config`` (disabled
    ones stay); their names, sorted. Their entries would otherwise never be pruned: only
    a crawl of its own source prunes a folder. Only folders laid out as our cache go
    (``remove_caches_of``), as when the daemon drops a source.

    A source whose entry is set aside is still in the config (its folder stays); while
    an entry's name cannot be read, any folder may be its own, and none is deleted.
    """
    configured = config.entry_names()
    if configured is None:
        return []
    try:
        folders = [p.name for p in _discovery_cache_root(config).iterdir()]
    except OSError:  # none yet, or not a folder: nothing kept
        return []
    return remove_caches_of(config, [name for name in folders if name not in configured])


def remove_caches_of(config: Config, names: list[str]) -> list[str]:
    """Delete the ``httpcache/<name>`` folders of ``names`` (sources the daemon just
    unscheduled, gone from its config); the names of those deleted, sorted. Only a
    folder laid out as the discovery cache writes it goes: anything else is not ours."""
    from spiders.middlewares.discovery_cache import is_discovery_cache

    root = _discovery_cache_root(config)
    removed = []
    for name in sorted(names):
        folder = root / name
        if folder.is_dir() and not folder.is_symlink() and is_discovery_cache(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(name)
    return removed


# Scrapy logs a warning for a page past this size (below max_page_bytes). Lower-case:
# Scrapy would read an upper-case name here as a setting of its own.
warn_page_bytes = 4 * 1024 * 1024


# What a crawl child spends before its spider opens (imports, the config, the database),
# which the daemon's limit counts and the crawl's own time cap does not: 3.4 s seen on a
# loaded test machine.
START_ALLOWANCE = 5.0


def own_time_cap(limits: Limits) -> float:
    """Seconds after its spider opens that a crawl closes itself (``CLOSESPIDER_TIMEOUT``):
    early enough that its start and the requests on the wire when it closes (each within
    ``download_timeout``; the queued ones are dropped, spiders.downloader) fit within
    ``run_timeout``, where the daemon stops it. 90 % of ``run_timeout`` at most (27 of 30
    minutes), half of it at least (a ``download_timeout`` near ``run_timeout``)."""
    run = limits.run_timeout.total_seconds()
    fitting = run - limits.download_timeout - START_ALLOWANCE
    return max(0.5 * run, min(0.9 * run, fitting))


def settings_for_source(config: Config, source: Source) -> dict[str, Any]:
    """Scrapy settings for one source's crawl, from its politeness and limits."""
    politeness = config.politeness_for(source)
    limits = config.limits_for(source)
    return {
        "USER_AGENT": source.user_agent or config.user_agent,
        # The crawler's name in robots.txt and robots meta tags (Config.robots_agent): a
        # source sent under another user agent still obeys the rules for ours.
        "ROBOTSTXT_USER_AGENT": config.robots_agent,
        # spiders.middlewares.headers sends them to these URLs' origins only.
        "NEWSAGG_SOURCE_HEADERS": dict(source.headers),
        "NEWSAGG_SOURCE_ORIGINS": source.discovery_urls,
        # Read by the address guard: whether the source's named hosts may be private.
        "NEWSAGG_PRIVATE_ADDRESSES": politeness.private_addresses,
        "ROBOTSTXT_OBEY": politeness.obey_robots,
        "NEWSAGG_OBEY_ROBOTS_META": politeness.obey_robots_meta,
        "DOWNLOAD_DELAY": politeness.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": politeness.concurrency_per_domain,
        "AUTOTHROTTLE_ENABLED": politeness.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(politeness.download_delay, 0.1),
        "DOWNLOAD_TIMEOUT": limits.download_timeout,
        "DOWNLOAD_MAXSIZE": limits.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(limits.max_page_bytes, warn_page_bytes),
        "DEPTH_LIMIT": limits.max_depth + 2,  # feed/sitemap index levels come on top
        "URLLENGTH_LIMIT": limits.max_url_length,
        "CLOSESPIDER_PAGECOUNT": limits.max_pages,
        # Close gracefully before the daemon's hard limit kills the crawl.
        "CLOSESPIDER_TIMEOUT": own_time_cap(limits),
        # The longest Retry-After waited for; a longer one gives the host up for this crawl.
        "NEWSAGG_MAX_RETRY_AFTER": limits.max_retry_after.total_seconds(),
        # The longest Crawl-delay obeyed (a longer one gives the host up for this run), and
        # the widest a host's delay grows while it answers server errors.
        "NEWSAGG_MAX_CRAWL_DELAY": limits.max_crawl_delay.total_seconds(),
        # Server errors (5xx, 429) in a row that give a host up for this run.
        "NEWSAGG_MAX_SERVER_ERRORS_IN_A_ROW": limits.max_server_errors_in_a_row,
        "HTTPCACHE_DIR": str(discovery_cache_dir(config, source)),
        # Decided before the crawl, not found out at every store: whoever starts the crawls
        # (the worker at its start, `aggregator crawl`) says so once.
        **({"HTTPCACHE_ENABLED": False} if discovery_cache_problem(config) else {}),
    }
