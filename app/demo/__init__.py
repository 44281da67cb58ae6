"""The embedded demo news network: five fake outlets on loopback.

It is both the offline demo (``aggregator demo`` crawls it) and the fixture
the tests crawl, so its content doubles as ground truth: :func:`ground_truth`
says, for every article page, what a perfect parser extracts and which
articles are copies of one wire text (``story_key``) or independent reports
of one event (same ``event_key``, different ``story_key``).

Typical use::

    with DemoNetwork(base_port=0) as net:        # random free ports
        feed = net.outlet("wirewire").feed_url
        ...

Outlet ``i`` of :func:`outlet_names` listens on ``base_port + i``.
"""

from __future__ import annotations

from app.demo.content import (
    DemoArticle,
    ReadMore,
    events,
    ground_truth,
    outlet_base_url,
    outlet_specs,
    stories,
)
from app.demo.server import (
    HEALTH_PATH,
    DemoNetwork,
    DemoNetworkError,
    Outlet,
    RequestRecord,
    demo_ports,
    discovery_urls,
    is_running,
    serve_until_stopped,
    start_for_command,
)

__all__ = [
    "HEALTH_PATH",
    "DemoArticle",
    "DemoNetwork",
    "DemoNetworkError",
    "Outlet",
    "ReadMore",
    "RequestRecord",
    "demo_ports",
    "discovery_urls",
    "events",
    "ground_truth",
    "is_running",
    "outlet_base_url",
    "outlet_names",
    "serve_until_stopped",
    "start_for_command",
    "stories",
]


def outlet_names() -> list[str]:
    """Outlet names in port order."""
    return [spec.name for spec in outlet_specs()]
