"""Articles removed at the source (404/410) and hosts that asked for a long pause
(Retry-After), remembered between runs: real crawls (``aggregator crawl`` in a child
process) of a server on 127.0.0.1 that records every request, into a real SQLite file.

Time passing is the store's times set back (no sleeps): a 404 re-check falls due when
the last 404 is more than a day old, a back-off ends when its "not before" is past.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from faultserver import article_html
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

ARTICLE = "/news/harbour-works"


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _sitemap(server: PageServer, lastmod: datetime | None = None) -> str:
    """A sitemap listing ARTICLE, with ``lastmod`` (a change announced) or without."""
    stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url(ARTICLE)}</loc>{stamp}</url></urlset>",
        content_type="application/xml",
    )


def _config(home: Path, sources: list[dict[str, Any]]) -> Path:
    config = home / "config.yaml"
    polite = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
    entries = [
        {"politeness": polite, "limits": {"download_timeout": 5, "run_timeout": "60s"}, **s}
        for s in sources
    ]
    body = {"database": str(home / "news.db"), "sources": entries}
    config.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    return config


def _crawl(config: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("--config", str(config), "--log-level", "INFO", "crawl", source, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _execute(db: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def _last_discovery(db: Path) -> dict[str, int]:
    (row,) = _query(db, "SELECT discovery FROM crawl_runs ORDER BY id DESC LIMIT 1")
    return json.loads(row[0] or "{}")


def _mark(db: Path) -> tuple[Any, Any, int]:
    (row,) = _query(db, "SELECT removed_at, removed_status, change_seq FROM articles")
    return row


def _stored_and_gone(server: PageServer, home: Path, status: int) -> Path:
    """Crawl the article once (stored), then have it answer ``status`` and its sitemap
    announce a change, so that the next crawl asks for it again."""
    server.put(ARTICLE, article_html("harbour"), headers={"ETag": '"v1"'})
    sitemap = _sitemap(server)
    config = _config(home, [{"name": "pages", "sitemaps": [sitemap]}])
    _crawl(config, "pages")
    assert server.hits(ARTICLE) == 1
    server.put(ARTICLE, "<html><body>gone</body></html>", status=status)
    _sitemap(server, datetime.now(UTC))
    return config


def test_an_article_answering_410_is_marked_shown_and_not_asked_again(
    server: PageServer, tmp_path: Path
) -> None:
    config = _stored_and_gone(server, tmp_path, 410)
    db = tmp_path / "news.db"
    before = _mark(db)
    assert before[:2] == (None, None)

    _crawl(config, "pages")
    assert server.hits(ARTICLE) == 2
    removed_at, status, change_seq = _mark(db)
    assert status == 410 and removed_at is not None
    assert change_seq > before[2]  # a syncing reader learns of the mark

    third = _crawl(config, "pages")
    assert server.hits(ARTICLE) == 2  # not requested again
    assert _last_discovery(db).get("removed_at_source") == 1
    assert "removed_at_source 1" in third.stdout + third.stderr

    story = str(_query(db, "SELECT story_id FROM articles")[0][0])
    shown = run_cli("--config", str(config), "show", story)
    assert shown.returncode == 0, shown.stderr
    day = removed_at[:10]
    assert f"removed at the source on {day}" in shown.stdout and "(HTTP 410)" in shown.stdout
    exported = run_cli("--config", str(config), "export", "--articles")
    (record,) = [json.loads(line) for line in exported.stdout.splitlines()]
    assert record["removed_status"] == 410 and record["removed_at"] == removed_at
    changed = run_cli(
        "--config", str(config), "export", "--articles", "--changed-after", str(before[2])
    )
    assert [json.loads(line)["removed_status"] for line in changed.stdout.splitlines()] == [410]
    # Nothing stored is deleted: the text is still there for a study.
    assert _query(db, "SELECT count(*) FROM articles WHERE body_text LIKE '%'")[0][0] == 1

    # The operator asks for it: fetched (without validators), back, and the mark cleared.
    # Served with its ETag again: a 200 stores the validators it comes with (stop 51).
    server.put(ARTICLE, article_html("harbour"), headers={"ETag": '"v1"'})
    _crawl(config, "pages", "--refresh", server.url(ARTICLE))
    assert server.hits(ARTICLE) == 3
    assert _query(db, "SELECT etag FROM articles") == [('"v1"',)]  # stored, yet not sent:
    assert "if-none-match" not in {k.lower() for k in server.requests[-1][1]}
    assert _mark(db)[:2] == (None, None)


def test_a_404_is_trusted_on_the_second_run_rechecked_later_and_cleared_by_a_200(
    server: PageServer, tmp_path: Path
) -> None:
    config = _stored_and_gone(server, tmp_path, 404)
    db = tmp_path / "news.db"

    _crawl(config, "pages")  # a first 404: not trusted yet
    assert server.hits(ARTICLE) == 2
    assert _mark(db)[:2] == (None, None)
    _crawl(config, "pages")  # the second run that sees it
    assert server.hits(ARTICLE) == 3
    removed_at, status, marked_seq = _mark(db)
    assert status == 404 and removed_at is not None

    _crawl(config, "pages")  # re-checked only a day after the last 404
    assert server.hits(ARTICLE) == 3
    assert _last_discovery(db).get("removed_at_source") == 1

    # A day and more has passed: it is asked again, and is back, edited.
    day_ago = (datetime.now(UTC) - timedelta(days=1, minutes=1)).isoformat()
    _execute(db, "UPDATE gone_answers SET last_at = ?", (day_ago,))
    server.put(ARTICLE, article_html("harbour", version=2))
    _crawl(config, "pages")
    assert server.hits(ARTICLE) == 4
    removed_at, status, change_seq = _mark(db)
    assert (removed_at, status) == (None, None)
    assert change_seq > marked_seq
    assert _query(db, "SELECT version FROM articles") == [(2,)]
    assert _query(db, "SELECT count(*) FROM gone_answers") == [(0,)]


def _listing(server: PageServer, *paths: str) -> str:
    """The sitemap listing ``paths``, each announced as changed now."""
    stamp = datetime.now(UTC).isoformat()
    urls = "".join(
        f"<url><loc>{server.url(path)}</loc><lastmod>{stamp}</lastmod></url>" for path in paths
    )
    return server.put(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        content_type="application/xml",
    )


def _stored_through_alias(server: PageServer, tmp_path: Path) -> tuple[str, Path, Path]:
    """The article stored by a crawl through an old URL that redirected to it, listed by
    the source's sitemap: the old URL (now its alias), the config and the database."""
    old = "/2025/harbour-works-old"
    server.redirect(old, server.url(ARTICLE), status=301)
    server.put(ARTICLE, article_html("harbour"))
    config = _config(tmp_path, [{"name": "pages", "sitemaps": [_listing(server, old)]}])
    db = tmp_path / "news.db"
    _crawl(config, "pages")
    return old, config, db


