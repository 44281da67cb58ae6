"""POSTing one alert to a webhook: signed, bounded in time, and only to an address the guard allows.

The address guard is the crawl's (``aggregator.addresses``): a host that
resolves to a loopback, private, link-local or otherwise non-public address is
refused unless the operator lists it in ``alert_delivery.trusted_hosts``: that
host exactly, or its subdomains through a ``*.example.org`` entry. The
connection goes to the address that was checked (no second lookup, so DNS
rebinding cannot swap it), redirects are not followed, and the whole exchange
has one deadline, so a receiver that answers a byte at a time cannot hold a
delivery past it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import socket
import ssl
import threading
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from aggregator.addresses import is_public_address
from aggregator.config.alerts import SUBDOMAINS_OF

SIGNATURE_HEADER = "X-Newsagg-Signature-256"


class WebhookError(Exception):
    """One delivery attempt failed; the message says why (refused, unreachable, timed out)."""


def signature(secret: bytes, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of the exact body, hex, as ``sha256=…``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def checked_address(url: str, trusted: Sequence[str]) -> tuple[str, int, str]:
    """(host, port, address to connect to) for a webhook URL, or WebhookError when refused."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise WebhookError(f"refused {url}: only http(s) URLs with a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise WebhookError(f"cannot resolve {host}: {exc}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not is_trusted(host, trusted):
        private = [a for a in addresses if not is_public_address(a)]
        if private:
            raise WebhookError(
                f"refused {host}: it resolves to non-public address {private[0]} "
                f"({_how_to_trust(host, trusted)})"
            )
    return host, port, addresses[0]


def is_trusted(host: str, trusted: Sequence[str]) -> bool:
    """Whether ``trusted_hosts`` lists ``host``: exactly, or as a subdomain of a ``*.`` entry
    (``*.example.org`` trusts ``hooks.example.org``, not ``example.org`` itself)."""
    return any(
        host.endswith(entry[1:]) if entry.startswith(SUBDOMAINS_OF) else host == entry
        for entry in trusted
    )


def _how_to_trust(host: str, trusted: Sequence[str]) -> str:
    """What a refusal suggests: a host under a listed one is not trusted through it (as it
    was before stop 45), so say how to trust it or all that host's subdomains."""
    parent = next((entry for entry in trusted if host.endswith("." + entry)), None)
    if parent is None:
        return (
            "list it in alert_delivery.trusted_hosts to allow it; "
            "*.NAME there allows NAME's subdomains"
        )
    return (
        f"alert_delivery.trusted_hosts lists {parent}, which trusts that host exactly: "
        f"list {host} to allow it, or *.{parent} for every subdomain of {parent}"
    )


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the host name, as usual."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: float,
    trusted: Sequence[str] = (),
) -> int:
    """POST ``body`` to ``url``; the HTTP status, or WebhookError. ``timeout`` bounds it all."""
    host, port, address = checked_address(url, trusted)
    parts = urlsplit(url)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):  # already closed
                connection.sock.shutdown(socket.SHUT_RDWR)

    deadline = threading.Timer(timeout, cut)
    deadline.start()
    try:
        connection.request("POST", path, body=body, headers=dict(headers))
        response = connection.getresponse()
        status = response.status
        response.read(65536)  # a short read lets the connection close cleanly; the rest is unused
        return status
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise WebhookError(f"{host}: no answer within {timeout:g}s") from None
        raise WebhookError(f"{host}: {exc or type(exc).__name__}") from None
    finally:
        deadline.cancel()
        connection.close()
