"""A server's strings reach the log with their control characters escaped (QA pass S, F4):
one record factory installed where a crawl, the daemon or a cluster role sets up logging, so
every record is covered, not only the cookie hint of a redirect loop."""

from __future__ import annotations

from pathlib import Path

import pytest
from pageserver import PageServer
from test_crawl_stubborn import RSS, crawl_logged, rss

from aggregator.hygiene import escape_controls

pytestmark = pytest.mark.timeout(120)

HOSTILE_COOKIE = "consent=\x1b[2J\x1b[Hloopy: finished, all good\x1b[8m\x9b31m; Path=/"


def test_control_characters_are_written_as_escapes_and_tabs_and_newlines_kept() -> None:
    assert escape_controls("a\x1b[2Jb\x07\r\x7f\x9b") == "a\\x1b[2Jb\\x07\\x0d\\x7f\\x9b"
    assert escape_controls("line\tone\nline two ä €") == "line\tone\nline two ä €"


def test_a_set_cookie_with_terminal_escapes_reaches_the_log_escaped(tmp_path: Path) -> None:
    with PageServer() as site:
        here, there = "/news/2026/12/loop", "/news/2026/12/loop/"
        for path, location in ((here, there), (there, here)):
            site.put(
                path,
                status=302,
                content_type="",
                headers={"Set-Cookie": HOSTILE_COOKIE, "Location": location},
            )
        feed = site.put("/feed.xml", rss(site.url("/news/2026/12/loop")), content_type=RSS)
        out, log, _ = crawl_logged(site, tmp_path, feeds=[feed])
    assert "redirect_loop 1" in out
    assert "\x1b" not in log + out and "\x9b" not in log + out
    assert "consent=\\x1b[2J\\x1b[Hloopy" in log  # the operator still sees what was sent
