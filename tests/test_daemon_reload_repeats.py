"""A key given twice in the file a SIGHUP re-reads unschedules nothing: a second ``sources:``
block refuses the reload whole, and a forgotten ``- `` keeps the entry's previous source."""

from __future__ import annotations

from pathlib import Path

import pytest
from daemon_reload import TWO_SOURCES, started_daemon, write_config

pytestmark = pytest.mark.timeout(60)


def test_a_second_sources_block_is_refused_and_every_source_stays(tmp_path: Path) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        pasted = TWO_SOURCES + "sources:\n  - name: dd\n    feeds: ['http://127.0.0.1:9/dd.xml']\n"
        write_config(tmp_path, pasted)
        assert not daemon.reload_from_file()
        assert daemon.next_run("aa") is not None and daemon.next_run("bb") is not None
    finally:
        daemon.stop(0.5)


def test_a_forgotten_dash_keeps_the_entry_s_previous_source(tmp_path: Path) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        pasted = "    name: cc\n    feeds: ['http://127.0.0.1:9/cc.xml']\n"
        no_dash = TWO_SOURCES.replace("  - name: bb\n", pasted + "  - name: bb\n")
        write_config(tmp_path, no_dash)
        assert daemon.reload_from_file()
        assert daemon.next_run("aa") is not None and daemon.next_run("bb") is not None
        assert [r.error.split(": ", 1)[1] for r in daemon.config.rejected_sources] == [
            "sources[0].name given twice (first at line 4)"
        ]
    finally:
        daemon.stop(0.5)
