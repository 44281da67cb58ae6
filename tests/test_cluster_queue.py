"""The cluster's Redis parts against a real redis-server, in this process: the job queue,
site leases, the article stream and the writer (run in a thread)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
from clusterkit import golden_write
from conftest import wait_for
from sqlite_utils import Database

from aggregator.config import Config, parse_config
from aggregator.discovery import sites_of
from app.cluster.jobs import JOBS, RECLAIMED, WORKERS_GROUP, JobQueue, enqueue, ensure_group
from app.cluster.leases import SITE_LEASE, SiteLeases
from app.cluster.presence import writer_beat
from app.cluster.worker import Worker
from app.cluster.writer import SET_ASIDE, Writer
from spiders.settings import NO_CONDITIONAL_GET, settings_for_source
from storage.db import open_db
from storage.runs import RunReport
from storage.stream import ARTICLES, KNOWN, WRITER_GROUP, ArticleStream, connect, push_report
from storage.wire import encode_write

pytestmark = pytest.mark.timeout(60)

R = TypeVar("R", Writer, Worker)


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    c = connect(redis_url)
    ensure_group(c, JOBS, WORKERS_GROUP)
    yield c
    c.close()


def _config(redis_url: str, database: Path, extra: str = "") -> Config:
    return parse_config(_config_text(redis_url, database, extra))


def _config_text(redis_url: str, database: Path, extra: str = "") -> str:
    return (
        f"database: {database}\n"
        f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
        "sources:\n"
        "  - {name: demo, feeds: ['http://127.0.0.1:8801/rss.xml'],"
        " sitemaps: ['http://127.0.0.1:8801/sitemap.xml']}\n"
        "  - {name: twosites, feeds: ['https://feeds.example.com/a.xml'],"
        " allowed_domains: [example.com, feeds.example.com]}\n" + extra
    )


# --- the job queue -------------------------------------------------------------------


def test_a_source_has_one_open_job_at_a_time(client: redis.Redis) -> None:
    first = enqueue(client, "demo", "test")
    assert first is not None
    assert enqueue(client, "demo", "test") is None  # queued: not queued twice
    assert enqueue(client, "other", "test") is not None
    queue = JobQueue(client, "w1", lease_seconds=5)
    job = queue.take(block_seconds=0.1)
    assert job is not None and (job.id, job.source) == (first, "demo")
    assert enqueue(client, "demo", "test") is None  # running: not queued twice either
    assert queue.done(job)
    assert enqueue(client, "demo", "test") not in (None, first)
    assert client.xlen(JOBS) == 2  # the other source's job and demo's new one


def test_a_job_whose_worker_stops_renewing_is_taken_over_after_a_lease(
    client: redis.Redis,
) -> None:
    enqueue(client, "demo", "test")
    # A 2 s lease, the renewal checked after 1 s idle: this process may be held up for up
    # to 1 s between the renewal and the checks (a loaded machine) without a false failure.
    first, second = JobQueue(client, "w1", 2), JobQueue(client, "w2", 2)
    job = first.take(block_seconds=0.1)
    assert job is not None and not job.reclaimed

    def idle_ms() -> int:
        return int(
            client.xpending_range(JOBS, WORKERS_GROUP, "-", "+", 1)[0]["time_since_delivered"]
        )

    # Renewed, the job stays its worker's: its idle time starts again from zero.
    wait_for(lambda: idle_ms() > 1000, 5, "the job to be idle for 1 s")
    assert first.renew(job)
    assert idle_ms() < 1000
    assert second.take(block_seconds=0.05) is None

    # Not renewed, it is taken over once idle for a lease.
    taken = wait_for(lambda: second.take(block_seconds=0.05), 10, "the job to be taken over")
    assert (taken.id, taken.source, taken.reclaimed) == (job.id, "demo", True)
    assert client.get(RECLAIMED) == "1"
    # The first worker learns it lost the job, and cannot finish it for the second.
    assert not first.renew(job)
    assert not first.done(job)
    assert client.xlen(JOBS) == 1
    assert second.done(taken)
    assert client.xlen(JOBS) == 0


def test_a_requeued_job_goes_behind_the_others_and_stays_the_source_open_job(
    client: redis.Redis,
) -> None:
    enqueue(client, "demo", "test")
    enqueue(client, "other", "test")
    queue = JobQueue(client, "w1", 5)
    job = queue.take(block_seconds=0.1)
    assert job is not None and job.source == "demo"
    copy = queue.requeue(job)
    assert copy is not None and copy != job.id
    assert enqueue(client, "demo", "test") is None  # the copy is the open job
    sources = [queue.take(0.1), queue.take(0.1)]
    assert [j.source for j in sources if j] == ["other", "demo"]


# --- site leases ---------------------------------------------------------------------


def test_a_sources_sites_are_its_discovery_hosts_with_ports_and_its_other_domains(
    tmp_path: Path,
) -> None:
    config = _config("redis://127.0.0.1:1/0", tmp_path / "n.db")
    assert sites_of(config.source("demo")) == ["127.0.0.1:8801"]
    assert sites_of(config.source("twosites")) == ["example.com", "feeds.example.com"]


def test_site_leases_are_taken_all_or_none(client: redis.Redis) -> None:
    first = SiteLeases(client, ["a.test", "b.test"], "w1 first", 5)
    second = SiteLeases(client, ["b.test", "c.test"], "w2 second", 5)
    assert first.take() is None
    assert second.take() == "b.test"
    assert client.get(SITE_LEASE + "c.test") is None  # nothing of the second kept
    assert client.get(SITE_LEASE + "b.test") == "w1 first"
    first.release()
    assert second.take() is None
    assert client.get(SITE_LEASE + "c.test") == "w2 second"


def test_a_lease_not_renewed_expires_and_its_holder_learns_it_is_lost(
    client: redis.Redis,
) -> None:
    first = SiteLeases(client, ["a.test"], "w1", 0.3)
    assert first.take() is None
    assert first.renew()
    wait_for(lambda: not client.exists(SITE_LEASE + "a.test"), 5, "the lease to expire")
    second = SiteLeases(client, ["a.test"], "w2", 5)
    assert second.take() is None
    assert not first.renew()
    first.release()  # must not delete the new holder's lease
    assert client.get(SITE_LEASE + "a.test") == "w2"


# --- the article stream and the writer ------------------------------------------------


@contextmanager
def running(role: R) -> Iterator[R]:
    """A writer or worker run in a thread, stopped and joined when the block ends."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            role.run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run, name=type(role).__name__)
    thread.start()
    try:
        yield role
    finally:
        role.stop()
        thread.join(timeout=20)
        assert not thread.is_alive()
        if failures:
            raise failures[0]


