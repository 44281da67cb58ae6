"""``aggregator reparse --dry-run --show`` (QA archive F7): each article that would
change, by id, URL and the fields that would read otherwise, before anything is stored.
A real crawl of pages served on 127.0.0.1 into a real SQLite file (the helpers of
test_page_archive)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_store import crawl_source, sql_rows
from pageserver import PageServer
from test_page_archive import STORIES, _config, _page, _reparse

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        for path in STORIES:
            running.put(path, _page(path))
        yield running


def test_a_dry_run_shows_the_one_article_and_field_a_changed_selector_changes(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    before = sql_rows(db, "SELECT id, headline, body FROM articles ORDER BY id")
    ((bridge, url),) = sql_rows(db, "SELECT id, url FROM articles WHERE url LIKE '%/harbor-bridge'")

    # Only the harbor story has an aside: removing it changes its body alone.
    config = _config(tmp_path, server, keep=True, selectors={"remove": "p.aside"})
    code, out, err = _reparse(config, "--dry-run", "--show")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    article_id, shown_url, fields = lines[0].split("\t")
    assert (int(article_id), shown_url) == (bridge, url)
    assert "body" in fields.split(",") and "headline" not in fields.split(",")
    assert err == (
        "reparse: 3 pages read: 1 would change, 2 unchanged, 0 rejected, 0 failed; "
        "0 articles without a kept page\n"
    )
    assert sql_rows(db, "SELECT id, headline, body FROM articles ORDER BY id") == before

    # A byline for a headline: every article, its headline among the fields.
    config = _config(tmp_path, server, keep=True, selectors={"headline": "css:p.byline"})
    out = _reparse(config, "--dry-run", "--show")[1]
    assert len(out.splitlines()) == 3
    assert all("headline" in line.split("\t")[2].split(",") for line in out.splitlines())

    # --show alone would store without listing: a usage error.
    code, out, err = _reparse(config, "--show")
    assert (code, out) == (2, "")
    assert err.startswith("error: --show lists what a --dry-run would change; give --dry-run")
