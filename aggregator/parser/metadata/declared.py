"""The fields the page's metadata declares outright, read from JSON-LD and meta tags with
no DOM rung: the lead image, the section, the tags and the paywall flag."""

from __future__ import annotations

from aggregator.parser.metadata.canonical import page_base
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.text import clean_markup
from aggregator.parser.tree import Page
from aggregator.parser.urls import canonicalize_url


def image_url(page: Page) -> Found:
    value = page.meta_first(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    if value:
        return canonicalize_url(value, page_base(page)), "meta"
    image = best_article(page).get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    if isinstance(image, str) and image:
        return canonicalize_url(image, page_base(page)), "json-ld"
    return "", ""


def section(page: Page) -> Found:
    value = jsonld_str(best_article(page), "articleSection")
    if value:
        return value, "json-ld"
    value = page.meta_first("article:section", "section", "parsely-section", "sailthru.section")
    if value:
        return value, "meta"
    return "", ""


def tags(page: Page) -> tuple[list[str], str]:
    article = best_article(page)
    raw: list[str] = []
    source = ""
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        raw = keywords.split(",")
        source = "json-ld"
    elif isinstance(keywords, list):
        raw = [k for k in keywords if isinstance(k, str)]
        source = "json-ld"
    if not raw:
        raw = list(page.meta.get("article:tag", []))
        if not raw:
            kw = page.meta_first("news_keywords", "keywords", "parsely-tags", "sailthru.tags")
            raw = kw.split(",") if kw else []
        source = "meta" if raw else ""
    out: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        tag = clean_markup(tag)
        if tag and len(tag) <= 80 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out[:50], source


def paywalled(page: Page) -> Found:
    article = best_article(page)
    free = article.get("isAccessibleForFree")
    if free is not None:
        if isinstance(free, str):
            free = free.strip().lower() not in ("false", "no", "0")
        return ("true" if not free else "false"), "json-ld"
    value = page.meta_first("article:content_tier", "content_tier")
    if value:
        return ("true" if value.lower() in ("locked", "metered", "premium") else "false"), "meta"
    return "", ""