def _writes() -> list[Any]:
    return [
        golden_write("wirewire", "gws-trump-kim-summit"),
        golden_write("metroherald", "metro-trump-kim-summit"),
        golden_write("islandpulse", "island-trump-kim-summit"),
        golden_write("valleygazette", "valley-chile-quake"),
    ]


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (none while the writer has not created the database yet)."""
    if not path.exists():
        return []
    db = open_db(path, read_only=True)
    try:
        return [tuple(row) for row in db.execute(sql).fetchall()]
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        db.close()


def test_the_writer_stores_each_article_once_records_the_run_and_mirrors_known_pages(
    redis_url: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    config = _config(redis_url, db_path)
    client = connect(redis_url)
    stream = ArticleStream(client, redis_url, "job-1@w1", retry_for=1)
    writes = _writes()
    stream.push(writes)
    stream.push(writes)  # a crawl run again after its worker died pushes them again
    report = RunReport(
        "demo", writes[0].article.fetched_at, writes[0].article.fetched_at, "ok", worker="w1"
    )
    push_report(client, "job-1@w1", report)
    with running(Writer(config, db_path)):
        wait_for(lambda: not client.xlen(ARTICLES), 30, "the stream to be stored")
    assert _rows(db_path, "SELECT count(*), count(DISTINCT canonical_url) FROM articles") == [
        (4, 4)
    ]
    assert _rows(
        db_path, "SELECT source, status, articles_new, articles_unchanged, pid FROM crawl_runs"
    ) == [("demo", "ok", 4, 4, None)]
    known = stream.known_pages([w.article.canonical_url for w in writes] + ["http://new/"])
    stored_ids = _rows(db_path, "SELECT id FROM articles ORDER BY id")
    assert sorted(k.article_id for k in known if k) == [i for (i,) in stored_ids]
    assert known[-1] is None
    assert known[0].etag == '"abc"'  # type: ignore[union-attr]
    beat = writer_beat(client)
    assert beat is not None and beat.stored == 8 and beat.latency_p95 is not None
    assert client.xpending(ARTICLES, WRITER_GROUP)["pending"] == 0


def test_entries_a_stopped_writer_had_read_are_stored_by_the_next(
    redis_url: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    client = connect(redis_url)
    ensure_group(client, ARTICLES, WRITER_GROUP)
    ArticleStream(client, redis_url, "r1", retry_for=1).push(_writes())
    # A writer read them and died before it acknowledged them.
    read = client.xreadgroup(WRITER_GROUP, "writer", {ARTICLES: ">"}, count=10)
    assert len(read[0][1]) == 4
    with running(Writer(_config(redis_url, db_path), db_path)):
        wait_for(lambda: not client.xlen(ARTICLES), 30, "the pending entries to be stored")
        beat = wait_for(lambda: writer_beat(client), 10, "a heartbeat")
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(4,)]
    assert wait_for(lambda: writer_beat(client).redelivered, 5, "the count") == 4  # type: ignore[union-attr]
    assert beat is not None


def test_an_unreadable_entry_is_set_aside_and_the_rest_stored(
    redis_url: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    client = connect(redis_url)
    client.xadd(ARTICLES, {"write": '{"v": 99}', "run": "r1", "pushed": "1"})
    client.xadd(ARTICLES, {"write": encode_write(_writes()[0]), "run": "r1", "pushed": "1"})
    with running(Writer(_config(redis_url, db_path), db_path)):
        wait_for(lambda: not client.xlen(ARTICLES), 30, "the stream to be read")
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    ((_, kept),) = client.xrange(SET_ASIDE)
    assert kept["write"] == '{"v": 99}' and "wire version 99" in kept["error"]


def test_the_known_pages_mirror_is_rebuilt_from_the_database(
    redis_url: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "news.db"
    writes = _writes()
    db: Database = open_db(db_path)
    from storage.writes import store_articles

    config = _config(redis_url, db_path)
    store_articles(db, writes, config.dedup)
    db.close()
    client = connect(redis_url)
    assert not client.exists(KNOWN)
    with running(Writer(config, db_path)):
        wait_for(lambda: client.exists(KNOWN), 30, "the mirror")
    stream = ArticleStream(client, redis_url, "r", retry_for=1)
    urls = [w.article.url for w in writes] + list(writes[0].aliases)
    assert all(stream.known_pages(urls))


# --- the coordinator -----------------------------------------------------------------


def test_the_coordinator_queues_a_due_source_once_and_backs_off_a_failing_one(
    redis_url: str, tmp_path: Path
) -> None:
    from datetime import timedelta

    from app.cluster.coordinator import Coordinator
    from app.daemon.ledger import Ledger
    from storage.runs import RunCounts, record_run

    db_path = tmp_path / "news.db"
    config = _config(redis_url, db_path)
    ledger = Ledger(db_path, read_only=True)
    coordinator = Coordinator(config.cluster, ledger)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    # No database on this host yet: the source is due, queued once.
    assert not db_path.exists()
    job = coordinator.enqueue(config, "demo", now)
    assert job is not None
    assert coordinator.enqueue(config, "demo", now) is None
    assert coordinator.enqueue(config, "gone", now) is None  # removed from the config
    # Three failures in a row, recorded by the writer: backed off, not queued.
    db = open_db(db_path)
    for minutes in (30, 20, 10):
        started = now - timedelta(minutes=minutes)
        record_run(db, RunReport("twosites", started, started, "failed"), RunCounts())
    db.close()
    assert coordinator.enqueue(config, "twosites", now) is None
    assert not connect(redis_url).exists("newsagg:job:twosites")
    assert ledger.recent("twosites")[0].status == "failed"


def test_a_fire_redis_refused_is_queued_when_redis_is_back_or_left_to_the_next_fire(
    tmp_path: Path, redis_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from clusterkit import RedisServer

    from app.cluster.coordinator import Coordinator
    from app.daemon.ledger import Ledger

    server = RedisServer(tmp_path / "redis").start()  # the test's own, to stop and start
    quick = "  - {name: quick, feeds: ['http://127.0.0.1:8802/rss.xml'], schedule: {every: 3s}}\n"
    config = _config(server.url(), tmp_path / "news.db", quick)
    coordinator = Coordinator(config.cluster, Ledger(tmp_path / "news.db", read_only=True))  # type: ignore[arg-type]
    caplog.set_level(logging.INFO, logger="app.daemon")
    queued: dict[str, str | None] = {}

    def fire(source: str) -> threading.Thread:
        def run() -> None:
            queued[source] = coordinator.enqueue(config, source, datetime.now(UTC))

        thread = threading.Thread(target=run, name=f"fire {source}")
        thread.start()
        return thread

    def refusals(source: str) -> int:
        return caplog.text.count(f"cannot queue source={source}:")

    try:
        server.stop()
        # Every 30 min: tried again and again while Redis is down (longer than 7 s) ...
        demo = fire("demo")
        wait_for(lambda: refusals("demo") >= 4, 30, "four refused attempts")
        # ... every 3 s: given up before its next fire, which tries again itself.
        fire("quick").join(timeout=10)
        assert queued["quick"] is None
        assert "the next scheduled run queues it" in caplog.text
        server.start()
        demo.join(timeout=40)
        assert not demo.is_alive()
        client = connect(server.url())
        jobs = client.xrange(JOBS)
        assert [fields["source"] for _, fields in jobs] == ["demo"]
        assert queued["demo"] == jobs[0][0]
        client.close()
    finally:
        coordinator.stop()
        server.stop()


def _status_row(config: Path, source: str) -> str:
    """The source's row of ``aggregator status``, as printed."""
    from click.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if line.startswith(f"{source} "))


