"""click commands of the daemon: ``daemon`` and ``status`` (registered on the main
``aggregator`` group). They live with the command line, not in ``app.daemon``, because
they bring the daemon and the cluster together: a daemon with ``cluster:`` is the
cluster's coordinator, and ``status`` reports both.

Errors become one line and an exit code through ``handle_errors``, as for
every other command.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app.cli.root import echo_json
from app.errors import EXIT_FAILURE, handle_errors

if TYPE_CHECKING:
    from sqlite_utils import Database

    from aggregator.config import Config
    from aggregator.schema import HostBackoff
    from app.cluster.status import ClusterStatus, SourceJob
    from app.daemon.state import DaemonStatus
    from app.daemon.status import SourceStatus


@click.command()
@click.option("--log-json", is_flag=True, help="Log JSON lines instead of plain text.")
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="INFO",
    show_default=True,
    help="How much the daemon logs (its scheduling; each crawl's own output goes to --log-dir).",
)
@click.option(
    "--log-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where each source's crawl output goes (default: logs/ beside the database).",
)
@click.option(
    "--crawl-command",
    hidden=True,
    help="For tests: the child command instead of 'aggregator crawl', as one string; "
    "{source} and {run_id} are filled in.",
)
@click.pass_obj
@handle_errors
def daemon(
    ctx: Any, log_json: bool, log_level: str, log_dir: Path | None, crawl_command: str | None
) -> None:
    """Run every enabled source on its schedule until stopped.

    SIGHUP re-reads the config file (an invalid file is refused and the old
    config kept); SIGTERM or SIGINT stops scheduling, lets running crawls
    finish within daemon.grace_period, then terminates them.
    """
    # First thing: SIGHUP's default action ends the process, and the imports, the config
    # and the database's opening below take about a second. One sent meanwhile (an
    # operator's reload right after a start) is recorded, and applied once it is up.
    wake = threading.Event()
    requests: list[str] = []

    def on_signal(signum: int, _frame: Any) -> None:
        # only set flags here: the work happens in the main loop below
        requests.append("reload" if signum == signal.SIGHUP else "stop")
        wake.set()

    signal.signal(signal.SIGHUP, on_signal)

    from aggregator.config import ConfigError
    from app.daemon.logs import setup_logging
    from app.daemon.service import Daemon
    from app.source_parsers import set_aside_broken_parsers

    # Validated before anything starts; each set-aside entry is said once, in the log. A
    # source whose parser does not load is set aside too: its every crawl would fail.
    config = set_aside_broken_parsers(ctx.load_config(warn_set_aside=False))
    if nothing := config.no_source_loads():
        ctx.warn_set_aside(config.rejected_sources)
        raise ConfigError(nothing)
    crawl_queue = None
    if config.cluster is not None:  # a coordinator: the redis client must be installed
        from app.cluster.commands import require_cluster

        require_cluster(config, "daemon")
        from app.cluster.coordinator import Coordinator  # imports redis: after the check

        crawl_queue = functools.partial(Coordinator, config.cluster)
    setup_logging(as_json=log_json, level=log_level)
    db_path = Path(ctx.db_path).resolve()
    service = Daemon(
        config,
        db_path,
        config_path=Path(ctx.config_path),
        log_dir=log_dir or db_path.parent / "logs",
        command=_template_command(crawl_command) if crawl_command else None,
        crawl_queue=crawl_queue,
    )

    # A stop before this point ends the process as it always did: nothing runs yet.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    try:
        service.start()
    except OSError as exc:  # its folder beside the database cannot be written
        click.echo(
            f"error: cannot write the daemon's state in {service.state.folder}: {exc}", err=True
        )
        sys.exit(EXIT_FAILURE)
    while True:
        wake.wait(1.0)  # a timeout keeps the main thread responsive to signals
        wake.clear()
        while requests:
            request = requests.pop(0)
            if request == "stop":
                service.stop()
                sys.exit(0)
            service.reload_from_file()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
@handle_errors
def status(ctx: Any, as_json: bool) -> None:
    """Whether the daemon runs; per source: schedule, last run and outcome, next run, articles.

    Works while the config file is invalid: a running daemon's rows are those of the
    config it holds; without one, the run history is read from the database, and what
    only the config knows (schedules, next runs) is left out.
    """
    from aggregator.config import ConfigError
    from app.daemon.state import holds_config_of, read_status, running_config
    from storage.backoffs import backoffs_in_force
    from storage.db import open_db

    config: Config | None = None
    config_error = None
    try:
        config = ctx.config
    except ConfigError as exc:
        config_error = str(exc)
    db_path = _status_database(ctx, config)
    now = datetime.now(UTC)
    daemon = read_status(db_path.resolve())
    # A --db names a database to read, as a reader's does: a mistyped one is "no
    # database at PATH", not every source "never run, due now". The config's may not
    # exist yet (no crawl has run): that is the history shown.
    db = open_db(db_path, read_only=True) if db_path.exists() or ctx.db_override else None
    held = running_config(db_path.resolve(), daemon)
    # Edited but not applied (no SIGHUP yet, or one refused as the file is invalid): the
    # rows are what the daemon runs, not what the file says.
    unapplied = held is not None and (config is None or not holds_config_of(held, config))
    try:
        # Hosts that asked (Retry-After) not to be requested yet: every crawl of them waits.
        backed_off = backoffs_in_force(db, now) if db is not None else []
        rows = _source_rows(config, held, db, now, unapplied=unapplied)
    finally:
        if db is not None:
            db.close()
    cluster = _cluster_status(config)
    if cluster is not None:  # the workers keep theirs in Redis
        backed_off += cluster.hosts_backed_off
    # With cluster: the daemon here is taken for the coordinator; one running without it
    # (on its own, crawling and writing this database) is not, and status says so.
    alone = cluster is not None and held is not None and held.cluster is None
    if as_json:
        out = {
            "daemon": {**daemon.to_json(), **({"coordinator": not alone} if cluster else {})},
            "config_error": config_error,
            "config_changed_since_daemon_loaded": unapplied,
            "database": str(db_path),
            "sources": [r.to_json() for r in rows],
            "hosts_backed_off": [b.to_json() for b in backed_off],
        }
        if cluster is not None:
            out["cluster"] = cluster.to_json()
        echo_json(out)
        return
    if config_error:
        shown = (
            "the table shows what the running daemon loaded"
            if unapplied
            else f"schedules and next runs unknown, showing the run history in {db_path}"
        )
        click.echo(f"warning: {config_error}; {shown}", err=True)
    invalid = config_error is not None
    for line in _daemon_lines(
        daemon, ctx.config_path, db_path, alone=alone, unapplied=unapplied, invalid=invalid
    ):
        click.echo(line)
    _print_sources(rows, now, cluster.source_jobs if cluster else {})
    _print_backoffs(backed_off)
    if cluster is not None:
        _print_cluster(cluster)


def _source_rows(
    config: Config | None,
    held: Config | None,
    db: Database | None,
    now: datetime,
    *,
    unapplied: bool,
) -> list[SourceStatus]:
    """The table's rows: those of ``held``, the config the daemon runs, when the file
    differs from it (or is invalid); else the file's; else, with neither, the history."""
    from app.daemon.status import history_statuses, source_statuses

    if unapplied:
        assert held is not None
        return source_statuses(held, db, now)
    if config is not None:
        return source_statuses(config, db, now, held)
    return history_statuses(db, now)


