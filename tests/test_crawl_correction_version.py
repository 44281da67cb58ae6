"""A page fetched again is stored as what changed in it (QA stop 47, finding F5; QA stop 51,
findings 3 and 4): real crawls (``aggregator crawl`` in a child process) of a page served on
127.0.0.1 into a real SQLite file, read back through the CLI.

A correction appended in a box of its own (a ``div.correction-notice`` under its text, its
sitemap announcing the change) is version 2, the correction the last paragraph of its
text; version 1 is kept without it. A new headline over the same text is an edit too: the
next version, the old headline kept with version 1, and ``show``, ``export`` and ``search``
give the new one. A new byline or update time is stored in place with a new
``change_seq``, no version. The same page fetched again changes nothing a reader syncs by.
And the validators a 200 gives are the ones stored: an ``ETag`` the server stopped sending
is not sent again, where it would outweigh ``If-Modified-Since``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

ARTICLE = "/news/eastgate-library"
TEXT = [
    "The city council voted on Tuesday to close the Eastgate library at the end of March, "
    "after a debate that ran past midnight in a packed chamber.",
    "Supporters of the library said the branch served four schools and two care homes, "
    "and that the nearest other branch was a forty-minute bus ride away.",
    "Council members said the building needed repairs the budget could not pay for, and "
    "promised a mobile library twice a week from the spring.",
]
CORRECTION = "Correction: an earlier version of this story said the vote was 9-2. It was 7-4."


@dataclass(frozen=True)
class Page:
    """The article's page: its headline (``<title>``, ``og:title``, ``<h1>``), byline,
    publication time (``article:published_time``, when given), a date line printed under
    the byline (when given), update time (``article:modified_time``, when given) and
    correction box (when given)."""

    headline: str = "Council votes to close Eastgate library"
    byline: str = "By Tom Reyes"
    published: str = "2026-12-06T08:00:00Z"
    printed: str = ""
    modified: str = ""
    correction: str = ""

    def html(self) -> str:
        body = "".join(f"<p>{p}</p>" for p in TEXT)
        box = (
            f'<div class="correction-notice"><p>{self.correction}</p></div>'
            if self.correction
            else ""
        )
        published = (
            f'<meta property="article:published_time" content="{self.published}">'
            if self.published
            else ""
        )
        modified = (
            f'<meta property="article:modified_time" content="{self.modified}">'
            if self.modified
            else ""
        )
        printed = f'<p class="date">{self.printed}</p>' if self.printed else ""
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{self.headline}</title>"
            f'<meta property="og:title" content="{self.headline}">'
            '<meta property="og:site_name" content="Harbor Tribune">'
            f"{published}{modified}"
            '</head><body><header><nav><a href="/">Home</a></nav></header>'
            f"<main><article><h1>{self.headline}</h1>"
            f'<p class="byline">{self.byline}</p>{printed}'
            f'<div class="article-body">{body}</div>{box}'
            "</article></main><footer><p>© 2026 Harbor Tribune</p></footer></body></html>"
        )


def _sitemap(
    server: PageServer, lastmod: datetime | None = None, published: str | None = None
) -> str:
    """The source's sitemap, the article's entry with ``lastmod`` and, given ``published``,
    a news sitemap's ``publication_date``."""
    stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    news = (
        "<news:news><news:publication><news:name>Harbor Tribune</news:name>"
        "<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{published}</news:publication_date></news:news>"
        if published
        else ""
    )
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{server.url(ARTICLE)}</loc>{stamp}{news}</url></urlset>",
        content_type="application/xml",
    )


@dataclass(frozen=True)
class Site:
    """The served site, and the config and database its source ``tribune`` crawls into."""

    server: PageServer
    config: Path
    db: Path

    def announce(self) -> None:
        """The sitemap gives the article an update time later than its last fetch."""
        _sitemap(self.server, datetime.now(UTC))

    def crawl(self, *args: str) -> str:
        """``aggregator crawl tribune ARGS``: its summary line."""
        result = run_cli("--config", str(self.config), "crawl", "tribune", *args)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def cli(self, *args: str) -> str:
        result = run_cli("--config", str(self.config), *args)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with PageServer() as server:
        source = {
            "name": "tribune",
            "sitemaps": [_sitemap(server)],
            "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
            "limits": {"download_timeout": 5, "run_timeout": "60s"},
        }
        db = tmp_path / "news.db"
        config = tmp_path / "config.yaml"
        config.write_text(json.dumps({"database": str(db), "sources": [source]}), "utf-8")
        yield Site(server, config, db)