def _status_row_once(config: Path, source: str, text: str) -> str:
    """The source's status row, once it contains ``text`` (within 20 s)."""

    def row() -> str | None:
        line = _status_row(config, source)
        return line if text in line else None

    return str(wait_for(row, 20, f"status to show {text!r} for {source}"))


def _status_setup(redis_url: str, tmp_path: Path) -> tuple[Path, redis.Redis]:
    """A config file naming ``tmp_path/news.db``, and a client with the workers' group."""
    config_path = tmp_path / "config.yaml"
    config_path.write_text(_config_text(redis_url, tmp_path / "news.db"), encoding="utf-8")
    client = connect(redis_url)
    ensure_group(client, JOBS, WORKERS_GROUP)
    return config_path, client


def test_a_job_entry_with_a_foreign_time_stops_neither_status_nor_a_worker(
    redis_url: str, tmp_path: Path
) -> None:
    config_path, client = _status_setup(redis_url, tmp_path)
    for foreign in ("soon", "inf", "nan", "1718000000000"):  # the last in milliseconds
        client.xadd(JOBS, {"source": "demo", "enqueued_at": foreign, "by": "elsewhere"})
        assert " queued " in _status_row(config_path, "demo")
        job = JobQueue(client, "w1", lease_seconds=5).take(block_seconds=1)
        assert job is not None and job.source == "demo" and job.enqueued_at == 0.0
        client.xdel(JOBS, job.id)
    client.close()


