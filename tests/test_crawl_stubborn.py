"""Stubborn sites as an operator lists them (crawl review, round 15).

Each test serves a hand-made site on 127.0.0.1 (``tests/pageserver.py``),
writes a config.yaml for it and runs ``aggregator crawl`` in a child process
into a real SQLite file: feeds that resolve their links under ``xml:base``, a
home page given where a feed was expected, a source of start pages only whose
home page declares its feed, a JSON Feed, documents that are no feed at all,
a site that refuses the crawler's user agent, and a sitemap dated by year and
month only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from pageserver import PageServer

from storage.db import open_db

pytestmark = pytest.mark.timeout(120)

POLITENESS = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
RSS = "application/rss+xml"


@pytest.fixture
def site() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


def article(title: str) -> str:
    paragraphs = "".join(
        f"<p>{title}, part {n}: the harbour council met on Tuesday and agreed a plan "
        "for the district's new ferry landing, to be built over the coming year.</p>"
        for n in range(4)
    )
    return (
        f'<html><head><title>{title}</title><meta property="og:type" content="article">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def rss(*links: str) -> str:
    items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    channel = f"<channel><title>f</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def crawl(site: PageServer, home: Path, **source: Any) -> tuple[str, list[str]]:
    """Crawl ``source`` (name ``stubborn``) once; its output and the stored article URLs."""
    out, _, urls = crawl_logged(site, home, **source)
    return out, urls


def crawl_logged(site: PageServer, home: Path, **source: Any) -> tuple[str, str, list[str]]:
    """Crawl ``source`` once; its output, its log (stderr) and the stored article URLs."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.yaml"
    crawled = {
        "name": "stubborn",
        "politeness": POLITENESS,
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
        **source,
    }
    config.write_text(json.dumps({"database": str(home / "news.db"), "sources": [crawled]}))
    result = run_cli("--config", str(config), "crawl", "stubborn", timeout=110)
    assert result.returncode == 0, result.stderr[-3000:]
    db = open_db(home / "news.db", read_only=True)
    urls = sorted(url for (url,) in db.execute("SELECT url FROM articles"))
    db.close()
    return result.stdout, result.stderr, urls


def test_feed_links_are_resolved_under_xml_base(site: PageServer, tmp_path: Path) -> None:
    # Blog engines write relative hrefs under an xml:base; the feed itself lives elsewhere.
    site.put("/blog/2026/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/desk/2026/late-ferry-landing-opens-to-the-public", article("Ferry landing opens"))
    feed = site.put(
        "/feeds/all.atom",
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/">'
        "<title>b</title><entry><title>a</title>"
        '<link href="2026/harbour-council-agrees-ferry-plan"/>'
        '</entry><entry xml:base="/desk/"><title>b</title>'
        '<link rel="alternate" href="2026/late-ferry-landing-opens-to-the-public"/></entry></feed>',
        content_type="application/atom+xml",
    )
    _, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [
        site.url("/blog/2026/harbour-council-agrees-ferry-plan"),
        site.url("/desk/2026/late-ferry-landing-opens-to-the-public"),
    ]
    assert site.hits("/feeds/2026/harbour-council-agrees-ferry-plan") == 0


HOME = (
    "<html><head><title>The Harbour Times</title>"
    '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">'
    '<link rel="alternate" type="application/rss+xml" title="Feed" href="/rss.xml">'
    '<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">'
    '</head><body><a href="/about">About us</a></body></html>'
)


def test_a_home_page_given_as_a_feed_is_read_through_the_feed_it_declares(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    home = site.put("/", HOME)
    out, urls = crawl(site, tmp_path, feeds=[home])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert "1 new" in out and "failed" not in out
    # Only the first feed declared, as feed readers do; never the REST API's JSON.
    assert site.hits("/comments.xml") == 0 and site.hits("/wp-json/wp/v2/pages/2") == 0


def test_a_source_of_start_pages_only_reads_the_feed_its_start_page_declares(
    site: PageServer, tmp_path: Path
) -> None:
    # The article is in the feed only: the home page links no story.
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    site.put("/about", "<html><body>About</body></html>")
    home = site.put("/", HOME)
    _, urls = crawl(site, tmp_path, start_pages=[home])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert site.hits("/rss.xml") == 1


def test_a_start_page_declared_feed_is_not_read_when_feeds_are_configured(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    site.put("/other.xml", rss(), content_type=RSS)
    home = site.put("/", HOME)
    _, urls = crawl(site, tmp_path, start_pages=[home], feeds=[site.url("/other.xml")])
    assert urls == [] and site.hits("/rss.xml") == 0


def test_a_json_feed_gives_its_articles_with_hints(site: PageServer, tmp_path: Path) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    feed = site.put(
        "/feed.json",
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "The Harbour Times",
                "language": "en-GB",
                "items": [
                    {
                        "id": "tag:harbour,2026:1",
                        "url": "/news/harbour-council-agrees-ferry-plan",
                        "title": "Harbour council agrees",
                        "date_published": "2026-01-05T09:30:00+01:00",
                        "authors": [{"name": "Ana Reyes"}],
                    },
                    {"id": "no-url-here"},
                ],
            }
        ),
        content_type="application/feed+json",
    )
    _, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    db = open_db(tmp_path / "news.db", read_only=True)
    published, discovery = db.execute(
        "SELECT a.published_at, r.discovery FROM articles a, crawl_runs r"
    ).fetchone()
    db.close()
    assert published.startswith("2026-01-05T08:30:00")  # the feed's date, the page gives none
    assert json.loads(discovery) == {"no_url": 1}


