"""The database and the config: ``migrate``, ``prune`` and ``sources``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from aggregator.config import DISCOVERY_KINDS, Config, parse_duration, retention_window
from aggregator.masking import MASK
from app.cli.root import (
    Context,
    echo_json,
    pass_ctx,
)
from app.errors import EXIT_CONFIG, handle_errors
from app.terminal import safe


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
    Articles with Chinese, Japanese or Korean text stored before migration m015
    get their dedup profiles built again. With --backfill-events, stories stored
    before the event tier get their events, in batches that crawls may write
    between; interrupted, it goes on where it stopped the next time.
    """
    from app.progress import running_total
    from storage.db import apply_migrations, open_db

    db = open_db(ctx.db_path, migrate=False)
    try:
        # Only a profile rebuild and the backfill read the config (its dedup settings):
        # then before anything is migrated, so that a config that fails stops the run
        # before it starts. A plain migrate never reads it (a broken config.yaml in the
        # working directory must not keep a database from its upgrade).
        config = ctx.config_or_defaults() if backfill_events or _rebuild_due(db) else None
        applied = apply_migrations(db)
        if applied:
            click.echo(f"{ctx.db_path}: applied {', '.join(applied)}")
        else:
            click.echo(f"{ctx.db_path}: up to date")
        _rebuild_profiles(ctx.db_path, lambda: config or ctx.config_or_defaults(), db)
        if backfill_events:
            assert config is not None
            from storage.event_index import backfill_events as backfill

            counts = None
            with running_total("events assigned", unit="story") as advance:
                for counts in backfill(db, config.dedup):
                    advance(counts.stories)
            assert counts is not None  # the backfill yields after every batch, at least one
            click.echo(
                f"{ctx.db_path}: events assigned to {counts.stories} stories "
                f"({counts.new_events} new events)"
            )
    finally:
        db.close()


#: The migrations that list articles whose profiles are built again (stale_profiles).
_LISTING_MIGRATIONS = frozenset({"m015_cjk_dedup_profiles", "m026_accent_folded_profiles"})


def _rebuild_due(db: Any) -> bool:
    """Will migrate build profiles again: articles are listed already, or a pending
    migration lists them in a database that holds articles?"""
    from storage.migrations import migrations
    from storage.profile_rebuild import has_stale_profiles

    tables = set(db.table_names())
    if "stale_profiles" in tables and has_stale_profiles(db):
        return True
    pending = {migration.name for migration in migrations.pending(db)}
    return bool(pending & _LISTING_MIGRATIONS) and "articles" in tables


def _rebuild_profiles(db_path: Path, config: Callable[[], Config], db: Any) -> None:
    """Fingerprint again the articles m015 and m026 listed (CJK text stored before profile
    format 3, accented or guillemet-quoted text stored before format 4)."""
    from app.progress import running_total
    from storage.profile_rebuild import has_stale_profiles, rebuild_stale_profiles

    if not has_stale_profiles(db):
        return
    dedup = config().dedup
    rebuilt = 0
    with running_total("profiles rebuilt", unit="article") as advance:
        for rebuilt in rebuild_stale_profiles(db, dedup):
            advance(rebuilt)
    click.echo(f"{db_path}: profiles of {rebuilt} articles rebuilt")


@click.command()
@click.option(
    "--older-than",
    metavar="DURATION",
    help="Prune the stories last seen longer ago than this (90d; at least 1d). "
    "Default: the config's retention.keep.",
)
@click.option(
    "--before",
    metavar="DATE",
    help="Prune the stories last seen before this ISO date or time (UTC unless it says; "
    "at least a day ago).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be pruned.")
@pass_ctx
@handle_errors
def prune(ctx: Context, older_than: str | None, before: str | None, dry_run: bool) -> None:
    """Remove old stories with their articles, versions and index rows, old crawl runs, and
    the earlier versions beyond retention.versions_per_article (docs/operations.md,
    "Retention").

    A story goes when its latest copy was stored before the cutoff and none of its
    articles was fetched or updated since. Its URLs are
    remembered, so crawls do not fetch them again. Safe while crawls and readers
    run: one short write transaction per batch of stories. VACUUM is yours to run.
    """
    from app.progress import running_total
    from app.retention import describe, retention_cutoff
    from app.retention import prune as run_prune

    cutoff = _cutoff(older_than, before) or retention_cutoff(ctx.config)
    if cutoff is None:
        raise click.UsageError(
            "no window: give --older-than DURATION or --before DATE, or set retention.keep "
            "in the config"
        )

    # A mistyped --db is "no database at PATH", not a new database created to be pruned.
    ctx.reader_db().close()
    with running_total("stories pruned", unit="story") as advance:
        counts = run_prune(
            ctx.config,
            ctx.db_path,
            cutoff,
            dry_run=dry_run,
            on_batch=lambda so_far: advance(so_far.stories),
        )
    verb = "would prune" if dry_run else "pruned"
    click.echo(
        f"{ctx.db_path}: {verb} {describe(counts)} last seen before "
        f"{cutoff.isoformat(timespec='seconds')}, and {counts.runs} crawl runs started before it; "
        f"{counts.trimmed} earlier versions beyond retention.versions_per_article "
        f"({ctx.config.retention.versions_per_article} per article)"
    )