def test_status_shows_a_job_whose_worker_stopped_renewing_it_as_stalled(
    redis_url: str, tmp_path: Path
) -> None:
    config_path, client = _status_setup(redis_url, tmp_path)
    assert enqueue(client, "demo", "test") is not None
    # Taken by a worker that then stops (never renews): after one lease (1 s) it is stalled.
    assert JobQueue(client, "deadhost:1", lease_seconds=1).take(block_seconds=1) is not None
    row = _status_row_once(config_path, "demo", "stalled on")
    assert "stalled on deadhost:1 since " in row and "when taken over" in row, row
    client.close()


def test_status_does_not_show_a_dead_worker_crawling_a_job_taken_over_since(
    redis_url: str, tmp_path: Path
) -> None:
    import time

    from click.testing import CliRunner

    from app.cli import cli
    from app.cluster.presence import WorkerBeat, beat_worker

    config_path, client = _status_setup(redis_url, tmp_path)
    job = enqueue(client, "demo", "test")
    assert job is not None
    assert JobQueue(client, "deadhost:1", lease_seconds=1).take(block_seconds=1) is not None
    long_ago = time.time() - 60  # a lease is 1 s: its heartbeat is stale
    beat_worker(client, WorkerBeat("deadhost:1", long_ago, long_ago, 0, job, "demo", long_ago))

    def worker_line() -> str:
        result = CliRunner().invoke(cli, ["--config", str(config_path), "status"])
        return next(x for x in result.output.splitlines() if "deadhost:1" in x and "worker" in x)

    # Still holding it (stalled): shown crawling it.
    assert f"crawling demo (job {job})" in worker_line()
    # Taken over and finished by another worker: no longer.
    taken = wait_for(lambda: JobQueue(client, "w2", 1).take(block_seconds=0.1), 10, "takeover")
    assert taken.id == job and JobQueue(client, "w2", 1).done(taken)
    line = worker_line()
    assert "STALE" in line and "crawling" not in line, line
    assert f"stopped; its job {job} (demo) was taken over" in line
    client.close()


