"""The daemon's ``crawl finished`` line of a crawl that failed on storage names the storage
error, not the last line the crawl happened to write (QA pass E, finding 3: on a full
disk it quoted half a Scrapy banner).

The stand-in child fails on storage for real: it fills a SQLite file capped with
``max_page_count`` (SQLITE_FULL, "database or disk is full"), logs the error as the
crawl's pipeline does (``storage.db.describe_sqlite_error``, the crawl's LOG_FORMAT),
records its storage errors in its ``crawl_runs`` row as a crawl does, then writes what a
crawl writes after it (stats, its summary). The second test sends its output to
/dev/full: every write of it fails with ENOSPC, as on a full disk.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import wait_for

from aggregator.config import parse_config
from app.daemon.service import Daemon
from spiders.settings import LOG_FORMAT

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable

pytestmark = pytest.mark.timeout(60)

#: argv: repo, log format, scratch store, the run database, run id.
FAILS_ON_A_FULL_STORE = """
import json, logging, sqlite3, sys
repo, log_format, scratch, runs_db, run_id = sys.argv[1:6]
sys.path.insert(0, repo)
from storage.db import describe_sqlite_error
logging.basicConfig(format=log_format, level=logging.INFO, stream=sys.stdout)
logging.getLogger("scrapy.core.engine").info("Spider opened")
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
with sqlite3.connect(runs_db, timeout=10) as runs:
    runs.execute("UPDATE crawl_runs SET errors = ? WHERE id = ?",
                 (json.dumps({"storage": 3}), int(run_id)))
logging.getLogger("scrapy.statscollectors").info(
    "Dumping Scrapy stats: {'scrapy.extensions.logcount.LogCount': 3}")
print("alpha: storage_failed; 0 article pages fetched, 0 new, 0 updated, 0 unchanged")
print("alpha: failed: storage 3")
sys.exit(1)
"""


def run_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Alpha's one run; the daemon's ``crawl finished`` line of it."""
    db = tmp_path / "news.db"
    config = parse_config(
        f"database: {db}\ndaemon: {{max_parallel_crawls: 1, grace_period: 2s}}\nsources:\n"
        "  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml'], schedule: {every: 1h}}\n"
    )

    def command(source: str, run_id: int) -> list[str]:
        scratch = tmp_path / f"store-{run_id}.db"
        return [PY, "-c", FAILS_ON_A_FULL_STORE, str(REPO), LOG_FORMAT, str(scratch), str(db),
                str(run_id), "--run-id", str(run_id)]  # fmt: skip

    daemon = Daemon(config, db, command=command, log_dir=tmp_path / "logs")
    try:
        daemon.start()
        wait_for(lambda: daemon.runs_finished == 1, 30, "alpha's run to end")
    finally:
        daemon.stop(0.5)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("crawl finished")]
    assert len(lines) == 1, lines
    assert "status=failed" in lines[0] and "errors=storage:3" in lines[0]
    return lines[0]


def test_the_line_quotes_the_crawls_storage_error_not_its_last_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # An earlier run's output in the same log is not this run's.
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "alpha.log").write_text("error: an earlier run's last words\n")
    line = run_once(tmp_path, caplog)
    assert "last_output='ERROR spiders.pipelines: disk full while writing database " in line
    assert "(database or disk is full)" in line
    assert "earlier run" not in line


def test_a_crawl_whose_output_a_full_disk_swallowed_is_said_to_have_failed_on_storage(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "alpha.log").symlink_to("/dev/full")  # writes: ENOSPC
    line = run_once(tmp_path, caplog)
    assert "last_output=\"storage failed; the crawl's output holds no error (disk full? " in line
    assert f"MiB free in {tmp_path})" in line
