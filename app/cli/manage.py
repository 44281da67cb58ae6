"""The database and the config: ``migrate`` and ``sources``."""

from __future__ import annotations

from typing import Any

import click

from app.cli.root import (
    Context,
    echo_json,
    pass_ctx,
)
from app.errors import handle_errors


@click.command()
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


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
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