def test_a_correction_appended_in_a_box_makes_version_2(site: Site) -> None:
    site.server.put(ARTICLE, Page().html())
    site.crawl()

    site.server.put(ARTICLE, Page(correction=CORRECTION).html())
    site.announce()
    site.crawl()

    assert site.server.hits(ARTICLE) == 2
    ((version, body),) = site.rows("SELECT version, body FROM articles")
    kept = site.rows("SELECT version, body FROM article_versions")
    assert version == 2
    assert json.loads(str(body)) == [*TEXT, CORRECTION]
    assert [(v, json.loads(str(b))) for v, b in kept] == [(1, TEXT)]


def _change_numbers(site: Site) -> tuple[object, ...]:
    """The article's and its story's ``change_seq``."""
    (numbers,) = site.rows(
        "SELECT a.change_seq, s.change_seq FROM articles a JOIN stories s ON s.id = a.story_id"
    )
    return numbers


def test_a_new_headline_over_the_same_text_is_the_articles_next_version(site: Site) -> None:
    old = Page(headline="Eastgate library doomed after midnight vote")
    new = Page(headline="Eastgate library to shut in March despite protests")
    site.server.put(ARTICLE, old.html())
    site.crawl()

    site.server.put(ARTICLE, new.html())
    site.announce()
    summary = site.crawl()

    assert "0 new, 1 updated" in summary
    ((story_id, version, headline),) = site.rows("SELECT story_id, version, headline FROM articles")
    assert (version, headline) == (2, new.headline)
    assert site.rows("SELECT version, headline FROM article_versions") == [(1, old.headline)]
    shown = site.cli("show", str(story_id))
    assert f"Story {story_id}: {new.headline}" in shown
    assert old.headline not in shown
    (exported,) = map(json.loads, site.cli("export", "--articles").splitlines())
    assert exported["headline"] == new.headline
    found = json.loads(site.cli("search", "protests", "--json"))
    assert [hit["story_id"] for hit in found] == [story_id]
    assert json.loads(site.cli("search", "doomed", "--json")) == []


@pytest.mark.parametrize(
    ("changed", "column", "stored"),
    [
        (Page(byline="By Priya Natarajan and Tom Ellis"), "authors",
         ["Priya Natarajan", "Tom Ellis"]),
        (Page(modified="2026-12-07T19:30:00Z"), "updated_at", "2026-12-07T19:30:00+00:00"),
    ],
    ids=["byline", "update-time"],
)  # fmt: skip
def test_a_new_byline_or_time_over_the_same_text_is_stored_in_place(
    site: Site, changed: Page, column: str, stored: object
) -> None:
    site.server.put(ARTICLE, Page().html())
    site.crawl()
    before = _change_numbers(site)

    site.server.put(ARTICLE, changed.html())
    summary = site.crawl("--refresh", site.server.url(ARTICLE))

    assert "0 new, 1 updated" in summary
    assert site.rows("SELECT version FROM articles") == [(1,)]
    assert site.rows("SELECT count(*) FROM article_versions") == [(0,)]
    after = _change_numbers(site)
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    (exported,) = map(json.loads, site.cli("export", "--articles").splitlines())
    assert exported[column] == stored


def test_the_same_page_fetched_again_changes_nothing_a_reader_syncs_by(site: Site) -> None:
    site.server.put(ARTICLE, Page().html())
    site.crawl()
    before = _change_numbers(site)
    ((fetched,),) = site.rows("SELECT fetched_at FROM articles")

    summary = site.crawl("--refresh", site.server.url(ARTICLE))

    assert "0 new, 0 updated, 1 unchanged" in summary
    assert _change_numbers(site) == before
    ((version, refetched),) = site.rows("SELECT version, fetched_at FROM articles")
    assert version == 1 and refetched > fetched


