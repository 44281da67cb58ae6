"""Hungarian dates (round 15): the year first, each number closed by a dot ("2026.
december 4. 14:05"), Hungarian month names and abbreviations, and its update label
("Frissítve"). Before, no rule and not htmldate read them: such a page had no date.

Every page goes through ``aggregator.extract``: the shapes that must change (no date or
no update before) and the ones that must be left.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import utc

from aggregator import extract
from aggregator.parser.dates import parse_local
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
_TEXT = (
    "<p>A képviselő-testület kedden elfogadta a jövő évi költségvetést, hosszú vita után "
    "a villamosvonal és a régi híd felújításának költségeiről.</p>"
) * 4


def _page(meta_line: str) -> str:
    """A Hungarian news page: a site header with today's date, the article, a footer."""
    return (
        '<html lang="hu"><head><title>Költségvetés</title></head><body>'
        '<header class="site-header"><div class="topbar">2026. december 5., szombat</div>'
        '<nav><a href="/">Címlap</a><a href="/belfold">Belföld</a><a href="/sport">Sport</a>'
        "</nav></header><main><article><h1>Elfogadták a város költségvetését</h1>"
        f"{meta_line}{_TEXT}</article></main>"
        "<footer><p>© 2026 Hírek Kiadó</p></footer></body></html>"
    )


def _extract(html: str) -> Article:
    return extract(html, "https://hirek.example.hu/belfold/koltsegvetes", fetched_at=FETCHED)


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        ('<span class="date">2026. december 4. 14:05</span>', utc(2026, 12, 4, 14, 5)),
        ('<span class="date">2026. dec. 4., péntek 14:05</span>', utc(2026, 12, 4, 14, 5)),
        ("<time>2026. márc. 3. 9:15</time>", utc(2026, 3, 3, 9, 15)),
        ('<p class="byline">Kovács Anna | 2026. május 12. 08:05</p>', utc(2026, 5, 12, 8, 5)),
        ('<span class="date">2026. szept. 30. 7:30</span>', utc(2026, 9, 30, 7, 30)),
    ],
)
def test_hungarian_year_first_dates(meta_line: str, expected: datetime) -> None:
    assert _extract(_page(meta_line)).published_at == expected


def test_hungarian_update_label() -> None:
    meta = (
        '<div class="meta"><span class="date">2026. december 4. 14:05</span> '
        '<span class="date">Frissítve: 2026. december 5. 09:15</span></div>'
    )
    article = _extract(_page(meta))
    assert (article.published_at, article.updated_at) == (
        utc(2026, 12, 4, 14, 5),
        utc(2026, 12, 5, 9, 15),
    )


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        # No date of the article: the header's "today" (year first too) is not read.
        ('<p class="byline">Kovács Anna</p>', None),
    ],
)
def test_hungarian_pages_without_a_publication(meta_line: str, expected: None) -> None:
    assert _extract(_page(meta_line)).published_at is expected


def test_a_hungarian_page_printing_only_its_update_is_dated_by_it() -> None:
    # Before stop 47 no publication: the update alone was the page's updated_at.
    article = _extract(_page('<span class="date">Frissítve: 2026. december 5. 09:15</span>'))
    assert (article.published_at, article.updated_at) == (utc(2026, 12, 5, 9, 15), None)
    assert article.provenance["published_at"] == "printed-update"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A year and a word that is no month, then a number: a sentence, no date.
        ("Founded in 1998. Chapter 3. Results", None),
        # Day-first and month-first dates read as before.
        ("5. Dezember 2026", datetime(2026, 12, 5, tzinfo=UTC)),
        ("December 5, 2026", datetime(2026, 12, 5, tzinfo=UTC)),
        ("2026.12.05. 14:04", datetime(2026, 12, 5, 14, 4, tzinfo=UTC)),
    ],
)
def test_year_first_text_needs_a_month(text: str, expected: datetime | None) -> None:
    assert parse_local(text) == expected


@pytest.mark.parametrize(
    ("url", "lang", "line", "published", "updated"),
    [
        # The review of round 15's probes, each left as it was.
        (
            "https://index.hu/belfold/x/",
            "hu",
            "<p>A 2026. évi XII. törvény és a 2026. évi költségvetés</p>",
            None,
            None,
        ),
        (
            "https://index.hu/belfold/x/",
            "hu",
            "<p>A 2025. évi C. törvény 2026. jan. 1-jén lép hatályba.</p>",
            None,
            None,
        ),
        ("https://index.hu/belfold/x/", "hu", "<p>Határidő: 2026. március 15.</p>", None, None),
        (
            "https://index.hu/belfold/x/",
            "hu",
            '<p class="d">2026. márc. 5.</p>',
            utc(2026, 3, 5),
            None,
        ),
        (
            "https://index.hu/belfold/x/",
            "hu",
            '<div class="d">2026. szept. 5. 9:04</div>',
            utc(2026, 9, 5, 9, 4),
            None,
        ),
        (
            "https://index.hu/belfold/x/",
            "hu",
            '<div class="d">2026. december 4. 10:00</div>'
            '<div class="u">Frissítve: 2026. december 5. 14:05</div>',
            utc(2026, 12, 4, 10, 0),
            utc(2026, 12, 5, 14, 5),
        ),
        (
            "https://www.yna.co.kr/view/AKR20261205000100001",
            "ko",
            '<div class="d">2026. 12. 05. 14:04</div>',
            utc(2026, 12, 5),
            None,
        ),
        (
            "https://news.example.cn/a/123",
            "zh",
            '<div class="d">2026.12.05 14:04</div>',
            utc(2026, 12, 5, 14, 4),
            None,
        ),
        (
            "https://www.gazette.com/politics/plan",
            "en",
            "<p>The plan runs to 2026. May 4. was the vote.</p>",
            None,
            None,
        ),
        (
            "https://www.gazette.com/tech/release",
            "en",
            '<p class="v">Release 2026. Mar 3. build</p>',
            None,
            None,
        ),
    ],
)
def test_year_first_shapes_the_review_left_as_they_were(
    url: str, lang: str, line: str, published: datetime | None, updated: datetime | None
) -> None:
    html = (
        f'<html lang="{lang}"><head><title>Költségvetés</title></head><body><main><article>'
        f"<h1>Elfogadták a költségvetést</h1>{line}{_TEXT}</article></main></body></html>"
    )
    # Fetched the next day, as the review's probes were.
    article = extract(html, url, fetched_at=utc(2026, 12, 6))
    assert (article.published_at, article.updated_at) == (published, updated)


def test_a_footers_copyright_and_update_give_no_date() -> None:
    html = (
        '<html lang="hu"><head><title>Költségvetés</title></head><body><main><article>'
        f"<h1>Elfogadták a költségvetést</h1>{_TEXT}</article></main><footer><p>© 2026. "
        "Minden jog fenntartva. Frissítve: 2026. jan. 3.</p></footer></body></html>"
    )
    article = extract(html, "https://index.hu/belfold/x/", fetched_at=FETCHED)
    assert (article.published_at, article.updated_at) == (None, None)