def test_an_alias_answering_410_does_not_mark_the_live_article(
    server: PageServer, tmp_path: Path
) -> None:
    old, config, db = _stored_through_alias(server, tmp_path)
    assert _query(db, "SELECT url FROM url_aliases") == [(server.url(old),)]

    # The sitemap still lists the old URL, which now answers 410: the old address is
    # gone, the article is not.
    server.put(old, "<html><body>gone</body></html>", status=410)
    _listing(server, old)
    _crawl(config, "pages")
    assert server.hits(old) == 2
    assert _mark(db)[:2] == (None, None)
    assert _query(db, "SELECT count(*) FROM gone_answers") == [(0,)]

    # Its own URL, announced as changed, is fetched again.
    server.put(ARTICLE, article_html("harbour", version=2))
    _listing(server, ARTICLE)
    _crawl(config, "pages")
    assert server.hits(ARTICLE) == 2
    assert _query(db, "SELECT version FROM articles") == [(2,)]


def test_an_alias_answering_first_does_not_use_up_the_articles_answer_of_the_run(
    server: PageServer, tmp_path: Path
) -> None:
    old, config, db = _stored_through_alias(server, tmp_path)
    assert _query(db, "SELECT url FROM url_aliases") == [(server.url(old),)]

    # Listed so that the alias is requested first (Scrapy takes the last one first): it
    # answers 404, and the article's own URL 410 after it, in the same run. The 410 is
    # the article's.
    server.put(old, "<html><body>missing</body></html>", status=404)
    server.put(ARTICLE, "<html><body>gone</body></html>", status=410)
    _listing(server, ARTICLE, old)
    _crawl(config, "pages")
    assert server.hits(old) == 2 and server.hits(ARTICLE) == 2
    assert _mark(db)[1] == 410
    assert _query(db, "SELECT status, answers FROM gone_answers") == [(410, 1)]


