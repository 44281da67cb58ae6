"""The ``aggregator`` command: a thin click layer over config, spiders, storage and queries."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from app.errors import EXIT_FAILURE, handle_errors
from aggregator.config import DEFAULT_CONFIG_PATH, Config, ConfigError, load_config, parse_duration
from app.terminal import safe, wrap


class Context:
    """What every command gets: the validated config and the database path."""

    def __init__(self, config_path: Path, db_override: Path | None, log_level: str = "WARNING"):
        self.config_path = config_path
        self.db_override = db_override
        self.log_level = log_level
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def db_path(self) -> Path:
        if self.db_override is not None:
            return self.db_override
        return self.config.database

    def open_db(self, *, read_only: bool = False):  # type: ignore[no-untyped-def]
        from storage.db import open_db

        return open_db(self.db_path, read_only=read_only)

    def reader_db(self):  # type: ignore[no-untyped-def]
        """Readers open read-only when the database exists, so they never take the write lock."""
        return self.open_db(read_only=self.db_path.exists())


pass_ctx = click.make_pass_decorator(Context)


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
    """--limit, --since, --source, --min-outlets and --json, shared by reader commands."""
    for option in reversed(
        [
            click.option(
                "--limit",
                type=click.IntRange(min=1),
                default=20,
                show_default=True,
                help="At most this many rows.",
            ),
            click.option("--since", help="Only since then: a duration (24h, 7d) or an ISO date."),
            click.option(
                "--until", help="Only first seen before then: a duration ago or an ISO date."
            ),
            click.option("--source", help="Only stories that this source ran."),
            click.option("--author", help="Only stories with a copy by this author."),
            click.option(
                "--min-outlets",
                default=1,
                show_default=True,
                help="Only stories run by at least N outlets.",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
        ]
    ):
        func = option(func)
    return func


def _echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--all", "all_sources", is_flag=True, help="Crawl every enabled source.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the discovery URLs and the article URLs a crawl would fetch; fetch no article.",
)
@click.option(
    "--run-id", type=int, hidden=True, help="crawl_runs row to report into (set by the daemon)."
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
    processes: int,
) -> None:
    """Crawl SOURCES (names from the config) once and store what they publish."""
    config = ctx.config
    names = [s.name for s in config.sources if s.enabled] if all_sources else list(sources)
    if not names:
        raise click.UsageError("name at least one source, or give --all")
    for name in names:
        config.source(name)
    if dry_run:
        from aggregator.discovery import plan_for
        from spiders.runner import plan_crawls

        for name in names:
            plan = plan_for(config.source(name), config)
            for kind in ("feeds", "sitemaps", "start_pages"):
                for url in getattr(plan, kind):
                    click.echo(f"{name}\t{kind}\t{safe(url)}")
        # Fetches feeds, sitemaps and listing pages only; prints the articles a crawl would fetch.
        for planned in plan_crawls(config, names, ctx.db_path):
            click.echo(f"{planned.source}\tarticle ({planned.reason})\t{safe(planned.url)}")
        return
    if run_id is not None and len(names) != 1:
        raise click.UsageError("--run-id needs exactly one source")
    if processes > 1:
        if len(names) != 1 or run_id is not None:
            raise click.UsageError("--processes needs exactly one source")
        _crawl_in_processes(ctx, names[0], processes)
        return
    outcomes = _run_crawls(ctx, names, run_id=run_id)
    failed = _failed(outcomes)
    for outcome in outcomes:
        s = outcome.stats
        click.echo(
            f"{outcome.source}: {outcome.finish_reason}; "
            f"{s.get('newsagg/articles_fetched', 0)} article pages fetched, "
            f"{s.get('newsagg/articles_new', 0)} new, {s.get('newsagg/articles_updated', 0)} updated, "
            f"{s.get('newsagg/articles_skipped_known', 0)} already stored"
        )
    if failed:
        sys.exit(EXIT_FAILURE)


def _crawl_in_processes(ctx: Context, name: str, processes: int) -> None:
    """One source, several crawl processes: Scrapy uses one core, parsing wants more."""
    from spiders.runner import run_parallel
    from storage.db import check_writable

    db = ctx.open_db()
    try:
        check_writable(db)
    finally:
        db.close()
    codes = run_parallel(
        ctx.config_path, ctx.db_path, name, processes, extra_settings={"LOG_LEVEL": ctx.log_level}
    )
    click.echo(f"{name}: {processes} processes, exit codes {codes}")
    if any(codes):
        sys.exit(EXIT_FAILURE)


def _failed(outcomes):  # type: ignore[no-untyped-def]
    """Crawls that did not end normally (a page or time cap is a normal end)."""
    from storage.runs import NORMAL_FINISH_REASONS

    return [o for o in outcomes if o.finish_reason not in NORMAL_FINISH_REASONS]


def _run_crawls(ctx: Context, names: list[str], run_id: int | None = None):  # type: ignore[no-untyped-def]
    from spiders.runner import run_crawls
    from storage.db import check_writable

    # Refuse before any HTTP request when nothing could be stored.
    db = ctx.open_db()
    try:
        check_writable(db)
    finally:
        db.close()
    return run_crawls(
        ctx.config, names, ctx.db_path, run_id=run_id, extra_settings={"LOG_LEVEL": ctx.log_level}
    )


@cli.command()
@pass_ctx
@handle_errors
def demo(ctx: Context) -> None:
    """Serve the demo news network, crawl every outlet, and summarise the stories."""
    from storage import queries

    config = ctx.config
    names = [s.name for s in config.sources if s.enabled and s.demo_outlet]
    if not names:
        raise ConfigError(f"{ctx.config_path}: no enabled source has a demo_outlet")
    outcomes = _run_crawls(ctx, names)
    for outcome in _failed(outcomes):
        click.echo(
            f"error: crawl of {outcome.source} ended with '{outcome.finish_reason}'", err=True
        )
    fetched = sum(o.stats.get("newsagg/articles_fetched", 0) for o in outcomes)
    pages = sum(o.stats.get("downloader/response_count", 0) for o in outcomes)
    new = sum(o.stats.get("newsagg/articles_new", 0) for o in outcomes)
    db = ctx.reader_db()
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
            byline = ", ".join(a.authors + a.credits) or "no byline"
            flag = "  [byline flag]" if copy.byline_flag else ""
            click.echo(
                f"    {safe(a.site_name or a.source):<24} {safe(a.headline)[:60]:<60}  by {safe(byline)}{flag}"
            )
        click.echo("")
    db.close()
    if _failed(outcomes):
        sys.exit(EXIT_FAILURE)


# --- single pages and backfills --------------------------------------------------


class FetchError(Exception):
    """A page given to ``aggregator extract`` by URL that could not be fetched; says why."""


def _is_http_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _fetch_page(url: str, user_agent: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """GET one page with urllib (redirects followed): its bytes and final URL; FetchError otherwise."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            if not _is_http_url(final):
                raise FetchError(f"{url}: redirected to a non-http URL")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url}: page is {declared} bytes, more than max_page_bytes ({max_bytes})"
                )
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
    if len(body) > max_bytes:
        raise FetchError(f"{url}: page is larger than max_page_bytes ({max_bytes})")
    return body, final


