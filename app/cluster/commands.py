"""click commands of the cluster roles (registered on the main ``aggregator`` group).

``aggregator worker`` and ``aggregator writer`` run until SIGTERM or SIGINT;
SIGHUP makes a worker re-read the config before its next job. Both need
``cluster:`` in the config, and the redis client (``pip install 'newsagg[cluster]'``).
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import click

from aggregator.config import ClusterSettings, Config, ConfigError
from app.errors import EXIT_FAILURE, ClusterUnavailable, handle_errors

_LOG_LEVEL = click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="INFO",
    show_default=True,
    help="How much this role logs.",
)
_LOG_JSON = click.option("--log-json", is_flag=True, help="Log JSON lines instead of plain text.")


def require_cluster(config: Config, command: str) -> ClusterSettings:
    """The config's cluster settings, or a one-line error naming what is missing."""
    if config.cluster is None:
        raise ConfigError(
            f"{config.path or 'config'}: 'aggregator {command}' needs a 'cluster:' section with "
            "redis_url (docs/scaling.md)"
        )
    try:
        import redis  # noqa: F401
    except ImportError:
        raise ClusterUnavailable(
            "the cluster roles need the redis client: pip install 'newsagg[cluster]'"
        ) from None
    return config.cluster


@click.command()
@click.option(
    "--log-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("logs"),
    show_default=True,
    help="Where each source's crawl output goes.",
)
@_LOG_LEVEL
@_LOG_JSON
@click.pass_obj
@handle_errors
def worker(ctx: Any, log_dir: Path, log_level: str, log_json: bool) -> None:
    """Take crawl jobs from the cluster's queue and run them, one at a time (docs/scaling.md)."""
    config = ctx.config
    require_cluster(config, "worker")  # before the imports below, which need the redis client
    from app.cluster.worker import Worker
    from app.daemon.logs import setup_logging

    setup_logging(as_json=log_json, level=log_level)
    role = Worker(config, Path(ctx.config_path).resolve(), log_dir=log_dir.resolve())
    _on_signals(role.stop, reload=role.reload)
    role.run()


@click.command()
@click.option(
    "--replay-set-aside",
    is_flag=True,
    help="Put the entries set aside in newsagg:articles:set-aside back in the article stream "
    "for the running writer, and exit.",
)
@_LOG_LEVEL
@_LOG_JSON
@click.pass_obj
@handle_errors
def writer(ctx: Any, replay_set_aside: bool, log_level: str, log_json: bool) -> None:
    """Store the articles the workers push, as the one writer of the database (docs/scaling.md)."""
    config = ctx.config
    settings = require_cluster(config, "writer")  # before the imports below (the redis client)
    from app.cluster.writer import Writer, WriterLeaseLost
    from app.daemon.logs import setup_logging

    if replay_set_aside:
        _replay(settings.redis_url)
        return

    setup_logging(as_json=log_json, level=log_level)
    role = Writer(config, Path(ctx.db_path))
    _on_signals(role.stop)
    try:
        role.run()
    except WriterLeaseLost as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_FAILURE) from None


def _replay(url: str) -> None:
    import redis

    from app.cluster.connection import refusal, refused_for_good
    from app.cluster.writer import SET_ASIDE, replay_set_aside
    from storage.stream import REDIS_ERRORS, connect, describe_error, describe_url

    client = connect(url)
    try:
        moved, left = replay_set_aside(client)
    except (*REDIS_ERRORS, redis.ResponseError) as exc:
        if refused_for_good(exc):
            raise ClusterUnavailable(refusal(url, exc)) from None
        raise ClusterUnavailable(
            f"cannot replay {SET_ASIDE} at {describe_url(url)}: {describe_error(exc)}"
        ) from None
    finally:
        client.close()
    click.echo(
        f"{moved} set-aside entries put back in the article stream for the writer"
        + (f"; {left} with nothing to store left in {SET_ASIDE}" if left else "")
    )


def _on_signals(stop: Any, reload: Any = None) -> None:
    def on_stop(_signum: int, _frame: Any) -> None:
        stop()  # sets an event only: the work stops in the role's own loop

    def on_reload(_signum: int, _frame: Any) -> None:
        reload()

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    if reload is not None:
        signal.signal(signal.SIGHUP, on_reload)
