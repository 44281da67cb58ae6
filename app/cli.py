"""The ``aggregator`` command: a thin click layer over the application's functions.

Each command parses its options, calls one function of ``app`` (crawling,
ingest, export, render, web) or of the layers below, and prints the result.
Errors become one line and an exit code through :func:`app.errors.handle_errors`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from aggregator.config import DEFAULT_CONFIG_PATH, Config, Source, parse_duration
from app import render
from app.config_loader import load_app_config
from app.errors import EXIT_FAILURE, EXIT_USAGE, OneLineErrors, handle_errors
from app.terminal import safe


class Context:
    """What every command gets: the validated config (with ``--db`` applied) and the log level."""

    def __init__(self, config_path: Path, db_override: Path | None, log_level: str = "WARNING"):
        self.config_path = config_path
        self.db_override = db_override
        self.log_level = log_level
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_app_config(self.config_path, self.db_override)
            for notice in self._config.notices:
                click.echo(f"warning: {notice}", err=True)
        return self._config

    @property
    def db_path(self) -> Path:
        return self.db_override if self.db_override is not None else self.config.database

    def open_db(self, *, read_only: bool = False) -> Database:
        from storage.db import open_db

        return open_db(self.db_path, read_only=read_only)

    def reader_db(self) -> Database:
        """Readers open read-only, so they never take the write lock nor create a database:
        a mistyped --db is "no database at PATH", not a new empty file."""
        return self.open_db(read_only=True)


pass_ctx = click.make_pass_decorator(Context)

# Ids are SQLite integers; a larger number is no id (and would overflow the binding).
SQLITE_MAX_INTEGER = 2**63 - 1
# The most rows a reader command prints (--limit), and the most outlets one asks for.
MAX_ROWS = 1_000_000


def parse_since(value: str | None) -> datetime | None:
    """'24h', '7d' (that long ago) or an ISO date/time."""
    if not value:
        return None
    try:
        return datetime.now(UTC) - parse_duration(value)
    except (ValueError, OverflowError):
        pass
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is neither a duration (24h, 7d) nor an ISO date"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def reader_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--limit, --since, --until, --source, --author, --min-outlets and --json."""
    options = [
        click.option(
            "--limit",
            type=click.IntRange(1, MAX_ROWS),
            default=20,
            show_default=True,
            help="At most this many rows.",
        ),
        click.option("--since", help="Only since then: a duration (24h, 7d) or an ISO date."),
        click.option("--until", help="Only first seen before then: a duration ago or an ISO date."),
        click.option("--source", help="Only stories that this source ran."),
        click.option("--author", help="Only stories with a copy by this author."),
        click.option(
            "--min-outlets",
            type=click.IntRange(1, MAX_ROWS),
            default=1,
            show_default=True,
            help="Only stories run by at least N outlets.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def bold(text: str) -> str:
    return click.style(text, bold=True)  # styles are dropped off a TTY


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG_PATH,
    show_default=True,
    help="Configuration file.",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Database file (overrides 'database' in the config).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="WARNING",
    show_default=True,
    help="How much the crawler logs to stderr.",
)
@click.version_option(package_name="newsagg")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, db_path: Path | None, log_level: str) -> None:
    """Crawl news sources, merge copies of one wire story, and read the stories."""
    ctx.obj = Context(config_path, db_path, log_level.upper())


# --- crawling -----------------------------------------------------------------


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    from spiders.news import parse_shard

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


