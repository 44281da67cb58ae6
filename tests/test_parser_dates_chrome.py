"""Publication dates on hand-made CMS pages with chrome dates (round 18, issue 16).

A review wrote pages of common templates (WordPress, Drupal, Ghost, Arc XP, Next.js,
Blogger, AMP, Japanese, German, Spanish sites) whose top bars, link lists, comment
threads and weather widgets print dates that are not the article's
(``tests/fixtures/dates_chrome/README.md``). Each page goes through ``aggregator.extract``
with the review's fetch time; its published and updated dates are the truth the review
wrote, a day where the page prints only a day. The pages a fix of this round concerns
fail on the code before it; the others pass on both and guard the fixes. The hand-made
probes at the end are pages the fixes were not written for, whose answer must not move.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator import extract
from aggregator.schema import Article

PAGES_DIR = Path(__file__).parent / "fixtures" / "dates_chrome"
FETCHED = datetime(2026, 12, 5, 12, 20, tzinfo=UTC)


def _as_printed(art: Article, which: str, truth: str | None) -> str | None:
    """``art``'s date of ``which`` kind as ``truth`` writes it: the page's own day when the
    truth is a day (the page prints only that), else the UTC moment."""
    moment: datetime | None = getattr(art, f"{which}_at")
    if moment is None:
        return None
    if truth is not None and len(truth) == len("2026-12-05"):
        local: datetime | None = getattr(art, f"{which}_local")
        return (local or moment).date().isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# (page, url, published, updated, fetch time given)
PAGES = [
    # Safe on main: chrome dates the rules already leave out.
    ("01_wp_entry_date", "https://springfieldcourier.com/2026/11/28/council-approves-bridge-repair-budget/", "2026-11-28T15:15:00Z", "2026-11-29T22:40:00Z", True),
    ("02_wp_plain_byline", "https://riverbendgazette.org/local-farmers-market-moves-indoors-for-winter/", "2026-11-27", None, True),
    ("03_wp_url_only", "https://northshoretimes.net/2026/11/20/ferry-schedule-cut-for-winter-season/", "2026-11-20", None, True),
    ("04_none_evergreen", "https://valleyherald.com/guides/how-to-apply-for-a-parking-permit", None, None, True),
    ("06_ghost", "https://thefieldnotes.blog/why-we-stopped-using-microservices/", "2026-11-18T07:30:00Z", "2026-11-19T10:02:11Z", True),
    ("07_arc_xp", "https://www.lakecitystar.com/news/2026/12/03/transit-fares-rise-in-january/", "2026-12-03T22:04:00Z", "2026-12-04T15:31:12Z", True),
    ("08_brightspot", "https://www.kmrtnews.org/local/2026-12-02/food-bank-sees-record-demand", "2026-12-03T00:45:00Z", None, True),
    ("09_medium_like", "https://medium.com/@anna.lee/what-i-learned-from-a-year-of-code-review-3f9a1c2b7d10", "2025-11-12", None, True),
    ("10_substack_like", "https://lowtide.substack.com/p/the-harbor-lease-nobody-read", "2026-12-01T13:02:44Z", None, True),
    ("15_de_relative_nofetch", "https://www.stadtanzeiger-example.de/lokales/innenstadt-abgesperrt-koffer-busbahnhof", None, None, False),
    ("17_en_relative_nofetch", "https://metrodaily.example.com/local/water-main-break-floods-downtown", None, None, False),
    ("20_amp", "https://amp.coastalnews.example.com/story/harbor-seals-return-to-bay", "2026-11-30T22:00:00Z", "2026-12-01T17:20:00Z", True),
    ("22_jsonld_conflict_webpage", "https://www.harborview-example.com/news/port-expansion-approved", "2026-12-01T18:05:00Z", "2026-12-01T19:40:00Z", True),
    ("23_jsonld_dateModified_only", "https://bayledger.example.com/opinion/letters-we-need-more-crosswalks", None, "2026-12-04T16:12:00Z", True),
    ("24_dateModified_plus_byline", "https://easttownrecord.example.com/health/hospital-opens-new-maternity-ward", "2026-12-02", "2026-12-03T16:00:00Z", True),
    ("25_liveblog_jsonld", "https://statepress.example.com/politics/live/election-night-results-2026", "2026-11-03T23:00:00Z", "2026-11-04T06:45:00Z", True),
    ("27_republished_conversation", "https://www.mountainbeacon.example.com/science/why-bees-are-struggling-in-mountain-meadows", "2026-12-01", None, True),
    ("29_stock_quote", "https://marketbeat-example.com/news/acme-shares-jump-after-earnings-beat", "2026-12-03T13:15:00Z", None, True),
    ("31_event_box_no_date", "https://artsweekly.example.com/music/symphony-announces-holiday-concert-program", None, None, True),
    ("32_this_day_in_history", "https://heritagepost.example.com/history/the-great-flood-remembered", None, None, True),
    ("33_related_cards_no_date", "https://greenvalleynews.example.com/environment/river-cleanup-draws-hundreds", None, None, True),
    ("35_newsletter_url", "https://businesslocal.example.com/2026/11/24/bakery-chain-expands-to-suburbs/", "2026-11-24", None, True),
    ("37_two_headers", "https://riverdalejournal.example.com/politics/mayor-signs-housing-order", "2026-11-25T22:30:00Z", None, True),
    ("38_todays_paper_between", "https://westsidesentinel.example.com/news/school-board-approves-later-start-times", "2026-11-30", None, True),
    ("39_unclassed_byline", "https://thelakeside.example.com/local/fire-destroys-historic-barn", "2026-12-01", None, True),
    ("40_unclassed_no_date", "https://thelakeside.example.com/local/volunteers-restore-old-barn", None, None, True),
    ("43_au_offset_midnight", "https://harbourtimes.example.com.au/news/sydney-ferries-strike-called-off", "2026-12-04T13:40:00Z", None, True),
    ("44_pst_late_night", "https://bayareawire.example.com/tech/startup-lays-off-a-third-of-staff", "2026-12-05T07:30:00Z", None, True),
    ("45_jsonld_itemlist_related", "https://valleyvoice.example.com/news/county-fair-moves-to-september", "2026-11-27", None, True),
    ("46_es_relative_fetch", "https://www.noticiasya-example.mx/nacional/sismo-sacude-oaxaca", "2026-12-05T09:20:00Z", None, True),
    # A: a page wrapper's top bar "today" above the site header, taken as published.
    ("21_nextjs", "https://capitolwire.example.com/news/state-expands-free-school-meals", "2026-12-02T15:10:00Z", "2026-12-03T08:00:00Z", True),
    # B: unclassed dates of a link list of other stories, in or after the article.
    ("34_related_inside_article_no_date", "https://greenvalleynews.example.com/environment/river-cleanup-draws-hundreds-2", None, None, True),
    ("41_mostread_after_body_unclassed", "https://thelakeside.example.com/local/library-book-sale-returns", None, None, True),
    ("48_link_tail_dates_no_date", "https://thelakeside.example.com/local/book-club-picks-winter-reads", None, None, True),
    # C: readers' comments in a thread classed "responses".
    ("36_responses_no_date", "https://neighborhoodvoice.example.com/forum/should-the-park-allow-dogs-off-leash", None, None, True),
    # D: a weather line's "Updated" in a top bar, or in a widget inside the article.
    ("42_weather_widget_in_article", "https://alpinedaily.example.com/news/ski-season-opens-early", "2026-12-02T14:30:00Z", None, True),
    ("47_topbar_weather_updated", "https://thelakeside.example.com/local/county-opens-warming-centers", "2026-12-03", None, True),
    # E: AP style's "Nov. 30, 2026" in an unclassed meta line.
    ("30_cookie_banner", "https://pinecountytribune.example.com/news/sheriff-candidates-debate-jail-staffing", "2026-11-30", None, True),
    # F: Blogger's <abbr itemprop=datePublished title=…>, its text the clock alone.
    ("11_blogger", "https://gardeningwithruth.blogspot.com/2026/11/putting-garlic-to-bed.html", "2026-11-26T21:42:00Z", None, True),
    # G: the Japanese clock "18時30分" beside the day, in an unclassed span.
    ("12_japanese", "https://www.chubu-shimbun.example.jp/article/20261204-OYT1T50188/", "2026-12-04T09:30:00Z", None, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("page", "url", "published", "updated", "fetched"), PAGES, ids=[row[0] for row in PAGES]
)
def test_page_dates(
    page: str, url: str, published: str | None, updated: str | None, fetched: bool
) -> None:
    html = (PAGES_DIR / f"{page}.html").read_text(encoding="utf-8")
    art = extract(html, url, fetched_at=FETCHED if fetched else None)
    assert _as_printed(art, "published", published) == published
    assert _as_printed(art, "updated", updated) == updated


# --- Probes: pages the fixes were not written for, whose answer must not move ------------

URL = "https://www.gazette.com/politics/council-approves-budget"
_TEXT = (
    "<p>The council voted on Tuesday to approve a budget after months of talks about "
    "the costs of the new tram line and the repairs to the old bridge.</p>"
) * 4
_SITE = (
    '<header class="site-header"><a href="/">Gazette</a><nav><a href="/news">News</a>'
    '<a href="/sport">Sport</a></nav></header>'
)
_H1 = "<h1>Council approves transport budget</h1>"
_TOP_BAR = '<div class="TopBar_date__x9">Saturday, December 5, 2026</div>'


def _page(inner: str) -> str:
    return (
        '<html lang="en"><head><title>Council approves budget</title></head><body>'
        f"{inner}<footer><p>© 2026 Gazette Media</p></footer></body></html>"
    )


# (what the probe shows, page, published day, updated day)
PROBES = [
    # A: the story's own date above the h1 stays, in a wrapper with the site header.
    (
        "kicker date inside the article above the h1",
        _page(
            f'<div class="wrap">{_TOP_BAR}{_SITE}<main><article><div class="kicker">'
            '<span class="date">December 2, 2026</span> | <a href="/politics">Politics</a>'
            f"</div>{_H1}{_TEXT}</article></main></div>"
        ),
        "2026-12-02",
        None,
    ),
    (
        "flat template: byline and date after the site header, above the h1",
        _page(
            f'<div class="wrap">{_SITE}<div class="byline">By Jane Doe</div>'
            f'<span class="date">December 2, 2026</span>{_H1}{_TEXT}</div>'
        ),
        "2026-12-02",
        None,
    ),
    # B: a date after a link stays where the link is no teaser's or the line goes on.
    (
        "byline date right after the author's link",
        _page(
            f"{_SITE}<main><article>{_H1}"
            '<p class="meta"><a href="/author/jane-doe">Jane Doe</a> December 3, 2026</p>'
            f"{_TEXT}</article></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "dateline after a link inside the first paragraph",
        _page(
            f"{_SITE}<main><article>{_H1}<p>"
            '<a href="/news/city-council-budget-talks-stall-again">City council budget talks</a>'
            " <span>December 3, 2026</span> — The council voted on Tuesday to approve the plan."
            f"</p>{_TEXT}</article></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "the article's date after a link to its section",
        _page(
            f"{_SITE}<main><article>{_H1}"
            '<div><a href="/politics/">Politics and local government news</a> '
            f"<span>December 3, 2026</span></div>{_TEXT}</article></main>"
        ),
        "2026-12-03",
        None,
    ),
    # C: "response" alone, and a "responses" column that holds the article's body, are
    # the article's.
    (
        "the article's own box classed 'response'",
        _page(
            f'{_SITE}<main><article class="response"><div class="meta">By Jane Doe · '
            f"<span>December 3, 2026</span></div>{_H1}{_TEXT}</article></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "a 'responses to the budget' column holding the article's body",
        _page(
            f'{_SITE}<main>{_H1}<div class="responses"><p>By Jane Doe, December 3, 2026</p>'
            f'<div class="article-body">{_TEXT}</div></div></main>'
        ),
        "2026-12-03",
        None,
    ),
    # D: the article's "Updated" line below the headline, a chrome one far below; a
    # weather story's own update line beside its temperatures; the only update line, in
    # the article above the headline.
    (
        "the article's update line below the headline, a chrome one after the text",
        _page(
            f'{_SITE}<div class="story">{_H1}<p>By Jane Doe, December 2, 2026</p>'
            f"<p>Updated: December 4, 2026 9:15 AM</p>{_TEXT}"
            '<div class="b"><span>Markets</span> <span>Updated Dec 5, 2026 11:00 AM</span>'
            "</div></div>"
        ),
        "2026-12-02",
        "2026-12-04",
    ),
    (
        "a weather story's update line in an article about -6°C",
        _page(
            f"{_SITE}<main><article><h1>Cold snap: temperatures fall to -6°C</h1>"
            "<p>By Jane Doe, December 2, 2026</p><p>Updated: December 4, 2026 9:15 AM</p>"
            f"{_TEXT}</article></main>"
        ),
        "2026-12-02",
        "2026-12-04",
    ),
    (
        "a weather story's meta line, its temperature in the text below",
        _page(
            f'{_SITE}<main><article><h1>Cold snap grips region</h1><div class="meta">'
            "<span>By Jane Doe, December 2, 2026</span> <span>Updated Dec 4, 2026 9:15 AM"
            "</span></div><p>Temperatures fell to -6°C overnight across the valley.</p>"
            f"{_TEXT}</article></main>"
        ),
        "2026-12-02",
        "2026-12-04",
    ),
    (
        "the only update line, in the article above the headline",
        _page(
            f"{_SITE}<main><article><p>Updated: December 4, 2026</p>"
            f"<p>By Jane Doe, December 2, 2026</p>{_H1}{_TEXT}</article></main>"
        ),
        "2026-12-02",
        "2026-12-04",
    ),
    # E: a byline's dotted update stays an update, the page's one date and so its
    # publication (stop 47); "Sept." and "Jan." in the text stay unread where the page
    # prints no date of its own.
    (
        "a byline's 'Updated Nov. 30, 2026'",
        _page(
            f'{_SITE}<main><article>{_H1}<div class="meta">By Jane Smith | Updated Nov. 30, '
            f"2026 4:05 p.m.</div>{_TEXT}</article></main>"
        ),
        "2026-11-30",
        None,
    ),
    (
        "'Sept.' and 'Jan.' in a paragraph",
        _page(
            f"{_SITE}<main><article>{_H1}<p>The council first met on Sept. 14, 2025 to "
            "discuss the tram line and again in Jan. 2026 to vote on it.</p>"
            f"{_TEXT}</article></main>"
        ),
        None,
        None,
    ),
    (
        "'Jan.' in a short paragraph",
        _page(
            f"{_SITE}<main><article>{_H1}{_TEXT}<p>The vote was held on Jan. 12, 2026.</p>"
            "</article></main>"
        ),
        None,
        None,
    ),
    # F: an <abbr>'s title that is no date leaves the date its text prints.
    (
        "an <abbr itemprop=datePublished> titled with a zone's name",
        _page(
            f'{_SITE}<main><article>{_H1}<p>By Jane Doe, <abbr itemprop="datePublished" '
            f'title="Eastern Standard Time">Nov 26, 2026</abbr></p>{_TEXT}</article></main>'
        ),
        "2026-11-26",
        None,
    ),
    (
        "an <abbr itemprop=datePublished> titled with a version",
        _page(
            f'{_SITE}<main><article>{_H1}<p>By Jane Doe, <abbr itemprop="datePublished" '
            f'title="v2.1">26/11/2026</abbr></p>{_TEXT}</article></main>'
        ),
        "2026-11-26",
        None,
    ),
    # The second review's pages, whose date each fix had lost or moved. A: a story's own
    # <header> or kicker above the h1, outside any <article>, is no site bar.
    (
        "the story's meta <header> above the h1, no <article>",
        _page(
            f'{_SITE}<main><div class="post"><header class="entry-meta"><span class="date">'
            f"December 3, 2026</span></header>{_H1}<div>{_TEXT}</div></div></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "a <header> holding only the story's <time>, no <article>",
        _page(
            f'{_SITE}<main><header><time datetime="2026-12-03">December 3, 2026</time>'
            f"</header>{_H1}{_TEXT}</main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "a kicker <header> with its one section link and the date",
        _page(
            f'{_SITE}<main><div class="story"><header class="story-top"><nav class="label">'
            '<a href="/politics/">Politics</a></nav><span class="date">December 3, 2026</span>'
            f"</header>{_H1}<div>{_TEXT}</div></div></main>"
        ),
        "2026-12-03",
        None,
    ),
    # B: a byline's, a "Filed under" line's or a category's link is no teaser's.
    (
        "a byline's long link to the authors' staff page",
        _page(
            f'{_SITE}<main>{_H1}<p class="x">By <a href="/staff/jane-doe-and-mark-roe/">'
            f"Jane Doe and Mark Roe of the Gazette</a>, December 3, 2026</p>{_TEXT}</main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "an unclassed byline's long link to a slug-like author page",
        _page(
            f'{_SITE}<main><div>{_H1}<div>By <a href="/jane-doe-and-mark-roe-gazette-staff/">'
            f"Jane Doe and Mark Roe of the Gazette</a> December 3, 2026</div>{_TEXT}</div></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "'Filed under' a long section name, then the date",
        _page(
            f'{_SITE}<main>{_H1}<p>Filed under <a href="/news/city-hall-and-local-government/">'
            f"City Hall and Local Government News</a> on December 3, 2026</p>{_TEXT}</main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "a meta line's category link, then the date's span",
        _page(
            f'{_SITE}<main>{_H1}<div class="meta"><a href="/category/city-hall-and-local-'
            'government/">City Hall and Local Government</a> <span>December 3, 2026</span>'
            f"</div>{_TEXT}</main>"
        ),
        "2026-12-03",
        None,
    ),
    # C: "responses" in a setting's class, in another word's, or a Q&A column's.
    (
        "a meta line classed 'responses-enabled'",
        _page(
            f'{_SITE}<main>{_H1}<div class="post-meta responses-enabled"><span>By Jane Doe'
            '</span> <span>December 3, 2026</span> <a href="#r">4 responses</a></div>'
            f"{_TEXT}</main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "the article's column classed 'editor-responses'",
        _page(
            f'{_SITE}<main>{_H1}<div class="editor-responses"><p>Published December 3, 2026'
            f"</p>{_TEXT}</div></main>"
        ),
        "2026-12-03",
        None,
    ),
    (
        "a Q&A piece's answers in a <section class=responses>",
        _page(
            f'{_SITE}<main>{_H1}<section class="responses"><p class="date">December 3, 2026'
            f"</p><h3>Q: When will work start?</h3>{_TEXT}</section></main>"
        ),
        "2026-12-03",
        None,
    ),
    # D: a weather story's byline printing the temperature is no widget.
    (
        "a weather story's byline with its update and the temperature",
        _page(
            f'{_SITE}<main><h1>Cold snap brings record lows</h1><p class="byline">By Jane Doe'
            " · Published Dec 4, 2026 · <span>Updated Dec 5, 2026, 11:00 AM</span> · 28°F now"
            f"</p>{_TEXT}</main>"
        ),
        "2026-12-04",
        "2026-12-05T11:00:00Z",
    ),
    (
        "a weather story's meta line: byline, update, temperature",
        _page(
            f'{_SITE}<main><h1>Cold snap brings record lows</h1><div class="meta"><span>By '
            "Jane Doe, Meteorologist</span> <span>Updated Dec 5, 2026 11:00 AM</span> "
            f"<span>Now: 18°F</span></div>{_TEXT}</main>"
        ),
        "2026-12-05T11:00:00Z",  # the page's one date, its update (stop 47)
        None,
    ),
    # E: AP-style dates in a table's cells or after a label are no stamp of the page's.
    (
        "a timeline table of AP-style dates",
        _page(
            f"{_SITE}<main>{_H1}{_TEXT}<table><tr><th>Step</th><th>Date</th></tr><tr><td>"
            "First reading</td><td>Sept. 14, 2026</td></tr><tr><td>Public hearing</td><td>"
            "Oct. 2, 2026</td></tr><tr><td>Final vote</td><td>Nov. 4, 2026</td></tr></table>"
            "</main>"
        ),
        None,
        None,
    ),
    (
        "a label line 'Deadline: Oct. 2, 2026'",
        _page(f"{_SITE}<main>{_H1}{_TEXT}<p>Deadline: Oct. 2, 2026</p></main>"),
        None,
        None,
    ),
    # F: an <abbr>'s title is read only as a full ISO moment, else its text is.
    (
        "an <abbr itemprop=datePublished> titled day first, '03/12/2026'",
        _page(
            f'{_SITE}<main>{_H1}<p>By Jane Doe, <abbr itemprop="datePublished" title='
            f'"03/12/2026">3 December 2026, 9:15</abbr></p>{_TEXT}</main>'
        ),
        "2026-12-03T09:15:00Z",
        None,
    ),
    (
        "an <abbr itemprop=datePublished> titled with the day alone",
        _page(
            f'{_SITE}<main>{_H1}<p>By Jane Doe, <abbr class="published" itemprop='
            '"datePublished" title="2026-12-03">December 3, 2026 9:15 AM EST</abbr></p>'
            f"{_TEXT}</main>"
        ),
        "2026-12-03T14:15:00Z",
        None,
    ),
    (
        "an <abbr itemprop=datePublished> titled with the day in words",
        _page(
            f'{_SITE}<main>{_H1}<p>By Jane Doe, <abbr itemprop="datePublished" title='
            '"Thursday, December 3, 2026">Dec 3, 2026 9:15 AM EST</abbr></p>'
            f"{_TEXT}</main>"
        ),
        "2026-12-03T14:15:00Z",
        None,
    ),
    (
        "an <abbr itemprop=datePublished> titled '2 days ago'",
        _page(
            f'{_SITE}<main>{_H1}<p>By Jane Doe, <abbr itemprop="datePublished" title='
            f'"2 days ago">December 3, 2026 9:15 AM EST</abbr></p>{_TEXT}</main>'
        ),
        "2026-12-03T14:15:00Z",
        None,
    ),
]


@pytest.mark.parametrize(
    ("page", "published", "updated"),
    [row[1:] for row in PROBES],
    ids=[row[0] for row in PROBES],
)
def test_probe_unchanged(page: str, published: str | None, updated: str | None) -> None:
    art = extract(page, URL, fetched_at=datetime(2026, 12, 5, 18, 0, tzinfo=UTC))
    assert _as_printed(art, "published", published) == published
    assert _as_printed(art, "updated", updated) == updated


# G: on the Japanese page, 時 in other uses than a clock's leaves the URL's day (4
# December, midnight in Tokyo); so does an afternoon clock "午後6時30分", not read as 06:30.
_JAPANESE_URL = "https://www.chubu-shimbun.example.jp/article/20261204-OYT1T50188/"


@pytest.mark.parametrize(
    "line",
    [
        "2026年12月4日 当時18歳",  # "then aged 18"
        "2026年12月4日 会見は3時間30分",  # "the press conference took 3 hours 30 minutes"
        "2026年12月4日 18時30分開演",  # "curtain at 18:30": an event's time
        "2026年12月4日 午後6時30分",  # "6:30 in the afternoon"
    ],
)
def test_japanese_line_without_the_clock(line: str) -> None:
    html = (PAGES_DIR / "12_japanese.html").read_text(encoding="utf-8")
    assert "2026年12月4日 18時30分" in html
    art = extract(html.replace("2026年12月4日 18時30分", line), _JAPANESE_URL, fetched_at=FETCHED)
    assert art.published_at == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_month_dot_beside_a_character_lxml_refuses() -> None:
    """E rewrites htmldate's copy's texts: one holding a U+FFFF (parsed from a hostile
    page, refused by lxml when set) stays as it was, and the page is read."""
    html = _page(
        f"{_SITE}<main><article>{_H1}<div>Jordan Blake · Nov. 30, 2026\uffff</div>"
        f"{_TEXT}</article></main>"
    )
    art = extract(html, URL, fetched_at=datetime(2026, 12, 5, 18, 0, tzinfo=UTC))
    assert art.headline == "Council approves transport budget"


def test_chinese_clock_of_no_known_zone() -> None:
    """G: "18時30分" is a clock where the page's zone is known (Japanese). On a Taiwanese
    page, of no zone we know, it was read as UTC, 8 hours off: the day alone stays."""
    html = (
        '<html lang="zh-Hant"><head><title>台北市推動輕軌建設</title></head><body>'
        '<div class="header"><a href="/">台北日報</a></div><div class="main">'
        "<h1>台北市推動輕軌建設　目標二〇三〇年代通車</h1>"
        '<div class="info"><span>2026年12月4日 18時30分</span></div><div class="body">'
        "<p>台北市政府四日宣布，將在市中心推動輕軌建設計畫，預計明年起進行需求評估與經費調查，"
        "目標在二〇三〇年代通車。</p><p>市長在記者會上表示，希望打造不依賴汽車也能方便移動的城市，"
        "並將爭取中央補助。</p><p>工程經費預估達數百億元，市府將與交通部協商。</p></div></div>"
        "</body></html>"
    )
    art = extract(
        html, "https://news.taipei-daily.example.tw/news/20261204/5566778", fetched_at=FETCHED
    )
    assert art.published_at == datetime(2026, 12, 4, tzinfo=UTC)
