"""Exports of the store: stories or articles as JSON lines or CSV, stories as Atom.

Readers' output formats, each escaped for its own syntax: JSON by ``json``
(control characters as ``\\u`` escapes), CSV by ``csv`` (nested values as JSON
text; control characters, which CSV cannot escape and which a terminal or a
spreadsheet would act on, removed), Atom by :mod:`app.feeds`. The store holds
no control characters (:mod:`aggregator.hygiene`); a database written by an
older version may.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal, TextIO

from sqlite_utils import Database

from aggregator.schema import Article, Copy, Story
from app.feeds import StoryEntry, feed_id, feed_title, last_change, render_atom, store_tag
from app.terminal import safe
from storage import queries
from storage.queries import StoryFilter

ExportFormat = Literal["jsonl", "csv", "atom"]
# The Atom feed is the deduplicated stream's latest stories, not an archive.
ATOM_STORIES = 500


def story_rows(db: Database, selection: StoryFilter) -> Iterator[dict[str, Any]]:
    """One record per selected story (with its ``event_id``), newest first (in change
    order with ``changed_after``); read one story at a time, so an export of any size
    holds one in memory."""
    for story in queries.iter_stories(db, selection):
        yield dataclasses.asdict(story)


STORY_COLUMNS = [f.name for f in dataclasses.fields(Story)]
# The keys of ``article_rows``' records, in their order.
ARTICLE_COLUMNS = [
    "story_id",
    "event_id",
    "article_id",
    *Article.dict_keys(),
    "first_seen_at",
    *Copy.DEDUP_KEYS,
    "versions",
    "versions_dropped",
    "last_edited_at",
    "change_seq",
    "removed_at",
    "removed_status",
    "replaced_at",
]


def article_rows(db: Database, selection: StoryFilter) -> Iterator[dict[str, Any]]:
    """One record per selected article, with its story and its story's event."""
    for story_id, copy in queries.articles(db, selection=selection):
        yield {
            "story_id": story_id,
            "event_id": copy.event_id,
            "article_id": copy.article_id,
            **copy.article.to_dict(),
            "first_seen_at": _iso(copy.first_seen_at),
            **copy.dedup_record(),
            "versions": copy.versions,
            "versions_dropped": copy.versions_dropped,
            "last_edited_at": _iso(copy.last_edited_at),
            "change_seq": copy.change_seq,
            "removed_at": _iso(copy.removed_at),
            "removed_status": copy.removed_status,
            "replaced_at": _iso(copy.replaced_at),
        }


def _iso(value: datetime | None) -> str | None:
    """The one way an export writes a time: ISO 8601 (``2026-12-04T01:30:00+00:00``), as
    every article field is written, in JSON and in CSV alike."""
    return value.isoformat() if value else None


def json_default(value: Any) -> Any:
    """What ``json`` cannot write itself: a time in ISO 8601 (:func:`_iso`), anything else
    as its text.

    ``default=str`` wrote a story's times with a space (``2026-12-04 01:30:00+00:00``)
    beside its copies' ``T``: two formats in one record, and not RFC 3339's.
    """
    return _iso(value) if isinstance(value, datetime) else str(value)


# U+2028 and U+2029 are valid inside a JSON string, but line breaks to Python's
# str.splitlines() and to JavaScript: written as escapes, each record stays one line.
# (json.dumps escapes the C0 controls; U+0085, splitlines' other break, never gets
# this far: aggregator.hygiene drops every C1 control before an article is stored.)
_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029"})


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        line = json.dumps(row, ensure_ascii=False, default=json_default)
        line = line.translate(_LINE_SEPARATORS)
        out.write(line + "\n")
        count += 1
    return count


# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(...),
# =cmd|...); OWASP's CSV injection guidance: write such a cell with a ' before it, which
# the spreadsheet shows as text and does not run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, default=json_default)
    elif isinstance(value, datetime):
        value = _iso(value)
    return safe(value) if isinstance(value, str) else value


def guard_formula(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a cell starting like a formula
    (:data:`FORMULA_STARTS`) gets ``'`` in front (OWASP's advice; the web view's CSV too)."""
    return FORMULA_GUARD + text if text.startswith(FORMULA_STARTS) else text


def write_csv(
    rows: Iterator[dict[str, Any]], out: TextIO, columns: list[str], *, guard_formulas: bool = True
) -> int:
    """CSV with a header of ``columns`` (written for an export of no row too, so a reader
    of the file always finds its columns); lists and mappings as JSON text. With
    ``guard_formulas`` a text cell a spreadsheet would run as a formula starts with
    ``'`` (:data:`FORMULA_STARTS`); numbers are written as they are. Returns how many
    cells got the ``'`` (a program reading the file wants to know its values moved)."""
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    guarded = 0
    for row in rows:
        cells = {key: _csv_cell(value) for key, value in row.items()}
        if guard_formulas:
            for key, cell in cells.items():
                if isinstance(cell, str) and (kept := guard_formula(cell)) != cell:
                    cells[key] = kept
                    guarded += 1
        writer.writerow(cells)
    return guarded


def atom_feed(db: Database, selection: StoryFilter) -> str:
    """The latest selected stories as an Atom feed, one entry per story linking every copy
    and its related coverage.

    Its id names the store and what the feed selects (:func:`app.feeds.selects`: its
    source, story, event, time basis, author, outlets, language, page kinds), not the
    window: ``--since 7d`` exported every day is one feed whose entries move on, and
    ``--kind opinion`` is another feed than ``--kind review`` (docs/readers.md, "Atom
    feed ids")."""
    selected = queries.stories(db, limit=ATOM_STORIES, selection=selection)
    store = store_tag(db)
    return render_atom(
        (
            StoryEntry(s, queries.copies(db, s.story_id), queries.related_coverage(db, s.story_id))
            for s in selected
        ),
        store=store,
        empty_since=last_change(db),
        feed=feed_id(store, "stories", selection),
        title=feed_title(selection),
    )


def export(
    db: Database,
    out: TextIO,
    *,
    fmt: ExportFormat,
    per_article: bool,
    selection: StoryFilter,
    guard_formulas: bool = True,
) -> int:
    """Write the export of ``selection`` to ``out`` (Atom exports stories only: the caller
    refuses --articles); ``guard_formulas``: see :func:`write_csv`. Returns how many CSV
    cells the guard changed (0 for the other formats)."""
    if fmt == "atom":
        out.write(atom_feed(db, selection) + "\n")
        return 0
    rows = article_rows(db, selection) if per_article else story_rows(db, selection)
    if fmt == "jsonl":
        write_jsonl(rows, out)
        return 0
    return write_csv(
        rows,
        out,
        ARTICLE_COLUMNS if per_article else STORY_COLUMNS,
        guard_formulas=guard_formulas,
    )
