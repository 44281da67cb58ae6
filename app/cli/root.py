"""The ``aggregator`` group and what its commands share: context, reader options, output."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource
from sqlite_utils import Database

from aggregator.config import (
    DEFAULT_CONFIG_PATH,
    Config,
    ConfigError,
    DurationTooLong,
    RejectedSource,
    parse_duration,
)
from aggregator.schema import KINDS
from app.config_loader import load_app_config
from app.errors import OneLineErrors

if TYPE_CHECKING:
    from storage.queries import StoryFilter


# What each command that cannot run on the built-in defaults reads from the config, said
# when it is given --db where there is no config file (README, "A tour of the CLI").
CONFIG_READ_BY = {
    "prune": "the retention, dedup and cluster settings",
    "reparse": "the sources' selectors and parsers",
    "alerts": "the alerts",
    "sources": "the sources",
    "crawl": "the sources to crawl",
    "daemon": "the sources and their schedules",
    "worker": "the cluster settings",
    "writer": "the cluster settings",
    "extract": "the source --source names",
    # Only pages with --source load the config (``ingest``); else the defaults serve.
    "ingest": "the source --source names for pages",
}


class Context:
    """What every command gets: the validated config (with ``--db`` applied) and the log level."""

    def __init__(self, config_path: Path, db_override: Path | None, log_level: str = "WARNING"):
        self.config_path = config_path
        self.db_override = db_override
        self.log_level = log_level
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        return self.load_config()

    def load_config(self, *, warn_set_aside: bool = True) -> Config:
        """The config, its notices and (unless ``warn_set_aside`` is False) each set-aside
        source entry said once on stderr. False: the command says them itself, each once
        (``crawl`` as the error of an entry it was asked to crawl, the daemon in its log)."""
        if self._config is None:
            if (needed := self._config_needed()) is not None:
                raise ConfigError(needed)
            self._config = load_app_config(self.config_path, self.db_override)
            said = self._config.warnings() if warn_set_aside else list(self._config.notices)
            for warning in said:
                click.echo(f"warning: {warning}", err=True)
        return self._config

    def config_left_out(self) -> bool:
        """Is there no config to read: no ``--config`` given and no file at the default
        path? Commands that can run on the built-in defaults then do; a ``--config``
        naming no file (the default's name given explicitly too) stays an error."""
        root = click.get_current_context().find_root()
        given = root.get_parameter_source("config_path")
        return given is ParameterSource.DEFAULT and not self.config_path.exists()

    def _config_needed(self) -> str | None:
        """The one line of a command that cannot run on the defaults, given ``--db`` where
        there is no config file: what it reads from the config, and how to name one. None
        otherwise, and for a command not in CONFIG_READ_BY (``status`` says what it shows
        without the config in its own line)."""
        if self.db_override is None or not self.config_left_out():
            return None
        command = click.get_current_context().find_root().invoked_subcommand
        what = CONFIG_READ_BY.get(command or "")
        if what is None:
            return None
        return (
            f"{self.config_path}: config file not found; 'aggregator {command}' reads {what} "
            "from it (--db names only the database): give --config PATH"
        )

    def config_or_defaults(self) -> Config:
        """The config, or with ``--db`` and no config file the built-in defaults: for a
        command that reads from the config only settings which have defaults (ingest's
        dedup, serve's ``web`` and ``alerts``), so that it runs where there is no
        config.yaml as the readers do. Without ``--db`` the config names the database."""
        if self.config_left_out() and self.db_override is not None:
            # As load_app_config applies --db: the path as given, never read as a config value.
            return Config().model_copy(update={"database": self.db_override})
        return self.config

    @staticmethod
    def warn_set_aside(rejected: Iterable[RejectedSource]) -> None:
        for entry in rejected:
            click.echo(f"warning: {entry.warning()}", err=True)

    @property
    def db_path(self) -> Path:
        return self.db_override if self.db_override is not None else self.config.database

    def open_db(self, *, read_only: bool = False) -> Database:
        from app.terminal import safe
        from storage.db import open_db

        # A writer that created a database at a relative path says so (storage.db).
        return open_db(
            self.db_path, read_only=read_only, tell=lambda note: click.echo(safe(note), err=True)
        )

    def refuse_database_as_output(self, path: Path | None, option: str) -> None:
        """A usage error when ``path`` (given to ``option``, a file the command writes)
        names the database or a file SQLite keeps beside it, however spelled: writing
        it would destroy the database. Checked before anything is opened."""
        from storage.db import database_file_named

        named = database_file_named(path, self.db_path) if path is not None else None
        if named is None:
            return
        what = "" if str(named) == str(path) else f"{named}, "
        what += (
            f"the database {self.db_path}"
            if named == self.db_path
            else f"a file SQLite keeps beside the database {self.db_path}"
        )
        raise click.BadParameter(
            f"{path} names {what}: writing it would destroy the database; name another file",
            param_hint=option,
        )

    def reader_db(self) -> Database:
        """Readers open read-only, so they never take the write lock nor create a database:
        a mistyped --db is "no database at PATH", not a new empty file.

        A file without newsagg's tables (an empty one, another program's SQLite
        file) is refused in one line naming it; a reader had said "database error
        in PATH: no such table: stories".
        """
        from storage.db import refuse_foreign_database

        db = self.open_db(read_only=True)
        try:
            refuse_foreign_database(db, self.db_path, empty_ok=False)
        except BaseException:
            db.close()
            raise
        return db


pass_ctx = click.make_pass_decorator(Context)

T = TypeVar("T")

# Ids are SQLite integers; a larger number is no id (and would overflow the binding).
SQLITE_MAX_INTEGER = 2**63 - 1
# The most rows a reader command prints (--limit), and the most outlets one asks for.
MAX_ROWS = 1_000_000


def parse_since(value: str | None, option: str, *, upper: bool = False) -> datetime | None:
    """'24h', '7d' (that long ago) or an ISO date/time; ``option`` names it in the error.

    A bare date (no time) is a day in UTC: its first instant, or with ``upper`` (an
    ``--until``) its last, so ``--until 2026-12-06`` includes that day, as the web
    view's "to" does (docs/readers.md, "Command line"); an ISO week (``2026-W49``) is
    its seven days, Monday to Sunday. Spaces around the value are not part of it, for
    both options alike. A time past the first or last instant UTC holds
    (``--until 9999-12-31``, ``--since 0001-01-01T00:00+09:00``) is that instant
    (``storage.queries.in_utc``).
    """
    value = value.strip() if value else value
    if not value:
        return None
    try:
        return datetime.now(UTC) - parse_duration(value)
    except DurationTooLong as exc:
        raise click.BadParameter(
            f"'{value}' is too long a duration ({exc})", param_hint=option
        ) from None
    except (ValueError, OverflowError):
        pass
    from storage.queries import in_utc, last_day_named, last_instant_of

    if upper and (day := last_day_named(value)) is not None:
        return last_instant_of(day)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        # Read after click's own parsing, so the option is named here, not by click.
        raise click.BadParameter(
            f"'{value}' is neither a duration (24h, 7d) nor an ISO date", param_hint=option
        ) from None
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    held = in_utc(moment)
    # The offset as given (the swapped window's line quotes it), unless UTC cannot hold it.
    return moment if held == moment else held


def parse_window(
    since: str | None, until: str | None, by: str = "seen"
) -> tuple[datetime | None, datetime | None]:
    """--since and --until read (:func:`parse_since`; both bounds are inclusive, so
    ``--since D --until D`` is the day D and the same instant twice the rows at it); a
    window that ends before it starts is a usage error, not an empty answer (``--since 1h
    --until 1d``: the two swapped), naming the time ``by`` (--by) says they read."""
    start, end = parse_since(since, "--since"), parse_since(until, "--until", upper=True)
    if start is not None and end is not None and end < start:
        read = "first published" if by == "published" else "first seen"
        raise click.UsageError(
            f"--until ({end.isoformat(timespec='seconds')}) is before --since "
            f"({start.isoformat(timespec='seconds')}): no row is {read} in that window"
        )
    return start, end


@dataclass(frozen=True)
class ReaderFilters:
    """What --limit, --offset, --since, --until, --by, --source, --author, --min-outlets and
    --kind said: the page, the window as typed (read when the command needs it), and the
    rest as the reader filter's own record (``narrowing``, a StoryFilter without window:
    --source, --author, --min-outlets, --by, --kind)."""

    limit: int
    offset: int
    since: str | None
    until: str | None
    narrowing: StoryFilter

    def query_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``queries.stories``, ``events`` and ``search``: the rows
        up to the end of the page (:meth:`page` drops those before it), and the filter as
        its one record (``selection``, a ``storage.queries.StoryFilter``).

        --since and --until are read here, when the command needs them (a bad one
        is a usage error naming it).
        """
        since, until = parse_window(self.since, self.until, self.narrowing.by)
        selection = replace(self.narrowing, since=since, until=until)
        return {"limit": self.offset + self.limit, "selection": selection}

    def page(self, rows: list[T]) -> list[T]:
        """The page of ``rows`` (read with :meth:`query_arguments`): those after --offset.

        The queries take no offset: their order has a tie-breaker (the id), so the
        rows before the page are the same rows on every run over the same data.
        """
        return rows[self.offset :]


# The most stored source names the note on an unknown --source lists.
LISTED_SOURCES = 10


def note_unknown_source(db: Database, source: str | None) -> bool:
    """A note on stderr when no stored article is from ``source``: a mistyped --source
    would otherwise read as "nothing there", with exit status 0. True when ``source`` is
    None or stored (no note), for a caller whose own wording depends on it."""
    from app.terminal import safe
    from storage import queries

    if source is None:
        return True
    stored = queries.stored_sources(db)
    if source in stored:
        return True
    listed = ", ".join(safe(name) for name in stored[:LISTED_SOURCES]) or "none"
    more = f" and {len(stored) - LISTED_SOURCES} more" if len(stored) > LISTED_SOURCES else ""
    click.echo(
        f"note: no stored article is from source '{safe(source)}' (stored: {listed}{more})",
        err=True,
    )
    return False


def note_unknown_author(db: Database, author: str | None) -> None:
    """A note on stderr when no stored article is by ``author`` (in any case or accents),
    as for an unknown --source: a mistyped --author would read as "nothing there"."""
    from app.terminal import safe
    from storage import queries

    if author is not None and not queries.stored_authors(db, author):
        click.echo(f"note: no stored article is by author '{safe(author)}'", err=True)


def note_empty_database(db: Database, path: Path) -> None:
    """A note on stderr when the database holds no story at all: a reader's empty output
    would otherwise read as "nothing matched" to an operator whose crawls stored nothing
    yet (a wrong --db, a config whose sources found no article)."""
    from storage import queries

    if queries.totals(db).stories == 0:
        click.echo(
            f"note: {path} holds no story yet (a crawl, 'aggregator ingest' or "
            "'aggregator demo' stores some)",
            err=True,
        )


# The time window of every reader command (read with :func:`parse_window`).
# What --source selects, the same on every command that reads stories (export adds what
# it means with --articles).
SOURCE_HELP = "Only stories that this source ran."
since_option = click.option("--since", help="Only since then: a duration (24h, 7d) or an ISO date.")
until_option = click.option(
    "--until",
    help="Only until then (first seen, or published with --by): a duration ago or an ISO date.",
)
# Which time --since and --until (and the order of stories) read: storage.queries.TimeBasis.
by_option = click.option(
    "--by",
    type=click.Choice(["seen", "published", "first-seen"]),
    default="seen",
    show_default=True,
    help="Select and order by when newsagg first saw a story or article (seen: --since also "
    "keeps what changed since, a copy joined, an edit, a merge; first-seen: the first-seen "
    "time alone, so adjacent windows split the rows), or when it was published (those "
    "without a published time are left out).",
)


def _kinds(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """--kind read (:func:`aggregator.page_kinds.read_kinds`): the page kinds kept (None:
    every kind, no --kind given); an unknown kind is a usage error naming it."""
    from aggregator.page_kinds import KindWordError, read_kinds
    from app.terminal import safe

    try:
        return read_kinds(values)
    except KindWordError as exc:
        raise click.BadParameter(safe(str(exc)), param_hint="'--kind'") from None


def kind_option(selects: str = "Only stories with a copy of this page kind") -> Any:
    """--kind, given to the command as ``kinds`` (:func:`_kinds`); ``selects`` opens its help."""
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        callback=lambda _ctx, _param, values: _kinds(values),
        help=f"{selects} ({', '.join(KINDS)}): repeat it or give a comma list; a - before "
        "a kind leaves it out (--kind=-sponsored).",
    )


def reader_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--limit, --offset, --since, --until, --by, --source, --author, --min-outlets, --kind
    (given to the command as one ``filters: ReaderFilters``) and --json."""

    @functools.wraps(func)
    def with_filters(
        *args: Any,
        limit: int,
        offset: int,
        since: str | None,
        until: str | None,
        source: str | None,
        author: str | None,
        min_outlets: int,
        by: str,
        kinds: tuple[str, ...] | None,
        **kwargs: Any,
    ) -> Any:
        from storage.queries import TIME_BASES, StoryFilter

        narrowing = StoryFilter(
            source=source, author=author, min_outlets=min_outlets, by=TIME_BASES[by], kinds=kinds
        )
        filters = ReaderFilters(limit, offset, since, until, narrowing)
        return func(*args, filters=filters, **kwargs)

    options = [
        click.option(
            "--limit",
            type=click.IntRange(1, MAX_ROWS),
            default=20,
            show_default=True,
            help="At most this many rows.",
        ),
        click.option(
            "--offset",
            type=click.IntRange(0, MAX_ROWS),
            default=0,
            show_default=True,
            help="Skip this many rows first (the next page: --offset of the rows seen).",
        ),
        since_option,
        until_option,
        by_option,
        click.option("--source", help=SOURCE_HELP),
        click.option("--author", help="Only stories with a copy by this author."),
        click.option(
            "--min-outlets",
            type=click.IntRange(1, MAX_ROWS),
            default=1,
            show_default=True,
            help="Only stories run by at least N outlets.",
        ),
        kind_option(),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
    ]
    command: Callable[..., Any] = with_filters
    for option in reversed(options):
        command = option(command)
    return command


def echo_json(value: Any) -> None:
    """``value`` as JSON on stdout, in UTF-8 bytes whatever the output's encoding (JSON's
    own, RFC 8259), as export writes its formats (app.output)."""
    from app.export import json_default

    text = json.dumps(value, ensure_ascii=False, indent=2, default=json_default)
    click.echo(text.encode("utf-8"))


def bold(text: str) -> str:
    return click.style(text, bold=True)  # styles are dropped off a TTY


def _database_file(path: Path | None) -> Path | None:
    """--db: a folder is refused in the words a ``database:`` key naming one gets
    (storage.db.open_db), not click's "File '…' is a directory"."""
    if path is not None and path.is_dir():
        raise click.BadParameter(f"database {path} is a directory; name a file in it")
    return path


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_CONFIG_PATH,
    show_default=True,
    help="Configuration file.",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=None,
    callback=lambda ctx, param, value: _database_file(value),
    help="Database file (overrides 'database' in the config).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="WARNING",
    show_default=True,
    help="How much the crawler logs to stderr.",
)
@click.version_option(package_name="newsagg")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, db_path: Path | None, log_level: str) -> None:
    """Crawl news sources, merge copies of one wire story, and read the stories."""
    ctx.obj = Context(config_path, db_path, log_level.upper())
