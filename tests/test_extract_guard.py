"""Issue 18, item 15: ``aggregator extract URL`` refuses what the crawl refuses.

It fetches through the crawl's own downloader (``spiders.runner.fetch_page``):
the address guard on every redirect, no other scheme, a total timer per
request. Each case runs the CLI in a child process against servers on 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(120)

PAGE = (
    "<html><head><title>Private page</title></head><body><article><h1>Private</h1><p>"
    + "Text that must never be fetched from an internal address. " * 10
    + "</p></article></body></html>"
)


class TcpListener:
    """Counts TCP connections to a port on 127.0.0.1 (an FTP server would listen here)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    server = TcpListener()
    yield server
    server.close()


def extract(config: Path, url: str) -> tuple[int, str]:
    result = run_cli("--config", str(config), "extract", url, timeout=90)
    return result.returncode, (result.stdout + result.stderr).strip()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("defaults:\n  limits: {download_timeout: 3}\n", encoding="utf-8")
    return path


def test_a_redirect_to_another_local_port_is_refused(config: Path) -> None:
    """The issue: extract followed redirects to 127.0.0.1."""
    with PageServer() as site, PageServer() as internal:
        internal.put("/admin", PAGE)
        start = site.redirect("/story", internal.url("/admin"))
        code, output = extract(config, start)
        assert internal.total_hits() == 0
    assert code == 1
    assert output.splitlines() == [
        f"error: refused: {internal.url('/admin')}: host '127.0.0.1' is not a public address"
    ]


def test_a_redirect_to_ftp_opens_no_connection(config: Path, listener: TcpListener) -> None:
    """The issue: a redirect to ftp:// opened a TCP connection."""
    with PageServer() as site:
        start = site.redirect("/story", f"ftp://127.0.0.1:{listener.port}/pub/file")
        code, output = extract(config, start)
    assert listener.connections == 0
    assert code == 1 and output.splitlines() == [
        f"error: {start}: HTTP 302 Found (a redirect not followed)"
    ]


def test_a_trickling_server_is_cut_by_the_total_download_timeout(config: Path) -> None:
    """The issue: download_timeout was per read, and a 1 byte/s server kept extract busy
    past 60 s. Here the server would trickle for 100 s; download_timeout is 3 s."""
    with PageServer() as site:
        slow = site.put("/slow", trickle=[b"<"] * 100)
        started = time.monotonic()
        code, output = extract(config, slow)
        elapsed = time.monotonic() - started
    assert code == 1 and "download_timeout" in output and len(output.splitlines()) == 1
    assert elapsed < 60, elapsed  # the trickle alone would take 100 s


def test_a_redirect_within_the_url_s_own_host_and_port_is_followed(config: Path) -> None:
    with PageServer() as site:
        site.put("/final", PAGE)
        code, output = extract(config, site.redirect("/story", site.url("/final")))
    assert code == 0, output
    assert f'"url": "{site.url("/final")}"' in output
