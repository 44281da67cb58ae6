"""Dates on shapes common on news sites that no development page has (round 12's review):
the page's day order, time zones, several JSON-LD articles, update stamps."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime, timedelta

import pytest
from conftest import utc

from aggregator.parser import extract
from aggregator.parser.dates import parse_date, parse_local
from aggregator.schema import Article

FETCHED = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
_TEXT = "<p>The council voted on Tuesday to approve a budget after months of talks.</p>" * 4


def _page(meta_line: str, lang: str = "en", head: str = "") -> str:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><article>'
        f"<h1>Council approves transport budget</h1>{meta_line}{_TEXT}</article></body></html>"
    )


def _extract(html: str, url: str = "https://www.gazette.com/news/budget") -> Article:
    return extract(html, url, fetched_at=FETCHED)


# --- 1. slashed dates the way the page writes them --------------------------------------


@pytest.mark.parametrize(
    ("lang", "url", "expected"),
    [
        ("en-GB", "https://www.gazette.com/news/budget", utc(2024, 5, 3)),
        ("en-IN", "https://www.gazette.com/news/budget", utc(2024, 5, 3)),
        ("de", "https://www.gazette.com/news/budget", utc(2024, 5, 3)),
        ("pt-BR", "https://www.gazette.com/news/budget", utc(2024, 5, 3)),
        # "en" names no region: a later tag may (og:locale below), else the domain.
        ("en", "https://www.gazette.co.uk/news/budget", utc(2024, 5, 3)),
        ("en", "https://www.gazette.com.au/news/budget", utc(2024, 5, 3)),
        # WordPress's default en-US yields to a day-first domain.
        ("en-US", "https://www.gazette.in/news/budget", utc(2024, 5, 3)),
        # Left as they were: en-US, or "en" on a .com, month first.
        ("en-US", "https://www.gazette.com/news/budget", utc(2024, 3, 5)),
        ("en", "https://www.gazette.com/news/budget", utc(2024, 3, 5)),
        ("zh", "https://www.gazette.com/news/budget", utc(2024, 3, 5)),
    ],
)
def test_a_slashed_date_is_read_the_way_the_page_writes_dates(
    lang: str, url: str, expected: datetime
) -> None:
    art = _extract(_page('<span class="date">03/05/2024</span>', lang), url)
    assert art.published_at == expected


def test_og_locale_names_the_region_a_bare_en_does_not() -> None:
    head = '<meta property="og:locale" content="en_GB">'
    art = _extract(_page('<span class="date">03/05/2024</span>', "en", head))
    assert art.published_at == utc(2024, 5, 3)


@pytest.mark.parametrize("lang", ["en-GB", "en-US"])
def test_a_date_that_can_be_read_one_way_only_is_read_as_written(lang: str) -> None:
    art = _extract(_page('<span class="date">12/25/2023 10:05</span>', lang))
    assert art.published_at == utc(2023, 12, 25, 10, 5)
    art = _extract(_page('<span class="date">25/12/2023</span>', lang))
    assert art.published_at == utc(2023, 12, 25)


def test_a_time_element_s_slashed_datetime_follows_the_page() -> None:
    html = _page('<time datetime="03/05/2024">3 May 2024</time>', "en-GB")
    assert _extract(html).published_at == utc(2024, 5, 3)


def test_a_day_first_update_stamp_beside_the_publication() -> None:
    head = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"datePublished":"2024-05-03T10:05:00Z"}</script>'
    )
    html = _page('<p class="date">Actualizado: 04/05/2024 08:00</p>', "es", head)
    art = _extract(html, "https://www.diario.es/politica/presupuesto")
    # The page prints its update alone: the update, read day first, dates it (stop 47;
    # before, published_at was the JSON-LD's 3 May and updated_at this 4 May).
    assert (art.published_at, art.updated_at) == (utc(2024, 5, 4, 8), None)


def test_a_meta_tag_s_slashed_stamp_stays_month_first() -> None:
    # A CMS writes its stamps in its software's order, whatever the page's language.
    head = '<meta name="date" content="03/05/2024">'
    art = _extract(_page("", "en-GB", head))
    assert art.published_at == utc(2024, 3, 5)


def test_parse_date_reads_slashes_month_first_unless_told() -> None:
    assert parse_date("03/05/2024", fetched_at=FETCHED) == utc(2024, 3, 5)
    assert parse_date("03/05/2024", fetched_at=FETCHED, dayfirst=True) == utc(2024, 5, 3)
    assert parse_date("03.05.2024", fetched_at=FETCHED) == utc(2024, 5, 3)


# --- 2. time zones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # IST is India's on news pages, +05:30.
        ("3 May 2024 2:05 am IST", utc(2024, 5, 2, 20, 35)),
        ("Updated: May 3, 2024 10:05 hrs IST", utc(2024, 5, 3, 4, 35)),
        # Offsets written after GMT/UTC.
        ("3 May 2024 10:05 GMT+8", utc(2024, 5, 3, 2, 5)),
        ("3 May 2024 10:05 (GMT+07:00)", utc(2024, 5, 3, 3, 5)),
        ("3 May 2024 10:05 UTC+5:30", utc(2024, 5, 3, 4, 35)),
        ("3 May 2024 10:05 GMT-3", utc(2024, 5, 3, 13, 5)),
        # A zone whose first letter is an h ("Uhr", "h" are no longer read in it).
        ("3 May 2024 10:05 HKT", utc(2024, 5, 3, 2, 5)),
        ("3 May 2024 10:05 HST", utc(2024, 5, 3, 20, 5)),
        ("Published: 10:05pm, 3 May 2024 HKT", utc(2024, 5, 3, 14, 5)),
        # After a weekday, where email.utils reads any zone but the US ones as UTC.
        ("Sat 4 May 2024 00.30 BST", utc(2024, 5, 3, 23, 30)),
        ("Fri, 03 May 2024 22:05 CEST", utc(2024, 5, 3, 20, 5)),
        # US zones without saying whether summer time is on: the offset for the date.
        ("May 3, 2024 10:05 pm ET", utc(2024, 5, 4, 2, 5)),
        ("Jan 3, 2024 10:05 pm ET", utc(2024, 1, 4, 3, 5)),
        ("May 3, 2024 10:05 PM PT", utc(2024, 5, 4, 5, 5)),
        ("May 3, 2024 10:05 PM CT", utc(2024, 5, 4, 3, 5)),
        ("March 10, 2024 1:30 am ET", utc(2024, 3, 10, 6, 30)),  # before 2:00, standard
        ("March 10, 2024 3:30 am ET", utc(2024, 3, 10, 7, 30)),
        ("October 30, 2006 10:00 am ET", utc(2006, 10, 30, 15)),  # the rule before 2007
        ("October 30, 2007 10:00 am ET", utc(2007, 10, 30, 14)),
    ],
)
def test_time_zones_news_pages_write(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Thu, 02 May 2024 20:53:56 GMT", utc(2024, 5, 2, 20, 53, 56)),
        ("May 2, 2024 8:53 PM EDT", utc(2024, 5, 3, 0, 53)),
        ("03.05.2024, 14:30 Uhr", utc(2024, 5, 3, 14, 30)),
        ("3 mai 2024 à 10h05", utc(2024, 5, 3, 10, 5)),
        # Words, not zones, in lower case: French "et", German "ist".
        ("3 mai 2024 à 10h05 et mis à jour", utc(2024, 5, 3, 10, 5)),
        ("3. Mai 2024, 14:30 Uhr ist", utc(2024, 5, 3, 14, 30)),
    ],
)
def test_what_names_no_zone_is_left_as_it_was(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


def test_a_printed_british_summer_time_after_a_weekday() -> None:
    art = _extract(_page('<span class="date">Sat 4 May 2024 00.30 BST</span>', "en-GB"))
    assert art.published_at == utc(2024, 5, 3, 23, 30)
    assert art.published_offset == 60


def test_a_printed_zone_matches_a_utc_moment_to_the_minute() -> None:
    # ladbible.com: the attribute keeps its seconds, the printed clock does not.
    time = '<time datetime="2021-07-11T21:00:51+00:00">22:00, 11 July 2021 BST</time>'
    art = _extract(_page(f"<p>Published {time}</p>", "en-GB"))
    assert art.published_at == utc(2021, 7, 11, 21, 0, 51)
    assert art.published_offset == 60
    # A moment printed in another minute is another writing: UTC stays.
    time = '<time datetime="2021-07-11T21:00:51+00:00">22:05, 11 July 2021 BST</time>'
    assert _extract(_page(f"<p>Published {time}</p>", "en-GB")).published_offset == 0


# --- 3. several Article objects in JSON-LD ------------------------------------------------


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


_RELATED = _ld(
    '{"@type":"NewsArticle","headline":"Fire breaks out at warehouse",'
    '"datePublished":"2024-05-01T09:00:00Z","author":{"@type":"Person","name":"Tom Rivers"},'
    '"url":"https://www.gazette.com/news/fire"}'
)


@pytest.mark.parametrize(
    "own_url",
    [
        '"url":"https://www.gazette.com/news/budget"',
        # Scheme, host's "www.", trailing slash, query and fragment set aside.
        '"url":"http://gazette.com/news/budget/?ref=home"',
        '"@id":"https://www.gazette.com/news/budget#article"',
        '"mainEntityOfPage":{"@type":"WebPage","@id":"https://www.gazette.com/news/budget"}',
        # The canonical names the page the JSON-LD names.
        '"url":"https://www.gazette.com/news/council-approves-budget"',
    ],
)
def test_the_article_object_that_names_this_page_describes_it(own_url: str) -> None:
    own = _ld(
        '{"@type":"NewsArticle","headline":"Council approves transport budget",'
        '"datePublished":"2024-05-03T10:05:00Z",'
        f'"author":{{"@type":"Person","name":"Jane Smith"}},{own_url}}}'
    )
    canonical = '<link rel="canonical" href="https://www.gazette.com/news/council-approves-budget">'
    art = _extract(_page("", head=_RELATED + own + canonical))
    assert art.published_at == utc(2024, 5, 3, 10, 5)
    assert art.authors == ["Jane Smith"]


def test_an_article_that_names_no_page_beats_one_that_names_another() -> None:
    own = _ld('{"@type":"Article","headline":"Council","datePublished":"2024-05-03T10:05:00Z"}')
    art = _extract(_page("", head=_RELATED + own))
    assert art.published_at == utc(2024, 5, 3, 10, 5)


def test_a_webpage_that_names_this_page_does_not_beat_the_article() -> None:
    # Yoast's graph: the WebPage always names the page; the Recipe or article may not.
    webpage = _ld(
        '{"@type":"WebPage","url":"https://www.gazette.com/news/budget",'
        '"datePublished":"2024-04-01T00:00:00Z"}'
    )
    own = _ld('{"@type":"NewsArticle","headline":"Council","datePublished":"2024-05-03T10:05:00Z"}')
    art = _extract(_page("", head=webpage + own))
    assert art.published_at == utc(2024, 5, 3, 10, 5)


def test_an_own_article_without_a_date_takes_none_from_another_page_s() -> None:
    own = _ld(
        '{"@type":"NewsArticle","headline":"Council","url":"https://www.gazette.com/news/budget"}'
    )
    art = _extract(_page("", head=_RELATED + own))
    assert art.published_at is None


# --- 4. update stamps -----------------------------------------------------------------------

_LD_3_MAY = _ld(
    '{"@type":"NewsArticle","headline":"Council","datePublished":"2024-05-03T10:00:00Z"}'
)
_T3 = '<time datetime="2024-05-03T10:00:00Z">3 May 2024</time>'
_T4 = '<time datetime="2024-05-04T10:00:00Z">4 May 2024</time>'


@pytest.mark.parametrize(
    "stamp",
    [
        # A label in an element of its own, or past a <br> or an icon.
        f'<div class="timestamp"><span>Updated</span> {_T4}</div>',
        f'<div class="timestamp"><strong>Updated:</strong> {_T4}</div>',
        f'<div class="timestamp">Updated<br>{_T4}</div>',
        f'<div class="timestamp"><span class="icon-clock"></span> Updated {_T4}</div>',
        '<p><span class="label">Updated</span> <span class="date">May 4, 2024</span></p>',
        # Labels the ^-anchored pattern missed, and other languages' labels.
        '<span class="date">Stand: 04.05.2024</span>',
        '<span class="date">Aktualizacja: 04.05.2024</span>',
        '<span class="date">Güncelleme: 04.05.2024</span>',
        '<span class="date">Ažurirano: 04.05.2024</span>',
        '<span class="date">Oppdatert 04.05.2024</span>',
        '<span class="date">Uppdaterad 2024-05-04</span>',
        '<span class="modified">4 May 2024</span>',
        # Plain text, no class.
        "<p>Last updated: 4 May 2024</p>",
    ],
)
def test_an_update_stamp_printed_alone_dates_the_page(stamp: str) -> None:
    # Before stop 47 the update fed updated_at, never published_at (the JSON-LD's 3 May
    # stayed): a page printing only its update is now dated by it, the metadata's
    # earlier publication set aside, no later update beside it.
    art = _extract(_page(f'<p class="byline">By Jane Smith</p>{stamp}', head=_LD_3_MAY))
    assert art.published_at is not None and art.published_at.date() == utc(2024, 5, 4).date()
    assert (art.provenance["published_at"], art.updated_at) == ("printed-update", None)


@pytest.mark.parametrize(
    "line",
    [
        f"<p>Published {_T3} | Updated {_T4}</p>",
        f'<div class="meta">Published {_T3}, updated {_T4}</div>',
        f'<div class="meta">Updated {_T4} · First published {_T3}</div>',
        '<p class="date">Published 3 May 2024 10:00 | Updated 4 May 2024 10:00</p>',
    ],
)
def test_a_publication_and_an_update_in_one_line(line: str) -> None:
    art = _extract(_page(f'<p class="byline">By Jane Smith</p>{line}'))
    assert art.published_at == utc(2024, 5, 3, 10)
    assert art.updated_at == utc(2024, 5, 4, 10)


@pytest.mark.parametrize(
    "line",
    [
        # A date the label does not introduce closely is a sentence's, no stamp.
        "<p>Updated guidance was issued by the ministry on 4 May 2024.</p>",
        # "stand" is an English word too: a label only before a colon or a number.
        "<p>Stand by for the vote on 4 May 2024</p>",
    ],
)
def test_what_is_no_update_stamp_stays_none(line: str) -> None:
    art = _extract(_page(f'<p class="byline">By Jane Smith</p>{line}', head=_LD_3_MAY))
    assert art.published_at == utc(2024, 5, 3, 10)
    assert art.updated_at is None


def test_a_sibling_that_holds_a_number_is_no_label() -> None:
    art = _extract(_page(f'<div class="meta"><span>Updated 2 times</span> {_T4}</div>'))
    assert art.published_at == utc(2024, 5, 4, 10)
    assert art.updated_at is None


# --- 5. a teaser list whose items share one day ----------------------------------------------


def _more_news(items: int, link: bool = True) -> str:
    def item(i: int) -> str:
        title = f'<a href="/news/other-{i}">Other story {i}</a>' if link else f"Other story {i}"
        return f'<li>{title} <span class="date">6 May 2024</span></li>'

    return f'<div class="more-news"><ul>{"".join(item(i) for i in range(items))}</ul></div>'


@pytest.mark.parametrize("items", [2, 3])
def test_a_teaser_list_of_one_day_does_not_beat_the_byline_date(items: int) -> None:
    html = _page(f'<p class="byline">By Jane Smith | 3 May 2024</p>{_more_news(items)}')
    assert _extract(html).published_at == utc(2024, 5, 3)


def test_a_teaser_list_of_one_day_dates_no_article() -> None:
    assert _extract(_page(_more_news(3))).published_at is None


def test_dated_siblings_without_links_are_no_teaser_list() -> None:
    # Two items of one day that link nowhere (a notes box): still dated elements.
    art = _extract(_page(_more_news(2, link=False)))
    assert art.published_at == utc(2024, 5, 6)


def test_a_us_zone_s_moment_copies_and_pickles() -> None:
    moment = parse_local("May 3, 2024 10:05 pm ET", fetched_at=FETCHED)
    assert moment is not None and moment.utcoffset() == timedelta(hours=-4)
    assert copy.deepcopy(moment) == moment
    assert pickle.loads(pickle.dumps(moment)).utcoffset() == timedelta(hours=-4)
