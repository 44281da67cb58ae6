"""A stored article that moves keeps its identity, and its move costs one fetch (QA stop 51,
findings 1 and 2): real crawls (``aggregator crawl`` in a child process) of a site served
on 127.0.0.1 into a real SQLite file, its sitemap announcing the move once.

(a) Its URL now answers 301 to a new address, whose page names itself canonical. (b) The
page at its URL now declares another canonical URL. Either way the page is the stored
article (unchanged here), its ``canonical_url`` moves to the new one and the old one is
kept as an alias. Before, each was stored as a second current article (counted new), the
old one's ``fetched_at`` never moved, and every later crawl fetched the page again in full
while the sitemap still listed the old URL with its ``<lastmod>``.

(c) A temporary redirect (302) moves nothing, and (d) a page whose address comes back (its
canonical change reverted) moves back to it (review2 stop 51, finding 1): before, a 302
moved the article like a 301 and the page at the old address, back, was a second current
article counted new. (e) An edit reached through a temporary redirect stays at the
article's address: before, the edit took the redirect's target for the article's URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import run_cli
from pageserver import PageServer
from test_url_replaced import _query, _sitemap

pytestmark = pytest.mark.timeout(300)

OLD = "/news/orchard-saved-by-volunteers"
NEW = "/news/2026/12/orchard-saved-volunteers"
HEADLINE = "Heritage orchard saved by volunteers after sale falls through"
TEXT = [
    "Volunteers raised the last of the money on Sunday to buy the heritage orchard on the "
    "edge of the village, two days after the sale to a developer fell through.",
    "The orchard holds more than forty old apple varieties, some of them grown nowhere else "
    "in the county, and has been open to walkers for as long as anyone can remember.",
    "The parish council said the trust formed by the volunteers would take over the land in "
    "the new year and keep the paths open, with a pruning day every month.",
    "The developer had planned twelve houses on the site but withdrew after the county "
    "refused to widen the lane that is its only road access.",
]


def _page(canonical: str, text: list[str] = TEXT) -> str:
    body = "".join(f"<p>{p}</p>" for p in text)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{HEADLINE}</title>"
        f'<link rel="canonical" href="{canonical}">'
        '<meta property="og:site_name" content="QA Gazette">'
        '<meta property="article:published_time" content="2026-12-01T08:00:00Z">'
        f"</head><body><main><article><h1>{HEADLINE}</h1>"
        f'<p class="byline">By Ben Carter</p><div class="article-body">{body}</div>'
        "</article></main></body></html>"
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _config(home: Path, server: PageServer) -> Path:
    source = {
        "name": "gazette",
        "sitemaps": [_sitemap(server, "gazette", OLD)],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    config = home / "config.yaml"
    config.write_text(
        json.dumps({"database": str(home / "news.db"), "sources": [source]}), encoding="utf-8"
    )
    return config


def _crawl(config: Path) -> None:
    result = run_cli("--config", str(config), "crawl", "gazette")
    assert result.returncode == 0, result.stderr[-3000:]


def _stored(server: PageServer, home: Path) -> Path:
    """The page at ``OLD`` crawled and stored once; the crawl's config."""
    config = _config(home, server)
    _crawl(config)
    db = home / "news.db"
    assert _query(db, "SELECT url, canonical_url FROM articles") == [(server.url(OLD),) * 2]
    return config


def _articles_new(db: Path) -> list[int]:
    """Each crawl's count of new articles, in order."""
    return [new for (new,) in _query(db, "SELECT articles_new FROM crawl_runs ORDER BY id")]


def _assert_moved(server: PageServer, config: Path, fetched: str, canonical: str) -> None:
    """The page moved (the caller set the server's routes): the sitemap announces it once,
    then three crawls; the article is at ``fetched`` (a path) under ``canonical``."""
    db = Path(json.loads(config.read_text(encoding="utf-8"))["database"])
    # The move announced once, at a time later than the stored fetch.
    _sitemap(server, "gazette", OLD, datetime.now(UTC))
    hits_before = {path: server.hits(path) for path in (OLD, NEW)}
    for _ in range(3):
        _crawl(config)
    assert server.hits(OLD) - hits_before[OLD] == 1  # one request after the move, not one a crawl
    assert server.hits(NEW) - hits_before[NEW] == (1 if fetched == NEW else 0)
    rows = _query(db, "SELECT id, url, canonical_url, version, replaced_at FROM articles")
    assert rows == [(1, server.url(fetched), canonical, 1, None)]  # one article, unchanged
    aliases = _query(db, "SELECT url, article_id FROM url_aliases ORDER BY url")
    assert (server.url(OLD), 1) in aliases
    assert _articles_new(db) == [1, 0, 0, 0]  # the move is no new article


