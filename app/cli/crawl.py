"""Crawling: ``crawl`` (once, a dry run, a source split over processes) and ``demo``."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from aggregator.config import Config, ConfigError, RejectedSource
from app import render
from app.cli.root import (
    SQLITE_MAX_INTEGER,
    Context,
    pass_ctx,
)
from app.errors import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Terminated,
    handle_errors,
)
from app.terminal import column, safe

if TYPE_CHECKING:
    from spiders.runner import CrawlOutcome


def _remove_caches_of_removed_sources(config: Config, all_sources: bool) -> None:
    """``crawl --all`` is the one run that stands for the whole config: the kept feeds and
    sitemaps of a source removed from it go (no crawl of its own will prune them)."""
    from spiders.settings import remove_caches_of_removed_sources

    if all_sources and (removed := remove_caches_of_removed_sources(config)):
        names = ", ".join(removed)
        click.echo(safe(f"removed httpcache/ of sources no longer configured: {names}"))


def _parse_shard(value: str | None, crawl_id: int | None) -> tuple[int, int] | None:
    from spiders.news import parse_shard

    if crawl_id is not None and value is None:
        raise click.UsageError("--crawl-id needs --shard")
    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


def _parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier() or not name.isupper():
            raise click.BadParameter(f"'{pair}' is not NAME=VALUE", param_hint="--set")
        settings[name] = value
    return settings


def _either_signal_exits_130(func: Callable[..., Any]) -> Callable[..., Any]:
    """A crawl stopped by Ctrl-C or SIGTERM exits 130 whenever the signal comes
    (docs/crawling.md): Scrapy's handler, once it runs, does not say which it was, so
    SIGTERM before it (reading the config, taking the lock) ends as Ctrl-C does too."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Terminated:
            raise KeyboardInterrupt from None

    return wrapper


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--all", "all_sources", is_flag=True, help="Crawl every enabled source.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the discovery URLs and the article URLs a crawl would fetch; fetch no article.",
)
@click.option(
    "--run-id",
    type=click.IntRange(1, SQLITE_MAX_INTEGER),
    hidden=True,
    help="crawl_runs row to report into (set by the daemon).",
)
@click.option(
    "--shard", hidden=True, help="i/n: fetch only this share of the article URLs (--processes)."
)
@click.option(
    "--crawl-id",
    type=click.IntRange(1, SQLITE_MAX_INTEGER),
    hidden=True,
    help="With --shard: the crawl id the shards of one --processes crawl share (set by it).",
)
@click.option(
    "--set",
    "scrapy_settings",
    multiple=True,
    hidden=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting for this crawl (tests and benchmarks).",
)
@click.option(
    "--refresh",
    "refresh",
    multiple=True,
    metavar="URL",
    help="Fetch this stored article again even if no feed or sitemap announces a change: "
    "conditionally, unless retention.keep_pages is on and its page is not kept yet; repeat "
    "for more. Discovers nothing else. One source only.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help=(
        "Crawl one source with this many processes, each fetching a share of its articles. "
        "Each process keeps its own download_delay, concurrency_per_domain and max_pages: "
        "N processes may send N times the requests to the host and fetch N x max_pages pages. "
        "Each prints its own summary; status shows them as one run, their figures summed."
    ),
)
@click.option(
    "--stream",
    "stream_run",
    hidden=True,
    help="Run key: push the articles to the cluster's article stream instead of storing "
    "them (set by 'aggregator worker').",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    hidden=True,
    help="With --stream: the file the run's report goes to (read by the worker).",
)
@pass_ctx
@_either_signal_exits_130
@handle_errors
def crawl(
    ctx: Context,
    sources: tuple[str, ...],
    all_sources: bool,
    dry_run: bool,
    run_id: int | None,
    shard: str | None,
    crawl_id: int | None,
    scrapy_settings: tuple[str, ...],
    refresh: tuple[str, ...],
    processes: int,
    stream_run: str | None,
    report_path: Path | None,
) -> None:
    """Crawl SOURCES (names from the config) once and store what they publish.

    A stored article is fetched again only when its feed or sitemap announces
    a change; --refresh URL fetches named ones again regardless.

    \b
    Examples:
      aggregator crawl wirewire --dry-run
      aggregator crawl --all
    """
    from app import crawling

    config = ctx.load_config(warn_set_aside=False)
    ctx.refuse_database_as_output(report_path, "--report")
    if all_sources and (nothing := config.no_source_loads()):
        ctx.warn_set_aside(config.rejected_sources)
        raise ConfigError(nothing)
    names, set_aside = _names_to_crawl(config, sources, all_sources)
    # Each set-aside entry is said once: as this command's error where it was asked for.
    ctx.warn_set_aside(r for r in config.rejected_sources if r not in set_aside)
    one_source = run_id is not None or processes > 1 or bool(shard) or bool(stream_run)
    if one_source and len(names) + len(set_aside) != 1:
        raise click.UsageError(
            "--run-id, --shard, --processes and --stream need exactly one source"
        )
    if refresh and (len(names) + len(set_aside) != 1 or processes > 1 or shard):
        raise click.UsageError("--refresh needs exactly one source (and no --processes)")
    if set_aside and (refresh or one_source):  # options of one source: its error, as below
        _report_outcomes(crawling.set_aside_outcomes(set_aside))
        sys.exit(EXIT_CONFIG)
    if refresh:
        _check_refresh(config, names[0], refresh)
    if dry_run:
        for line in crawling.dry_run_lines(config, names, ctx.log_level, refresh):
            click.echo(safe(line))
        _report_outcomes(crawling.set_aside_outcomes(set_aside))
        sys.exit(EXIT_CONFIG if set_aside else 0)
    if stream_run and config.cluster is None:
        raise click.UsageError("--stream needs a 'cluster:' section in the config")
    _remove_caches_of_removed_sources(config, all_sources)
    if processes > 1:
        _crawl_in_processes(config, names[0], processes, ctx.log_level)
        return
    outcomes = []
    if names:
        outcomes = crawling.crawl(
            config,
            names,
            run_id=run_id,
            shard=_parse_shard(shard, crawl_id),
            crawl_id=crawl_id,
            settings={"LOG_LEVEL": ctx.log_level, **_parse_settings(scrapy_settings)},
            refresh=refresh,
            stream_run=stream_run,
            report=report_path,
        )
    outcomes += crawling.set_aside_outcomes(set_aside)
    _report_outcomes(outcomes)
    # The summaries above said 'shutdown' and exit status 1, which read as a failure. A
    # shard says nothing: its parent (`--processes`) says it once for all of them, and a
    # shard's own signal (systemd signals every process at once) races its parent's.
    if not shard and (said := crawling.interruption_line(outcomes)):
        click.echo(f"error: {said}", err=True)
    sys.exit(crawling.exit_code(outcomes))


