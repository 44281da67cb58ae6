"""Dates in shapes news sites print and no development page has (round 13's review):
month names and digits of more languages and scripts, clocks, relative stamps.

Every page goes through ``aggregator.extract``; each table holds the shapes a step
must change (they fail on the code before it) and the ones it must leave alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import utc

from aggregator import extract
from aggregator.parser.dates import parse_date
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
_TEXT = "<p>The council voted on Tuesday to approve a budget after months of talks.</p>" * 4


def _page(meta_line: str, lang: str = "en") -> str:
    """A news page: a site header with today's date, the article, a footer's copyright."""
    return (
        f'<html lang="{lang}"><head><title>Budget</title></head><body>'
        '<header class="site-header"><div class="topbar">Saturday, 5 December 2026</div>'
        '<nav><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a></nav>'
        "</header><main><article><h1>Council approves transport budget</h1>"
        f'<div class="byline">{meta_line}</div>{_TEXT}</article></main>'
        "<footer><p>© 2026 Gazette Media</p></footer></body></html>"
    )


def _extract(html: str, url: str = "https://www.gazette.com/news/budget") -> Article:
    return extract(html, url, fetched_at=FETCHED)


def _dated(text: str) -> str:
    return f'<span class="date">{text}</span>'


# --- 1. month names and digits of more languages and scripts ------------------------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        # Genitive month names, with the clock the htmldate fallback did not keep.
        ("Иван Петров, 4 декабря 2026, 14:05", "ru", utc(2026, 12, 4, 14, 5)),
        ("4 грудня 2026, 14:05", "uk", utc(2026, 12, 4, 14, 5)),
        ("4. prosince 2026 14:05", "cs", utc(2026, 12, 4, 14, 5)),
        ("4. prosinca 2026. u 14:05", "hr", utc(2026, 12, 4, 14, 5)),
        ("Publisert 4. desember 2026 kl. 14.05", "nb", utc(2026, 12, 4, 14, 5)),
        ("4. joulukuuta 2026 klo 14.05", "fi", utc(2026, 12, 4, 14, 5)),
        ("4 decembrie 2026, 14:05", "ro", utc(2026, 12, 4, 14, 5)),
        ("4 de desembre de 2026, 14:05", "ca", utc(2026, 12, 4, 14, 5)),
        ("04 Δεκ 2026, 14:05", "el", utc(2026, 12, 4, 14, 5)),
        ("4 ΔΕΚΕΜΒΡΙΟΥ 2026, 14:05", "el", utc(2026, 12, 4, 14, 5)),
        ("Kamis, 4 Desember 2026 14:05 WIB", "id", utc(2026, 12, 4, 7, 5)),
        ("4 Ogos 2026 14:05", "ms", utc(2026, 8, 4, 14, 5)),
        ("दिसंबर 4, 2026 14:05 IST", "hi", utc(2026, 12, 4, 8, 35)),
        ("الجمعة 4 ديسمبر 2026 14:05", "ar", utc(2026, 12, 4, 14, 5)),
        ("4 בדצמבר 2026 14:05", "he", utc(2026, 12, 4, 14, 5)),
        # Digits of other scripts, read as the page's day order says.
        ("٠٤/١٢/٢٠٢٦", "ar", utc(2026, 12, 4)),
        ("৪ ডিসেম্বর ২০২৬, ১৪:০৫", "bn", utc(2026, 12, 4, 14, 5)),
    ],
)
def test_month_names_and_digits_of_more_scripts(
    printed: str, lang: str, expected: datetime
) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        # Shapes read before, read the same.
        ("4. Dezember 2026, 14:05 Uhr", "de", utc(2026, 12, 4, 14, 5)),
        ("4 de diciembre de 2026", "es", utc(2026, 12, 4)),
        ("4 grudnia 2026", "pl", utc(2026, 12, 4)),
        ("4 Aralık 2026", "tr", utc(2026, 12, 4)),
        # Polish and Ukrainian "listopada" is November; Croatian's October is left out.
        ("4 listopada 2026", "pl", utc(2026, 11, 4)),
        # A Persian calendar's year is no year of ours: no date, not a wrong one.
        ("۱۴ آذر ۱۴۰۵", "fa", None),
    ],
)
def test_month_names_it_must_leave(printed: str, lang: str, expected: datetime | None) -> None:
    html = _page(_dated(printed), lang).replace("Saturday, 5 December 2026", "")
    assert _extract(html).published_at == expected


def test_parse_date_reads_full_width_and_arabic_indic_digits() -> None:
    assert parse_date("２０２６年１２月４日", fetched_at=FETCHED) == utc(2026, 12, 4)
    assert parse_date("٤ ديسمبر ٢٠٢٦", fetched_at=FETCHED) == utc(2026, 12, 4)


# --- 2. clocks Chinese, Japanese and Korean write in words --------------------------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        # Japanese pages take +09:00 (dates.zones.LANGUAGE_ZONES).
        ("2026年12月4日 14時05分", "ja", utc(2026, 12, 4, 5, 5)),
        ("2026年12月04日 09時00分", "ja", utc(2026, 12, 4, 0, 0)),
        ("2026年12月4日 14时05分", "zh", utc(2026, 12, 4, 14, 5)),
        ("2026년 12월 4일 14시 05분", "ko", utc(2026, 12, 4, 14, 5)),
    ],
)
def test_clocks_written_in_words(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("2026年12月4日 14:05", "ja", utc(2026, 12, 4, 5, 5)),
        ("2026年12月4日", "ja", utc(2026, 12, 3, 15, 0)),
        # A number of hours is no clock: "5時間前" is "5 hours ago".
        ("2026年12月4日 5時間前", "zh", utc(2026, 12, 4)),
    ],
)
def test_cjk_dates_it_must_leave(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


# --- 3. an hour without its minutes -------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("Dec. 4, 2026, 4 p.m. ET", "en-US", utc(2026, 12, 4, 21)),
        ("December 4, 2026 at 9am", "en-US", utc(2026, 12, 4, 9)),
        ("December 4, 2026, 12 p.m.", "en-US", utc(2026, 12, 4, 12)),
        ("4. Dezember 2026, 14 Uhr", "de", utc(2026, 12, 4, 14)),
    ],
)
def test_an_hour_that_am_pm_or_uhr_marks(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Dec. 4, 2026 4:05 p.m. ET", utc(2026, 12, 4, 21, 5)),
        # A number before a word that opens with "am" is no hour; nor a reading time.
        ("December 4, 2026 · 4 amendments", utc(2026, 12, 4)),
        ("December 4, 2026 · 5 min read", utc(2026, 12, 4)),
    ],
)
def test_hours_it_must_leave(printed: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), "en-US")).published_at == expected


# --- 4. relative stamps in more languages, and "yesterday" with its clock -----------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("3 ore fa", "it", utc(2026, 12, 5, 6)),
        ("3 uur geleden", "nl", utc(2026, 12, 5, 6)),
        ("3 часа назад", "ru", utc(2026, 12, 5, 6)),
        ("2 години тому", "uk", utc(2026, 12, 5, 7)),
        ("2 godziny temu", "pl", utc(2026, 12, 5, 7)),
        ("3 saat önce", "tr", utc(2026, 12, 5, 6)),
        ("3 jam yang lalu", "id", utc(2026, 12, 5, 6)),
        ("5 timer siden", "da", utc(2026, 12, 5, 4)),
        ("för 3 timmar sedan", "sv", utc(2026, 12, 5, 6)),
        ("há 3 horas", "pt", utc(2026, 12, 5, 6)),
        # The day a word names, at the clock written after it.
        ("Yesterday at 4:05 PM", "en", utc(2026, 12, 4, 16, 5)),
        ("gestern, 14:05 Uhr", "de", utc(2026, 12, 4, 14, 5)),
        ("Heute, 08:12 Uhr", "de", utc(2026, 12, 5, 8, 12)),
    ],
)
def test_relative_stamps_of_more_languages(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        ('<span class="date">3 hours ago</span>', utc(2026, 12, 5, 6)),
        ('<span class="date">yesterday</span>', utc(2026, 12, 4, 9)),
        # A machine date beside the relative one wins.
        ('<time datetime="2026-12-04T14:05:00+01:00">19 hours ago</time>', utc(2026, 12, 4, 13, 5)),
        # A number and a word that is no unit, before a suffix's letters, is no stamp.
        ('<span class="date">3 fans ago</span>', None),
    ],
)
def test_relative_stamps_it_must_leave(meta_line: str, expected: datetime | None) -> None:
    html = _page(meta_line).replace("Saturday, 5 December 2026", "")
    assert _extract(html).published_at == expected


# --- 5. slashed dates with a two-digit year -------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("12/04/26", "en-US", utc(2026, 12, 4)),
        ("12/04/26 10:05 AM", "en-US", utc(2026, 12, 4, 10, 5)),
        ("Posted 04/12/26 at 10:05", "en-GB", utc(2026, 12, 4, 10, 5)),
        # Read one way only: the 25th is no month.
        ("12/25/25", "en-GB", utc(2025, 12, 25)),
    ],
)
def test_two_digit_years_after_slashes(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("Do 04.12.26 | 14:07 Uhr", "de", utc(2026, 12, 4, 14, 7)),
        # Four-digit years as before.
        ("12/04/2026", "en-US", utc(2026, 12, 4)),
    ],
)
def test_two_digit_years_it_must_leave(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


# --- 6. the date a byline block prints in its own text ------------------------------------


def _byline_page(byline: str, lang: str = "en-US", cls: str = "byline") -> str:
    return _page("", lang).replace('<div class="byline"></div>', f'<p class="{cls}">{byline}</p>')


@pytest.mark.parametrize(
    ("byline", "lang", "cls", "expected"),
    [
        (
            "By Jane Smith | Posted Dec. 4, 2026, 4:05 p.m. ET",
            "en-US",
            "byline",
            utc(2026, 12, 4, 21, 5),
        ),
        (
            "By Jane Smith Dec. 4, 2026 4:05 p.m.",
            "en-US",
            "article-byline",
            utc(2026, 12, 4, 16, 5),
        ),
        ("Por Ana Ruiz | 4 de diciembre de 2026, 14:05", "es", "byline", utc(2026, 12, 4, 14, 5)),
        ("Jan Kowalski, 4 grudnia 2026, 14:05", "pl", "autor", utc(2026, 12, 4, 14, 5)),
        ("von lupa am 04/12/26, 03:48 pm", "de", "author", utc(2026, 12, 4, 15, 48)),
        (
            'By <a href="/author/jane">Jane Smith</a> 4 December 2026, 14:05',
            "en-GB",
            "byline",
            utc(2026, 12, 4, 14, 5),
        ),
        # The publication, not the update beside it.
        (
            "By Jane Smith | Published Dec. 4, 2026 | Updated Dec. 5, 2026",
            "en-US",
            "byline",
            utc(2026, 12, 4),
        ),
    ],
)
def test_a_byline_s_own_date(byline: str, lang: str, cls: str, expected: datetime) -> None:
    assert _extract(_byline_page(byline, lang, cls)).published_at == expected


@pytest.mark.parametrize(
    ("byline", "cls", "expected"),
    [
        # An update a class marks is no publication the byline reads, in its text or not:
        # the page's one date, it dates the page as its update (stop 47; None before).
        (
            'By Jane Smith <span class="updated">Dec. 4, 2026 4:05 p.m.</span>',
            "byline",
            utc(2026, 12, 4, 16, 5),
        ),
        ("By Jane Smith | Updated Dec. 4, 2026 4:05 p.m.", "byline", utc(2026, 12, 4, 16, 5)),
        # A date-classed element in the byline is read as before (the time's own day).
        ('By Jane Smith <span class="date">Dec. 3, 2026</span>', "byline", utc(2026, 12, 3)),
    ],
)
def test_byline_dates_it_must_leave(byline: str, cls: str, expected: datetime | None) -> None:
    html = _byline_page(byline, "en-US", cls).replace("Saturday, 5 December 2026", "")
    assert _extract(html).published_at == expected


# --- 7. a stamp for machines beside a relative or partial printed date --------------------


@pytest.mark.parametrize(
    ("meta_line", "lang", "expected"),
    [
        # 1796392800 is 2026-12-04T14:00:00Z, in seconds or milliseconds.
        (
            '<span class="byline__time" data-timestamp="1796392800">4 hours ago</span>',
            "en",
            utc(2026, 12, 4, 14),
        ),
        (
            '<span class="date" data-timestamp="1796392800000">Dec 4</span>',
            "en",
            utc(2026, 12, 4, 14),
        ),
        ('<span data-time="1796392800">19 hours ago</span>', "en", utc(2026, 12, 4, 14)),
        (
            '<span class="date" title="2026-12-04T14:05:00Z">19 hours ago</span>',
            "en",
            utc(2026, 12, 4, 14, 5),
        ),
        # Epoch seconds are UTC: a Japanese page's +09:00 does not move them.
        (
            '<span class="date" data-timestamp="1796392800">4時間前</span>',
            "ja",
            utc(2026, 12, 4, 14),
        ),
    ],
)
def test_a_machine_stamp_beside_a_relative_date(
    meta_line: str, lang: str, expected: datetime
) -> None:
    assert _extract(_page(meta_line, lang)).published_at == expected


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        # What the page prints in full wins over a tooltip.
        (
            '<span class="date" title="2026-12-01T10:00:00Z">3 December 2026</span>',
            utc(2026, 12, 3),
        ),
        # An element that prints nothing is no date the page shows with the article.
        ('<span data-time="1796392800"></span>', None),
        # A number of seconds that is no moment: a video's length.
        ('<span class="date" data-time="125">3 hours ago</span>', utc(2026, 12, 5, 6)),
    ],
)
def test_machine_stamps_it_must_leave(meta_line: str, expected: datetime | None) -> None:
    html = _page(meta_line).replace("Saturday, 5 December 2026", "")
    assert _extract(html).published_at == expected


# --- 8. a CMS's clock without an offset, printed with its zone ------------------------------


def _head_page(head: str, printed: str, lang: str) -> str:
    return _page(_dated(printed), lang).replace("<title>", f"{head}<title>")


_LD_NAIVE = (
    '<script type="application/ld+json">'
    '{"@type":"NewsArticle","datePublished":"2026-12-04T14:05:00"}</script>'
)
_META_NAIVE = '<meta property="article:published_time" content="2026-12-04T14:05:00">'


@pytest.mark.parametrize(
    ("head", "printed", "lang", "expected"),
    [
        (_LD_NAIVE, "Dec. 4, 2026 2:05 p.m. ET", "en-US", utc(2026, 12, 4, 19, 5)),
        (_META_NAIVE, "4. Dezember 2026, 14:05 Uhr MEZ", "de", utc(2026, 12, 4, 13, 5)),
        (_META_NAIVE, "4 December 2026 14:05 IST", "en-IN", utc(2026, 12, 4, 8, 35)),
    ],
)
def test_a_naive_stamp_takes_the_zone_its_clock_is_printed_in(
    head: str, printed: str, lang: str, expected: datetime
) -> None:
    art = _extract(_head_page(head, printed, lang))
    assert art.published_at == expected


@pytest.mark.parametrize(
    ("head", "printed", "lang", "expected"),
    [
        # Another clock, or a day alone, says nothing of the stamp's zone.
        (_LD_NAIVE, "Dec. 4, 2026 4:05 p.m. ET", "en-US", utc(2026, 12, 4, 14, 5)),
        (_META_NAIVE, "4. Dezember 2026", "de", utc(2026, 12, 4, 14, 5)),
        # A stamp that claims UTC beside the same clock printed with a zone stays UTC
        # (a CMS labels its UTC clock with the local zone as often: round 10).
        (
            '<meta property="article:published_time" content="2026-12-04T14:05:00Z">',
            "4. Dezember 2026, 14:05 Uhr MEZ",
            "de",
            utc(2026, 12, 4, 14, 5),
        ),
    ],
)
def test_naive_stamps_it_must_leave(head: str, printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_head_page(head, printed, lang)).published_at == expected


# --- 9. htmldate's day in the page's day order ---------------------------------------------


def _unclassed_line_page(line: str, lang: str, article: bool = True) -> str:
    html = _page("", lang).replace('<div class="byline"></div>', f"<p>{line}</p>")
    html = html.replace("Saturday, 5 December 2026", "")
    if not article:
        html = html.replace("<article>", "<div class='story'>").replace("</article>", "</div>")
    return html


@pytest.mark.parametrize("article", [True, False])
@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        ("By Jane Smith, 12/04/2026", "en-US", utc(2026, 12, 4)),
        ("By Jane Smith, 12/03/2026", "en", utc(2026, 12, 3)),
    ],
)
def test_htmldate_s_day_as_a_month_first_page_writes_it(
    line: str, lang: str, expected: datetime, article: bool
) -> None:
    assert _extract(_unclassed_line_page(line, lang, article)).published_at == expected


@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        # Day-first pages, as htmldate reads them.
        ("By Jane Smith, 04/12/2026", "en-GB", utc(2026, 12, 4)),
        ("Von Jana Freitag, 04/12/2026", "de", utc(2026, 12, 4)),
    ],
)
def test_htmldate_days_it_must_leave(line: str, lang: str, expected: datetime) -> None:
    assert _extract(_unclassed_line_page(line, lang)).published_at == expected


# --- 10. morning and afternoon words of Korean, Japanese, Chinese and Arabic ----------------


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("입력 2026.12.04 오후 2:05", "ko", utc(2026, 12, 4, 14, 5)),
        ("2026.12.04 오전 12:05", "ko", utc(2026, 12, 4, 0, 5)),
        ("2026年12月4日 午後2時05分", "ja", utc(2026, 12, 4, 5, 5)),  # +09:00
        ("2026年12月4日 下午2:05", "zh", utc(2026, 12, 4, 14, 5)),
        ("الجمعة 4 ديسمبر 2026 2:05 م", "ar", utc(2026, 12, 4, 14, 5)),
    ],
)
def test_morning_and_afternoon_words(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected


@pytest.mark.parametrize(
    ("printed", "lang", "expected"),
    [
        ("입력 2026.12.04 오전 11:05", "ko", utc(2026, 12, 4, 11, 5)),
        ("2026년 12월 4일 오후 12:30", "ko", utc(2026, 12, 4, 12, 30)),
        ("4 ديسمبر 2026 10:05 ص", "ar", utc(2026, 12, 4, 10, 5)),
        # A word after the clock that opens with the letter is no afternoon.
        ("4 ديسمبر 2026 10:05 مصر", "ar", utc(2026, 12, 4, 10, 5)),
    ],
)
def test_halves_of_the_day_it_must_leave(printed: str, lang: str, expected: datetime) -> None:
    assert _extract(_page(_dated(printed), lang)).published_at == expected
