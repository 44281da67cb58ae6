"""A typo in the key ``name`` of a running source (``nmae: bb``) keeps its previous entry on a
SIGHUP when the entry's feeds, sitemaps and start pages are that source's, as any other typo
does; an entry matching no one source, or two, is set aside nameless as before."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from daemon_reload import TWO_SOURCES, started_daemon, write_config

pytestmark = pytest.mark.timeout(60)


def test_a_misspelt_name_keeps_the_running_source_of_those_feeds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        typo = TWO_SOURCES.replace("  - name: bb", "  - nmae: bb")
        write_config(tmp_path, typo)
        with caplog.at_level(logging.INFO, logger="app.daemon"):
            assert daemon.reload_from_file()
        assert daemon.next_run("bb") is not None and daemon.next_run("aa") is not None
        said = [r.getMessage() for r in caplog.records]
        assert not [line for line in said if "removed from schedule" in line], said
        assert any("source=bb keeps its previous entry" in line and "nmae" in line for line in said)
    finally:
        daemon.stop(0.5)


def test_a_nameless_entry_of_new_feeds_is_set_aside_and_the_source_removed(
    tmp_path: Path,
) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        moved = TWO_SOURCES.replace(
            "  - name: bb\n    feeds: ['http://127.0.0.1:9/bb.xml']",
            "  - nmae: bb\n    feeds: ['http://127.0.0.1:9/new.xml']",
        )
        write_config(tmp_path, moved)
        assert daemon.reload_from_file()
        assert daemon.next_run("bb") is None and daemon.next_run("aa") is not None
    finally:
        daemon.stop(0.5)
