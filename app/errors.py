"""Errors as the command line shows them: one line on stderr and an exit code.

Shared by ``app.cli`` and the daemon's commands, which ``cli`` registers.
A wrong per-source parser is a configuration error, like a wrong key.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from aggregator.config import ConfigError

EXIT_CONFIG = 2
EXIT_FAILURE = 1
EXIT_USAGE = 2  # as click's own usage errors
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command Ctrl-C stopped


class OneLineErrors(click.Group):
    """A command group whose usage errors are one line too (click prints usage, a hint
    and the error on four): ``error: <what is wrong> (see 'aggregator CMD --help')``."""

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
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(EXIT_FAILURE)
        except BrokenPipeError:
            # The reader of our output went away (`aggregator export | head`): not an error
            # to report. Point stdout at nothing so the interpreter's last flush is quiet too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_FAILURE)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        # Without standalone mode click returns what --help, --version and ctx.exit give.
        sys.exit(result if isinstance(result, int) else 0)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our named errors into one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from aggregator.parser.sources import SourceParserError
        from aggregator.records import IngestError
        from app.cluster import ClusterUnavailable
        from app.web import WebViewUnavailable
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
