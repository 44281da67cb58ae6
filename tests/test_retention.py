"""Retention: `aggregator prune`, the daemon's daily prune, and crawls that do not fetch a
pruned page again.

Real SQLite files: two batches of synthetic wire stories and their copies
(benchmarks/synth.py) are stored at different times through storage's write path,
then pruned with a cutoff between them through the CLI. Every table that refers to
a story or an article is checked for what is left, and the event tier's document
frequencies against a database that only ever stored the kept stories. The crawl
test serves a sitemap on 127.0.0.1 and counts the requests.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, run_cli
from pageserver import PageServer

from aggregator.config import DedupSettings, parse_config
from aggregator.records import article_from_record
from aggregator.schema import ArticleWrite, parse_utc, utc_now
from app.cli import cli
from storage.db import open_db
from storage.retention import count_prunable
from storage.writes import StoreStatus, store_articles

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import synthetic_articles  # noqa: E402

pytestmark = pytest.mark.timeout(240)

SETTINGS = DedupSettings()
RECORDS = list(synthetic_articles(60, seed=36))
STORIES = sorted({r["story"] for r in RECORDS})
OLD = [r for r in RECORDS if r["story"] <= STORIES[len(STORIES) // 2]]
NEW = [r for r in RECORDS if r["story"] > STORIES[len(STORIES) // 2]]


def store(db_path: Path, records: list[dict[str, Any]]) -> list[tuple[StoreStatus, int]]:
    """Store ingest records through the one write path; (status, story id) of each."""
    db = open_db(db_path)
    try:
        writes = [
            # The http:// URL a feed may name for the page: a redirect alias.
            ArticleWrite(
                article_from_record(r, source=None, fetched_at=utc_now()),
                None,
                None,
                (alias(r["url"]),),
            )
            for r in records
        ]
        outcomes = store_articles(db, writes, SETTINGS)
    finally:
        db.close()
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return [(o.result.status, o.result.story_id) for o in outcomes if o.result is not None]


def alias(url: str) -> str:
    return url.replace("https://", "http://", 1)


def rows(db_path: Path, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def invoke(db_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def search(db_path: Path, word: str) -> set[int]:
    """The ids of the stories `aggregator search WORD` finds."""
    result = invoke(db_path, "search", word, "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    return {hit["story_id"] for hit in json.loads(result.output)}


def edited(record: dict[str, Any]) -> dict[str, Any]:
    """The same page with a paragraph added: stored again, it becomes version 2."""
    return {**record, "body": record["body"] + "\n\nA correction was added to this report."}


def two_batches(db_path: Path) -> datetime:
    """The old stories, one founding article of them edited, all made 30 days old, then the
    new ones; a cutoff between the two batches (10 days ago)."""
    store(db_path, OLD)
    store(db_path, [edited(OLD[0])])
    backdate(db_path, [i for (i,) in rows(db_path, "SELECT id FROM stories")], 30)
    store(db_path, NEW)
    return utc_now() - timedelta(days=10)


def old_then_new(db_path: Path, days: int) -> list[int]:
    """The old stories, then the new ones, then the old made ``days`` old; their ids."""
    store(db_path, OLD)
    old = sorted({i for (i,) in rows(db_path, "SELECT id FROM stories")})
    store(db_path, NEW)
    backdate(db_path, old, days)
    return old


def integrity_problems(db_path: Path) -> dict[str, int]:
    """Rows that refer to something missing (each count must be 0)."""
    checks = {
        "articles without story": "SELECT count(*) FROM articles "
        "WHERE story_id NOT IN (SELECT id FROM stories)",
        "stories without article": "SELECT count(*) FROM stories "
        "WHERE id NOT IN (SELECT story_id FROM articles)",
        "versions without article": "SELECT count(*) FROM article_versions "
        "WHERE article_id NOT IN (SELECT id FROM articles)",
        "dedup keys without article": "SELECT count(*) FROM dedup_keys "
        "WHERE article_id NOT IN (SELECT id FROM articles)",
        "event keys without article": "SELECT count(*) FROM event_keys "
        "WHERE article_id NOT IN (SELECT id FROM articles)",
        "event profiles without article": "SELECT count(*) FROM event_profiles "
        "WHERE article_id NOT IN (SELECT id FROM articles)",
        "aliases without article": "SELECT count(*) FROM url_aliases "
        "WHERE article_id NOT IN (SELECT id FROM articles)",
        "stories of a missing event": "SELECT count(*) FROM stories "
        "WHERE event_id NOT IN (SELECT id FROM events)",
        "events without story": "SELECT count(*) FROM events "
        "WHERE id NOT IN (SELECT event_id FROM stories WHERE event_id IS NOT NULL)",
        "merges into a missing story": "SELECT count(*) FROM story_merges "
        "WHERE into_story_id NOT IN (SELECT id FROM stories)",
        "search rows without article": "SELECT count(*) FROM articles_fts "
        "WHERE rowid NOT IN (SELECT id FROM articles)",
        "articles not searchable": "SELECT (SELECT count(*) FROM articles) - "
        "(SELECT count(*) FROM articles_fts)",
    }
    problems = {name: rows(db_path, sql)[0][0] for name, sql in checks.items()}
    with sqlite3.connect(db_path) as conn:
        problems["foreign keys"] = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        # FTS5's own check of its index against the articles table.
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    return {name: n for name, n in problems.items() if n}


def words_of(records: list[dict[str, Any]]) -> set[str]:
    return {w.strip(".,").lower() for r in records for w in r["body"].split()}


def test_prune_removes_old_stories_and_all_that_refers_to_them(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    cutoff = two_batches(db_path)
    old_urls = {r["url"] for r in OLD}
    old_ids = {
        i
        for (i,) in rows(
            db_path, "SELECT id FROM stories WHERE last_seen_at < ?", [cutoff.isoformat()]
        )
    }
    kept_before = rows(
        db_path, "SELECT * FROM stories WHERE last_seen_at >= ? ORDER BY id", [cutoff.isoformat()]
    )
    assert (
        old_ids and kept_before and rows(db_path, "SELECT count(*) FROM article_versions") == [(1,)]
    )
    only_old = sorted(words_of(OLD) - words_of(NEW))[:20]
    found_before = {word: search(db_path, word) for word in only_old}
    assert any(found_before.values())

    result = invoke(db_path, "prune", "--before", cutoff.isoformat())

    assert result.exit_code == 0, result.output
    old_articles = len(OLD)  # the edit is a version of one of them, not an article
    assert f"pruned {len(old_ids)} stories, {old_articles} articles, 1 versions" in result.output
    assert rows(db_path, "SELECT * FROM stories ORDER BY id") == kept_before
    assert not {u for (u,) in rows(db_path, "SELECT url FROM articles")} & old_urls
    assert rows(db_path, "SELECT count(*) FROM article_versions") == [(0,)]
    assert integrity_problems(db_path) == {}
    # Search finds no pruned story (a stem may still match a kept one), and still finds
    # the kept stories' own words.
    assert {word: search(db_path, word) for word in only_old} == {
        word: found - old_ids for word, found in found_before.items()
    }
    kept_word = sorted(words_of(NEW) - words_of(OLD))[0]
    assert search(db_path, kept_word)
    # The readers agree with what is left.
    listed = json.loads(invoke(db_path, "stories", "--json", "--limit", "1000").output)
    assert sorted(s["story_id"] for s in listed) == [row[0] for row in kept_before]
    gone = invoke(db_path, "show", str(min(old_ids)))
    assert gone.exit_code != 0 and len(gone.output.strip().splitlines()) == 1, gone.output
    exported = invoke(db_path, "export", "--articles", "--format", "jsonl").output.splitlines()
    assert len(exported) == len(NEW)
    # Every URL a pruned article was known by, its aliases too, is remembered for the
    # crawls, and no alias is left.
    old_aliases = {alias(u) for u in old_urls}
    assert {u for (u,) in rows(db_path, "SELECT url FROM pruned_urls")} == old_urls | old_aliases
    assert not {u for (u,) in rows(db_path, "SELECT url FROM url_aliases")} & old_aliases


def test_after_a_prune_a_pruned_wire_story_starts_again_and_a_kept_one_is_joined(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "news.db"
    cutoff = two_batches(db_path)
    invoke(db_path, "prune", "--before", cutoff.isoformat())
    kept = {i for (i,) in rows(db_path, "SELECT id FROM stories")}

    def new_copy(record: dict[str, Any]) -> dict[str, Any]:
        return {
            **record,
            "url": record["url"].replace("/news/", "/late/"),
            "site": "latecomer",
            "body": "LONDON (Wire) - " + record["body"],
        }

    (pruned_copy,) = store(db_path, [new_copy(OLD[1])])
    (kept_copy,) = store(db_path, [new_copy(NEW[0])])
    assert pruned_copy[0] is StoreStatus.NEW and pruned_copy[1] not in kept
    assert kept_copy[0] is StoreStatus.NEW and kept_copy[1] in kept
    assert rows(db_path, "SELECT copies FROM stories WHERE id = ?", [pruned_copy[1]]) == [(1,)]
    assert integrity_problems(db_path) == {}


def test_event_frequencies_after_a_prune_are_those_of_the_kept_stories_alone(
    tmp_path: Path,
) -> None:
    pruned, fresh = tmp_path / "pruned.db", tmp_path / "fresh.db"
    cutoff = two_batches(pruned)
    before = rows(pruned, "SELECT bucket, n FROM event_df ORDER BY bucket")
    assert invoke(pruned, "prune", "--before", cutoff.isoformat()).exit_code == 0
    store(fresh, NEW)
    after = rows(pruned, "SELECT bucket, n FROM event_df ORDER BY bucket")
    assert after != before
    assert after == rows(fresh, "SELECT bucket, n FROM event_df ORDER BY bucket")


def test_dry_run_changes_nothing_and_says_what_would_go(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    cutoff = two_batches(db_path)
    with sqlite3.connect(db_path) as conn:
        dump = list(conn.iterdump())
    result = invoke(db_path, "prune", "--before", cutoff.isoformat(), "--dry-run")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        assert list(conn.iterdump()) == dump
    assert f"would prune {len({r['story'] for r in OLD})} stories, {len(OLD)} articles" in (
        result.output
    )
    db = open_db(db_path)
    try:
        would = count_prunable(db, cutoff)
    finally:
        db.close()
    real = invoke(db_path, "prune", "--before", cutoff.isoformat())
    assert would.urls == rows(db_path, "SELECT count(*) FROM pruned_urls")[0][0]
    assert (
        real.output.split(": ", 1)[1].replace("pruned", "would prune")
        == (result.output.split(": ", 1)[1])
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--older-than", "ninety days"], "--older-than"),
        (["--older-than", "90"], "--older-than"),
        (["--before", "last tuesday"], "--before"),
        (["--older-than", "90d", "--before", "2026-01-01"], "not both"),
        ([], "no window"),
        # The config's lower bound: a typo must not prune today's news.
        (["--older-than", "1s"], "at least 1d"),
        (["--older-than", "0s"], "at least 1d"),
        (["--older-than", "23h"], "at least 1d"),
        (["--before", "2999-01-01"], "at least 1d"),
        (["--before", (utc_now() - timedelta(hours=1)).isoformat()], "at least 1d"),
    ],
)
def test_a_bad_or_missing_window_is_one_line_and_prunes_nothing(
    tmp_path: Path, args: list[str], says: str
) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD[:3])
    config = tmp_path / "config.yaml"
    config.write_text(json.dumps({"database": str(db_path), "sources": []}))
    result = run_cli("--config", str(config), "prune", *args, timeout=60)
    assert result.returncode == 2, result
    assert says in result.stderr and result.stdout == ""
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert rows(db_path, "SELECT count(*) FROM articles") == [(3,)]


def test_retention_keep_is_validated_in_one_line() -> None:
    config = parse_config("sources: []\nretention: {keep: 365d}\n")
    assert config.retention.keep == timedelta(days=365)
    assert parse_config("sources: []\n").retention.keep is None
    for bad in ("12h", "forever", "5"):
        with pytest.raises(Exception, match="retention.keep") as error:
            parse_config(f"sources: []\nretention: {{keep: {bad}}}\n")
        assert "\n" not in str(error.value)


def backdate(db_path: Path, story_ids: list[int], days: int) -> None:
    """Make stories and their articles look stored and fetched ``days`` ago (the daemon's
    window is at least a day)."""
    when = (utc_now() - timedelta(days=days)).isoformat()
    marks = ",".join("?" * len(story_ids))
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            f"UPDATE stories SET first_seen_at = ?, last_seen_at = ? WHERE id IN ({marks})",
            [when, when, *story_ids],
        )
        conn.execute(
            f"UPDATE articles SET first_seen_at = ?, fetched_at = ? WHERE story_id IN ({marks})",
            [when, when, *story_ids],
        )


def test_the_daemon_schedules_a_daily_prune_that_uses_the_configs_window(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.daemon.retention import JOB_ID, RetentionJob

    db_path = tmp_path / "news.db"
    old = old_then_new(db_path, 400)
    scheduler = BackgroundScheduler()
    keeping = parse_config(f"database: {db_path}\nsources: []\nretention: {{keep: 365d}}\n")
    RetentionJob(lambda: parse_config(f"database: {db_path}\nsources: []\n"), db_path).schedule(
        scheduler
    )
    assert scheduler.get_job(JOB_ID) is None  # no retention: section, no prune
    job = RetentionJob(lambda: keeping, db_path)
    job.schedule(scheduler)
    scheduled = scheduler.get_job(JOB_ID)
    assert scheduled is not None and scheduled.trigger.interval == timedelta(days=1)
    caplog.set_level("INFO", logger="app.retention")
    counts = job.run()
    assert counts is not None and counts.stories == len(old)
    left = {i for (i,) in rows(db_path, "SELECT id FROM stories")}
    assert not left & set(old) and left
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("prune ")]
    assert f"stories={len(old)}" in line
    # In cluster mode the writer prunes, not the daemon.
    clustered = keeping.model_copy(
        update={
            "cluster": parse_config(
                "sources: []\ncluster: {redis_url: 'redis://127.0.0.1:1/0'}\n"
            ).cluster
        }
    )
    RetentionJob(lambda: clustered, db_path).schedule(scheduler)
    assert scheduler.get_job(JOB_ID) is None


def test_the_newest_story_is_kept_however_old_so_no_id_is_reused(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    newest = rows(db_path, "SELECT max(id) FROM stories")[0][0]
    backdate(db_path, [i for (i,) in rows(db_path, "SELECT id FROM stories")], 30)
    result = invoke(db_path, "prune", "--older-than", "1d")
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT id FROM stories") == [(newest,)]
    assert integrity_problems(db_path) == {}


def test_the_pruning_connection_checks_foreign_keys_again_afterwards(tmp_path: Path) -> None:
    from storage.retention import prune_stories

    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    db = open_db(db_path)
    try:
        batches = list(prune_stories(db, utc_now(), SETTINGS, batch=5))
        assert len(batches) > 2 and sum(b.counts.stories for b in batches) > 10
        assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        db.close()
    assert integrity_problems(db_path) == {}


def test_a_prune_removes_the_text_keys_a_writer_from_before_m005_left(tmp_path: Path) -> None:
    """QA pass 42, item 3: a writer from before m005 running after the upgrade stores text
    lookup keys; the prune deleted keys by the integer ones of the stored profile, and left
    those rows naming a deleted article (PRAGMA foreign_key_check reported them)."""
    db_path = tmp_path / "news.db"
    old = old_then_new(db_path, 30)
    article = rows(db_path, "SELECT min(id) FROM articles WHERE story_id = ?", [old[0]])[0][0]
    with sqlite3.connect(db_path) as conn:
        conn.executemany(  # the form m005 converted: band, then the band hash in hex
            "INSERT INTO dedup_keys (key, article_id) VALUES (?, ?)",
            [(f"b{band:02d}:{band:016x}", article) for band in range(3)],
        )
    result = invoke(db_path, "prune", "--older-than", "10d")
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT count(*) FROM articles WHERE id = ?", [article]) == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM dedup_keys WHERE typeof(key) = 'text'") == [(0,)]
    assert integrity_problems(db_path) == {}


def test_a_database_from_before_the_tombstones_is_migrated(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD[:3])
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE pruned_urls")
        conn.execute("DROP INDEX url_aliases_article")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_pruned_urls'")
        conn.execute("PRAGMA user_version = 11")
    migrated = invoke(db_path, "migrate")
    assert migrated.exit_code == 0 and "applied m012_pruned_urls" in migrated.output
    assert rows(db_path, "SELECT count(*) FROM pruned_urls") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM articles") == [(3,)]


# --- crawls ----------------------------------------------------------------------------


def page(title: str, n: int) -> str:
    text = "".join(
        f"<p>{title}, part {i}: report number {n} says the {title.lower()} committee met "
        f"on day {n * 7 + i} and agreed item {n * 13 + i} of its agenda for the year.</p>"
        for i in range(5)
    )
    return (
        f'<html><head><title>{title}</title><meta property="og:type" content="article">'
        f"</head><body><article><h1>{title}</h1>{text}</article></body></html>"
    )


def sitemap(site: PageServer, *paths: str, lastmod: str | None = None) -> str:
    stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    urls = "".join(f"<url><loc>{site.url(p)}</loc>{stamp}</url>" for p in paths)
    return site.put(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>",
        content_type="application/xml",
    )


@pytest.fixture
def site() -> Iterator[PageServer]:
    with PageServer() as server:
        server.put("/news/harbour", page("Harbour", 1))
        server.put("/news/orchard", page("Orchard", 2))
        yield server


def crawl(home: Path, site: PageServer, *extra: str) -> dict[str, int]:
    """One crawl of the sitemap; the run's discovery counts (links not followed)."""
    config = home / "config.yaml"
    source = {
        "name": "bay",
        "sitemaps": [site.url("/sitemap.xml")],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    config.write_text(json.dumps({"database": str(home / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "crawl", "bay", *extra, timeout=110)
    assert result.returncode == 0, result.stderr[-3000:]
    (discovery,) = rows(
        home / "news.db", "SELECT discovery FROM crawl_runs ORDER BY id DESC LIMIT 1"
    )[0]
    return json.loads(discovery or "{}")


def test_a_crawl_does_not_fetch_a_pruned_page_again_and_counts_it(
    site: PageServer, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    sitemap(site, "/news/harbour")
    crawl(tmp_path, site)
    backdate(db_path, [i for (i,) in rows(db_path, "SELECT id FROM stories")], 30)
    (last,) = rows(db_path, "SELECT max(last_seen_at) FROM stories")[0]
    sitemap(site, "/news/harbour", "/news/orchard")
    crawl(tmp_path, site)
    assert site.hits("/news/harbour") == 1 and site.hits("/news/orchard") == 1
    pruned = invoke(db_path, "prune", "--before", last)
    assert pruned.exit_code == 0 and "pruned 0 stories" in pruned.output  # before, not at
    cutoff = (parse_utc(last) + timedelta(microseconds=1)).isoformat()  # type: ignore[operator]
    assert "pruned 1 stories" in invoke(db_path, "prune", "--before", cutoff).output
    # Even announced as changed since, the pruned page is not fetched: it is counted, once.
    today = utc_now().date().isoformat()
    sitemap(site, "/news/harbour", "/news/orchard", "/news/harbour", lastmod=today)
    discovery = crawl(tmp_path, site)
    assert site.hits("/news/harbour") == 1
    assert discovery.get("pruned") == 1
    assert rows(db_path, "SELECT count(*) FROM articles WHERE url LIKE '%harbour'") == [(0,)]
    # An operator's explicit --refresh fetches it again, and it is stored anew.
    crawl(tmp_path, site, "--refresh", site.url("/news/harbour"))
    assert site.hits("/news/harbour") == 2
    assert rows(db_path, "SELECT count(*) FROM articles WHERE url LIKE '%harbour'") == [(1,)]


def test_the_clusters_known_pages_mirror_marks_pruned_urls(tmp_path: Path, redis_url: str) -> None:
    from storage.stream import ArticleStream, connect, rebuild_known

    db_path = tmp_path / "news.db"
    cutoff = two_batches(db_path)
    invoke(db_path, "prune", "--before", cutoff.isoformat())
    client = connect(redis_url)
    db = open_db(db_path)
    try:
        rebuild_known(client, db)
    finally:
        db.close()
    stream = ArticleStream(client, redis_url, "run", retry_for=1)
    pruned, kept = stream.known_pages([OLD[1]["url"], NEW[0]["url"]])
    assert pruned is not None and pruned.pruned_at is not None and pruned.article_id is None
    assert kept is not None and kept.pruned_at is None and kept.article_id is not None


def test_in_cluster_mode_the_writer_prunes_and_marks_the_mirror(
    tmp_path: Path, redis_url: str
) -> None:
    from conftest import wait_for
    from test_cluster_queue import running

    from app.cluster.writer import Writer
    from storage.stream import ArticleStream, connect

    db_path = tmp_path / "news.db"
    old = old_then_new(db_path, 400)
    config = parse_config(
        f"database: {db_path}\nsources: []\nretention: {{keep: 365d}}\n"
        f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
    )
    client = connect(redis_url)
    stream = ArticleStream(client, redis_url, "run", retry_for=1)
    with running(Writer(config, db_path)):

        def pruned_in_mirror() -> bool:
            (known,) = stream.known_pages([OLD[1]["url"]])
            return known is not None and known.pruned_at is not None

        wait_for(pruned_in_mirror, 30, "the writer's prune to mark the mirror")
    left = {i for (i,) in rows(db_path, "SELECT id FROM stories")}
    assert left and not left & set(old)
    assert integrity_problems(db_path) == {}


def test_a_reader_open_during_a_prune_keeps_its_snapshot_and_blocks_nothing(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "news.db"
    cutoff = two_batches(db_path)
    reader = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        reader.execute("BEGIN")
        (before,) = reader.execute("SELECT count(*) FROM articles").fetchone()
        result = invoke(db_path, "prune", "--before", cutoff.isoformat())
        assert result.exit_code == 0 and "pruned" in result.output, result.output
        # The reader's transaction still sees the articles as they were …
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (before,)
        reader.execute("COMMIT")
        # … and its next one sees what is kept.
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (len(NEW),)
    finally:
        reader.close()


def test_a_pruned_url_whose_time_cannot_be_read_is_pruned_in_sqlite_and_in_the_mirror(
    tmp_path: Path, redis_url: str
) -> None:
    from storage.queries import known_page
    from storage.stream import ArticleStream, connect, rebuild_known

    db_path = tmp_path / "news.db"
    store(db_path, OLD[:1])
    gone = "https://example.org/gone"
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO pruned_urls VALUES (?, ?, 'not a time')", [gone, gone])
    db = open_db(db_path)
    try:
        in_sqlite = known_page(db, gone)
        rebuild_known(connect(redis_url), db)
    finally:
        db.close()
    (in_mirror,) = ArticleStream(connect(redis_url), redis_url, "run", retry_for=1).known_pages(
        [gone]
    )
    assert in_sqlite is not None and in_mirror is not None
    assert in_sqlite.pruned_at is not None and in_sqlite.pruned_at == in_mirror.pruned_at


def test_a_story_whose_article_was_updated_since_the_cutoff_is_kept(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    old = old_then_new(db_path, 30)
    # A live page edited today: a new version, no new copy (last_seen_at stays old).
    ((status, live),) = store(db_path, [edited(OLD[0])])
    assert status == "updated" and live in old
    cutoff = (utc_now() - timedelta(days=10)).isoformat()
    assert rows(db_path, "SELECT last_seen_at < ? FROM stories WHERE id = ?", [cutoff, live]) == [
        (1,)
    ]

    result = invoke(db_path, "prune", "--before", cutoff)

    assert result.exit_code == 0, result.output
    left = {i for (i,) in rows(db_path, "SELECT id FROM stories")}
    assert live in left and not left & (set(old) - {live})
    assert rows(db_path, "SELECT count(*) FROM pruned_urls WHERE url = ?", [OLD[0]["url"]]) == [
        (0,)
    ]


@pytest.mark.parametrize("dry", [True, False])
def test_a_mistyped_database_path_is_one_line_and_creates_nothing(
    tmp_path: Path, dry: bool
) -> None:
    typo = tmp_path / "nwes.db"
    result = invoke(typo, "prune", "--older-than", "30d", *(["--dry-run"] if dry else []))
    assert result.exit_code != 0
    assert f"no database at {typo}" in result.output and len(result.output.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_on_an_older_schema_migrates_nothing_and_says_to_migrate(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD[:3])
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE pruned_urls")
        conn.execute("DROP INDEX url_aliases_article")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_pruned_urls'")
        conn.execute("PRAGMA user_version = 11")
        dump = list(conn.iterdump())
    result = invoke(db_path, "prune", "--older-than", "30d", "--dry-run")
    assert result.exit_code != 0 and len(result.output.splitlines()) == 1, result.output
    assert "aggregator migrate" in result.output and "m012_pruned_urls" in result.output
    with sqlite3.connect(db_path) as conn:
        assert list(conn.iterdump()) == dump
        assert conn.execute("PRAGMA user_version").fetchone() == (11,)


def test_a_stop_set_during_a_prune_ends_it_after_the_batch_in_hand(tmp_path: Path) -> None:
    import threading

    from storage.retention import prune_stories

    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    stories = rows(db_path, "SELECT count(*) FROM stories")[0][0]
    stop = threading.Event()
    db = open_db(db_path)
    try:
        batches = []
        for pruned in prune_stories(db, utc_now(), SETTINGS, batch=5, stop=stop):
            batches.append(pruned)
            stop.set()  # as the daemon's or the writer's stop would, from another thread
        assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        db.close()
    assert len(batches) == 1
    left = rows(db_path, "SELECT count(*) FROM stories")[0][0]
    assert left == stories - batches[0].counts.stories and left > 1
    assert integrity_problems(db_path) == {}


def test_a_stopped_daemon_prune_job_prunes_nothing(tmp_path: Path) -> None:
    from app.daemon.retention import RetentionJob

    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    ids = [i for (i,) in rows(db_path, "SELECT id FROM stories")]
    backdate(db_path, ids, 400)
    job = RetentionJob(
        lambda: parse_config(f"database: {db_path}\nsources: []\nretention: {{keep: 365d}}\n"),
        db_path,
    )
    job.stop()  # the daemon's stop(): a run still queued or in hand writes no batch after it
    counts = job.run()
    assert counts is not None and counts.stories == 0
    assert len(rows(db_path, "SELECT id FROM stories")) == len(ids)


def test_a_new_url_redirecting_to_a_pruned_page_does_not_store_it_again(
    site: PageServer, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    sitemap(site, "/news/harbour")
    crawl(tmp_path, site)
    backdate(db_path, [i for (i,) in rows(db_path, "SELECT id FROM stories")], 30)
    site.put("/news/later", page("Later", 9))
    sitemap(site, "/news/later")
    crawl(tmp_path, site)  # a newer story, so the id guard keeps that one and harbour goes
    assert "pruned 1 stories" in invoke(db_path, "prune", "--older-than", "10d").output
    site.redirect("/go/harbour", site.url("/news/harbour"), 301)
    sitemap(site, "/go/harbour")

    discovery = crawl(tmp_path, site)

    assert site.hits("/news/harbour") == 2  # fetched through the new URL, then not stored
    assert discovery.get("pruned") == 1
    assert rows(db_path, "SELECT count(*) FROM articles WHERE canonical_url LIKE '%harbour'") == [
        (0,)
    ]
    (failed,) = rows(db_path, "SELECT articles_failed FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert failed == 0
    # The new URL is remembered as the pruned page's: the next crawl does not follow it.
    assert rows(db_path, "SELECT url FROM pruned_urls WHERE url LIKE '%/go/harbour'") == [
        (site.url("/go/harbour"),)
    ]
    discovery = crawl(tmp_path, site)
    assert site.hits("/go/harbour") == 1 and site.hits("/news/harbour") == 2
    assert discovery.get("pruned") == 1


def test_the_writers_store_skips_a_new_page_at_a_pruned_url(tmp_path: Path) -> None:
    from storage.writes import PrunedPage

    db_path = tmp_path / "news.db"
    store(db_path, OLD[:1])
    record = {**NEW[0], "url": "https://example.org/was-pruned"}
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO pruned_urls VALUES (?, ?, ?)",
            [record["url"], record["url"], utc_now().isoformat()],
        )
    write = ArticleWrite(article_from_record(record, source=None, fetched_at=utc_now()))
    db = open_db(db_path)
    try:
        (skipped,) = store_articles(db, [write], SETTINGS, skip_pruned=True)
        (ingested,) = store_articles(db, [write], SETTINGS)  # ingest stores what it is given
    finally:
        db.close()
    assert skipped.result is None and isinstance(skipped.error, PrunedPage)
    assert ingested.result is not None and ingested.result.status == "new"


def test_in_cluster_mode_the_writer_stores_a_refreshed_pruned_page_and_skips_others(
    tmp_path: Path, redis_url: str
) -> None:
    from conftest import wait_for
    from test_cluster_queue import running

    from app.cluster.writer import Writer
    from storage.stream import ArticleStream, connect

    db_path = tmp_path / "news.db"
    store(db_path, OLD[:1])
    urls = ["https://example.org/pruned-a", "https://example.org/pruned-b"]
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO pruned_urls VALUES (?, ?, ?)",
            [(u, u, utc_now().isoformat()) for u in urls],
        )
    refreshed, crawled = (
        ArticleWrite(
            article_from_record({**record, "url": url}, source=None, fetched_at=utc_now()),
            refresh=refresh,
        )
        for record, url, refresh in ((NEW[0], urls[0], True), (NEW[1], urls[1], False))
    )
    config = parse_config(
        f"database: {db_path}\nsources: []\n"
        f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
    )
    stream = ArticleStream(connect(redis_url), redis_url, "run", retry_for=1)
    with running(Writer(config, db_path)):
        stream.push([crawled, refreshed])  # the writer gets the one it skips first
        wait_for(
            lambda: rows(db_path, "SELECT url FROM articles WHERE url LIKE '%pruned%'"),
            30,
            "the writer to store the refreshed page",
        )
    assert rows(db_path, "SELECT url FROM articles WHERE url LIKE '%pruned%'") == [(urls[0],)]


def test_urls_that_led_to_a_pruned_page_are_remembered_in_sqlite_and_the_mirror(
    tmp_path: Path,
) -> None:
    from storage.stream import known_entries
    from storage.writes import PrunedPage

    db_path = tmp_path / "news.db"
    store(db_path, OLD[:1])
    kept_url = OLD[0]["url"]
    pruned_url = "https://example.org/was-pruned"
    when = "2026-01-02T03:04:05+00:00"
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO pruned_urls VALUES (?, ?, ?)", [pruned_url, pruned_url, when])
    record = {**NEW[0], "url": pruned_url}
    # Reached through a new short link, and through a URL a kept article already has.
    write = ArticleWrite(
        article_from_record(record, source=None, fetched_at=utc_now()),
        aliases=("https://example.org/go/1", kept_url),
    )
    db = open_db(db_path)
    try:
        (outcome,) = store_articles(db, [write], SETTINGS, skip_pruned=True)
    finally:
        db.close()
    assert isinstance(outcome.error, PrunedPage)
    assert rows(db_path, "SELECT url, canonical_url, pruned_at FROM pruned_urls ORDER BY url") == [
        ("https://example.org/go/1", pruned_url, when),
        (pruned_url, pruned_url, when),
    ]
    mirrored = known_entries([outcome])
    assert set(mirrored) == {"https://example.org/go/1"}
    assert json.loads(mirrored["https://example.org/go/1"])[4] == when


def test_a_prune_finds_a_batchs_aliases_by_index_not_by_a_scan(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD[:3])
    plan = rows(
        db_path,
        "EXPLAIN QUERY PLAN SELECT url, article_id FROM url_aliases WHERE article_id IN (?, ?)",
        [1, 2],
    )
    details = " ".join(str(row[-1]) for row in plan)
    assert "url_aliases_article" in details and "SCAN" not in details, details


def test_a_failed_prune_says_in_one_line_what_committed_batches_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from app.retention import run_scheduled_prune

    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    ids = [i for (i,) in rows(db_path, "SELECT id FROM stories")]
    backdate(db_path, ids, 400)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "CREATE TRIGGER injected BEFORE DELETE ON stories "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    config = parse_config(f"database: {db_path}\nsources: []\nretention: {{keep: 365d}}\n")
    caplog.set_level("INFO", logger="app.retention")

    assert run_scheduled_prune(config, db_path) is None

    (failed,) = [r for r in caplog.records if r.levelname == "ERROR"]
    line = failed.getMessage()
    assert "prune failed after removing stories=0 articles=0" in line and "injected" in line
    assert failed.exc_info is None and "\n" not in line
    assert len(rows(db_path, "SELECT id FROM stories")) == len(ids)


def test_a_prune_whose_on_open_fails_closes_its_connection(tmp_path: Path) -> None:
    """``on_open`` (the scheduled prune reads a PRAGMA there, which can fail as any query)
    raising leaves no connection open (review 52, F4)."""
    from app.retention import prune

    db_path = tmp_path / "news.db"
    store(db_path, OLD)
    config = parse_config(f"database: {db_path}\nsources: []\nretention: {{keep: 365d}}\n")
    opened = []

    def failing(db: Any) -> None:
        opened.append(db)
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        prune(config, db_path, utc_now(), on_open=failing)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")
    assert rows(db_path, "SELECT count(*) FROM stories")[0][0] > 0


def test_a_url_a_kept_article_still_has_is_not_marked_pruned(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    store(db_path, OLD[:1])
    old = [i for (i,) in rows(db_path, "SELECT id FROM stories")]
    backdate(db_path, old, 30)
    # Another page fetched at the same address (articles.url is not unique), kept.
    shared = OLD[0]["url"]
    store(db_path, [{**NEW[0], "url": shared, "canonical_url": shared + "-printed"}])
    assert rows(db_path, "SELECT count(*) FROM articles WHERE url = ?", [shared]) == [(2,)]

    assert "pruned 1 stories" in invoke(db_path, "prune", "--older-than", "10d").output

    pruned = {u for (u,) in rows(db_path, "SELECT url FROM pruned_urls")}
    assert shared not in pruned and alias(shared) in pruned


def test_an_atom_alerts_feed_keeps_the_entry_of_a_pruned_story(tmp_path: Path) -> None:
    """docs/readers.md, "Pruned stories": the entry stays, as the story was when it fired."""
    import feedparser

    from app.alerts.feed import alert_feed

    db_path, config = tmp_path / "news.db", tmp_path / "config.yaml"
    word = OLD[0]["headline"].split()[0].lower()
    config.write_text(f"alerts:\n  - {{name: watch, query: {word}, target: atom}}\n")
    alert = parse_config(config.read_text()).alerts[0]

    def deliver() -> None:
        result = CliRunner().invoke(
            cli, ["--config", str(config), "--db", str(db_path), "alerts", "deliver"]
        )
        assert result.exit_code == 0, result.output

    assert invoke(db_path, "migrate").exit_code == 0
    deliver()  # the alert starts watching the empty database
    store(db_path, OLD)
    deliver()
    fired = {i for (i,) in rows(db_path, "SELECT story_id FROM alert_deliveries")}
    assert fired
    headlines = {i: h for i, h in rows(db_path, "SELECT id, headline FROM stories")}
    reader = open_db(db_path, read_only=True)
    before = feedparser.parse(alert_feed(reader, alert))
    reader.close()
    backdate(db_path, sorted(headlines), 30)
    store(db_path, NEW)  # the newest story is never pruned (its id must not be reused)
    pruned = invoke(db_path, "prune", "--before", (utc_now() - timedelta(days=10)).isoformat())
    assert pruned.exit_code == 0, pruned.output
    left = f"SELECT count(*) FROM stories WHERE id IN ({','.join('?' * len(fired))})"
    assert rows(db_path, left, sorted(fired)) == [(0,)]

    reader = open_db(db_path, read_only=True)
    after = feedparser.parse(alert_feed(reader, alert))
    reader.close()
    assert not after.bozo
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert len(after.entries) == len(fired)
    for entry in after.entries:
        story_id = int(entry.id.rsplit("/", 1)[1])
        assert entry.title == headlines[story_id]
        assert entry.link  # the copies' links, as they were when it fired
