"""What a crawl checks and finds unchanged is not asked for again: a 304 moves the
stored article's ``fetched_at`` (F6), and a sitemap index's children its ``<lastmod>``
does not show as newer are not fetched again (F8). Real crawls of the fault server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faultserver import FaultServer
from test_crawl_faults import crawl

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def test_a_304_is_a_check_the_next_crawls_do_not_repeat(fs: FaultServer, tmp_path: Path) -> None:
    """The feed's <updated> moves once after crawl 1, the page (and its ETag) does not:
    crawl 2 asks conditionally and gets a 304; crawls 3 and 4 ask nothing."""
    kwargs = {"feeds": ["/vfeed/moved-once.xml"]}
    first = crawl(fs, tmp_path, **kwargs)
    assert first.returncode == 0, first.output[-2000:]
    (fetched_first,) = first.rows("SELECT fetched_at FROM articles")[0]
    fs.control(touch="moved-once")
    hits = []
    for _ in range(3):
        result = crawl(fs, tmp_path, **kwargs)
        assert result.returncode == 0, result.output[-2000:]
        hits.append(result.hit("/versioned/moved-once"))
    # Counted from the server's start: 1 by crawl 1, 1 more (the 304) by crawl 2, then none.
    assert hits == [2, 2, 2]
    conditional = result.headers["/versioned/moved-once"][1]
    assert conditional.get("if-none-match") == '"moved-once-v1"'
    (fetched_now, etag) = result.rows("SELECT fetched_at, etag FROM articles")[0]
    assert fetched_now > fetched_first and etag == '"moved-once-v1"'
    assert len(result.rows("SELECT id FROM articles")) == 1


def test_an_index_child_its_lastmod_shows_unchanged_is_not_fetched_again(
    fs: FaultServer, tmp_path: Path
) -> None:
    """No validators anywhere. Crawl 2 fetches the index and the child without a
    <lastmod> only; once the index moves child 0's <lastmod>, crawl 3 fetches it too."""
    index = "/smindex/kids.xml"
    children = [f"/smchild/kids-{i}.xml" for i in range(3)]
    first = crawl(fs, tmp_path, sitemaps=[index])
    assert first.returncode == 0, first.output[-2000:]
    assert [first.hit(c) for c in children] == [1, 1, 1]
    assert {f"/article/smc-kids-{i}" for i in range(3)} <= first.paths()

    second = crawl(fs, tmp_path, sitemaps=[index])
    assert second.returncode == 0, second.output[-2000:]
    assert second.hit(index) == 2
    assert [second.hit(c) for c in children] == [1, 1, 2]
    assert second.run["pages_fetched"] == 0  # the kept copies' articles are stored

    fs.control(touch="kids")
    third = crawl(fs, tmp_path, sitemaps=[index])
    assert [third.hit(c) for c in children] == [2, 1, 3]


def test_index_children_read_unasked_are_said_apart_from_the_304s(
    fs: FaultServer, tmp_path: Path
) -> None:
    """An index with an ETag, of two dated children; nothing changes. The second crawl
    sends one request, answered 304: the summary says one 304, and the two children
    read from their kept copies without a request as such, not as two more 304s."""
    index = "/smindex/said.xml?validated=1"
    children = [f"/smchild/said-{i}.xml" for i in range(2)]
    first = crawl(fs, tmp_path, sitemaps=[index])
    assert first.returncode == 0, first.output[-2000:]
    assert [first.hit(c) for c in children] == [1, 1]

    second = crawl(fs, tmp_path, sitemaps=[index])
    assert second.returncode == 0, second.output[-2000:]
    assert second.hit(index) == 2 and second.headers[index][-1].get("if-none-match")
    assert [second.hit(c) for c in children] == [1, 1]  # not asked
    assert second.stats["newsagg/documents_not_modified"] == 1
    assert second.stats["newsagg/sitemaps_read_unasked"] == 2
    assert "; 1 feed, sitemap or listing page unchanged (304); " in second.output
    assert "; 2 child sitemaps read from the kept copy" in second.output
