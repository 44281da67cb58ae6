"""The JSON-LD object that describes this page's article (not a related story's, not the
WebPage) and its string fields: every step's JSON-LD rung reads them here, once. ``Found``
is the (value, provenance) pair each step returns."""

from __future__ import annotations

from typing import Any

from aggregator.parser.text import clean_markup
from aggregator.parser.tree import Page, article_rank
from aggregator.parser.urls import page_key

Found = tuple[str, str]  # (value, provenance)


def best_article(page: Page) -> dict[str, Any]:
    """The JSON-LD object that most likely describes this page's article."""
    candidates = page.articles()
    if not candidates:
        return {}
    here = _page_keys(page)

    # An article before a WebPage (which always names this page), then the one whose URL
    # is this page (a related story's NewsArticle may come first), then one that names
    # no URL, then the most article-like type.
    def key(obj: dict[str, Any]) -> tuple[bool, int, int, int, int]:
        body = obj.get("articleBody")
        rank = article_rank(obj)
        return (
            rank == _PAGE_RANK,
            _names_page(obj, here),
            rank,
            0 if obj.get("headline") else 1,
            0 if isinstance(body, str) and body else 1,
        )

    return sorted(candidates, key=key)[0]


def page_articles(page: Page) -> list[dict[str, Any]]:
    """The page's JSON-LD article objects in document order; where an article (no
    WebPage) names this page (``url``, ``@id``, ``mainEntityOfPage``), without those
    that name another (related stories)."""
    candidates = page.articles()
    here = _page_keys(page)
    names = [_names_page(obj, here) for obj in candidates]
    if not any(
        name == _THIS_PAGE and article_rank(obj) != _PAGE_RANK
        for obj, name in zip(candidates, names, strict=True)
    ):
        return candidates
    return [obj for obj, name in zip(candidates, names, strict=True) if name != _OTHER_PAGE]


_PAGE_RANK = 2  # article_rank of a WebPage or CreativeWork
_THIS_PAGE, _NO_URL, _OTHER_PAGE = 0, 1, 2


def _names_page(obj: dict[str, Any], here: set[str]) -> int:
    """Whether a JSON-LD object's URLs name this page, no page, or another page."""
    entity = obj.get("mainEntityOfPage")
    urls = [obj.get("url"), obj.get("@id"), entity]
    if isinstance(entity, dict):
        urls += [entity.get("@id"), entity.get("url")]
    keys = {page_key(u, "") for u in urls if isinstance(u, str) and "/" in u}
    keys.discard("")
    if not keys:
        return _NO_URL
    return _THIS_PAGE if keys & here else _OTHER_PAGE


def _page_keys(page: Page) -> set[str]:
    """The page's own URL, its canonical and og:url, as ``urls.page_key`` compares them."""
    urls = [page.url, *page.links.get("canonical", []), page.meta_first("og:url")]
    keys = {page_key(u, page.url) for u in urls if u}
    keys.discard("")
    return keys


def jsonld_str(obj: dict[str, Any], key: str) -> str:
    """A JSON-LD field as clean text: a string, the first string of a list, or an object's
    ``name`` or ``@value``; "" for anything else."""
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return clean_markup(value) if isinstance(value, str) else ""
