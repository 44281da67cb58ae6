"""The next page of an article split over pages, and a later page reached on its own
(``aggregator.parser.next_page``), on small pages shaped as sites write them: the
near-misses are a listing's "Older posts", a gallery's next slide and a "Next article"."""

from __future__ import annotations

import pytest

from aggregator.parser.next_page import first_page_of, next_page, page_of

SITE = "https://www.harbortribune.example"
STORY = f"{SITE}/news/2026/12/06/harbour-authority-consultant-spending/"
PROSE = (
    "<p>The harbour authority paid outside consultants more than four million pounds last "
    "year, according to accounts seen by this newspaper, twice the sum it set aside.</p>"
)


def _article(head: str = "", inside: str = "", outside: str = "") -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Consultant spending</title>'
        f'<meta property="og:type" content="article">{head}</head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>'
        f"<main><article><h1>Inside the harbour authority's consultant spending</h1>{PROSE}"
        f"{inside}</article>{outside}</main><footer>© Harbor Tribune</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "inside", "url", "expected"),
    [
        (f'<link rel="next" href="{STORY}?page=2">', "", STORY, f"{STORY}?page=2"),
        ('<link rel="next" href="?page=3">', "", f"{STORY}?page=2", f"{STORY}?page=3"),
        (
            "",
            '<nav class="pagination"><a rel="next" href="2/">Next page</a></nav>',
            STORY,
            f"{STORY}2/",
        ),
        (
            '<link rel="next" href="page2.html">',
            "",
            f"{SITE}/news/budget-investigation/",
            f"{SITE}/news/budget-investigation/page2.html",
        ),
        (
            '<link rel="next" href="/news/budget/page/3/">',
            "",
            f"{SITE}/news/budget/page/2/",
            f"{SITE}/news/budget/page/3/",
        ),
    ],
)
def test_the_next_page_of_the_same_article(head: str, inside: str, url: str, expected: str) -> None:
    assert next_page(_article(head, inside).encode(), url) == expected


def test_a_listing_of_teasers_has_no_next_page_of_an_article() -> None:
    teasers = "".join(
        f'<article><h2><a href="/blog/post-{n}/">Post {n}</a></h2><p>Teaser {n}.</p></article>'
        for n in range(6)
    )
    listing = (
        '<html><head><title>Blog</title><link rel="next" href="/blog/page/2/"></head><body>'
        f'<main>{teasers}<a rel="next" href="/blog/page/2/">Older posts</a></main></body></html>'
    )
    assert next_page(listing.encode(), f"{SITE}/blog/") is None


@pytest.mark.parametrize(
    ("head", "inside", "outside"),
    [
        # A blog theme's rel=next: the next post, another path.
        (f'<link rel="next" href="{SITE}/news/2026/12/07/ferry-timetable-changes/">', "", ""),
        # "Next article" inside the article.
        ("", '<a rel="next" href="/news/2026/12/06/port-strike-ends/">Next article</a>', ""),
        # A gallery's next slide, as a query and as a fragment.
        ("", '<div class="gallery"><a rel="next" href="?slide=2">Next photo</a></div>', ""),
        ("", '<div class="gallery"><a rel="next" href="#slide-2">Next photo</a></div>', ""),
        # The sidebar's "Older posts", another path; and the listing's page 2 of a section.
        ("", "", '<aside><a rel="next" href="?page=2">More</a></aside>'),
        ('<link rel="next" href="/news/page/2/">', "", ""),
        # WordPress's "?p=124": the next post's id, no page number.
        (f'<link rel="next" href="{SITE}/?p=124">', "", ""),
        # A date archive's next day.
        ('<link rel="next" href="/news/2026/12/07/">', "", ""),
        # A "Next" numbered by id.
        ('<link rel="next" href="/article/13/">', "", ""),
    ],
)
def test_near_misses_are_no_next_page(head: str, inside: str, outside: str) -> None:
    assert next_page(_article(head, inside, outside).encode(), STORY) is None


def test_an_earlier_page_is_no_next_page() -> None:
    html = _article(f'<link rel="next" href="{STORY}">').encode()
    assert next_page(html, f"{STORY}?page=2") is None


def test_page_numbers() -> None:
    base = page_of(STORY)[0]
    for url, number in [
        (STORY, 1),
        (f"{STORY}?page=2", 2),
        (f"{STORY}3/", 3),
        (f"{STORY}page/4/", 4),
        (f"{STORY}page5.html", 5),
        (f"{STORY}index.html?page=6&utm_source=x", 6),
    ]:
        assert page_of(url) == (base, number), url
    assert page_of(f"{SITE}/news/2026/12/06/")[1] == 1  # a date, no page number
    assert page_of(f"{SITE}/article/12/")[1] == 1  # an id
    assert page_of(f"{SITE}/story?p=45")[1] == 1


def test_a_later_page_names_its_first_page() -> None:
    by_prev = _article(f'<link rel="prev" href="{STORY}"><link rel="canonical" href="?page=2">')
    assert first_page_of(by_prev.encode(), f"{STORY}?page=2") == STORY
    by_canonical = _article(f'<link rel="canonical" href="{STORY}">')
    assert first_page_of(by_canonical.encode(), f"{STORY}?page=2") == STORY


def test_a_first_page_or_an_article_of_its_own_names_none() -> None:
    own = _article(f'<link rel="canonical" href="{STORY}"><link rel="next" href="?page=2">')
    assert first_page_of(own.encode(), STORY) is None
    # An AMP copy's canonical is the article: a copy, handled by the store, not a page 2.
    assert first_page_of(own.encode(), f"{STORY}amp/") is None
    # Articles numbered by id, each naming the one before.
    by_id = _article(f'<link rel="prev" href="{SITE}/article/12/">')
    assert first_page_of(by_id.encode(), f"{SITE}/article/13/") is None
    # A page numbered 2 whose prev and canonical name another article.
    other = _article(f'<link rel="prev" href="{SITE}/news/other-story/">')
    assert first_page_of(other.encode(), f"{STORY}?page=2") is None
