"""Another story's teaser card is no evidence of this article's date (round 15).

A lone "related" teaser (one card, no list the chrome and list tests know) after the
text, or in the article's column, prints the other story's date: without a date of its
own the page took it. Every page goes through ``aggregator.extract``; one table holds
the cards the rule must read past (they fail on the code before it), another the
article's own dates it must keep.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import utc
from gazette_page import FETCHED, TEXT, URL, news_page

from aggregator import extract
from aggregator.schema import Article


def _page(meta_line: str = "", after_text: str = "", head: str = "") -> str:
    """The news page with today's date in its site header's bar, a meta line on top."""
    return news_page(meta_line, after_text, head, bar="Saturday, 5 December 2026")


def _extract(html: str) -> Article:
    return extract(html, URL, fetched_at=FETCHED)


_BYLINE = '<p class="byline">By Jane Smith</p>'
_TEASER = "Storm damage closes the coast road for a week"
_CARD_AFTER = (
    f'<div class="related"><article><a href="/weather/storm"><h3>{_TEASER}</h3></a>'
    '<time datetime="2026-11-20T10:00:00Z">Nov 20</time></article></div>'
)
_BOX_AFTER = (
    f'<div class="box"><h3><a href="/weather/storm">{_TEASER}</a></h3><p>20 November 2026</p></div>'
)


@pytest.mark.parametrize(
    "card",
    [
        # A <time> beside a linked heading (the link around the heading), in a related box.
        f'<div class="related"><h2>Related</h2><article class="teaser"><a href="/weather/storm">'
        f'<h3>{_TEASER}</h3></a><time datetime="2026-11-20T10:00:00Z">Nov 20</time>'
        "</article></div>",
        # The link inside the heading, a date-classed span, a box of another name.
        f'<div class="also-read"><h4><a href="/weather/storm">{_TEASER}</a></h4>'
        '<span class="date">20 November 2026</span></div>',
        # A card in German, in a list item, its date printed with a clock.
        f'<ul class="weiterlesen"><li><h3><a href="/wetter/sturm">{_TEASER}</a></h3>'
        '<span class="meta-date">20.11.2026, 10:00 Uhr</span></li></ul>',
        # A card whose date only htmldate on the article read: plain text, no class.
        f'<div class="box"><h3><a href="/weather/storm">{_TEASER}</a></h3>'
        "<p>20 November 2026 · 3 min read</p></div>",
    ],
)
def test_a_lone_teaser_cards_date_is_the_other_storys(card: str) -> None:
    assert _extract(_page(_BYLINE, card)).published_at is None


@pytest.mark.parametrize("card", [_CARD_AFTER, _BOX_AFTER])
def test_a_card_after_the_articles_scope_is_not_read_by_htmldate_beside_it(card: str) -> None:
    # htmldate's copies beside the scope (the article holds no date) leave the card out.
    html = (
        '<html lang="en"><head><title>Budget</title></head><body><main><article>'
        f"<h1>Council approves transport budget</h1>{_BYLINE}{TEXT}</article>{card}</main>"
        "</body></html>"
    )
    assert _extract(html).published_at is None


def test_a_teaser_card_in_the_meta_column_is_read_past_for_the_articles_own_date() -> None:
    # The article's date is printed after the card in document order ("nearest to the
    # headline" took the card's): the card's date is not the article's.
    card = (
        f'<div class="card"><h3><a href="/weather/storm">{_TEASER}</a></h3>'
        '<time datetime="2026-11-20T10:00:00Z">Nov 20</time></div>'
    )
    own = '<p class="byline">By Jane Smith <time datetime="2026-12-04T14:04:00Z">Dec 4</time></p>'
    assert _extract(_page(card + own)).published_at == utc(2026, 12, 4, 14, 4)


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        # The article's date beside a section kicker in a linked heading: a kicker is no
        # teaser's headline.
        (
            '<div class="meta"><h3><a href="/politics">Politics</a></h3>'
            '<time datetime="2026-12-04T14:04:00Z">Dec 4</time></div>',
            utc(2026, 12, 4, 14, 4),
        ),
        # A byline set as a heading that links to its author's page.
        (
            '<div class="meta"><h4><a href="/author/jane-smith">Jane Smith, Political '
            'Editor</a></h4><time datetime="2026-12-04T14:04:00Z">Dec 4</time></div>',
            utc(2026, 12, 4, 14, 4),
        ),
        (
            '<div class="meta"><h4><a href="/team/jane">By Jane Smith, Political Editor</a>'
            '</h4><span class="date">4 December 2026</span></div>',
            utc(2026, 12, 4),
        ),
        # A linked heading that links to this page (a permalink).
        (
            f'<div class="meta"><h2><a href="{URL}">Council approves transport budget '
            'today</a></h2><time datetime="2026-12-04T14:04:00Z">Dec 4</time></div>',
            utc(2026, 12, 4, 14, 4),
        ),
    ],
)
def test_the_articles_own_date_beside_a_linked_heading_is_kept(
    meta_line: str, expected: datetime
) -> None:
    assert _extract(_page(meta_line)).published_at == expected


def test_a_meta_line_that_holds_a_teaser_keeps_its_own_date() -> None:
    # The card is the smallest block around the teaser's heading that writes its date,
    # not the meta line around both.
    meta = (
        '<div class="meta"><p>By Jane Smith</p><time datetime="2026-12-04T14:04:00Z">Dec 4'
        f'</time><div><h3><a href="/weather/storm">{_TEASER}</a></h3>'
        '<time datetime="2026-11-20T10:00:00Z">Nov 20</time></div></div>'
    )
    assert _extract(_page(meta)).published_at == utc(2026, 12, 4, 14, 4)


def test_a_header_block_that_holds_the_headline_is_no_card() -> None:
    # A dek that links to an earlier report, in the header that holds the h1.
    html = (
        '<html lang="en"><head><title>Budget</title></head><body><main><article>'
        "<header><h1>Council approves transport budget</h1>"
        '<h2><a href="/politics/earlier-report">Read our earlier report on the budget</a></h2>'
        '<time datetime="2026-12-04T14:04:00Z">Dec 4</time></header>'
        f"{TEXT}</article></main></body></html>"
    )
    assert _extract(html).published_at == utc(2026, 12, 4, 14, 4)


_CARD = (
    f'<div class="related"><article><a href="/weather/storm"><h3>{_TEASER}</h3></a>'
    '<time datetime="2026-11-20T10:00:00Z">Nov 20</time></article></div>'
)


def test_a_cards_date_does_not_overrule_the_declared_one() -> None:
    # The card's date was the visible witness against the meta tag, and won.
    head = '<meta property="article:published_time" content="2026-12-04T14:04:00+01:00">'
    assert _extract(_page(_BYLINE, _CARD, head)).published_at == utc(2026, 12, 4, 13, 4)


def test_a_cards_date_does_not_stand_in_for_the_urls() -> None:
    page = _page(_BYLINE, _CARD)
    article = extract(page, "https://www.gazette.com/2026/12/04/council-budget", fetched_at=FETCHED)
    assert article.published_at == utc(2026, 12, 4)


@pytest.mark.parametrize(
    ("meta_line", "after_text", "published", "updated"),
    [
        # No date at all: the header's "today" and the footer's year are not read.
        (_BYLINE, "", None, None),
        # Updated only: the update dates the page (stop 47; no publication before).
        (
            '<p class="byline">By Jane Smith</p><p class="updated">Updated Dec. 5, 2026 '
            "9:00 a.m. ET</p>",
            "",
            utc(2026, 12, 5, 14, 0),
            None,
        ),
        # A "most read" list of dated teasers, and a reader's comment.
        (
            _BYLINE,
            '<aside class="most-read"><h2>Most read</h2><ul>'
            f'<li><a href="/a"><h3>{_TEASER}</h3></a><time datetime="2026-12-02">Dec 2</time></li>'
            '<li><a href="/b"><h3>Fire destroys the old mill by the river</h3></a>'
            '<time datetime="2026-12-01">Dec 1</time></li></ul></aside>'
            '<section class="comments"><div class="comment"><span class="comment-date">'
            "December 3, 2026</span><p>Great article</p></div></section>",
            None,
            None,
        ),
        # The article's own date with the card beside it.
        (
            '<p class="byline">By Jane Smith <time datetime="2026-12-04T14:04:00Z">Dec 4</time></p>',
            _CARD,
            utc(2026, 12, 4, 14, 4),
            None,
        ),
    ],
)
def test_pages_the_rule_leaves(
    meta_line: str, after_text: str, published: datetime | None, updated: datetime | None
) -> None:
    article = _extract(_page(meta_line, after_text))
    assert (article.published_at, article.updated_at) == (published, updated)


@pytest.mark.parametrize(
    ("block", "url"),
    [
        # M5: an author box whose heading links to the authors' page under /by/.
        (
            '<div class="author-box"><h4><a href="/by/jane-smith">Jane Smith and John Doe</a>'
            "</h4><span>5 December 2026</span></div>",
            URL,
        ),
        # M6: a kicker linked to the section the article lies under.
        (
            '<div class="kicker"><h2><a href="/politics/local-government">Local Politics and '
            "Government</a></h2><span>5 December 2026</span></div>",
            URL,
        ),
        # M7: a share heading linking to another site.
        (
            '<div class="share"><h4><a href="https://twitter.com/intent/tweet?url=x">Share '
            "this story on Twitter</a></h4><span>5 Dec 2026</span></div>",
            URL,
        ),
        # M8: the article's meta line holding a "Next:" teaser that prints no date.
        (
            '<div class="meta"><span>5 December 2026</span><h4><a href="/sport/other">Next: '
            "Storm closes the coast road</a></h4></div>",
            URL,
        ),
        # M10: an AMP page whose only date is beside its headline linked to the page.
        (
            f'<div class="card"><h2><a href="{URL}">Council approves transport budget today'
            "</a></h2><span>5 December 2026</span></div>",
            URL + "/amp",
        ),
    ],
)
def test_the_articles_only_date_in_the_top_beside_a_linked_heading_is_kept(
    block: str, url: str
) -> None:
    page = _page(block)
    assert extract(page, url, fetched_at=FETCHED).published_at == utc(2026, 12, 5)


def test_a_live_blogs_short_entries_are_no_teasers() -> None:
    # M9: entries under 300 characters, each linking to its own page: no related cards.
    entries = "".join(
        f'<div class="entry"><h3><a href="/live/council-approves-budget/entry-{i}">'
        f"Councillors debate the amended motion {n}</a></h3><span>5 December 2026 1{4 - i}:0"
        f"{i}</span><p>Councillors are now voting on the amended motion, the chair said.</p>"
        "</div>"
        for i, n in enumerate("ABC")
    )
    intro = '<p class="intro">Follow the budget vote live as councillors debate the plan.</p>'
    assert _extract(_page(intro + entries)).published_at == utc(2026, 12, 5)


@pytest.mark.parametrize(
    ("block", "url", "expected"),
    [
        # The WordPress title linked with rel=bookmark under a shortlink.
        (
            '<h2 class="entry-title"><a href="https://www.gazette.com/2026/12/05/council-'
            'approves-transport-budget/" rel="bookmark">Council approves transport budget'
            '</a></h2><div class="entry-meta"><span class="posted-on">5 December 2026</span></div>',
            "https://www.gazette.com/?p=12345",
            utc(2026, 12, 5),
        ),
        # Byline headings linking to /writers/ and /szerzo/.
        (
            '<div class="byline"><h3 class="author-name"><a href="/writers/jane-smith-doe">'
            "Jane Smith-Doe, Senior Political Correspondent</a></h3><time>5 December 2026"
            "</time></div>",
            URL,
            utc(2026, 12, 5),
        ),
        # Live-blog entries linking to their anchors.
        (
            '<p class="date">5 December 2026</p>'
            + "".join(
                f'<div class="entry"><h3><a href="{URL}/#post-{i}">Update from the council '
                f"chamber {i}</a></h3><time>14:0{i}</time>{TEXT}</div>"
                for i in range(3)
            ),
            URL,
            utc(2026, 12, 5),
        ),
        # A "more from" list holding the article's own entry.
        (
            '<p class="byline">By Jane Smith · 4 December 2026</p>',
            URL,
            utc(2026, 12, 4),
        ),
    ],
)
def test_linked_headings_the_review_left_as_they_were(
    block: str, url: str, expected: datetime
) -> None:
    more = (
        f'<aside class="more"><div class="c"><h3><a href="{URL}">Council approves transport '
        'budget</a></h3><span>5 Dec 2026</span></div><div class="c"><h3><a href="/x/other-'
        'thing-here">Storm closes the coast road</a></h3><span>20 Nov 2026</span></div></aside>'
    )
    assert extract(_page(block, more), url, fetched_at=FETCHED).published_at == expected


_SELF = "https://www.gazette.com/politics/council-approves-budget"


@pytest.mark.parametrize(
    ("url", "head", "body", "expected"),
    [
        # The title as a linked h2 under a tracking query, over http, on an m. host.
        (
            URL + "?utm_source=rss",
            "",
            '<h2><a href="/politics/council-approves-budget">Council approves transport '
            'budget</a></h2><p class="m">5 December 2026</p>',
            utc(2026, 12, 5),
        ),
        (
            "http://gazette.com/politics/council-approves-budget",
            "",
            f'<h2><a href="{_SELF}/">Council approves transport budget</a></h2>'
            '<p class="m">5 December 2026</p>',
            utc(2026, 12, 5),
        ),
        (
            "https://m.gazette.com/politics/council-approves-budget",
            "",
            f'<h2><a href="{_SELF}">Council approves transport budget</a></h2>'
            '<time datetime="2026-12-05">5 December 2026</time>',
            utc(2026, 12, 5),
        ),
        # A WordPress shortlink and an AMP copy with rel=canonical.
        (
            "https://www.gazette.com/?p=12345",
            '<link rel="canonical" href="https://www.gazette.com/2026/12/05/council-approves-'
            'transport-budget/">',
            '<h2 class="entry-title"><a href="https://www.gazette.com/2026/12/05/council-'
            'approves-transport-budget/">Council approves transport budget</a></h2>'
            '<div class="entry-meta"><span class="posted-on">5 December 2026</span></div>',
            utc(2026, 12, 5),
        ),
        (
            URL + "/amp",
            f'<link rel="canonical" href="{_SELF}">',
            f'<div class="card"><h2><a href="{_SELF}">Council approves transport budget '
            "today</a></h2><span>5 December 2026</span></div>",
            utc(2026, 12, 5),
        ),
        # A byline heading linking to nytimes.com/by/, "By" first.
        (
            URL,
            "",
            '<div class="byline"><h3><a href="https://www.nytimes.com/by/jane-smith">By Jane '
            "Smith and John Doe</a></h3><time>5 December 2026</time></div>",
            utc(2026, 12, 5),
        ),
        # A Next.js card whose link goes round the h2 of another story.
        (
            URL + "?ref=home",
            "",
            '<a href="https://www.gazette.com/politics/council-approves-budget-2"><h2>Council '
            "approves transport budget</h2></a><div><span>5 December 2026</span></div>",
            utc(2026, 12, 5),
        ),
    ],
)
def test_own_headings_the_review_left_as_they_were(
    url: str, head: str, body: str, expected: datetime
) -> None:
    html = (
        f'<html lang="en"><head><title>Budget</title>{head}</head><body><main><article>'
        f"{body}{TEXT}</article></main></body></html>"
    )
    assert extract(html, url, fetched_at=FETCHED).published_at == expected
