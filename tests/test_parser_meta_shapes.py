"""Round 14: the page-level fields on shapes no development page has in number: a canonical
that is a section or a script's "undefined", related links that share the page or lead
home, and a description that is the headline again.

Each table holds the shapes the fix must change (they fail on the code before it) and
the shapes it must leave alone. Pages are real HTML as the CMSs print them, read through
``aggregator.extract`` (and, for the canonical, stored in a real SQLite file).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator import extract
from aggregator.config import parse_config
from aggregator.schema import FetchedPage
from storage.db import open_db
from storage.pages import store_page

_URL = "https://www.courier.example/news/2024/05/03/council-votes-to-expand-bike-lanes"
_HEADLINE = "Council votes to expand bike lanes across the city"


def _text(topic: str) -> str:
    sentence = f"The city council met on Monday evening to discuss {topic} with the residents. "
    return "".join(f"<p>{sentence * 3}</p>" for _ in range(3))


def _page(head: str, after: str = "", headline: str = _HEADLINE, topic: str = "lanes") -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{headline}</title>"
        f"{head}</head><body><header class='site-header'><a href='/'>Springfield Courier</a>"
        f"</header><main><article><h1>{headline}</h1><div class='entry-content'>"
        f"{_text(topic)}</div>{after}</article></main></body></html>"
    )


# --- canonical URL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        # A section's address as every article's canonical (a template's default).
        ('<link rel="canonical" href="https://www.courier.example/news/">', _URL),
        ('<link rel="canonical" href="/news/2024/05/03/">', _URL),
        # A section canonical first, the article's own og:url after it.
        (
            '<link rel="canonical" href="/news"><meta property="og:url" '
            'content="https://www.courier.example/news/council-votes">',
            "https://www.courier.example/news/council-votes",
        ),
        # A script's missing value, a template's unfilled placeholder.
        ('<link rel="canonical" href="https://www.courier.example/news/m/1c62/undefined">', _URL),
        ('<link rel="canonical" href="null">', _URL),
        ('<link rel="canonical" href="{{ canonical_url }}">', _URL),
        ('<meta property="og:url" content="${pageUrl}">', _URL),
    ],
)
def test_a_section_or_placeholder_canonical_is_not_the_articles_identity(
    head: str, canonical: str
) -> None:
    assert extract(_page(head), _URL).canonical_url == canonical


@pytest.mark.parametrize(
    ("page_url", "href", "canonical"),
    [
        # Pages of one article (a slide, a page number, its AMP page) name the article.
        (
            "https://redtri.example/best-jokes-for-kids/slide/1",
            "https://redtri.example/best-jokes-for-kids/",
            "https://redtri.example/best-jokes-for-kids/",
        ),
        (_URL + "/2", _URL, _URL),
        (_URL + "/amp", _URL, _URL),
        # A short canonical on another path, a canonical with a query, another site's.
        (_URL, "/council-votes-bike-lanes", "https://www.courier.example/council-votes-bike-lanes"),
        (_URL + "?page=2", _URL, _URL),
        (_URL, "https://www.original.example/news/", "https://www.original.example/news/"),
        # A slug that holds the word "null" is no placeholder.
        (_URL, "/news/null-and-void-ruling", "https://www.courier.example/news/null-and-void-ruling"),
    ],
)  # fmt: skip
def test_an_articles_own_canonical_stays(page_url: str, href: str, canonical: str) -> None:
    page = _page(f'<link rel="canonical" href="{href}">')
    assert extract(page, page_url).canonical_url == canonical


def test_articles_of_a_section_canonical_are_stored_apart(tmp_path: Path) -> None:
    """Storage upserts by canonical URL: a section canonical made the second article of
    the section overwrite the first."""
    config = parse_config(
        f"database: {tmp_path / 'news.db'}\n"
        "sources: [{name: courier, feeds: ['https://www.courier.example/feed']}]\n"
    )
    db = open_db(config.database)
    pages = [
        ("mayor-resigns-after-parking-scandal", "Mayor resigns after a parking scandal", "fines"),
        ("school-budget-cut-again-by-state", "School budget cut again by the state", "schools"),
    ]
    for slug, headline, topic in pages:
        html = _page('<link rel="canonical" href="/news/">', headline=headline, topic=topic)
        page = FetchedPage(
            url=f"https://www.courier.example/news/{slug}",
            source="courier",
            html=html.encode(),
            fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        store_page(db, page, config.sources[0], config)
    rows = db.execute("SELECT canonical_url, headline FROM articles ORDER BY id").fetchall()
    db.close()
    assert rows == [
        ("https://www.courier.example/news/mayor-resigns-after-parking-scandal", pages[0][1]),
        ("https://www.courier.example/news/school-budget-cut-again-by-state", pages[1][1]),
    ]
