"""Publication dates come only from article-scoped evidence, never from page chrome.

Real pages in miniature, through the public ``extract``: a site header's "today"
date, a footer copyright, a "most read" list with its dates, an updated-only
page, a page with no date at all, and the seed page (a WordPress copy) with a
"today" date in its header bar.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.parser import extract

FETCHED = datetime(2024, 6, 20, 9, 0, tzinfo=UTC)
URL = "https://news.example/world/summit-talks-resume"
SEED = Path(__file__).parent / "golden" / "seed" / "seed_copy.html"
SEED_URL = (
    "https://caribbeandailyherald.example/2019/01/trump-kim-to-hold-a-second-summit/?utm_source=rss"
)

TEXT = "".join(
    f"<p>Paragraph {i} of the article says what happened at the talks, who spoke and "
    f"what they agreed, in plain sentences that carry the news of the day.</p>"
    for i in range(6)
)


def page(header: str = "", article_meta: str = "", after: str = "", footer: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Summit talks resume | News</title></head>"
        f"<body><header class='site-header'>{header}<nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/world'>World</a></li><li><a href='/politics'>Politics</a></li></ul></nav>"
        "</header><main><article><h1>Summit talks resume</h1>"
        f"<div class='meta'>{article_meta}</div>{TEXT}</article>{after}</main>"
        f"<footer class='site-footer'>{footer}</footer></body></html>"
    )


MOST_READ = (
    "<section class='most-read'><h2>Most read</h2><ol>"
    "<li><a href='/a'>Storm hits the coast</a> <time datetime='2024-06-19T08:00:00Z'>"
    "19 June 2024</time></li>"
    "<li><a href='/b'>Markets rally</a> <time datetime='2024-06-18T08:00:00Z'>18 June 2024</time>"
    "</li><li><a href='/c'>Cup final preview</a> <span class='date'>17.06.2024</span></li>"
    "</ol></section>"
)


@pytest.mark.parametrize(
    ("name", "html", "published", "updated"),
    [
        (
            "header bar 'today' date",
            page(header="<div class='date-today'>Thursday, 20 June 2024</div>"),
            None,
            None,
        ),
        (
            "footer copyright year",
            page(footer="<p>© 2023 News Example. All rights reserved.</p>"),
            None,
            None,
        ),
        ("'most read' list with dates", page(after=MOST_READ), None, None),
        (
            "updated-only page",
            # Dated by its update (stop 47), no later update beside it.
            page(article_meta="Updated: <time datetime='2024-06-12T10:30:00Z'>12 June 2024</time>"),
            datetime(2024, 6, 12, 10, 30, tzinfo=UTC),
            None,
        ),
        ("no date at all", page(), None, None),
        (
            "the article's own date next to chrome dates",
            page(
                header="<div class='date-today'>Thursday, 20 June 2024</div>",
                article_meta="<time datetime='2024-06-11T07:00:00Z'>11 June 2024</time>",
                after=MOST_READ,
                footer="<p>© 2023 News Example</p>",
            ),
            datetime(2024, 6, 11, 7, 0, tzinfo=UTC),
            None,
        ),
    ],
)
def test_published_date_is_article_scoped(
    name: str, html: str, published: datetime | None, updated: datetime | None
) -> None:
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == published, name
    assert article.updated_at == updated, name


def test_labelled_date_outside_an_article_element_is_read_near_the_headline() -> None:
    html = (
        "<html><body><div class='top'>Thursday, 20 June 2024</div>"
        "<div class='story'><h1>Summit talks resume</h1>"
        "<p class='byline'>By Jane Doe</p><span class='date'>11.06.2024</span>"
        f"{TEXT}</div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2024, 6, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    "bar",
    [
        # Inside the site header, before the navigation (a WordPress "top bar").
        (
            '<header id="masthead" class="site-header">',
            '<header id="masthead" class="site-header"><div class="top-bar">'
            '<span class="header-date">Friday, January 18, 2019</span></div>',
        ),
        # Outside any header element, above it.
        (
            '<header id="masthead"',
            '<div id="top-bar"><span class="date">Friday, January 18, 2019</span> '
            '<span class="weather">28°C</span></div><header id="masthead"',
        ),
    ],
)
def test_seed_copy_with_a_today_date_in_its_header_bar_gets_no_date(bar: tuple[str, str]) -> None:
    html = SEED.read_text("utf8").replace(bar[0], bar[1], 1)
    assert bar[1] in html
    article = extract(html, SEED_URL, fetched_at=datetime(2019, 1, 20, 9, 0, tzinfo=UTC))
    assert article.published_at is None
    assert article.updated_at is None
    assert article.headline == "Trump-Kim to hold a second summit next month"


def narrow_scope_page(top_bar: str, after_headline: str) -> str:
    """The headline alone in its ``<article>``; the dated line and the text follow it."""
    return (
        "<!doctype html><html lang='en'><head><title>Summit talks resume</title></head><body>"
        f"{top_bar}<header class='site-header'><nav><a href='/'>Home</a></nav></header>"
        "<main><article class='story-head'><h1>Summit talks resume</h1></article>"
        f"{after_headline}<div class='story-body'>{TEXT}</div></main></body></html>"
    )


@pytest.mark.parametrize(
    ("name", "html", "published"),
    [
        (
            "a dated line after a scope that holds only the headline",
            narrow_scope_page(
                "<div id='top-bar'>Thursday, 20 June 2024</div>",
                "<p class='dateline'>Tuesday 11 June 2024</p>",
            ),
            datetime(2024, 6, 11, tzinfo=UTC),
        ),
        (
            "a 'today' bar before the headline, outside the scope, and no dated line",
            narrow_scope_page("<div id='top-bar'>Thursday, 20 June 2024</div>", ""),
            None,
        ),
    ],
)
def test_beside_a_narrow_scope_only_what_follows_the_headline_is_read(
    name: str, html: str, published: datetime | None
) -> None:
    assert_published_by_htmldate(name, html, published)


def assert_published_by_htmldate(name: str, html: str, published: datetime | None) -> None:
    """The page's published date is ``published``, found by an htmldate rule (or none)."""
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == published, name
    assert article.published_at is None or article.provenance["published_at"] == "htmldate"


