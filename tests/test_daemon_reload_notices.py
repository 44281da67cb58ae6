"""A SIGHUP's config says what every command says on loading it: an alert whose query is
read otherwise than written is warned of in the daemon's log, not only at the next command."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from daemon_reload import started_daemon, write_config

pytestmark = pytest.mark.timeout(60)

SOURCE = "  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml'], schedule: {every: 1h}}\n"


def _config(alert_query: str) -> str:
    return (
        "database: {db}\n"
        "daemon: {grace_period: 2s}\n"
        f"sources:\n{SOURCE}"
        "alerts:\n"
        f"  - {{name: quakes, query: '{alert_query}', target: atom}}\n"
    )


def test_a_reload_logs_the_notices_of_an_alert_query(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    daemon = started_daemon(tmp_path, _config("quake tsunami"))
    try:
        write_config(tmp_path, _config("quake NOT tsunami"))  # NOT is no operator: a word searched
        with caplog.at_level(logging.WARNING, logger="app.daemon"):
            assert daemon.reload_from_file()
    finally:
        daemon.stop(0.5)
    reload_lines = [r.getMessage() for r in caplog.records if "config reload:" in r.getMessage()]
    assert any("quakes" in line and "NOT" in line for line in reload_lines), reload_lines