def _status_database(ctx: Any, config: Config | None) -> Path:
    """The database ``status`` reads: ``--db``, else the config's, else the one the file
    names when it is invalid (or the default)."""
    from aggregator.config import Config, database_named_in

    if ctx.db_override is not None:
        return Path(ctx.db_override)
    if config is not None:
        return Path(config.database)
    return database_named_in(ctx.config_path) or Config().database


def _print_backoffs(backed_off: list[HostBackoff]) -> None:
    """The hosts no crawl requests yet, each with until when and what it asked."""
    from app.terminal import safe

    if not backed_off:
        return
    click.echo("")
    click.echo("Hosts backed off (Retry-After; no crawl requests them before the time):")
    for b in backed_off:
        click.echo(
            safe(
                f"  {b.host} until {_short(b.not_before)}: HTTP {b.status} with Retry-After "
                f"{b.retry_after} at {_short(b.asked_at)} (source {b.source})"
            )
        )


def _daemon_lines(
    daemon: DaemonStatus,
    config_path: Path,
    db_path: Path,
    *,
    alone: bool,
    unapplied: bool,
    invalid: bool,
) -> list[str]:
    """The daemon's line, said to be no coordinator when it runs without the cluster the
    config names, and a line when the file differs from the config the daemon runs (or
    is invalid, when a SIGHUP would be refused)."""
    line = _daemon_line(daemon)
    if alone:
        line += (
            f"; on its own (its config has no cluster: section): it crawls and writes {db_path} "
            "itself and is not this cluster's coordinator"
        )
    lines = [line]
    if unapplied and daemon.record is not None:
        todo = (
            "the file is invalid (see the warning): fix it, then send SIGHUP to apply it"
            if invalid
            else "send SIGHUP to apply the file"
        )
        lines.append(
            f"{config_path} has changed since the daemon loaded it (config generation "
            f"{daemon.record.config_generation}): the table shows what the daemon runs; {todo}"
        )
    return lines


