"""Single pages and backfills: ``extract`` (one page) and ``ingest`` (JSON lines, WARC
files and saved pages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from aggregator.config import Config, Source
from app.cli.root import (
    Context,
    echo_json,
    pass_ctx,
)
from app.errors import EXIT_FAILURE, handle_errors, interrupted_status
from app.terminal import clip, safe

if TYPE_CHECKING:
    from sqlite_utils import Database

    from aggregator.errors import IngestError
    from aggregator.parser.site_boilerplate import KnownBlocks
    from aggregator.warc import Skipped

# What ``ingest`` reads (``--format``), besides telling it from the file's first bytes.
INPUT_FORMATS = ("jsonl", "warc", "html")


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="URL_OR_FILE...")
@click.option(
    "--url",
    help="The URL the page was fetched from (needed for a saved file; for a URL, the URL itself).",
)
@click.option(
    "--source",
    "source_name",
    help="Apply this configured source's selector overrides, Python parser and learned boilerplate.",  # noqa: E501
)
@click.option(
    "--base-url",
    help=(
        "Several files or a folder: the URL of their folder, for a page that names no "
        "canonical link or og:url (its URL is the file's path joined to it)."
    ),
)
@click.option("--explain", is_flag=True, help="Show which rule produced each field.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON (the default).")
@pass_ctx
@handle_errors
def extract(
    ctx: Context,
    targets: tuple[str, ...],
    url: str | None,
    source_name: str | None,
    base_url: str | None,
    explain: bool,
    as_json: bool,
) -> None:
    """Parse one page (a saved file or an http(s) URL, fetched once) and print the article;
    of several saved files or a folder of them, each article as one JSON line.

    \b
    Examples ('-': the page from standard input):
      aggregator extract page.html --url https://example.com/news/1 --explain
      curl -s https://example.com/news/1 | aggregator extract - --url https://example.com/news/1
      aggregator extract https://example.com/news/1 --source example
      aggregator extract saved/ --base-url https://example.com/ > articles.jsonl
    """
    from aggregator.parser.for_source import extract_for_source
    from app.export import json_default

    if len(targets) > 1 and "-" in targets:
        raise click.UsageError("'-' (standard input) is one page: give it alone, with --url")
    if len(targets) > 1 or Path(targets[0]).is_dir():
        from app.cli.extract_files import extract_files

        if url is not None or explain:
            raise click.UsageError(
                "--url and --explain are for one page; for several, give --base-url"
            )
        if base_url is not None:
            base_url = _checked_url(base_url, "--base-url")
        config = _config_for_files(ctx, source_name)
        source = config.source(source_name) if source_name else None
        extract_files(
            [Path(target) for target in targets],
            config,
            source,
            _known_blocks(ctx, config, source),
            base_url,
        )
        return
    if base_url is not None:
        raise click.UsageError("--base-url is for several files or a folder; give --url")
    target = targets[0]
    is_url = target.startswith(("http://", "https://"))
    # A saved file without --source needs no config; a URL uses its user agent and limits
    # if there is one (a --config naming no file is an error, as everywhere).
    wants_config = source_name or (is_url and not ctx.config_left_out())
    config = ctx.load_config(warn_set_aside=False) if wants_config else Config()
    # Each set-aside entry said once: the one asked for as this command's error, below.
    ctx.warn_set_aside(r for r in config.rejected_sources if r.name != source_name)
    source = config.source(source_name) if source_name else None
    html, url, charset = _page_to_extract(ctx, config, source, target, url)
    known = _known_blocks(ctx, config, source)
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


def _config_for_files(ctx: Context, source_name: str | None) -> Config:
    """Saved files need a config only for --source; its set-aside entries said once (the
    one asked for as the command's error)."""
    if not source_name:
        return Config()
    config = ctx.load_config(warn_set_aside=False)
    ctx.warn_set_aside(r for r in config.rejected_sources if r.name != source_name)
    return config


def _known_blocks(ctx: Context, config: Config, source: Source | None) -> KnownBlocks | None:
    """The source's learned boilerplate in the database, read-only (None: no source, or
    learning is off, or there is no database yet)."""
    if source is None or not config.boilerplate.enabled or not ctx.db_path.exists():
        return None
    from storage.boilerplate import known_blocks

    db = ctx.open_db(read_only=True)
    try:
        return known_blocks(db, source.name, config.boilerplate.min_stories)
    finally:
        db.close()


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
    from aggregator.errors import IngestError
    from aggregator.jsonl import STDIN, input_name, stdin_buffer
    from aggregator.warc import is_warc

    path = Path(target)
    if path != STDIN and not path.is_file():
        raise click.BadParameter(
            f"'{target}' is neither an http(s) URL nor a file", param_hint="URL_OR_FILE"
        )
    if path != STDIN and is_warc(path):
        _refuse(f"{target}: a WARC file, not a page: 'aggregator ingest' reads its pages")
    if not url:
        raise click.UsageError("give --url URL: the address the saved page was fetched from")
    from aggregator.content import looks_binary

    name = input_name(path)
    try:
        page = stdin_buffer().read() if path == STDIN else path.read_bytes()
    except OSError as exc:
        _refuse(f"{name}: cannot read ({exc.strerror or exc})")
    except IngestError as exc:  # standard input closed
        _refuse(str(exc))
    # Refused as a fetched page would be, rather than parsed into an empty article.
    if not page.strip():
        _refuse(f"{name}: empty {'input' if path == STDIN else 'file'}, no page to parse")
    if looks_binary(page):
        _refuse(f"{name}: not an HTML page (binary content)")
    return page, url, None


def _page_url(url: str) -> str:
    """--url as the config checks a feed's: the parser reads every link of the page
    against it, so "example.com/news/1" (no scheme) or "https://" (no host) would
    store a canonical URL and image that are no addresses."""
    return _checked_url(url, "--url")


def _checked_url(url: str, option: str) -> str:
    from aggregator.config.values import check_http_url

    try:
        return check_http_url(url)
    except ValueError as exc:
        raise click.BadParameter(f"'{safe(url)}': {exc}", param_hint=option) from None


def _refuse(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_FAILURE)


@click.command()
@click.argument(
    "files", nargs=-1, required=True, metavar="FILE...", type=click.Path(path_type=Path)
)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(["auto", *INPUT_FORMATS]),
    default="auto",
    show_default=True,
    help=(
        "What FILE holds: JSON-lines records, WARC (.warc, .warc.gz) or saved HTML pages "
        "(a file, or a folder of them). auto: read from its first bytes; a folder is html."
    ),
)
@click.option(
    "--source",
    "source_name",
    help=(
        "JSON lines: the source name to record (default: each line's 'source' where it is a "
        "source name, else its 'site'). WARC and HTML: the configured source whose selector "
        "overrides, Python parser and learned boilerplate apply (default: the one whose site "
        "the page's URL is on, else the URL's host)."
    ),
)
@click.option(
    "--base-url",
    help=(
        "HTML: the URL of the saved folder (or of a file's folder), for a page that names no "
        "canonical link or og:url: its URL is the file's path joined to it."
    ),
)
@click.option(
    "--all-pages",
    is_flag=True,
    help=(
        "WARC or a folder of saved pages: read every page, also one whose configured "
        "source's link rules take its URL for no article's (an about page, a section), "
        "which a crawl would not fetch; the parser still skips what is no article."
    ),
)
@pass_ctx
@handle_errors
def ingest(
    ctx: Context,
    files: tuple[Path, ...],
    input_format: str,
    source_name: str | None,
    base_url: str | None,
    all_pages: bool,
) -> None:
    """Store articles from FILEs through dedup and storage: already-extracted JSON lines
    (a FILE '-': standard input), or pages (WARC files, saved HTML) parsed as a crawl
    parses them.

    A bad line (not UTF-8, not JSON, a record without a body …) is skipped
    with one warning line and counted; the others are stored. Exits 1 when
    any line was skipped. Of WARC files and saved pages, what is no article page
    (a request record, a 404, an image, a listing) is counted by its reason; a
    record that cannot be read, or a page with no URL, is one warning line, the
    rest are stored, and the exit status is then 1.

    \b
    Examples (JSON lines: one object a line: url, site, headline, byline, body,
    published, or any field an 'export --articles --format jsonl' writes):
      aggregator ingest backfill.jsonl --source archive
      jq -c '.[]' articles.json | aggregator ingest -
      aggregator ingest CC-NEWS-20240101-00000.warc.gz crawl.warc
      aggregator ingest saved/ --base-url https://example.com/
    """
    from aggregator.errors import IngestError

    formats = [_format_of(file, input_format) for file in files]
    _refuse_if_none_readable(formats)
    if base_url is not None:
        base_url = _checked_url(base_url, "--base-url")
        if "html" not in formats:
            raise click.UsageError("--base-url is for saved HTML pages; no FILE is one")
    for file, fmt in zip(files, formats, strict=True):
        if isinstance(fmt, str) and fmt != "html" and file.is_dir():
            raise click.BadParameter(f"'{file}' is a directory", param_hint="FILE")
    _check_stdin(files, formats)
    # As the readers, ingest with --db needs no config.yaml: the config gives it only the
    # dedup settings and the bound on versions (and the sources pages are stored under),
    # which then take their defaults. Pages' --source names a configured source (its
    # selectors and parser), so then the config is read, or its one line says so; JSON
    # lines' --source is only the site name they are stored under.
    # A FILE that cannot be read (an error in its place, said below) makes no batch one of pages.
    pages = any(isinstance(fmt, str) and fmt != "jsonl" for fmt in formats)
    config = ctx.config if pages and source_name else ctx.config_or_defaults()
    chosen = None
    if pages:
        config = _parsers_loaded(ctx, config, source_name)
        if source_name:
            chosen = config.source(source_name)  # pages: a configured source, its overrides
    db = ctx.open_db()
    failed = False
    try:
        for file, fmt in zip(files, formats, strict=True):
            try:  # one bad FILE is one line; the others are read
                if isinstance(fmt, IngestError):
                    raise fmt
                if fmt == "jsonl":
                    failed |= _ingest_jsonl(db, config, file, source_name)
                else:
                    failed |= _ingest_pages(db, config, file, fmt, chosen, base_url, all_pages)
            except IngestError as exc:
                click.echo(f"error: {exc}", err=True)
                failed = True
    finally:
        db.close()
    if failed:  # every good input is stored; a script still learns that some were not
        sys.exit(EXIT_FAILURE)


