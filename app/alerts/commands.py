"""``aggregator alerts``: run a pass of the alerts by hand, and see what each has fired."""

from __future__ import annotations

import sys
from typing import Any

import click

from aggregator.config import parse_duration
from app.errors import EXIT_FAILURE, WholeSummaries, handle_errors


@click.group(cls=WholeSummaries)
def alerts() -> None:
    """Saved searches that fire once per new story (config.yaml 'alerts:')."""


@alerts.command()
@click.option(
    "--wait",
    default="0s",
    show_default=True,
    help="Keep retrying failed deliveries for this long (e.g. 2m); 0s: one pass.",
)
@click.pass_obj
@handle_errors
def deliver(ctx: Any, wait: str) -> None:
    """Fire what is new and deliver what is due, as the daemon does every alert_delivery.every."""
    from app.alerts.delivery import run_until_done

    try:
        duration = parse_duration(wait)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--wait") from None
    config = ctx.config
    if _says_none_configured(ctx):
        return
    report = run_until_done(config, ctx.db_path, duration)
    fired: dict[str, int] = {}
    for firing in report.fired:
        fired[firing.alert] = fired.get(firing.alert, 0) + 1
    for alert in config.alerts:
        click.echo(f"{alert.name}: {fired.get(alert.name, 0)} fired")
    # An Atom alert's firing is delivered when it is stored (its feed lists it at once):
    # the pass's report counts the webhooks' deliveries only.
    to_feeds = sum(fired.get(alert.name, 0) for alert in config.alerts if not alert.is_webhook)
    click.echo(
        f"deliveries: {report.delivered + to_feeds} delivered ({to_feeds} to Atom feeds), "
        f"{report.retrying} to retry, {report.failed} given up"
    )
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if report.problems or report.failed:
        sys.exit(EXIT_FAILURE)


@alerts.command("list")
@click.pass_obj
@handle_errors
def list_alerts(ctx: Any) -> None:
    """Each alert: its words, target (a webhook's token masked), and its deliveries by status."""
    from aggregator.masking import describe_webhook
    from aggregator.page_kinds import kinds_word
    from app.terminal import safe
    from storage import alerts as alert_rows

    config = ctx.config
    if _says_none_configured(ctx):
        return
    counts: dict[str, dict[str, int]] = {}
    if ctx.db_path.exists():
        db = ctx.open_db(read_only=True)
        try:
            counts = alert_rows.counts(db)
        finally:
            db.close()
    for alert in config.alerts:
        # A webhook URL often carries its receiver's token in the path or the query.
        target = (
            describe_webhook(alert.target)
            if alert.is_webhook
            else f"atom feed /alerts/{alert.name}.atom"
        )
        done = counts.get(alert.name, {})
        shown = ", ".join(f"{n} {status}" for status, n in sorted(done.items())) or "nothing yet"
        # As `stories --kind` would take it: what a reader types to see the same stories.
        kinds = f" --kind={kinds_word(alert.kinds)}" if alert.kinds is not None else ""
        click.echo(f"{alert.name}: '{safe(alert.query)}'{kinds} -> {safe(target)}: {shown}")


def _says_none_configured(ctx: Any) -> bool:
    """Whether the config has no alerts, said in one line (rather than printing nothing)."""
    if ctx.config.alerts:
        return False
    click.echo(f"{ctx.config_path}: no alerts configured")
    return True
