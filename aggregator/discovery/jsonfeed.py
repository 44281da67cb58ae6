"""JSON Feed (jsonfeed.org 1.0 and 1.1): each item's article URL and hints; JSON is read
with json, not lxml, so it is its own step beside the XML feeds."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from aggregator.discovery.entries import DiscoveredLink, DocumentEntries, entry_url, read_date
from aggregator.schema import FeedHints


def parse_json_feed(
    body: bytes, base_url: str, *, max_entries: int | None = None, now: datetime | None = None
) -> DocumentEntries:
    """Article links of a JSON Feed (jsonfeed.org 1.0 and 1.1), with hints.

    Each item's ``url`` is its article (``external_url`` points at someone
    else's page, and ``id`` need not be a URL); ``date_published``,
    ``date_modified``, ``title``, ``authors`` (1.1) or ``author`` (1.0) and
    ``language`` are hints, as a feed's are.
    """
    now = now or datetime.now(UTC)
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return DocumentEntries([], refused=f"not a feed: unreadable JSON ({exc})")
    except RecursionError:  # json.loads recurses once per level of nesting
        return DocumentEntries([], refused="not a feed: unreadable JSON (nested too deep)")
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return DocumentEntries([], refused="not a feed: JSON without a JSON Feed 'items' list")
    skipped: Counter[str] = Counter()
    if max_entries is not None and len(items) > max_entries:
        skipped["over_max_feed_entries"] += len(items) - max_entries
        items = items[:max_entries]
    feed_language = document.get("language")
    found: list[DiscoveredLink] = []
    for item in items:
        try:
            raw = item.get("url")  # a number is no URL ("123" resolved to /123)
            url = entry_url(raw.strip() if isinstance(raw, str) else "", base_url, skipped)
            if url is not None:
                found.append(DiscoveredLink(url, _json_hints(item, feed_language, now, skipped)))
        except Exception:  # noqa: BLE001 - one odd item is counted; the others are read
            skipped["bad_entry"] += 1
    return DocumentEntries(found, skipped=skipped)


def _json_hints(
    item: dict[str, Any], feed_language: object, now: datetime, skipped: Counter[str]
) -> FeedHints:
    dates = []
    for key in ("date_published", "date_modified"):
        value, readable = read_date(str(item[key]) if item.get(key) else None, now)
        if not readable:
            skipped["date_ignored"] += 1
        dates.append(value)
    people = item.get("authors")
    if not isinstance(people, list) or not people:  # 1.0's author; any other value is none
        people = [item["author"]] if item.get("author") else []
    authors = tuple(str(p["name"]).strip() for p in people if isinstance(p, dict) and p.get("name"))
    language = item.get("language") or feed_language
    return FeedHints(
        title=str(item["title"]).strip() or None if item.get("title") else None,
        published_at=dates[0],
        updated_at=dates[1],
        authors=authors,
        language=str(language).split("-")[0].lower() or None if language else None,
    )