def _refuse_if_none_readable(formats: list[str | IngestError]) -> None:
    """No FILE can be read: each one's line, and no database created or migrated for them
    (a mistyped file name left an empty database behind)."""
    from aggregator.errors import IngestError

    if all(isinstance(fmt, IngestError) for fmt in formats):
        for fmt in formats:
            click.echo(f"error: {fmt}", err=True)
        sys.exit(EXIT_FAILURE)


def _check_stdin(files: tuple[Path, ...], formats: list[str | IngestError]) -> None:
    """``-`` (standard input) is read once, as JSON lines: a WARC is searched in a file
    (``/dev/stdin`` of a file redirected with ``<`` reads as one), pages are files."""
    from aggregator.jsonl import STDIN

    given = [fmt for file, fmt in zip(files, formats, strict=True) if file == STDIN]
    if len(given) > 1:
        raise click.BadParameter("'-' (standard input) given twice", param_hint="FILE")
    if given and given[0] != "jsonl":
        raise click.BadParameter(
            f"'-' (standard input) is read as JSON lines, not {given[0]}: give the file",
            param_hint="FILE",
        )


def _format_of(file: Path, chosen: str) -> str | IngestError:
    """What FILE holds (``--format``, else read from its first bytes), or why it is none."""
    from aggregator.errors import IngestError
    from app.ingest_pages import input_format as detected
    from app.ingest_pages import missing_input, no_records

    try:
        if chosen == "auto":
            return detected(file)
        return missing_input(file) or (no_records(file) if chosen == "jsonl" else None) or chosen
    except IngestError as exc:
        return exc