def head_block_page(meta_day: str, top_bar: str = "", head_line: str = "", after: str = "") -> str:
    """No date any rule of ours reads; htmldate finds ``meta_day`` in ``<meta value=…>``.

    The headline's block (``head_line`` before the h1) and the text are in a scope;
    ``top_bar`` precedes the site header, ``after`` follows the article.
    """
    return (
        "<!doctype html><html lang='en'><head><title>Summit talks resume</title>"
        f"<meta value='{meta_day}T14:37:03+02:00' name='article:modified_time'></head><body>"
        f"{top_bar}<header class='site-header'><nav><a href='/'>Home</a></nav></header><main>"
        f"<article><div class='head'>{head_line}<div class='title'><h1>Summit talks resume</h1>"
        f"</div></div>{TEXT}</article>{after}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("name", "html", "published"),
    [
        # A link left out of htmldate's copy keeps the text after it, its parent's.
        (
            # A line without a byline class: a byline-classed one has its own rule
            # (in_page.byline_published, tests/test_parser_dates_shapes.py).
            "a date after the author's link in the byline line",
            "<html><body><div class='story'><h1>Summit talks resume</h1>"
            "<p>By <a href='/author/jane'>Jane Doe</a> 11 June 2024</p>"
            f"{TEXT}</div></body></html>",
            datetime(2024, 6, 11, tzinfo=UTC),
        ),
        (
            "a 'today' after a link before the headline, outside a narrow scope",
            narrow_scope_page("<a href='/'>Home</a> Thursday, 20 June 2024", ""),
            None,
        ),
        (
            "dates after teaser links in a list of other stories",
            "<html><body><div class='story'><h1>Summit talks resume</h1>"
            f"{TEXT}</div><div class='related'><a href='/a'>Storm hits the coast</a> 19 June "
            "2024 <a href='/b'>Markets rally</a> 18 June 2024 <a href='/c'>Cup final</a> "
            "17 June 2024</div></body></html>",
            None,
        ),
        # htmldate on the whole page: its day kept only where the page writes it from
        # the headline's block on.
        (
            "htmldate's day written in a bare line of the headline's block",
            head_block_page("2024-06-11", head_line="<span id='stamp'>2024年06月11日 公開</span>"),
            datetime(2024, 6, 11, tzinfo=UTC),
        ),
        (
            "htmldate's day written only in a 'today' bar before the site header",
            head_block_page("2024-06-20", top_bar="<div id='top-bar'>Thursday, 20 June 2024</div>"),
            None,
        ),
        (
            "htmldate's day written only in a 'most read' list",
            head_block_page("2024-06-19", after=MOST_READ),
            None,
        ),
        ("htmldate's day written nowhere in the body", head_block_page("2024-06-11"), None),
        (
            "htmldate's day written only in a script after the article",
            head_block_page(
                "2024-06-20",
                after="<script>var slot = {servedAt: '2024-06-20T10:00:00Z'};</script>",
            ),
            None,
        ),
        (
            "a 'today' bar inside the page wrapper that also holds the article",
            "<!doctype html><html lang='en'><head><title>Summit talks resume</title>"
            "<meta value='2024-06-20T14:37:03+02:00' name='article:modified_time'></head>"
            "<body><div id='page'><div id='top-bar'>Thursday, 20 June 2024</div>"
            "<header class='site-header'><nav><a href='/'>Home</a></nav></header>"
            f"<main><article><h1>Summit talks resume</h1>{TEXT}</article></main></div>"
            "</body></html>",
            None,
        ),
    ],
)
def test_htmldate_reads_the_day_where_the_article_writes_it(
    name: str, html: str, published: datetime | None
) -> None:
    assert_published_by_htmldate(name, html, published)


