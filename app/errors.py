"""Errors as the command line shows them: one line on stderr and an exit code.

Shared by ``app.cli`` and the daemon's commands, which ``cli`` registers.
A wrong per-source parser is a configuration error, like a wrong key.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import Any, NoReturn

import click

from aggregator.config import ConfigError
from app.output import OutputError, cannot_write, guarded_stdout

EXIT_CONFIG = 2
EXIT_FAILURE = 1
EXIT_USAGE = 2  # as click's own usage errors
EXIT_INTERRUPTED = 128 + signal.SIGINT  # Ctrl-C, as a shell reports a command it stopped


class ClusterUnavailable(Exception):
    """A cluster command cannot work: no redis client installed, or Redis out of reach.

    Here, with the other errors every command catches, so that catching it imports
    neither the cluster's package nor a redis client.
    """


class WebViewUnavailable(Exception):
    """The web view cannot start (Datasette missing, the port taken); the message says why."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt: ``kill PID`` runs the same
    clean-up (a scratch file removed, a transaction rolled back) and ends the same way."""


def output_file_failed(output: object | None, cause: OSError) -> NoReturn:
    """End a command whose ``--output`` file could not be written (a missing or unwritable
    folder, a full disk): one error line, exit 1. With no file (``output`` None) the
    error was stdout's, re-raised for :func:`app.output.guarded_stdout` to say."""
    if output is None:
        raise cause
    click.echo(f"error: {cannot_write(output, cause)}", err=True)
    sys.exit(EXIT_FAILURE)


def interrupted_status(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM), as a shell reports a
    command a signal stopped."""
    return (128 + signal.SIGTERM) if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated


def stop_on_sigterm() -> None:
    """SIGTERM raises :class:`Terminated` from now on (unless a handler is set already).

    Commands that run until stopped (the daemon, ``serve``, the cluster's) set their
    own handlers over this one.
    """
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends, then act as they would have.

    For a step that must not be cut between two of its parts: an ingest's batch
    committed and counted, so that what Ctrl-C reports is what was stored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread's handlers
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


# Longer than any command's first sentence: --help lists each summary whole.
SUMMARY_LENGTH = 1000


class WholeSummaries(click.Group):
    """A command group whose --help lists each command's whole first sentence, wrapped.

    click cuts a summary to what fits on one line and ends it in "...": most of
    ours stopped mid-phrase ("Crawl SOURCES (names from the config) once and
    store what they..."), the part that tells one command from another.
    """

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(SUMMARY_LENGTH)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class OneLineErrors(WholeSummaries):
    """A command group whose usage errors are one line too (click prints usage, a hint
    and the error on four): ``error: <what is wrong> (see 'aggregator CMD --help')``;
    so is a stdout that cannot be written (:mod:`app.output`)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        stop_on_sigterm()
        with guarded_stdout():
            try:
                try:
                    result = super().main(args, prog_name, complete_var, False, **extra)
                finally:  # on every way out, sys.exit too: a write held back fails here
                    sys.stdout.flush()
            except click.exceptions.Abort:
                click.echo("error: aborted", err=True)
                sys.exit(EXIT_FAILURE)
            except BrokenPipeError:
                # The reader of our output went away (`aggregator export | head`): not an
                # error to report. The guarded stdout writes nothing more, so the exit is quiet.
                sys.exit(EXIT_FAILURE)
            except OutputError as exc:  # a full disk, an I/O error, stdout closed
                click.echo(f"error: {exc}", err=True)
                sys.exit(EXIT_FAILURE)
            except click.exceptions.NoArgsIsHelpError as exc:
                exc.show()  # `aggregator` alone: its help, as click prints it (stderr, exit 2)
                sys.exit(exc.exit_code)
            except click.ClickException as exc:
                hint = ""
                if isinstance(exc, click.UsageError) and exc.ctx is not None:
                    hint = f" (see '{exc.ctx.command_path} --help')"
                click.echo(f"error: {exc.format_message()}{hint}", err=True)
                sys.exit(exc.exit_code)
        # Without standalone mode click returns what --help, --version and ctx.exit give.
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        """Every command stopped by Ctrl-C or SIGTERM ends alike: what it does on the way
        out (``finally``, ``except KeyboardInterrupt`` …) done, then one line and 128 + the
        signal's number. Before, click's Abort said 'error: aborted' with exit status 1."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interrupt:
            click.echo("error: interrupted", err=True)
            sys.exit(interrupted_status(interrupt))


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our named errors into one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from aggregator.errors import IngestError, SourceParserError
        from storage.db import DatabaseError, describe_sqlite_error

        try:
            return func(*args, **kwargs)
        except (ConfigError, SourceParserError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        except (DatabaseError, IngestError, WebViewUnavailable, ClusterUnavailable) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILURE)
        except sqlite3.Error as exc:  # e.g. not a database, or one never migrated
            ctx = click.get_current_context().obj
            click.echo(f"error: {describe_sqlite_error(ctx.db_path, exc)}", err=True)
            sys.exit(EXIT_FAILURE)

    return wrapper
