"""Dates a JavaScript app declares for its page: Next.js's ``__NEXT_DATA__``.

A React site rendered by Next.js ships the data it rendered the page from as JSON in
``<script id="__NEXT_DATA__" type="application/json">``; some print no JSON-LD, no
date meta tag and only a relative or no date, and there the story's record is the one
machine-readable date. The JSON holds much besides the story (teasers of other
stories, the site's menus, records of images and text blocks with their own
``createdAt``), so only the object that names the article's headline as its title is
read, and only its publication and modification keys.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aggregator.parser.dates.parse import parse_local
from aggregator.parser.text import norm_key

if TYPE_CHECKING:
    from aggregator.parser.view import PageView

# The story's own moments as the common headless CMSs name them (Sanity, Contentful,
# Strapi, Storyblok, WordPress's REST API, Arc's ANS); "createdAt" and "date" are no
# publication: a record is made before it is published, and "date" names anything.
PUBLISHED_KEYS = (
    "datePublished",
    "publishedAt",
    "firstPublishedAt",
    "first_published_at",
    "publishDate",
    "publicationDate",
    "published_at",
)
UPDATED_KEYS = ("dateModified", "modifiedAt", "updatedAt", "lastModified", "updated_at")
_TITLE_KEYS = ("headline", "title", "name")
_SEPARATOR = re.compile(r"\s[-|–—·:]+\s")
_MAX_DEPTH = 12  # the story's record sits a few levels down (props/pageProps/data/…)


def app_state_record(view: PageView) -> dict[str, Any]:
    """The object of the page's ``__NEXT_DATA__`` whose title is the article's headline
    ({} if none, or several that date it differently)."""
    headline = view.article.headline or ""
    # The headline, and what precedes a separator in it: a headline read from the title
    # tags keeps the site's name after one ("… - European Championships Munich 2022").
    names = {norm_key(headline[: m.start()]) for m in _SEPARATOR.finditer(headline)}
    names = {n for n in names | {norm_key(headline)} if n}
    if not names:
        return {}
    for el in view.root.iter("script"):
        if el.get("id") == "__NEXT_DATA__" and el.text:
            # A site's data without a publication key is not parsed (up to a megabyte).
            if not any(f'"{key}"' in el.text for key in PUBLISHED_KEYS):
                return {}
            try:
                data = json.loads(el.text)
            except ValueError:
                return {}
            found = _records(data, names, 0)
            days = {tuple(str(r.get(k)) for k in PUBLISHED_KEYS) for r in found}
            return found[0] if len(days) == 1 else {}
    return {}


def _records(node: Any, names: set[str], depth: int) -> list[dict[str, Any]]:
    """The dicts under ``node`` titled one of ``names`` that hold a publication key."""
    if depth > _MAX_DEPTH:
        return []
    out = []
    if isinstance(node, dict):
        titled = any(
            isinstance(v := node.get(k), str) and norm_key(v) in names for k in _TITLE_KEYS
        )
        if titled and any(isinstance(node.get(k), str | int) for k in PUBLISHED_KEYS):
            out.append(node)
        for value in node.values():
            out += _records(value, names, depth + 1)
    elif isinstance(node, list):
        for value in node:
            out += _records(value, names, depth + 1)
    return out


def app_state_date(view: PageView, keys: tuple[str, ...]) -> datetime | None:
    """The first of ``keys`` the story's record (``PageView.app_state_record``) dates."""
    record = view.app_state_record
    for key in keys:
        value = record.get(key)
        # A string, or a count of milliseconds or seconds since 1970.
        if isinstance(value, str | int) and not isinstance(value, bool):
            found = parse_local(str(value), fetched_at=view.fetched_at)
            if found is not None:
                return found
    return None
