"""``retention.keep_pages`` turned on over a store of articles crawled without it (QA
archive F4): a real crawl (``aggregator crawl`` in a child process) of pages served on
127.0.0.1 by a server that answers validators with 304, into a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_store import crawl_source, sql_rows
from conftest import run_cli
from pageserver import PageServer
from test_page_archive import STORIES, _config, _page

pytestmark = pytest.mark.timeout(300)


def test_turning_keep_pages_on_then_refresh_fetches_without_validators_and_keeps_the_page(
    tmp_path: Path,
) -> None:
    """QA archive F4: an article stored with keep_pages off is fetched again with no
    If-None-Match / If-Modified-Since once the option is on, so a server that answers
    validators sends the page (a 304 brings none) and it is kept; then, kept, the next
    refetch asks conditionally again."""

    def conditional(path: str) -> Any:
        etag = f'"{path.rsplit("/", 1)[1]}"'

        def answer(headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
            asked = {name.lower(): value for name, value in headers.items()}
            if asked.get("if-none-match") == etag:
                return 304, {"ETag": etag}, ""
            return 200, {"ETag": etag}, _page(path)

        return answer

    db = tmp_path / "news.db"
    with PageServer() as server:
        for path in STORIES:
            server.put(path, conditional(path))
        crawl_source(_config(tmp_path, server, keep=False), "tribune")
        assert sql_rows(db, "SELECT count(*) FROM article_pages") == [(0,)]
        url = server.url("/news/chess-final")
        config = _config(tmp_path, server, keep=True)

        server.requests.clear()
        refreshed = run_cli("--config", str(config), "crawl", "tribune", "--refresh", url)
        assert refreshed.returncode == 0, refreshed.stderr[-3000:]
        ((_, headers),) = [(p, h) for p, h in server.requests if p == "/news/chess-final"]
        assert not {"if-none-match", "if-modified-since"} & {name.lower() for name in headers}
        assert sql_rows(db, "SELECT url FROM article_pages") == [(url,)]

        server.requests.clear()
        again = run_cli("--config", str(config), "crawl", "tribune", "--refresh", url)
        assert again.returncode == 0, again.stderr[-3000:]
        ((_, headers),) = [(p, h) for p, h in server.requests if p == "/news/chess-final"]
        assert {name.lower(): v for name, v in headers.items()}["if-none-match"] == '"chess-final"'
        assert sql_rows(db, "SELECT count(*) FROM article_pages") == [(1,)]
