"""The date tests' news page: a gazette's article on a council's budget, fetched on
5 December 2026 at 18:00 UTC, with the places a date is printed in left open (the head,
the top of the article, after its text, a site header's bar), and the day an article's
dates fall on as the page prints them."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregator import extract
from aggregator.config import Selectors
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
URL = "https://www.gazette.com/politics/council-approves-budget"
TEXT = (
    "<p>The council voted on Tuesday to approve a budget after months of talks about "
    "the costs of the new tram line and the repairs to the old bridge.</p>"
) * 4


def news_page(
    top: str = "", after_text: str = "", head: str = "", lang: str = "en", bar: str | None = None
) -> str:
    """A news page: ``head`` in its head, a site header (with a top ``bar``, today's date
    on some sites, when given), the article (headline, ``top``, its text, ``after_text``),
    a footer's copyright."""
    top_bar = "" if bar is None else f'<div class="topbar">{bar}</div>'
    return (
        f'<html lang="{lang}"><head><title>Council approves budget</title>{head}</head><body>'
        f'<header class="site-header">{top_bar}'
        '<nav><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a></nav>'
        "</header><main><article><h1>Council approves transport budget</h1>"
        f"{top}{TEXT}{after_text}</article></main>"
        "<footer><p>© 2026 Gazette Media</p></footer></body></html>"
    )


def extract_news_page(
    head: str, top: str, after_text: str = "", lang: str = "en", selectors: Selectors | None = None
) -> Article:
    """The article ``aggregator.extract`` reads from :func:`news_page` at :data:`URL`,
    fetched at :data:`FETCHED` (with the operator's ``selectors`` when given)."""
    page = news_page(top, after_text, head, lang)
    return extract(page, URL, fetched_at=FETCHED, selectors=selectors)


def published_day(art: Article) -> str | None:
    """The publication's day as the page prints it (its own offset when it has one)."""
    published = art.published_local or art.published_at
    return published.date().isoformat() if published else None


def updated_day(art: Article) -> str | None:
    """The update's day as the page prints it."""
    updated = art.updated_local or art.updated_at
    return updated.date().isoformat() if updated else None