def test_an_announcement_of_the_same_page_is_no_update(site: Site) -> None:
    # A sitemap stamping every URL with the time it was generated, before a page sending no
    # validators: the page is fetched again, as announced, and found the same.
    site.server.put(ARTICLE, Page().html())
    site.crawl()
    before = _change_numbers(site)

    site.announce()
    summary = site.crawl()

    assert site.server.hits(ARTICLE) == 2
    assert "0 new, 0 updated, 1 unchanged" in summary
    assert _change_numbers(site) == before
    assert site.rows("SELECT updated_at FROM articles") == [(None,)]


def test_an_announcement_dating_an_undated_page_gives_its_publication(site: Site) -> None:
    # The page prints no date; the news sitemap that announces it again gives one. A
    # publication the store lacks is filled, as on the first store; an update time is not.
    site.server.put(ARTICLE, Page(published="").html())
    site.crawl()
    assert site.rows("SELECT published_at FROM articles") == [(None,)]

    _sitemap(site.server, datetime.now(UTC), published="2026-12-06T08:00:00+00:00")
    summary = site.crawl()

    assert site.server.hits(ARTICLE) == 2
    assert "0 new, 1 updated" in summary
    assert site.rows("SELECT published_at, updated_at FROM articles") == [
        ("2026-12-06T08:00:00+00:00", None)
    ]


def _as_if_fetched_earlier(site: Site, by: timedelta) -> None:
    """The stored fetch as if made ``by`` earlier: its fetch time and the times it read
    from the page counted back from that fetch (this machine's clock is not set back)."""
    with sqlite3.connect(site.db) as conn:
        for table, columns in (
            ("articles", ("fetched_at", "published_at", "updated_at")),
            ("stories", ("first_published_at",)),
        ):
            for row_id, *times in conn.execute(f"SELECT id, {', '.join(columns)} FROM {table}"):
                moved = {
                    column: (datetime.fromisoformat(str(time)) - by).isoformat()
                    for column, time in zip(columns, times, strict=True)
                    if time is not None
                }
                assigned = ", ".join(f"{column} = ?" for column in moved)
                conn.execute(
                    f"UPDATE {table} SET {assigned} WHERE id = ?", [*moved.values(), row_id]
                )


@pytest.mark.parametrize(
    "printed",
    ["{hours} hours ago", "vor {hours} Stunden", "Updated {hours} hours ago"],
    ids=["hours-ago", "vor-Stunden", "updated-hours-ago"],
)
@pytest.mark.parametrize(
    "between", [timedelta(hours=1), timedelta(minutes=90)], ids=["an-hour", "90-minutes"]
)
def test_a_page_dated_only_by_a_time_ago_fetched_again_unchanged_is_no_update(
    site: Site, printed: str, between: timedelta
) -> None:
    """A page dated only "3 hours ago" reads another moment at each fetch (the fetch time
    less whole hours: anywhere in the hour before the true one). Fetched again unchanged
    later, it is unchanged: its stored times, change numbers and feed entry stay."""
    published = datetime.now(UTC) - timedelta(hours=3, minutes=10)

    def shown(earlier: timedelta = timedelta(0)) -> str:
        """The page as its site shows it ``earlier`` than now."""
        hours = (datetime.now(UTC) - earlier - published) // timedelta(hours=1)
        return Page(published="", printed=printed.format(hours=hours)).html()

    site.server.put(ARTICLE, shown(between))
    site.crawl()
    _as_if_fetched_earlier(site, between)
    times = "SELECT published_at, updated_at, published_offset, provenance FROM articles"
    stored = site.rows(times)
    assert stored[0][0] is not None
    before = _change_numbers(site)
    feed = site.cli("export", "--format", "atom")

    site.server.put(ARTICLE, shown())
    summary = site.crawl("--refresh", site.server.url(ARTICLE))

    assert site.server.hits(ARTICLE) == 2
    assert "0 new, 0 updated, 1 unchanged" in summary
    assert site.rows(times) == stored
    assert _change_numbers(site) == before
    assert site.cli("export", "--format", "atom") == feed


