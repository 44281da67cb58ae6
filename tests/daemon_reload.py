"""A daemon started on a config file that a test rewrites and then reloads, as a SIGHUP does
(``Daemon.reload_from_file``): its crawls are a process that does nothing, its clock is
not watched, so only the reload decides what is scheduled."""

from __future__ import annotations

import sys
from pathlib import Path

from app.config_loader import load_app_config
from app.daemon.service import Daemon

# Two sources a reload may keep, move or lose; ``{db}`` is the test's database.
TWO_SOURCES = """\
database: {db}
daemon: {grace_period: 2s}
sources:
  - name: aa
    feeds: ['http://127.0.0.1:9/aa.xml']
    schedule: {every: 1h}
  - name: bb
    feeds: ['http://127.0.0.1:9/bb.xml']
    schedule: {every: 1h}
"""


def write_config(tmp_path: Path, text: str) -> Path:
    """``text`` written as ``tmp_path/config.yaml``, its ``{db}`` the test's database
    (``tmp_path/news.db``); YAML's own braces stay as they are."""
    config_path = tmp_path / "config.yaml"
    config_path.write_text(text.replace("{db}", str(tmp_path / "news.db")), encoding="utf-8")
    return config_path


def started_daemon(tmp_path: Path, text: str) -> Daemon:
    """A started daemon on the config ``text`` (:func:`write_config`); the test stops it."""
    config_path = write_config(tmp_path, text)
    daemon = Daemon(
        load_app_config(config_path),
        tmp_path / "news.db",
        config_path=config_path,
        command=lambda source, run_id: [sys.executable, "-c", "pass"],
        log_dir=tmp_path / "logs",
        watch_clock=False,
    )
    daemon.start()
    return daemon