@cli.command()
@click.argument("target", metavar="URL_OR_FILE")
@click.option(
    "--url",
    help="The URL the page was fetched from (needed for a saved file; for a URL, the URL itself).",
)
@click.option(
    "--source",
    "source_name",
    help="Apply this configured source's selector overrides, Python parser and learned boilerplate.",
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
    from aggregator.config import Config
    from aggregator.pipeline import extract_for_source

    # A saved file without --source needs no config; a URL uses its user agent and limits if there is one.
    wants_config = source_name or (_is_http_url(target) and ctx.config_path.exists())
    config = ctx.config if wants_config else Config()
    source = config.source(source_name) if source_name else None
    if _is_http_url(target):
        limits = config.limits_for(source) if source is not None else config.defaults.limits
        try:
            html, final_url = _fetch_page(
                target, config.user_agent, limits.download_timeout, limits.max_page_bytes
            )
        except FetchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILURE)
        url = url or final_url
    else:
        path = Path(target)
        if not path.is_file():
            raise click.BadParameter(
                f"'{target}' is neither an http(s) URL nor a file", param_hint="URL_OR_FILE"
            )
        if not url:
            raise click.UsageError("give --url URL: the address the saved page was fetched from")
        html = path.read_bytes()
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
    if explain and not as_json:
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
                f"{'boilerplate':<14} {len(known)} learned blocks of '{safe(known.source)}' (seen in >= {config.boilerplate.min_stories} stories)"
            )
        for paragraph in result.removed:
            click.echo(f"{'  removed':<14} {safe(paragraph)[:200]}")
        return
    _echo_json(data)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source", "source_name", help="Source name to record (default: each line's 'site')."
)
@pass_ctx
@handle_errors
def ingest(ctx: Context, file: Path, source_name: str | None) -> None:
    """Store already-extracted articles from a JSON-lines FILE through dedup and storage."""
    from aggregator.ingest import IngestError, article_from_record, read_jsonl
    from aggregator.schema import utc_now
    from storage.writes import BATCH_SIZE, ArticleWrite, store_articles

    db = ctx.open_db()
    counts = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    settings = ctx.config.dedup
    batch: list[tuple[int, ArticleWrite]] = []

    def store_batch() -> None:
        # One transaction per batch, as a crawl stores; a failed article is skipped alone.
        outcomes = store_articles(db, [write for _, write in batch], settings)
        for (number, _), outcome in zip(batch, outcomes):
            if outcome.result is None:
                click.echo(f"warning: {file}:{number}: skipped: {outcome.error}", err=True)
                counts["skipped"] += 1
            else:
                counts[outcome.result.status.value] += 1
        batch.clear()

    for number, record in read_jsonl(file):
        try:
            article = article_from_record(record, source=source_name, fetched_at=utc_now())
        except ValueError as exc:
            click.echo(f"warning: {file}:{number}: skipped: {exc}", err=True)
            counts["skipped"] += 1
            continue
        batch.append((number, ArticleWrite(article)))
        if len(batch) >= BATCH_SIZE:
            store_batch()
    if batch:
        store_batch()
    db.close()
    if not any(counts.values()):
        raise IngestError(f"{file}: no records")
    click.echo(
        f"{file}: {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['skipped']} skipped"
    )


