"""The demo news network over real HTTP: what crawlers and the demo rely on.

One network on random free ports serves the whole module; requests go through
urllib with proxies disabled (loopback must never go to a proxy).
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime

import pytest
from conftest import SEED_TEXT

from app.demo import (
    DemoNetwork,
    discovery_urls,
    events,
    ground_truth,
    is_running,
    outlet_base_url,
    outlet_names,
    stories,
)
from app.demo.content import outlet_spec

SEED_ID = "island-trump-kim-summit"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def net():
    with DemoNetwork(base_port=0) as network:
        yield network


def _articles(outlet: str):
    return [a for a in ground_truth() if a.outlet == outlet]


# --- ground truth as data -------------------------------------------------------------


def test_ground_truth_shape():
    truth = ground_truth()
    assert len(outlet_names()) >= 5
    per_outlet = Counter(a.outlet for a in truth)
    assert set(per_outlet) == set(outlet_names())
    assert min(per_outlet.values()) >= 5
    assert len({a.id for a in truth}) == len(truth)

    by_id = {a.id: a for a in truth}
    wire = {key: ids for key, ids in stories().items() if len(ids) > 1}
    assert len(wire) >= 5  # four agency stories plus the BBC summit story
    for key, ids in wire.items():
        copies = [by_id[i] for i in ids if by_id[i].copy_of]
        assert 2 <= len({c.outlet for c in copies}) <= 4, key
        for c in copies:
            original = by_id[c.copy_of]
            assert original.story_key == c.story_key
            assert c.published_at is None or c.published_at > original.published_at
            assert c.body != original.body  # real copies are edited
    independent = {e: keys for e, keys in events().items() if len(keys) > 1}
    assert len(independent) >= 3
    cutoff = datetime(2026, 11, 1, tzinfo=UTC)
    for a in truth:
        assert 6 <= len(a.body) <= 14, a.id
        assert a.published_at is None or a.published_at < cutoff
        assert a.published_at is None or a.published_at.tzinfo == UTC
    assert by_id[SEED_ID].published_at is None
    assert len(by_id[SEED_ID].related()) == 3


def test_seed_body_matches_the_seed_text():
    blocks = [b.strip() for b in SEED_TEXT.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = blocks[blocks.index("Updated") + 1 : blocks.index("Author Profile")]
    seed = next(a for a in ground_truth() if a.id == SEED_ID)
    assert list(seed.body) == body
    assert seed.headline == blocks[0]
    assert seed.standfirst == blocks[1]
    assert seed.authors == ("Monika Walker",)


def test_discovery_urls_cover_every_kind():
    kinds = Counter()
    for name in outlet_names():
        urls = discovery_urls(name, 8801)
        assert set(urls) == {"feeds", "sitemaps", "start_pages"}
        assert any(urls.values()), name
        for kind, values in urls.items():
            kinds[kind] += bool(values)
            assert all(u.startswith(outlet_base_url(name, 8801)) for u in values)
    assert kinds["feeds"] and kinds["sitemaps"] and kinds["start_pages"]
    both = [
        n for n in outlet_names() if all(discovery_urls(n, 8801)[k] for k in ("feeds", "sitemaps"))
    ]
    assert both, "one outlet must offer both a feed and a sitemap"
    assert outlet_base_url(outlet_names()[2], 9000) == "http://127.0.0.1:9002"


# --- over HTTP -------------------------------------------------------------------------


def test_health_and_port_layout(net):
    assert 20000 <= net.base_port <= 60000
    assert is_running(net.base_port)
    for i, outlet in enumerate(net.outlets):
        assert outlet.base_url == f"http://127.0.0.1:{net.base_port + i}"
        status, headers, body = fetch(outlet.base_url + "/_demo/health")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert json.loads(body) == {"demo": "newsagg", "outlet": outlet.name}


def test_is_running_false_when_nothing_listens():
    with DemoNetwork(base_port=0) as other:
        port = other.base_port
    assert not is_running(port)


def test_unknown_path_is_404(net):
    for outlet in net.outlets:
        status, _, _ = fetch(outlet.base_url + "/no/such/page")
        assert status == 404


def test_every_article_page_renders_its_truth(net):
    for a in ground_truth():
        outlet = net.outlet(a.outlet)
        status, headers, raw = fetch(a.url(net.base_port))
        assert status == 200, a.id
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["ETag"] and headers["Last-Modified"]
        page = raw.decode("utf-8")
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        expected = (f"{a.headline} | {outlet.site_name}", f"{a.headline} - {outlet.site_name}")
        assert html.unescape(title) in expected
        for paragraph in a.body:
            assert html.escape(paragraph) in page, (a.id, paragraph[:40])
        for path, text in a.related():
            assert f'href="{path}"' in page and html.escape(text) in page


def test_feeds_list_every_article(net):
    formats = set()
    for outlet in net.outlets:
        status, headers, body = fetch(outlet.feed_url)
        assert status == 200
        root = ET.fromstring(body)
        if root.tag == "rss":
            formats.add("rss")
            assert headers["Content-Type"].startswith("application/rss+xml")
            links = [item.findtext("link") for item in root.iter("item")]
        else:
            formats.add("atom")
            assert root.tag == "{http://www.w3.org/2005/Atom}feed"
            assert headers["Content-Type"].startswith("application/atom+xml")
            links = [e.find("atom:link", NS).get("href") for e in root.iterfind("atom:entry", NS)]
        assert sorted(links) == sorted(a.url(net.base_port) for a in _articles(outlet.name))
    assert formats == {"rss", "atom"}


def _sitemap_locs(url: str, seen_index: list[str]) -> list[ET.Element]:
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(body)
    if root.tag == f"{{{NS['sm']}}}sitemapindex":
        seen_index.append(url)
        out = []
        for loc in root.iterfind("sm:sitemap/sm:loc", NS):
            out += _sitemap_locs(loc.text, seen_index)
        return out
    return list(root.iterfind("sm:url", NS))


def test_sitemaps_list_every_article(net):
    indexes: list[str] = []
    news = 0
    for outlet in net.outlets:
        urls = _sitemap_locs(outlet.sitemap_url, indexes)
        locs = [u.findtext("sm:loc", namespaces=NS) for u in urls]
        assert sorted(locs) == sorted(a.url(net.base_port) for a in _articles(outlet.name))
        for u in urls:
            if u.find("news:news", NS) is not None:
                news += 1
                assert u.findtext("news:news/news:title", namespaces=NS)
                assert u.findtext("news:news/news:publication_date", namespaces=NS)
    assert indexes and news


def test_robots_txt(net):
    private = "/private/"
    blocked = [
        o
        for o in net.outlets
        if private
        in [
            line.split(":", 1)[1].strip()
            for line in fetch(o.robots_url)[2].decode().splitlines()
            if line.startswith("Disallow:")
        ]
    ]
    assert blocked, "one outlet must disallow /private/"
    for outlet in net.outlets:
        status, headers, body = fetch(outlet.robots_url)
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        assert f"Sitemap: {outlet.sitemap_url}" in body.decode().splitlines()
    outlet = blocked[0]
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(fetch(outlet.robots_url)[2].decode().splitlines())
    home = fetch(outlet.home_url)[2].decode()
    private_paths = re.findall(r'href="(/private/[^"]*)"', home)
    assert private_paths, "the home page links to the disallowed page"
    assert not parser.can_fetch("newsagg", outlet.base_url + private_paths[0])
    assert fetch(outlet.base_url + private_paths[0])[0] == 200  # it exists; only robots forbids it
    for a in _articles(outlet.name):
        assert parser.can_fetch("newsagg", a.url(net.base_port))


def test_conditional_get(net):
    url = net.outlet("wirewire").feed_url
    status, headers, _ = fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": etag})[0] == 304
    assert fetch(url, {"If-Modified-Since": modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"})[0] == 200
    page = next(a for a in ground_truth() if a.outlet == "metroherald").url(net.base_port)
    status, headers, _ = fetch(page)
    assert fetch(page, {"If-None-Match": headers["ETag"]})[0] == 304


def test_start_page_pagination_reaches_every_article(net):
    name = next(n for n in outlet_names() if discovery_urls(n, net.base_port)["start_pages"])
    url, found = discovery_urls(name, net.base_port)["start_pages"][0], set()
    base = outlet_base_url(name, net.base_port)
    for _ in range(10):
        page = fetch(url)[2].decode()
        found |= set(re.findall(r'<h2><a href="([^"]+)"', page))
        nxt = re.search(r'rel="next" class="next" href="([^"]+)"', page)
        if not nxt:
            break
        url = base + nxt.group(1)
    assert found == {a.path for a in _articles(name)}


def test_seed_page_has_body_and_no_date(net):
    seed = next(a for a in ground_truth() if a.id == SEED_ID)
    assert not re.search(r"\d{4}", seed.path)
    status, _, raw = fetch(seed.url(net.base_port))
    page = raw.decode("utf-8")
    text = html.unescape(page)
    assert status == 200
    for paragraph in seed.body:
        assert paragraph in text
    assert "said on Friday the White House says" in text
    assert "Written by" in text and "Monika Walker" in text
    assert "Author Profile" in text and "Related Articles" in text
    for marker in (
        "<time",
        "datetime=",
        "datePublished",
        "published_time",
        "modified_time",
        "ld+json",
        "pubdate",
    ):
        assert marker not in page, marker
    assert not re.search(r"\b(19|20)\d\d\b", text)
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\b({months})\.? \d{{1,2}}\b|\b\d{{1,2}} ({months})\b", text)
    # Nor may a feed or sitemap hint give the seed page a date.
    island = net.outlet(seed.outlet)
    feed = ET.fromstring(fetch(island.feed_url)[2])
    item = next(i for i in feed.iter("item") if i.findtext("link") == seed.url(net.base_port))
    assert item.find("pubDate") is None
    urls = _sitemap_locs(island.sitemap_url, [])
    entry = next(u for u in urls if u.findtext("sm:loc", namespaces=NS) == seed.url(net.base_port))
    assert entry.find("sm:lastmod", NS) is None


def test_other_outlet_metadata_styles(net):
    """Each template exposes metadata its own way (the parser's test matrix)."""
    pages = {}
    for name in outlet_names():
        a = next(x for x in _articles(name) if x.published_at)
        pages[outlet_spec(name).kind] = fetch(a.url(net.base_port))[2].decode()
    assert "application/ld+json" in pages["jsonld"] and 'rel="canonical"' in pages["jsonld"]
    assert "og:title" in pages["opengraph"] and "ld+json" not in pages["opengraph"]
    assert 'name="author"' in pages["opengraph"] and "article:published_time" in pages["opengraph"]
    assert "og:" not in pages["plain"] and "ld+json" not in pages["plain"]
    assert "<time datetime=" in pages["plain"]
    assert "entry-content" in pages["wordpress"]
    assert '<div class="ad">Advertisement</div>' in pages["wordpress"]
    assert 'itemprop="datePublished"' in pages["regional"]


def test_requests_are_logged_and_stderr_is_quiet(net, capfd):
    net.clear_requests()
    fetch(net.outlet("plainpost").home_url)
    fetch(net.outlet("plainpost").base_url + "/missing")
    assert net.requested_paths("plainpost") == ["/", "/missing"]
    assert capfd.readouterr().err == ""
