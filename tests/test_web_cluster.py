"""The web view's Sources page in cluster mode: each source's open job, read from a real Redis.

Jobs and workers are made through the cluster's public queue functions (a job
queued, taken by a named worker that beats or stops renewing it), as in the
``aggregator status`` tests; the page comes from the web view's Datasette app
(in process), and from ``aggregator serve`` itself when Redis is out of reach.
"""

from __future__ import annotations

import re
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from conftest import free_port, serving, wait_for
from sqlite_utils import Database
from test_web_view import Web

from app.cluster.jobs import JOBS, WORKERS_GROUP, JobQueue, enqueue, ensure_group
from app.cluster.presence import WorkerBeat, beat_worker
from app.config_loader import load_app_config
from storage.runs import RunCounts, RunReport, record_run
from storage.stream import connect

pytestmark = pytest.mark.timeout(60)


def _config(tmp_path: Path, redis_url: str, lease: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        f"cluster: {{redis_url: '{redis_url}', lease: {lease}, writer_wait: 50ms}}\n"
        "sources:\n"
        "  - {name: demo, feeds: ['http://127.0.0.1:8801/rss.xml']}\n"
        "  - {name: quiet, feeds: ['http://127.0.0.1:8802/rss.xml']}\n",
        encoding="utf-8",
    )
    return config


def _card(page: str, source: str) -> str:
    """The source's card on the Sources page, its tags stripped and its spaces squeezed."""
    match = re.search(rf'<li class="source [^"]*">\s*<h2>{source}\b.*?</li>', page, re.S)
    assert match, page
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split()).replace(" :", ":")


def _classes(page: str, source: str) -> str:
    match = re.search(rf'<li class="source ([^"]*)">\s*<h2>{source}\b', page)
    assert match, page
    return match.group(1)


def _sources(config: Path, tmp_path: Path) -> str:
    response = Web(load_app_config(config), tmp_path / "news.db").get("/sources")
    assert response.status_code == 200, response.text
    return response.text


@pytest.fixture
def jobs(redis_url: str) -> redis.Redis:
    client = connect(redis_url)
    ensure_group(client, JOBS, WORKERS_GROUP)
    return client


def test_a_queued_job_shows_the_source_queued_not_due(
    fresh_db: Database, tmp_path: Path, redis_url: str, jobs: redis.Redis
) -> None:
    config = _config(tmp_path, redis_url, "30s")
    before = _card(_sources(config, tmp_path), "demo")
    assert "never run: no crawl recorded yet" in before, before
    assert enqueue(jobs, "demo", "test") is not None
    page = _sources(config, tmp_path)
    card = _card(page, "demo")
    assert re.search(r"queued since \d{4}-\d\d-\d\d \d\d:\d\d: waiting for a free", card), card
    assert "Next run now (queued)" in card and "never run" not in card, card
    assert _classes(page, "demo") == "state-queued"
    assert "never run: no crawl recorded yet" in _card(page, "quiet")  # no job: as before
    assert "could not be read" not in page


def test_a_job_a_worker_holds_shows_the_source_running_on_that_worker(
    fresh_db: Database, tmp_path: Path, redis_url: str, jobs: redis.Redis
) -> None:
    config = _config(tmp_path, redis_url, "30s")
    # The last recorded run ended an hour ago: with a 30-minute schedule it would be "silent".
    ended = datetime.now(UTC) - timedelta(hours=1)
    record_run(fresh_db, RunReport("demo", ended, ended, "ok"), RunCounts())
    assert "silent: no successful crawl" in _card(_sources(config, tmp_path), "demo")
    assert enqueue(jobs, "demo", "test") is not None
    job = JobQueue(jobs, "vm:4242", lease_seconds=30).take(block_seconds=1)
    assert job is not None
    started = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=3)
    now = time.time()
    beat_worker(jobs, WorkerBeat("vm:4242", now, now, 0, job.id, "demo", started.timestamp()))
    page = _sources(config, tmp_path)
    card = _card(page, "demo")
    expected = f"running on vm:4242 since {started:%Y-%m-%d %H:%M}: a cluster worker is crawling"
    assert expected in card, card
    assert "Next run after this run" in card and "silent" not in card, card
    assert f"Last run {ended:%Y-%m-%d %H:%M}: ok" in card, card  # the one the writer recorded
    assert _classes(page, "demo") == "state-running"
    assert "failing, stalled, silent or set aside" not in page  # no alarm left


def test_a_job_whose_worker_stopped_renewing_it_is_a_stalled_alarm(
    fresh_db: Database, tmp_path: Path, redis_url: str, jobs: redis.Redis
) -> None:
    config = _config(tmp_path, redis_url, "1s")
    assert enqueue(jobs, "quiet", "test") is not None
    # Taken by a worker that then stops: after one lease (1 s) without a renewal it is stalled.
    assert JobQueue(jobs, "deadhost:1", lease_seconds=1).take(block_seconds=1) is not None

    def stalled() -> str | None:
        page = _sources(config, tmp_path)
        return page if "stalled on" in _card(page, "quiet") else None

    page = str(wait_for(stalled, 20, "the Sources page to show the job stalled"))
    card = _card(page, "quiet")
    assert "stalled on deadhost:1 since " in card, card
    assert "the next worker that asks takes it over" in card, card
    assert "Next run when taken over" in card, card
    assert _classes(page, "quiet") == "state-stalled alarm"
    assert "1 source failing, stalled, silent or set aside, listed first." in page
    assert page.index("<h2>quiet") < page.index("<h2>demo")  # alarms first


def test_redis_out_of_reach_is_one_line_and_the_page_renders_in_full(
    fresh_db: Database, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens there
    # A password in the query is redis-py's for a unix socket: the page never shows the URL.
    config = _config(tmp_path, f"redis://127.0.0.1:{port}/0?password=hunter3", "30s")
    ended = datetime.now(UTC) - timedelta(minutes=5)
    record_run(fresh_db, RunReport("demo", ended, ended, "ok"), RunCounts())
    with (
        serving(config, tmp_path / "news.db") as (base, _process),
        urllib.request.urlopen(f"{base}/sources", timeout=30) as response,
    ):
        assert response.status == 200
        page = response.read().decode("utf-8")
    problems = re.findall(r'<p class="notice" role="alert">([^<]*)</p>', page)
    assert problems == [
        "The cluster&#39;s state could not be read: Redis (cluster.redis_url) did not "
        "answer; aggregator status on the server says why."
    ], problems
    assert "hunter3" not in page and f"127.0.0.1:{port}" not in page
    # Every source's card, from the database as without a cluster.
    assert "ok: crawling on schedule" in _card(page, "demo")
    assert "never run: no crawl recorded yet" in _card(page, "quiet")
    assert page.rstrip().endswith("</html>")
