"""Where one source's crawl starts (its canonical feed, sitemap and start URLs) and the
hosts and ports it may lead to: decided once per source, before anything is fetched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aggregator.config import DISCOVERY_KINDS, Source
from aggregator.parser.urls import canonicalize_url

DEFAULT_PORTS = frozenset({80, 443})


@dataclass(frozen=True)
class Scope:
    """The hosts and ports a source's crawl may request (docs/crawling.md, "Scope").

    ``ports`` maps each domain to the ports allowed on it; a subdomain of a
    domain is that domain. A URL is in scope when its host is (under) a domain
    and its port, written or the scheme's default, is one of that domain's.
    ``named`` holds the hosts the config writes itself, exactly: the only ones
    whose loopback or private addresses may be trusted (docs/crawling.md,
    "Addresses the crawler refuses"); a subdomain of one is in scope, not named.
    """

    ports: dict[str, frozenset[int]]
    named: frozenset[str] = frozenset()

    @classmethod
    def of(cls, domains: Iterable[str], seeds: Iterable[str]) -> Scope:
        """``domains`` (``host`` or ``host:port``) and the hosts of the ``seeds``, with ports.

        A seed's host not under one of ``domains`` is a domain of its own. A
        domain gets the ports named with it and those of the seed URLs on it;
        a seed without a port (or with the default one) stands for both 80 and
        443, so http and https of one site are one scope. A domain with no port
        from either gets 80 and 443.
        """
        seeds = list(seeds)
        ports: dict[str, set[int]] = {}
        for entry in domains:
            host, port = split_host_port(entry)
            ports.setdefault(host, set()).update({port} if port else set())
        named = set(ports)
        for url in seeds:
            host, _ = host_port(url)
            if host and not host_in_domains(host, ports):
                ports[host] = set()
            named.add(host)
        for url in seeds:
            host, port = host_port(url)
            for domain in ports:
                if host_in_domains(host, [domain]):
                    ports[domain] |= DEFAULT_PORTS if port in DEFAULT_PORTS else {port}
        named.discard("")
        return cls({d: frozenset(p or DEFAULT_PORTS) for d, p in ports.items()}, frozenset(named))

    @property
    def domains(self) -> list[str]:
        return sorted(self.ports)

    def allows(self, url: str) -> bool:
        """Is ``url`` on one of the domains (or a subdomain), on one of its ports?"""
        host, port = host_port(url)
        return any(host_in_domains(host, [d]) and port in p for d, p in self.ports.items())

    def names(self, url: str) -> bool:
        """Is ``url`` in scope on a host the config writes itself (not a subdomain of one)?"""
        return self.allows(url) and host_port(url)[0] in self.named


def split_host_port(entry: str) -> tuple[str, int | None]:
    """'example.com:8080' → ('example.com', 8080); 'example.com' → ('example.com', None)."""
    entry = entry.strip().lower()
    if entry.startswith("["):  # an IPv6 literal
        host, _, rest = entry[1:].partition("]")
        port = rest.removeprefix(":")
    else:
        host, _, port = entry.partition(":") if entry.count(":") == 1 else (entry, "", "")
    return host, int(port) if port.isdigit() else None


def host_port(url: str) -> tuple[str, int]:
    """(host, port) of a URL, lower-case, the port written or the scheme's default."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or (443 if parts.scheme == "https" else 80)


@dataclass(frozen=True)
class DiscoveryPlan:
    """Where one source's articles are found: canonical URLs and the scope they may lead to."""

    feeds: list[str]
    sitemaps: list[str]
    start_pages: list[str]
    scope: Scope

    @property
    def allowed_domains(self) -> list[str]:
        return self.scope.domains

    @property
    def urls(self) -> list[str]:
        """Every URL the crawl starts from, of each kind in turn (``DISCOVERY_KINDS``)."""
        return [url for _, urls in self.by_kind for url in urls]

    @property
    def by_kind(self) -> list[tuple[str, list[str]]]:
        """Each kind of discovery URL (``DISCOVERY_KINDS``) and the plan's URLs of it."""
        return [(kind, getattr(self, kind)) for kind in DISCOVERY_KINDS]


def host_in_domains(host: str, domains: Iterable[str]) -> bool:
    """Is ``host`` one of ``domains`` or a subdomain of one?"""
    return any(host == d or host.endswith("." + d) for d in domains)


def plan_for(source: Source) -> DiscoveryPlan:
    """The URLs a crawl of ``source`` starts from, and its scope.

    The scope's domains are the hosts of its discovery URLs and those its
    ``allowed_domains`` names; its ports those the discovery URLs use on them
    (and any an ``allowed_domains`` entry names).
    """
    return DiscoveryPlan(
        feeds=[canonicalize_url(u) for u in source.feeds],
        sitemaps=[canonicalize_url(u) for u in source.sitemaps],
        start_pages=[canonicalize_url(u) for u in source.start_pages],
        scope=Scope.of(source.allowed_domains, source.discovery_urls),
    )


def sites_of(source: Source) -> list[str]:
    """The sites a crawl of ``source`` fetches from (sorted): the ``host[:port]`` of each
    discovery URL (what robots.txt and the per-site delays apply to) and each
    ``allowed_domains`` entry not already one of those hosts.

    Two sources sharing one is one site's two visitors: the cluster's workers lease
    sites (app.cluster.leases), the daemon runs no two of them at once (app.daemon).
    """
    plan = plan_for(source)
    urls = [urlsplit(url) for url in plan.urls]
    netlocs = {(url.netloc.rpartition("@")[2]).lower() for url in urls}
    hosts = {url.hostname for url in urls}
    extra = {domain.lower() for domain in plan.allowed_domains} - hosts
    return sorted((netlocs | extra) - {""})
