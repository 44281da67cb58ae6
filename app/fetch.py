"""Fetching one page for ``aggregator extract URL`` (the crawl fetches through Scrapy)."""

from __future__ import annotations

import urllib.error
import urllib.request


class FetchError(Exception):
    """A page that could not be fetched; the message says why."""


def is_http_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch_page(url: str, user_agent: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    """GET one page (redirects followed): its bytes and final URL; FetchError otherwise."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            if not is_http_url(final):
                raise FetchError(f"{url}: redirected to a non-http URL")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url}: page is {declared} bytes, more than max_page_bytes ({max_bytes})"
                )
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
    if len(body) > max_bytes:
        raise FetchError(f"{url}: page is larger than max_page_bytes ({max_bytes})")
    return body, final