def _parsers_loaded(ctx: Context, config: Config, source_name: str | None) -> Config:
    """``config`` with each source whose Python parser does not load set aside, each
    said once (the one ``--source`` names as the command's error), as a crawl does: its
    pages would each fail at the parse."""
    from app.source_parsers import set_aside_broken_parsers

    checked = set_aside_broken_parsers(config)
    new = checked.rejected_sources[len(config.rejected_sources) :]
    ctx.warn_set_aside(entry for entry in new if entry.name != source_name)
    return checked


def _ingest_jsonl(db: Database, config: Config, file: Path, source_name: str | None) -> bool:
    """Ingest one JSON-lines file (``-``: standard input); True when a line was skipped."""
    from aggregator.errors import IngestError
    from aggregator.jsonl import STDIN, input_name
    from app import progress
    from app.ingest import ingest_file

    name = input_name(file)
    # Counted ahead only in a file: a pipe's lines, read to count them, would be gone.
    lines = progress.count_lines(file) if progress.on_terminal() and file.is_file() else None
    done = 0  # lines stored (committed) or skipped so far
    try:
        with progress.bar(name if file == STDIN else file.name, total=lines, unit="line") as shown:

            def warn(number: int, reason: str) -> None:
                shown.write(f"warning: {name}:{number}: skipped: {reason}", file=sys.stderr)

            def note(number: int, what: str) -> None:
                shown.write(f"warning: {name}:{number}: {what}", file=sys.stderr)

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
        _interrupted(interrupt, name, done, "lines", again=file.is_file())
    if not counts.total:
        raise IngestError(f"{name}: no records")
    click.echo(
        f"{name}: {counts.new} new, {counts.updated} updated, "
        f"{counts.unchanged} unchanged, {counts.skipped} skipped"
    )
    return counts.skipped > 0


