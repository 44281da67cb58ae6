"""The readers: ``stories``, ``show``, ``search``, ``export`` and the web view, ``serve``."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource
from sqlite_utils import Database

from app import render
from app.cli.root import (
    MAX_ROWS,
    SOURCE_HELP,
    SQLITE_MAX_INTEGER,
    Context,
    ReaderFilters,
    bold,
    by_option,
    echo_json,
    kind_option,
    note_empty_database,
    note_unknown_author,
    note_unknown_source,
    parse_window,
    pass_ctx,
    reader_options,
    since_option,
    until_option,
)
from app.errors import EXIT_FAILURE, handle_errors, output_file_failed
from app.export import ATOM_STORIES
from app.progress import on_terminal
from app.terminal import safe
from storage.queries.fulltext import SCANNED_MATCHES

if TYPE_CHECKING:
    from storage import queries


class _PlaceParam(click.ParamType[Any, Any]):  # a story id or a storage.queries.Place
    """``--after``: a story id, or a place a page printed (``ID@TIME[@TIME]``)."""

    name = "ID|PLACE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from storage import queries

        if isinstance(value, int | queries.Place):
            return value
        text = str(value).strip()
        if "@" in text:
            try:
                return queries.read_place(text)
            except queries.PlaceError as exc:
                self.fail(str(exc), param, ctx)
        if text.isascii() and text.isdigit() and 1 <= int(text) <= SQLITE_MAX_INTEGER:
            return int(text)
        self.fail(f"'{text}' is not a story id nor a place a page printed (ID@TIME…)", param, ctx)


@click.command()
@reader_options
@click.option(
    "--events",
    "by_event",
    is_flag=True,
    help="Group by event (stories about one happening); --limit and --offset count events.",
)
@click.option(
    "--event",
    "event_id",
    type=click.IntRange(1, SQLITE_MAX_INTEGER),
    help="Only the stories of this event (the number after 'Event' in --events, or "
    "'event_id' in show --json); all of them unless --limit is given.",
)
@click.option(
    "--after",
    type=_PlaceParam(),
    help="The stories listed after story ID (the next page from the last id shown; "
    "stories stored meanwhile shift nothing, where an --offset page shifts by as many), "
    "or after the place a page printed as its next page's --after (ID@TIME…): from "
    "there even if that story has moved since (an earlier copy joined it).",
)
@pass_ctx
@handle_errors
def stories(
    ctx: Context,
    filters: ReaderFilters,
    as_json: bool,
    by_event: bool,
    event_id: int | None,
    after: int | queries.Place | None,
) -> None:
    """Latest stories, one line each: first seen (UTC; first published with --by
    published), outlets, origin, headline. On a terminal, a page with more after it
    ends with the next page's --after on standard error.

    \b
    Examples:
      aggregator stories --since 24h --min-outlets 2
      aggregator stories --after 4182 --limit 50
      aggregator stories --events --limit 5
      aggregator stories --event 12
    """
    from storage import queries

    if after is not None and (by_event or filters.offset):
        raise click.UsageError("--after pages stories by id: give it without --events and --offset")
    db = ctx.reader_db()
    arguments = _query_arguments(filters, event_id)
    note_unknown_source(db, filters.narrowing.source)
    note_unknown_author(db, filters.narrowing.author)
    _note_unknown_story_or_event(ctx, db, None, event_id, "lists")
    published = filters.narrowing.by == queries.PUBLISHED
    if by_event:
        groups = filters.page(queries.events(db, **arguments))
        if not groups:
            note_empty_database(db, ctx.db_path)
        if as_json:
            echo_json([render.event_record(e) for e in groups])
            return
        for event in groups:
            for line in render.event_lines(event, bold, published=published):
                click.echo(line)
        return
    place = _place_to_page_from(db, after, filters.narrowing.by) if after is not None else None
    rows = filters.page(queries.stories(db, after=place, **arguments))
    if not rows:
        note_empty_database(db, ctx.db_path)
    if as_json:
        echo_json([render.story_record(s) for s in rows])
    else:
        for story in rows:
            click.echo(render.story_line(story, bold, published=published))
    if rows and on_terminal():
        _hint_next_page(db, queries.Place.of(rows[-1]), arguments)


def _query_arguments(filters: ReaderFilters, event_id: int | None) -> dict[str, Any]:
    """``stories``' query arguments: with --event, that event's stories, all of them unless
    --limit was given (show's "and N more: aggregator stories --event ID" names this
    command to list them all; the default 20 rows cut a large event short)."""
    if event_id is None:
        return filters.query_arguments()
    source = click.get_current_context().get_parameter_source("limit")
    if source in (None, ParameterSource.DEFAULT):
        filters = replace(filters, limit=MAX_ROWS)
    arguments = filters.query_arguments()
    arguments["selection"] = replace(arguments["selection"], event_id=event_id)
    return arguments


def _hint_next_page(db: Database, last: queries.Place, arguments: dict[str, Any]) -> None:
    """The next page's --after on stderr, when there is a next page. Only on a terminal:
    a script's stderr stays empty on success, and its --json records carry the place
    (``story_id@first_seen_at[@first_published_at]``)."""
    from storage import queries

    if queries.stories(db, after=last, **{**arguments, "limit": 1}):
        click.echo(f"next page: --after {queries.place_token(last)}", err=True)


def _place_to_page_from(db: Database, after: int | queries.Place, by: str) -> queries.Place:
    """Where ``stories --after`` starts: the place given, or story ``after``'s place now.
    A usage error unless that place is in the order ``by`` lists stories in."""
    from storage import queries

    place = queries.place_of(db, after)
    if place is None:  # pruned, merged into another story, or never stored
        raise click.BadParameter(f"no story {after} is stored to page from", param_hint="--after")
    if not queries.in_order(place, queries.TIME_BASES[by]):
        raise click.BadParameter(
            f"story {place.story_id} has no published time to page from by published",
            param_hint="--after",
        )
    return place


class _NegativeIdCommand(click.Command):
    """A command whose argument is an id: a negative number given for it ('show -1')
    reaches the argument, whose range names it, instead of being read as an unknown
    option ("No such option: -1"). Mistyped options are still named as options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for index, arg in enumerate(args):
            if arg == "--":
                break
            if _NEGATIVE_NUMBER.fullmatch(arg):
                args = [*args[:index], "--", *args[index:]]
                break
        return super().parse_args(ctx, args)