@cli.command()
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
    help="Fetch this stored article again (conditionally) even if no feed or sitemap "
    "announces a change; repeat for more. Discovers nothing else. One source only.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Crawl one source with this many processes, each fetching a share of its articles.",
)
@pass_ctx
@handle_errors
def crawl(
    ctx: Context,
    sources: tuple[str, ...],
    all_sources: bool,
    dry_run: bool,
    run_id: int | None,
    shard: str | None,
    scrapy_settings: tuple[str, ...],
    refresh: tuple[str, ...],
    processes: int,
) -> None:
    """Crawl SOURCES (names from the config) once and store what they publish.

    A stored article is fetched again only when its feed or sitemap announces
    a change; --refresh URL fetches named ones again regardless.
    """
    from app import crawling

    config = ctx.config
    names = [s.name for s in config.sources if s.enabled] if all_sources else list(sources)
    if not names:
        raise click.UsageError("name at least one source, or give --all")
    for name in names:
        config.source(name)
    if refresh:
        _check_refresh(config, names, refresh, single_process=processes == 1 and not shard)
    if dry_run:
        for line in crawling.dry_run_lines(config, names, ctx.log_level, refresh):
            click.echo(safe(line))
        return
    if (run_id is not None or processes > 1 or shard) and len(names) != 1:
        raise click.UsageError("--run-id, --shard and --processes need exactly one source")
    if processes > 1:
        _crawl_in_processes(config, names[0], processes, ctx.log_level)
        return
    outcomes = crawling.crawl(
        config,
        names,
        run_id=run_id,
        shard=_parse_shard(shard),
        settings={"LOG_LEVEL": ctx.log_level, **_parse_settings(scrapy_settings)},
        refresh=refresh,
    )
    for outcome in outcomes:
        if outcome.finish_reason == crawling.BUSY:
            click.echo(f"error: {crawling.summary_line(outcome)}", err=True)
        else:
            click.echo(crawling.summary_line(outcome))
        if skipped := crawling.discovery_line(outcome):
            click.echo(skipped)
    sys.exit(crawling.exit_code(outcomes))


def _check_refresh(
    config: Config, names: list[str], refresh: tuple[str, ...], *, single_process: bool
) -> None:
    from app import crawling

    if len(names) != 1 or not single_process:
        raise click.UsageError("--refresh needs exactly one source (and no --processes)")
    if problem := crawling.check_refresh(config, names[0], refresh):
        click.echo(f"error: --refresh: {problem}", err=True)
        sys.exit(EXIT_USAGE)


def _crawl_in_processes(config: Config, name: str, processes: int, log_level: str) -> None:
    from app import crawling

    try:
        codes = crawling.crawl_in_processes(config, name, processes, log_level=log_level)
    except crawling.SourceBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(crawling.EXIT_BUSY)
    click.echo(f"{name}: {processes} processes, exit codes {codes}")
    if any(codes):
        sys.exit(EXIT_FAILURE)


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(1024, 65000),
    default=8801,
    show_default=True,
    help="Base port of the demo network on 127.0.0.1 (outlet i on port+i).",
)
@click.option(
    "--print-config",
    is_flag=True,
    help="Print the config of the demo network on --port (what config.yaml ships) and exit.",
)
@pass_ctx
@handle_errors
def demo(ctx: Context, port: int, print_config: bool) -> None:
    """Serve the demo news network, crawl the config's sources, and summarise the stories.

    The shipped config.yaml lists the demo outlets' feeds and sitemaps on
    127.0.0.1; any other config is crawled the same way.
    """
    from app import crawling
    from app.demo import DemoNetwork, is_running
    from app.demo.config import demo_config_yaml
    from storage import queries

    if print_config:
        click.echo(demo_config_yaml(port, ctx.db_path if ctx.db_override else "data/news.db"))
        return
    config = ctx.config
    names = [s.name for s in config.sources if s.enabled]
    if not names:
        raise click.UsageError(f"{ctx.config_path}: no enabled source to crawl")
    network = None if is_running(port) else DemoNetwork(base_port=port).start()
    try:
        outcomes = crawling.crawl(config, names, settings={"LOG_LEVEL": ctx.log_level})
    finally:
        if network is not None:
            network.stop()
    for outcome in crawling.failed(outcomes):
        click.echo(
            f"error: crawl of {outcome.source} ended with '{outcome.finish_reason}'", err=True
        )
    fetched = crawling.totals(outcomes, "newsagg/articles_fetched")
    pages = crawling.totals(outcomes, "downloader/response_count")
    new = crawling.totals(outcomes, "newsagg/articles_new")
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
                    f"    {safe(a.site_name or a.source):<24} {safe(a.headline)[:60]:<60}  "
                    f"by {safe(render.byline(copy))}{flag}"
                )
            click.echo("")
    finally:
        db.close()
    if crawling.failed(outcomes):
        sys.exit(EXIT_FAILURE)


