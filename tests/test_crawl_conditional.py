"""Conditional GET for feeds: a kept copy with its validators, through real crawls.

Each test crawls the fault server twice (or more) with one home directory, so
the second crawl finds the first one's database and its ``httpcache/`` beside
it. The server's ``/feed/<name>.xml`` answers 304 to its own ETag, and records
every request's headers.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from faultserver import HANG, FaultServer
from scrapy import Spider
from scrapy.http import Request, Response, XmlResponse
from scrapy.utils.test import get_crawler
from test_crawl_faults import crawl, feed

from spiders.middlewares.discovery_cache import DiscoveryCacheStorage, kept_documents, prune_cache
from spiders.settings import NO_CONDITIONAL_GET

pytestmark = pytest.mark.timeout(120)

NOT_MODIFIED = "newsagg/documents_not_modified"


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def _kept_urls(home: Path) -> set[str]:
    """The request URLs of the entries kept for source 'faulty'."""
    return {kept.url for kept in kept_documents(home / "httpcache" / "faulty")}


def test_an_unchanged_feed_is_revalidated_and_its_stored_articles_not_fetched(
    fs: FaultServer, tmp_path: Path
) -> None:
    path = feed(fs, "/article/cond-same-1", "/article/cond-same-2")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    assert {"/article/cond-same-1", "/article/cond-same-2"} <= first.paths()
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.returncode == 0, second.output[-2000:]
    feed_requests = second.headers[path]
    assert len(feed_requests) == 2
    assert "if-none-match" not in feed_requests[0]
    etag = feed_requests[1].get("if-none-match")
    assert etag and etag.startswith('"')  # the server's own ETag, so it answered 304
    assert second.stats[NOT_MODIFIED] == 1
    assert second.stats["newsagg/feeds_fetched"] == 1  # read from the kept copy
    assert second.stats["newsagg/articles_skipped_known"] == 2
    assert second.hit("/article/cond-same-1") == 1  # the first crawl's only
    assert second.run["articles_new"] == 0
    assert "1 feed, sitemap or listing page unchanged (304)" in second.output
    assert not second.errors
    # The entry a 304 renewed serves the next crawl the same way.
    third = crawl(fs, tmp_path, feeds=[path])
    assert third.headers[path][-1].get("if-none-match") == etag
    assert third.stats[NOT_MODIFIED] == 1
    assert third.stats["newsagg/articles_skipped_known"] == 2


def test_a_changed_feed_is_fetched_whole_and_its_new_article_stored(
    fs: FaultServer, tmp_path: Path
) -> None:
    path = feed(fs, "/article/cond-old")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    name = path.rsplit("/", 1)[1].removesuffix(".xml")
    fs.control_many([("feed", name), ("u", "/article/cond-old"), ("u", "/article/cond-new")])
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.returncode == 0, second.output[-2000:]
    assert second.headers[path][-1].get("if-none-match")  # asked conditionally, got a 200
    assert NOT_MODIFIED not in second.stats
    assert "/article/cond-new" in second.paths()
    assert second.run["articles_new"] == 1
    assert second.hit("/article/cond-old") == 1


def test_a_304_still_gives_the_links_max_pages_left_unfetched(
    fs: FaultServer, tmp_path: Path
) -> None:
    articles = [f"/article/cond-capped-{i}" for i in range(5)]
    path = feed(fs, *articles)
    first = crawl(fs, tmp_path, feeds=[path], limits={"max_pages": 3})
    assert first.returncode == 0, first.output[-2000:]
    left = set(articles) - first.paths()
    assert left, "max_pages should have left articles unfetched"
    second = crawl(fs, tmp_path, feeds=[path], limits={"max_pages": 10})
    assert second.returncode == 0, second.output[-2000:]
    assert second.stats[NOT_MODIFIED] == 1
    assert set(articles) <= second.paths()
    assert second.run["articles_new"] == len(left)


@pytest.mark.parametrize(
    ("status", "kind", "count"),
    # A 503 counts once, after its retries; a timeout as each attempt times out.
    [("503", "http_5xx", 1), (str(HANG), "timeout", 3)],
)
def test_a_failure_of_a_kept_feed_stays_an_error(
    fs: FaultServer, tmp_path: Path, status: str, kind: str, count: int
) -> None:
    path = feed(fs, f"/article/cond-erring-{kind}")
    name = path.rsplit("/", 1)[1].removesuffix(".xml")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    fs.control(feed_status=name, status=status)
    try:
        second = crawl(fs, tmp_path, feeds=[path])
    finally:
        fs.control(feed_status=name, status="0")
    assert second.returncode == 0, second.output[-2000:]
    asked = second.headers[path][1:]
    assert len(asked) == 3 and all(h.get("if-none-match") for h in asked)  # retried, conditionally
    # Scrapy's own cache would have read the kept copy instead: no error, nothing said.
    assert second.errors == {kind: count}
    assert "newsagg/feeds_fetched" not in second.stats
    assert NOT_MODIFIED not in second.stats


def test_only_discovery_documents_are_kept_and_a_dry_run_keeps_nothing(
    fs: FaultServer, tmp_path: Path
) -> None:
    path = feed(fs, "/article/cond-kept-1", "/versioned/cond-kept")
    dry = crawl(fs, tmp_path, feeds=[path], extra_args=("--dry-run",))
    assert dry.returncode == 0, dry.output[-2000:]
    assert not (tmp_path / "httpcache").exists()
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    assert "/article/cond-kept-1" in first.paths()
    # The articles (with validators of their own) go through the database, never the cache.
    assert _kept_urls(tmp_path) == {fs.url + path}
    fs.control(bump="cond-kept")
    again = crawl(
        fs, tmp_path, feeds=[path], extra_args=("--refresh", fs.url + "/versioned/cond-kept")
    )
    assert again.returncode == 0, again.output[-2000:]
    assert again.headers["/versioned/cond-kept"][-1].get("if-none-match") == '"cond-kept-v1"'
    assert _kept_urls(tmp_path) == {fs.url + path}


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_304(
    fs: FaultServer, tmp_path: Path
) -> None:
    (tmp_path / "httpcache").write_text("a file where the cache folder would be\n")
    path = feed(fs, "/article/cond-unkept")
    result = crawl(fs, tmp_path, feeds=[path])
    assert result.returncode == 0, result.output[-2000:]
    assert "/article/cond-unkept" in result.paths()
    # Decided before the crawl and said once, instead of found out at the first store.
    said = f"warning: {NO_CONDITIONAL_GET}: {tmp_path / 'httpcache'} is not a folder"
    assert result.output.count(said) == 1
    assert "newsagg/discovery_cache_store_failed" not in result.stats
    assert "Cannot keep" not in result.output
    assert not result.errors


def test_entries_not_stored_again_for_the_expiry_are_pruned(tmp_path: Path) -> None:
    folder = tmp_path / "ab"
    folder.mkdir()
    names = ("kept.entry", "stale.entry", ".tmp-writing", ".tmp-left-by-a-kill")
    kept, stale, writing, left = (folder / name for name in names)
    for path in (kept, stale, writing, left):
        path.write_bytes(b"entry")
    old = time.time() - 3600
    for path in (stale, left):
        os.utime(path, (old, old))
    assert prune_cache(tmp_path, 600) == 2
    assert sorted(p.name for p in folder.iterdir()) == [".tmp-writing", "kept.entry"]
    assert prune_cache(tmp_path, 0) == 0  # no expiry: nothing pruned


def _storage(cache_dir: Path) -> tuple[DiscoveryCacheStorage, Spider]:
    """The storage as Scrapy's cache middleware opens it for a crawl."""
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(cache_dir)})
    spider = Spider.from_crawler(crawler, name="faulty")
    storage = DiscoveryCacheStorage(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def _store_many(
    storage: DiscoveryCacheStorage, spider: Spider, request: Request, response: Response, n: int
) -> None:
    for _ in range(n):
        storage.store_response(spider, request, response)


def test_an_entry_is_one_file_and_a_reader_never_mixes_two_versions(tmp_path: Path) -> None:
    storage, spider = _storage(tmp_path)
    request = Request("http://127.0.0.1/feed.xml")
    versions = [
        XmlResponse(
            request.url,
            body=f"<rss>{tag * 20000}</rss>".encode(),
            headers={"ETag": f'"{tag}"', "Content-Type": "application/rss+xml"},
        )
        for tag in ("a", "b")
    ]
    storage.store_response(spider, request, versions[0])
    assert [p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()] == [
        storage.entry_path(request).parent.name
    ]
    (kept,) = kept_documents(tmp_path)
    assert (kept.url, kept.response.body) == (request.url, versions[0].body)

    # Two crawls of the source (--processes: two processes) store their versions while
    # this one reads.
    writers = [
        multiprocessing.get_context("fork").Process(
            target=_store_many, args=(storage, spider, request, v, 300)
        )
        for v in versions
    ]
    for process in writers:
        process.start()
    seen: list[tuple[bytes, bytes]] = []
    while any(p.is_alive() for p in writers) or not seen:
        if (response := storage.retrieve_response(spider, request)) is not None:
            seen.append((response.headers[b"ETag"], response.body[5:6]))
    for process in writers:
        process.join()
        assert process.exitcode == 0
    mixed = [(etag, body) for etag, body in seen if etag != b'"' + body + b'"']
    assert seen and not mixed, f"{len(mixed)} of {len(seen)} reads mixed two versions"
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_a_kept_feed_that_moves_is_fetched_whole_at_its_new_address(
    fs: FaultServer, tmp_path: Path
) -> None:
    articles = ("/article/cond-moved-1", "/article/cond-moved-2")
    path = feed(fs, *articles)
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    # The new address serves the same body, so the same ETag: it would answer 304 to the
    # old address's validator, which a redirect copies onto the new request.
    target = feed(fs, *articles)
    fs.control(feed_moved=path.rsplit("/", 1)[1].removesuffix(".xml"), to=target)
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.returncode == 0, second.output[-2000:]
    assert second.headers[path][-1].get("if-none-match")  # its own entry's
    assert "if-none-match" not in second.headers[target][0]  # none of its own yet
    assert not second.errors
    assert second.stats["newsagg/feeds_fetched"] == 1
    third = crawl(fs, tmp_path, feeds=[path])
    assert third.headers[target][-1].get("if-none-match")
    assert third.stats[NOT_MODIFIED] == 1
    assert not third.errors


@pytest.mark.parametrize("by", ["none", "no-store"])
def test_a_kept_feed_then_served_without_a_keepable_200_is_forgotten(
    fs: FaultServer, tmp_path: Path, by: str
) -> None:
    path = feed(fs, f"/article/cond-forgotten-{by}")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    assert _kept_urls(tmp_path) == {fs.url + path}
    fs.control(feed_validator=path.rsplit("/", 1)[1].removesuffix(".xml"), by=by)
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.returncode == 0, second.output[-2000:]
    assert second.headers[path][-1].get("if-none-match")  # asked with the old entry's
    assert second.stats["newsagg/feeds_fetched"] == 1 and not second.errors
    assert _kept_urls(tmp_path) == set()  # its old copy no longer stands for it


def test_a_304_renews_only_the_headers_a_304_may_carry(fs: FaultServer, tmp_path: Path) -> None:
    path = feed(fs, "/article/cond-headers")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.stats[NOT_MODIFIED] == 1
    # The fault server's 304 says Content-Length: 0 (of its own, empty, body).
    (kept,) = kept_documents(tmp_path / "httpcache" / "faulty")
    assert kept.response.body.startswith(b"<?xml")
    assert kept.response.headers[b"Content-Length"] == str(len(kept.response.body)).encode()
    assert kept.response.headers[b"Content-Type"] == b"application/rss+xml"


def test_a_feed_with_only_last_modified_is_asked_if_modified_since(
    fs: FaultServer, tmp_path: Path
) -> None:
    path = feed(fs, "/article/cond-lm")
    fs.control(feed_validator=path.rsplit("/", 1)[1].removesuffix(".xml"), by="lm")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.returncode == 0, second.output[-2000:]
    asked = second.headers[path][-1]
    assert "if-none-match" not in asked
    assert asked.get("if-modified-since", "").endswith(" GMT")
    assert second.stats[NOT_MODIFIED] == 1
    assert second.stats["newsagg/articles_skipped_known"] == 1
    assert not second.errors


def test_a_304_that_changes_the_etag_makes_the_next_crawl_send_the_new_one(
    fs: FaultServer, tmp_path: Path
) -> None:
    path = feed(fs, "/article/cond-regen")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    fs.control(feed_validator=path.rsplit("/", 1)[1].removesuffix(".xml"), by="regen")
    second = crawl(fs, tmp_path, feeds=[path])
    assert second.stats[NOT_MODIFIED] == 1
    old = second.headers[path][-1]["if-none-match"]
    third = crawl(fs, tmp_path, feeds=[path])
    assert third.stats[NOT_MODIFIED] == 1
    assert third.headers[path][-1]["if-none-match"] == old.removesuffix('"') + '-regen"'


def test_crawl_all_removes_the_kept_documents_of_removed_sources(
    fs: FaultServer, tmp_path: Path
) -> None:
    cache = tmp_path / "httpcache"
    for gone in ("gone-a", "gone-b"):
        (cache / gone / "ab").mkdir(parents=True)
        (cache / gone / "ab" / "x.entry").write_bytes(b"entry")
    # Not laid out as our cache, or not a folder of its own: someone else's, kept.
    (cache / "notes").mkdir()
    (cache / "notes" / "readme.txt").write_text("an operator's notes")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "cd").mkdir(parents=True)
    (elsewhere / "cd" / "y.entry").write_bytes(b"entry")
    (cache / "linked").symlink_to(elsewhere, target_is_directory=True)
    path = feed(fs, "/article/cond-all")
    single = crawl(fs, tmp_path, feeds=[path])
    assert single.returncode == 0, single.output[-2000:]
    assert (cache / "gone-a").is_dir()  # a crawl of one source does not stand for the config
    every = crawl(fs, tmp_path, feeds=[path], extra_args=("--all",))
    assert every.returncode == 0, every.output[-2000:]
    assert sorted(p.name for p in cache.iterdir()) == ["faulty", "linked", "notes"]
    assert (elsewhere / "cd" / "y.entry").is_file()
    assert "removed httpcache/ of sources no longer configured: gone-a, gone-b" in every.output
    assert _kept_urls(tmp_path) == {fs.url + path}