_NEGATIVE_NUMBER = re.compile(r"-\d.*")  # no option of ours starts with a digit


class _QueryCommand(click.Command):
    """A command whose argument is a search query: every word that is not one of the
    command's options is a word of the query, in the order typed, so any number of
    exclusions ('summit -hanoi -golf') reach the query instead of being read as unknown
    short options ("No such option: -g"), and 'a -b OR c' groups as the quoted query
    does. A mistyped long option (--jsn) is still named as one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {
            name
            for param in self.params
            if isinstance(param, click.Option) and not param.is_flag
            for name in param.opts
        }
        options = {name for param in self.params for name in param.opts}
        options.update(ctx.help_option_names)
        given: list[str] = []
        words: list[str] = []
        index = 0
        while index < len(args):
            arg = args[index]
            if arg == "--":
                words.extend(args[index + 1 :])
                break
            if arg in takes_value:
                if index + 1 == len(args):  # no value: click names the option
                    return super().parse_args(ctx, [*given, arg])
                given.extend(args[index : index + 2])  # the value may start with a dash
                index += 2
                continue
            if arg.startswith("--") or arg in options:
                given.append(arg)  # --name=value, a flag, or a long option click names
            else:
                words.append(arg)
            index += 1
        return super().parse_args(ctx, [*given, "--", *words])


class _StoryIdParam(click.IntRange):
    """A story id, or an article's http(s) URL, taken as it is (``show URL``): a word that
    is neither is told what an id is, not "'abc' is not a valid integer range"."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and _WEB_ADDRESS.match(value.strip()):
            return value.strip()
        if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value.strip()):
            self.fail(
                f"'{safe(value)}' is not a story id: the number at the start of a line of "
                "'stories' or 'search'",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


@click.command(cls=_NegativeIdCommand)
@click.argument("story_id", type=_StoryIdParam(1, SQLITE_MAX_INTEGER))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_ctx
@handle_errors
def show(ctx: Context, story_id: int | str, as_json: bool) -> None:
    """One story: its canonical text, every copy with its provenance, related coverage.

    STORY_ID is the number at the start of a line of 'stories' or 'search', or an
    article's http(s) URL. A story since merged into another is shown as the story it
    became (a note names it). A URL shows the story of the article at that URL now: a
    page that now holds another story than the one first stored there is that other
    story.

    \b
    Examples:
      aggregator show 12
      aggregator show https://example.com/news/latest
    """
    from storage import queries

    db = ctx.reader_db()
    if isinstance(story_id, str):
        story_id = _story_at(ctx, db, story_id)
    story = queries.story(db, story_id)
    if story is None and (heir := queries.merged_into(db, story_id)) is not None:
        click.echo(f"note: story {story_id} was merged into story {heir}", err=True)
        story_id, story = heir, queries.story(db, heir)
    if story is None:
        click.echo(f"error: no story {story_id} in {ctx.db_path}", err=True)
        sys.exit(EXIT_FAILURE)
    copies = queries.copies(db, story_id)
    related = queries.related_coverage(db, story_id, render.RELATED_SHOWN)
    event = queries.event_summary(db, story.event_id) if story.event_id is not None else None
    if as_json:
        echo_json(render.show_record(story, copies, related, event))
        return
    for line in render.story_text(story, copies, related, event):
        click.echo(line)


def _story_at(ctx: Context, db: Database, url: str) -> int:
    """The story of the article at ``url`` now; exits with an error naming the URL when no
    stored article is there."""
    from storage import queries

    found = queries.story_at(db, url)
    if found is None:
        click.echo(f"error: no stored article at {safe(url)} in {ctx.db_path}", err=True)
        sys.exit(EXIT_FAILURE)
    return found


@click.command(cls=_QueryCommand)
@click.argument("words", nargs=-1, required=True, metavar="QUERY...")
@reader_options
@click.option(
    "--scan",
    type=click.IntRange(0, SQLITE_MAX_INTEGER),
    metavar="N",
    help=f"Look at most N matching articles, newest first, to fill the page (default "
    f"{SCANNED_MATCHES:,}; 0: every match, slower for a common word). A note on stderr "
    "says when the bound left matches unread.",
)
@pass_ctx
@handle_errors
def search(
    ctx: Context, words: tuple[str, ...], filters: ReaderFilters, as_json: bool, scan: int | None
) -> None:
    """Full-text search over stories (headline weighted over body).

    \b
    QUERY: words, all required; "a phrase" (its words in order); summ* (a prefix,
    3 letters at least); a OR b (either; 'x a OR b' is x and either); -word or
    -"a phrase" (leaves out the stories that have it). Other FTS syntax is not
    interpreted (a note on stderr says what was searched for). Several arguments
    are one query, joined by spaces in their order; a word that is one of the
    options below (-h) is read as it, unless it follows a '--'.

    \b
    Examples:
      aggregator search coffee frost --since 7d
      aggregator search '"second summit" kim OR trump -golf'
      aggregator search summit -golf -hanoi
    """
    from storage import queries

    query = " ".join(words)
    parsed = queries.parse_query(query)
    if parsed.problem:  # '', '-', '*', '""', '-golf': nothing to search, not "no story matched"
        raise click.BadParameter(f"'{safe(query)}' {parsed.problem}", param_hint="QUERY")
    if parsed.notice:
        click.echo(f"note: {safe(parsed.notice)}", err=True)
    db = ctx.reader_db()
    arguments = filters.query_arguments()
    note_unknown_source(db, filters.narrowing.source)
    note_unknown_author(db, filters.narrowing.author)
    found = queries.search(db, parsed, scan=scan, **arguments)
    if found.cut_at is not None:
        click.echo(
            f"note: more than {found.cut_at:,} articles match; only the newest "
            f"{found.cut_at:,} were looked at, so these may not be all the stories that "
            "match: --scan 0 looks at every match",
            err=True,
        )
    hits = filters.page(found)
    if not hits:
        note_empty_database(db, ctx.db_path)
    if as_json:
        echo_json([render.hit_record(h) for h in hits])
        return
    for hit in hits:
        for line in render.hit_text(hit, bold):
            click.echo(line)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "atom", "warc"]),
    default="jsonl",
    show_default=True,
    help="JSON lines or CSV (stories or --articles), an Atom feed of the latest "
    f"{ATOM_STORIES} stories, or the kept pages as WARC (retention.keep_pages).",
)
@click.option(
    "--articles", "per_article", is_flag=True, help="One row per article (default: per story)."
)
@since_option
@until_option
@by_option
@click.option("--source", help=f"{SOURCE_HELP} With --articles, only its own articles.")
@click.option(
    "--story",
    "story_id",
    type=click.IntRange(1, SQLITE_MAX_INTEGER),
    help="Only this story (or its articles).",
)
@click.option(
    "--event",
    "event_id",
    type=click.IntRange(1, SQLITE_MAX_INTEGER),
    help="Only the stories of this event (or their articles).",
)
@click.option(
    "--changed-after",
    type=click.IntRange(0, SQLITE_MAX_INTEGER),
    metavar="SEQ",
    help="Only the rows changed after change SEQ (stored, edited, moved by a merge), in "
    "the order they changed: give the last row's change_seq to the next export to sync "
    "without missing or repeating a change (0: everything).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@click.option(
    "--language",
    callback=lambda _ctx, _param, value: _language_code(value),
    metavar="CODE",
    help="Only articles in this language (its code as the page declares it: en, es, "
    "pt-BR; en is en-GB too), or with --articles left out, the stories with such a copy.",
)
@kind_option(
    "Only articles of this page kind, or with --articles left out, the stories with such a copy"
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="CSV: write a cell starting with = + - @, a tab or a carriage return as stored (a "
    "spreadsheet may run it as a formula); by default it gets a ' before it.",
)
@pass_ctx
@handle_errors
def export(
    ctx: Context,
    fmt: str,
    per_article: bool,
    since: str | None,
    until: str | None,
    by: str,
    source: str | None,
    story_id: int | None,
    event_id: int | None,
    changed_after: int | None,
    output: Path | None,
    language: str | None,
    kinds: tuple[str, ...] | None,
    raw_cells: bool,
) -> None:
    """Export stories or articles as JSON lines or CSV, stories as an Atom feed, or the
    kept pages as a WARC file.

    With --output the file is replaced only by a complete export: one that fails
    or is interrupted leaves it as it was.

    \b
    Examples:
      aggregator export --format csv --since 7d -o week.csv
      aggregator export --articles --source wirewire > wirewire.jsonl
      aggregator export --articles --event 5 --format csv -o event5.csv
      aggregator export --by published --since 2026-11-01 --until 2026-12-01
      aggregator export --articles --changed-after 5230
      aggregator export --articles --language es --format csv -o spanish.csv
      aggregator export --articles --kind=-sponsored,-press_release
      aggregator export --format warc --source tribune -o tribune.warc.gz
    """
    from app.export import export as write_export
    from app.output import utf8_stdout
    from storage import queries
    from storage.files import replacing

    if fmt == "warc":  # the kept pages, not rows: app/cli/archive.py
        from app.cli.archive import export_warc

        narrowed = (per_article, since, until, story_id, event_id, changed_after, language)
        by_given = click.get_current_context().get_parameter_source("by")
        if any(narrowed) or kinds or raw_cells or by_given is not ParameterSource.DEFAULT:
            raise click.UsageError("--format warc takes --source and --output only")
        export_warc(ctx, output, source)
        return
    if fmt == "atom" and per_article:
        raise click.UsageError("--format atom exports stories; drop --articles")
    if changed_after is not None and fmt == "atom":
        raise click.UsageError(
            "--changed-after is for --format jsonl or csv (a feed reader follows the "
            "Atom feed's <updated>)"
        )
    if raw_cells and fmt != "csv":
        raise click.UsageError("--raw-cells is for --format csv")
    if output is not None and not output.name:  # '' or '.' (click makes both Path('.'))
        raise click.BadParameter("give a file name", param_hint="'--output' / '-o'")
    ctx.refuse_database_as_output(output, "'--output' / '-o'")
    start, end = parse_window(since, until, by)
    selection = queries.StoryFilter(
        start,
        end,
        source,
        story_id=story_id,
        event_id=event_id,
        by=by,  # type: ignore[arg-type]  # click.Choice checked it
        changed_after=changed_after,
        language=language,
        kinds=kinds,
    )
    db = ctx.reader_db()
    try:
        if changed_after is not None and not queries.has_change_seq(db):
            click.echo(
                f"error: {ctx.db_path} does not number its changes yet (a writer's "
                "'aggregator migrate' adds change_seq): --changed-after selects nothing",
                err=True,
            )
            sys.exit(EXIT_FAILURE)
        note_empty_database(db, ctx.db_path)
        note_unknown_source(db, source)
        _note_unknown_story_or_event(ctx, db, story_id, event_id, "exports")
        with replacing(output) if output else utf8_stdout() as handle:
            guarded = write_export(
                db,
                handle,
                fmt=fmt,  # type: ignore[arg-type]  # click.Choice checked it
                per_article=per_article,
                selection=selection,
                guard_formulas=not raw_cells,
            )
        if guarded:
            click.echo(
                f"note: {guarded:,} cell{'s' if guarded != 1 else ''} starting with = + - @, "
                "a tab or a carriage return got a ' before it (so a spreadsheet shows it as "
                "text); --raw-cells writes them as stored, for a program",
                err=True,
            )
    except OSError as exc:
        output_file_failed(output, exc)
    finally:
        db.close()


