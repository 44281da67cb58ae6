"""Already-extracted article records (JSON lines) into the schema, for backfills.

A record gives the schema's fields (:class:`Article`) by the names of
:meth:`Article.to_dict`, so an ``aggregator export --articles --format jsonl``
ingests whole; ``url`` and ``body`` are required. ``body`` may also be one
string (paragraphs separated by blank lines or newlines), ``byline`` a list,
and ``site``, ``byline``, ``published`` and ``updated`` are short names of
``site_name``, ``byline_raw``, ``published_at`` and ``updated_at``. What ingest
decides itself is not read: ``provenance`` (``{"all": "ingest"}``), and the
derived ``published_local``, ``updated_local`` and ``content_hash``; other keys
(an export's story and event ids, first seen, versions …) are ignored.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aggregator.hygiene import clean, clean_article, clean_url
from aggregator.parser.byline import split_byline
from aggregator.parser.dates import parse_local
from aggregator.parser.dates.zones import offset_minutes
from aggregator.parser.for_source import keep_syndicated_copy_apart
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import Article


class IngestError(Exception):
    """A file that cannot be ingested at all (unreadable, no records); the message names it."""


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")

# The short names of the backfill format, each the name of a schema field.
SHORT_NAMES = {
    "site_name": "site",
    "byline_raw": "byline",
    "published_at": "published",
    "updated_at": "updated",
}
_TIMES = {"published_at": "published_offset", "updated_at": "updated_offset"}


def given(record: dict[str, Any], name: str) -> tuple[str, Any]:
    """The key the record gives schema field ``name`` by, and its value (None: not given).

    ValueError when the record gives both the field's name and its short name, with
    different values: which to keep is the record writer's to say.
    """
    short = SHORT_NAMES.get(name)
    value = record.get(name)
    if short is None or record.get(short) in (None, ""):
        return name, value
    if value not in (None, "") and value != record[short]:
        raise ValueError(f"fields '{short}' and '{name}' differ: give one of them")
    return short, record[short]


def _paragraphs(body: Any) -> list[str]:
    parts = body if isinstance(body, list) else _PARAGRAPH_BREAK.split(str(body or ""))
    return [p for p in (clean(str(part)) for part in parts) if p]


def _url(name: str, value: Any, base: str, *, http_only: bool = True) -> str:
    """``value`` canonicalised against the article's URL, as the parser does a link;
    ValueError unless it is a string and (``http_only``) an http(s) URL."""
    if not isinstance(value, str):
        raise ValueError(f"field '{name}' must be a string, got {type(value).__name__}")
    url = canonicalize_url(clean_url(value), base)
    if http_only and not url.startswith(("http://", "https://")):
        raise ValueError(f"field '{name}' must be an http(s) URL, got {value!r}")
    return url


def _related(value: Any, base: str) -> list[dict[str, str]]:
    links = [] if value is None else value
    if not isinstance(links, list) or not all(
        isinstance(link, dict) and isinstance(link.get("text", ""), str) for link in links
    ):
        raise ValueError("field 'related' must be a list of {url, text} objects")
    return [
        {"url": _url("related", link.get("url"), base), "text": link.get("text", "")}
        for link in links
    ]


def _byline(record: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """The raw byline and the authors and credits: as the record gives them, else the
    byline split as the parser splits one."""
    key, byline = given(record, "byline_raw")
    if isinstance(byline, list):
        byline = ", ".join(str(b) for b in byline)
    if byline is not None and not isinstance(byline, str):
        raise ValueError(f"field '{key}' must be a string or a list, got {type(byline).__name__}")
    byline = clean(byline)
    authors, credits = record.get("authors"), record.get("credits")
    if authors is not None or credits is not None:  # from_dict checks their types
        return byline, [] if authors is None else authors, [] if credits is None else credits
    return (byline, *split_byline(byline)) if byline else (byline, [], [])


def _times(record: dict[str, Any]) -> dict[str, Any]:
    """``published_at`` and ``updated_at`` in UTC, each with its offset: the record's
    ``published_offset`` / ``updated_offset`` when it has that key (an export writes
    the time in UTC and the page's offset beside it), else the offset the time is
    written in, as the parser keeps a page's. An update not after publication is
    none (the parser's rule)."""
    out: dict[str, Any] = {}
    for name, offset_name in _TIMES.items():
        value = given(record, name)[1]
        local = parse_local(value) if value not in (None, "") else None
        if local is None or (name == "updated_at" and not _after(local, out["published_at"])):
            out[name] = out[offset_name] = None
            continue
        out[name] = local.astimezone(UTC)
        out[offset_name] = record[offset_name] if offset_name in record else offset_minutes(local)
    return out


def _after(moment: datetime, other: datetime | None) -> bool:
    return other is None or moment > other


def article_from_record(
    record: dict[str, Any], *, source: str | None, fetched_at: datetime
) -> Article:
    """One ingest record as an Article; ValueError names the missing or bad field.

    ``source`` (the operator's ``--source``) outranks the record's own; ``fetched_at``
    is used when the record gives none.
    """
    url = clean_url(str(record.get("url") or ""))
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"field 'url' must be an http(s) URL, got {url!r}")
    canonical = canonicalize_url(url)
    if not canonical:
        raise ValueError(f"field 'url' is not a valid URL: {url!r}")
    body = _paragraphs(record.get("body"))
    if not body:
        raise ValueError("field 'body' is empty")
    byline, authors, credits = _byline(record)
    site = clean(str(given(record, "site_name")[1] or "")) or (urlsplit(url).hostname or "unknown")
    times = _times(record)
    # Every schema field the record gives, then ingest's reading of those it reads
    # itself; from_dict checks the types of the rest (a one-line error naming the field).
    values = {
        f.name: value
        for f in dataclasses.fields(Article)
        if (value := given(record, f.name)[1]) is not None
    }
    values.update(
        url=url,
        canonical_url=_url("canonical_url", values["canonical_url"], url)
        if "canonical_url" in values
        else canonical,
        source=source or values.get("source") or site,
        site_name=site,
        headline=clean(str(record.get("headline") or "")),
        body=body,
        fetched_at=values.get("fetched_at", fetched_at.isoformat()),
        authors=authors,
        credits=credits,
        byline_raw=byline or None,
        published_at=_iso(times["published_at"]),
        published_offset=times["published_offset"],
        updated_at=_iso(times["updated_at"]),
        updated_offset=times["updated_offset"],
        related=_related(values.get("related"), url),
        provenance={"all": "ingest"},
    )
    # The image as the parser keeps one (any scheme); the original only on the web.
    if "image_url" in values:
        values["image_url"] = _url("image_url", values["image_url"], url, http_only=False)
    if "is_based_on" in values:
        values["is_based_on"] = _url("is_based_on", values["is_based_on"], url)
    article = Article.from_dict(values)
    # The parser's rule for a rel=canonical to another site, so the two cannot drift.
    keep_syndicated_copy_apart(article)
    return clean_article(article)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON-lines file: its record, or why it is none."""

    number: int
    record: dict[str, Any] | None
    problem: str | None = None


def read_jsonl(path: Path) -> Iterator[JsonLine]:
    """Each non-blank line of ``path``, read on its own.

    A line that is not UTF-8, not JSON, JSON nested too deeply to read, or not
    an object comes with its problem, and the lines after it are still read.
    IngestError only when the file itself cannot be read.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield JsonLine(number, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield JsonLine(number, None, f"invalid JSON ({exc.msg})")
                continue
            except RecursionError:
                yield JsonLine(number, None, "JSON nested too deeply to read")
                continue
            if not isinstance(record, dict):
                yield JsonLine(number, None, "expected a JSON object")
                continue
            yield JsonLine(number, record)
