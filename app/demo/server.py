"""HTTP serving of the demo network: one stdlib server per outlet on loopback.

Every page is rendered once at start-up (the base URL, hence the port, is only
known then) into an immutable route table, so request handling is a dict
lookup plus conditional-GET checks and never fails halfway through a page.
Servers run ``serve_forever`` in daemon threads so a forgotten network cannot
keep a test run or the CLI from exiting.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from urllib.parse import urlsplit

from app.demo import feeds, templates
from app.demo.content import (
    SITE_EPOCH,
    OutletSpec,
    articles_of,
    outlet_base_url,
    outlet_spec,
    outlet_specs,
)

HEALTH_PATH = "/_demo/health"
HEALTH_MARK = "newsagg"
HTML_TYPE = "text/html; charset=utf-8"
_NOT_FOUND = b"<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>\n"
# Tried this many random bases before giving up when base_port == 0.
_PORT_ATTEMPTS = 50
_RANDOM_PORT_RANGE = (20000, 60000)


class DemoNetworkError(RuntimeError):
    """The demo network could not be started (for instance, a port is taken)."""


@dataclass(frozen=True)
class Resource:
    """One pre-rendered response."""

    body: bytes
    content_type: str
    last_modified: datetime
    etag: str

    @classmethod
    def make(cls, text: str, content_type: str, last_modified: datetime) -> Resource:
        body = text.encode("utf-8")
        stamp = last_modified.astimezone(UTC).replace(microsecond=0)
        return cls(body, content_type, stamp, '"' + hashlib.sha1(body).hexdigest()[:24] + '"')


@dataclass(frozen=True)
class Outlet:
    """Where one running (or planned) outlet lives."""

    name: str
    site_name: str
    kind: str
    base_url: str
    feed_url: str
    sitemap_url: str
    home_url: str
    robots_url: str

    @classmethod
    def at(cls, spec: OutletSpec, base_port: int, host: str = "127.0.0.1") -> Outlet:
        base = outlet_base_url(spec.name, base_port, host)
        return cls(
            spec.name,
            spec.site_name,
            spec.kind,
            base,
            base + spec.feed.path,
            base + "/sitemap.xml",
            base + "/",
            base + "/robots.txt",
        )


def discovery_urls(name: str, base_port: int, host: str = "127.0.0.1") -> dict[str, list[str]]:
    """Discovery URLs a source with ``demo_outlet: name`` crawls from (pure).

    Outlets differ on purpose so that every discovery kind is exercised: the
    wire and the county paper give a feed, the metro daily a news sitemap, the
    island site both, and the city paper only its paginated home page.
    """
    spec = outlet_spec(name)
    outlet = Outlet.at(spec, base_port, host)
    return {
        "feeds": [outlet.feed_url] if "feeds" in spec.discovery else [],
        "sitemaps": [outlet.sitemap_url] if "sitemaps" in spec.discovery else [],
        "start_pages": [outlet.home_url] if "start_pages" in spec.discovery else [],
    }


# --- route tables ------------------------------------------------------------------


def build_routes(spec: OutletSpec, base: str) -> dict[str, Resource]:
    """Every path the outlet serves, rendered for ``base``."""
    articles = articles_of(spec.name)
    newest = feeds.latest(articles)
    routes: dict[str, Resource] = {}

    def html(path: str, text: str, stamp: datetime) -> None:
        routes[path] = Resource.make(text, HTML_TYPE, stamp)

    for a in articles:
        html(
            a.path,
            templates.render_article(spec, a, base),
            a.updated_at or a.published_at or SITE_EPOCH,
        )

    # Home page, paginated when the outlet has a page size.
    size = spec.page_size or len(articles)
    pages = max(1, -(-len(articles) // size))
    for n in range(1, pages + 1):
        chunk = articles[(n - 1) * size : n * size]
        html(
            "/" if n == 1 else f"/page/{n}/",
            templates.render_listing(
                spec,
                spec.site_name if n == 1 else f"Page {n}",
                chunk,
                page=n,
                pages=pages,
                extra_links=spec.private_pages,
            ),
            feeds.latest(chunk),
        )

    # Section listings: the declared sections plus one per nav entry.
    sections = dict(spec.sections)
    for item in spec.nav:
        if item != "Home":
            sections.setdefault(templates.slug(item), item)
    for key, title in sections.items():
        chunk = [a for a in articles if templates.slug(a.section) == key]
        html(f"/{key}/", templates.render_listing(spec, title, chunk), feeds.latest(chunk))

    routes.update(_undated_pages(spec))

    def xml(path: str, text: str, ctype: str = feeds.XML_TYPE) -> None:
        routes[path] = Resource.make(text, ctype, newest)

    if spec.feed.format == "atom":
        xml(spec.feed.path, feeds.atom(spec, articles, base), feeds.ATOM_TYPE)
    else:
        xml(spec.feed.path, feeds.rss(spec, articles, base), feeds.RSS_TYPE)

    if spec.sitemap == "news":
        xml("/sitemap.xml", feeds.news_sitemap(spec, articles, base))
    elif spec.sitemap == "urlset":
        xml("/sitemap.xml", feeds.urlset(articles, base))
    else:
        child = "/post-sitemap.xml" if spec.kind == "wordpress" else "/sitemap-articles.xml"
        xml(child, feeds.urlset(articles, base))
        xml("/sitemap.xml", feeds.sitemap_index([(child, newest)], base))

    xml("/robots.txt", feeds.robots_txt(spec, base), "text/plain; charset=utf-8")
    return routes


def _undated_pages(spec: OutletSpec) -> dict[str, Resource]:
    """The outlet's pages about itself (its links' targets) and those robots.txt forbids."""
    pages = {
        house.path: templates.render_house_page(spec, house) for house in templates.HOUSE_PAGES
    }
    for private in spec.private_pages:
        pages[private.path] = templates.render_private(spec, private)
    return {path: Resource.make(text, HTML_TYPE, SITE_EPOCH) for path, text in pages.items()}


# --- HTTP ---------------------------------------------------------------------------


class _OutletServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr: tuple[str, int], spec: OutletSpec, network: DemoNetwork) -> None:
        super().__init__(addr, _Handler)
        self.spec = spec
        self.network = network
        self.routes: dict[str, Resource] = {}


class _Handler(BaseHTTPRequestHandler):
    server: _OutletServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "DemoNews/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the demo must not spam stderr per request (the log is in memory)."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        network, outlet = self.server.network, self.server.spec.name
        network._begin(outlet)
        try:
            if network.latency:
                time.sleep(network.latency)  # the simulated server's think time
            self._dispatch(urlsplit(self.path).path or "/", head)
        finally:
            network._end(outlet)

    def _dispatch(self, path: str, head: bool) -> int:
        if path == HEALTH_PATH:
            payload = {"demo": HEALTH_MARK, "outlet": self.server.spec.name}
            return self._send(200, json.dumps(payload).encode(), "application/json", head=head)
        resource = self.server.routes.get(path)
        if resource is None:
            return self._send(404, _NOT_FOUND, HTML_TYPE, head=head)
        headers = {
            "ETag": resource.etag,
            "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
            "Cache-Control": "public, max-age=60",
        }
        if self._not_modified(resource):
            return self._send(304, b"", None, headers, head=True)
        return self._send(200, resource.body, resource.content_type, headers, head=head)

    def _not_modified(self, resource: Resource) -> bool:
        """RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only without it."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or resource.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError, IndexError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return resource.last_modified <= since
        return False

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str | None,
        headers: dict[str, str] | None = None,
        head: bool = False,
    ) -> int:
        # Recorded before the response goes out, so a client that has its
        # answer can rely on the log already holding the request.
        self.server.network._record(self.server.spec.name, self.command, self.path, status)
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)
        return status


