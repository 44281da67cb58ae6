"""A key given twice in the file a SIGHUP re-reads unschedules nothing: a second ``sources:``
block refuses the reload whole, and a forgotten ``- `` keeps the entry's previous source."""

from __future__ import annotations

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
  - name: bb
    feeds: ['http://127.0.0.1:9/bb.xml']
    schedule: {{every: 1h}}
"""


def _daemon(tmp_path: Path, text: str) -> tuple[Daemon, Path]:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(text.format(db=tmp_path / "news.db"), encoding="utf-8")
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


def test_a_second_sources_block_is_refused_and_every_source_stays(tmp_path: Path) -> None:
    daemon, config_path = _daemon(tmp_path, GOOD)
    try:
        pasted = GOOD + "sources:\n  - name: dd\n    feeds: ['http://127.0.0.1:9/dd.xml']\n"
        config_path.write_text(pasted.format(db=tmp_path / "news.db"), encoding="utf-8")
        assert not daemon.reload_from_file()
        assert daemon.next_run("aa") is not None and daemon.next_run("bb") is not None
    finally:
        daemon.stop(0.5)


def test_a_forgotten_dash_keeps_the_entry_s_previous_source(tmp_path: Path) -> None:
    daemon, config_path = _daemon(tmp_path, GOOD)
    try:
        pasted = "    name: cc\n    feeds: ['http://127.0.0.1:9/cc.xml']\n"
        no_dash = GOOD.replace("  - name: bb\n", pasted + "  - name: bb\n")
        config_path.write_text(no_dash.format(db=tmp_path / "news.db"), encoding="utf-8")
        assert daemon.reload_from_file()
        assert daemon.next_run("aa") is not None and daemon.next_run("bb") is not None
        assert [r.error.split(": ", 1)[1] for r in daemon.config.rejected_sources] == [
            "sources[0].name given twice (first at line 4)"
        ]
    finally:
        daemon.stop(0.5)
