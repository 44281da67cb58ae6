"""Single pages and backfills: ``extract`` (one page) and ``ingest`` (JSON lines)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from aggregator.config import Config, Source
from app.cli.root import (
    Context,
    echo_json,
    pass_ctx,
)
from app.errors import EXIT_FAILURE, handle_errors, interrupted_status
from app.terminal import clip, safe


@click.command()
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
    """Parse one page (a saved file or an http(s) URL, fetched once) and print the article.

    \b
    Examples:
      aggregator extract page.html --url https://example.com/news/1 --explain
      aggregator extract https://example.com/news/1 --source example
    """
    from aggregator.parser.for_source import extract_for_source
    from app.export import json_default

    is_url = target.startswith(("http://", "https://"))
    # A saved file without --source needs no config; a URL uses its user agent and limits
    # if there is one (a --config naming no file is an error, as everywhere).
    wants_config = source_name or (is_url and not ctx.config_left_out())
    config = ctx.load_config(warn_set_aside=False) if wants_config else Config()
    # Each set-aside entry said once: the one asked for as this command's error, below.
    ctx.warn_set_aside(r for r in config.rejected_sources if r.name != source_name)
    source = config.source(source_name) if source_name else None
    html, url, charset = _page_to_extract(ctx, config, source, target, url)
    known = None
    if source is not None and config.boilerplate.enabled and ctx.db_path.exists():
        from storage.boilerplate import known_blocks

        db = ctx.open_db(read_only=True)
        try:
            known = known_blocks(db, source.name, config.boilerplate.min_stories)
        finally:
            db.close()
    result = extract_for_source(
        html, url, source=source, known=known, rules=config.boilerplate, transport_charset=charset
    )
    article = result.article
    data = article.to_dict()
    if not explain or as_json:
        echo_json(data)
        return
    # The name column as wide as the longest name: published_offset and published_local
    # are longer than the 14 characters it had, and shifted their rows. A rule longer
    # than its column (one that says what boilerplate was removed) shifts its own row.
    name_width = max(len(name) for name in data)
    for name, value in data.items():
        if name == "provenance":
            continue
        rule = article.provenance.get(name, "")
        shown = json.dumps(value, ensure_ascii=False, default=json_default)
        click.echo(
            f"{name:<{name_width}} {('[' + rule + ']') if rule else '':<{_RULE_WIDTH}} "
            f"{clip(shown, 200)}"
        )
    if "source_parser" in article.provenance:
        click.echo(f"{'source parser':<{name_width}} {safe(article.provenance['source_parser'])}")
    if known is not None:
        click.echo(
            f"{'boilerplate':<{name_width}} {len(known)} learned blocks of '{safe(known.source)}' "
            f"(seen in >= {config.boilerplate.min_stories} stories)"
        )
    for paragraph in result.removed:
        click.echo(f"{'  removed':<{name_width}} {clip(paragraph, 200)}")


_RULE_WIDTH = 14  # extract --explain's rule column: most rules fit


def _page_to_extract(
    ctx: Context, config: Config, source: Source | None, target: str, url: str | None
) -> tuple[bytes, str, str | None]:
    """The page ``extract`` parses, its URL and the charset it was served in: fetched
    through the crawl's own downloader (address guard, total timer, size limits), or read
    from a saved file (no charset but its own)."""
    if url is not None:
        url = _page_url(url)
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
            html, final_url, charset = fetch_page(config, target, source, {"LOG_LEVEL": level})
        except PageFetchError as exc:
            _refuse(str(exc))
        return html, url or final_url, charset
    path = Path(target)
    if not path.is_file():
        raise click.BadParameter(
            f"'{target}' is neither an http(s) URL nor a file", param_hint="URL_OR_FILE"
        )
    if not url:
        raise click.UsageError("give --url URL: the address the saved page was fetched from")
    from aggregator.content import looks_binary

    try:
        page = path.read_bytes()
    except OSError as exc:
        _refuse(f"{target}: cannot read ({exc.strerror or exc})")
    # Refused as a fetched page would be, rather than parsed into an empty article.
    if not page.strip():
        _refuse(f"{target}: empty file, no page to parse")
    if looks_binary(page):
        _refuse(f"{target}: not an HTML page (binary content)")
    return page, url, None


def _page_url(url: str) -> str:
    """--url as the config checks a feed's: the parser reads every link of the page
    against it, so "example.com/news/1" (no scheme) or "https://" (no host) would
    store a canonical URL and image that are no addresses."""
    from aggregator.config.values import check_http_url

    try:
        return check_http_url(url)
    except ValueError as exc:
        raise click.BadParameter(f"'{safe(url)}': {exc}", param_hint="--url") from None


def _refuse(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_FAILURE)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    "source_name",
    help=(
        "Source name to record (default: each line's 'source' where it is a source name, "
        "else its 'site')."
    ),
)
@pass_ctx
@handle_errors
def ingest(ctx: Context, file: Path, source_name: str | None) -> None:
    """Store already-extracted articles from a JSON-lines FILE through dedup and storage.

    A bad line (not UTF-8, not JSON, a record without a body …) is skipped
    with one warning line and counted; the others are stored. Exits 1 when
    any line was skipped.

    \b
    Example (one JSON object a line: url, site, headline, byline, body, published,
    or any field an 'export --articles --format jsonl' writes):
      aggregator ingest backfill.jsonl --source archive
    """
    from aggregator.errors import IngestError
    from app import progress
    from app.ingest import ingest_file

    # As the readers, ingest with --db needs no config.yaml: the config gives it only the
    # dedup settings and the bound on versions, which then take their defaults.
    left_out = ctx.config_left_out() and ctx.db_override is not None
    config = Config() if left_out else ctx.config
    db = ctx.open_db()
    lines = progress.count_lines(file) if progress.on_terminal() else None
    done = 0  # lines stored (committed) or skipped so far
    try:
        with progress.bar(str(file.name), total=lines, unit="line") as shown:

            def warn(number: int, reason: str) -> None:
                shown.write(f"warning: {file}:{number}: skipped: {reason}", file=sys.stderr)

            def note(number: int, what: str) -> None:
                shown.write(f"warning: {file}:{number}: {what}", file=sys.stderr)

            def advance(count: int) -> None:
                nonlocal done
                done += count
                shown.update(count)

            counts = ingest_file(
                db,
                file,
                config.dedup,
                retention=config.retention,
                source=source_name,
                on_skip=warn,
                on_progress=advance,
                on_note=note,
            )
    except KeyboardInterrupt as interrupt:
        # Each batch is one transaction, and the interrupt waits while one is stored and
        # counted: 'done' is what is kept, the lines read since are not, and a second run
        # stores the rest (a stored line comes back "unchanged").
        click.echo(
            f"error: {file}: interrupted after {done} lines (stored or skipped; kept); "
            "ingest it again for the rest",
            err=True,
        )
        sys.exit(interrupted_status(interrupt))
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
