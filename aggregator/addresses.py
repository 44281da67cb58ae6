"""Which network addresses are public: the one address check of every guard against SSRF.

The crawl's guard (``spiders.middlewares``) and the alert webhooks
(``app.alerts.webhook``) both refuse loopback, private, link-local and other
non-public addresses unless the operator named the host; this is the check
they share. Pure functions: resolving a name is the caller's business.
"""

from __future__ import annotations

import ipaddress


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast IP address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def is_ip_literal(host: str) -> bool:
    """Is ``host`` an IP address written out (``[::1]`` included), not a name?"""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
