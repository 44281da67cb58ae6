"""Dates a JavaScript app declares for its page: Next.js's ``__NEXT_DATA__``.

A React site rendered by Next.js ships the data it rendered the page from as JSON in
``<script id="__NEXT_DATA__" type="application/json">``; some print no JSON-LD, no
date meta tag and only a relative or no date, and there the story's record is the one
machine-readable date. The JSON holds much besides the story (teasers of other
stories, the site's menus, records of images and text blocks with their own
``createdAt``), so only the object that names the article's headline as its title and
the page's address as its slug (or url, or path), or names no address and dates the
day the page prints, is read, and only its publication and modification keys.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from aggregator.parser.dates.day_order import counted_from
from aggregator.parser.dates.parse import json_stamp, parse_local
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
# Where a record names the page it is rendered as: a slug (Sanity's {"current": …}), a
# path or a whole address.
_ADDRESS_KEYS = ("slug", "url", "path", "permalink", "canonicalUrl", "canonical_url", "uri", "href")
_MIN_PREFIX_WORDS = 4  # "Budget - …", "Opinion | …" are a kicker's or a section's name
_SEPARATOR = re.compile(r"\s[-|–—·:]+\s")
_MAX_DEPTH = 12  # the story's record sits a few levels down (props/pageProps/data/…)


def app_state_record(view: PageView) -> dict[str, Any]:
    """The object of the page's ``__NEXT_DATA__`` whose title is the article's headline
    ({} if none, or several that date it differently)."""
    headline = view.article.headline or ""
    # The headline, and what precedes a separator in it: a headline read from the title
    # tags keeps the site's name after one ("… - European Championships Munich 2022").
    # Not a short part: "Budget - Council approves …", "Opinion | Why …" open with a
    # kicker or a section, whose records (a tag's, a section's) are no story's.
    names = {
        norm_key(headline[: m.start()])
        for m in _SEPARATOR.finditer(headline)
        if len(headline[: m.start()].split()) >= _MIN_PREFIX_WORDS
    }
    names = {n for n in names | {norm_key(headline)} if n}
    path = _path_of(view.url)
    if not names or not path:
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
            found = [r for r in _records(data, names, 0) if _own(view, r, path)]
            # Records that agree are one: the same moment under another key, or written
            # otherwise (the article's "publishedAt", an SEO object's "datePublished").
            moments = {_moment(view, r, PUBLISHED_KEYS) for r in found}
            return found[0] if len(moments) == 1 else {}
    return {}


def _path_of(url: str) -> str:
    """A URL's path as records write it: decoded, lower-case, without its slashes at
    either end and an ".html" ending ("" for the site's root)."""
    path = unquote(urlsplit(url).path).strip("/").lower()
    return re.sub(r"\.s?html?$", "", path)


def _own(view: PageView, record: dict[str, Any], path: str) -> bool:
    """``record`` is the story's: it names the page's address (``_addresses``) and is
    no more than a day from the publication day the page prints, where it prints one;
    or it names no address and dates the day the page prints (its ``<time>``, else
    htmldate's).

    A title alone is no story's record: a related teaser of a recurring headline
    ("Morning briefing", yesterday's), a page wrapper titled with the headline and
    stamped with the site's release, a record of another day than the page's ``<time
    datetime>``.
    """
    from aggregator.parser.dates.fallback import htmldate_fallback  # both read this module
    from aggregator.parser.dates.in_page import (
        byline_published,
        classed_published,
        labelled_published,
        published_time,
    )

    own = _moment(view, record, PUBLISHED_KEYS)
    if any(record.get(key) for key in _ADDRESS_KEYS):
        # The page's address, unless the page prints another publication day: a CMS's
        # "publishedAt" may be the draft's creation (Sanity's starter sets it then).
        if not _addresses(record, path):
            return False
        rules = (published_time, classed_published, byline_published, labelled_published)
        for rule in (*rules, htmldate_fallback):
            printed = rule(view)
            if printed is not None:
                return own is None or abs((own.date() - printed.date()).days) <= 1
        return True
    printed = published_time(view) or htmldate_fallback(view)
    return own is not None and printed is not None and own.date() == printed.date()


def _addresses(record: dict[str, Any], path: str) -> bool:
    """``record`` names the page at ``path`` as its slug, path or address: the path's
    last segments are the slug's ("europas-topathleten-fit-fur-munchen-2022")."""
    for key in _ADDRESS_KEYS:
        value = record.get(key)
        if isinstance(value, dict):  # Sanity: "slug": {"_type": "slug", "current": "…"}
            value = value.get("current")
        if not isinstance(value, str) or not value.strip():
            continue
        own = _path_of(value if "//" in value else "https://x.invalid/" + value.lstrip("/"))
        if own and (path == own or path.endswith("/" + own)):
            return True
    return False


def _moment(view: PageView, record: dict[str, Any], keys: tuple[str, ...]) -> datetime | None:
    """The moment the first of ``keys`` that ``record`` dates gives."""
    for key in keys:
        stamp = json_stamp(record.get(key))
        if stamp is not None:
            found = parse_local(stamp, fetched_at=counted_from(view, stamp))
            if found is not None:
                return found
    return None


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
    return _moment(view, view.app_state_record, keys)
