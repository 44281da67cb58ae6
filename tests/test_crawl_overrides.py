"""An operator's overrides that do not do what they say, told once per crawl (QA pass D,
stop 42): a selector that matches nothing, and a cookie-check redirect.

Each test serves a hand-made site on 127.0.0.1 and runs ``aggregator crawl`` in a
child process into a real SQLite file (tests/test_crawl_stubborn.py's helpers).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pageserver import PageServer
from test_crawl_stubborn import RSS, article, crawl_logged, rss

from storage.db import open_db

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def site() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


def _last_run_stats(home: Path) -> dict[str, int]:
    db = open_db(home / "news.db", read_only=True)
    (stats,) = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    db.close()
    return json.loads(stats)


def test_a_selector_that_matches_nothing_is_warned_once_per_crawl_and_field(
    site: PageServer, tmp_path: Path
) -> None:
    """The site was redesigned: the body selector matches one page of three, the headline
    selector none. The automatic rules still extract every page; the operator learns it in
    one WARNING per field (not one per page), in the summary and in the run's stats."""
    titles = ["Ferry landing approved", "Harbour wall repaired", "Night buses return"]
    pages = [article(title) for title in titles]
    # The one page still in the old design.
    pages[0] = (
        pages[0]
        .replace("<article>", '<article><div class="story-body">')
        .replace("</article>", "</div></article>")
    )
    links = [site.put(f"/news/2026/12/story-{n}", page) for n, page in enumerate(pages)]
    feed = site.put("/feed.xml", rss(*links), content_type=RSS)
    selectors = {"body": "div.story-body p", "headline": "h2.nothere", "byline": "span.x"}
    out, log, urls = crawl_logged(site, tmp_path, feeds=[feed], selectors=selectors)
    assert urls == sorted(links)  # the automatic rules stored every page
    body = "selector body 'div.story-body p' matched nothing on 2 of 3 pages"
    headline = "selector headline 'h2.nothere' matched nothing on 3 of 3 pages"
    assert log.count(body) == 1, log[-3000:]
    assert log.count(headline) == 1, log[-3000:]
    assert log.count("matched nothing on") == 3  # byline too, and nothing per page
    assert "stubborn: selectors matched nothing: body 2, byline 3, headline 3 (of 3 pages)" in out
    stats = _last_run_stats(tmp_path)
    assert stats["newsagg/selector_missed/body"] == 2
    assert stats["newsagg/selector_missed/headline"] == 3


def test_selectors_that_match_say_nothing(site: PageServer, tmp_path: Path) -> None:
    link = site.put("/news/2026/12/story-ok", article("Ferry landing approved"))
    feed = site.put("/feed.xml", rss(link), content_type=RSS)
    out, log, urls = crawl_logged(
        site, tmp_path, feeds=[feed], selectors={"headline": "h1", "body": "article p"}
    )
    assert urls == [link]
    assert "matched nothing" not in log + out
    assert not any(k.startswith("newsagg/selector_missed") for k in _last_run_stats(tmp_path))


def _cookie_check(site: PageServer, path: str, page: str) -> str:
    """A site that sends a client without its cookie to /cc-set, which sets it and sends
    the client back: a browser's cookie check."""

    def story(headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if "cc=1" in headers.get("Cookie", ""):
            return 200, {}, page
        return 302, {"Location": f"/cc-set?back={path}"}, ""

    site.put(path, story)
    site.put(
        f"/cc-set?back={path}",
        status=302,
        content_type="",
        headers={"Set-Cookie": "cc=1; Path=/", "Location": path},
    )
    return site.url(path)


def test_a_cookie_check_redirect_names_the_header_that_passes_it(
    site: PageServer, tmp_path: Path
) -> None:
    """The crawl keeps no cookies (COOKIES_ENABLED = False): the check's redirect back is a
    redirect_loop, and its WARNING names the cookie the site set and the key to give it in;
    given so, the page is stored."""
    link = _cookie_check(site, "/news/2026/12/ferry-landing", article("Ferry landing approved"))
    feed = site.put("/feed.xml", rss(link), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path / "bare", feeds=[feed])
    assert urls == []
    assert "redirect_loop 1" in out
    hint = 'the site set a cookie on the way (cc=1): give the source headers: {Cookie: "cc=1"}'
    assert log.count(hint) == 1, log[-3000:]
    out, log, urls = crawl_logged(
        site, tmp_path / "with-cookie", feeds=[feed], headers={"Cookie": "cc=1"}
    )
    assert urls == [link]


def test_a_plain_redirect_loop_names_no_cookie(site: PageServer, tmp_path: Path) -> None:
    site.redirect("/news/2026/12/a-loop", "/news/2026/12/a-loop/")
    site.redirect("/news/2026/12/a-loop/", "/news/2026/12/a-loop")
    feed = site.put("/feed.xml", rss(site.url("/news/2026/12/a-loop")), content_type=RSS)
    out, log, _ = crawl_logged(site, tmp_path, feeds=[feed])
    assert "redirect_loop 1" in out
    assert "redirect_loop: " in log and "Cookie" not in log


def test_consent_pages_are_said_once_with_the_header_that_passes_them(
    site: PageServer, tmp_path: Path
) -> None:
    wall = (
        "<html><head><title>Before you continue</title></head><body>"
        "<h1>Before you continue</h1><p>We use cookies to improve your visit.</p>"
        "<button>Accept all</button></body></html>"
    )
    links = [site.put(f"/news/2026/12/story-{n}", wall) for n in range(3)]
    feed = site.put("/feed.xml", rss(*links), content_type=RSS)
    out, log, urls = crawl_logged(site, tmp_path, feeds=[feed])
    assert urls == []
    assert "rejected 3" in out
    hint = (
        "3 pages of stubborn refused as a consent page: a site that shows its consent page "
        "to a client without its consent cookie needs the source's headers: {Cookie: "
    )
    assert log.count(hint) == 1, log[-3000:]
