"""The crawl policy pieces as plain functions: Retry-After, robots.txt outcomes,
addresses, error kinds, the body handed to the parser and errors by kind."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from conftest import REPO
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.settings import Settings

from aggregator import extract
from aggregator.addresses import is_public_address
from aggregator.content import looks_binary
from spiders.middlewares import (
    RobotsDisallowed,
    decode_robots,
    error_kind,
    parse_retry_after,
    robots_policy_for_response,
)
from spiders.middlewares.headers import SourceHeadersMiddleware
from spiders.news import header_charset, parse_shard
from spiders.pipelines import errors_by_kind

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("2", 2.0),
        (b" 120 ", 120.0),
        ("Sun, 01 Mar 2026 12:00:30 GMT", 30.0),
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_retry_after_values(value, seconds) -> None:  # type: ignore[no-untyped-def]
    assert parse_retry_after(value, now=NOW) == seconds


def _robots(status: int, body: bytes = b"", ctype: bytes = b"text/plain") -> Response:
    return TextResponse(
        "https://x.example/robots.txt", status=status, body=body, headers={"Content-Type": ctype}
    )


UA = "newsagg"


def test_robots_2xx_rules_with_bom_and_crawl_delay() -> None:
    policy = robots_policy_for_response(
        _robots(200, "\ufeffUser-agent: *\nDisallow: /private/\nCrawl-delay: 2\n".encode())
    )
    assert policy.allowed("https://x.example/news/1", UA)
    assert not policy.allowed("https://x.example/private/1", UA)
    assert policy.delay(UA) == 2.0


def test_robots_request_rate_becomes_a_delay() -> None:
    policy = robots_policy_for_response(_robots(200, b"User-agent: *\nRequest-rate: 1/5\n"))
    assert policy.delay(UA) == 5.0


def test_robots_bom_disallow_all() -> None:
    policy = robots_policy_for_response(_robots(200, b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n"))
    assert not policy.allowed("https://x.example/a", UA)
    assert decode_robots(b"\xef\xbb\xbfA") == "A"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_robots_4xx_allows_everything(status: int) -> None:
    assert robots_policy_for_response(_robots(status)).allowed("https://x.example/a", UA)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_robots_5xx_and_429_disallow_for_this_run(status: int) -> None:
    policy = robots_policy_for_response(_robots(status, b"User-agent: *\nAllow: /\n"))
    assert not policy.reachable
    assert not policy.allowed("https://x.example/a", UA)


def test_robots_html_page_has_no_rules() -> None:
    page = b"<!doctype html><html><body><h1>Welcome</h1></body></html>"
    assert robots_policy_for_response(_robots(200, page, b"text/html")).allowed(
        "https://x.example/a", UA
    )


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
        ("not-an-ip", False),
        # IPv6 that carries an IPv4 address is judged by it (issue 18, item 15):
        # NAT64, 6to4 and IPv4-compatible, which Python alone calls global.
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("64:ff9b:1::a00:1", False),  # local-use NAT64 (RFC 8215)
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("::127.0.0.1", False),  # IPv4-compatible
        ("::a9fe:a9fe", False),
        ("::8.8.8.8", True),
        ("::ffff:8.8.8.8", True),
        ("::", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_error_kinds() -> None:
    from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest, ResponseDataLossError
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError

    request = Request("https://x.example/a")
    resp = Response("https://x.example/a", status=503, request=request)
    assert error_kind(HttpError(resp, "x")) == "http_5xx"
    assert error_kind(DownloadTimeoutError()) == "timeout"
    assert error_kind(DNSLookupError()) == "dns"
    assert error_kind(ConnectionRefusedError()) == "connection"
    assert error_kind(ResponseDataLossError()) == "data_loss"
    assert error_kind(RobotsDisallowed()) == "robots_disallowed"
    assert (
        error_kind(IgnoreRequest("… exceeded DOWNLOAD_MAXSIZE (1 B) during decompression."))
        == "too_large"
    )
    request.meta["newsagg_error_kind"] = "retry_after_too_long"
    assert error_kind(HttpError(resp, "x"), request) == "retry_after_too_long"


def _html(body: bytes, ctype: str) -> HtmlResponse:
    return HtmlResponse("https://x.example/a", body=body, headers={"Content-Type": ctype})


def _read_as_served(body: bytes, ctype: str) -> str:
    """The headline the parser reads from a body served with ``ctype``, as the crawl
    hands it over (the body as is, the header's charset beside it)."""
    charset = header_charset(_html(body, ctype))
    return extract(body, "https://x.example/a", transport_charset=charset).headline


def test_a_header_charset_reaches_the_parser() -> None:
    # What only the header knows: a gb18030 page without a <meta charset>.
    text = "<html><body><h1>北京市政府发布新的交通计划</h1></body></html>"
    assert _read_as_served(text.encode("gb18030"), "text/html; charset=gb18030") == (
        "北京市政府发布新的交通计划"
    )
    # A header that lies (cp1252 bytes called utf-8) is left to the parser's sniffing.
    latin = "<h1>Café au lait</h1>".encode("cp1252")
    assert _read_as_served(latin, "text/html; charset=utf-8") == "Café au lait"
    # Valid UTF-8 under a legacy header is UTF-8; a BOM wins over any header.
    utf8 = "<h1>Café au lait</h1>".encode()
    assert _read_as_served(utf8, "text/html; charset=windows-1251") == "Café au lait"
    bom = "<h1>Café au lait</h1>".encode("utf-16")
    assert _read_as_served(bom, "text/html; charset=gb18030") == "Café au lait"
    # UTF-8 bytes under a wrong <meta charset>, served as utf-8 (the QA pass's page).
    meta = "<meta charset='iso-8859-1'><h1>Café au lait</h1>".encode()
    assert _read_as_served(meta, "text/html; charset=utf-8") == "Café au lait"


def test_binary_sniffing() -> None:
    assert looks_binary(b"%PDF-1.4 ...")
    assert looks_binary(b"<html>\x00\x00")
    assert not looks_binary("<html>Ä</html>".encode("utf-16"))
    assert not looks_binary(b"<!doctype html><p>x</p>")


def test_shards() -> None:
    assert parse_shard("1/2") == (1, 2)
    assert parse_shard(None) is None
    with pytest.raises(ValueError):
        parse_shard("2/2")


def test_errors_by_kind_from_stats() -> None:
    stats = {
        "newsagg/errors/timeout": 2,
        "newsagg/errors/http_5xx": 1,
        "urllength/request_ignored_count": 3,
        "offsite/filtered": 4,
        "downloader/response_count": 10,
    }
    assert errors_by_kind(stats) == {"http_5xx": 1, "offsite": 4, "timeout": 2, "url_too_long": 3}


RESOLVE_SCRIPT = """
import json, sys
from twisted.internet import defer, task
from spiders.middlewares import PublicAddressResolver

async def main(reactor):
    resolver = PublicAddressResolver(reactor, cache_size=0, timeout=5)
    out = {}
    for name, trusted in (("localhost", ()), ("localhost", ("localhost",)), ("127.0.0.1", ())):
        resolver.trusted = trusted
        try:
            out[f"{name} {trusted}"] = await resolver.getHostByName(name)
        except Exception as exc:
            out[f"{name} {trusted}"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))

task.react(lambda reactor: defer.ensureDeferred(main(reactor)))
"""


def test_the_connection_resolver_refuses_private_answers_for_untrusted_names() -> None:
    # The address each connection really uses is checked, not only the guard's own lookup
    # (DNS rebinding). Real reactor, real system resolver: "localhost" is 127.0.0.1.
    done = subprocess.run(
        [sys.executable, "-c", RESOLVE_SCRIPT],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answers = json.loads(done.stdout)
    assert answers["localhost ()"].startswith("DNSLookupError")
    assert "non-public address 127.0.0.1" in answers["localhost ()"]
    assert answers["localhost ('localhost',)"] == "127.0.0.1"  # a source's own host
    assert answers["127.0.0.1 ()"] == "127.0.0.1"  # literals were judged by the guard


def test_no_spider_callback_is_a_generator_that_returns_a_value() -> None:
    # Scrapy's own check of this runs per response and is switched off in
    # spiders/settings.py (WARN_ON_GENERATOR_RETURN_VALUE) for its cost; a
    # callback that yields and returns a value would lose that value silently.
    import inspect

    from scrapy.utils.misc import is_generator_with_return_value

    from spiders.news import NewsSpider

    callbacks = [
        member
        for name, member in inspect.getmembers(NewsSpider, inspect.isfunction)
        if name.startswith(("parse", "on_", "start"))
    ]
    assert {c.__name__ for c in callbacks} >= {
        "parse_feed",
        "parse_sitemap",
        "parse_listing",
        "parse_article",
    }
    assert [c.__name__ for c in callbacks if is_generator_with_return_value(c)] == []

    def returns_from_a_generator():  # type: ignore[no-untyped-def]
        yield 1
        return 2

    assert is_generator_with_return_value(returns_from_a_generator)  # the check can fail


def test_source_headers_follow_a_site_between_its_bare_and_www_host() -> None:
    # Operators write example.com for a site serving www.example.com: its redirect
    # there lost the consent cookie, and the pages were stored behind the wall.
    middleware = SourceHeadersMiddleware(
        Settings(
            {
                "NEWSAGG_SOURCE_HEADERS": {"Cookie": "consent=yes", "Accept-Language": "de"},
                "NEWSAGG_SOURCE_ORIGINS": ["http://example.com/feed.xml"],
            }
        )
    )

    def sent(url: str, *chain: str) -> dict[str, str]:
        request = Request(url, meta={"redirect_urls": list(chain)} if chain else {})
        middleware.process_request(request)
        return {k.decode(): request.headers[k].decode() for k in request.headers}

    assert sent("https://www.example.com/a", "http://example.com/a")["Cookie"] == "consent=yes"
    assert sent("http://www.example.com/feed.xml")["Accept-Language"] == "de"
    # Any other host still gets neither, nor credentials after passing through one.
    assert "Cookie" not in sent("https://news.example.com/a")
    assert "Cookie" not in sent("https://www.example.com/a", "https://cdn.example.net/a")
