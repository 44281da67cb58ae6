"""Authors on broad-web pages: visible bylines and how a byline line is split.

Snippets modelled on real article headers: an author card whose wrapper glues
the name to a role, a bio and buttons; a "See full bio" link marked rel=author
beside the byline element that holds the name; a by-word in its own element.
"""

from __future__ import annotations

import pytest

from aggregator.parser import extract
from aggregator.parser.byline import split_byline

_TEXT = "<p>" + "The council met on Monday to discuss the new budget for the schools. " * 6 + "</p>"


def _extract(head: str, header: str, after_text: str = "") -> tuple[list[str], list[str]]:
    html = (
        f"<html><head><title>Budget</title>{head}</head><body><main><article>"
        f"<header><h1>Council passes the budget</h1>{header}</header>{_TEXT}{after_text}"
        "</article></main></body></html>"
    )
    article = extract(html, "https://news.example.org/2024/05/03/budget")
    return article.authors, article.credits


AUTHOR_CARD = (
    '<div class="author-sig-line-wrapper"><div class="author-byline-wrapper">'
    '<div class="author-byline">By <a class="author-name" href="/people/jane-doe">Jane Doe</a>'
    '</div><div class="author-hover-card"><a class="author-name" href="/people/jane-doe">'
    "Jane Doe</a> Opinion writer reporting from a center-right perspective "
    "<a>Email</a> <a>Bio</a> <a>Follow</a></div></div>"
    '<div class="author-wrapper"><span class="author-role">Opinion writer</span> '
    "<span>October 29, 2018</span></div></div>"
)

FULL_BIO_LINK = (
    '<div class="c-assetAuthor"><a rel="author" class="c-assetAuthor_card_link" '
    'href="/profiles/jane-doe/">See full bio</a><div class="c-assetAuthor_meta">'
    '<div class="c-assetAuthor_name"><span class="author">Jane Doe</span></div>'
    '<div class="c-assetAuthor_date">Dec. 22, 2016 5:00 a.m. PT</div></div></div>'
)


@pytest.mark.parametrize("header", [AUTHOR_CARD, FULL_BIO_LINK], ids=["author-card", "full-bio"])
def test_a_byline_element_names_the_writer_when_the_nearest_candidate_names_nobody(
    header: str,
) -> None:
    assert _extract("", header) == (["Jane Doe"], [])


def test_the_meta_tag_comes_before_a_farther_byline_element() -> None:
    meta = '<meta name="author" content="John Roe">'
    assert _extract(meta, FULL_BIO_LINK) == (["John Roe"], [])


def test_a_visible_login_next_to_the_headline_comes_before_a_farther_name() -> None:
    login = '<p class="byline">von <a href="/u1"><strong>lupa</strong></a></p>'
    sponsored = '<div class="byline"><span>Gesponserte Inhalte</span></div>'
    assert _extract("", login, after_text=sponsored) == ([], ["lupa"])


def test_a_by_word_in_its_own_element_is_read_apart_from_the_name() -> None:
    # Kinja's header: the by-word and the name link sit in sibling elements.
    byline = (
        '<div class="meta"><div class="sc-1jc3ukb-3"><span>By</span><div class="sc-1mep9y1-0">'
        '<a href="/author/cthompson">Chris Thompson</a></div></div>'
        '<time datetime="2016-10-13T12:34:00-04:00">10/13/16 12:34pm</time></div>'
    )
    assert _extract("", byline) == (["Chris Thompson"], [])


@pytest.mark.parametrize(
    ("raw", "authors", "credits"),
    [
        (
            "By Dana A. Ford, James S.A. Corey, Chien-Ming Wang, and Tom Watkins, CNN",
            ["Dana A. Ford", "James S.A. Corey", "Chien-Ming Wang", "Tom Watkins"],
            ["CNN"],
        ),
        ("Por Ana López, Juan Pérez, y Marta Ruiz", ["Ana López", "Juan Pérez", "Marta Ruiz"], []),
        ("By Jane Doe, and Reuters", ["Jane Doe"], ["Reuters"]),
    ],
)
def test_a_serial_comma_before_the_last_name(
    raw: str, authors: list[str], credits: list[str]
) -> None:
    assert split_byline(raw) == (authors, credits)


