"""A SIGHUP's config says what every command says on loading it: an alert whose query is
read otherwise than written is warned of in the daemon's log, not only at the next command."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from app.config_loader import load_app_config
from app.daemon.service import Daemon

pytestmark = pytest.mark.timeout(60)

SOURCE = "  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml'], schedule: {every: 1h}}\n"


def _write(path: Path, db: Path, alert_query: str) -> None:
    path.write_text(
        f"database: {db}\n"
        "daemon: {grace_period: 2s}\n"
        f"sources:\n{SOURCE}"
        "alerts:\n"
        f"  - {{name: quakes, query: '{alert_query}', target: atom}}\n"
    )


def test_a_reload_logs_the_notices_of_an_alert_query(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_path, db = tmp_path / "config.yaml", tmp_path / "news.db"
    _write(config_path, db, "quake tsunami")
    daemon = Daemon(
        load_app_config(config_path),
        db,
        config_path=config_path,
        command=lambda source, run_id: [sys.executable, "-c", "pass"],
        log_dir=tmp_path / "logs",
        watch_clock=False,
    )
    try:
        daemon.start()
        _write(config_path, db, "quake NOT tsunami")  # NOT is no operator: a word searched
        with caplog.at_level(logging.WARNING, logger="app.daemon"):
            assert daemon.reload_from_file()
    finally:
        daemon.stop(0.5)
    reload_lines = [r.getMessage() for r in caplog.records if "config reload:" in r.getMessage()]
    assert any("quakes" in line and "NOT" in line for line in reload_lines), reload_lines
