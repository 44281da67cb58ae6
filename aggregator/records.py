"""Already-extracted article records (JSON lines) into the schema, for backfills.

Each line holds ``url``, ``headline`` and ``body`` (a string, paragraphs
separated by blank lines or newlines, or a list), and optionally ``site``,
``byline`` and ``published``; other keys are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aggregator.hygiene import clean, clean_article, clean_url
from aggregator.parser.byline import split_byline
from aggregator.parser.dates import parse_date
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import Article


class IngestError(Exception):
    """A file that cannot be ingested at all (unreadable, no records); the message names it."""


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def _paragraphs(body: Any) -> list[str]:
    parts = body if isinstance(body, list) else _PARAGRAPH_BREAK.split(str(body or ""))
    return [p for p in (clean(str(part)) for part in parts) if p]


def article_from_record(
    record: dict[str, Any], *, source: str | None, fetched_at: datetime
) -> Article:
    """One ingest record as an Article; ValueError names the missing or bad field."""
    url = clean_url(str(record.get("url") or ""))
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"field 'url' must be an http(s) URL, got {url!r}")
    canonical = canonicalize_url(url)
    if not canonical:
        raise ValueError(f"field 'url' is not a valid URL: {url!r}")
    headline = clean(str(record.get("headline") or ""))
    body = _paragraphs(record.get("body"))
    if not body:
        raise ValueError("field 'body' is empty")
    byline = record.get("byline")
    if isinstance(byline, list):
        byline = ", ".join(str(b) for b in byline)
    if byline is not None and not isinstance(byline, str):
        raise ValueError(f"field 'byline' must be a string or a list, got {type(byline).__name__}")
    byline = clean(byline)
    authors, credits = split_byline(byline) if byline else ([], [])
    site = clean(str(record.get("site") or "")) or (urlsplit(url).hostname or "unknown")
    published = parse_date(record.get("published")) if record.get("published") else None
    article = Article(
        url=url,
        canonical_url=canonical,
        source=source or site,
        site_name=site,
        headline=headline,
        body=body,
        fetched_at=fetched_at,
        authors=authors,
        credits=credits,
        byline_raw=byline or None,
        published_at=published,
        provenance={"all": "ingest"},
    )
    return clean_article(article)


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
