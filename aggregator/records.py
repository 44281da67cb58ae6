"""Already-extracted article records (JSON lines) into the schema, for backfills.

Each line holds ``url``, ``headline`` and ``body`` (a string, paragraphs
separated by blank lines or newlines, or a list), and optionally ``site``,
``byline`` and ``published``; other keys are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aggregator.parser.byline import split_byline
from aggregator.parser.dates import parse_date
from aggregator.parser.text import clean
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import Article


class IngestError(Exception):
    """A JSON line that cannot become an article; the message names file and line."""


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def _paragraphs(body: Any) -> list[str]:
    parts = body if isinstance(body, list) else _PARAGRAPH_BREAK.split(str(body or ""))
    return [p for p in (clean(str(part)) for part in parts) if p]


def article_from_record(
    record: dict[str, Any], *, source: str | None, fetched_at: datetime
) -> Article:
    """One ingest record as an Article; ValueError names the missing or bad field."""
    url = str(record.get("url") or "").strip()
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
    authors, credits = split_byline(byline) if byline else ([], [])
    site = str(record.get("site") or "").strip() or (urlsplit(url).hostname or "unknown")
    published = parse_date(record.get("published")) if record.get("published") else None
    return Article(
        url=url,
        canonical_url=canonical,
        source=source or site,
        site_name=site,
        headline=headline,
        body=body,
        fetched_at=fetched_at,
        authors=authors,
        credits=credits,
        byline_raw=str(byline) if byline else None,
        published_at=published,
        provenance={"all": "ingest"},
    )


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line; IngestError on bad JSON."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise IngestError(f"{path}:{number}: expected a JSON object")
            yield number, record
