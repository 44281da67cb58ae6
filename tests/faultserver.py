"""A fault-injecting HTTP server on 127.0.0.1, for crawling tests (reliability.md §3).

Run as its own child process (``python tests/faultserver.py``): it binds port 0,
prints its base URL on the first stdout line and serves until stdin closes.
:class:`FaultServer` does that from a test. Every route is deterministic; hits
per request target, their times and request headers are readable at
``/_stats``; ``/_control`` switches the robots.txt mode and bumps versions.

Bombs and big bodies are generated at start-up, so no large fixture is
committed. Routes (``<k>`` is any key a test picks, so counters do not mix):

===================================  =================================================
``/article/<k>``                     an article page (200, ETag, Last-Modified)
``/private/<k>``                     an article under a path robots.txt disallows
``/status/<code>/<k>``               that status, always
``/flaky/<k>?fail=N``                503 N times, then the article
``/intermittent/<k>``                the article, but every third request to any
                                     ``/intermittent/`` page is a 500
``/retry-after/<k>?value=V&form=F``  429 (``code=``) with Retry-After seconds or HTTP-date,
                                     once (``after=S``: answered S seconds late); then the article
``/trickle/<k>``                     Content-Length 10000, then 10 bytes a second
``/hang-after-headers/<k>``          headers, then nothing
``/hang/<k>``                        no answer at all
``/partial/<k>``                     Content-Length 1024, 16 bytes, close
``/nolength/<k>``                    an article with neither Content-Length nor chunking
``/big/<k>?mb=N&chunked=1``          N MiB of HTML (chunked or with a true Content-Length)
``/bomb/<enc>``                      64 MiB of zeros as gzip, deflate, br, zstd, gzip+gzip
``/loop/a``, ``/loop/b``             redirect to each other
``/chain/<n>``                       n redirects, then the article
``/redirect?to=URL``                 302 to URL (file:, localhost, 169.254.169.254 …)
``/cal/<y>/<m>``                     endless calendar: next/previous month links
``/page/<n>``                        endless pagination
``/grow?x=…``                        a link to a URL twice as long
``/section/<name>?page=N``           a listing page: articles, video, tracking params,
                                     off-site and private links, a next page
``/news/<yyyy>/<mm>/<slug>``         an article (listing targets)
``/charset/<case>``                  cp1252 sent as utf-8, BOM + wrong header, utf-16,
                                     meta only, gb18030
``/binary/<kind>``                   pdf, png, json, octet-stream, binary text/html
``/feeds/<rss2|atom|rss1>.xml``      one feed of each kind, three articles each
``/feed/<name>.xml``                 an RSS 2.0 feed linking the paths (or absolute URLs)
                                     registered with ``/_control?feed=<name>&u=PATH&u=…``;
                                     its ETag is its body's hash: 304 on If-None-Match
                                     (``/_control?feed_status=<name>&status=503``: that status;
                                     ``status=1``: no answer at all;
                                     ``/_control?feed_moved=<name>&to=PATH``: 301 to PATH;
                                     ``/_control?feed_validator=<name>&by=MODE``: ``lm``
                                     Last-Modified only, ``none`` no validator, ``no-store``
                                     Cache-Control: no-store and never a 304, ``regen`` a
                                     304 for any generation of its ETag, with a new one)
``/links/<n>/<k>``                   a listing page of n links to ``/l/<k>-<i>`` (no articles)
``/l/<k>-<i>``                        a listing page linking nothing
``/moving/<k>``                      an article (ETag); after ``/_control?move=k`` a 301 to
                                     ``/unvalidated/<k>``
``/unvalidated/<k>``                 304 to any If-None-Match or If-Modified-Since, else
                                     the article
``/hostile/sitemap.xml``             entries to count, not follow: an unreadable lastmod,
                                     too old, a duplicate, off host, other port, ftp, …
``/hostile/entities.xml``            feed links holding entities, bare "&" and CDATA
``/bigfeed/<n>.xml``                 an RSS feed of n items
``/sitemaps/index.xml``              index → news sitemap, gzipped sitemap, old sitemap
``/smindex/<k>.xml``                 an index of ``/smchild/<k>-0.xml`` and ``-1.xml`` (their
                                     <lastmod> fixed, or the time of ``/_control?touch=k``
                                     for ``-0``) and ``-2.xml`` (none); no validators
                                     (``?validated=1``: only the two dated children, and an
                                     ETag, its body's hash: 304 on If-None-Match)
``/smchild/<k>-<i>.xml``             a sitemap of ``/article/smc-<k>-<i>``; no validators
``/xml/<attack>``                    billion laughs / XXE (canary file) / external DTD
``/evil.dtd``                        the external DTD (its hits must stay 0)
``/versioned/<k>``                   an article whose text changes on ``/_control?bump=k``
``/vfeed/<k>.xml``                   an Atom feed whose entry's <updated> moves on a bump
``/aheadmap/<k>.xml``                a sitemap of /article/ahead-<k>-0..2, lastmod 5 h ahead
``/encfeed/<case>.xml``              an RSS feed whose encoding is mislabelled or only in the
                                     header (ENCODED_FEEDS); ``/enc/<slug>`` its articles
``/robotsmeta/<case>/<k>``           an article carrying an X-Robots-Tag header or a robots
                                     meta tag (ROBOTS_META)
===================================  =================================================

robots.txt modes (``/_control?robots=``): ``allow`` (default: ``Disallow: /private/``),
``disallow-bom``, ``500``, ``429``, ``404``, ``html``, ``timeout``, ``redirect-offhost``,
``redirect-relative`` / ``redirect-absolute`` (301 to ``/robots-target/…``, which disallows
``/article/robots-hidden``), ``redirect-loop``, ``crawl-delay`` (1 s),
``crawl-delay-long`` (40 s), ``sitemap``, ``named-block``
(``AcmeNewsBot`` disallowed everything, every other crawler allowed).
``/_control?bump=k`` changes ``/versioned/k``; ``/_control?touch=k`` only moves its feed's
<updated>; ``/_control?edit=k`` changes ``/versioned/k`` without moving it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import brotli

try:
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # Python < 3.14
    from backports import zstd  # type: ignore[no-redef]

BOMB_BYTES = 64 * 1024 * 1024
EPOCH = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

_WORDS = [
    "council",
    "harbour",
    "minister",
    "river",
    "freight",
    "union",
    "storm",
    "budget",
    "ferry",
    "school",
    "market",
    "grain",
    "village",
    "court",
    "election",
    "bridge",
    "police",
    "hospital",
    "museum",
    "festival",
    "airport",
    "railway",
    "energy",
    "farmers",
    "drought",
    "tariff",
    "summit",
    "treaty",
    "protest",
    "reform",
    "pension",
    "inflation",
    "coastal",
    "mountain",
    "region",
    "county",
    "mayor",
    "report",
    "evidence",
    "witness",
    "inquiry",
]


def article_text(key: str, version: int = 1) -> tuple[str, list[str]]:
    """A deterministic headline and paragraphs for ``key`` (different per key and version).

    A later version is an edit of the first: the same headline, one paragraph rewritten
    (a wholly new text under a new headline would be another story at the URL, stored as
    another article: docs/dedup.md, "A URL that now carries another story")."""
    rnd = random.Random(hashlib.sha256(f"{key}/1".encode()).digest())
    headline = " ".join(rnd.choice(_WORDS) for _ in range(7)).capitalize() + f" {key}"
    paragraphs = [_paragraph(rnd) for _ in range(6)]
    if version > 1:
        rewritten = random.Random(hashlib.sha256(f"{key}/{version}".encode()).digest())
        paragraphs[(version - 2) % len(paragraphs)] = _paragraph(rewritten)
    return headline, paragraphs


def _paragraph(rnd: random.Random) -> str:
    words = [rnd.choice(_WORDS) for _ in range(rnd.randint(35, 60))]
    return " ".join(words).capitalize() + "."


def article_html(
    key: str, version: int = 1, *, head: str = '<meta charset="utf-8">', headline: str | None = None
) -> str:
    title, paragraphs = article_text(key, version)
    title = headline or title
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head>{head}<title>{title}</title>'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="2026-01-05T12:00:00Z">'
        f'</head><body><header><nav><a href="/">Home</a></nav></header>'
        f'<main><article><h1>{title}</h1><p class="byline">By Ada Reporter</p>'
        f'<div class="article-body">{body}</div></article></main>'
        f"<footer>© Fault Gazette</footer></body></html>"
    )


def _http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


# /encfeed/<case>.xml: (XML declaration, the bytes' real encoding, Content-Type, article
# paths). "\udc81" is the lone byte 0x81 (surrogateescape), which no encoding tried reads.
ENCODED_FEEDS = {
    "utf8-said-latin1": (
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        "utf-8",
        "application/rss+xml",
        ["/enc/café-a"],
    ),
    "latin1-said-utf8": (
        '<?xml version="1.0" encoding="utf-8"?>',
        "latin-1",
        "application/rss+xml",
        ["/enc/zürich-b"],
    ),
    "cp1252-in-header": (
        "",
        "cp1252",
        "application/rss+xml; charset=windows-1252",
        ["/enc/zürich–c"],
    ),
    "undecodable-byte": (
        '<?xml version="1.0" encoding="utf-8"?>',
        "utf-8",
        "application/rss+xml",
        ["/enc/bad\udc81-d", "/enc/fine-d"],
    ),
}

# /robotsmeta/<case>/<k>: (X-Robots-Tag header or None, a <meta> tag for the head or "").
ROBOTS_META = {
    "header-noarchive": ("noarchive", ""),
    "header-token-none": ("newsagg: none", ""),
    "header-other-bot": ("otherbot: noindex, noarchive", ""),
    "header-unavailable-after": ("unavailable_after: 25 Jun 2010 15:00:00 PST", ""),
    "meta-noarchive": (None, '<meta name="robots" content="noarchive">'),
    "meta-noindex": (None, '<meta name="ROBOTS" content="noindex, nofollow">'),
    "meta-token-none": (None, '<meta name="newsagg" content="none">'),
    "meta-other-bot": (None, '<meta name="otherbot" content="noindex">'),
    "meta-nosnippet": (None, '<meta name="robots" content="nosnippet, max-snippet:0">'),
    "plain": (None, ""),
    # Review 48b F2: what only looks like a robots meta tag in the head.
    "meta-in-comment": (None, '<!-- staging: <meta name="robots" content="noindex"> -->'),
    "meta-in-script": (
        None,
        '<script>var t = \'<meta name="robots" content="noarchive">\';</script>',
    ),
    "meta-in-noscript": (None, '<noscript><meta name="robots" content="noarchive"></noscript>'),
    # Review 48b F6: an article's page 2 (listed as "?page=2"), as sites mark theirs.
    "later-page-noindex": (
        None,
        '<link rel="prev" href="?page=1"><meta name="robots" content="noindex, follow">',
    ),
}

# The feed_status that makes a feed give no answer at all.
HANG = 1


class State:
    def __init__(self) -> None:
        self.hits: dict[str, list[float]] = {}
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.counters: dict[str, int] = {}
        self.robots = "allow"
        self.versions: dict[str, int] = {}
        self.bumped_at: dict[str, datetime] = {}
        self.bytes_sent: dict[str, int] = {}
        folder = Path(tempfile.mkdtemp(prefix="faultserver-"))
        self.canary_token = "CANARY-" + uuid.uuid4().hex
        self.canary_path = folder / "canary.txt"
        self.canary_path.write_text(self.canary_token, encoding="utf-8")
        zeros = bytes(BOMB_BYTES)
        gz = gzip.compress(zeros, compresslevel=9, mtime=0)
        self.bombs = {
            "gzip": ("gzip", gz),
            "deflate": ("deflate", zlib.compress(zeros, 9)),
            "br": ("br", brotli.compress(zeros, quality=5)),
            "zstd": ("zstd", zstd.compress(zeros)),
            "gzip+gzip": ("gzip, gzip", gzip.compress(gz, mtime=0)),
        }
        self.feeds: dict[str, list[str]] = {}
        self.feed_status: dict[str, int] = {}
        self.feed_moved: dict[str, str] = {}
        self.feed_validator: dict[str, str] = {}
        self.moved: set[str] = set()


class Handler:
    def __init__(
        self, state: State, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, base: str
    ) -> None:
        self.state = state
        self.reader = reader
        self.writer = writer
        self.base = base

    # -- plumbing --

    async def handle(self) -> None:
        try:
            line = await self.reader.readline()
            if not line:
                return
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers: dict[str, str] = {}
            while True:
                raw = await self.reader.readline()
                if raw in (b"\r\n", b"\n", b""):
                    break
                name, _, value = raw.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.method, self.target, self.request_headers = method, target, headers
            parts = urlsplit(target)
            self.path, self.query = parts.path, parse_qs(parts.query)
            if not self.path.startswith("/_"):
                self.state.hits.setdefault(target, []).append(time.time())
                self.state.headers.setdefault(target, []).append(headers)
            await self.dispatch()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                self.writer.close()

    def head(
        self, status: int, headers: dict[str, str] | None = None, length: int | None = None
    ) -> bytes:
        reason = {
            200: "OK",
            301: "Moved Permanently",
            302: "Found",
            304: "Not Modified",
            404: "Not Found",
            410: "Gone",
            429: "Too Many Requests",
            500: "Internal Server Error",
            503: "Service Unavailable",
        }.get(status, "Status")
        lines = [
            f"HTTP/1.1 {status} {reason}",
            "Connection: close",
            f"Date: {_http_date(datetime.now(UTC))}",
        ]
        if length is not None:
            lines.append(f"Content-Length: {length}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def send(
        self,
        status: int,
        body: bytes | str = b"",
        ctype: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        extra = dict(headers or {})
        if ctype:
            extra.setdefault("Content-Type", ctype)
        self.writer.write(
            self.head(status, extra, len(data)) + (b"" if self.method == "HEAD" else data)
        )
        await self.writer.drain()

    async def send_validated(self, body: str, ctype: str, by: str = "etag") -> None:
        """200 with an ETag (the body's hash), or 304 when the request's If-None-Match holds
        it; ``by`` another way (see ``feed_validator`` in the module's docstring)."""
        digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
        etag = f'"{digest}"'
        validators = {"ETag": etag}
        asked = self.request_headers.get("if-none-match") == etag
        if by == "lm":
            validators = {"Last-Modified": _http_date(EPOCH)}
            asked = self.request_headers.get("if-modified-since") == _http_date(EPOCH)
        elif by == "none":
            validators, asked = {}, False
        elif by == "no-store":
            validators, asked = {"ETag": etag, "Cache-Control": "no-store"}, False
        elif by == "regen":
            validators = {"ETag": f'"{digest}-regen"'}
            asked = self.request_headers.get("if-none-match", "").startswith(f'"{digest}')
        if asked:
            await self.send(304, b"", None, validators)
            return
        await self.send(200, body, ctype, validators)

    async def redirect(self, location: str, status: int = 302) -> None:
        await self.send(status, b"", None, {"Location": location})

    def key(self, index: int = 2) -> str:
        parts = self.path.split("/")
        return parts[index] if len(parts) > index else ""

    def q(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]

    async def hang(self) -> None:
        # Until the client gives up; the test's crawl has a short download timeout.
        with contextlib.suppress(Exception):
            await self.reader.read()

    # -- routes --

    async def dispatch(self) -> None:
        p = self.path
        first = p.split("/")[1] if p.count("/") >= 1 else ""
        route = getattr(self, "r_" + first.replace("-", "_").replace(".", "_"), None)
        if p == "/robots.txt":
            await self.r_robots()
        elif p == "/evil.dtd":
            await self.send(200, '<!ENTITY xxe "dtd-was-fetched">', "application/xml-dtd")
        elif route is not None:
            await route()
        else:
            await self.send(404, "<html><body>not found</body></html>")

    async def r__stats(self) -> None:
        state = self.state
        body = {
            "hits": {t: len(v) for t, v in state.hits.items()},
            "times": state.hits,
            "headers": state.headers,
            "bytes_sent": state.bytes_sent,
            "canary": {"path": str(state.canary_path), "token": state.canary_token},
        }
        await self.send(200, json.dumps(body), "application/json")

    async def r__control(self) -> None:
        if "robots" in self.query:
            self.state.robots = self.q("robots")
        if "bump" in self.query:
            key = self.q("bump")
            self.state.versions[key] = self.state.versions.get(key, 1) + 1
            self.state.bumped_at[key] = datetime.now(UTC)
        if "feed" in self.query:  # register /feed/<name>.xml listing the u= paths
            self.state.feeds[self.q("feed")] = self.query.get("u", [])
        if "feed_status" in self.query:  # /feed/<name>.xml answers this status (0: its feed;
            # HANG: no answer)
            self.state.feed_status[self.q("feed_status")] = int(self.q("status", "0"))
        if "feed_moved" in self.query:  # /feed/<name>.xml redirects (301) to this path
            self.state.feed_moved[self.q("feed_moved")] = self.q("to")
        if "feed_validator" in self.query:  # how /feed/<name>.xml validates (send_validated)
            self.state.feed_validator[self.q("feed_validator")] = self.q("by")
        if "touch" in self.query:  # the feed says "updated", the page stays the same
            self.state.bumped_at[self.q("touch")] = datetime.now(UTC)
        if "edit" in self.query:  # the page changes, its feed does not say so
            key = self.q("edit")
            self.state.versions[key] = self.state.versions.get(key, 1) + 1
        if "move" in self.query:  # /moving/<k> redirects (301) to /unvalidated/<k>
            self.state.moved.add(self.q("move"))
        if "reset" in self.query:
            self.state.hits.clear()
            self.state.headers.clear()
            self.state.counters.clear()
            self.state.bytes_sent.clear()
        await self.send(200, "ok", "text/plain")

    async def r_robots(self) -> None:
        mode = self.state.robots
        text = {
            "allow": "User-agent: *\nDisallow: /private/\n",
            "crawl-delay": "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n",
            "crawl-delay-long": "User-agent: *\nCrawl-delay: 40\nDisallow: /private/\n",
            "sitemap": (
                f"User-agent: *\nDisallow: /private/\n\nSitemap: {self.base}/sitemaps/index.xml\n"
            ),
            "named-block": "User-agent: AcmeNewsBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        }
        if mode in text:
            await self.send(200, text[mode], "text/plain; charset=utf-8")
        elif mode == "disallow-bom":
            await self.send(200, "\ufeffUser-agent: *\nDisallow: /\n".encode("utf-8"), "text/plain")
        elif mode in ("500", "429", "404"):
            await self.send(int(mode), f"<html><body>robots {mode}</body></html>")
        elif mode == "html":
            await self.send(
                200,
                "<!doctype html><html><head><title>Welcome</title></head>"
                "<body><h1>Welcome</h1><p>Our site</p></body></html>",
            )
        elif mode == "timeout":
            await self.hang()
        elif mode == "redirect-offhost":
            port = urlsplit(self.base).port
            await self.redirect(f"http://localhost:{port}/robots-elsewhere.txt")
        elif mode == "redirect-relative":
            await self.redirect("/robots-target/relative.txt", 301)
        elif mode == "redirect-absolute":
            await self.redirect(f"{self.base}/robots-target/absolute.txt", 301)
        elif mode == "redirect-loop":
            await self.redirect("/robots-target/loop.txt", 301)
        else:
            await self.send(500, "unknown robots mode")

    async def r_robots_target(self) -> None:
        """Where the redirect-* robots.txt modes lead: rules, or back to /robots.txt."""
        if self.path == "/robots-target/loop.txt":
            await self.redirect("/robots.txt", 301)
            return
        rules = "User-agent: *\nDisallow: /private/\nDisallow: /article/robots-hidden\n"
        await self.send(200, rules, "text/plain; charset=utf-8")

    async def r_article(self) -> None:
        key = self.key()
        await self.send(
            200,
            article_html(key),
            headers={"ETag": f'"{key}-1"', "Last-Modified": _http_date(EPOCH)},
        )

    r_private = r_article

    async def r_news(self) -> None:
        await self.send(200, article_html(self.path.rsplit("/", 1)[-1]))

    async def r_status(self) -> None:
        code = int(self.key())
        await self.send(code, f"<html><body><h1>Status {code}</h1></body></html>")

    def count(self) -> int:
        key = self.path
        self.state.counters[key] = self.state.counters.get(key, 0) + 1
        return self.state.counters[key]

    async def r_flaky(self) -> None:
        if self.count() <= int(self.q("fail", "2")):
            await self.send(int(self.q("code", "503")), "<html><body>try again</body></html>")
        else:
            await self.send(200, article_html("flaky-" + self.key()))

    async def r_intermittent(self) -> None:
        # Every third request to any /intermittent/ page fails: one count for them all.
        self.state.counters["intermittent"] = self.state.counters.get("intermittent", 0) + 1
        if self.state.counters["intermittent"] % 3 == 0:
            await self.send(500, "<html><body>busy</body></html>")
        else:
            await self.send(200, article_html("intermittent-" + self.key()))

    async def r_retry_after(self) -> None:
        if self.count() == 1:
            # A slow server's answer: which of two crawls' answers comes first.
            await asyncio.sleep(float(self.q("after", "0")))
            value = int(self.q("value", "2"))
            if self.q("form", "seconds") == "date":
                when = datetime.now(UTC) + timedelta(seconds=value)
                header = _http_date(when)
            else:
                header = str(value)
            await self.send(
                int(self.q("code", "429")),
                "<html><body>slow down</body></html>",
                headers={"Retry-After": header},
            )
        else:
            await self.send(200, article_html("retry-" + self.key()))

    async def r_trickle(self) -> None:
        self.writer.write(self.head(200, {"Content-Type": "text/html"}, 10000))
        for _ in range(10000):
            self.writer.write(b" ")
            await self.writer.drain()
            await asyncio.sleep(0.1)

    async def r_links(self) -> None:
        key = self.key(3)
        links = "".join(f'<a href="/l/{key}-{i}">x</a>' for i in range(int(self.key())))
        await self.send(200, f"<html><body>{links}</body></html>")

    async def r_l(self) -> None:
        await self.send(200, f"<html><body><h1>List {self.key()}</h1></body></html>")

    async def r_moving(self) -> None:
        key = self.key()
        if key in self.state.moved:
            await self.redirect(f"/unvalidated/{key}", 301)
            return
        await self.send(200, article_html(f"moving-{key}"), headers={"ETag": f'"moving-{key}"'})

    async def r_unvalidated(self) -> None:
        key = self.key()
        if {"if-none-match", "if-modified-since"} & set(self.request_headers):
            await self.send(304, b"", None, {"ETag": f'"unvalidated-{key}"'})
            return
        html = article_html(f"unvalidated-{key}")
        await self.send(200, html, headers={"ETag": f'"unvalidated-{key}"'})

    async def r_hang_after_headers(self) -> None:
        self.writer.write(self.head(200, {"Content-Type": "text/html"}, 5000))
        await self.writer.drain()
        await self.hang()

    async def r_hang(self) -> None:
        await self.hang()

    async def r_partial(self) -> None:
        self.writer.write(self.head(200, {"Content-Type": "text/html"}, 1024) + b"<html><body><p>")
        await self.writer.drain()

    async def r_nolength(self) -> None:
        self.writer.write(self.head(200, {"Content-Type": "text/html; charset=utf-8"}, None))
        self.writer.write(article_html("nolength-" + self.key()).encode())
        await self.writer.drain()

    async def r_big(self) -> None:
        size = int(float(self.q("mb", "8")) * 1024 * 1024)
        chunked = self.q("chunked", "0") == "1"
        chunk = (b"<p>" + b"filler " * 9000 + b"</p>\n")[: 64 * 1024]
        sent = 0
        headers = {"Content-Type": "text/html"}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        self.writer.write(self.head(200, headers, None if chunked else size))
        try:
            while sent < size:
                piece = chunk[: size - sent]
                self.writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                await self.writer.drain()
                sent += len(piece)
                self.state.bytes_sent[self.target] = sent
            if chunked:
                self.writer.write(b"0\r\n\r\n")
                await self.writer.drain()
        except ConnectionError:
            pass

    async def r_bomb(self) -> None:
        encoding, body = self.state.bombs[self.path.split("/", 2)[2]]
        await self.send(200, body, "text/html; charset=utf-8", {"Content-Encoding": encoding})

    async def r_loop(self) -> None:
        await self.redirect("/loop/b" if self.key() == "a" else "/loop/a")

    async def r_chain(self) -> None:
        n = int(self.key())
        if n <= 0:
            await self.send(200, article_html("chain-end"))
        else:
            await self.redirect(f"/chain/{n - 1}")

    async def r_redirect(self) -> None:
        await self.redirect(self.q("to"))

    async def r_cal(self) -> None:
        parts = self.path.strip("/").split("/")
        year, month = int(parts[1]), int(parts[2])
        nxt = (year + (month // 12), month % 12 + 1)
        prev = (year - (month == 1), (month - 2) % 12 + 1)
        links = (
            f'<a href="/cal/{nxt[0]}/{nxt[1]:02d}">next month</a> '
            f'<a href="/cal/{prev[0]}/{prev[1]:02d}">previous month</a> '
            f'<a href="/news/{year}/{month:02d}/cal-story-{year}-{month:02d}-x">story</a>'
        )
        await self.send(200, f"<html><body><h1>{year}-{month}</h1>{links}</body></html>")

    async def r_page(self) -> None:
        n = int(self.key())
        links = (
            f'<a href="/page/{n + 1}">next</a> '
            f'<a href="/news/2026/01/page-story-number-{n}">story {n}</a>'
        )
        await self.send(200, f"<html><body><h1>Page {n}</h1>{links}</body></html>")

    async def r_grow(self) -> None:
        x = self.q("x", "a")
        await self.send(200, f'<html><body><a href="/grow?x={quote(x + x)}">more</a></body></html>')

    async def r_section(self) -> None:
        name, page = self.key(), int(self.q("page", "1"))
        port = urlsplit(self.base).port
        items = [
            f'<a href="/news/2026/01/{name}-story-one-p{page}'
            '?utm_source=home&amp;utm_medium=x">One</a>',
            f'<a href="/news/2026/01/{name}-story-two-p{page}#comments">Two</a>',
            f'<a href="/news/video/2026/01/{name}-clip-p{page}">Video</a>',
            f'<a href="/private/{name}-secret-p{page}-with-long-slug-here">Private</a>',
            f'<a href="http://localhost:{port}/news/2026/01/offsite-{name}">Elsewhere</a>',
            '<a href="javascript:alert(1)">js</a>',
            '<a href="mailto:desk@example.com">mail</a>',
            f'<a href="/section/{name}?page={page + 1}">Next page</a>',
        ]
        await self.send(200, f"<html><body><h1>{name} {page}</h1>{' '.join(items)}</body></html>")

    async def r_charset(self) -> None:
        case = self.key()
        headline = "Café owners fear Windräder plan – “a disaster”"
        page = article_html("charset-" + case, headline=headline, head="")
        if case == "cp1252-as-utf8":
            await self.send(200, page.encode("cp1252"), "text/html; charset=utf-8")
        elif case == "bom-wrong-header":
            await self.send(
                200, b"\xef\xbb\xbf" + page.encode("utf-8"), "text/html; charset=iso-8859-1"
            )
        elif case == "utf16":
            await self.send(200, page.encode("utf-16"), "text/html; charset=utf-16")
        elif case == "meta-only":
            html = page.replace("<head>", '<head><meta charset="windows-1252">', 1)
            await self.send(200, html.encode("cp1252"), "text/html")
        elif case == "gb18030":
            html = article_html("charset-gb", headline="北京市政府发布新的交通计划", head="")
            await self.send(200, html.encode("gb18030"), "text/html; charset=gb18030")
        else:
            await self.send(404, "no such case")

    async def r_binary(self) -> None:
        kind = self.key()
        bodies = {
            "pdf": (
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + bytes(2000),
                "application/pdf",
            ),
            "png": (b"\x89PNG\r\n\x1a\n" + bytes(2000), "image/png"),
            "json": (
                json.dumps({"headline": "not a page", "body": ["x"] * 50}).encode(),
                "application/json",
            ),
            "octet": (bytes(range(256)) * 8, "application/octet-stream"),
            "html-binary": (b"\x00\x01\x02\x03GIF89a" + bytes(range(256)) * 8, "text/html"),
        }
        body, ctype = bodies[kind]
        await self.send(200, body, ctype)

    async def r_feeds(self) -> None:
        kind = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        links = [f"{self.base}/article/feed-{kind}-{i}" for i in range(3)]
        if kind == "rss2":
            items = "".join(
                f"<item><title>Feed title {kind} {i}</title><link>{u}</link>"
                "<pubDate>Mon, 05 Jan 2026 12:00:00 GMT</pubDate>"
                "<author>ed@example.com (Feed Author)</author></item>"
                for i, u in enumerate(links)
            )
            body = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                f"<language>en-gb</language>{items}</channel></rss>"
            )
        elif kind == "atom":
            items = "".join(
                f'<entry><title>Feed title {kind} {i}</title><link href="{u}"/><id>{u}</id>'
                "<updated>2026-01-05T12:00:00Z</updated>"
                "<author><name>Feed Author</name></author></entry>"
                for i, u in enumerate(links)
            )
            body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{items}</feed>'
        else:
            items = "".join(
                f'<item rdf:about="{u}"><title>Feed title {kind} {i}</title><link>{u}</link>'
                "<dc:date>2026-01-05T12:00:00Z</dc:date>"
                "<dc:creator>Feed Author</dc:creator></item>"
                for i, u in enumerate(links)
            )
            body = (
                '<?xml version="1.0"?>'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<channel rdf:about="{self.base}/"><title>F</title></channel>{items}</rdf:RDF>'
            )
        await self.send(200, body, "application/xml")

    async def r_aheadmap(self) -> None:
        key = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        ahead = (datetime.now(UTC) + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        urls = "".join(
            f"<url><loc>{self.base}/article/ahead-{key}-{i}</loc><lastmod>{ahead}</lastmod></url>"
            for i in range(3)
        )
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        await self.send(200, f"<urlset {ns}>{urls}</urlset>", "application/xml")

    async def r_encfeed(self) -> None:
        case = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        declaration, encoding, ctype, paths = ENCODED_FEEDS[case]
        items = "".join(
            f"<item><title>Zürich café {i}</title><link>{self.base}{p}</link></item>"
            for i, p in enumerate(paths)
        )
        body = (
            f'<rss version="2.0"><channel><title>Encodings</title>{items}</channel></rss>'
        ).encode(encoding, "surrogateescape")
        await self.send(200, declaration.encode("ascii") + body, ctype)

    async def r_robotsmeta(self) -> None:
        header, tag = ROBOTS_META[self.key()]
        key = f"robotsmeta-{self.key()}-{self.key(3)}"
        html = article_html(key, head=f'<meta charset="utf-8">{tag}')
        await self.send(200, html, headers={"X-Robots-Tag": header} if header else None)

    async def r_enc(self) -> None:
        await self.send(200, article_html(self.key()))

    async def r_feed(self) -> None:
        name = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        if status := self.state.feed_status.get(name):
            if status == HANG:
                await self.hang()
            else:
                await self.send(status, f"<html><body>{status}</body></html>")
            return
        if moved := self.state.feed_moved.get(name):
            await self.redirect(moved, 301)
            return
        items = "".join(
            f"<item><title>Item {i}</title>"
            f"<link>{'' if u.startswith('http') else self.base}{u}</link></item>"
            for i, u in enumerate(self.state.feeds.get(name, []))
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            f"{items}</channel></rss>"
        )
        await self.send_validated(
            body, "application/rss+xml", self.state.feed_validator.get(name, "etag")
        )

    async def r_sitemaps(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        now = datetime.now(UTC)
        fresh = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        old = (now - timedelta(days=400)).strftime("%Y-%m-%d")
        if name == "index.xml":
            children = [("news.xml", fresh), ("gz.xml.gz", fresh), ("old.xml", old)]
            body = (
                f'<?xml version="1.0"?><sitemapindex {ns}>'
                + "".join(
                    f"<sitemap><loc>{self.base}/sitemaps/{c}</loc><lastmod>{d}</lastmod></sitemap>"
                    for c, d in children
                )
                + "</sitemapindex>"
            )
            await self.send(200, body, "application/xml")
        elif name == "news.xml":
            urls = "".join(
                f"<url><loc>{self.base}/article/sm-news-{i}</loc><news:news><news:publication>"
                "<news:name>Fault Gazette</news:name><news:language>en</news:language>"
                "</news:publication>"
                f"<news:publication_date>{fresh}</news:publication_date>"
                f"<news:title>News sitemap title {i}</news:title></news:news></url>"
                for i in range(2)
            )
            urls += (
                f"<url><loc>{self.base}/article/sm-news-stale</loc><news:news>"
                f"<news:publication_date>{old}</news:publication_date></news:news></url>"
            )
            body = (
                f'<?xml version="1.0"?><urlset {ns} '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
            )
            await self.send(200, body, "application/xml")
        elif name == "gz.xml.gz":
            urls = "".join(
                f"<url><loc>{self.base}/article/sm-gz-{i}</loc><lastmod>{fresh}</lastmod></url>"
                for i in range(2)
            )
            body = gzip.compress(
                f'<?xml version="1.0"?><urlset {ns}>{urls}</urlset>'.encode(), mtime=0
            )
            await self.send(200, body, "application/x-gzip")
        elif name == "old.xml":
            body = (
                f'<?xml version="1.0"?><urlset {ns}><url><loc>{self.base}/article/sm-old-0</loc>'
                f"<lastmod>{old}</lastmod></url></urlset>"
            )
            await self.send(200, body, "application/xml")
        else:
            await self.send(404, "no sitemap")

    async def r_smindex(self) -> None:
        key = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        moved = self.state.bumped_at.get(key)
        first = (moved or EPOCH).isoformat(timespec="microseconds").replace("+00:00", "Z")
        dates = [f"<lastmod>{first}</lastmod>", f"<lastmod>{EPOCH.date()}</lastmod>", ""]
        validated = self.q("validated") == "1"
        children = "".join(
            f"<sitemap><loc>{self.base}/smchild/{key}-{i}.xml</loc>{date}</sitemap>"
            for i, date in enumerate(dates[:2] if validated else dates)
        )
        body = f'<?xml version="1.0"?><sitemapindex {ns}>{children}</sitemapindex>'
        if validated:
            await self.send_validated(body, "application/xml")
        else:
            await self.send(200, body, "application/xml")

    async def r_smchild(self) -> None:
        name = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        url = f"<url><loc>{self.base}/article/smc-{name}</loc></url>"
        await self.send(200, f'<?xml version="1.0"?><urlset {ns}>{url}</urlset>', "application/xml")

    async def r_hostile(self) -> None:
        """Discovery documents with entries a crawl must count rather than follow."""
        name = self.path.rsplit("/", 1)[-1]
        now = datetime.now(UTC)
        fresh = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        old = (now - timedelta(days=400)).strftime("%Y-%m-%d")
        port = int(self.base.rsplit(":", 1)[1])
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        if name == "sitemap.xml":
            entries = [
                ("/article/hs-bad-date", "0001-01-01T00:00:00+00:01"),
                ("/article/hs-fresh-0", fresh),
                ("/article/hs-fresh-1", fresh),
                ("/article/hs-fresh-0", fresh),  # listed twice
                ("/article/hs-old", old),
                ("/article/hs-future", "2999-01-01"),
                ("/article/hs-" + "x" * 400, fresh),  # over max_url_length
            ]
            urls = "".join(
                f"<url><loc>{self.base}{path}</loc><lastmod>{date}</lastmod></url>"
                for path, date in entries
            )
            urls += (
                f"<url><loc>ftp://127.0.0.1:{port}/article/hs-ftp</loc></url>"
                f"<url><loc>http://localhost:{port}/article/hs-other-host</loc></url>"
                f"<url><loc>http://127.0.0.1:{port + 1}/article/hs-other-port</loc></url>"
                f"<url><loc>http://127.0.0.1:99999/article/hs-bad-port</loc></url>"
                "<url><lastmod>2026-01-01</lastmod></url>"
            )
            body = f'<?xml version="1.0"?><urlset {ns}>{urls}</urlset>'
            await self.send(200, body, "application/xml")
        elif name == "entities.xml":
            items = "".join(
                f"<item><title>{title}</title><link>{link}</link></item>"
                for title, link in (
                    ("Caf&eacute;", f"{self.base}/article/ent-&section;-story"),
                    ("Bare", f"{self.base}/article/ent-bare?a=1&b=2"),
                    ("CDATA", f"<![CDATA[{self.base}/article/ent-cdata?a=1&b=2]]>"),
                    ("External", f"{self.base}/article/ent-&ext;-tail"),
                    ("Plain", f"{self.base}/article/ent-plain"),
                )
            )
            body = (
                '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY section "world">'
                '<!ENTITY ext SYSTEM "file:///nonexistent/newsagg-canary">]>'
                f'<rss version="2.0"><channel><title>E</title>{items}</channel></rss>'
            )
            await self.send(200, body, "application/rss+xml")
        else:
            await self.send(404, "no such document")

    async def r_bigfeed(self) -> None:
        """An RSS feed of N items (``/bigfeed/N.xml``), each linking ``/article/big-<i>``."""
        count = int(self.path.rsplit("/", 1)[-1].removesuffix(".xml"))
        head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.base}/article/big-{i}</link>"
            "<pubDate>Mon, 05 Jan 2026 12:00:00 GMT</pubDate></item>"
            for i in range(count)
        )
        await self.send(200, head + items + "</channel></rss>", "application/rss+xml")

    async def r_xml(self) -> None:
        name = self.key()
        canary = self.state.canary_path.as_uri()
        laughs = (
            '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
            + "".join(
                f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                for i in range(1, 10)
            )
            + "]>"
        )
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        docs = {
            "laughs-sitemap.xml": f'<?xml version="1.0"?>{laughs}<urlset {ns}>'
            f"<url><loc>{self.base}/article/laughs-&lol9;</loc></url>"
            f"<url><loc>{self.base}/article/after-laughs</loc></url></urlset>",
            "laughs-feed.xml": f'<?xml version="1.0"?>{laughs}<rss version="2.0"><channel>'
            "<title>&lol9;</title>"
            f"<item><title>&lol9;</title><link>{self.base}/article/feed-after-laughs</link></item>"
            "</channel></rss>",
            "xxe-sitemap.xml": '<?xml version="1.0"?>'
            f'<!DOCTYPE u [<!ENTITY xxe SYSTEM "{canary}">]>'
            f"<urlset {ns}><url><loc>{self.base}/article/xxe-&xxe;</loc></url>"
            f"<url><loc>{self.base}/article/xxe-sitemap-ok</loc></url></urlset>",
            "xxe-feed.xml": f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{canary}">]>'
            f'<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
            f"<link>{self.base}/article/xxe-feed-&xxe;</link></item>"
            f"<item><title>ok</title><link>{self.base}/article/xxe-feed-ok</link></item>"
            "</channel></rss>",
            "dtd-sitemap.xml": '<?xml version="1.0"?>'
            f'<!DOCTYPE urlset SYSTEM "{self.base}/evil.dtd">'
            f"<urlset {ns}><url><loc>{self.base}/article/dtd-&xxe;</loc></url>"
            f"<url><loc>{self.base}/article/dtd-sitemap-ok</loc></url></urlset>",
            "dtd-feed.xml": f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{self.base}/evil.dtd">'
            f'<rss version="2.0"><channel><title>&xxe;</title>'
            f"<item><title>ok</title><link>{self.base}/article/dtd-feed-ok</link></item>"
            "</channel></rss>",
        }
        await self.send(200, docs[name], "application/xml")

    async def r_versioned(self) -> None:
        key = self.key()
        version = self.state.versions.get(key, 1)
        etag = f'"{key}-v{version}"'
        if self.request_headers.get("if-none-match") == etag:
            await self.send(304, b"", None, {"ETag": etag})
            return
        await self.send(200, article_html("versioned-" + key, version), headers={"ETag": etag})

    async def r_vfeed(self) -> None:
        key = self.path.rsplit("/", 1)[-1].removesuffix(".xml")
        # The bump's own instant, to the microsecond: later than any fetch before the bump
        # and not ahead of a crawl after it. (Whole seconds rounded up were ahead of a crawl
        # started within the same second, which discovery rightly does not count yet.)
        updated = self.state.bumped_at.get(key) or EPOCH
        stamp = updated.isoformat(timespec="microseconds").replace("+00:00", "Z")
        url = f"{self.base}/versioned/{key}"
        body = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>V</title>'
            f'<entry><title>Versioned {key}</title><link href="{url}"/><id>{url}</id>'
            f"<updated>{stamp}</updated></entry></feed>"
        )
        await self.send(200, body, "application/atom+xml")


async def serve() -> None:
    state = State()
    holder: dict[str, str] = {}

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await Handler(state, reader, writer, holder["base"]).handle()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0, limit=1 << 20)
    port = server.sockets[0].getsockname()[1]
    holder["base"] = f"http://127.0.0.1:{port}"
    print(holder["base"], flush=True)
    loop = asyncio.get_running_loop()
    # Serve until the parent closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


class FaultServer:
    """The fault server in a child process: ``with FaultServer() as fs: fs.url``."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> FaultServer:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://"):
            raise RuntimeError("fault server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def get(self, path: str) -> bytes:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.url + path, timeout=5) as response:
            return response.read()

    def stats(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.get("/_stats"))

    def control(self, **params: str) -> None:
        self.control_many(list(params.items()))

    def control_many(self, params: list[tuple[str, str]]) -> None:
        from urllib.parse import urlencode

        self.get("/_control?" + urlencode(params))


if __name__ == "__main__":
    asyncio.run(serve())
