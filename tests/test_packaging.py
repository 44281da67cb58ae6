"""newsagg installed as a package (QA report of stop 46): what a user's working
directory can and cannot change, and what the sdist and the wheel hold.

The crawl children are started as ``python -P -m app``: an ``app`` package in the
directory the operator runs ``aggregator`` from (a web project's is common) must not
run in their place. The parents here are the ``aggregator`` console script, as an
operator runs it, never ``python -m app`` (which would itself import the user's app).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import demo_config_text
from faultserver import FaultServer
from test_daemon import finished, wait_for
from test_daemon_operator import _config

from app.demo import ground_truth

AGGREGATOR = Path(sys.executable).parent / "aggregator"

pytestmark = pytest.mark.timeout(120)


def user_project(tmp_path: Path) -> tuple[Path, Path]:
    """A working directory holding an ``app`` package of its own; its marker file."""
    home = tmp_path / "userproj"
    marker = tmp_path / "user-app-ran"
    (home / "app").mkdir(parents=True)
    (home / "app" / "__init__.py").write_text("")
    (home / "app" / "__main__.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
    )
    return home, marker


def _stored_paths(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
    finally:
        conn.close()
    return {"/" + url.split("/", 3)[3] for url in urls}


def test_crawl_processes_run_newsagg_not_an_app_package_in_the_working_directory(
    demo_network, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    home, marker = user_project(tmp_path)
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    result = subprocess.run(
        [str(AGGREGATOR), "--config", str(config), "crawl", "islandpulse", "--processes", "2"],
        cwd=home,
        capture_output=True,
        text=True,
        timeout=100,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not marker.exists(), "a crawl child ran the working directory's app package"
    expected = {a.path for a in ground_truth() if a.outlet == "islandpulse"}
    assert _stored_paths(db) == expected


def test_the_daemons_crawls_run_newsagg_not_an_app_package_in_the_working_directory(
    tmp_path: Path,
) -> None:
    home, marker = user_project(tmp_path)
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    with FaultServer() as fs:
        config.write_text(_config(fs, db, every="1h"))
        log = (tmp_path / "daemon.err").open("wb")
        daemon = subprocess.Popen(
            [str(AGGREGATOR), "--config", str(config), "daemon"],
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            first = wait_for(lambda: finished(db, "faulty"), timeout=60, what="the first crawl")
            daemon.send_signal(signal.SIGTERM)
            assert daemon.wait(30) == 0
        finally:
            if daemon.poll() is None:
                daemon.kill()
            log.close()
    assert not marker.exists(), "the daemon's crawl ran the working directory's app package"
    assert first[0]["status"] == "ok" and first[0]["articles_new"] == 2, first[0]
