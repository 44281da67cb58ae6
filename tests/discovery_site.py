"""A small news site on a :class:`~pageserver.PageServer` for discovery tests, and one crawl
of one source over it through the CLI (``aggregator crawl``, in a child process).

``article(server, path)`` serves a full article page; ``bare(server, path)`` one with no
title, date or byline (what a feed's hints are for); ``crawl_source`` writes a config of
one source (no delay, no robots.txt unless asked) and runs it at INFO.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import run_cli
from faultserver import article_html, article_text
from pageserver import PageServer

RSS = "application/rss+xml"
XML = "application/xml"


def article(server: PageServer, path: str) -> str:
    """Serve a full article page (headline, date, byline) at ``path``; its URL."""
    return server.put(path, article_html(path.strip("/").replace("/", "-")))


def bare(server: PageServer, path: str) -> str:
    """Serve an article page with no title, date or byline at ``path``; its URL."""
    _, paragraphs = article_text(path)
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return server.put(
        path,
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"></head>'
        f"<body><article>{text}</article></body></html>",
    )


def rss(server: PageServer, path: str, items: list[str], *, head: str = "") -> str:
    """Serve an RSS 2.0 feed of the ``<item>`` bodies ``items`` at ``path``; its URL."""
    body = "".join(f"<item>{item}</item>" for item in items)
    return server.put(
        path,
        f'<?xml version="1.0"?><rss version="2.0" {head}><channel><title>t</title>'
        f"{body}</channel></rss>",
        content_type=RSS,
    )


def urlset(server: PageServer, path: str, urls: list[str], *, extra: str = "") -> str:
    """Serve a sitemap of ``urls`` at ``path``; its URL."""
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return server.put(
        path,
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        f"{extra}>{entries}</urlset>",
        content_type=XML,
    )


def index(server: PageServer, path: str, children: list[str]) -> str:
    """Serve a sitemap index of the ``<sitemap>`` bodies ``children`` at ``path``; its URL."""
    entries = "".join(f"<sitemap>{child}</sitemap>" for child in children)
    return server.put(
        path,
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>",
        content_type=XML,
    )


@dataclass(frozen=True)
class Crawled:
    result: subprocess.CompletedProcess[str]
    db: Path

    @property
    def log(self) -> str:
        return self.result.stdout + self.result.stderr

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if "WARNING" in line]

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if not self.db.exists():
            return []
        with sqlite3.connect(self.db) as conn:
            return list(conn.execute(sql, params))

    def urls(self) -> set[str]:
        return {url for (url,) in self.rows("SELECT url FROM articles")}


def crawl_source(home: Path, source: dict[str, Any], *, robots: bool = False) -> Crawled:
    """Crawl ``source`` (a config entry; ``name`` defaults to 'site') once into ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    db, config = home / "news.db", home / "config.yaml"
    entry = {
        "name": "site",
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": robots},
        **source,
        "limits": {"download_timeout": 5, "run_timeout": "60s", **source.get("limits", {})},
    }
    config.write_text(json.dumps({"database": str(db), "sources": [entry]}), encoding="utf-8")
    result = run_cli(
        "--config", str(config), "--log-level", "info", "crawl", entry["name"], timeout=120
    )
    return Crawled(result, db)
