"""The ``aggregator`` command: a thin click layer over the application's functions.

Each command parses its options, calls one function of ``app`` (crawling,
ingest, export, render, web) or of the layers below, and prints the result.
Errors become one line and an exit code through :func:`app.errors.handle_errors`.

One module per group of commands: ``crawl`` (crawl, demo), ``intake`` (extract,
ingest), ``read`` (stories, show, search, export, serve), ``manage``
(migrate, prune, sources), ``archive`` (the kept pages: reparse, and the writing of
export --format warc), ``daemon`` (daemon, status: the daemon and the cluster
together); ``root`` holds the group and what they share. The alerts' and cluster
roles' commands live beside their code and are added here.
"""

from __future__ import annotations

from app.cli.archive import reparse
from app.cli.crawl import crawl, demo
from app.cli.intake import extract, ingest
from app.cli.manage import list_sources, migrate, prune
from app.cli.read import export, search, serve, show, stories
from app.cli.root import cli

__all__ = ["cli", "main"]


def _register_commands() -> None:
    from app.alerts.commands import alerts
    from app.cli.daemon import daemon, status
    from app.cluster.commands import worker, writer

    for command in (
        crawl,
        demo,
        extract,
        ingest,
        reparse,
        stories,
        show,
        search,
        export,
        serve,
        migrate,
        prune,
        list_sources,
        daemon,
        status,
        alerts,
        worker,
        writer,
    ):
        cli.add_command(command)


_register_commands()


def main() -> None:
    cli(prog_name="aggregator")
