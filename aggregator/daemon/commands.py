"""click commands of the daemon (registered on the main ``aggregator`` group)."""

from __future__ import annotations

import click


@click.command()
@click.pass_obj
def daemon(ctx) -> None:  # type: ignore[no-untyped-def]
    """Run every enabled source on its schedule until stopped."""
    raise click.ClickException("the daemon is not built yet")


@click.command()
@click.pass_obj
def status(ctx) -> None:  # type: ignore[no-untyped-def]
    """Per source: schedule, last run and outcome, next run, recent articles."""
    raise click.ClickException("status is not built yet")
