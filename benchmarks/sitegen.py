"""A generated news site on 127.0.0.1: N article pages (wire stories and their
copies under other URLs, from synth.py), a sitemap and a feed.

Served from a thread of the calling process, so crawls run as child processes
can be killed at any moment while the site keeps counting what was fetched.
"""

from __future__ import annotations

import html
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from synth import synthetic_articles


def article_page(record: dict[str, Any]) -> bytes:
    """One synthetic record as an article page (headline, byline, date, body paragraphs)."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["body"].split("\n\n"))
    byline = f'<p class="byline">By {html.escape(record["byline"])}</p>' if record["byline"] else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(record['headline'])} | {record['site']}</title>"
        f"<meta property='article:published_time' content='{record['published']}'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(record['headline'])}</h1>"
        f"{byline}<div class='article-body'>{paragraphs}</div></article>"
        "<footer>Generated site</footer></body></html>"
    ).encode()


class GeneratedSite:
    """``with GeneratedSite(500) as site: site.sitemap_url, site.hits``."""

    def __init__(self, articles: int, seed: int = 21):
        self.records = list(synthetic_articles(articles, seed=seed))
        self.pages: dict[str, bytes] = {}
        for record in self.records:
            path = f"/{record['site']}/{record['url'].rsplit('/', 1)[1]}"
            record["path"] = path
            self.pages[path] = article_page(record)
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._served = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def sitemap_url(self) -> str:
        return self.base_url + "/sitemap.xml"

    def article_hits(self) -> int:
        with self._lock:
            return self._article_hits()

    def _article_hits(self) -> int:
        return sum(n for path, n in self.hits.items() if path in self.pages)

    def wait_for_article_hits(self, count: int, timeout: float) -> bool:
        """Block until ``count`` article pages have been served in all (False on timeout)."""
        with self._served:
            return self._served.wait_for(lambda: self._article_hits() >= count, timeout)

    def _sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base_url}{r['path']}</loc><lastmod>{r['published']}</lastmod></url>"
            for r in self.records
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()

    def __enter__(self) -> GeneratedSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with site._served:
                    site.hits[self.path] += 1
                    site._served.notify_all()
                if self.path == "/sitemap.xml":
                    body, kind = site._sitemap(), "application/xml"
                elif self.path in site.pages:
                    body, kind = site.pages[self.path], "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