# --- single pages and backfills --------------------------------------------------


@cli.command()
@click.argument("target", metavar="URL_OR_FILE")
@click.option(
    "--url",
    help="The URL the page was fetched from (needed for a saved file; for a URL, the URL itself).",
)
@click.option(
    "--source",
    "source_name",
    help="Apply this configured source's selector overrides, Python parser and learned boilerplate.",  # noqa: E501
)
@click.option("--explain", is_flag=True, help="Show which rule produced each field.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON (the default).")
@pass_ctx
@handle_errors
def extract(
    ctx: Context,
    target: str,
    url: str | None,
    source_name: str | None,
    explain: bool,
    as_json: bool,
) -> None:
    """Parse one page (a saved file or an http(s) URL, fetched once) and print the article."""
    from aggregator.parser.for_source import extract_for_source

    is_url = target.startswith(("http://", "https://"))
    # A saved file without --source needs no config; a URL uses its user agent and limits
    # if there is one.
    wants_config = source_name or (is_url and ctx.config_path.exists())
    config = ctx.config if wants_config else Config()
    source = config.source(source_name) if source_name else None
    html, url = _page_to_extract(ctx, config, source, target, url)
    known = None
    if source is not None and config.boilerplate.enabled and ctx.db_path.exists():
        from storage.boilerplate import known_blocks

        db = ctx.open_db(read_only=True)
        try:
            known = known_blocks(db, source.name, config.boilerplate.min_stories)
        finally:
            db.close()
    result = extract_for_source(html, url, source=source, known=known, rules=config.boilerplate)
    article = result.article
    data = article.to_dict()
    if not explain or as_json:
        echo_json(data)
        return
    for name, value in data.items():
        if name == "provenance":
            continue
        rule = article.provenance.get(name, "")
        shown = json.dumps(value, ensure_ascii=False, default=str)
        click.echo(f"{name:<14} {('[' + rule + ']') if rule else '':<14} {safe(shown)[:200]}")
    if "source_parser" in article.provenance:
        click.echo(f"{'source parser':<14} {safe(article.provenance['source_parser'])}")
    if known is not None:
        click.echo(
            f"{'boilerplate':<14} {len(known)} learned blocks of '{safe(known.source)}' "
            f"(seen in >= {config.boilerplate.min_stories} stories)"
        )
    for paragraph in result.removed:
        click.echo(f"{'  removed':<14} {safe(paragraph)[:200]}")


def _page_to_extract(
    ctx: Context, config: Config, source: Source | None, target: str, url: str | None
) -> tuple[bytes, str]:
    """The page ``extract`` parses and its URL: fetched through the crawl's own downloader
    (address guard, total timer, size limits), or read from a saved file."""
    if target.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        from aggregator.parser.urls import canonicalize_url
        from spiders.page import PageFetchError
        from spiders.runner import fetch_page

        if not urlsplit(canonicalize_url(target)).hostname:
            raise click.BadParameter(
                f"'{target}' is not a valid URL (its host or port cannot be read)",
                param_hint="URL_OR_FILE",
            )
        # The downloader's warnings repeat the one error line below, unless more was asked.
        level = ctx.log_level if ctx.log_level in ("DEBUG", "INFO") else "ERROR"
        try:
            html, final_url = fetch_page(config, target, source, {"LOG_LEVEL": level})
        except PageFetchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILURE)
        return html, url or final_url
    path = Path(target)
    if not path.is_file():
        raise click.BadParameter(
            f"'{target}' is neither an http(s) URL nor a file", param_hint="URL_OR_FILE"
        )
    if not url:
        raise click.UsageError("give --url URL: the address the saved page was fetched from")
    return path.read_bytes(), url


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source", "source_name", help="Source name to record (default: each line's 'site')."
)
@pass_ctx
@handle_errors
def ingest(ctx: Context, file: Path, source_name: str | None) -> None:
    """Store already-extracted articles from a JSON-lines FILE through dedup and storage.

    A bad line (not UTF-8, not JSON, a record without a body …) is skipped
    with one warning line and counted; the others are stored. Exits 1 when
    any line was skipped.
    """
    from aggregator.records import IngestError
    from app import progress
    from app.ingest import ingest_file

    db = ctx.open_db()
    lines = progress.count_lines(file) if progress.on_terminal() else None
    try:
        with progress.bar(str(file.name), total=lines, unit="line") as shown:

            def warn(number: int, reason: str) -> None:
                shown.write(f"warning: {file}:{number}: skipped: {reason}", file=sys.stderr)

            counts = ingest_file(
                db,
                file,
                ctx.config.dedup,
                source=source_name,
                on_skip=warn,
                on_progress=shown.update,
            )
    finally:
        db.close()
    if not counts.total:
        raise IngestError(f"{file}: no records")
    click.echo(
        f"{file}: {counts.new} new, {counts.updated} updated, "
        f"{counts.unchanged} unchanged, {counts.skipped} skipped"
    )
    if counts.skipped:  # every good line is stored; a script still learns that some were not
        sys.exit(EXIT_FAILURE)


