"""A cluster worker's ``crawl finished`` line of a crawl that failed on storage quotes the
crawl's storage error, as the daemon's does (review of soak-45: the worker kept the old
reader of the log's last line, and quoted what the crawl wrote after its error), and only
this run's part of the source's log. A real worker with a real Redis, as the cluster tests
run them.

The stand-in child fails on storage for real, as ``test_daemon_failure_line``'s does: it
fills a SQLite file capped with ``max_page_count`` (SQLITE_FULL), logs the error as the
crawl's pipeline does (``storage.db.describe_sqlite_error``, the crawl's LOG_FORMAT),
saves the run report a worker's crawl saves (storage errors counted), then writes what
a crawl writes after it (stats, its summary) and exits 1.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
import redis
from conftest import wait_for

from aggregator.config import parse_config
from app.cluster.jobs import JOBS, enqueue
from app.cluster.worker import Worker
from spiders.settings import LOG_FORMAT
from storage.stream import connect

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(90)

#: argv: repo, log format, scratch store, report file.
FAILS_ON_A_FULL_STORE = """
import logging, sqlite3, sys
repo, log_format, scratch, report = sys.argv[1:5]
sys.path.insert(0, repo)
from aggregator.schema import utc_now
from storage.db import describe_sqlite_error
from storage.runs import RunCounts, RunReport, RunStatus
from storage.wire import save_report
logging.basicConfig(format=log_format, level=logging.INFO, stream=sys.stdout)
logging.getLogger("scrapy.core.engine").info("Spider opened")
started = utc_now()
store = sqlite3.connect(scratch)
store.execute("PRAGMA max_page_count = 16")
store.execute("CREATE TABLE pages (html BLOB)")
try:
    for _ in range(64):
        with store:
            store.execute("INSERT INTO pages VALUES (zeroblob(4096))")
    sys.exit("the capped store never filled")
except sqlite3.Error as exc:
    logging.getLogger("spiders.pipelines").error("%s", describe_sqlite_error(scratch, exc))
counts = RunCounts(articles_failed=3, errors={"storage": 3})
save_report(report, RunReport("alpha", started, utc_now(), RunStatus.FAILED, counts))
logging.getLogger("scrapy.statscollectors").info(
    "Dumping Scrapy stats: {'scrapy.extensions.logcount.LogCount': 3}")
print("alpha: storage_failed; 0 article pages fetched, 0 new, 0 updated, 0 unchanged")
print("alpha: failed: storage 3")
sys.exit(1)
"""


def test_a_workers_failed_job_quotes_the_crawls_storage_error(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = parse_config(
        f"database: {tmp_path / 'news.db'}\n"
        f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
        "sources:\n  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml']}\n"
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    # An earlier run's output in the same log is not this run's.
    (logs / "alpha.log").write_text("error: an earlier run's last words\n")

    def command(source: str, run_key: str, report: Path) -> list[str]:
        scratch = tmp_path / "store.db"
        return [sys.executable, "-c", FAILS_ON_A_FULL_STORE, str(REPO), LOG_FORMAT,
                str(scratch), str(report)]  # fmt: skip

    caplog.set_level(logging.INFO, logger="app.cluster.worker")
    client: redis.Redis = connect(redis_url)
    worker = Worker(config, tmp_path / "config.yaml", log_dir=logs, command=command)
    thread = threading.Thread(target=worker.run, name="worker")
    thread.start()
    try:
        assert enqueue(client, "alpha", "test") is not None
        wait_for(lambda: "crawl finished" in caplog.text, 60, "alpha's crawl to end")
        wait_for(lambda: not client.xlen(JOBS), 30, "the job to be done")
    finally:
        worker.stop()
        thread.join(timeout=20)
        client.close()
    assert not thread.is_alive()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("crawl finished")]
    assert len(lines) == 1, lines
    assert "status=failed" in lines[0], lines[0]
    assert "last_output='ERROR spiders.pipelines: disk full while writing database " in lines[0]
    assert "(database or disk is full)" in lines[0]
    assert "earlier run" not in lines[0]
