"""The article's identity and title against the site's own furniture: a canonical that is
the home page, a canonical on the site's mobile or www host, and an h1 that is the logo.

Shapes a review found on hand-made pages and on five development sites (the canonical of
anwaltniemeyer.de and everardoherrera.com; the logo h1 of goose3's PyPy post,
der-erfolg-gibt-recht.de, iloveponysmag.com, offshore-stiftung.de): each would make
every article of such a site one row in storage, or give it the site's name as headline.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.config import BoilerplateSettings, parse_config
from aggregator.parser import extract
from aggregator.parser.for_source import prepare_article
from aggregator.schema import FetchedPage

_TEXT = "<p>" + "The council met on Monday to discuss the new budget for the schools. " * 6 + "</p>"
_URL = "https://www.courier.example/news/2024/05/03/council-votes"


def _page(head: str, top: str = "") -> str:
    return (
        f"<html><head>{head}</head><body>{top}<main><article>"
        f"<h2 class='entry-title'>Council votes to expand bike lanes</h2>{_TEXT}"
        "</article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        # A template's default og:url or canonical: the home page.
        ('<meta property="og:url" content="https://www.courier.example/">', _URL),
        ('<link rel="canonical" href="https://www.courier.example">', _URL),
        # A home canonical first, the article's own og:url after it.
        (
            '<link rel="canonical" href="/"><meta property="og:url" '
            'content="https://www.courier.example/news/council-votes">',
            "https://www.courier.example/news/council-votes",
        ),
        # The article's own canonical stays.
        (
            '<link rel="canonical" href="https://www.courier.example/news/council-votes">',
            "https://www.courier.example/news/council-votes",
        ),
    ],
)
def test_a_home_page_canonical_is_not_the_articles_identity(head: str, canonical: str) -> None:
    assert extract(_page(head), _URL).canonical_url == canonical


def test_the_home_page_keeps_its_home_canonical() -> None:
    page = _page('<link rel="canonical" href="https://www.courier.example/">')
    assert extract(page, "https://www.courier.example/").canonical_url == (
        "https://www.courier.example/"
    )


_SOURCE = parse_config("sources: [{name: courier, feeds: ['https://courier.example/feed']}]")


@pytest.mark.parametrize(
    ("page_url", "canonical", "identity", "based_on"),
    [
        # The mobile, AMP and bare-domain pages of one site: the same article.
        ("https://m.courier.example/news/a", "https://www.courier.example/news/a",
         "https://www.courier.example/news/a", None),
        ("https://amp.courier.example/news/a", "https://courier.example/news/a",
         "https://courier.example/news/a", None),
        # Another site's canonical: a syndicated copy, kept apart and pointing at it.
        ("https://www.valley.example/news/a", "https://www.courier.example/news/a",
         "https://www.valley.example/news/a", "https://www.courier.example/news/a"),
    ],
)  # fmt: skip
def test_a_canonical_on_the_sites_own_host_is_the_same_article(
    page_url: str, canonical: str, identity: str, based_on: str | None
) -> None:
    html = _page(f'<title>Council votes</title><link rel="canonical" href="{canonical}">')
    page = FetchedPage(
        url=page_url,
        source="courier",
        html=html.encode(),
        fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
    )
    article = prepare_article(page, _SOURCE.sources[0], BoilerplateSettings(), None).article
    assert (article.canonical_url, article.is_based_on) == (identity, based_on)


@pytest.mark.parametrize(
    "logo",
    [
        "<header><h1 class='site-title'><a href='/'>Springfield Daily Courier</a></h1></header>",
        "<header><h1><a href='https://www.courier.example/'>Springfield Daily Courier</a>"
        "</h1></header>",
        "<div id='logo'><h1>Springfield Daily Courier</h1></div>",
    ],
)
def test_an_h1_that_is_the_sites_logo_is_not_the_headline(logo: str) -> None:
    head = "<title>Council votes to expand bike lanes | Springfield Daily Courier</title>"
    article = extract(_page(head, logo), _URL)
    assert article.headline == "Council votes to expand bike lanes"


def test_an_h1_linked_to_its_own_article_is_still_the_headline() -> None:
    page = (
        "<html><head><title>Courier</title></head><body><main><article>"
        "<h1><a href='/news/2024/05/03/council-votes'>Council votes to expand bike lanes</a>"
        f"</h1>{_TEXT}</article></main></body></html>"
    )
    assert extract(page, _URL).headline == "Council votes to expand bike lanes"
