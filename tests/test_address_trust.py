"""Which hosts a crawl may reach on loopback, private or link-local addresses (SSRF, QA pass S
F1): only those a source's entry writes itself, exactly; a subdomain of one is judged like any
other host; ``politeness.private_addresses: refuse`` trusts none.

The crawl tests cannot change DNS: the host name ``intranet.localhost`` is made to resolve to
127.0.0.1 through the crawler's own resolver cache (Scrapy's ``dnscache``, which
``PublicAddressResolver`` answers from), in the crawl's process, before the crawl starts. The
address guard's own lookup of that name fails (the system resolver does not know it), so what
refuses it is the connection's resolver: the decision this test is about.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from pageserver import PageServer

from aggregator.config import parse_config
from aggregator.discovery import plan_for

pytestmark = pytest.mark.timeout(120)

CRAWL_WITH_NAME = """
import runpy, sys
from scrapy.resolver import dnscache
dnscache["intranet.localhost"] = "127.0.0.1"
sys.argv = ["aggregator", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__")
"""

ARTICLE = (
    "<html><head><title>{0}</title></head><body><article><h1>{0}</h1>"
    + "<p>{0} is a sentence long enough to be an article body of its own.</p>" * 6
    + "</article></body></html>"
)


def test_only_the_hosts_a_source_names_are_trusted_and_never_their_subdomains() -> None:
    config = parse_config(
        """
sources:
  - name: news
    feeds: ["http://news.example:8931/rss.xml"]
    allowed_domains: ["example.org"]
"""
    )
    scope = plan_for(config.sources[0]).scope
    assert scope.allows("http://intranet.news.example:8931/admin")  # in scope ...
    assert not scope.names("http://intranet.news.example:8931/admin")  # ... not named
    assert scope.names("http://news.example:8931/a")
    assert scope.names("https://example.org/a") and not scope.names("https://www.example.org/a")
    assert not scope.names("http://news.example:8932/a")  # named, but not in scope
    assert config.politeness_for(config.sources[0]).private_addresses == "named"


def test_private_addresses_takes_named_or_refuse() -> None:
    from aggregator.config import ConfigError

    with pytest.raises(ConfigError, match="private_addresses"):
        parse_config(
            """
defaults: {politeness: {private_addresses: allow}}
sources: [{name: a, feeds: ["http://a.example/rss"]}]
"""
        )


def _crawl(server: PageServer, home: Path, politeness: dict[str, object]) -> str:
    port = server.port
    items = "".join(
        f"<item><title>t</title><link>{url}</link></item>"
        for url in (
            f"http://localhost:{port}/news/2026/12/plain-story",
            f"http://intranet.localhost:{port}/admin/credentials",
        )
    )
    server.put(
        "/rss.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    server.put("/news/2026/12/plain-story", ARTICLE.format("Plain story"))
    server.put("/admin/credentials", ARTICLE.format("Internal admin credentials"))
    db, config = home / "news.db", home / "config.yaml"
    source = {
        "name": "local",
        "feeds": [f"http://localhost:{port}/rss.xml"],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False}
        | politeness,
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    config.write_text(json.dumps({"database": str(db), "sources": [source]}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CRAWL_WITH_NAME, "--config", str(config), "crawl", "local"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


def test_a_subdomain_of_a_named_host_on_a_loopback_address_is_not_fetched(
    tmp_path: Path,
) -> None:
    with PageServer() as server:
        output = _crawl(server, tmp_path, {})
        assert server.hits("/rss.xml") == 1  # localhost is named: trusted as given
        assert server.hits("/news/2026/12/plain-story") == 1
        assert server.hits("/admin/credentials") == 0
    assert "Refusing to connect to intranet.localhost" in output


def test_refuse_trusts_not_even_the_named_hosts(tmp_path: Path) -> None:
    with PageServer() as server:
        output = _crawl(server, tmp_path, {"private_addresses": "refuse"})
        assert server.total_hits() == 0
    assert "is not a public address" in output