def test_a_page_moved_by_a_301_stays_one_article_fetched_once(
    server: PageServer, tmp_path: Path
) -> None:
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"o1"'})
    config = _stored(server, tmp_path)
    server.redirect(OLD, server.url(NEW), status=301)
    server.put(NEW, _page(server.url(NEW)), headers={"ETag": '"o2"'})
    _assert_moved(server, config, NEW, server.url(NEW))


def test_a_page_that_declares_a_new_canonical_stays_one_article_fetched_once(
    server: PageServer, tmp_path: Path
) -> None:
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"b1"'})
    config = _stored(server, tmp_path)
    server.put(OLD, _page(server.url(NEW)), headers={"ETag": '"b2"'})
    _assert_moved(server, config, OLD, server.url(NEW))


def _current(db: Path) -> list[tuple[object, ...]]:
    return _query(db, "SELECT id, url, canonical_url FROM articles WHERE replaced_at IS NULL")


def _announced(server: PageServer, config: Path) -> None:
    """The sitemap announces a change of ``OLD`` (a later ``<lastmod>``); one crawl."""
    _sitemap(server, "gazette", OLD, datetime.now(UTC))
    _crawl(config)


def test_a_temporary_redirect_moves_nothing_and_the_page_back_is_the_same_article(
    server: PageServer, tmp_path: Path
) -> None:
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"t1"'})
    config = _stored(server, tmp_path)
    db = tmp_path / "news.db"
    server.redirect(OLD, server.url(NEW), status=302)
    server.put(NEW, _page(server.url(NEW)), headers={"ETag": '"t2"'})
    _announced(server, config)
    assert server.hits(NEW) == 1
    # The article stays at its address: a 302 says the page lives there still.
    assert _current(db) == [(1, server.url(OLD), server.url(OLD))]
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"t3"'})  # the 302 ended
    _announced(server, config)
    assert _current(db) == [(1, server.url(OLD), server.url(OLD))]
    assert _articles_new(db) == [1, 0, 0]  # the page back is no new article


def test_a_page_whose_canonical_change_is_reverted_moves_back(
    server: PageServer, tmp_path: Path
) -> None:
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"r1"'})
    config = _stored(server, tmp_path)
    db = tmp_path / "news.db"
    server.put(OLD, _page(server.url(NEW)), headers={"ETag": '"r2"'})
    _announced(server, config)
    assert _current(db) == [(1, server.url(OLD), server.url(NEW))]
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"r3"'})
    _announced(server, config)
    assert _current(db) == [(1, server.url(OLD), server.url(OLD))]
    aliases = _query(db, "SELECT url, article_id FROM url_aliases ORDER BY url")
    assert (server.url(NEW), 1) in aliases
    assert _articles_new(db) == [1, 0, 0]  # the page back is no new article


@pytest.mark.parametrize("target_canonical", [NEW, OLD], ids=["names-itself", "names-the-old"])
def test_an_edit_reached_through_a_temporary_redirect_stays_at_its_address(
    server: PageServer, tmp_path: Path, target_canonical: str
) -> None:
    edited = [*TEXT, "The trust said on Monday that it would plant twenty new trees in March."]
    server.put(OLD, _page(server.url(OLD)), headers={"ETag": '"e1"'})
    config = _stored(server, tmp_path)
    db = tmp_path / "news.db"
    server.redirect(OLD, server.url(NEW), status=302)
    server.put(NEW, _page(server.url(target_canonical), edited), headers={"ETag": '"e2"'})
    _announced(server, config)
    assert server.hits(NEW) == 1
    at_old = (1, server.url(OLD), server.url(OLD))
    assert _current(db) == [at_old]
    assert _query(db, "SELECT version FROM articles") == [(2,)]  # the edit is stored
    server.put(OLD, _page(server.url(OLD), edited), headers={"ETag": '"e3"'})  # the 302 ended
    _announced(server, config)
    assert _current(db) == [at_old]
    assert _query(db, "SELECT version FROM articles") == [(2,)]
    assert _articles_new(db) == [1, 0, 0]
