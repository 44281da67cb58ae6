"""A tiny HTTP server on 127.0.0.1 serving what a test puts in it, counting hits
(``PageServer("127.0.0.2")``: another host, for cross-host cases).

``with PageServer() as server:`` binds port 0 and serves from a thread;
``server.put(path, body, content_type=…, status=…, headers=…)`` sets a route
(the path with its query, as requested), ``server.url(path)`` is its address
and ``server.hits(path)`` how often it was requested (``server.requests``: each
request's path and headers). A route whose body is a
callable is called with the request's headers and returns ``(status,
headers, body)``; for a slow answer, ``trickle=`` chunks are sent one a
second after headers naming ``Content-Length``.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

# A route computed per request: called with the request's headers, it answers
# (status, headers, body), for a site whose answer depends on who asks (a user
# agent refused, a consent cookie, a 429 now and then, a conditional GET).
Answer = Callable[[dict[str, str]], tuple[int, dict[str, str], bytes | str]]


@dataclass
class Route:
    status: int = 200
    body: bytes | Answer = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    trickle: Iterable[bytes] | None = None  # chunks sent one a second (slow-loris server)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        owner = self.server.owner
        with owner.lock:
            owner.counts[self.path] += 1
            owner.agents.append(self.headers.get("User-Agent", ""))
            owner.requests.append((self.path, dict(self.headers.items())))
            route = owner.routes.get(self.path)
        if route is None:
            route = Route(404, b"<html><body>not found</body></html>")
        status, headers, body = route.status, route.headers, route.body
        if callable(body):
            status, headers, answer = body(dict(self.headers.items()))
            body = answer.encode("utf-8") if isinstance(answer, str) else answer
        self.send_response(status)
        self.send_header("Connection", "close")
        if route.content_type and "Content-Type" not in headers:
            self.send_header("Content-Type", route.content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if route.trickle is not None:
            chunks = list(route.trickle)
            self.send_header("Content-Length", str(sum(len(c) for c in chunks) + 1))
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
                if owner.stopped.wait(1.0):
                    return
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: PageServer, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.owner = owner

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up early (a refused or timed-out fetch) is expected


class PageServer:
    """Serves ``routes`` on 127.0.0.1 (or another loopback ``host``) from a daemon thread."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.counts: Counter[str] = Counter()
        self.agents: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, request headers)
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self._server = _Server(self, host)
        self.port = self._server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()

    def put(
        self,
        path: str,
        body: bytes | str | Answer = b"",
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        trickle: Iterable[bytes] | None = None,
    ) -> str:
        """Serve ``body`` at ``path``; returns the route's URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            self.routes[path] = Route(status, data, content_type, dict(headers or {}), trickle)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.put(path, content_type="", status=status, headers={"Location": location})

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self.lock:
            return self.counts[path]

    def total_hits(self) -> int:
        with self.lock:
            return sum(self.counts.values())


@dataclass(frozen=True)
class FeedCrawl:
    """What ``crawl_feed`` ran: the crawl process, its config and database."""

    result: subprocess.CompletedProcess[str]
    config: Path
    db: Path


def crawl_feed(
    server: PageServer, home: Path, urls: list[str], source: str = "pages", *args: str
) -> FeedCrawl:
    """Serve an RSS feed linking ``urls`` and crawl it once (``aggregator crawl`` in a child
    process) as source ``source``, with no delay and no robots.txt, into ``home``; ``args``
    go before the command (``--log-level INFO``)."""
    from conftest import run_cli

    items = "".join(f"<item><title>t</title><link>{url}</link></item>" for url in urls)
    feed = server.put(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    db, config = home / "news.db", home / "config.yaml"
    crawled = {
        "name": source,
        "feeds": [feed],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    config.write_text(json.dumps({"database": str(db), "sources": [crawled]}), encoding="utf-8")
    result = run_cli("--config", str(config), *args, "crawl", source, timeout=120)
    return FeedCrawl(result, config, db)