def _report_outcomes(outcomes: list[CrawlOutcome]) -> None:
    """Each crawl's summary on stdout; what was not crawled (and why) on stderr."""
    from app import crawling

    for outcome in outcomes:
        for line, is_error in crawling.outcome_lines(outcome):
            click.echo(f"error: {line}" if is_error else line, err=is_error)


def _names_to_crawl(
    config: Config, sources: tuple[str, ...], all_sources: bool
) -> tuple[list[str], list[RejectedSource]]:
    """The valid sources to crawl, and the set-aside entries named (every one with --all).

    A set-aside entry is not crawled but does not stop the others: its error is
    reported with the outcomes. A name the config does not hold at all is a usage
    error of the whole command, as before.
    """
    names: list[str] = []
    set_aside: list[RejectedSource] = []
    if all_sources:
        names = [s.name for s in config.sources if s.enabled]
        set_aside = list(config.rejected_sources)
    valid = {s.name for s in config.sources}
    for name in () if all_sources else sources:
        rejected = config.rejected(name)
        if rejected is not None and name not in valid:
            set_aside.append(rejected)
        else:
            names.append(config.source(name).name)
    if all_sources and not names and not set_aside:
        disabled = len(config.sources)
        raise ConfigError(
            f"{config.path or 'config'}: "
            + (f"no enabled source ({disabled} disabled)" if disabled else "no source entry")
            + "; nothing to crawl"
        )
    if not names and not set_aside:
        raise click.UsageError("name at least one source, or give --all")
    return names, set_aside


def _check_refresh(config: Config, name: str, refresh: tuple[str, ...]) -> None:
    from app import crawling

    if problem := crawling.check_refresh(config, name, refresh):
        click.echo(f"error: --refresh: {problem}", err=True)
        sys.exit(EXIT_USAGE)


def _crawl_in_processes(config: Config, name: str, processes: int, log_level: str) -> None:
    from app import crawling

    try:
        ended = crawling.crawl_in_processes(config, name, processes, log_level=log_level)
    except crawling.SourceBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(crawling.EXIT_BUSY)
    click.echo(f"{name}: {processes} processes, exit codes {ended.codes}")
    if ended.interrupted:
        click.echo(f"error: {crawling.INTERRUPTED_LINE}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if any(ended.codes):
        sys.exit(EXIT_FAILURE)


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1024, 65000),
    help="Base port of the demo network on 127.0.0.1 (outlet i on port+i).  "
    "[default: 8801, or the config's deprecated demo.base_port]",
)
@click.option(
    "--print-config",
    is_flag=True,
    help="Print the config of the demo network on --port (what config.yaml ships) and exit.",
)
@click.option(
    "--serve",
    is_flag=True,
    help="Only serve the demo network on --port, printing its URLs, until Ctrl-C or SIGTERM.",
)
@pass_ctx
@handle_errors
def demo(ctx: Context, port: int | None, print_config: bool, serve: bool) -> None:
    """Serve the demo news network, crawl the config's sources, and summarise the stories.

    The shipped config.yaml lists the demo outlets' feeds and sitemaps on
    127.0.0.1; any other config is crawled the same way. With --serve, only serve
    the network (for the docs' examples that need it running) until stopped.
    """
    from app.demo import DemoNetworkError, serve_until_stopped
    from app.demo.config import DEFAULT_BASE_PORT, demo_config_yaml, deprecated_base_port

    # An older config's demo_outlet sources were pointed at its demo.base_port on load.
    port = port or deprecated_base_port(ctx.config_path) or DEFAULT_BASE_PORT

    if print_config:
        click.echo(
            demo_config_yaml(port, ctx.db_path if ctx.db_override else "data/news.db"), nl=False
        )
        return
    try:
        if serve:
            serve_until_stopped(port, click.echo)
        else:
            _crawl_demo(ctx, port)
    except DemoNetworkError as exc:  # a taken port: which one, and what to do
        raise click.ClickException(str(exc)) from exc


