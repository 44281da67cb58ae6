"""Kept pages (``retention.keep_pages``, migration m027) and ``aggregator reparse``: real
crawls (``aggregator crawl`` in a child process) of pages served on 127.0.0.1 into a real
SQLite file; the pages kept, parsed again after a source's selectors change, removed with
their article or version, and a store made before m027 upgraded with every row kept."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_store import crawl_source, loopback_source, sql_rows, write_config
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

# Three unrelated stories (no two are copies of one), each with a paragraph of its own
# marked "aside" that a source's `remove` selector can take out later.
STORIES = {
    "/news/harbor-bridge": (
        "Harbor bridge to close for repairs",
        [
            "The harbor bridge will close to traffic for six weeks from March while crews "
            "replace the steel joints that carry the deck over the river.",
            "Buses will run on the ring road instead, and the ferry will add two crossings "
            "an hour in the morning and the evening.",
            "Engineers found the joints worn during an inspection in the autumn, the city's "
            "transport office said on Monday.",
        ],
        "Zeppelin tours over the harbor are not affected by the closure, the operator said.",
    ),
    "/news/orchard-harvest": (
        "Valley orchards report a record apple harvest",
        [
            "Growers across the valley picked more apples this autumn than in any year "
            "since records began, helped by a warm spring and late rain.",
            "Cold stores are full, and several farms have opened their barns to sell "
            "directly to visitors at weekends until December.",
            "Prices at the wholesale market fell by a fifth in October as the fruit kept "
            "coming, the growers' association said.",
        ],
        "",
    ),
    "/news/chess-final": (
        "Schoolgirl wins the regional chess final",
        [
            "A twelve-year-old from Northfield won the regional chess final on Saturday, "
            "beating three adult masters in a row without losing a game.",
            "She learned the game from her grandfather two summers ago and now trains "
            "every evening at the library's club.",
            "The national championship in the spring will be her first tournament abroad, "
            "her coach said after the prize-giving.",
        ],
        "",
    ),
}


def _page(path: str) -> str:
    headline, paragraphs, aside = STORIES[path]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if aside:
        body += f'<p class="aside">{aside}</p>'
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{headline}</title>"
        '<meta property="og:site_name" content="Harbor Tribune">'
        '<meta property="article:published_time" content="2026-12-06T08:00:00Z">'
        '</head><body><header><nav><a href="/">Home</a></nav></header>'
        f"<main><article><h1>{headline}</h1>"
        f'<p class="byline">By Tom Reyes</p><div class="article-body">{body}</div>'
        "</article></main><footer><p>© 2026 Harbor Tribune</p></footer></body></html>"
    )


def _sitemap(server: PageServer, lastmod: datetime | None = None) -> str:
    stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    urls = "".join(f"<url><loc>{server.url(path)}</loc>{stamp}</url>" for path in STORIES)
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        content_type="application/xml",
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        for path in STORIES:
            running.put(path, _page(path))
        yield running


def _config(
    tmp_path: Path,
    server: PageServer,
    *,
    keep: bool,
    selectors: dict[str, Any] | None = None,
    changed: bool = False,
) -> Path:
    """The config of the served source; ``changed``: its sitemap says every page changed
    now (a crawl fetches them again)."""
    source = loopback_source(
        "tribune", sitemaps=[_sitemap(server, datetime.now(UTC) if changed else None)]
    )
    if selectors:
        source["selectors"] = selectors
    return write_config(tmp_path / "config.yaml", tmp_path / "news.db", [source], keep_pages=keep)


def _kept(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each article's kept pages by its URL's path: (version, part, url, size, bytes)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for path, version, part, url, size, content in sql_rows(
        db,
        "SELECT a.url, p.version, p.part, p.url, p.size, p.content FROM article_pages p "
        "JOIN articles a ON a.id = p.article_id ORDER BY p.article_id, p.version, p.part",
    ):
        key = "/" + path.split("/", 3)[3]
        found.setdefault(key, []).append((version, part, url, size, zlib.decompress(content)))
    return found


def test_a_crawl_keeps_each_articles_page_once_and_none_without_the_option(
    server: PageServer, tmp_path: Path
) -> None:
    config = _config(tmp_path, server, keep=True)
    db = tmp_path / "news.db"
    crawl_source(config, "tribune")
    kept = _kept(db)
    assert set(kept) == set(STORIES)
    for path, pages in kept.items():
        served = _page(path).encode("utf-8")
        assert pages == [(1, 0, server.url(path), len(served), served)]
    (charset, fetched_at), *_ = sql_rows(db, "SELECT charset, fetched_at FROM article_pages")
    assert charset == "utf-8"
    assert datetime.fromisoformat(fetched_at) > datetime.now(UTC) - timedelta(minutes=5)

    # Fetched again (the sitemap says they changed), the same text: no second copy.
    _sitemap(server, datetime.now(UTC))
    crawl_source(config, "tribune")
    assert all(server.hits(path) == 2 for path in STORIES)
    assert _kept(db) == kept

    # Without the option (the default), nothing is kept.
    plain = tmp_path / "plain"
    plain.mkdir()
    crawl_source(_config(plain, server, keep=False), "tribune")
    assert sql_rows(plain / "news.db", "SELECT count(*) FROM articles") == [(3,)]
    assert sql_rows(plain / "news.db", "SELECT count(*) FROM article_pages") == [(0,)]


def _reparse(config: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("--config", str(config), "reparse", *args)
    return result.returncode, result.stdout, result.stderr


def test_reparse_stores_what_a_changed_source_reads_over_the_current_version(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    before = dict(sql_rows(db, "SELECT url, change_seq FROM articles"))
    assert sql_rows(
        db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zeppelin'"
    ) == [(1,)]

    # The site stopped serving the pages; the operator now leaves out the asides.
    for path in STORIES:
        server.put(path, "gone", status=404)
    config = _config(tmp_path, server, keep=True, selectors={"remove": "p.aside"})
    dry = _reparse(config, "--dry-run")
    assert dry == (
        0,
        "reparse: 3 pages read: 1 would change, 2 unchanged, 0 rejected, 0 failed; "
        "0 articles without a kept page\n",
        "",
    )
    assert sql_rows(db, "SELECT max(version) FROM articles") == [(1,)]

    code, out, err = _reparse(config)
    assert (code, err) == (0, "")
    assert out.startswith("reparse: 3 pages read: 1 changed, 2 unchanged, 0 rejected")
    ((url, body),) = sql_rows(db, "SELECT url, body FROM articles WHERE url LIKE '%/harbor-bridge'")
    assert json.loads(body) == STORIES["/news/harbor-bridge"][1]
    # A re-reading is no edit: the version read again is read otherwise, in place, and
    # keeps the one page it was read from.
    assert sql_rows(db, "SELECT max(version) FROM articles") == [(1,)]
    assert sql_rows(db, "SELECT count(*) FROM article_versions") == [(0,)]
    # The search index follows the store.
    assert sql_rows(
        db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zeppelin'"
    ) == [(0,)]
    assert [(v, part) for v, part, *_ in _kept(db)["/news/harbor-bridge"]] == [(1, 0)]
    # The unchanged articles are as they were.
    after = dict(sql_rows(db, "SELECT url, change_seq FROM articles"))
    assert {u for u in after if after[u] != before[u]} == {url}
    assert server.hits("/news/harbor-bridge") == 1  # nothing was fetched

    # Again: nothing reads otherwise now.
    code, out, _ = _reparse(config)
    assert out.startswith("reparse: 3 pages read: 0 changed, 3 unchanged")


def test_a_corrupt_kept_page_is_one_warning_and_the_others_go_on(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE article_pages SET content = X'00ff00' WHERE article_id = "
            "(SELECT id FROM articles WHERE url LIKE '%/news/chess-final')"
        )
        (chess,) = conn.execute("SELECT id FROM articles WHERE url LIKE '%chess%'").fetchone()
    config = _config(tmp_path, server, keep=True, selectors={"remove": "p.aside"})
    code, out, err = _reparse(config)
    assert code == 1
    assert err.splitlines() == [
        f"warning: article {chess}: its kept page does not read: Error -3 while "
        "decompressing data: incorrect header check"
    ]
    assert out.startswith("reparse: 3 pages read: 1 changed, 1 unchanged, 0 rejected, 1 failed")
    assert sql_rows(db, "SELECT count(*) FROM articles WHERE body LIKE '%Zeppelin%'") == [(0,)]


def test_reparse_counts_articles_without_a_kept_page_and_leaves_them(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=False), "tribune")
    code, out, err = _reparse(_config(tmp_path, server, keep=False), "--limit", "2")
    assert code == 0
    assert out == (
        "reparse: 0 pages read: 0 changed, 0 unchanged, 0 rejected, 0 failed; "
        "2 articles without a kept page\n"
    )
    assert "retention.keep_pages is off" in err
    # A page kept for an earlier version only is not read: it would undo the later edit.
    # Fetched again unchanged, each version 1 keeps its page now.
    crawl_source(_config(tmp_path, server, keep=True, changed=True), "tribune")
    assert len(_kept(db)) == 3
    server.put("/news/orchard-harvest", _page("/news/orchard-harvest").replace("a fifth", "half"))
    crawl_source(_config(tmp_path, server, keep=False, changed=True), "tribune")
    code, out, _ = _reparse(_config(tmp_path, server, keep=False))
    # The two pages kept by the unchanged fetch came with the sitemap's lastmod, a feed
    # hint that fetch did not store: read again, it is their update time now.
    assert out.startswith("reparse: 2 pages read: 2 changed, 0 unchanged")
    assert out.endswith("; 1 articles without a kept page\n")
    assert sql_rows(
        db, "SELECT count(*) FROM articles WHERE version = 1 AND updated_at IS NOT NULL"
    ) == [(2,)]
    assert sql_rows(db, "SELECT max(version) FROM articles") == [(2,)]


def test_retention_removes_the_pages_of_dropped_versions_and_pruned_articles(
    tmp_path: Path,
) -> None:
    from aggregator.config import Config
    from aggregator.schema import FetchedPage
    from storage.db import open_db
    from storage.pages import store_page
    from storage.retention import prune_stories

    config = Config.model_validate(
        {
            "database": str(tmp_path / "news.db"),
            "retention": {"keep_pages": True, "versions_per_article": 2},
            "sources": [{"name": "tribune", "sitemaps": ["http://127.0.0.1:9/sitemap.xml"]}],
        }
    )
    db = open_db(config.database)
    path = "/news/harbor-bridge"
    try:
        for weeks in ("six", "seven", "eight", "nine"):
            html = _page(path).replace("six weeks", f"{weeks} weeks").encode()
            page = FetchedPage("http://127.0.0.1:9" + path, "tribune", html, datetime.now(UTC))
            store_page(db, page, config.source("tribune"), config)
        kept = db.execute("SELECT version FROM article_pages ORDER BY version").fetchall()
        versions = db.execute("SELECT version FROM article_versions ORDER BY version").fetchall()
        # The bound keeps version 1 and the latest earlier one (3); 2 went, and its page.
        assert versions == [(1,), (3,)]
        assert kept == [(1,), (3,), (4,)]
        # Another story after it: a prune never removes the newest (its id stays taken).
        later = "/news/orchard-harvest"
        page = FetchedPage(
            "http://127.0.0.1:9" + later, "tribune", _page(later).encode(), datetime.now(UTC)
        )
        store_page(db, page, config.source("tribune"), config)
        for _ in prune_stories(db, datetime.now(UTC) + timedelta(days=1), config.dedup):
            pass
        assert db.execute("SELECT url FROM article_pages").fetchall() == [(page.url,)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def _before_m027(path: Path) -> None:
    """Put a database back in its state before migration m027: no kept pages."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DROP TABLE article_pages")  # its index with it
            conn.execute("DROP TRIGGER article_pages_article_delete")
            conn.execute("DROP TRIGGER article_pages_version_delete")
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm027_article_pages'")
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def _every_row(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'%fts%' AND name NOT IN ('_sqlite_migrations', 'article_pages')"
            )
        ]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def test_a_store_made_before_m027_keeps_every_row_and_upgrades(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    _before_m027(db)
    rows = _every_row(db)
    assert len(rows["articles"]) == 3
    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m027_article_pages" in migrated.stdout
    assert _every_row(db) == rows
    assert sql_rows(db, "SELECT count(*) FROM article_pages") == [(0,)]
    code, out, _ = _reparse(config)
    assert out.endswith("; 3 articles without a kept page\n")


def test_the_kept_pages_export_as_warc_response_records(server: PageServer, tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    db = tmp_path / "news.db"
    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    with sqlite3.connect(db) as conn:  # one page damaged: a warning, the others exported
        conn.execute(
            "UPDATE article_pages SET content = X'00ff00' WHERE article_id = "
            "(SELECT id FROM articles WHERE url LIKE '%/news/chess-final')"
        )
    out = tmp_path / "pages.warc.gz"
    result = run_cli("--config", str(config), "export", "--format", "warc", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning: ") == 1 and "does not read" in result.stderr
    with out.open("rb") as handle:
        records = [
            (
                r.rec_type,
                r.rec_headers.protocol,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.http_headers.get_header("Content-Type") if r.http_headers else None,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(handle)
        ]
    assert [r[:2] for r in records] == [("warcinfo", "WARC/1.1")] + [("response", "WARC/1.1")] * 2
    for path in ("/news/harbor-bridge", "/news/orchard-harvest"):
        served = _page(path).encode("utf-8")
        assert ("response", "WARC/1.1", server.url(path), "text/html; charset=utf-8", served) in (
            records
        )
    refused = run_cli("--config", str(config), "export", "--format", "warc", "--since", "1d")
    assert refused.returncode == 2
    assert "--format warc takes --source and --output only" in refused.stderr


def test_an_article_split_over_pages_keeps_each_page_and_reparses_whole(tmp_path: Path) -> None:
    from test_crawl_paged import STORY, _page_html, _page_path, _serve_article
    from test_crawl_paged import _sitemap as paged_sitemap

    with PageServer() as paged:
        _serve_article(paged, 3)
        source = loopback_source("tribune", sitemaps=[paged_sitemap(paged, [STORY])])
        config = write_config(tmp_path / "config.yaml", tmp_path / "news.db", [source])
        crawl_source(config, "tribune")
        kept = _kept(tmp_path / "news.db")[STORY]
        assert [(part, url) for _, part, url, _, _ in kept] == [
            (page - 1, paged.url(_page_path(page))) for page in (1, 2, 3)
        ]
        assert [html for *_, html in kept] == [
            _page_html(paged, page, 3).encode("utf-8") for page in (1, 2, 3)
        ]
    # Parsed again from the kept pages (the server is gone): the same joined text.
    code, out, err = _reparse(config)
    assert (code, err) == (0, "")
    assert out.startswith("reparse: 1 pages read: 0 changed, 1 unchanged")


def test_a_source_being_crawled_is_left_out_of_a_reparse(
    server: PageServer, tmp_path: Path
) -> None:
    from storage.locks import HeldLock, try_lock

    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    config = _config(tmp_path, server, keep=True, selectors={"remove": "p.aside"})
    lock = try_lock(db, "tribune")  # what a crawl of the source holds while it runs
    assert isinstance(lock, HeldLock)
    try:
        code, out, err = _reparse(config)
    finally:
        lock.release()
    assert code == 1
    assert err.startswith("warning: source 'tribune': a crawl of it is running (pid ")
    assert out.startswith("reparse: 0 pages read")
    assert sql_rows(db, "SELECT max(version) FROM articles") == [(1,)]
    assert _reparse(config)[1].startswith("reparse: 3 pages read: 1 changed")


def test_an_article_stored_anew_after_its_page_was_read_keeps_its_newer_text(
    tmp_path: Path,
) -> None:
    from aggregator.config import Config
    from aggregator.schema import FetchedPage
    from storage.db import open_db
    from storage.page_archive import current_pages
    from storage.pages import prepare_page, store_page
    from storage.writes import Rereading, StoreStatus, reads_otherwise, store_rereadings

    config = Config.model_validate(
        {
            "database": str(tmp_path / "news.db"),
            "retention": {"keep_pages": True},
            "sources": [
                {
                    "name": "tribune",
                    "sitemaps": ["http://127.0.0.1:9/sitemap.xml"],
                    "selectors": {"headline": "css:p.byline"},
                }
            ],
        }
    )
    source = config.source("tribune")
    db = open_db(config.database)
    try:

        def fetch(path: str, html: str) -> None:
            page = FetchedPage(
                "http://127.0.0.1:9" + path, "tribune", html.encode(), datetime.now(UTC)
            )
            store_page(db, page, source, config)

        for path in STORIES:
            fetch(path, _page(path))
        db.execute("UPDATE articles SET headline = 'Read by an older parser'")
        readings = [
            Rereading(
                a.article_id,
                a.version,
                prepare_page(db, a.page().fetched(a.source), source, config).article,
            )
            for a in current_pages(db, source="tribune")
        ]
        assert all(reads_otherwise(db, reading) for reading in readings)
        # A crawl stores an edit of one between the read of its page and the store.
        fetch("/news/chess-final", _page("/news/chess-final").replace("Saturday", "Sunday"))
        (edited,) = [a.article_id for a in current_pages(db) if a.version == 2]
        assert [reads_otherwise(db, r) for r in readings].count(False) == 1
        results = store_rereadings(db, readings, config.dedup)
        assert results[edited] is StoreStatus.UNCHANGED
        assert sorted(results.values()).count(StoreStatus.UPDATED) == 2
        ((body,),) = db.execute("SELECT body FROM articles WHERE id = ?", [edited]).fetchall()
        assert "on Sunday" in body
    finally:
        db.close()


def test_kept_pages_of_a_source_no_longer_configured_are_counted_as_such_once(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    renamed = tmp_path / "renamed.yaml"
    document = json.loads(_config(tmp_path, server, keep=True).read_text(encoding="utf-8"))
    document["sources"][0]["name"] = "gazette"
    renamed.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = _reparse(renamed)
    # Nothing failed: the operator removed the source; its articles are as they were.
    assert code == 0
    assert err == "warning: source 'tribune' is not in the config: 3 kept pages not read\n"
    assert out == (
        "reparse: 0 pages read: 0 changed, 0 unchanged, 0 rejected, 0 failed; "
        "0 articles without a kept page, 3 kept pages of sources not in the config\n"
    )
    assert sql_rows(db, "SELECT max(version) FROM articles") == [(1,)]