@dataclass(frozen=True)
class RequestRecord:
    outlet: str
    method: str
    path: str  # as requested, query string included
    status: int


class DemoNetwork:
    """The running demo network: one HTTP server per outlet on consecutive ports.

    ``requests`` records every request served (outlet, method, path, status),
    so tests can check what a crawler fetched, for example that it never asked
    for a path robots.txt disallows. ``latency`` seconds pass before each
    response, as on a real server far away; ``peak_concurrency`` says how many
    requests one outlet was ever serving at the same moment.
    """

    def __init__(
        self, base_port: int = 8801, host: str = "127.0.0.1", latency: float = 0.0
    ) -> None:
        self.base_port = base_port
        self.host = host
        self.latency = latency
        self._servers: list[_OutletServer] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.requests: list[RequestRecord] = []
        self._in_flight: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()

    # -- lifecycle --

    def start(self) -> DemoNetwork:
        """Bind and serve every outlet; with base_port 0, pick a free random base."""
        if self._servers:
            return self
        if self.base_port == 0:
            self._servers = self._bind_random()
        else:
            self._servers = self._bind(self.base_port)
        for server in self._servers:
            base = outlet_base_url(server.spec.name, self.base_port, self.host)
            server.routes = build_routes(server.spec, base)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-{server.spec.name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self, base_port: int) -> list[_OutletServer]:
        servers: list[_OutletServer] = []
        try:
            for spec in outlet_specs():
                servers.append(_OutletServer((self.host, base_port + spec.index), spec, self))
        except OSError as exc:
            for server in servers:
                server.server_close()
            port = base_port + len(servers)
            reason = exc.strerror or exc
            raise DemoNetworkError(
                f"cannot bind demo outlet on {self.host}:{port}: {reason}"
            ) from exc
        return servers

    def _bind_random(self) -> list[_OutletServer]:
        rng = random.Random()
        count = len(outlet_specs())
        low, high = _RANDOM_PORT_RANGE
        for _ in range(_PORT_ATTEMPTS):
            base = rng.randint(low, high - count)
            try:
                servers = self._bind(base)
            except DemoNetworkError:
                continue
            self.base_port = base
            return servers
        raise DemoNetworkError(f"no {count} consecutive free ports found in {low}-{high}")

    def stop(self) -> None:
        """Stop serving and release the ports (idempotent)."""
        # shutdown() blocks until that server's loop notices (up to one poll
        # interval): ask all of them at once rather than one after another.
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> DemoNetwork:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    # -- where things are --

    @property
    def outlets(self) -> list[Outlet]:
        return [Outlet.at(spec, self.base_port, self.host) for spec in outlet_specs()]

    def outlet(self, name: str) -> Outlet:
        return Outlet.at(outlet_spec(name), self.base_port, self.host)

    def discovery_urls(self, name: str) -> dict[str, list[str]]:
        return discovery_urls(name, self.base_port, self.host)

    # -- request log --

    def _record(self, outlet: str, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append(RequestRecord(outlet, method, path, status))

    def _begin(self, outlet: str) -> None:
        with self._lock:
            self._in_flight[outlet] += 1
            self._peak[outlet] = max(self._peak[outlet], self._in_flight[outlet])

    def _end(self, outlet: str) -> None:
        with self._lock:
            self._in_flight[outlet] -= 1

    def peak_concurrency(self) -> dict[str, int]:
        """Per outlet, the most requests it was serving at one moment (since the last clear)."""
        with self._lock:
            return dict(self._peak)

    def requested_paths(self, outlet: str | None = None) -> list[str]:
        """Paths requested so far (optionally of one outlet), in order."""
        with self._lock:
            return [r.path for r in self.requests if outlet is None or r.outlet == outlet]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self._peak = Counter({o: n for o, n in self._in_flight.items() if n})


def demo_ports(base_port: int) -> range:
    """The ports the demo network's outlets listen on: one each, from ``base_port``."""
    return range(base_port, base_port + len(outlet_specs()))


def is_running(base_port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    """True when a demo network answers its health check on ``base_port``."""
    first = outlet_specs()[0].name
    url = outlet_base_url(first, base_port, host) + HEALTH_PATH
    # No proxies: a loopback health check must not be sent to an HTTP proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            data = json.loads(response.read(4096))
    except (OSError, ValueError, urllib.error.URLError):
        return False
    return (
        isinstance(data, dict) and data.get("demo") == HEALTH_MARK and data.get("outlet") == first
    )


def start_for_command(base_port: int, host: str = "127.0.0.1") -> DemoNetwork:
    """Start the network for ``aggregator demo`` or ``python -m app.demo``.

    A taken port is a :class:`DemoNetworkError` that names it and says what to do,
    for the command to print as its one line.
    """
    try:
        return DemoNetwork(base_port=base_port, host=host).start()
    except DemoNetworkError as exc:
        if not base_port:  # random ports: no --port to change
            raise
        raise DemoNetworkError(
            f"{exc}; the demo network needs {host}:{base_port}-{demo_ports(base_port)[-1]}: "
            "give another --port "
            "(and crawl it with the config 'aggregator demo --print-config --port N' prints)"
        ) from exc


def serve_until_stopped(
    base_port: int, announce: Callable[[str], None], host: str = "127.0.0.1"
) -> None:
    """Serve the network, its outlets' URLs announced, until Ctrl-C or SIGTERM (an
    ordinary end). A network already answering there, or a taken port, is a
    :class:`DemoNetworkError`."""
    if base_port and is_running(base_port, host):
        last = demo_ports(base_port)[-1]
        raise DemoNetworkError(f"a demo network is already running on {host}:{base_port}-{last}")
    network = start_for_command(base_port, host)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops as Ctrl-C does
    try:
        for outlet in network.outlets:
            announce(
                f"{outlet.name:<14} {outlet.home_url:<28} {outlet.site_name} "
                f"(feed {outlet.feed_url}, sitemap {outlet.sitemap_url})"
            )
        announce("serving; Ctrl-C or SIGTERM stops it")
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        network.stop()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
