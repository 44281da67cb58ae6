"""What the crawls of one run know of each host, shared by all of them.

Each source is its own Scrapy crawler (``spiders.runner``), with its own
downloader and download slots. A site's own asks hold for the site, whichever
source asks: its robots.txt (fetched once per run; its Crawl-delay becomes every
crawl's slot delay for the host), a ``Retry-After`` pause (every crawl of the run
waits, or gives the host up for itself alone when the wait is too long for its own
limits), a host failing or timing out (the errors in a row are counted over the
run's crawls, and its widened delay and its giving up hold for all of them), and the
time between two requests: each crawl's slot for a host counts its delay from the
run's last request to the host, whichever crawl sent it (``SlotCountingDownloader``
reports each request it sends). The runner hands one :class:`SharedHosts` to every
crawler of a run (:func:`share_hosts`); a crawler handed none gets its own
(:func:`shared_hosts`), so nothing outlives a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A crawler's hook, told when the run pauses a host until a time (``time.monotonic``):
# it holds its own download slot for the host, or gives the host up in that crawl
# when the wait is too long for it.
HostHold = Callable[[str, float], None]

_ATTRIBUTE = "newsagg_shared_hosts"


@dataclass
class SharedHosts:
    """Per host, for one run: robots.txt outcomes, delays, the last request, pauses.

    ``policies`` and ``robots_responses`` are keyed by netloc (robots.txt is per
    scheme, host and port); the rest by host name (``backoff_key``), as Scrapy's
    download slots and the remembered back-offs are.
    """

    # netloc → RobotsPolicy, or the Deferred of its fetch under way.
    policies: dict[str, Any] = field(default_factory=dict)
    # netloc → the robots.txt response (scrapy.http.Response), for the Sitemap: lines.
    robots_responses: dict[str, Any] = field(default_factory=dict)
    # host → seconds between two requests robots.txt asks for (the largest any crawl read).
    delays: dict[str, float] = field(default_factory=dict)
    # host → when (time.monotonic) the run last sent it a request, whichever crawl sent it.
    last_sent: dict[str, float] = field(default_factory=dict)
    # host → until when (time.monotonic) a Retry-After pauses it.
    resume_at: dict[str, float] = field(default_factory=dict)
    holds: list[HostHold] = field(default_factory=list)
    # host → server errors / timeouts in a row, whichever crawl was answered
    # (``spiders.middlewares.host_timeouts``; any other answer resets them).
    errors_in_a_row: dict[str, int] = field(default_factory=dict)
    timeouts_in_a_row: dict[str, int] = field(default_factory=dict)
    # host → what its requests fail with (scrapy IgnoreRequest), once given up for
    # failing or timing out in a row.
    failing: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    # host → the delay its server errors widened every crawl's slot to.
    error_delays: dict[str, float] = field(default_factory=dict)
    # Each crawl's hook, told a host's failing or error delay changed: it refuses or
    # re-times its own download slot for the host.
    failing_hooks: list[Callable[[str], None]] = field(default_factory=list)
    # Each crawl's downloader (scrapy.core.downloader.Downloader), its slots keyed by host.
    downloaders: list[Any] = field(default_factory=list)

    def note_delay(self, host: str, delay: float) -> None:
        self.delays[host] = max(delay, self.delays.get(host, 0.0))

    def sent(self, host: str, at: float) -> None:
        """A crawl sent ``host`` a request at ``at``: every crawl's slot for the host
        counts its delay from then (Scrapy's ``Slot.lastseen``)."""
        self.last_sent[host] = max(at, self.last_sent.get(host, 0.0))
        for downloader in self.downloaders:
            slot = downloader.slots.get(host)
            if slot is not None:
                slot.lastseen = max(slot.lastseen, at)

    def pause(self, host: str, until: float) -> float:
        """Pause ``host`` for every crawl of the run until ``until``; the time it resumes."""
        resume = max(self.resume_at.get(host, 0.0), until)
        self.resume_at[host] = resume
        for hold in self.holds:
            hold(host, resume)
        return resume

    def set_error_delay(self, host: str, delay: float | None) -> None:
        """Widen (or, None, put back) every crawl's slot delay for a host answering errors."""
        if delay is None:
            if self.error_delays.pop(host, None) is None:
                return
        else:
            self.error_delays[host] = delay
        for hook in self.failing_hooks:
            hook(host)

    def fail(self, host: str, refusal: Callable[[Any], Any]) -> None:
        """Give ``host`` up for every crawl of the run: its requests fail with ``refusal``."""
        self.failing[host] = refusal
        for hook in self.failing_hooks:
            hook(host)


def share_hosts(crawler: Any, hosts: SharedHosts) -> None:
    """Have ``crawler`` (not started yet) keep its hosts in ``hosts``, with the run's others."""
    setattr(crawler, _ATTRIBUTE, hosts)


def shared_hosts(crawler: Any) -> SharedHosts:
    """The hosts ``crawler`` shares with its run; its own when it was handed none."""
    hosts = getattr(crawler, _ATTRIBUTE, None)
    if hosts is None:
        hosts = SharedHosts()
        share_hosts(crawler, hosts)
    assert isinstance(hosts, SharedHosts)
    return hosts