# --- readers ---------------------------------------------------------------------


@cli.command()
@reader_options
@click.option(
    "--events",
    "by_event",
    is_flag=True,
    help="Group by event (stories about one happening); --limit counts events.",
)
@pass_ctx
@handle_errors
def stories(
    ctx: Context,
    limit: int,
    since: str | None,
    until: str | None,
    source: str | None,
    author: str | None,
    min_outlets: int,
    as_json: bool,
    by_event: bool,
) -> None:
    """Latest stories, one line each: first seen, outlets, origin, headline."""
    from storage import queries

    db = ctx.reader_db()
    filters: dict[str, Any] = {
        "limit": limit,
        "since": parse_since(since),
        "until": parse_since(until),
        "source": source,
        "author": author,
        "min_outlets": min_outlets,
    }
    if by_event:
        groups = queries.events(db, **filters)
        if as_json:
            echo_json([render.event_record(e) for e in groups])
            return
        for event in groups:
            for line in render.event_lines(event, bold):
                click.echo(line)
        return
    rows = queries.stories(db, **filters)
    if as_json:
        echo_json([render.story_record(s) for s in rows])
        return
    for story in rows:
        click.echo(render.story_line(story, bold))


@cli.command()
@click.argument("story_id", type=click.IntRange(1, SQLITE_MAX_INTEGER))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_ctx
@handle_errors
def show(ctx: Context, story_id: int, as_json: bool) -> None:
    """One story: its canonical text, every copy with its provenance, related coverage."""
    from storage import queries

    db = ctx.reader_db()
    story = queries.story(db, story_id)
    if story is None:
        click.echo(f"error: no story {story_id} in {ctx.db_path}", err=True)
        sys.exit(EXIT_FAILURE)
    copies = queries.copies(db, story_id)
    related = queries.related_coverage(db, story_id)
    if as_json:
        echo_json(render.show_record(story, copies, related))
        return
    for line in render.story_text(story, copies, related):
        click.echo(line)


