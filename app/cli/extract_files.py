"""``aggregator extract`` of several saved pages or a folder of them: each article as one
JSON line on stdout, a page that cannot be read or named one warning line on stderr
(trafilatura's command line reads a folder so)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from aggregator.config import Config, Source
from aggregator.errors import IngestError
from aggregator.parser.for_source import extract_for_source
from aggregator.parser.site_boilerplate import KnownBlocks
from aggregator.saved_pages import NO_URL, NOT_FILE, saved_pages
from aggregator.schema import FetchedPage
from aggregator.warc import NOT_HTML, Intake, Skipped
from app.errors import EXIT_FAILURE
from app.export import json_default
from app.terminal import safe


def extract_files(
    paths: list[Path],
    config: Config,
    source: Source | None,
    known: KnownBlocks | None,
    base_url: str | None,
) -> None:
    """Print the article of every saved page under ``paths``; exit 1 when one failed."""
    for path in paths:
        if path.as_posix().startswith(("http:/", "https:/")):
            raise click.BadParameter(
                f"'{path}': several pages are files or folders; fetch a URL alone",
                param_hint="URL_OR_FILE",
            )
    failed = False
    for path in paths:
        try:
            failed |= _extract_path(path, config, source, known, base_url)
        except IngestError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
    if failed:
        sys.exit(EXIT_FAILURE)


def _extract_path(
    path: Path,
    config: Config,
    source: Source | None,
    known: KnownBlocks | None,
    base_url: str | None,
) -> bool:
    """Print the articles of one file or folder; True when a page of it failed."""
    name = source.name if source is not None else ""
    failed = False
    pages = 0
    # Printed, not kept: a page that asks not to be kept is extracted, as extract URL does.
    limit = config.limits_for(source).max_page_bytes if source else None
    limit = limit or config.defaults.limits.max_page_bytes
    intake = Intake(lambda url: name, lambda url: None, lambda url: limit, limit)
    unnamed = 0  # pages with no URL: a folder of them is not "no HTML page"
    for page in saved_pages(path, base_url, intake):
        if isinstance(page, Skipped):
            unnamed += page.reason == NO_URL
            failed |= _tell(page, quiet=path.is_dir())
            continue
        pages += 1
        failed |= not _print_article(page, config, source, known)
    if path.is_dir() and not pages and not unnamed:
        raise IngestError(f"{path}: no HTML page in it")
    return failed


def _print_article(
    page: FetchedPage, config: Config, source: Source | None, known: KnownBlocks | None
) -> bool:
    """Print the page's article as a JSON line; False (and a warning) when it failed."""
    try:
        result = extract_for_source(
            page.html, page.url, source=source, known=known, rules=config.boilerplate
        )
    except Exception as exc:  # noqa: BLE001 - one bad page never stops the others
        return not _tell(Skipped("failed", page.url, f"not parsed ({exc!r})"[:300]), quiet=False)
    data = result.article.to_dict()
    click.echo(json.dumps(data, ensure_ascii=False, default=json_default))
    return True


def _tell(skipped: Skipped, *, quiet: bool) -> bool:
    """Say why a page was not extracted, unless it is a folder's file that is no page;
    True when that is a failure."""
    if skipped.reason in (NOT_HTML, NOT_FILE) and quiet:
        return False
    detail = f": {skipped.detail}" if skipped.detail else ""
    click.echo(f"warning: {safe(skipped.where)}: skipped: {skipped.reason}{safe(detail)}", err=True)
    return True