def _mirror_and_sqlite(db_path: Path, redis_url: str, urls: list[str]) -> tuple[Any, Any]:
    """What the cluster's known-pages mirror says of ``urls`` (rebuilt from the database,
    then set for the article as the writer sets it after a 404 or 410), and what SQLite's
    ``known_page`` says."""
    from storage.db import open_db
    from storage.queries import known_page
    from storage.stream import KNOWN, ArticleStream, connect, rebuild_known, removal_entries

    client = connect(redis_url)
    stream = ArticleStream(client, redis_url, "run", retry_for=1)
    db = open_db(db_path)
    try:
        rebuild_known(client, db)
        rebuilt = stream.known_pages(urls)
        client.delete(KNOWN)
        ids = [row[0] for row in db.execute("SELECT id FROM articles")]
        client.hset(KNOWN, mapping=removal_entries(db, ids))
        assert stream.known_pages(urls) == rebuilt
        return rebuilt, [known_page(db, url) for url in urls]
    finally:
        db.close()


def test_the_mirror_tells_an_alias_from_the_articles_own_url_as_sqlite_does(
    server: PageServer, tmp_path: Path, redis_url: str
) -> None:
    old, config, db = _stored_through_alias(server, tmp_path)
    mirror, sqlite = _mirror_and_sqlite(db, redis_url, [server.url(ARTICLE), server.url(old)])
    assert [page.alias for page in sqlite] == [False, True]
    assert mirror == sqlite


def test_two_urls_of_an_article_answering_404_in_one_run_count_as_one_run(
    server: PageServer, tmp_path: Path
) -> None:
    canonical = "/news/harbour-works-canonical"
    head = f'<meta charset="utf-8"><link rel="canonical" href="{server.url(canonical)}">'
    server.put(ARTICLE, article_html("harbour", head=head))
    config = _config(tmp_path, [{"name": "pages", "sitemaps": [_listing(server, ARTICLE)]}])
    db = tmp_path / "news.db"
    _crawl(config, "pages")
    assert _query(db, "SELECT url, canonical_url FROM articles") == [
        (server.url(ARTICLE), server.url(canonical))
    ]

    for path in (ARTICLE, canonical):
        server.put(path, "<html><body>missing</body></html>", status=404)
    _listing(server, ARTICLE, canonical)
    _crawl(config, "pages")  # both of its own URLs answer 404: one run, not trusted yet
    assert server.hits(ARTICLE) == 2 and server.hits(canonical) == 1
    assert _mark(db)[:2] == (None, None)
    assert _query(db, "SELECT answers FROM gone_answers") == [(1,)]

    _crawl(config, "pages")  # a second run sees it
    assert _mark(db)[1] == 404


def test_a_304_between_two_404s_forgets_the_first(server: PageServer, tmp_path: Path) -> None:
    config = _stored_and_gone(server, tmp_path, 404)
    db = tmp_path / "news.db"
    _crawl(config, "pages")  # a first 404: pending
    assert _query(db, "SELECT answers FROM gone_answers") == [(1,)]

    server.put(ARTICLE, "", status=304, headers={"ETag": '"v1"'})
    _crawl(config, "pages")  # there after all, unchanged
    assert server.hits(ARTICLE) == 3
    assert "if-none-match" in {k.lower() for k in server.requests[-1][1]}
    assert _query(db, "SELECT count(*) FROM gone_answers") == [(0,)]

    server.put(ARTICLE, "<html><body>missing</body></html>", status=404)
    # The 304 moved fetched_at past the sitemap's time: the sitemap announces a change again.
    _sitemap(server, datetime.now(UTC))
    _crawl(config, "pages")  # a 404 again: a first one again, not a second
    assert server.hits(ARTICLE) == 4
    assert _mark(db)[:2] == (None, None)
    assert _query(db, "SELECT answers FROM gone_answers") == [(1,)]


def test_the_mirror_carries_a_pending_404_as_sqlite_does(
    server: PageServer, tmp_path: Path, redis_url: str
) -> None:
    config = _stored_and_gone(server, tmp_path, 404)
    db = tmp_path / "news.db"
    _crawl(config, "pages")  # a first 404: pending
    assert _query(db, "SELECT answers FROM gone_answers") == [(1,)]
    mirror, sqlite = _mirror_and_sqlite(db, redis_url, [server.url(ARTICLE)])
    assert sqlite[0].gone_answers == 1 and sqlite[0].removed_status is None
    assert mirror == sqlite


