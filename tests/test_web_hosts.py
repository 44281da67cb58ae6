"""The web view answers only its own host names (QA pass S, F8): the loopback names and
``web.base_url``'s host; any other Host header (DNS rebinding: an attacker's name made to
resolve to 127.0.0.1 in a staff member's browser) gets a 400 and no data."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import serving
from test_export_cells import _store

pytestmark = pytest.mark.timeout(90)


def _get(url: str, host: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8")


def test_only_loopback_names_and_the_base_urls_host_are_answered(tmp_path: Path) -> None:
    db = _store(tmp_path)
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\nweb: {{base_url: 'https://News.Example.org/reader'}}\n",
        encoding="utf-8",
    )
    with serving(config, db) as (base, _process):
        port = base.rsplit(":", 1)[1]
        table = f"{base}/{db.stem}/articles.json"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost:9999", "[::1]:8001",
                     "news.example.org", "news.example.org:443"):  # fmt: skip
            status, body = _get(table, host)
            assert status == 200, (host, body[:300])
            assert "inj.example.com" in body
        for host in (f"rebind.attacker.example:{port}", "example.org", "news.example.org.evil"):
            status, body = _get(table, host)
            assert status == 400, host
            assert "inj.example.com" not in body
            assert body.startswith(f"Unknown host '{host.rsplit(':', 1)[0]}'")