def test_a_document_that_is_no_feed_is_said_not_silently_empty(
    site: PageServer, tmp_path: Path
) -> None:
    sitemap = site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/a')}</loc></url></urlset>",
        content_type="application/xml",
    )
    text = site.put("/feed", "Service temporarily moved.", content_type="text/plain")
    page = site.put("/home", "<!DOCTYPE html><html><body><p>No feed here</p></body></html>")
    out, urls = crawl(site, tmp_path, feeds=[sitemap, text, page])
    assert urls == []
    assert "stubborn: failed: bad_feed 3" in out, out


def test_a_source_sends_its_own_user_agent_and_headers(site: PageServer, tmp_path: Path) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    feed = site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    agent = "Mozilla/5.0 (compatible; newsagg/0.1; +https://example.org/bot)"
    _, urls = crawl(
        site,
        tmp_path,
        feeds=[feed],
        user_agent=agent,
        headers={"Cookie": "consent=yes", "accept-language": "de-DE"},
    )
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    sent = dict(site.requests)["/news/harbour-council-agrees-ferry-plan"]
    assert sent["User-Agent"] == agent
    assert sent["Cookie"] == "consent=yes"
    assert sent["Accept-Language"] == "de-DE"  # replaces Scrapy's default 'en', not beside it
    assert "text/html" in sent["Accept"]  # the defaults the source does not name stay


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"User-Agent": "x"}, "give it as the source's user_agent"),
        ({"X-Token": "a\r\nHost: evil"}, "cannot hold a line break"),
        ({"Bad Name": "x"}, "is not an HTTP header name"),
        ({"If-None-Match": "x"}, "the crawl sends it for a stored page"),
        ({"Cookie": "city=Zürich"}, "a value must be ASCII"),
    ],
)
def test_a_header_the_crawl_sets_itself_or_a_broken_one_is_refused_in_one_line(
    tmp_path: Path, headers: dict[str, str], expected: str
) -> None:
    config = tmp_path / "config.yaml"
    source = {"name": "s", "feeds": ["http://127.0.0.1:9/rss.xml"], "headers": headers}
    config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "sources", timeout=60)
    # An error inside one source entry sets that entry aside (docs/configuration.md):
    # `sources` lists it as such, with the one line as a warning.
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1 and "sources[0].headers" in result.stderr
    assert result.stderr.startswith("warning: ") and "s (set aside)" in result.stdout
    assert expected in result.stderr, result.stderr


def test_a_sitemap_entry_dated_by_year_and_month_only_is_read(
    site: PageServer, tmp_path: Path
) -> None:
    # W3C Datetime, the sitemap protocol's date format, allows YYYY-MM; with
    # max_age set, an unreadable date would skip the entry as bad_date.
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    month = datetime.now(UTC).strftime("%Y-%m")
    sitemap = site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        f"<loc>{site.url('/news/harbour-council-agrees-ferry-plan')}</loc>"
        f"<lastmod>{month}</lastmod></url><url><loc>{site.url('/news/old-story-from-long-ago')}"
        "</loc><lastmod>2001-02</lastmod></url></urlset>",
        content_type="application/xml",
    )
    _, urls = crawl(site, tmp_path, sitemaps=[sitemap], limits={"max_age": "62d"})
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert site.hits("/news/old-story-from-long-ago") == 0