# --- readers ---------------------------------------------------------------------


@cli.command()
@reader_options
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
) -> None:
    """Latest stories, one line each: first seen, outlets, origin, headline."""
    from storage import queries

    db = ctx.reader_db()
    rows = queries.stories(
        db,
        limit=limit,
        since=parse_since(since),
        until=parse_since(until),
        source=source,
        author=author,
        min_outlets=min_outlets,
    )
    if as_json:
        _echo_json([_story_json(s) for s in rows])
        return
    for s in rows:
        origin = safe(s.origin or "—")[:20]
        headline = click.style(safe(s.headline), bold=True)  # styles are dropped off a TTY
        click.echo(
            f"{s.story_id:>6}  {_when(s.first_seen_at)}  {_count(s.outlets, 'outlet ', 'outlets'):>10}  {origin:<20}  {headline}"
        )


def _story_json(story: Any) -> dict[str, Any]:
    return dataclasses.asdict(story)


@cli.command()
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_ctx
@handle_errors
def show(ctx: Context, story_id: int, as_json: bool) -> None:
    """One story: its canonical text, then every copy with its provenance."""
    from storage import queries

    db = ctx.reader_db()
    story = queries.story(db, story_id)
    if story is None:
        click.echo(f"error: no story {story_id} in {ctx.db_path}", err=True)
        sys.exit(EXIT_FAILURE)
    copies = queries.copies(db, story_id)
    if as_json:
        out = _story_json(story)
        out["copies"] = [
            {
                "article_id": c.article_id,
                **c.article.to_dict(),
                "first_seen_at": c.first_seen_at,
                "similarity": c.similarity,
                "byline_flag": c.byline_flag,
                "shared_paragraphs": c.shared_paragraphs,
                "added_paragraphs": c.added_paragraphs,
                "cut_paragraphs": c.cut_paragraphs,
            }
            for c in copies
        ]
        _echo_json(out)
        return
    canonical = next(
        (c for c in copies if c.article_id == story.canonical_article_id),
        copies[0] if copies else None,
    )
    click.echo(f"Story {story.story_id}: {safe(story.headline)}")
    click.echo(
        f"Origin: {safe(story.origin or 'unknown')}   first published {_when(story.first_published_at)}   first seen {_when(story.first_seen_at)}"
    )
    click.echo(
        f"{_count(story.copies, 'copy', 'copies')} at {_count(story.outlets, 'outlet', 'outlets')}\n"
    )
    if canonical is not None:
        for paragraph in canonical.article.body:
            click.echo(wrap(paragraph, indent="  "))
            click.echo("")
    click.echo("Copies:")
    for c in copies:
        a = c.article
        byline = ", ".join(a.authors + a.credits) or "no byline"
        click.echo(
            f"  [{c.article_id}] {safe(a.site_name or a.source)} — {_when(a.published_at or c.first_seen_at)}"
        )
        click.echo(f"      {safe(a.headline)}")
        click.echo(f"      by {safe(byline)}   {safe(a.url)}")
        if c.similarity is not None and c.article_id != story.canonical_article_id:
            click.echo(
                f"      similarity {c.similarity:.2f}; shares {c.shared_paragraphs} paragraphs, adds {len(c.added_paragraphs)}, cuts {len(c.cut_paragraphs)}"
            )
        if c.byline_flag:
            click.echo(f"      byline flag: {safe(c.byline_flag)}")


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
    """Full-text search over stories (headline weighted over body)."""
    from storage import queries

    db = ctx.reader_db()
    hits = queries.search(
        db,
        query,
        limit=limit,
        since=parse_since(since),
        until=parse_since(until),
        source=source,
        author=author,
        min_outlets=min_outlets,
    )
    if as_json:
        _echo_json(
            [
                {
                    **_story_json(h.story),
                    "headline_matched": h.headline,
                    "snippet": h.snippet,
                    "rank": h.rank,
                }
                for h in hits
            ]
        )
        return
    for h in hits:
        headline = click.style(safe(h.story.headline), bold=True)
        click.echo(
            f"{h.story.story_id:>6}  {_count(h.story.outlets, 'outlet ', 'outlets'):>10}  {headline}"
        )
        click.echo(wrap(re.sub(r"\s+", " ", h.snippet), indent="        "))


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
    from storage import queries

    db = ctx.reader_db()
    since_dt = parse_since(since)
    if fmt == "atom":
        from app.feeds import render_atom

        if per_article:
            raise click.UsageError("--format atom exports stories; drop --articles")
        selected = queries.stories(db, limit=500, since=since_dt, source=source)
        text = render_atom(
            ((s, queries.copies(db, s.story_id)) for s in selected),
            feed_id=f"tag:newsagg,2026:{ctx.db_path.name}",
        )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text)
        return
    if per_article:
        rows = (
            {
                "story_id": story_id,
                "article_id": c.article_id,
                **c.article.to_dict(),
                "byline_flag": c.byline_flag,
            }
            for story_id, c in queries.articles(db, since=since_dt, source=source)
        )
    else:
        rows = (
            _story_json(s) for s in queries.stories(db, limit=10**9, since=since_dt, source=source)
        )
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            writer: csv.DictWriter | None = None
            for row in rows:
                flat = {
                    k: (
                        json.dumps(v, ensure_ascii=False, default=str)
                        if isinstance(v, list | dict)
                        else v
                    )
                    for k, v in row.items()
                }
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(flat))
                    writer.writeheader()
                writer.writerow(flat)
    finally:
        if output:
            handle.close()