def _crawl_demo(ctx: Context, port: int) -> None:
    """Crawl the config's sources with the demo network served on ``port`` (unless it
    runs already), then print the summary."""
    from app import crawling
    from app.demo import demo_ports, is_running, start_for_command

    if not ctx.config_path.exists():  # run outside the repository, which ships config.yaml
        raise ConfigError(
            f"{ctx.config_path}: config file not found; 'aggregator demo --print-config > "
            f"{ctx.config_path}' writes the demo network's"
        )
    config = ctx.config
    names = [s.name for s in config.sources if s.enabled]
    if not names:
        raise click.UsageError(f"{ctx.config_path}: no enabled source to crawl")
    if not _crawls_demo_network(config, port):
        # The shipped config names port 8801: with another --port the crawl would fetch
        # nothing, with a wall of connection errors and no word of why.
        click.echo(
            f"warning: no enabled source of {ctx.config_path} is on the demo network at "
            f"127.0.0.1:{port}-{demo_ports(port)[-1]}; "
            f"'aggregator demo --port {port} --print-config' prints a config that crawls it",
            err=True,
        )
    network = None if is_running(port) else start_for_command(port)
    try:
        outcomes = crawling.crawl(config, names, settings={"LOG_LEVEL": ctx.log_level})
    finally:
        if network is not None:
            network.stop()
    for outcome in crawling.failed(outcomes):
        click.echo(
            f"error: crawl of {outcome.source} ended with '{outcome.finish_reason}'", err=True
        )
    _print_demo_summary(ctx, names, outcomes)
    if crawling.failed(outcomes):
        sys.exit(EXIT_FAILURE)


def _print_demo_summary(ctx: Context, names: list[str], outcomes: list[CrawlOutcome]) -> None:
    """What the demo crawl fetched and stored, then each story more than one outlet ran."""
    import spiders.stats as stat_keys
    from app import crawling
    from storage import queries
    from storage.writes import StoreStatus

    fetched = crawling.totals(outcomes, stat_keys.ARTICLES_FETCHED)
    pages = crawling.totals(outcomes, "downloader/response_count")
    new = crawling.totals(outcomes, stat_keys.articles(StoreStatus.NEW))
    db = ctx.reader_db()
    try:
        totals = queries.totals(db)
        click.echo(
            f"\nDemo crawl of {len(names)} outlets: {pages} pages fetched "
            f"({fetched} article pages), {new} new articles."
        )
        click.echo(
            f"Database {ctx.db_path}: {totals.articles} articles in {totals.stories} stories, "
            f"{totals.multi_copy_stories} of them with more than one copy.\n"
        )
        for story in queries.stories(db, limit=1000, min_outlets=2):
            origin = f" — origin: {safe(story.origin)}" if story.origin else ""
            click.echo(
                f"Story {story.story_id}: {safe(story.headline)} ({story.copies} copies{origin})"
            )
            for copy in queries.copies(db, story.story_id):
                a = copy.article
                flag = "  [byline flag]" if copy.byline_flag else ""
                click.echo(
                    f"    {column(render.outlet(copy), 24)} {column(a.headline, 60)}  "
                    f"by {safe(render.byline(copy))}{flag}"
                )
            click.echo("")
    finally:
        db.close()


def _crawls_demo_network(config: Config, port: int) -> bool:
    """Whether an enabled source of ``config`` starts from an outlet of the demo network
    on ``port``: a URL on 127.0.0.1 or localhost at one of its ports, with any path or
    none (``http://localhost:8801`` is the first outlet's home as much as ``…/feed.xml``)."""
    from app.demo import demo_ports

    ports = demo_ports(port)
    for source in config.sources:
        if not source.enabled:
            continue
        for url in source.discovery_urls:
            parts = urlsplit(url)
            try:
                at = parts.port
            except ValueError:  # a port that is no number: not the demo's
                continue
            if parts.hostname in ("127.0.0.1", "localhost") and at in ports:
                return True
    return False
