"""Coordinator, workers and writer as separate processes, on the demo network with latency.

Every run is compared with a crawl of the same network on one host, without
Redis: the same articles, field for field, filed in the same stories. The
demo servers count the requests each outlet serves at one moment; with one
request at a time per site in the config, two would mean two crawls at once.
"""

from __future__ import annotations

import copy
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from clusterkit import Cluster, RedisServer, Role
from conftest import free_port, run_cli, wait_for

from app.cli import cli
from app.demo import DemoNetwork, ground_truth
from app.demo.config import demo_sources

pytestmark = pytest.mark.timeout(300)

LATENCY = 0.05  # seconds each demo server waits before it answers
SOURCES = 5
ARTICLES = len(ground_truth())
ARTICLE_FIELDS = (
    "url, canonical_url, source, site_name, headline, standfirst, authors, credits, byline_raw, "
    "published_at, updated_at, body, related, language, section, tags, image_url, paywalled, "
    "is_based_on, provenance, content_hash, byline_flag"
)


@pytest.fixture(scope="module")
def network() -> Iterator[DemoNetwork]:
    with DemoNetwork(base_port=0, latency=LATENCY) as net:
        yield net


def write_config(
    home: Path, network: DemoNetwork, redis_url: str | None, *, twin: bool = False, **cluster: str
) -> Path:
    """The demo config, one request at a time per site, with a cluster: section if given."""
    sources = demo_sources(network.base_port)
    for source in sources:
        # One request at a time per site (spiders.downloader holds it with any delay).
        source["politeness"].update(concurrency_per_domain=1, download_delay=0.02)
    if twin:  # a second source on the wire service's site
        sources = [sources[0], {**copy.deepcopy(sources[0]), "name": "wirewire-twin"}]
    home.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"database": str(home / "news.db"), "sources": sources}
    if redis_url is not None:
        config["cluster"] = {"redis_url": redis_url, "lease": "2s", "writer_wait": "200ms"}
        config["cluster"].update(cluster)
    path = home / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def snapshot(db: Path) -> tuple[dict[str, tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every article's fields by URL, and every story as (its copies' URLs, headline, origin)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(f"SELECT {ARTICLE_FIELDS}, story_id FROM articles").fetchall()
        stories = dict(
            (sid, (headline, origin))
            for sid, headline, origin in conn.execute("SELECT id, headline, origin FROM stories")
        )
    finally:
        conn.close()
    articles = {row[0]: row[:-1] for row in rows}
    assert len(articles) == len(rows), "an article stored twice"
    copies: dict[int, set[str]] = {}
    for row in rows:
        copies.setdefault(row[-1], set()).add(row[0])
    return articles, {(frozenset(urls), *stories[sid]) for sid, urls in copies.items()}


@pytest.fixture(scope="module")
def single_host(network: DemoNetwork, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The same network crawled on one host, without Redis: what every cluster run must equal."""
    home = tmp_path_factory.mktemp("single-host")
    config = write_config(home, network, None)
    result = run_cli("--config", str(config), "crawl", "--all")
    assert result.returncode == 0, result.stderr[-3000:]
    return snapshot(home / "news.db")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # tables not created yet
        return []
    finally:
        conn.close()


def finished(db: Path, redis_url: str) -> bool:
    """Every source's crawl recorded, every article stored, no job or article left in Redis."""
    import redis

    recorded = rows(db, "SELECT count(DISTINCT source) FROM crawl_runs WHERE status = 'ok'")
    stored = rows(db, "SELECT count(*) FROM articles")
    if recorded != [(SOURCES,)] or stored != [(ARTICLES,)]:
        return False
    client = redis.Redis.from_url(redis_url, socket_timeout=2)
    try:
        return client.xlen("newsagg:articles") == 0 and client.xlen("newsagg:jobs") == 0
    except redis.RedisError:
        return False
    finally:
        client.close()


def launch(
    home: Path, network: DemoNetwork, redis_url: str, *, twin: bool = False, **cluster: str
) -> tuple[Path, Cluster]:
    """The cluster config written, the servers' counts cleared, the roles started."""
    config = write_config(home, network, redis_url, twin=twin, **cluster)
    network.clear_requests()
    roles = Cluster(config, home)
    roles.start("writer")
    for _ in range(2):
        roles.start("worker")
    roles.start("daemon")  # the coordinator: queues every source, due at once
    return config, roles


def wait_finished(cluster: Cluster, db: Path, redis_url: str, timeout: float = 150) -> None:
    try:
        wait_for(lambda: finished(db, redis_url), timeout, "the cluster run to finish")
    except AssertionError:
        raise AssertionError(cluster.logs()) from None


def status_json(config: Path) -> dict[str, Any]:
    result = run_cli("--config", str(config), "status", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_same_as_single_host(db: Path, single_host: Any) -> None:
    articles, stories = snapshot(db)
    expected_articles, expected_stories = single_host
    assert len(articles) == ARTICLES
    assert articles == expected_articles
    assert stories == expected_stories


def assert_stopped_cleanly(cluster: Cluster) -> None:
    codes = cluster.stop()
    assert all(code == 0 for code in codes.values()), (codes, cluster.logs())
    assert "Traceback" not in cluster.logs()


def test_two_workers_and_a_writer_store_what_one_host_stores_each_article_once(
    network: DemoNetwork, single_host: Any, redis_url: str, tmp_path: Path
) -> None:
    config, cluster = launch(tmp_path, network, redis_url)
    try:
        wait_finished(cluster, tmp_path / "news.db", redis_url)
        status = status_json(config)
        peaks = network.peak_concurrency()
        again = crawl_everything_again(tmp_path / "news.db", network, redis_url)
        second_round = list(network.requests)
    finally:
        assert_stopped_cleanly(cluster)
    assert_same_as_single_host(tmp_path / "news.db", single_host)
    # The second round found every article in the writer's mirror of known pages.
    assert again == [], again
    # ... and its feeds and sitemaps in the workers' kept copies (httpcache/ beside the
    # config's database, on the workers' host): each asked for conditionally, a 304.
    seeds = {
        (source["name"], urlsplit(url).path)  # a demo source is named after its outlet
        for source in demo_sources(network.base_port)
        for url in source.get("feeds", []) + source.get("sitemaps", [])
    }
    answers = {(r.outlet, r.path): r.status for r in second_round if (r.outlet, r.path) in seeds}
    assert len(answers) == len(seeds) and set(answers.values()) == {304}, answers
    second_stats = [
        json.loads(stats)
        for (stats,) in rows(tmp_path / "news.db", "SELECT stats FROM crawl_runs ORDER BY id")
    ][SOURCES:]
    assert sum(s.get("newsagg/documents_not_modified", 0) for s in second_stats) >= len(seeds)
    # Two crawls of each source, recorded by the writer with what became of their articles.
    runs = rows(tmp_path / "news.db", "SELECT source, status, articles_new, pid FROM crawl_runs")
    assert sorted(r[0] for r in runs) == sorted(2 * [s["name"] for s in demo_sources(1)])
    assert {r[1] for r in runs} == {"ok"} and sum(r[2] for r in runs) == ARTICLES
    assert {r[3] for r in runs} == {None}
    # Both workers crawled, and no outlet was ever fetched twice at once.
    crawls_by_worker = [w["crawls"] for w in status["cluster"]["workers"]]
    assert len(crawls_by_worker) == 2 and sum(crawls_by_worker) == SOURCES
    assert all(c > 0 for c in crawls_by_worker), crawls_by_worker
    assert set(peaks.values()) == {1}, peaks
    assert status["cluster"]["jobs"] == {"waiting": 0, "in_hand": 0, "oldest_age": None}
    assert status["cluster"]["writer"]["stored"] == ARTICLES
    assert all(s["last_run"]["status"] == "ok" for s in status["sources"])


def test_a_workers_crawl_ships_each_article_with_the_fingerprint_the_writer_would_build(
    network: DemoNetwork, redis_url: str, tmp_path: Path
) -> None:
    """The crawl child a worker runs pushes each article with its dedup profile built."""
    from aggregator.config import load_config
    from aggregator.dedup import params_from_settings, prebuilt_profile
    from storage.stream import ARTICLES, connect, read_entry

    config = write_config(tmp_path, network, redis_url)
    source = demo_sources(network.base_port)[0]["name"]
    result = run_cli(
        "--config", str(config), "crawl", source,
        "--stream", "test-run", "--report", str(tmp_path / "report.json"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    client = connect(redis_url)
    try:
        entries = [read_entry(entry_id, fields) for entry_id, fields in client.xrange(ARTICLES)]
    finally:
        client.close()
    writes = [entry.write for entry in entries if entry.write is not None]
    assert writes, entries[:3]
    params = params_from_settings(load_config(config).dedup)
    for write in writes:
        assert write.profile is not None, write.article.url
        assert write.profile == prebuilt_profile(write.article.body, params), write.article.url


def test_two_sources_of_one_site_are_never_crawled_at_once(
    network: DemoNetwork, redis_url: str, tmp_path: Path
) -> None:
    # Control: crawled side by side on one host, the twins do fetch the site twice at once.
    control = write_config(tmp_path / "control", network, None, twin=True)
    network.clear_requests()
    result = run_cli("--config", str(control), "crawl", "wirewire", "wirewire-twin")
    assert result.returncode == 0, result.stderr[-2000:]
    assert network.peak_concurrency()["wirewire"] == 2
    _, cluster = launch(tmp_path, network, redis_url, twin=True)
    db = tmp_path / "news.db"
    try:
        wait_for(
            lambda: rows(db, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'") == [(2,)],
            150,
            "both twins crawled",
        )
    finally:
        assert_stopped_cleanly(cluster)
    assert network.peak_concurrency() == {"wirewire": 1}
    assert rows(db, "SELECT count(*), count(DISTINCT canonical_url) FROM articles") == [(6, 6)]


def test_after_redis_loses_its_data_the_writer_rebuilds_the_known_pages_and_none_is_fetched(
    network: DemoNetwork, single_host: Any, redis_url: str, tmp_path: Path
) -> None:
    import redis

    db = tmp_path / "news.db"
    config, cluster = launch(tmp_path, network, redis_url)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        wait_finished(cluster, db, redis_url)
        client.flushall()  # Redis back without its data (no append-only file, or a new one)
        wait_for(lambda: client.hlen("newsagg:known") >= ARTICLES, 30,
                 "the writer to rebuild the known-pages mirror")  # fmt: skip
        again = crawl_everything_again(db, network, redis_url)
    finally:
        client.close()
        assert_stopped_cleanly(cluster)
    assert again == [], again
    second_round = rows(db, "SELECT pages_fetched FROM crawl_runs ORDER BY id")[SOURCES:]
    assert second_round == [(0,)] * SOURCES, second_round
    assert_same_as_single_host(db, single_host)


def crawl_everything_again(db: Path, network: DemoNetwork, redis_url: str) -> list[str]:
    """Queue every source again (as the coordinator does at the next fire) and wait for the
    crawls; the article pages fetched."""
    from app.cluster.jobs import enqueue
    from storage.stream import connect

    network.clear_requests()
    client = connect(redis_url)
    try:
        for source in demo_sources(1):
            assert enqueue(client, source["name"], "test") is not None
    finally:
        client.close()
    wait_for(
        lambda: (
            rows(db, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'") == [(2 * SOURCES,)]
            and finished(db, redis_url)
        ),
        150,
        "the second round",
    )
    articles = {a.path for a in ground_truth()}
    return [path for path in network.requested_paths() if path in articles]


def _worker_mid_crawl(cluster: Cluster, network: DemoNetwork, redis_url: str) -> Any:
    """(worker, source) of a worker whose crawl has fetched an article page and not finished."""
    import redis

    from app.cluster.presence import worker_beats

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        beats = worker_beats(client)
    finally:
        client.close()
    articles = {a.path for a in ground_truth()}
    for beat in beats:
        if beat.source is None:
            continue
        fetched = [p for p in network.requested_paths(beat.source) if p in articles]
        total = sum(1 for a in ground_truth() if a.outlet == beat.source)
        if 0 < len(fetched) < total:
            pid = int(beat.worker.rpartition(":")[2])
            return next(r for r in cluster.roles if r.pid == pid), beat.source
    return None


def test_a_worker_killed_mid_crawl_loses_and_duplicates_nothing(
    network: DemoNetwork, single_host: Any, redis_url: str, tmp_path: Path
) -> None:
    # Slower answers: a crawl is mid-way for a few seconds, not half of one.
    network.latency = 0.25
    config, cluster = launch(tmp_path, network, redis_url)
    victim = None
    try:
        victim, source = wait_for(
            lambda: _worker_mid_crawl(cluster, network, redis_url), 120, "a worker mid-crawl"
        )
        victim.kill()  # SIGKILL: its crawl child dies with it (PR_SET_PDEATHSIG)
        wait_finished(cluster, tmp_path / "news.db", redis_url)
        status = status_json(config)
        survivors = [r for r in cluster.roles if r.name.startswith("worker") and r is not victim]
    finally:
        network.latency = LATENCY
        if victim is not None:
            cluster.roles.remove(victim)
        assert_stopped_cleanly(cluster)
    assert_same_as_single_host(tmp_path / "news.db", single_host)
    assert status["cluster"]["jobs_reclaimed"] >= 1
    assert any(
        f"crawl started source={source}" in r.output() and "taken over" in r.output()
        for r in survivors
    ), cluster.logs()
    assert set(network.peak_concurrency().values()) == {1}, network.peak_concurrency()
    # The killed attempt reported nothing; the attempt that took over recorded the run.
    assert rows(
        tmp_path / "news.db", f"SELECT status FROM crawl_runs WHERE source = '{source}'"
    ) == [("ok",)]


def test_a_writer_killed_mid_batch_loses_and_duplicates_nothing(
    network: DemoNetwork, single_host: Any, redis_url: str, tmp_path: Path
) -> None:
    import redis

    # A writer holds what it read for up to a second before it commits: the kill lands there.
    config, cluster = launch(tmp_path, network, redis_url, writer_wait="1s", lease="4s")
    client = redis.Redis.from_url(redis_url, decode_responses=True)

    def read_not_stored() -> int:
        try:
            return int(client.xpending("newsagg:articles", "writer")["pending"])
        except redis.ResponseError:  # the writer has not created its group yet
            return 0

    writer = cluster.roles[0]
    try:
        wait_for(lambda: "writer started" in writer.output(), 60, "the writer to start")
        standby = cluster.start("writer")  # a second writer waits while the first holds the lease
        wait_for(lambda: "standing by" in standby.output(), 60, "the second writer to stand by")
        wait_for(read_not_stored, 120, "the writer to hold read articles")
        writer.kill()
        held = read_not_stored()
        assert held > 0
        wait_finished(cluster, tmp_path / "news.db", redis_url)
        status = status_json(config)
    finally:
        client.close()
        cluster.roles.remove(writer)
        assert_stopped_cleanly(cluster)
    assert_same_as_single_host(tmp_path / "news.db", single_host)
    # The stand-by took over once the dead writer's lease expired, and stored what it had read.
    assert "writer started" in standby.output()
    assert status["cluster"]["writer"]["writer"].endswith(f":{standby.pid}")
    assert status["cluster"]["writer"]["redelivered"] >= held


def test_a_redis_restart_mid_run_is_waited_out(
    network: DemoNetwork, single_host: Any, tmp_path: Path, redis_server: RedisServer
) -> None:
    server = RedisServer(tmp_path / "redis").start()
    config, cluster = launch(tmp_path, network, server.url(), lease="5s")
    db = tmp_path / "news.db"
    try:
        wait_for(lambda: rows(db, "SELECT count(*) FROM articles") > [(0,)], 120, "a first commit")
        assert not finished(db, server.url())
        server.kill()
        server.start()  # same port, same append-only file
        wait_finished(cluster, db, server.url())
    finally:
        assert_stopped_cleanly(cluster)
        server.stop()
    assert_same_as_single_host(db, single_host)
    assert "cannot reach Redis" in cluster.logs()


def test_a_worker_that_cannot_reach_redis_says_so_and_retries_with_backoff(
    network: DemoNetwork, tmp_path: Path, redis_server: RedisServer
) -> None:
    port = free_port()
    config = write_config(tmp_path, network, f"redis://127.0.0.1:{port}/0")
    worker = Role("worker", [*_app(config), "worker"], tmp_path / "worker.log")
    server = RedisServer(tmp_path / "redis", port=port)
    try:
        wait_for(lambda: worker.output().count("cannot reach Redis") >= 2, 30, "two attempts")
        tries = [line for line in worker.output().splitlines() if "cannot reach Redis" in line]
        assert f"cannot reach Redis at redis://127.0.0.1:{port}/0 (" in tries[0]
        assert tries[0].endswith("retrying in 1s") and tries[1].endswith("retrying in 2s")
        server.start()
        wait_for(lambda: "worker started" in worker.output(), 30, "the worker to connect")
    finally:
        code = worker.stop()
        server.stop()
    assert code == 0
    assert "Traceback" not in worker.output()


def test_a_database_that_refuses_writes_loses_nothing_and_the_writer_catches_up(
    redis_url: str, tmp_path: Path
) -> None:
    """The writer's files may not grow (RLIMIT_FSIZE): each batch fails whole, is not
    acknowledged and is tried again; once the limit is lifted everything is stored once."""
    import resource
    import signal

    from clusterkit import golden_write

    from storage.db import open_db
    from storage.stream import ARTICLES, ArticleStream, connect

    config = write_config(tmp_path, DemoNetwork(base_port=1), redis_url)
    open_db(tmp_path / "news.db").close()  # created and migrated before the limit
    client = connect(redis_url)
    writes = [golden_write("wirewire", "gws-trump-kim-summit"),
              golden_write("valleygazette", "valley-chile-quake")]  # fmt: skip
    ArticleStream(client, redis_url, "r1", retry_for=5).push(writes)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
        # Only the soft limit: anyone may raise it again up to the hard one.
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, resource.RLIM_INFINITY))

    writer = Role("writer", [*_app(config), "writer"], tmp_path / "writer.log", small_files)
    try:
        wait_for(lambda: writer.output().count("storing the batch again") >= 2, 60, "retries")
        assert rows(tmp_path / "news.db", "SELECT count(*) FROM articles") == [(0,)]
        assert client.xlen(ARTICLES) == 2
        unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
        resource.prlimit(writer.pid, resource.RLIMIT_FSIZE, unlimited)
        wait_for(lambda: client.xlen(ARTICLES) == 0, 60, "the batch to be stored")
    finally:
        code = writer.stop()
        client.close()
    line = next(x for x in writer.output().splitlines() if "storing the batch again" in x)
    assert "disk I/O error (disk full or file size limit?) while writing database" in line
    assert rows(tmp_path / "news.db", "SELECT count(*) FROM articles") == [(2,)]
    assert code == 0 and "Traceback" not in writer.output()


def _app(config: Path) -> list[str]:
    import sys

    return [sys.executable, "-m", "app", "--config", str(config)]


@pytest.mark.parametrize(
    ("cluster", "named"),
    [
        ("{redis_url: 'http://127.0.0.1:6379'}", "cluster.redis_url = 'http://127.0.0.1:6379'"),
        (
            "{redis_url: 'redis://h:1/x'}",
            "cluster.redis_url = 'redis://h:1/x': expected the "
            "database as /N with N a non-negative integer",
        ),  # fmt: skip
        ("{redis_url: 'redis://h:1/1/2'}", "(not '1/2')"),
        ("{redis_url: 'redis://h:1/-1'}", "(not '-1')"),
        ("{redis_url: 'unix:///run/redis.sock?db=two'}", "(not 'two')"),
        ("{redis_url: 'redis://h:1', lease: 0s}", "cluster.lease = '0s'"),
        (
            "{redis_url: 'redis://h:1', lease: 100d}",
            "cluster.lease = '100d': expected a lease of at most 1h",
        ),  # fmt: skip
        ("{redis_url: 'redis://h:1', writer_batch_size: 0}", "cluster.writer_batch_size = 0"),
        ("{redis_url: 'redis://h:1', leese: 3s}", "cluster.leese = '3s': unknown key"),
        ("{lease: 3s}", "cluster.redis_url: required field is missing"),
        (
            "{redis_url: 'redis://h:1', lease: 3s, writer_wait: 1s}",
            "writer_wait (1s) must be shorter than a third of lease (3s)",
        ),
    ],
)
def test_a_bad_cluster_section_is_one_line_naming_the_field(
    tmp_path: Path, cluster: str, named: str, logging_kept: None
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"{_ONE_SOURCE}cluster: {cluster}\n", encoding="utf-8")
    for role in ("worker", "writer", "daemon"):
        result = CliRunner().invoke(cli, ["--config", str(config), role])
        assert result.exit_code == 2, (role, result.output)
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {config}:") and named in line, (role, line)
    # status reads the run history without a valid config, and says why in one line.
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"warning: {config}:") and named in line, line


@pytest.mark.parametrize("role", ["worker", "writer"])
def test_a_database_number_or_password_redis_refuses_is_one_line_and_exit_1(
    tmp_path: Path, redis_server: RedisServer, role: str
) -> None:
    import redis

    locked = RedisServer(tmp_path / "locked").start()  # a Redis of the test's own, with a password
    client = redis.Redis(port=locked.port)
    client.config_set("requirepass", "right")
    client.close()
    config = tmp_path / "config.yaml"
    cases = [
        (redis_server.url(99), f"Redis at {redis_server.url(99)} refuses this connection: DB "),
        (f"redis://:wrong@127.0.0.1:{locked.port}/0", f"Redis at redis://:***@127.0.0.1:"
         f"{locked.port}/0 refuses this connection: invalid username-password pair"),
    ]  # fmt: skip
    try:
        for url, said in cases:
            config.write_text(f"{_ONE_SOURCE}cluster: {{redis_url: '{url}'}}\n", encoding="utf-8")
            result = run_cli("--config", str(config), role, timeout=60)
            assert result.returncode == 1, (url, result.stderr[-2000:])
            # The worker's own log lines (its start, its stop) come before; no traceback.
            line = result.stderr.strip().splitlines()[-1]
            assert line.startswith(f"error: {said}"), line
            assert "Traceback" not in result.stderr and "wrong" not in result.stderr
    finally:
        locked.stop()


@pytest.fixture
def logging_kept() -> Iterator[None]:
    """The root logger as it was (``aggregator daemon`` sets logging up before its config)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


_ONE_SOURCE = "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/rss.xml']}\n"


@pytest.mark.parametrize("role", ["worker", "writer"])
def test_a_role_without_a_cluster_section_says_what_it_needs(tmp_path: Path, role: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(_ONE_SOURCE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), role])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {config}: 'aggregator {role}' needs a 'cluster:' section with redis_url "
        "(docs/scaling.md)"
    )


def test_status_with_redis_out_of_reach_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    port = free_port()
    config.write_text(f"{_ONE_SOURCE}cluster: {{redis_url: 'redis://127.0.0.1:{port}/0'}}\n")
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach Redis at redis://127.0.0.1:{port}/0")