def unscoped_page(top_bar: str, head_line: str = "") -> str:
    """No ``<article>`` or Article microdata: the headline, its byline and the text sit in
    plain blocks, so no scope bounds what htmldate reads; ``head_line`` precedes the h1
    in its block, ``top_bar`` the site header."""
    return (
        "<!doctype html><html lang='en'><head><title>Summit talks resume</title></head><body>"
        f"{top_bar}<header class='site-header'><nav><a href='/'>Home</a></nav></header>"
        f"<main><div class='story'><div class='head'>{head_line}<h1>Summit talks resume</h1>"
        f"<p class='byline'>By Jane Doe</p></div><div class='text'>{TEXT}</div></div></main>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("name", "html", "published"),
    [
        (
            "a 'today' bar above the site header of a page without a scope",
            unscoped_page("<div id='top-bar'>Thursday, 20 June 2024</div>"),
            None,
        ),
        (
            "the article's dated line above the h1, in the headline's block, without a scope",
            unscoped_page(
                "<div id='top-bar'>Thursday, 20 June 2024</div>", "<p>Tuesday 11 June 2024</p>"
            ),
            datetime(2024, 6, 11, tzinfo=UTC),
        ),
    ],
)
def test_without_a_scope_htmldate_reads_from_the_headline_block_on(
    name: str, html: str, published: datetime | None
) -> None:
    assert_published_by_htmldate(name, html, published)