def _daemon_line(daemon: DaemonStatus) -> str:
    record = daemon.record
    if daemon.running and record is not None:
        line = (
            f"daemon: running, pid {record.pid}, started {_short(record.started_at)}, "
            f"last heartbeat {_short(record.heartbeat_at)}, config generation "
            f"{record.config_generation}"
        )
        if daemon.unlocked:  # a daemon of this version would not start beside it
            line += (
                "; an older newsagg's, which takes no daemon lock: stop it, then start this one's"
            )
        return line
    if daemon.running:  # its lock is held, its state record not written yet
        return f"daemon: running, pid {daemon.pid or 'unknown'}, starting"
    if record is None:
        return f"daemon: no daemon running ({daemon.reason})"
    return (
        f"daemon: no daemon running (pid {record.pid} started {_short(record.started_at)}, "
        f"last heartbeat {_short(record.heartbeat_at)}: {daemon.reason})"
    )


def _print_sources(rows: list[SourceStatus], now: datetime, jobs: dict[str, SourceJob]) -> None:
    """The per-source table; ``jobs``: the open cluster job of each source that has one."""
    from app.terminal import safe

    table = []
    for r in rows:
        last = r.last_run
        if last is None:
            last_text = "never"
        elif r.running:
            last_text = f"running since {_short(last.started_at)}"
        else:
            last_text = f"{_short(last.started_at)} {last.status}"
            if failed := sum(last.errors.values()):
                # A crawl whose every request failed still ends "ok": say that something failed.
                last_text += f", {failed} error{'s' if failed != 1 else ''}"
            if last.discovery.get("autodiscovered_feed_failed"):
                # No error (themes leave dead feed links), but a dead main feed of a
                # source of start pages only shows nowhere else.
                last_text += ", declared feed failed"
        next_text = _next_run_cell(r, now)
        job = jobs.get(r.name)
        if job is not None:
            last_text, next_text = (safe(cell) for cell in _job_cells(job, now, last_text))
        flag = f"{r.consecutive_failures}"
        if r.backed_off:
            flag += " BACKED OFF"
        table.append((safe(r.name), r.schedule, last_text, next_text, r.articles_24h, flag))
    # Wide enough for "running on <worker> since <time>" (a worker is named host:pid).
    last_width = max([34, *(len(row[2]) + 1 for row in table)])
    click.echo(
        f"{'source':<16} {'schedule':<28} {'last run':<{last_width}} {'next run':<18} "
        f"{'24h':>5}  failures"
    )
    for name, schedule, last_text, next_text, articles, flag in table:
        click.echo(
            f"{name:<16} {schedule:<28} {last_text:<{last_width}} {next_text:<18} "
            f"{articles:>5}  {flag}"
        )
    _print_failing(rows, now)
    _print_not_kept(rows)
    for r in rows:
        if r.set_aside is None:
            continue
        # The table says it is set aside (or shows the entry the daemon still runs); here is why.
        kept = "; the daemon runs its previous entry" if r.daemon_runs_previous_entry else ""
        click.echo(safe(f"{r.name}: set aside: {r.set_aside}{kept}"))