# A language code as pages declare it (BCP 47: a language, then subtags): en, pt-BR, zh-Hant.
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _language_code(value: str | None) -> str | None:
    """--language read: a language code, else a usage error naming it."""
    if value is None or _LANGUAGE_CODE.fullmatch(value):
        return value
    raise click.BadParameter(
        f"'{safe(value)}' is not a language code (en, es, pt-BR)", param_hint="'--language'"
    )


def _note_unknown_story_or_event(
    ctx: Context, db: Database, story_id: int | None, event_id: int | None, verb: str
) -> None:
    """A note on stderr for a --story or --event the database does not hold (a mistyped
    id would read as "nothing there"); an error for --event on a database without events.
    ``verb``: what the command does with the id a merge led to ("exports", "lists")."""
    from storage import queries

    if story_id is not None and queries.story(db, story_id) is None:
        _note_missing(ctx, "story", story_id, queries.merged_into(db, story_id), verb)
    if event_id is None:
        return
    if not queries.has_events(db):
        click.echo(
            f"error: {ctx.db_path} has no events yet ('aggregator migrate' adds them): "
            "--event selects nothing",
            err=True,
        )
        sys.exit(EXIT_FAILURE)
    if queries.stories(db, limit=1, event_id=event_id):
        return
    _note_missing(ctx, "event", event_id, queries.event_merged_into(db, event_id), verb)


