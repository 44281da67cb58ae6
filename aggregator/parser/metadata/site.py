"""The site's name (meta tags, the JSON-LD organisation, the publisher), and a title without
it: the headline and the standfirst both cut the site's name off a title, so the title's
separators and that cut live here once."""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.text import clean_markup, norm_key
from aggregator.parser.tree import Page

TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+|\s+::\s+")
SEPARATOR_CHARS = " |-–—:·•»/"


def site_name(page: Page) -> Found:
    for key in ("og:site_name", "application-name", "al:ios:app_name"):
        value = _without_home_label(page.meta_first(key), page)
        if value:
            return value, "meta"
    for obj in page.jsonld:
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(
            isinstance(t, str) and t.lower() in ("website", "newsmediaorganization", "organization")
            for t in types
        ):
            name = _without_home_label(jsonld_str(obj, "name"), page)
            if name:
                return name, "json-ld"
    publisher = best_article(page).get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        name = _without_home_label(clean_markup(publisher["name"]), page)
        if name:
            return name, "json-ld"
    return "", ""


def _without_home_label(name: str, page: Page) -> str:
    """A site name without the home page's label a template took with it from the home
    page's title: a first or last part that is the label ("Home - Springfield Courier",
    "Home | Sport | Courier" → "Sport | Courier"); "" when the label is all of it. A brand
    that starts with the word ("Home Magazin", "House & Home") has no separator after it
    and stays, and so does one the article's own title ends with, label and all ("… |
    HOME - Das Magazin"): a home page's label is not in every article's title."""
    parts = TITLE_SEPARATORS.split(name)
    start, end = 0, len(parts)
    while start < end and vocab.HOME_LABEL.fullmatch(parts[start].strip()):
        start += 1
    while end > start and vocab.HOME_LABEL.fullmatch(parts[end - 1].strip()):
        end -= 1
    if (start, end) == (0, len(parts)) or _ends_titles(name, page):
        return name
    if start == end:
        return ""
    # Cut the name at the kept parts, so their own separators stay as written.
    first, last = parts[start], parts[end - 1]
    begin = name.find(first) if start else 0
    return name[begin : name.rfind(last) + len(last)].strip()


def _ends_titles(name: str, page: Page) -> bool:
    """The page's title or og:title ends with ``name`` (as its last part)."""
    key = norm_key(name)
    return any(
        len(TITLE_SEPARATORS.split(title)) > 1 and norm_key(title).endswith(key)
        for title in (page.title or "", page.meta_first("og:title"))
    )


def strip_site_suffix(title: str, site: str, aggressive: bool = True) -> str:
    """'Headline - Site Name' / 'Site | Headline' / 'Headline | Section | Site' → 'Headline'."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = norm_key(site) if site else ""

    # Drop trailing/leading parts that are the site name or short labels.
    def is_label(part: str) -> bool:
        key = norm_key(part)
        return not key or bool(site_key and (key == site_key or key in site_key or site_key in key))

    while len(parts) > 1 and is_label(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_label(parts[0]):
        parts.pop(0)
    if len(parts) > 1 and aggressive:
        # Still several parts: keep the longest run if the others are short section labels.
        longest = max(parts, key=len)
        others = [p for p in parts if p is not longest]
        if all(len(p.split()) <= 3 for p in others) and len(longest.split()) >= 4:
            i = parts.index(longest)
            # Only cut labels at the ends; a colon inside a headline is part of it.
            if i == 0 or i == len(parts) - 1:
                parts = [longest]
    # Rejoin with the original separators by cutting the title at the kept span.
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else title