def test_a_redirect_loop_is_said_and_two_urls_of_one_article_are_counted(
    site: PageServer, tmp_path: Path
) -> None:
    # /a -> /a/ -> /a: Scrapy's duplicate filter dropped the loop's second /a with
    # a DEBUG line, so the crawl ended with nothing fetched and nothing said.
    site.redirect("/news/looping-story-one-two-three", "/news/looping-story-one-two-three/", 301)
    site.redirect("/news/looping-story-one-two-three/", "/news/looping-story-one-two-three", 301)
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.redirect("/go/harbour-council", "/news/harbour-council-agrees-ferry-plan")
    feed = site.put(
        "/rss.xml",
        rss(
            "/news/looping-story-one-two-three",
            "/news/harbour-council-agrees-ferry-plan",
            "/go/harbour-council",
        ),
        content_type=RSS,
    )
    out, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert "stubborn: failed: redirect_loop 1" in out, out
    assert "stubborn: discovered links not followed: duplicate 1" in out, out
    assert site.hits("/news/harbour-council-agrees-ferry-plan") == 1


def test_listing_pages_past_max_pagination_are_counted(site: PageServer, tmp_path: Path) -> None:
    # ?page=N pagination with rel="next", articles linked with tracking parameters and
    # fragments; the "next" page past max_pagination hops was dropped without a word.
    for n in range(1, 7):
        site.put(
            f"/news?page={n}",
            f'<html><body><a href="/news/harbour-story-number-{n}-of-six?utm_source=x#top">s</a>'
            f'<a rel="next" href="/news?page={n + 1}">next</a></body></html>',
        )
        site.put(f"/news/harbour-story-number-{n}-of-six", article(f"Harbour story {n}"))
    out, urls = crawl(
        site, tmp_path, start_pages=[site.url("/news?page=1")], link_rules={"max_pagination": 2}
    )
    assert urls == [site.url(f"/news/harbour-story-number-{n}-of-six") for n in (1, 2, 3)]
    assert site.hits("/news?page=4") == 0
    assert "stubborn: discovered links not followed: max_pagination 1" in out, out


def test_listing_links_past_the_depth_limit_are_counted(site: PageServer, tmp_path: Path) -> None:
    # max_pagination 6 reaches past DEPTH_LIMIT (max_depth 2 + 2): Scrapy's depth
    # filter dropped the fifth page's article and "next" link with a DEBUG line.
    for n in range(1, 9):
        site.put(
            f"/news?page={n}",
            f'<html><body><a href="/news/harbour-story-number-{n}-of-eight">s</a>'
            f'<a rel="next" href="/news?page={n + 1}">next</a></body></html>',
        )
        site.put(f"/news/harbour-story-number-{n}-of-eight", article(f"Harbour story {n}"))
    out, urls = crawl(
        site,
        tmp_path,
        start_pages=[site.url("/news?page=1")],
        link_rules={"max_pagination": 6},
        limits={"max_depth": 2, "download_timeout": 5, "run_timeout": "60s"},
    )
    assert urls == [site.url(f"/news/harbour-story-number-{n}-of-eight") for n in (1, 2, 3, 4)]
    assert "stubborn: discovered links not followed: max_depth 2" in out, out