def test_status_shows_a_queued_job_then_the_worker_running_it_then_the_run_the_writer_stored(
    redis_url: str, tmp_path: Path
) -> None:
    import sys

    from app.config_loader import load_app_config

    db_path = tmp_path / "news.db"
    config_path, client = _status_setup(redis_url, tmp_path)
    config = load_app_config(config_path)
    assert "never" in _status_row(config_path, "demo")
    job = enqueue(client, "demo", "test")
    assert job is not None
    row = _status_row(config_path, "demo")
    assert "never" in row and " queued " in row and "due now" not in row, row

    # A stand-in crawl that runs until the test lets it end (a bounded wait on a file).
    release = tmp_path / "release"
    child = (
        "import os, sys, time\n"
        "end = time.monotonic() + 30\n"
        "while not os.path.exists(sys.argv[1]) and time.monotonic() < end:\n"
        "    time.sleep(0.02)\n"
    )
    worker = Worker(
        config, config_path, command=lambda *_: [sys.executable, "-c", child, str(release)]
    )
    with running(worker):
        row = _status_row_once(config_path, "demo", "running on")
        assert f"running on {worker.id} since " in row and "after this run" in row, row
        release.write_text("")
        wait_for(lambda: not client.xlen(JOBS), 20, "the job to be done")
    # Over, but not stored yet: neither running nor queued, and no run recorded.
    row = _status_row(config_path, "demo")
    assert "never" in row and "running" not in row and "queued" not in row, row
    with running(Writer(config, db_path)):
        row = _status_row_once(config_path, "demo", " ok ")
    assert "never" not in row and "running" not in row and "due now" not in row, row
    client.close()


# --- alerts: in cluster mode the writer runs them -----------------------------------

_ATOM_ALERT = (
    "alerts:\n  - {name: summit, query: summit, target: atom}\nalert_delivery: {every: 1s}\n"
)