def _print_failing(rows: list[SourceStatus], now: datetime) -> None:
    """A line per source whose runs since its last clean one failed or had errors: errors
    alone (a refused host, a feed gone 404) end 'ok' and count no failure in the table.
    Said while a run goes too: the streak is of finished runs, and a dead host's runs
    are long."""
    from app.terminal import safe

    for r in rows:
        since = r.streak.failing_since
        if since is None:
            continue
        clean = r.streak.last_clean_run
        click.echo(
            safe(
                f"{r.name}: failing or with errors since {_short(since)} "
                f"({_days(now - since)}); last run without errors: "
                f"{_short(clean) if clean else 'none recorded'}"
            )
        )


def _print_not_kept(rows: list[SourceStatus]) -> None:
    """A line per source whose last run refused pages that asked not to be kept: a
    publisher sending noarchive on every article gives runs that store nothing, and end
    'ok'."""
    from aggregator.robots_meta import refusals_said
    from app.terminal import safe

    for r in rows:
        if r.last_run is not None and (said := refusals_said(r.last_run.errors)):
            click.echo(safe(f"{r.name}: last run: {said}"))


def _next_run_cell(r: SourceStatus, now: datetime) -> str:
    if r.set_aside is not None and not r.daemon_runs_previous_entry:
        return "not scheduled"
    if not r.enabled:
        return "disabled"
    if r.running:
        return "after this run"
    if r.next_run is None:
        return "unknown"
    return "due now" if r.next_run <= now else _short(r.next_run)


def _job_cells(job: SourceJob, now: datetime, last_text: str) -> tuple[str, str]:
    """A source's (last run, next run) cells while a cluster job of it is open.

    A queued job has not started, so the last run stays the one that ended
    before it; the writer records a worker's run only once it is over.
    """
    from app.cluster.status import ago

    since = datetime.fromtimestamp(job.since, UTC)
    if job.state == "queued":
        return last_text, f"queued {ago((now - since).total_seconds())} ago"
    if job.state == "stalled":
        return f"stalled on {job.worker} since {_short(since)}", "when taken over"
    return f"running on {job.worker} since {_short(since)}", "after this run"


def _print_cluster(cluster: ClusterStatus) -> None:
    from app.cluster.status import status_lines
    from app.terminal import safe

    click.echo("")
    for line in status_lines(cluster):
        click.echo(safe(line))


def _cluster_status(config: Config | None) -> ClusterStatus | None:
    """The cluster's status from Redis, or None without ``cluster:`` in a valid config."""
    if config is None or config.cluster is None:
        return None
    from app.cluster.commands import require_cluster
    from app.cluster.status import read_cluster_status

    return read_cluster_status(require_cluster(config, "status"))


def _template_command(template: str):  # type: ignore[no-untyped-def]
    """A child command from a template string (tests use it to run stand-ins for crawls)."""
    import shlex

    parts = shlex.split(template)

    def command(source: str, run_id: int) -> list[str]:
        return [p.replace("{source}", source).replace("{run_id}", str(run_id)) for p in parts]

    return command


def _days(span: timedelta) -> str:
    """A span as ``2d 3h``, ``3h 5m`` or ``40m``."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _short(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value else "—"
