"""The kept pages (``retention.keep_pages``): ``reparse``, and ``export --format warc``'s
writing (the export command's option checks are app/cli/read.py's)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from app.cli.root import Context, note_unknown_source, parse_since, pass_ctx
from app.errors import EXIT_FAILURE, handle_errors, interrupted_status, output_file_failed
from app.terminal import safe

if TYPE_CHECKING:  # the CLI starts without the parser (tests/test_cli_startup.py)
    from app.reparse import ReparseCounts


@click.command()
@click.option("--source", "source_name", help="Only this source's articles.")
@click.option(
    "--since", help="Only articles fetched since: a duration ('7d') or an ISO date or time."
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles.")
@click.option("--dry-run", is_flag=True, help="Count what would change; store nothing.")
@click.option(
    "--show",
    is_flag=True,
    help="With --dry-run: each article that would change on stdout, a line each "
    "(id, URL, the fields, tab-separated); the summary on stderr.",
)
@pass_ctx
@handle_errors
def reparse(
    ctx: Context,
    source_name: str | None,
    since: str | None,
    limit: int | None,
    dry_run: bool,
    show: bool,
) -> None:
    """Parse the kept pages again with the current parser and store what changed.

    Each article whose current version keeps the page it was parsed from
    (retention.keep_pages) is parsed again from it with its source's selectors,
    parser and learned blocks. A reading that differs in any field (headline,
    authors, dates, body …) replaces the stored one in place: search, feeds (their
    <updated>), --since lists and syncing readers see it, a changed body is placed
    in its story as an edit is, but no version is added (a re-reading is no edit)
    and the ETag stays. A page
    that fails is one warning line; exits 1 when any did. Safe beside a running
    daemon: each batch of 64 holds its source's crawl lock only while it is read,
    parsed and stored; a source whose crawl holds it is left from there (a
    warning). --dry-run compares the same way and takes no lock; with --show
    it lists each article that would change (id, URL, the fields that read
    otherwise: a line each, bounded by --limit).

    \b
    Example (after upgrading newsagg, or changing a source's selectors):
      aggregator reparse --source tribune --dry-run --show
    """
    from app.reparse import ReparseCounts, reparse_batches

    if show and not dry_run:
        raise click.UsageError("--show lists what a --dry-run would change; give --dry-run")
    config = ctx.config
    after = parse_since(since, "--since")

    def warn(line: str) -> None:
        click.echo(f"warning: {safe(line)}", err=True)

    if source_name is not None:
        _check_source(ctx, source_name)
    counts = ReparseCounts()
    db = ctx.open_db()
    try:
        batches = reparse_batches(
            db,
            config,
            counts=counts,
            source=source_name,
            since=after,
            limit=limit,
            dry_run=dry_run,
            warn=warn,
            show=_listed if show else lambda article_id, url, fields: None,
        )
        for _ in batches:
            pass
    except KeyboardInterrupt as interrupt:
        _interrupted(interrupt, counts, dry_run)
    finally:
        db.close()
    would = "would change" if dry_run else "changed"
    # with --show, stdout is the list alone
    click.echo(f"reparse: {_counted(counts, would)}", err=show)
    if counts.without_page and not counts.read and not config.retention.keep_pages:
        click.echo(
            "note: retention.keep_pages is off: no page is kept to parse again "
            '(docs/operations.md, "Kept pages")',
            err=True,
        )
    if counts.failed or counts.busy:
        sys.exit(EXIT_FAILURE)


def _listed(article_id: int, url: str, fields: list[str]) -> None:
    click.echo(f"{article_id}\t{safe(url)}\t{','.join(fields)}")


def _check_source(ctx: Context, name: str) -> None:
    """A ``--source`` neither in the config nor stored (a site ``ingest`` named, a source
    since removed) is one line, the config's own error, before the database is opened
    for writing: a mistyped name neither creates nor migrates it."""
    from storage.queries import stored_sources

    config = ctx.config
    if any(source.name == name for source in config.sources):
        return
    if ctx.db_path.exists():
        db = ctx.reader_db()
        try:
            if name in stored_sources(db):
                return
        finally:
            db.close()
    config.source(name)


def _counted(counts: ReparseCounts, changed: str) -> str:
    """What a reparse did, as its summary and its interrupted line say it: ``changed``
    words the pages that read otherwise ("would change" in a dry run)."""
    return (
        f"{counts.read} pages read: {counts.changed} {changed}, "
        f"{counts.unchanged} unchanged, {counts.rejected} rejected, {counts.failed} failed; "
        f"{counts.without_page} articles without a kept page"
        + (
            f", {counts.not_configured} kept pages of sources not in the config"
            if counts.not_configured
            else ""
        )
    )


def _interrupted(interrupt: KeyboardInterrupt, counts: ReparseCounts, dry_run: bool) -> NoReturn:
    # Each batch is stored in one transaction that Ctrl-C and SIGTERM wait for, and
    # counted in it: what is counted changed is kept (the pages read of the batch cut
    # short are counted read only). A second run reads every page again; what this one
    # stored reads the same, "unchanged".
    would = "would change" if dry_run else "changed (stored; kept)"
    click.echo(
        f"error: reparse interrupted after {_counted(counts, would)}; run it again for the rest",
        err=True,
    )
    sys.exit(interrupted_status(interrupt))


def export_warc(ctx: Context, output: Path | None, source: str | None) -> None:
    """``export --format warc``: the kept pages as a gzipped WARC file, to ``output``
    (written whole, as every export: ``storage.files.replacing``) or to stdout."""
    from app.page_export import write_warc
    from storage.files import replacing

    ctx.refuse_database_as_output(output, "'--output' / '-o'")

    def warn(line: str) -> None:
        click.echo(f"warning: {safe(line)}", err=True)

    db = ctx.reader_db()
    try:
        # A mistyped --source is said as such, not as "no kept page" (which blames the config).
        known = note_unknown_source(db, source)
        if output is None:
            written = write_warc(db, sys.stdout.buffer, name="stdout", warn=warn, source=source)
        else:
            with replacing(output, binary=True) as handle:
                written = write_warc(db, handle, name=output.name, warn=warn, source=source)
    except OSError as exc:
        output_file_failed(output, exc)
    finally:
        db.close()
    if not written and known:
        click.echo(
            "note: no kept page to export (retention.keep_pages keeps them: docs/operations.md, "
            '"Kept pages")',
            err=True,
        )