def test_in_cluster_mode_the_writer_fires_alerts_and_the_daemon_schedules_none(
    redis_url: str, tmp_path: Path
) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.daemon.alerts import JOB_ID, AlertJob

    db_path = tmp_path / "news.db"
    config = _config(redis_url, db_path, _ATOM_ALERT)
    # The daemon of this config queues crawls and leaves the alerts to the writer ...
    scheduler = BackgroundScheduler()
    AlertJob(lambda: config, db_path).schedule(scheduler)
    assert scheduler.get_job(JOB_ID) is None
    # ... which a one-host config does not.
    one_host = config.model_copy(update={"cluster": None})
    AlertJob(lambda: one_host, db_path).schedule(scheduler)
    assert scheduler.get_job(JOB_ID) is not None
    client = connect(redis_url)
    with running(Writer(config, db_path)):
        # A story is new to an alert when stored after the alert's first pass.
        wait_for(lambda: _rows(db_path, "SELECT count(*) FROM alert_cursors") == [(1,)], 30,
                 "the first alert pass")  # fmt: skip
        ArticleStream(client, redis_url, "r1", retry_for=1).push(_writes())
        # Two stories: the wire service's own report, and the BBC text two outlets ran (one
        # firing for its two copies).
        wait_for(
            lambda: len(_rows(db_path, "SELECT 1 FROM alert_deliveries")) == 2, 30, "two firings"
        )
    fired = _rows(db_path, "SELECT alert, status, outlets FROM alert_deliveries ORDER BY outlets")
    assert fired == [("summit", "delivered", 1), ("summit", "delivered", 2)]


