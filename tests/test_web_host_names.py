"""How the web view reads a request's Host header (``app.web.plugin.request_host``), the name
it answers only when known (test_web_hosts.py serves them): the host name as ``urlsplit``
reads a URL's, and anything no URL's host part can be kept whole, to match no known name."""

from __future__ import annotations

import pytest

from app.web.plugin import request_host


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8001", "127.0.0.1"),
        ("LocalHost:9999", "localhost"),
        ("localhost", "localhost"),
        ("[::1]:8001", "::1"),
        ("[::1]", "::1"),
        ("::1", "::1"),  # bare, as a hand-written request may send it
        ("news.example.org:443", "news.example.org"),
        ("news_web:8001", "news_web"),  # a compose service name, as base_url may give it
        ("news.example.org.evil", "news.example.org.evil"),
        ("rebind.attacker.example:8001", "rebind.attacker.example"),
        (" localhost:8001 ", "localhost"),
        # What is no host part: kept whole, so no known name matches it (a 400).
        ("", ""),
        (":8001", ":8001"),
        ("[::1", "[::1"),
        ("localhost:8001:1", "localhost:8001:1"),
        ("evil@localhost", "evil@localhost"),
        ("localhost/x", "localhost/x"),
        ("localhost#x", "localhost#x"),
    ],
)
def test_the_host_name_of_a_host_header(header: str, name: str) -> None:
    scope = {"headers": [(b"accept", b"*/*"), (b"Host", header.encode("latin-1"))]}
    assert request_host(scope) == name


def test_no_host_header_is_none() -> None:
    assert request_host({"headers": [(b"accept", b"*/*")]}) is None
