"""``aggregator.extract`` used as a library: what a caller may hand it and what comes back.

Shapes from the QA pass of stop 42 (hand-written pages, trimmed): content nested past
libxml2's default depth, a lone surrogate in a str, short and CJK headlines with the
site's name after them, JSON-LD ``isBasedOn``, arguments of the wrong type, and a feed or
JSON document handed over as a page.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from typing import Any

import pytest

from aggregator import extract

_URL = "https://example.com/news/council-passes-budget"
_TEXT = "".join(
    f"<p>Paragraph {i} of the story tells owners in the city that the council voted on the "
    "budget today after a long debate.</p>"
    for i in range(6)
)


def _page(
    head: str = "",
    before: str = "",
    text: str = _TEXT,
    h1: str = "Council passes budget",
    title: str = "Council passes budget - Example News",
) -> str:
    return (
        f"<html lang='en'><head>{head}<title>{title}</title></head><body>{before}"
        f"<article><h1>{h1}</h1>{text}</article></body></html>"
    )


@pytest.mark.parametrize("depth", [300, 1000])
def test_text_nested_past_256_elements_is_kept(depth: int) -> None:
    article = extract(_page(before="<div class='nav'>" * depth), _URL)
    assert len(article.body) == 6
    assert article.headline == "Council passes budget"


def test_a_lone_surrogate_in_a_str_keeps_the_rest_of_the_page() -> None:
    article = extract(_page(text=_TEXT.replace("today", "today \ud83d", 1)), _URL)
    assert len(article.body) == 6
    assert "today \ufffd" in article.body[0]
    assert article.body[5].startswith("Paragraph 5")


@pytest.mark.parametrize(
    ("h1", "title", "head", "lang"),
    [
        ("Budget approved", "Budget approved | The Daily Example", "", "en"),
        ("Haushalt steht", "Haushalt steht - Tagesblatt", "", "de"),
        ("国务院召开常务会议", "国务院召开常务会议_新华网", "", "zh"),
        (
            "国务院召开常务会议",
            "国务院召开常务会议 - 新华网",
            "<meta property='og:title' content='国务院召开常务会议 - 新华网'>",
            "zh",
        ),
        ("예산안 통과", "예산안 통과 - 연합뉴스", "", "ko"),
        ("予算案が成立", "予算案が成立｜日経新聞", "", "ja"),
    ],
)
def test_the_titles_site_part_comes_off_where_the_h1_says_its_head(
    h1: str, title: str, head: str, lang: str
) -> None:
    page = _page(head=head, h1=h1, title=title).replace("lang='en'", f"lang='{lang}'")
    assert extract(page, _URL).headline == h1


@pytest.mark.parametrize(
    ("title", "head", "headline"),
    [
        # No h1: the site's name (og:site_name, or the host's) comes off the title.
        (
            "国务院召开常务会议_新华网",
            "<meta property='og:site_name' content='新华网'>",
            "国务院召开常务会议",
        ),
        ("Budget approved | Example", "", "Budget approved"),
        # A hyphen between letters joins words: the host's name starting a compound stays.
        (
            "Example-Umfrage: Mehrheit für den Haushalt",
            "",
            "Example-Umfrage: Mehrheit für den Haushalt",
        ),
    ],
)
def test_a_title_alone_loses_a_recognised_site_name(title: str, head: str, headline: str) -> None:
    page = _page(head=head, title=title).replace("<h1>Council passes budget</h1>", "")
    assert extract(page, _URL).headline == headline


def test_an_h1_that_is_only_part_of_a_headline_with_a_dash_keeps_the_h1() -> None:
    # The h1 is the site's name (og:site_name): not a head to cut the title at.
    page = _page(
        head="<meta property='og:site_name' content='Daily Example'>",
        h1="Daily Example",
        title="Daily Example - Budget approved after long debate",
    )
    assert extract(page, _URL).headline == "Budget approved after long debate"


@pytest.mark.parametrize(
    "based_on",
    [
        '"https://wire.example.org/s/1"',
        '{"@type": "NewsArticle", "url": "https://wire.example.org/s/1"}',
        '{"@id": "https://wire.example.org/s/1"}',
        '["https://wire.example.org/s/1"]',
    ],
)
def test_jsonld_is_based_on_is_read(based_on: str) -> None:
    ld = f'{{"@type": "NewsArticle", "headline": "Council passes budget", "isBasedOn": {based_on}}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    article = extract(_page(head=head), _URL)
    assert article.is_based_on == "https://wire.example.org/s/1"
    assert article.provenance["is_based_on"] == "json-ld"


def test_a_canonical_on_another_site_is_the_original_it_copies() -> None:
    head = "<link rel='canonical' href='https://wire.example.org/s/1'>"
    article = extract(_page(head=head), _URL)
    assert article.is_based_on == "https://wire.example.org/s/1"
    # extract reports the page's declaration; storage keeps the copy under its own URL.
    assert article.canonical_url == "https://wire.example.org/s/1"
    same_site = extract(_page(head="<link rel='canonical' href='https://example.com/n/1'>"), _URL)
    assert same_site.is_based_on is None


@pytest.mark.parametrize(
    ("html", "kwargs", "named"),
    [
        (None, {}, "html"),
        (12, {}, "html"),
        (memoryview(b"<p>x</p>"), {}, "html"),
        ("<p>x</p>", {"fetched_at": "2024-05-04"}, "fetched_at"),
        ("<p>x</p>", {"local_zone": "Europe/Berlin"}, "local_zone"),
        ("<p>x</p>", {"selectors": {"body": "div.text"}}, "selectors"),
        ("<p>x</p>", {"hints": {"title": "x"}}, "hints"),
        ("<p>x</p>", {"transport_charset": b"utf-8"}, "transport_charset"),
        ("<p>x</p>", {"source": 5}, "source"),  # QA api-51: AttributeError after the parse
    ],
)
def test_an_argument_of_the_wrong_type_is_one_type_error_naming_it(
    html: Any, kwargs: dict[str, Any], named: str
) -> None:
    with pytest.raises(TypeError, match=rf"^extract\(\): {named} must be "):
        extract(html, _URL, **kwargs)


def test_arguments_of_the_right_types_still_read() -> None:
    from zoneinfo import ZoneInfo

    article = extract(
        _page().encode(),
        _URL,
        fetched_at=datetime(2024, 5, 4, tzinfo=UTC),
        local_zone=ZoneInfo("Europe/Berlin"),
        transport_charset="utf-8",
    )
    assert article.headline == "Council passes budget"


@pytest.mark.parametrize("url", ["", "/a/b", "javascript:x"])
def test_a_url_that_is_no_web_address_is_deprecated_and_still_returned(url: str) -> None:
    """The CLI refuses such a --url; a library caller (often passing "") is warned that a
    future version raises ValueError, and gets what it always got (docs/parser.md,
    "Deprecations")."""
    with pytest.warns(DeprecationWarning) as said:
        article = extract(_page(), url)
    (warning,) = said
    assert str(warning.message) == (
        f"extract(): url {url!r} is no absolute http(s) URL: it is returned as the "
        "canonical_url as given; a future version will raise ValueError"
    )
    assert warning.filename == __file__  # the caller's line, not the parser's
    assert (article.url, article.canonical_url) == (url, url)
    assert article.headline == "Council passes budget"


def test_a_web_address_is_no_deprecation() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        article = extract(_page(), "https://x.org/a")
    assert article.canonical_url == "https://x.org/a"


def test_extraction_error_is_exported_where_the_docs_say() -> None:
    from aggregator import ExtractionError
    from aggregator.parser import ExtractionError as in_parser

    assert ExtractionError is in_parser


_FEED_ITEMS = "".join(
    f"<item><title>Story {i} about the council budget</title><link>http://example.com/{i}"
    f"</link><description>Desc {i} of a story about the budget vote.</description></item>"
    for i in range(5)
)


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        (
            f'<?xml version="1.0"?><rss version="2.0"><channel>{_FEED_ITEMS}</channel></rss>',
            "an RSS feed",
        ),
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<!-- generated -->\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Story</title></entry></feed>',
            "an Atom feed",
        ),
        (
            '{"title": "Council passes budget", "body": "The council voted today."}',
            "a JSON document",
        ),
        ('[{"title": "Council passes budget"}]', "a JSON document"),
    ],
)
def test_a_feed_or_json_document_is_no_article(document: str, kind: str) -> None:
    for given in (document, document.encode()):
        article = extract(given, _URL)
        assert article.body == []
        assert article.provenance["body"] == f"not an HTML page ({kind})"


def test_a_page_that_starts_like_json_but_is_none_is_still_read() -> None:
    article = extract("[Update] " + _page(), _URL)
    assert len(article.body) == 6


def test_a_blogs_name_in_the_h1_is_no_head_to_cut_a_long_title_at() -> None:
    # A blog's h1 is its name and its <title> "name - post title": the post's title,
    # longer than a site's name, is no site part to cut off.
    page = _page(
        h1="Pine Notes",
        title="Pine Notes - Why the council's new budget leaves the river bridge unfunded",
    )
    headline = extract(page, _URL).headline
    assert headline == "Why the council's new budget leaves the river bridge unfunded"


_LD = (
    '{"@type": "NewsArticle", "datePublished": "2026-11-03T10:00:00+01:00", '
    '"author": {"@type": "Person", "name": "Jane Roe"}}'
)


@pytest.mark.parametrize(
    "script",
    [
        _LD,
        f"<!--{_LD}-->",
        f"//<![CDATA[\n{_LD}\n//]]>",
        f"/* <![CDATA[ */\n{_LD}\n/* ]]> */",
        f"<![CDATA[{_LD}]]>",
    ],
)
def test_json_ld_in_an_xhtml_cdata_section_is_read(script: str) -> None:
    """QA api-51: XHTML templates wrap inline scripts in CDATA; the whole JSON-LD rung
    was skipped (authors and dates lost)."""
    html = (
        f'<html><head><title>Bridge</title><script type="application/ld+json">{script}'
        "</script></head><body><article><h1>Bridge reopens after repairs</h1><p>The bridge "
        "reopened on Monday after six weeks of repairs to its deck and railings.</p>"
        "</article></body></html>"
    )
    article = extract(html, _URL)
    assert article.authors == ["Jane Roe"]
    assert article.published_at == datetime(2026, 11, 3, 9, tzinfo=UTC)