def _backoff_rows(db: Path) -> list[tuple[Any, ...]]:
    return _query(db, "SELECT host, not_before, asked_at, retry_after, status FROM host_backoffs")


def test_a_long_retry_after_is_remembered_for_every_source_on_the_host(
    server: PageServer, tmp_path: Path
) -> None:
    feed = server.put(
        "/feed.xml",
        "busy",
        status=429,
        headers={"Retry-After": "3600"},
        content_type="text/plain",
    )
    sitemap = server.put("/other-sitemap.xml", "busy", status=503, content_type="text/plain")
    config = _config(
        tmp_path,
        [{"name": "first", "feeds": [feed]}, {"name": "second", "sitemaps": [sitemap]}],
    )
    db = tmp_path / "news.db"
    first = _crawl(config, "first")
    assert "giving up on 127.0.0.1" in first.stderr
    asked = server.hits("/feed.xml")
    ((host, not_before, asked_at, value, status),) = _backoff_rows(db)
    assert (host, value, status) == ("127.0.0.1", "3600", 429)  # the host name, no port
    waited = datetime.fromisoformat(not_before) - datetime.fromisoformat(asked_at)
    assert waited == timedelta(hours=1)

    again = _crawl(config, "first")
    other = _crawl(config, "second")
    assert server.hits("/feed.xml") == asked and server.hits("/other-sitemap.xml") == 0
    for crawl in (again, other):
        assert f"not to be requested before {not_before[:19]}" in crawl.stderr
    assert _last_discovery(db) == {"host_backed_off": 1}
    status_out = run_cli("--config", str(config), "status")
    assert f"127.0.0.1 until {not_before[:10]}" in status_out.stdout
    status_json = json.loads(run_cli("--config", str(config), "status", "--json").stdout)
    assert [h["host"] for h in status_json["hosts_backed_off"]] == [host]

    # The time has passed: asked again, and the passed back-off forgotten. This time the
    # host asks for months: the pause remembered is capped at a day.
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    _execute(db, "UPDATE host_backoffs SET not_before = ?", (past,))
    server.put(
        "/feed.xml",
        "busy",
        status=503,
        headers={"Retry-After": str(90 * 24 * 3600)},
        content_type="text/plain",
    )
    _crawl(config, "first")
    assert server.hits("/feed.xml") == asked + 1
    ((_, not_before, asked_at, value, status),) = _backoff_rows(db)
    assert (value, status) == (str(90 * 24 * 3600), 503)
    waited = datetime.fromisoformat(not_before) - datetime.fromisoformat(asked_at)
    assert waited == timedelta(days=1)


def test_a_back_off_is_kept_for_the_host_name_lower_cased_whatever_the_port(
    server: PageServer, tmp_path: Path
) -> None:
    from scrapy import Request

    from spiders.middlewares.backoffs import backoff_key

    assert backoff_key(Request("http://News.Example.COM:8080/a")) == "news.example.com"
    assert backoff_key(Request("http://news.example.com/b")) == "news.example.com"

    # The run's pause holds the host's download slot, every port of it: the back-off
    # remembered for the next runs covers the same, another port of the host included.
    feed = server.put(
        "/feed.xml", "busy", status=429, headers={"Retry-After": "3600"}, content_type="text/plain"
    )
    with PageServer() as other:
        sitemap = other.put("/sitemap.xml", "busy", status=503, content_type="text/plain")
        config = _config(
            tmp_path,
            [{"name": "first", "feeds": [feed]}, {"name": "second", "sitemaps": [sitemap]}],
        )
        _crawl(config, "first")
        assert [row[0] for row in _backoff_rows(tmp_path / "news.db")] == ["127.0.0.1"]
        second = _crawl(config, "second")
        assert other.hits("/sitemap.xml") == 0
        assert "127.0.0.1 asked at" in second.stderr


