"""A page that prints its update and no publication date is dated by the update (stop 47,
docs/parser.md "Updates"; measured in stop 46, docs/benchmarks.md "Stop 46: the tuning
misses by cause, and a page that prints only its update").

Every page goes through ``aggregator.extract``, fetched on 5 December 2026 at 18:00 UTC,
in the shapes of trafilatura's annotated pages (a news site's "Updated" line under the
headline, a blog's "Last updated …, originally created …", a German portal's
"<label>Letzte Änderung:</label>" block). The first table holds the cases the step
changes (they fail without it); the second the pages it must leave as they were.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from gazette_page import extract_news_page, published_day

from aggregator.config import Selectors
from aggregator.parser.dates import PRINTED_UPDATE

_META_PUBLISHED = '<meta property="article:published_time" content="2026-11-20T09:00:00Z">'
_LD = (
    '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Council '
    'approves transport budget", "datePublished": "2026-11-20T09:00:00+00:00", '
    '"dateModified": "2026-12-03T16:41:46+00:00"}</script>'
)
_MODIFIED = '<meta name="lastmod" content="2026-12-03T20:10:50Z">'


@pytest.mark.parametrize(
    ("head", "top", "foot", "lang", "day"),
    [
        # A news site's update line under the headline; the publication only in the head.
        (
            _META_PUBLISHED + _MODIFIED,
            '<p class="update-time">Updated 2010 GMT (0410 HKT) December 3, 2026</p>',
            "",
            "en",
            "2026-12-03",
        ),
        # A blog's update, with its creation after it (a creation is no publication label).
        (
            _LD,
            '<p class="byline">by Jane Doe<span class="updated">Last updated 03 Dec 2026, '
            "originally created 20 Nov 2026</span></p>",
            "",
            "en",
            "2026-12-03",
        ),
        # The page's only date, an update under the byline; nothing in the head.
        (
            "",
            '<p class="byline">By Jane Doe</p><p>Updated: December 3, 2026</p>',
            "",
            "en",
            "2026-12-03",
        ),
        # A German portal's label and value in blocks of their own, under the text, where
        # htmldate's day is a caption's ("Datensatz vom 09.03.2016").
        (
            "",
            "",
            "<p><span>Abbildung: Schneehöhen in Davos. Datensatz vom 09.03.2016</span></p>"
            '<div class="label_container_half"><label>Letzte Änderung:</label>'
            '<div class="label_content"> 03.12.2026 um 09:25 </div></div>',
            "de",
            "2026-12-03",
        ),
    ],
)
def test_a_page_that_prints_only_its_update_is_dated_by_it(
    head: str, top: str, foot: str, lang: str, day: str
) -> None:
    art = extract_news_page(head, top, foot, lang)
    assert published_day(art) == day
    assert art.provenance["published_at"] == PRINTED_UPDATE == "printed-update"
    updated = art.updated_local or art.updated_at
    assert updated is None or updated.date().isoformat() == day  # no later update beside it


def test_the_metadata_modified_moment_gives_the_printed_update_its_clock() -> None:
    art = extract_news_page(
        _META_PUBLISHED + _MODIFIED,
        '<p class="update-time">Updated December 3, 2026</p>',
    )
    assert art.published_at == datetime(2026, 12, 3, 20, 10, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("head", "top", "day", "updated_day"),
    [
        # The page prints its publication too: it stays, the update beside it.
        (
            _META_PUBLISHED,
            '<p><time datetime="2026-11-20T09:00:00Z">20 November 2026</time> · '
            '<span class="updated">Updated 3 December 2026</span></p>',
            "2026-11-20",
            "2026-12-03",
        ),
        # A byline line that writes the publication before its update, read by no rule as
        # a publication: the metadata's day, which the line writes first, stays.
        (
            _META_PUBLISHED,
            '<p class="byline">By Jane Doe | The Gazette on November 20, 2026 at 9:00 AM, '
            "updated December 3, 2026 at 1:59 PM</p>",
            "2026-11-20",
            "2026-12-03",
        ),
        # A byline that writes the publication first, read by no rule as a publication,
        # then the update on a line of its own: the metadata's day, which it writes, stays.
        (
            _META_PUBLISHED,
            "<p>By Jane Doe, November 20, 2026</p><p>Updated: December 3, 2026</p>",
            "2026-11-20",
            "2026-12-03",
        ),
        # The update printed before a publication <time>: the printed publication stays.
        (
            _META_PUBLISHED,
            '<p class="update-time">Updated December 3, 2026</p><p>Published '
            '<time datetime="2026-11-20T09:00:00Z">20 November 2026</time></p>',
            "2026-11-20",
            "2026-12-03",
        ),
        (
            "",
            '<p class="update-time">Updated December 3, 2026</p><p>Published '
            '<time datetime="2026-11-20T09:00:00Z">20 November 2026</time></p>',
            "2026-11-20",
            "2026-12-03",
        ),
        # An update on the publication's day changes nothing.
        (
            '<meta property="article:published_time" content="2026-12-03T09:00:00Z">',
            '<p class="update-time">Updated December 3, 2026 4:30 PM</p>',
            "2026-12-03",
            "2026-12-03",
        ),
        # A label's update in a block of its own, beside a printed publication: read as
        # the update (no update before stop 47: "Letzte Änderung" was no label, and a
        # label's value in its next sibling was not read).
        (
            _META_PUBLISHED,
            '<p><time datetime="2026-11-20T09:00:00Z">20.11.2026</time></p>'
            "<dl><dt>Letzte Änderung:</dt><dd>03.12.2026 um 09:25</dd></dl>",
            "2026-11-20",
            "2026-12-03",
        ),
        # No update printed: the metadata's publication.
        (_META_PUBLISHED + _MODIFIED, "<p>By Jane Doe</p>", "2026-11-20", "2026-12-03"),
    ],
)
def test_a_page_that_prints_its_publication_or_no_later_update_keeps_it(
    head: str, top: str, day: str, updated_day: str | None
) -> None:
    art = extract_news_page(head, top)
    assert published_day(art) == day
    updated = art.updated_local or art.updated_at
    assert (updated.date().isoformat() if updated else None) == updated_day


def test_the_operator_s_publication_selector_stands_beside_a_printed_update() -> None:
    art = extract_news_page(
        "",
        "<p>Updated: December 3, 2026</p>",
        '<footer><p class="x-filed">Filed from the council chamber, 20 November 2026</p></footer>',
        selectors=Selectors(published_at="p.x-filed"),
    )
    assert (published_day(art), art.provenance["published_at"]) == ("2026-11-20", "override")
    assert art.updated_at is not None and art.updated_at.date().isoformat() == "2026-12-03"


def test_a_scheduled_update_after_the_fetch_s_day_dates_nothing() -> None:
    art = extract_news_page("", "<p>Next update: 6 December 2026 09:00 GMT</p>")
    assert art.published_at is None


@pytest.mark.parametrize(
    ("top", "after"),
    [
        # A copyright line that says "Updated" with a year alone, and no date at all (the
        # header's "today", a "most read" list: test_parser_date_scope.py, unchanged).
        ('<p class="byline">By Jane Doe</p>', "<p>© 2026 Gazette Media. Updated 2026.</p>"),
        ("", ""),
    ],
)
def test_no_printed_update_gives_no_publication(top: str, after: str) -> None:
    art = extract_news_page("", top, after)
    assert art.published_at is None