def test_a_worker_whose_database_folder_is_missing_crawls_without_kept_documents(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    absent = tmp_path / "var-lib-newsagg"  # the database host's path, not on this host
    config = _config(redis_url, absent / "news.db")
    # Every crawl child decides the same before its first request, silently ...
    assert settings_for_source(config, config.source("demo"))["HTTPCACHE_ENABLED"] is False
    caplog.set_level(logging.INFO, logger="app.cluster.worker")
    with running(Worker(config, tmp_path / "config.yaml")):
        wait_for(lambda: "worker started" in caplog.text, what="the worker's start")
    # ... and the worker says it once, at its start.
    said = [r.getMessage() for r in caplog.records if NO_CONDITIONAL_GET in r.getMessage()]
    assert len(said) == 1 and f"{absent} (the database's folder) does not exist" in said[0]
    assert not absent.exists()


# --- Redis at maxmemory (noeviction) --------------------------------------------------


@contextmanager
def redis_full(client: redis.Redis) -> Iterator[None]:
    """The test's Redis at ``maxmemory`` (its policy is noeviction, as docs/scaling.md says):
    set 100 kB below what it uses now, so writes that need memory are refused; restored after.
    """
    before = client.config_get("maxmemory")["maxmemory"]
    used = int(client.info("memory")["used_memory"])
    client.config_set("maxmemory", used - 100_000)
    try:
        yield
    finally:
        client.config_set("maxmemory", before)


def test_at_maxmemory_a_worker_keeps_going_and_the_writer_starts_and_drains_the_backlog(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    from app.config_loader import load_app_config

    db_path = tmp_path / "news.db"
    config_path, client = _status_setup(redis_url, tmp_path)
    config = load_app_config(config_path)
    ensure_group(client, ARTICLES, WRITER_GROUP)
    stream = ArticleStream(client, redis_url, "r1", retry_for=1)
    for _ in range(40):  # about 1.3 MB of backlog, pushed while the writer was away
        stream.push(_writes())
    assert enqueue(client, "demo", "test") is not None
    caplog.set_level(logging.INFO, logger="app.cluster")
    worker = Worker(config, config_path, command=lambda *_: [sys.executable, "-c", "pass"])
    with redis_full(client):
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            client.set("newsagg:probe", "x")
        with running(worker):
            # Its heartbeat and then its run report are refused: it says so and waits.
            wait_for(lambda: "out of memory" in caplog.text, 20, "the worker to see Redis full")
            assert "heartbeats skipped" in caplog.text
            with running(Writer(config, db_path)):
                wait_for(lambda: not client.xlen(ARTICLES) and not client.xlen(JOBS), 40,
                         "the backlog stored and the job done")  # fmt: skip
                wait_for(lambda: client.exists(KNOWN), 20, "the mirror, once memory is free")
                wait_for(lambda: _rows(db_path, "SELECT source FROM crawl_runs") == [("demo",)],
                         20, "the worker's run recorded")  # fmt: skip
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(4,)]
    assert "Traceback" not in caplog.text


# --- a worker whose config differs from the coordinator's ------------------------------


def test_a_worker_refuses_a_job_whose_source_its_config_defines_otherwise(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import json
    import sys

    from app.cluster.coordinator import Coordinator
    from app.config_loader import load_app_config
    from app.daemon.ledger import Ledger

    db_path = tmp_path / "news.db"
    config = _config(redis_url, db_path)
    coordinator = Coordinator(config.cluster, Ledger(db_path, read_only=True))  # type: ignore[arg-type]
    # The worker's host has another feed under the name "demo".
    worker_file = tmp_path / "worker.yaml"
    worker_file.write_text(
        _config_text(redis_url, db_path).replace("8801/rss.xml", "8809/rss.xml"), encoding="utf-8"
    )
    crawled = tmp_path / "crawled"
    worker = Worker(
        load_app_config(worker_file),
        worker_file,
        command=lambda *_: [sys.executable, "-c", f"open({str(crawled)!r}, 'w')"],
    )
    client = connect(redis_url)
    caplog.set_level(logging.INFO, logger="app.cluster.worker")
    assert coordinator.enqueue(config, "demo", datetime.now(UTC)) is not None
    with running(worker):
        wait_for(lambda: not client.xlen(JOBS), 20, "the job to be done with")
    with running(Writer(config, db_path)):
        wait_for(lambda: _rows(db_path, "SELECT 1 FROM crawl_runs"), 20, "the run recorded")
    assert not crawled.exists()
    ((status, code, stats),) = _rows(db_path, "SELECT status, exit_code, stats FROM crawl_runs")
    assert (status, code) == ("failed", 2)
    refused = json.loads(stats)["newsagg/refused"]
    assert "this worker's config defines the source otherwise than the coordinator's" in refused
    assert refused in caplog.text
    # The same config on both sides: the job runs.
    assert coordinator.enqueue(config, "demo", datetime.now(UTC)) is not None
    same = Worker(
        config,
        tmp_path / "config.yaml",
        command=lambda *_: [sys.executable, "-c", f"open({str(crawled)!r}, 'w')"],
    )
    with running(same):
        wait_for(crawled.exists, 20, "the crawl to run")
    client.close()


def test_a_job_digest_covers_the_politeness_a_source_takes_from_defaults(
    tmp_path: Path,
) -> None:
    """A source without a politeness block of its own crawls with the defaults' (merged
    key by key since stop 42): a worker whose defaults give another delay crawls the site
    otherwise than the coordinator planned, so its digest differs and it refuses."""
    from app.cluster.jobs import source_digest
    from app.config_loader import load_app_config

    def digest(defaults: str) -> str:
        path = tmp_path / "config.yaml"
        path.write_text(
            _config_text("redis://127.0.0.1:9/0", tmp_path / "news.db", defaults),
            encoding="utf-8",
        )
        config = load_app_config(path)
        return source_digest(config, config.source("demo"))

    slow = digest("defaults: {politeness: {download_delay: 5}}\n")
    assert slow == digest("defaults: {politeness: {download_delay: 5}}\n")
    assert slow != digest("defaults: {politeness: {download_delay: 0.5}}\n")
    assert slow != digest("")


def test_set_aside_entries_are_replayed_into_the_stream_and_stored(
    redis_url: str, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from app.cli import cli

    db_path = tmp_path / "news.db"
    config_path, client = _status_setup(redis_url, tmp_path)
    # As an older writer sets aside an entry a newer worker pushed; and one with nothing left.
    write = encode_write(_writes()[0])
    fields = {"write": write, "run": "r1", "pushed": "1", "id": "1-0", "error": "wire version 9"}
    client.xadd(SET_ASIDE, fields)  # type: ignore[arg-type]
    client.xadd(SET_ASIDE, {"id": "2-0", "error": "entry deleted from the stream"})
    result = CliRunner().invoke(cli, ["--config", str(config_path), "writer", "--replay-set-aside"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 set-aside entries put back in the article stream")
    assert "1 with nothing to store left" in result.output
    ((_, back),) = client.xrange(ARTICLES)
    assert back == {"write": write, "run": "r1", "pushed": "1"}
    assert client.xlen(SET_ASIDE) == 1
    with running(Writer(_config(redis_url, db_path), db_path)):
        wait_for(lambda: not client.xlen(ARTICLES), 30, "the replayed entry stored")
    assert _rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    client.close()