def _ingest_pages(
    db: Database,
    config: Config,
    file: Path,
    fmt: str,
    chosen: Source | None,
    base_url: str | None,
    all_pages: bool,
) -> bool:
    """Ingest one WARC file or saved page (or folder of them); True when one failed."""
    from aggregator.errors import IngestError
    from aggregator.robots_meta import refusals_said
    from aggregator.saved_pages import saved_pages
    from aggregator.warc import NOT_HTML, hints_unread_said, warc_pages
    from app import progress
    from app.ingest_pages import FOLDER_QUIET, Sources, ingest_pages

    # Link rules judge the URLs of a WARC's records and of a folder's pages (a saved site
    # holds its about and section pages, as a site crawl's WARC does); a saved file named
    # on its own is read as asked.
    every_page = all_pages or (fmt == "html" and not file.is_dir())
    sources = Sources(config, chosen, every_page=every_page, saved=fmt == "html")
    if fmt == "warc":
        pages = warc_pages(file, sources.intake())
        unit = "record"
    else:
        pages = saved_pages(file, base_url, sources.intake())
        unit = "file"
    done = 0  # inputs stored (committed) or skipped so far
    try:
        with progress.bar(str(file.name), unit=unit) as shown:

            def warn(skipped: Skipped) -> None:
                # A WARC's requests, 404s and images are counted, not each told; a saved
                # page not stored is (a folder's other files are no pages: counted).
                quiet = fmt == "warc" or (skipped.reason in FOLDER_QUIET and file.is_dir())
                if skipped.failed or not quiet:
                    detail = f": {skipped.detail}" if skipped.detail else ""
                    shown.write(
                        f"warning: {safe(skipped.where)}: skipped: {skipped.reason}{safe(detail)}",
                        file=sys.stderr,
                    )

            def note(what: str) -> None:
                shown.write(f"warning: {safe(str(file))}: {safe(what)}", file=sys.stderr)

            def advance(count: int) -> None:
                nonlocal done
                done += count
                shown.update(count)

            counts = ingest_pages(
                db, pages, config, sources, on_skip=warn, on_progress=advance, on_note=note
            )
    except KeyboardInterrupt as interrupt:
        _interrupted(interrupt, str(file), done, f"{unit}s", again=True)
    if not counts.total:
        raise IngestError(f"{file}: no {'records' if fmt == 'warc' else 'files'}")
    if fmt == "html" and counts.total == counts.skipped[NOT_HTML]:
        raise IngestError(f"{file}: no HTML page in it")
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.skipped.items()))
    click.echo(
        f"{file}: {counts.new} new, {counts.updated} updated, "
        f"{counts.unchanged} unchanged, {counts.skipped.total()} skipped"
        + (f" ({reasons})" if reasons else "")
    )
    if said := refusals_said(counts.skipped):  # the key that stores them, as a crawl says
        click.echo(f"warning: {file}: {said}", err=True)
    if said := hints_unread_said(counts.hints_unread):  # a key it names is the record's text
        click.echo(f"warning: {file}: {safe(said)}", err=True)
    return counts.failed > 0


def _interrupted(
    interrupt: KeyboardInterrupt, name: str, done: int, unit: str, *, again: bool
) -> NoReturn:
    # Each batch is one transaction, and the interrupt waits while one is stored and
    # counted: 'done' is what is kept. JSON lines read are stored before the exit; of
    # a file, a second run stores the rest (a stored input comes back "unchanged").
    # A pipe cannot be read again: what its producer writes next is for another run.
    rest = "; ingest it again for the rest" if again else ""
    click.echo(
        f"error: {name}: interrupted after {done} {unit} (stored or skipped; kept){rest}",
        err=True,
    )
    sys.exit(interrupted_status(interrupt))