def test_a_text_sitemap_is_read_and_a_feed_listed_as_a_sitemap_is_said(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/news/ferry-landing-opens-to-the-public", article("Ferry landing opens"))
    text = site.put(
        "/sitemap.txt",
        f"{site.url('/news/harbour-council-agrees-ferry-plan')}\n\n"
        f"  {site.url('/news/ferry-landing-opens-to-the-public')}  \nnot a url\n",
        content_type="text/plain",
    )
    feed = site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    out, urls = crawl(site, tmp_path, sitemaps=[text, feed])
    assert urls == [
        site.url("/news/ferry-landing-opens-to-the-public"),
        site.url("/news/harbour-council-agrees-ferry-plan"),
    ]
    assert "stubborn: failed: bad_sitemap 1" in out, out
    assert "stubborn: discovered links not followed: bad_url 1" in out, out


def test_a_sources_headers_go_to_its_own_origins_and_credentials_never_cross_hosts(
    site: PageServer, tmp_path: Path
) -> None:
    # The feed's story moved to another host in scope: Scrapy's redirect dropped
    # Authorization and Cookie, and DEFAULT_REQUEST_HEADERS put them back.
    with PageServer("127.0.0.2") as other:
        other.put("/2026/late-ferry-landing-opens-to-public", article("Ferry landing opens"))
        site.redirect(
            "/2026/moved-story-about-harbour-ferry",
            other.url("/2026/late-ferry-landing-opens-to-public"),
            301,
        )
        feed = site.put("/feed.xml", rss("/2026/moved-story-about-harbour-ferry"), content_type=RSS)
        _, log, urls = crawl_logged(
            site,
            tmp_path,
            feeds=[feed],
            allowed_domains=[f"127.0.0.1:{site.port}", f"127.0.0.2:{other.port}"],
            politeness={**POLITENESS, "obey_robots": True},
            headers={"Authorization": "Bearer s3cret", "Cookie": "consent=yes", "X-Edition": "uk"},
        )
        assert urls == [other.url("/2026/late-ferry-landing-opens-to-public")]
        assert {path for path, _ in other.requests} == {
            "/robots.txt",
            "/2026/late-ferry-landing-opens-to-public",
        }
        for path, sent in other.requests:
            assert not {"Authorization", "Cookie", "X-Edition"} & set(sent), (path, sent)
        # Said once for the origin, not per request, with its port.
        held = (
            "The source's headers (Authorization, Cookie, X-Edition) are not sent to "
            f"http://127.0.0.2:{other.port}:"
        )
        assert log.count(held) == 1, log
    sent = dict(site.requests)["/2026/moved-story-about-harbour-ferry"]
    assert sent["Authorization"] == "Bearer s3cret" and sent["Cookie"] == "consent=yes"
    assert dict(site.requests)["/robots.txt"]["X-Edition"] == "uk"


SPORT = (
    "<html><head><title>Sport</title>"
    '<link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="/sitefeed/">'
    '<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" '
    'href="/comments/feed/">'
    '<link rel="alternate" type="application/rss+xml" title="Sport Feed" href="/sportfeed/">'
    '</head><body><a href="/sport/2026/local-team-wins-the-harbour-cup">Cup</a></body></html>'
)


def test_a_feed_a_section_page_declares_does_not_widen_the_sections_crawl(
    site: PageServer, tmp_path: Path
) -> None:
    # A WordPress category page declares the site's feed first: its politics and
    # home-page stories were stored although article_pattern names sport only.
    for path in (
        "/2026/harbour-ferry-timetable-changes-next-week",
        "/politics/2026/mayor-opens-the-new-harbour-office",
        "/sport/2026/local-team-wins-the-harbour-cup",
    ):
        site.put(path, article(path))
    site.put(
        "/sitefeed/",
        rss(
            "/2026/harbour-ferry-timetable-changes-next-week",
            "/politics/2026/mayor-opens-the-new-harbour-office",
            "/sport/2026/local-team-wins-the-harbour-cup",
        ),
        content_type=RSS,
    )
    sport = site.put("/sport/", SPORT)
    out, urls = crawl(
        site, tmp_path, start_pages=[sport], link_rules={"article_pattern": "/sport/20"}
    )
    assert urls == [site.url("/sport/2026/local-team-wins-the-harbour-cup")]
    assert (
        "stubborn: discovered links not followed: duplicate 1, found_not_article_pattern 2"
    ) in out, out
    assert (
        site.hits("/sitefeed/") == 1
        and site.hits("/politics/2026/mayor-opens-the-new-harbour-office") == 0
    )


def test_a_robots_txt_sitemap_is_held_to_the_article_pattern(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/sport/2026/local-team-wins-the-harbour-cup", article("Cup"))
    site.put("/politics/2026/mayor-opens-the-new-harbour-office", article("Mayor"))
    site.put(
        "/robots.txt", "User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", content_type="text/plain"
    )
    site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/politics/2026/mayor-opens-the-new-harbour-office')}</loc></url>"
        f"<url><loc>{site.url('/sport/2026/local-team-wins-the-harbour-cup')}</loc></url></urlset>",
        content_type="application/xml",
    )
    sport = site.put("/sport/", "<html><body><p>Sport</p></body></html>")
    out, urls = crawl(
        site, tmp_path, start_pages=[sport], link_rules={"article_pattern": "/sport/20"}
    )
    assert urls == [site.url("/sport/2026/local-team-wins-the-harbour-cup")]
    # Its own reason: "link_rules 1" did not say the sitemap was where it came from.
    assert "stubborn: discovered links not followed: found_not_article_pattern 1" in out, out


def test_a_stale_feed_a_start_page_declares_is_no_error(site: PageServer, tmp_path: Path) -> None:
    # Themes leave dead <link rel=alternate> tags: every crawl said "1 error".
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    page = site.put(
        "/h-dead",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/gone.xml"></head>'
        '<body><a href="/news/harbour-council-agrees-ferry-plan">s</a></body></html>',
    )
    out, log, urls = crawl_logged(site, tmp_path, start_pages=[page])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert "failed:" not in out, out
    assert "stubborn: discovered links not followed: autodiscovered_feed_failed 1" in out, out
    assert f"The feed a start page declares failed, {site.url('/gone.xml')}: http_4xx" in log
    db = open_db(tmp_path / "news.db", read_only=True)
    (errors,) = db.execute("SELECT errors FROM crawl_runs").fetchone()
    db.close()
    assert json.loads(errors or "{}") == {}
    # Said by status, or a dead main feed of a daemon-run source showed nowhere.
    config = str(tmp_path / "config.yaml")
    status = run_cli("--config", config, "status", "--json")
    (source,) = json.loads(status.stdout)["sources"]
    assert source["last_run"]["discovery"] == {"autodiscovered_feed_failed": 1}, status.stdout
    status = run_cli("--config", config, "status")
    assert " ok, declared feed failed " in status.stdout, status.stdout


def test_a_declared_feed_off_scope_or_the_page_itself_is_said(
    site: PageServer, tmp_path: Path
) -> None:
    with PageServer("127.0.0.2") as other:
        offhost = site.put(
            "/h-offhost",
            '<html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{other.url("/site/feed")}"></head><body></body></html>',
        )
        site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
        site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
        # Declares itself first, then its comments, then the feed.
        selfish = site.put(
            "/h-self",
            '<html><head><link rel="alternate" type="application/rss+xml" href="/h-self">'
            '<link rel="alternate" type="application/rss+xml" title="Comments" href="/c.xml">'
            '<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>',
        )
        out, log, urls = crawl_logged(site, tmp_path, feeds=[offhost, selfish])
        assert other.requests == []
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    feed = other.url("/site/feed")
    assert (
        f"{offhost} declares its feed {feed}, outside the source's scope: list {feed} under feeds"
    ) in log, log
    assert f"{selfish} declares itself as its feed: passed over" in log, log
    assert site.hits("/h-self") == 1 and site.hits("/c.xml") == 0
    assert "stubborn: discovered links not followed: offsite 1" in out, out


def test_links_past_the_limits_count_only_pages_this_crawl_does_not_request(
    site: PageServer, tmp_path: Path
) -> None:
    # Every listing page links the menu, fetched from the first page: it was
    # counted as max_pagination (or max_depth) on every crawl of every real site.
    menu = '<a href="/about">About</a><a href="/contact">Contact</a><a href="/section/sport">S</a>'
    for path in ("/about", "/contact", "/section/sport"):
        site.put(path, "<html><body><p>menu page</p></body></html>")
    for n in range(12):
        stories = "".join(
            f'<a href="/news/2026/01/harbour-story-{n}-{side}">s</a>' for side in ("a", "b")
        )
        site.put(
            f"/list/{n}",
            f'<html><body>{menu}{stories}<a rel="next" href="/list/{n + 1}">next</a></body></html>',
        )
        for side in ("a", "b"):
            site.put(f"/news/2026/01/harbour-story-{n}-{side}", article(f"Story {n} {side}"))
    out, urls = crawl(site, tmp_path / "pagination", start_pages=[site.url("/list/0")])
    assert len(urls) == 8 and site.hits("/list/4") == 0
    assert "stubborn: discovered links not followed: max_pagination 1" in out, out
    out, urls = crawl(
        site,
        tmp_path / "depth",
        start_pages=[site.url("/list/0")],
        link_rules={"max_pagination": 6},
        limits={"max_depth": 1, "download_timeout": 5, "run_timeout": "60s"},
    )
    assert len(urls) == 6 and site.hits("/list/3") == 2  # one hit per crawl
    # /list/3's two stories and /list/4; not the menu's three pages, fetched at depth 1.
    assert "stubborn: discovered links not followed: max_depth 3" in out, out


def test_a_redirect_through_a_tracking_query_to_a_page_requested_is_a_duplicate(
    site: PageServer, tmp_path: Path
) -> None:
    # A click redirector: /r/1 -> the story with ?utm_source=rss -> the story. Its
    # last hop equals its first under our canonical URLs, not under Scrapy's
    # fingerprint: it was reported as a redirect_loop on every crawl.
    story = "/2026/story-about-harbour-ferry-plan"
    site.put(story, article("Harbour ferry plan"))
    site.redirect("/r/1", f"{story}?utm_source=rss", 301)
    site.redirect(f"{story}?utm_source=rss", story, 301)
    feed = site.put("/feed.xml", rss(story, "/r/1"), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path, feeds=[feed])
    assert urls == [site.url(story)]
    assert "failed:" not in out and "redirect_loop" not in log, out
    assert "stubborn: discovered links not followed: duplicate 1" in out, out
    assert site.hits(story) == 1


def test_a_feed_robots_txt_names_as_a_sitemap_is_read_as_a_feed(
    site: PageServer, tmp_path: Path
) -> None:
    # Search engines accept RSS and Atom as sitemaps: this one was a bad_sitemap
    # error on every crawl, its warning telling the operator to fix their config.
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    site.put("/news/ferry-landing-opens-to-the-public", article("Ferry landing opens"))
    site.put(
        "/robots.txt",
        "User-agent: *\nAllow: /\nSitemap: /feed/\nSitemap: /sitemap.xml\n",
        content_type="text/plain",
    )
    site.put("/feed/", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/news/ferry-landing-opens-to-the-public')}</loc></url></urlset>",
        content_type="application/xml",
    )
    listing = site.put("/list", "<html><body><p>Latest</p></body></html>")
    out, log, urls = crawl_logged(site, tmp_path, start_pages=[listing])
    assert urls == [
        site.url("/news/ferry-landing-opens-to-the-public"),
        site.url("/news/harbour-council-agrees-ferry-plan"),
    ]
    assert "failed:" not in out and "list it under feeds" not in log, out


def test_a_json_document_nested_too_deep_is_refused_as_no_feed(
    site: PageServer, tmp_path: Path
) -> None:
    # json.loads hit the recursion limit: a Spider error, and the summary said nothing.
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    good = site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    deep = site.put(
        "/deep.json",
        '{"items": [' + "[" * 5000 + "]" * 5000 + "]}",
        content_type="application/json",
    )
    out, log, urls = crawl_logged(site, tmp_path, feeds=[deep, good])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    assert "stubborn: failed: bad_feed 1" in out, out
    assert f"Refusing feed {deep}: not a feed: unreadable JSON (nested too deep)" in log
    assert "RecursionError" not in log


@pytest.mark.parametrize(
    ("story", "amp"),
    [
        ("/news/harbour-council-agrees-ferry-plan", "/amp/news/harbour-council-agrees-ferry-plan"),
        ("/news/harbour-council-agrees-ferry-plan", "/news/harbour-council-agrees-ferry-plan.amp"),
        ("/news/harbour-council-agrees.html", "/news/harbour-council-agrees.amp.html"),
    ],
)
def test_an_amp_url_listed_beside_its_canonical_is_not_fetched_again(
    site: PageServer, tmp_path: Path, story: str, amp: str
) -> None:
    # Stored once under the canonical URL, but the AMP URL it was also fetched at
    # was no alias: every crawl fetched it again.
    site.put(story, article("Harbour council agrees"))
    site.put(
        amp,
        article("Harbour council agrees").replace(
            "<head>", f'<head><link rel="canonical" href="{site.url(story)}">'
        ),
    )
    feed = site.put("/rss.xml", rss(story), content_type=RSS)
    _, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [site.url(story)]
    site.put("/rss.xml", rss(story, amp), content_type=RSS)
    for _ in range(2):  # the first fetches the AMP URL, the second must not
        out, urls = crawl(site, tmp_path, feeds=[feed])
        assert urls == [site.url(story)]
    assert "stubborn: finished; 0 article pages fetched" in out, out
    assert site.hits(story) == 1 and site.hits(amp) == 1


def test_a_section_page_is_read_through_its_own_feed_before_the_sites(
    site: PageServer, tmp_path: Path
) -> None:
    # WordPress's category page declares the site's feed first, its own last.
    for path in (
        "/category/sport/2026/local-team-wins-the-harbour-cup",
        "/category/sport/2026/rowing-club-opens-its-new-boathouse",
    ):
        site.put(path, article(path))
    site.put(
        "/feed/", rss("/category/sport/2026/local-team-wins-the-harbour-cup"), content_type=RSS
    )
    site.put(
        "/category/sport/feed/",
        rss(
            "/category/sport/2026/local-team-wins-the-harbour-cup",
            "/category/sport/2026/rowing-club-opens-its-new-boathouse",
        ),
        content_type=RSS,
    )
    page = site.put(
        "/category/sport/",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="/category/sport/feed/">'
        "</head><body><p>Sport</p></body></html>",
    )
    _, urls = crawl(site, tmp_path, start_pages=[page])
    assert len(urls) == 2
    assert site.hits("/category/sport/feed/") == 1 and site.hits("/feed/") == 0


def test_pages_sharing_a_wrong_canonical_stay_apart_until_it_is_mended(
    site: PageServer, tmp_path: Path
) -> None:
    # A template's default canonical ("/index.html") on every article: none of their
    # URLs may become an alias of one row, or the other articles were never fetched
    # again once the site mends it. The home page's index file is no article's
    # canonical: each page is its own article from the first crawl on (it was one row).
    stories = [f"/news/harbour-story-number-{n}" for n in (1, 2, 3)]
    wrong = '<head><link rel="canonical" href="/index.html">'
    for n, story in enumerate(stories):
        site.put(story, article(f"Harbour story {n}").replace("<head>", wrong))
    feed = site.put("/rss.xml", rss(*stories), content_type=RSS)
    crawl(site, tmp_path, feeds=[feed])
    out, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [site.url(story) for story in stories], out
    for n, story in enumerate(stories):
        site.put(story, article(f"Harbour story {n}"))
    out, urls = crawl(site, tmp_path, feeds=[feed])
    assert urls == [site.url(story) for story in stories], out


def refusing(agent_word: str, page: str) -> Any:
    """A route answering 403 to a user agent without ``agent_word`` (a site behind a bot
    filter), else ``page``."""

    def answer(headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if agent_word in headers.get("User-Agent", ""):
            return 200, {}, page
        return 403, {}, "<html><body><h1>Access denied</h1></body></html>"

    return answer


def test_a_feed_refusing_the_crawlers_user_agent_is_said_with_the_key_that_fixes_it(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    feed_xml = rss("/news/harbour-council-agrees-ferry-plan")
    feed = site.put("/rss.xml", refusing("Mozilla", feed_xml), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path / "bare", feeds=[feed])
    assert urls == [] and "stubborn: failed: http_4xx 1" in out
    # One line at the default level naming the source, the feed, the status and the fix.
    said = [line for line in log.splitlines() if "403" in line]
    assert len(said) == 1, log
    assert f"stubborn: the feed {feed} answered HTTP 403" in said[0]
    assert "user_agent" in said[0] and "Traceback" not in log
    _, log, urls = crawl_logged(site, tmp_path / "fixed", feeds=[feed], user_agent="Mozilla/5.0")
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")] and "403" not in log


def test_each_dead_feed_of_the_config_is_named(site: PageServer, tmp_path: Path) -> None:
    # Two feeds of the source's config gone (404) beside one that works: the operator
    # mends or removes each entry, so each is named, not the first one only.
    site.put("/news/harbour-council-agrees-ferry-plan", article("Harbour council agrees"))
    good = site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    dead = [site.url("/old-feed.xml"), site.url("/older-feed.xml")]
    out, log, urls = crawl_logged(site, tmp_path, feeds=[good, *dead])
    assert urls == [site.url("/news/harbour-council-agrees-ferry-plan")]
    said = [line for line in log.splitlines() if "answered HTTP 404" in line]
    assert len(said) == 2, log
    for feed in dead:
        assert sum(f"stubborn: the feed {feed} answered HTTP 404" in line for line in said) == 1
    assert "counted only" not in log


def test_article_pages_refusing_the_crawler_are_said_once_and_counted(
    site: PageServer, tmp_path: Path
) -> None:
    # The feed is open, every article page behind the bot filter (a CDN's rule on /news/).
    paths = [f"/news/harbour-council-story-number-{n}" for n in range(3)]
    for n, path in enumerate(paths):
        site.put(path, refusing("Mozilla", article(f"Harbour story {n}")))
    feed = site.put("/rss.xml", rss(*paths), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path, feeds=[feed])
    assert urls == [] and "stubborn: failed: http_4xx 3" in out
    said = [line for line in log.splitlines() if "403" in line]
    assert len(said) == 1, log
    assert "stubborn: the article page http://127.0.0.1:" in said[0]
    assert "later ones answering it are counted only" in said[0] and "user_agent" in said[0]


def test_a_status_scrapy_retried_is_said_by_its_line_alone(
    site: PageServer, tmp_path: Path
) -> None:
    site.put("/news/harbour-council-agrees-ferry-plan", "<h1>Down</h1>", status=503)
    feed = site.put("/rss.xml", rss("/news/harbour-council-agrees-ferry-plan"), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path, feeds=[feed])
    assert urls == [] and "stubborn: failed: http_5xx 1" in out
    said = [line for line in log.splitlines() if "503" in line]
    assert len(said) == 1 and "Gave up retrying" in said[0], log


def cli(home: Path, *args: str) -> str:
    """``aggregator`` on the database ``crawl`` wrote under ``home``; its output."""
    config = home / "config.yaml"
    result = run_cli("--config", str(config), *args, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def stored_rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    db = open_db(home / "news.db", read_only=True)
    try:
        return [tuple(row) for row in db.execute(sql)]
    finally:
        db.close()


STORIES = {
    "/news/2026/12/ferry-strike-ends-after-pay-deal": "Ferry strike ends",
    "/news/2026/12/kayakers-cross-the-harbour-at-dawn": "Kayakers cross the harbour",
    "/news/2026/12/library-reopens-with-a-new-roof": "Library reopens roof",
}


def other_article(title: str, words: str) -> str:
    """An article whose every paragraph is about ``words``: no sentence in common with
    another one's."""
    paragraphs = "".join(
        f"<p>{title}: paragraph {n} tells of {words}, {n * 7} people, on day {n + 3}.</p>"
        for n in range(5)
    )
    return (
        f'<html><head><title>{title}</title><meta property="og:type" content="article">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    "shared",
    [
        "/index.html",
        "/index.php",
        "/default.aspx",
        "/home",
        "/en/",
        "/news/2026/12/top-story-of-the-day",
    ],
)
def test_articles_sharing_a_wrong_canonical_are_stored_apart_and_not_as_edits(
    site: PageServer, tmp_path: Path, shared: str
) -> None:
    # A template's canonical on every article: the home page's index file (known to the
    # parser), or an article-like URL it cannot tell (known to storage: another URL, a
    # wholly different text). Each was stored as an edit of one row, a version a crawl.
    words = ["striking crews and ferry fares", "kayakers at dawn", "the library's new roof"]
    for (path, title), about in zip(STORIES.items(), words, strict=True):
        page = other_article(title, about)
        site.put(path, page.replace("<head>", f'<head><link rel="canonical" href="{shared}">'))
    feed = site.put("/rss.xml", rss(*STORIES), content_type=RSS)
    for _ in range(2):
        out, urls = crawl(site, tmp_path, feeds=[feed])
        assert urls == sorted(site.url(path) for path in STORIES), out
    assert stored_rows(tmp_path, "SELECT count(*) FROM article_versions") == [(0,)]
    assert "kayakers" in cli(tmp_path, "search", "kayakers").lower()
    assert "Library reopens roof" in cli(tmp_path, "search", "library")


VARIANTS = [
    "/news/harbour-council-agrees-ferry-plan?PHPSESSID=9f8e7d6c",
    "/news/harbour-council-agrees-ferry-plan;jsessionid=0A1B2C3D",
    "/news/harbour-council-agrees-ferry-plan?sid=55",
    "/news/harbour-council-agrees-ferry-plan?page=1",
    "/news/harbour-council-agrees-ferry-plan/index.html",
]


def test_variants_of_an_article_naming_it_as_canonical_are_not_fetched_again(
    site: PageServer, tmp_path: Path
) -> None:
    # Session ids and other variants, each page with the article's own canonical: only
    # AMP and mobile copies became aliases, so every crawl fetched the others again.
    story = "/news/harbour-council-agrees-ferry-plan"
    canonical = f'<head><link rel="canonical" href="{site.url(story)}">'
    for path in [story, *VARIANTS]:
        site.put(path, article("Harbour council agrees").replace("<head>", canonical))
    feed = site.put("/rss.xml", rss(story, *VARIANTS), content_type=RSS)
    for _ in range(2):  # the pages are fetched concurrently: any may be stored first
        out, urls = crawl(site, tmp_path, feeds=[feed])
        assert stored_rows(tmp_path, "SELECT canonical_url FROM articles") == [
            (site.url(story),)
        ], out
    assert "stubborn: finished; 0 article pages fetched" in out, out
    assert all(site.hits(path) <= 1 for path in [story, *VARIANTS])
    # The session ids never reach the site: the same URL once they are dropped.
    assert site.hits(VARIANTS[0]) == 0 and site.hits(VARIANTS[1]) == 0


def test_without_a_canonical_link_slash_and_index_file_variants_are_one_article(
    site: PageServer, tmp_path: Path
) -> None:
    spelt = ["/story-of-the-harbour", "/story-of-the-harbour/", "/story-of-the-harbour/index.html"]
    for path in spelt:
        site.put(path, article("Harbour council agrees"))
    feed = site.put(
        "/rss.xml", rss(*spelt, "/story-of-the-harbour?utm_source=rss"), content_type=RSS
    )
    crawl(site, tmp_path, feeds=[feed])
    out, urls = crawl(site, tmp_path, feeds=[feed])
    assert len(urls) == 1 and urls[0] in [site.url(path) for path in spelt], out
    assert "stubborn: finished; 0 article pages fetched" in out, out


def test_readers_are_given_the_canonical_url_not_the_amp_copy_fetched(
    site: PageServer, tmp_path: Path
) -> None:
    story, amp = (
        "/news/harbour-council-agrees-ferry-plan",
        "/amp/news/harbour-council-agrees-ferry-plan",
    )
    page = article("Harbour council agrees")
    site.put(amp, page.replace("<head>", f'<head><link rel="canonical" href="{site.url(story)}">'))
    feed = site.put("/rss.xml", rss(amp), content_type=RSS)
    crawl(site, tmp_path, feeds=[feed])
    shown = cli(tmp_path, "show", "1")
    atom = cli(tmp_path, "export", "--format", "atom")
    for given in (shown, atom):
        assert site.url(story) in given and "/amp/" not in given, given