def _before_m018(path: Path) -> None:
    """Put a database back in its state before migration m018."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DROP TRIGGER gone_answers_delete")
            conn.execute("DROP TABLE gone_answers")
            conn.execute("DROP TABLE host_backoffs")
            conn.execute("ALTER TABLE articles DROP COLUMN removed_at")
            conn.execute("ALTER TABLE articles DROP COLUMN removed_status")
            conn.execute(
                "DELETE FROM _sqlite_migrations WHERE name = 'm018_removed_pages_and_host_backoffs'"
            )
    finally:
        conn.close()


def test_a_database_of_the_previous_schema_is_read_then_upgraded_keeping_its_rows(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    fixtures = Path(__file__).parent / "fixtures" / "sync" / "two_partial_copies.jsonl"
    assert run_cli("--db", str(db), "ingest", str(fixtures)).returncode == 0
    rows = _query(db, "SELECT id, canonical_url, body_text, change_seq FROM articles ORDER BY id")
    assert len(rows) == 2
    _before_m018(db)
    # Readers never migrate: the old file reads with no marks.
    old = run_cli("--db", str(db), "export", "--articles")
    assert old.returncode == 0, old.stderr
    assert [json.loads(line)["removed_at"] for line in old.stdout.splitlines()] == [None, None]
    status = run_cli("--db", str(db), "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["hosts_backed_off"] == []
    # A dry run reads the database without upgrading it: every stored URL looked up.
    server.put(ARTICLE, article_html("harbour"))
    config = _config(tmp_path, [{"name": "pages", "sitemaps": [_sitemap(server)]}])
    dry = run_cli("--config", str(config), "crawl", "pages", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"{server.url(ARTICLE)}" in dry.stdout
    assert _query(db, "SELECT count(*) FROM _sqlite_migrations WHERE name LIKE 'm018%'") == [(0,)]

    migrated = run_cli("--db", str(db), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "applied m018_removed_pages_and_host_backoffs" in migrated.stdout
    assert (
        _query(db, "SELECT id, canonical_url, body_text, change_seq FROM articles ORDER BY id")
        == rows
    )
    assert _query(db, "SELECT removed_at, removed_status FROM articles") == [(None, None)] * 2
    assert _query(db, "SELECT count(*) FROM gone_answers") == [(0,)]
    assert _query(db, "SELECT count(*) FROM host_backoffs") == [(0,)]


# --- cluster mode: the worker's crawl pushes, the writer marks ------------------------------


def _cluster_config(home: Path, redis_url: str, sources: list[dict[str, Any]]) -> Path:
    config = _config(home, sources)
    body = json.loads(config.read_text(encoding="utf-8"))
    body["cluster"] = {"redis_url": redis_url, "lease": "2s", "writer_wait": "200ms"}
    config.write_text(json.dumps(body), encoding="utf-8")
    return config


def _worker_crawl(config: Path, source: str, run: str) -> subprocess.CompletedProcess[str]:
    """The crawl a worker runs for a job: it pushes to the article stream, stores nothing."""
    report = config.parent / f"{run}.json"
    return _crawl(config, source, "--stream", run, "--report", str(report))


def test_in_a_cluster_the_writer_marks_and_the_workers_skip_and_back_off(
    server: PageServer, tmp_path: Path, redis_url: str
) -> None:
    from clusterkit import Cluster
    from conftest import wait_for

    server.put(ARTICLE, article_html("harbour"))
    sitemap = _sitemap(server)
    feed = server.put(
        "/busy.xml", "busy", status=503, headers={"Retry-After": "3600"}, content_type="text/plain"
    )
    config = _cluster_config(
        tmp_path,
        redis_url,
        [{"name": "pages", "sitemaps": [sitemap]}, {"name": "busy", "feeds": [feed]}],
    )
    db = tmp_path / "news.db"
    cluster = Cluster(config, tmp_path)
    cluster.start("writer")
    try:
        _worker_crawl(config, "pages", "run-1")

        def stored(sql: str) -> list[tuple[Any, ...]]:
            return _query(db, sql) if db.exists() else []

        wait_for(lambda: stored("SELECT 1 FROM articles"), 60, "the article stored")
        server.put(ARTICLE, "<html><body>gone</body></html>", status=410)
        _sitemap(server, datetime.now(UTC))
        _worker_crawl(config, "pages", "run-2")
        assert server.hits(ARTICLE) == 2
        wait_for(
            lambda: stored("SELECT 1 FROM articles WHERE removed_status = 410"),
            60,
            "the article marked by the writer",
        )
        # The writer has set the mark in the known-pages mirror: not asked again.
        third = _worker_crawl(config, "pages", "run-3")
        assert server.hits(ARTICLE) == 2
        assert "removed_at_source 1" in third.stdout + third.stderr

        _worker_crawl(config, "busy", "run-4")
        asked = server.hits("/busy.xml")
        again = _worker_crawl(config, "busy", "run-5")
        assert server.hits("/busy.xml") == asked
        assert "not to be requested before" in again.stderr
        status = run_cli("--config", str(config), "status", "--json")
        assert status.returncode == 0, status.stderr
        listed = json.loads(status.stdout)
        host = "127.0.0.1"  # the host name, any port
        assert [h["host"] for h in listed["hosts_backed_off"]] == [host]
        assert [h["host"] for h in listed["cluster"]["hosts_backed_off"]] == [host]
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{cluster.logs()}") from exc
    finally:
        cluster.stop()


def test_in_a_cluster_a_304_forgets_a_first_404_as_on_one_host(
    server: PageServer, tmp_path: Path, redis_url: str
) -> None:
    from clusterkit import Cluster
    from conftest import wait_for

    from storage.stream import ArticleStream, connect

    server.put(ARTICLE, article_html("harbour"), headers={"ETag": '"v1"'})
    sitemap = _sitemap(server)
    config = _cluster_config(tmp_path, redis_url, [{"name": "pages", "sitemaps": [sitemap]}])
    db = tmp_path / "news.db"
    stream = ArticleStream(connect(redis_url), redis_url, "test", retry_for=1)
    cluster = Cluster(config, tmp_path)
    cluster.start("writer")
    try:
        _worker_crawl(config, "pages", "run-1")

        def stored(sql: str) -> list[tuple[Any, ...]]:
            return _query(db, sql) if db.exists() else []

        def mirrored_404s() -> int | None:
            (known,) = stream.known_pages([server.url(ARTICLE)])
            return known.gone_answers if known is not None else None

        wait_for(lambda: stored("SELECT 1 FROM articles"), 60, "the article stored")
        server.put(ARTICLE, "<html><body>missing</body></html>", status=404)
        _sitemap(server, datetime.now(UTC))
        _worker_crawl(config, "pages", "run-2")
        wait_for(lambda: stored("SELECT answers FROM gone_answers") == [(1,)], 60, "a first 404")
        # The writer sets the pending 404 in the mirror, as SQLite has it.
        wait_for(lambda: mirrored_404s() == 1, 60, "the pending 404 in the known-pages mirror")

        server.put(ARTICLE, "", status=304, headers={"ETag": '"v1"'})
        _sitemap(server, datetime.now(UTC))
        _worker_crawl(config, "pages", "run-3")  # there after all, unchanged
        assert server.hits(ARTICLE) == 3
        wait_for(
            lambda: stored("SELECT count(*) FROM gone_answers") == [(0,)],
            60,
            "the first 404 forgotten",
        )
        wait_for(lambda: mirrored_404s() == 0, 60, "the mirror without the 404")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{cluster.logs()}") from exc
    finally:
        cluster.stop()


def test_the_web_views_story_page_shows_the_mark(tmp_path: Path) -> None:
    from webview import Web

    from aggregator.schema import GoneAnswer
    from app.config_loader import load_app_config
    from storage import open_db
    from storage.removals import GoneOutcome, note_gone

    db_path = tmp_path / "news.db"
    fixtures = Path(__file__).parent / "fixtures" / "sync" / "two_partial_copies.jsonl"
    assert run_cli("--db", str(db_path), "ingest", str(fixtures)).returncode == 0
    db = open_db(db_path)
    answered = datetime(2026, 12, 6, 21, 30, tzinfo=UTC)
    (url,) = db.execute("SELECT url FROM articles WHERE id = 1").fetchone()
    answer = GoneAnswer(1, url, "paper", 410, answered)  # its own URL answered
    assert note_gone(db, answer) is GoneOutcome.MARKED
    (story_id,) = db.execute("SELECT story_id FROM articles WHERE id = 1").fetchone()
    db.close()
    config = _config(tmp_path, [{"name": "paper", "feeds": ["https://example.test/feed"]}])
    response = Web(load_app_config(config, db_path), db_path).get(f"/story/{story_id}")
    assert response.status_code == 200
    html = response.text
    assert "Removed at the source</strong> on" in html
    assert "2026-12-06 21:30 UTC</time> (HTTP 410)" in html
    assert html.count("Removed at the source</strong>") == 1  # the other copy is there