def _cutoff(older_than: str | None, before: str | None) -> datetime | None:
    """The cutoff the options give: at least a day ago, by the rule retention.keep follows."""
    if older_than is not None and before is not None:
        raise click.UsageError("give --older-than or --before, not both")
    now = datetime.now(UTC)
    if older_than is not None:
        try:
            return now - retention_window(parse_duration(older_than))
        except ValueError as exc:
            raise click.BadParameter(f"'{older_than}': {exc}", param_hint="--older-than") from None
    if before is not None:
        try:
            moment = datetime.fromisoformat(before)
        except ValueError:
            raise click.BadParameter(
                f"'{before}' is not an ISO date or time (2026-01-31, 2026-01-31T12:00)",
                param_hint="--before",
            ) from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        try:
            retention_window(now - moment)
        except ValueError as exc:
            raise click.BadParameter(
                f"'{before}' is not far enough in the past: {exc}", param_hint="--before"
            ) from None
        return moment
    return None


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--check",
    is_flag=True,
    help="Check the config file only (no network, no database; parsers imported): print every "
    "warning and exit with status 2 when a source entry is set aside.",
)
@pass_ctx
@handle_errors
def list_sources(ctx: Context, as_json: bool, check: bool) -> None:
    """The configured sources, their schedules and where their articles are found.

    With --check, for CI or before ``systemctl reload``: the sources that load, each
    warning on stderr, and exit status 2 when any entry is set aside (a parser that does
    not load included, as the daemon sets it aside).
    """
    if check:
        _check(ctx, as_json)
        return
    out = _listed(ctx.config)
    if as_json:
        echo_json(out)
        return
    for s in out:
        if s["set_aside"] is not None:
            click.echo(safe(f"{s['name']} (set aside) — {s['set_aside']}"))
            continue
        click.echo(f"{s['name']}{'' if s['enabled'] else ' (disabled)'} — {s['schedule']}")
        for kind in DISCOVERY_KINDS:
            for url in s[kind]:
                click.echo(f"    {kind[:-1]:<11} {url}")


def _check(ctx: Context, as_json: bool) -> None:
    from app.source_parsers import set_aside_broken_parsers

    config = set_aside_broken_parsers(ctx.load_config(warn_set_aside=False))
    ctx.warn_set_aside(config.rejected_sources)
    if nothing := config.no_source_loads():
        click.echo(f"error: {nothing}", err=True)
    if as_json:
        echo_json(_listed(config))
    else:
        loaded = len(config.sources)
        click.echo(
            f"{config.path}: {loaded} source{'' if loaded == 1 else 's'} load"
            f"{'s' if loaded == 1 else ''}, {len(config.rejected_sources)} set aside"
        )
    sys.exit(EXIT_CONFIG if config.rejected_sources else 0)


def _listed(config: Config) -> list[dict[str, Any]]:
    """Each source as its crawls use it (merged over ``defaults``; header values masked),
    then each set-aside entry with its error."""
    from aggregator.discovery import plan_for

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
                **config.crawl_settings(source),
                "user_agent": source.user_agent or config.user_agent,
                # A value may be a session cookie or a token: shown set, never printed.
                "headers": dict.fromkeys(source.headers, MASK),
                "selectors": source.selectors.model_dump(exclude_defaults=True),
                "link_rules": source.link_rules.model_dump(),
                "allowed_domains": source.allowed_domains,
                "parser": source.parser,
                "set_aside": None,
            }
        )
    for rejected in config.rejected_sources:
        # Listed, not hidden: the operator looking for a source sees why it is not crawled.
        out.append(
            {
                "name": rejected.label,
                "enabled": False,
                "schedule": None,
                "feeds": [],
                "sitemaps": [],
                "start_pages": [],
                "politeness": None,
                "limits": None,
                "set_aside": rejected.error,
            }
        )
    return out
