"""Which network addresses are public: the one address check of every guard against SSRF.

The crawl's guard (``spiders.middlewares``) and the alert webhooks
(``app.alerts.webhook``) both refuse loopback, private, link-local and other
non-public addresses unless the operator named the host; this is the check
they share. Pure functions: resolving a name is the caller's business.
"""

from __future__ import annotations

import ipaddress

# IPv6 ranges that carry an IPv4 address in their last 32 bits, which is where
# the packet ends up: NAT64's well-known prefix (RFC 6052) and the deprecated
# IPv4-compatible addresses (::a.b.c.d, RFC 4291). Python calls both "global".
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# Local-use NAT64 (RFC 8215): translates to whatever the local network chose.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address reaches: mapped, 6to4, NAT64 or IPv4-compatible."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):  # but :: and ::1
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast IP address.

    An IPv6 address that embeds an IPv4 one (``::ffff:a.b.c.d``, 6to4
    ``2002::/16``, NAT64 ``64:ff9b::/96``, IPv4-compatible ``::a.b.c.d``) is
    judged by that IPv4 address; local-use NAT64 (``64:ff9b:1::/48``) is never
    public.
    """
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def is_ip_literal(host: str) -> bool:
    """Is ``host`` an IP address written out (``[::1]`` included), not a name?"""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
