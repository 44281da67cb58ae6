"""A reload to a file with no source entry (``sources: []``, or a file cut to its
``database:`` line) is refused: nothing to crawl is never what was meant (QA ops pass 52,
item 3). It was applied at INFO: every source unscheduled, every source's httpcache/
deleted. Disabling every source is still a reload that applies."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from daemon_reload import TWO_SOURCES, started_daemon, write_config

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(
    "text", ["database: {db}\nsources: []\n", "database: {db}\n"], ids=["empty-list", "no-key"]
)
def test_a_reload_to_a_file_of_no_source_entry_is_refused_and_the_caches_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        kept = [tmp_path / "httpcache" / name / "feed" for name in ("aa", "bb")]
        for path in kept:
            path.parent.mkdir(parents=True)
            path.write_text("kept")
        write_config(tmp_path, text)
        caplog.clear()  # the start's lines
        with caplog.at_level(logging.INFO, logger="app.daemon"):
            assert not daemon.reload_from_file()
        # The first runs of aa and bb (due at the start) log beside the reload.
        said = [(r.levelname, r.getMessage()) for r in caplog.records]
        reload = [(level, line) for level, line in said if not line.startswith("crawl ")]
        assert reload == [
            (
                "ERROR",
                "config reload refused, still running on the previous config: "
                f"{tmp_path / 'config.yaml'}: no source entry (2 scheduled now); nothing to "
                "crawl: to stop crawling them all, give each enabled: false, or stop the daemon",
            )
        ], said
        assert daemon.next_run("aa") is not None and daemon.next_run("bb") is not None
        assert all(path.read_text() == "kept" for path in kept)
    finally:
        daemon.stop(0.5)


def test_a_reload_that_disables_every_source_applies(tmp_path: Path) -> None:
    daemon = started_daemon(tmp_path, TWO_SOURCES)
    try:
        paused = TWO_SOURCES.replace("    schedule:", "    enabled: false\n    schedule:")
        write_config(tmp_path, paused)
        assert daemon.reload_from_file()
        assert daemon.next_run("aa") is None and daemon.next_run("bb") is None
    finally:
        daemon.stop(0.5)
