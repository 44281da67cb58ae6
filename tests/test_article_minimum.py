"""Issue 18, item 14: a page with next to no text is "no article text", not an article."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pageserver import PageServer, crawl_feed

from aggregator.config import BoilerplateSettings, parse_config
from aggregator.parser.for_source import RejectedPage, prepare_article
from aggregator.schema import FetchedPage

SOURCE = parse_config("sources: [{name: deep, feeds: ['https://deep.example/feed.xml']}]").sources[
    0
]
# The page: a date, then 200,000 nested divs around the article (libxml2 stops at
# its depth limit, so all that is left of the body is the date).
DEEP = (
    "<html><head><title>Deep page</title></head><body><p>27 Nov</p>"
    + "<div>" * 200_000
    + "<p>The article text nobody can reach. " * 20
    + "</p>"
    + "</div>" * 200_000
    + "</body></html>"
)


def _page(html: str) -> FetchedPage:
    return FetchedPage(
        url="https://deep.example/news/a-deep-page",
        source="deep",
        html=html.encode(),
        fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
    )


def test_a_page_of_200000_nested_divs_is_no_article_text() -> None:
    with pytest.raises(RejectedPage, match="no article text found"):
        prepare_article(_page(DEEP), SOURCE, BoilerplateSettings(), None)


@pytest.mark.parametrize("body", ["27 Nov", "12:30", "2026-11-27", "\u00bb 1 \u00ab", "Home"])
def test_a_body_without_letters_enough_is_rejected(body: str) -> None:
    html = f"<html><head><title>Title here</title></head><body><p>{body}</p></body></html>"
    with pytest.raises(RejectedPage, match="no article text found"):
        prepare_article(_page(html), SOURCE, BoilerplateSettings(), None)


@pytest.mark.parametrize("body", ["Deutschland", "\u6771\u4eac\u90fd\u306e\u77e5\u4e8b"])
def test_the_shortest_real_bodies_pass(body: str) -> None:
    """The development pages' shortest extracted body has 7 letters ('Archive')."""
    html = f"<html><head><title>Title here</title></head><body><p>{body}</p></body></html>"
    write = prepare_article(_page(html), SOURCE, BoilerplateSettings(), None)
    assert write.article.body == [body]


def test_a_crawl_counts_the_deep_page_as_rejected_and_stores_nothing(tmp_path: Path) -> None:
    with PageServer() as server:
        page = server.put("/news/a-deep-page", DEEP)
        crawl = crawl_feed(server, tmp_path, [page], "deep", "--log-level", "INFO")
        assert server.hits("/news/a-deep-page") == 1
    result = crawl.result
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no article text found (3 letters in the body" in result.stderr
    conn = sqlite3.connect(crawl.db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    (errors,) = conn.execute("SELECT errors FROM crawl_runs").fetchone()
    assert json.loads(errors)["rejected"] == 1
