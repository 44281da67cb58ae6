"""A typo in the key ``name`` of a running source (``nmae: cc``) keeps its previous entry on a
SIGHUP when the entry's feeds, sitemaps and start pages are that source's, as any other typo
does; an entry matching no one source, or two, is set aside nameless as before."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from app.config_loader import load_app_config
from app.daemon.service import Daemon

pytestmark = pytest.mark.timeout(60)

GOOD = """\
database: {db}
daemon: {{grace_period: 2s}}
sources:
  - name: aa
    feeds: ['http://127.0.0.1:9/aa.xml']
    schedule: {{every: 1h}}
  - name: cc
    feeds: ['http://127.0.0.1:9/cc.xml']
    schedule: {{every: 1h}}
"""


def _daemon(tmp_path: Path) -> tuple[Daemon, Path]:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(GOOD.format(db=tmp_path / "news.db"), encoding="utf-8")
    daemon = Daemon(
        load_app_config(config_path),
        tmp_path / "news.db",
        config_path=config_path,
        command=lambda source, run_id: [sys.executable, "-c", "pass"],
        log_dir=tmp_path / "logs",
        watch_clock=False,
    )
    daemon.start()
    return daemon, config_path


def test_a_misspelt_name_keeps_the_running_source_of_those_feeds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    daemon, config_path = _daemon(tmp_path)
    try:
        typo = GOOD.replace("  - name: cc", "  - nmae: cc")
        config_path.write_text(typo.format(db=tmp_path / "news.db"), encoding="utf-8")
        with caplog.at_level(logging.INFO, logger="app.daemon"):
            assert daemon.reload_from_file()
        assert daemon.next_run("cc") is not None and daemon.next_run("aa") is not None
        said = [r.getMessage() for r in caplog.records]
        assert not [line for line in said if "removed from schedule" in line], said
        assert any("source=cc keeps its previous entry" in line and "nmae" in line for line in said)
    finally:
        daemon.stop(0.5)


def test_a_nameless_entry_of_new_feeds_is_set_aside_and_the_source_removed(
    tmp_path: Path,
) -> None:
    daemon, config_path = _daemon(tmp_path)
    try:
        moved = GOOD.replace(
            "  - name: cc\n    feeds: ['http://127.0.0.1:9/cc.xml']",
            "  - nmae: cc\n    feeds: ['http://127.0.0.1:9/new.xml']",
        )
        config_path.write_text(moved.format(db=tmp_path / "news.db"), encoding="utf-8")
        assert daemon.reload_from_file()
        assert daemon.next_run("cc") is None and daemon.next_run("aa") is not None
    finally:
        daemon.stop(0.5)