def test_a_theme_meta_line_just_before_the_article_element_is_the_articles_own() -> None:
    # The headline's block climbs past the <article> into the theme's wrapper, which
    # holds no site header (unlike a page wrapper around the top bar and the header).
    html = (
        "<html><body><div class='post'><div class='entry-meta'>"
        "<span class='byline author'>By Jane Doe</span>"
        "<span class='date published'>12 May 2024</span></div>"
        f"<article><h1>Summit talks resume</h1>{TEXT}</article></div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.authors == ["Jane Doe"]
    assert article.published_at == datetime(2024, 5, 12, tzinfo=UTC)


EVENTS = (
    "<div class='widget_events'><div class='headline'>Upcoming events</div>"
    "<ul class='description'><li><span><time datetime='2024-06-12T00:00:00+02:00'>12.06.2024"
    "</time>, 14.00 – Chemnitz</span></li><li>Seniors' afternoon</li></ul>"
    "<ul class='description'><li><span><time datetime='2024-06-14T00:00:00+02:00'>14.06.2024"
    "</time>, 17.00 – Dresden</span></li><li>Organ music</li></ul></div>"
)


@pytest.mark.parametrize(
    ("name", "info", "published"),
    [
        (
            # sonntag-sachsen.de: the article's day in its info box, after the text.
            "an events list with its own days beside the article's dated info box",
            "<div class='article-info'>Published <span class='date'>07.06.2024</span></div>",
            datetime(2024, 6, 7, tzinfo=UTC),
        ),
        (
            "the article's day in an unlabelled line of its info box, read by htmldate",
            "<div class='article-info'><strong>Source</strong><br>PUBLISHED ON 07.06.2024</div>",
            datetime(2024, 6, 7, tzinfo=UTC),
        ),
        ("no day of the article's own: none, though the events list has days", "", None),
        (
            "the article's <time> in its info box beside an events list",
            "<div class='article-info'><time datetime='2024-06-07T10:00:00Z'>7 June</time></div>",
            datetime(2024, 6, 7, 10, tzinfo=UTC),
        ),
    ],
)
def test_a_list_of_dated_items_is_no_article_date(
    name: str, info: str, published: datetime | None
) -> None:
    # No <article>: the article's column, then a side column with its info box and a
    # widget listing events, each with its <time> (no furniture class, no links).
    html = (
        "<html><body><div class='main'><div class='col-8'><div class='story'>"
        "<div class='intro'><h1>Summit talks resume</h1></div>"
        f"<div class='full-article'>{TEXT}</div></div></div>"
        f"<div class='col-4'>{info}{EVENTS}</div></div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == published, name


MEETINGS = "<h3>Upcoming meetings</h3><p class='date'>April 12, 2020</p><p>Council, 7 pm.</p>"
POST = f"<h3>An older post</h3><p class='date'>April 12, 2020</p>{TEXT}"


@pytest.mark.parametrize(
    ("name", "row", "other", "published"),
    [
        (
            "Bootstrap rows: the article's and an events box, both div.row",
            "<div class='row'>",
            MEETINGS,
            datetime(2020, 3, 5, tzinfo=UTC),
        ),
        (
            "classless wrappers: the article's and an events box",
            "<div>",
            MEETINGS,
            datetime(2020, 3, 5, tzinfo=UTC),
        ),
        # Two long blocks of one kind with their days: a list of full posts, no one of
        # them the article's own.
        ("Bootstrap rows: two full posts", "<div class='row'>", POST, None),
        ("classless wrappers: two full posts", "<div>", POST, None),
    ],
)
def test_the_articles_own_block_beside_a_sibling_of_the_same_kind_is_no_list_item(
    name: str, row: str, other: str, published: datetime | None
) -> None:
    # A hero headline, then a container of two same-kind blocks: the article's (its
    # date, then its text) and another with another day.
    html = (
        "<html><body><div class='hero'><h1>Summit talks resume</h1></div>"
        f"<div class='container'>{row}<p class='date'>March 5, 2020</p>{TEXT}</div>"
        f"{row}{other}</div></div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == published, name


@pytest.mark.timeout(20)  # each dated item once, not against every other: well under a second
def test_a_long_archive_of_dated_items_is_read_in_one_pass() -> None:
    # A hero headline, the text, then an archive of 4,000 nested items, each with its
    # own day: every one is a list item, and the page has no date of its own.
    days = [datetime(2010, 1, 1, tzinfo=UTC) + timedelta(days=i) for i in range(4000)]
    items = "".join(
        f"<div class='item'><div class='inner'><div><span class='date'>"
        f"{day:%d %B %Y}</span> note {i}</div></div></div>"
        for i, day in enumerate(days)
    )
    html = (
        "<html><body><div class='hero'><h1>Summit talks resume</h1></div><div class='main'>"
        f"<div class='text'>{TEXT}</div><div class='archive'>{items}</div></div></body></html>"
    )
    assert extract(html, URL, fetched_at=FETCHED).published_at is None


def test_a_photo_file_name_in_an_inline_style_is_no_date() -> None:
    # publica.pl: a related post's card shows its photo as a CSS background; the
    # camera's file name carries the day the photo was taken.
    card = (
        "<div class='post-container big-image' style='background-image: url("
        "https://news.example/wp-content/uploads/2021/02/IMG_20191207_115304_1.jpg);'>"
        "<div class='post-title'><a href='/other-story'>Another story</a></div></div>"
    )
    html = (
        "<html><body><div id='content'><article><header><h1>Summit talks resume</h1>"
        f"</header></article><div class='entry'>{TEXT}</div>{card}</div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at is None


def test_a_comment_count_bar_in_the_articles_header_keeps_its_date() -> None:
    # observer.com: the article header's meta line is classed "entry-meta social-comments".
    html = (
        "<html><body><main><article><header class='entry-header'><h1>Summit talks resume</h1>"
        "<div class='entry-meta social-comments'><span class='entry-date'>"
        "<time datetime='2024-06-16T12:21:00Z'>6/16/24 12:21pm</time></span>"
        "<a href='#comments'>12 comments</a></div></header>"
        f"{TEXT}</article></main></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2024, 6, 16, 12, 21, tzinfo=UTC)
    assert article.provenance["published_at"] == "heuristic"


@pytest.mark.parametrize(
    ("name", "meta", "published"),
    [
        # mesopinions.com: a petition with no date of its own, one reader's comment
        # (its <time> is nearer the headline than anything but the article's own line).
        ("a lone reader's comment with its date, no date of the article's", "", None),
        (
            "the article's classed date above a reader's comment",
            "<span class='post-date'>3 June 2024</span>",
            datetime(2024, 6, 3, tzinfo=UTC),
        ),
    ],
)
def test_a_readers_comment_date_is_no_article_date(
    name: str, meta: str, published: datetime | None
) -> None:
    comment = (
        "<div class='mo-comment-card'><div class='mo-comment-infos'><strong>Muriel - "
        "<time datetime='2024-06-10T12:01:03Z'>10/06/2024 à 12:01:03</time></strong></div>"
        "<p>I signed, and so should you.</p></div>"
    )
    html = (
        "<html><body><div class='page'><div class='head'><h1>Summit talks resume</h1>"
        f"{meta}</div><div class='text'>{TEXT}</div>{comment}</div></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == published, name


@pytest.mark.parametrize(
    ("name", "column", "body"),
    [
        (
            # theguardian.com, an opinion piece: the article column's tone class.
            "a column classed tone-comment holding an article-body-classed text",
            "content__main tonal__main tonal__main--tone-comment",
            "<div class='content__article-body'>",
        ),
        (
            "a column classed opinion-comment holding the itemprop=articleBody text",
            "opinion-comment",
            "<div itemprop='articleBody'>",
        ),
    ],
)
def test_an_article_column_classed_comment_is_the_articles_own(
    name: str, column: str, body: str
) -> None:
    html = (
        "<html><body><article><header class='content__head'><h1>Summit talks resume</h1>"
        f"</header><div class='{column}'><p class='content__dateline'>"
        "<time class='content__dateline-wpd' datetime='2024-06-05T10:00:00'>Wed 5 Jun 2024"
        f"</time></p>{body}{TEXT}</div></div></article></body></html>"
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2024, 6, 5, 10, tzinfo=UTC), name
