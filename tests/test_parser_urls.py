"""URL canonicalisation."""

from __future__ import annotations

import pytest

from aggregator.parser.urls import canonicalize_url, is_tracking_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://Example.COM/a/b?utm_source=x&utm_medium=y", "https://example.com/a/b"),
        ("https://example.com/a?id=7&fbclid=abc&gclid=def", "https://example.com/a?id=7"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com//a//b", "https://example.com/a/b"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&ref=rss", "https://example.com/a"),
        ("https://example.com/a?q=caf\u00e9", "https://example.com/a?q=caf%C3%A9"),
        ("https://example.com/caf\u00e9", "https://example.com/caf%C3%A9"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a?page=2&utm_campaign=z", "https://example.com/a?page=2"),
        ("https://example.com/a?empty=", "https://example.com/a?empty="),
        # Guardian and BBC (comScore) campaign keys.
        ("https://example.com/a?CMP=share_btn_tw&page=2", "https://example.com/a?page=2"),
        (
            "https://example.com/a?ns_campaign=bbc&ns_mchannel=rss&ns_source=x",
            "https://example.com/a",
        ),
        # RFC 3986 §5.2.4: dot segments resolved, in absolute URLs too.
        ("https://example.com//a/./b/../c.html", "https://example.com/a/c.html"),
        ("https://example.com/a/b/..", "https://example.com/a/"),
        ("https://example.com/a/.", "https://example.com/a/"),
        ("https://example.com/../a", "https://example.com/a"),
        ("https://example.com/a/.hidden/..b", "https://example.com/a/.hidden/..b"),
    ],
)
def test_canonicalize(raw: str, expected: str) -> None:
    assert canonicalize_url(raw) == expected


def test_relative_urls_are_absolutised() -> None:
    base = "https://example.com/news/story.html"
    assert canonicalize_url("../other/?utm_source=x", base) == "https://example.com/other/"
    assert canonicalize_url("/a#b", base) == "https://example.com/a"
    assert canonicalize_url("//cdn.example.com/x", base) == "https://cdn.example.com/x"


def test_non_http_left_alone() -> None:
    assert canonicalize_url("mailto:a@example.com") == "mailto:a@example.com"


def test_idempotent() -> None:
    url = "https://Example.com:443/a//b?x=1&utm_source=y#z"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@pytest.mark.parametrize("key", ["utm_source", "UTM_Medium", "fbclid", "gclid", "mc_eid", "_ga"])
def test_tracking_keys(key: str) -> None:
    assert is_tracking_param(key)


@pytest.mark.parametrize("key", ["id", "page", "q", "article"])
def test_real_keys(key: str) -> None:
    assert not is_tracking_param(key)
