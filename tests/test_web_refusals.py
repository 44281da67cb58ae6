"""The web view's refusals say what is really wrong (review of stop 45): a Host header with a
character no host name has is refused whole, never cleaned by ``urlsplit`` into a known
name. In process, through Datasette's own ASGI client (the plugin's wrapper and hooks
included), over a store of ingested articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_answers import _web

from app.web.plugin import request_host


@pytest.mark.parametrize(
    "host", ["local\thost", "localhost\n", "[::1]x", "localhost:abc", "local host", "l_h"]
)
def test_a_host_with_a_character_no_host_name_has_is_a_400(tmp_path: Path, host: str) -> None:
    scope = {"headers": [(b"host", host.encode("latin-1"))]}
    assert request_host(scope) == host  # kept whole: no known name
    web = _web(tmp_path, count=1)
    page = web.get("/news/articles.json", headers={"Host": host})
    assert page.status_code == 400
    assert page.text.startswith(f"Unknown host {host!r}: ")
    assert "Harbour story" not in page.text
    # The names it knows still answer, with a port and around spaces or tabs.
    for known in ("localhost", "localhost:8001", " \tlocalhost ", "[::1]:8001", "127.0.0.1"):
        assert web.get("/news/articles.json", headers={"Host": known}).status_code == 200