@pytest.mark.parametrize(
    ("first", "later"),
    [("{hours} hours ago", "{hours} hours ago"), ("25 minutes ago", "2 days ago")],
    ids=["same-unit", "coarser-unit"],
)
def test_a_time_ago_read_again_from_the_page_the_version_comes_to_keep_is_no_change(
    site: Site, first: str, later: str
) -> None:
    """An article stored before ``retention.keep_pages`` was on, its page dated only "N
    hours ago", fetched again unchanged with it on: that fetch's page becomes its
    version's kept page, and the stored times stay (review 52, F1; review3 F3: stored as
    that page read them, a "25 minutes ago" became "2 days ago", a day coarser, and the
    article counted updated). ``reparse`` reads the page's time ago against that later
    fetch, another moment, and keeps the stored one too: no change, no new change number,
    its feed entry's ``<updated>`` unmoved; fetched again later, the kept time stays."""
    ago = timedelta(hours=1) if "hours" in first else timedelta(days=2)
    published = datetime.now(UTC) - ago - timedelta(hours=3, minutes=10)

    def shown(printed: str, earlier: timedelta = timedelta(0)) -> str:
        hours = (datetime.now(UTC) - earlier - published) // timedelta(hours=1)
        return Page(published="", printed=printed.format(hours=hours)).html()

    site.server.put(ARTICLE, shown(first, ago))
    site.crawl()
    _as_if_fetched_earlier(site, ago)
    times = "SELECT published_at, updated_at, provenance FROM articles"
    stored = site.rows(times)
    before = _change_numbers(site)
    document = json.loads(site.config.read_text("utf-8"))
    site.config.write_text(json.dumps({**document, "retention": {"keep_pages": True}}), "utf-8")
    site.server.put(ARTICLE, shown(later))
    assert "0 new, 0 updated, 1 unchanged" in site.crawl("--refresh", site.server.url(ARTICLE))
    assert site.rows(times) == stored
    feed = site.cli("export", "--format", "atom")

    assert site.cli("reparse", "--dry-run", "--show") == ""
    site.cli("reparse")
    site.crawl("--refresh", site.server.url(ARTICLE))

    assert site.rows("SELECT version, COUNT(*) FROM article_pages GROUP BY version") == [(1, 1)]
    assert site.rows(times) == stored
    assert _change_numbers(site) == before
    assert site.cli("export", "--format", "atom") == feed


LAST_MODIFIED = "Mon, 07 Dec 2026 16:00:00 GMT"


def _dropped_its_etag(headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """The site after it gave up ETags for Last-Modified: RFC 7232 §6, If-None-Match
    (which no ETag of its matches now) first, If-Modified-Since only without it."""
    if "If-None-Match" not in headers and headers.get("If-Modified-Since") == LAST_MODIFIED:
        return 304, {"Last-Modified": LAST_MODIFIED}, ""
    return 200, {"Last-Modified": LAST_MODIFIED}, Page().html()


def test_an_etag_the_server_stopped_sending_is_not_sent_again(site: Site) -> None:
    site.server.put(ARTICLE, Page().html(), headers={"ETag": '"t1"'})
    site.crawl()
    site.server.put(ARTICLE, _dropped_its_etag)
    site.announce()
    site.crawl()

    assert site.rows("SELECT etag, last_modified FROM articles") == [(None, LAST_MODIFIED)]
    site.announce()
    summary = site.crawl()

    asked = [headers for path, headers in site.server.requests if path == ARTICLE]
    assert len(asked) == 3
    assert "If-None-Match" not in asked[-1]
    assert asked[-1].get("If-Modified-Since") == LAST_MODIFIED
    assert "0 new, 0 updated, 1 unchanged" in summary  # the 304 its rule gives
    assert site.rows("SELECT etag, last_modified, version FROM articles") == [
        (None, LAST_MODIFIED, 1)
    ]


def test_a_page_sending_no_validators_keeps_none(site: Site) -> None:
    """The 304 path alone keeps what a 304 omits: a 200 without validators stores none."""
    validators = {"ETag": '"t1"', "Last-Modified": LAST_MODIFIED}
    site.server.put(ARTICLE, Page().html(), headers=validators)
    site.crawl()
    site.server.put(ARTICLE, Page().html())
    site.announce()
    site.crawl()

    assert site.rows("SELECT etag, last_modified FROM articles") == [(None, None)]