@cli.command()
@click.option("--port", default=8001, show_default=True, help="Port on 127.0.0.1.")
@click.option("--allow-sql", is_flag=True, help="Allow arbitrary SQL queries (off by default).")
@pass_ctx
@handle_errors
def serve(ctx: Context, port: int, allow_sql: bool) -> None:
    """Browse the stories in Datasette (read-only, on 127.0.0.1)."""
    from app.web import serve as serve_datasette

    db = ctx.open_db()  # creates and migrates the database if needed
    db.close()
    metadata_path = ctx.db_path.with_name(ctx.db_path.stem + ".datasette.json")
    sys.exit(
        serve_datasette(ctx.db_path, port=port, allow_sql=allow_sql, metadata_path=metadata_path)
    )


@cli.command()
@pass_ctx
@handle_errors
def migrate(ctx: Context) -> None:
    """Create the database, or bring its schema up to date (docs/database.md, "Migrations").

    Any writer does this when it opens the database; run it on its own to
    upgrade a large database while nothing else writes (docs/operations.md).
    """
    from storage.db import apply_migrations, open_db

    db = open_db(ctx.db_path, migrate=False)
    try:
        applied = apply_migrations(db)
    finally:
        db.close()
    if applied:
        click.echo(f"{ctx.db_path}: applied {', '.join(applied)}")
    else:
        click.echo(f"{ctx.db_path}: up to date")


@cli.command("sources")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@handle_errors
def list_sources(ctx: Context, as_json: bool) -> None:
    """The configured sources, their schedules and where their articles are found."""
    from aggregator.discovery import plan_for

    config = ctx.config
    out = []
    for source in config.sources:
        plan = plan_for(source, config)
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
        _echo_json(out)
        return
    for s in out:
        click.echo(f"{s['name']}{'' if s['enabled'] else ' (disabled)'} — {s['schedule']}")
        for kind in ("feeds", "sitemaps", "start_pages"):
            for url in s[kind]:
                click.echo(f"    {kind[:-1]:<11} {url}")


def _register_daemon_commands() -> None:
    from app.daemon.commands import daemon, status

    cli.add_command(daemon)
    cli.add_command(status)


_register_daemon_commands()


def main() -> None:
    cli(prog_name="aggregator")