@cli.command()
@click.argument("query")
@reader_options
@pass_ctx
@handle_errors
def search(
    ctx: Context,
    query: str,
    limit: int,
    since: str | None,
    until: str | None,
    source: str | None,
    author: str | None,
    min_outlets: int,
    as_json: bool,
) -> None:
    """Full-text search over stories (headline weighted over body).

    QUERY is plain words, all required; FTS syntax is not interpreted (a note
    on stderr says what was searched for).
    """
    from storage import queries

    words = queries.parse_query(query)
    if words.notice:
        click.echo(f"note: {words.notice}", err=True)
    db = ctx.reader_db()
    hits = queries.search(
        db,
        words,
        limit=limit,
        since=parse_since(since),
        until=parse_since(until),
        source=source,
        author=author,
        min_outlets=min_outlets,
    )
    if as_json:
        echo_json([render.hit_record(h) for h in hits])
        return
    for hit in hits:
        for line in render.hit_text(hit, bold):
            click.echo(line)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "atom"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--articles", "per_article", is_flag=True, help="One row per article (default: per story)."
)
@click.option("--since", help="Only since then: a duration (24h, 7d) or an ISO date.")
@click.option("--source", help="Only this source.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@pass_ctx
@handle_errors
def export(
    ctx: Context,
    fmt: str,
    per_article: bool,
    since: str | None,
    source: str | None,
    output: Path | None,
) -> None:
    """Export stories or articles as JSON lines or CSV, or stories as an Atom feed."""
    from app.export import export as write_export

    if fmt == "atom" and per_article:
        raise click.UsageError("--format atom exports stories; drop --articles")
    since_time = parse_since(since)
    db = ctx.reader_db()
    try:
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            write_export(
                db,
                handle,
                fmt=fmt,  # type: ignore[arg-type]  # click.Choice checked it
                per_article=per_article,
                since=since_time,
                source=source,
                feed_id=f"tag:newsagg,2026:{ctx.db_path.name}",
            )
        finally:
            if output:
                handle.close()
    except OSError as exc:  # a missing or unwritable folder, a full disk
        click.echo(f"error: cannot write {output or 'the output'}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILURE)
    finally:
        db.close()


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8001,
    show_default=True,
    help="Port on 127.0.0.1.",
)
@click.option("--allow-sql", is_flag=True, help="Allow arbitrary SQL queries (off by default).")
@pass_ctx
@handle_errors
def serve(ctx: Context, port: int, allow_sql: bool) -> None:
    """Browse the stories in Datasette (read-only, on 127.0.0.1) until Ctrl-C or SIGTERM."""
    from app.web import serve as serve_web

    ctx.reader_db().close()  # "no database at PATH" for a mistyped --db, nothing created
    ctx.open_db().close()  # brings its schema up to date for the web view's queries
    serve_web(ctx.config, ctx.db_path, port=port, allow_sql=allow_sql, announce=click.echo)


@cli.command()
@click.option(
    "--backfill-events",
    is_flag=True,
    help="Then assign events to the stories stored before the event tier (m009), oldest first.",
)
@pass_ctx
@handle_errors
def migrate(ctx: Context, backfill_events: bool) -> None:
    """Create the database, or bring its schema up to date (docs/database.md, "Migrations").

    Any writer does this when it opens the database; run it on its own to
    upgrade a large database while nothing else writes (docs/operations.md).
    With --backfill-events, stories stored before the event tier get their
    events, in batches that crawls may write between; interrupted, it goes on
    where it stopped the next time.
    """
    from storage.db import apply_migrations, open_db

    db = open_db(ctx.db_path, migrate=False)
    try:
        applied = apply_migrations(db)
        if applied:
            click.echo(f"{ctx.db_path}: applied {', '.join(applied)}")
        else:
            click.echo(f"{ctx.db_path}: up to date")
        if backfill_events:
            from storage.event_index import backfill_events as backfill

            counts = None
            for counts in backfill(db, ctx.config.dedup):
                click.echo(f"  events assigned to {counts.stories} stories so far", err=True)
            assert counts is not None  # the backfill yields after every batch, at least one
            click.echo(
                f"{ctx.db_path}: events assigned to {counts.stories} stories "
                f"({counts.new_events} new events)"
            )
    finally:
        db.close()


@cli.command("sources")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@handle_errors
def list_sources(ctx: Context, as_json: bool) -> None:
    """The configured sources, their schedules and where their articles are found."""
    from aggregator.discovery import plan_for

    config = ctx.config
    out: list[dict[str, Any]] = []
    for source in config.sources:
        plan = plan_for(source)
        out.append(
            {
                "name": source.name,
                "enabled": source.enabled,
                "schedule": config.schedule_for(source).describe(),
                "feeds": plan.feeds,
                "sitemaps": plan.sitemaps,
                "start_pages": plan.start_pages,
            }
        )
    if as_json:
        echo_json(out)
        return
    for s in out:
        click.echo(f"{s['name']}{'' if s['enabled'] else ' (disabled)'} — {s['schedule']}")
        for kind in ("feeds", "sitemaps", "start_pages"):
            for url in s[kind]:
                click.echo(f"    {kind[:-1]:<11} {url}")


def _register_commands() -> None:
    from app.alerts.commands import alerts
    from app.daemon.commands import daemon, status

    cli.add_command(daemon)
    cli.add_command(status)
    cli.add_command(alerts)


_register_commands()


def main() -> None:
    cli(prog_name="aggregator")