_PERSONS_LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
    '{"@type": "Person", "name": "Sarah Hinger"},'
    ' {"@type": "Person", "name": "Sylvia Torres-Guillén"}]}</script>'
)


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        (
            "Sarah Hinger, Staff Attorney, ACLU Racial Justice Program &amp; "
            "Sylvia Torres-Guillén, Director of Education Equity",
            [],
        ),
        ("By Sarah Hinger and Sylvia Torres-Guillén, Reuters", ["Reuters"]),
    ],
)
def test_beside_declared_persons_the_visible_line_adds_only_agencies(
    line: str, credits: list[str]
) -> None:
    header = f'<div class="blog-author">{line}</div>'
    assert _extract(_PERSONS_LD, header) == (["Sarah Hinger", "Sylvia Torres-Guillén"], credits)


def test_a_login_in_a_rel_author_link_is_read_from_the_by_line_around_it() -> None:
    # WordPress themes: the rel=author link holds the bare login, its wrapper the by-word.
    byline = (
        '<div class="entry-meta"><span class="by-author">by <span class="author vcard">'
        '<a class="url fn n" href="/archives/author/doumae" rel="author">doumae</a>'
        "</span></span></div>"
    )
    assert _extract("", byline) == ([], ["doumae"])


def test_the_byline_candidates_are_found_once_and_read_alike_by_every_reader() -> None:
    # The page falls through to the last fallback (a byline that names a person), so all
    # three readers walk the candidates; two walks at once see the same, once-made finds.
    from aggregator.parser.byline import BylineCandidates, find_byline_dom, find_named_byline_dom
    from aggregator.parser.fields import STEPS, headline_field
    from aggregator.parser.tree import parse
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    html = (
        "<html><head><title>Budget</title></head><body><main><article>"
        f"<header><h1>Council passes the budget</h1>{FULL_BIO_LINK}</header>{_TEXT}"
        "</article></main></body></html>"
    )
    url = "https://news.example.org/2024/05/03/budget"
    article = Article(url, url, "", "", [], extract(html, url).fetched_at)
    view = PageView(parse(html, url), article, article.fetched_at)
    for step in STEPS[: STEPS.index(headline_field) + 1]:
        step(view)
    candidates = BylineCandidates(view)
    # zip advances the walks in turn: the first makes each rule's finds, the second reads them.
    pairs = list(zip(iter(candidates), iter(candidates), strict=True))
    assert pairs and len(pairs) == len(list(candidates))
    assert all(a[0] is b[0] and a[1] is b[1] for a, b in pairs), "finds made twice"
    assert [found for found, _ in candidates] == [a[0] for a, _ in pairs]
    assert split_byline(find_byline_dom(candidates))[0] == []  # the nearest names nobody
    assert split_byline(find_named_byline_dom(view, candidates))[0] == ["Jane Doe"]
    assert _extract("", FULL_BIO_LINK) == (["Jane Doe"], [])


_ORG_LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
    '{"@type": "Organization", "name": "Example News"}}</script>'
)


@pytest.mark.parametrize(
    ("head", "header", "step", "authors"),
    [
        (_PERSONS_LD, "", "json-ld", ["Sarah Hinger", "Sylvia Torres-Guillén"]),
        (
            _ORG_LD,
            '<p class="byline">By Jane Doe</p>',
            "json-ld publisher, byline writer",
            ["Jane Doe"],
        ),
        ("", '<p class="byline">By Jane Doe</p>', "byline", ["Jane Doe"]),
        ('<meta name="author" content="John Roe">', "", "meta", ["John Roe"]),
        ("", FULL_BIO_LINK, "named byline", ["Jane Doe"]),
        ("", "", "none", []),
    ],
)
def test_decide_authors_names_the_step_that_gave_the_authors(
    head: str, header: str, step: str, authors: list[str]
) -> None:
    # benchmarks/author_audit.py counts pages per deciding step; the answer is extract's.
    from aggregator.parser.byline import decide_authors
    from aggregator.parser.fields import STEPS, authors_field
    from aggregator.parser.tree import parse
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    html = (
        f"<html><head><title>Budget</title>{head}</head><body><main><article>"
        f"<header><h1>Council passes the budget</h1>{header}</header>{_TEXT}"
        "</article></main></body></html>"
    )
    url = "https://news.example.org/2024/05/03/budget"
    article = Article(url, url, "", "", [], extract(html, url).fetched_at)
    view = PageView(parse(html, url), article, article.fetched_at)
    for before in STEPS[: STEPS.index(authors_field)]:
        before(view)
    (found, _, _, _), decided = decide_authors(view, view.ld, view.hints, view.site[0])
    assert (found, decided) == (authors, step)
    assert extract(html, url).authors == authors
