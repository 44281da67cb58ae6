"""The daemon against the demo network: real `aggregator crawl` children, end to end."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import demo_config_text

from aggregator.config import load_config
from app.cli import cli
from app.daemon.service import Daemon

pytestmark = pytest.mark.timeout(60)


def _ok_runs(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute(
            "SELECT source, COUNT(*) FROM crawl_runs "
            "WHERE status = 'ok' AND exit_code = 0 GROUP BY source"
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()
    return dict(rows)


def test_daemon_crawls_every_demo_source(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "news.db"
    config_path = tmp_path / "config.yaml"
    config_path.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    config = load_config(config_path)
    names = {s.name for s in config.sources if s.enabled}
    daemon = Daemon(config, db, config_path=config_path, log_dir=tmp_path / "logs")
    daemon.start()
    try:
        deadline = time.monotonic() + 50
        while set(_ok_runs(db)) != names and time.monotonic() < deadline:
            time.sleep(0.1)
        assert set(_ok_runs(db)) == names, (tmp_path / "logs").iterdir()
    finally:
        daemon.stop(5)
    result = CliRunner().invoke(cli, ["--config", str(config_path), "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["sources"]
    assert {r["source"] for r in rows} == names
    assert all(r["last_run"]["status"] == "ok" for r in rows)
    assert sum(r["articles_24h"] for r in rows) > 0
    assert all(r["consecutive_failures"] == 0 for r in rows)