def _note_missing(ctx: Context, kind: str, wanted: int, heir: int | None, verb: str) -> None:
    """The note for a --story/--event id not in the database: where a merge took it, if one did."""
    if heir is not None:
        click.echo(
            f"note: {kind} {wanted} was merged into {kind} {heir}: --{kind} {heir} {verb} it",
            err=True,
        )
    else:
        click.echo(f"note: no {kind} {wanted} in {ctx.db_path}", err=True)


@click.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8001,
    show_default=True,
    help="Port on 127.0.0.1.",
)
@click.option("--allow-sql", is_flag=True, help="Allow arbitrary SQL queries (off by default).")
@pass_ctx
@handle_errors
def serve(ctx: Context, port: int, allow_sql: bool) -> None:
    """Browse the stories in Datasette (read-only, on 127.0.0.1) until Ctrl-C or SIGTERM."""
    from app.web import serve as serve_web

    ctx.reader_db().close()  # "no database at PATH" for a mistyped --db, nothing created
    ctx.open_db().close()  # brings its schema up to date for the web view's queries
    # With --db and no config.yaml, as the readers: web and alerts take their defaults.
    config = ctx.config_or_defaults()
    serve_web(config, ctx.db_path, port=port, allow_sql=allow_sql, announce=click.echo)
