"""URLs fit to print: the secrets an operator writes into one shown as ``***``.

``status``, the cluster's logs and ``alerts list`` print URLs from config.yaml that
may carry a password or a token; these are the one reading of where those sit.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"


def describe_url(url: str) -> str:
    """``url`` fit for a log line: a password in it is replaced by ``***``, the one before
    the host (``redis://:pw@host``) and the one in the query (``unix:///r.sock?password=pw``,
    redis-py's place for a socket's password)."""
    parts = urlsplit(url)
    if parts.password is not None:
        netloc = parts.netloc.rpartition("@")
        user = f"{parts.username or ''}:{MASK}"
        url = urlunsplit(parts._replace(netloc=f"{user}@{netloc[2]}"))
    # Split by hand: urlunsplit would write unix:///r.sock as unix:/r.sock.
    head, _, query = url.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(key.lower() == "password" for key, _ in pairs):
        return url
    masked = [(key, MASK if key.lower() == "password" else value) for key, value in pairs]
    return f"{head}?{urlencode(masked, safe='*/')}"


def describe_webhook(url: str) -> str:
    """A webhook URL fit to print: its scheme, host and port as written, and ``***`` for
    what receivers put their tokens in. That is the password before the host, as
    :func:`describe_url` masks it, or a user name standing alone there
    (``https://TOKEN@host``); the path (``/services/T0/B0/XYZ``, kept only when it is
    ``/``); the value of every query parameter (``?token=***``, a bare ``?XYZ`` as
    ``?***``) and a fragment."""
    parts = urlsplit(describe_url(url))
    if parts.username is not None and parts.password is None:
        parts = parts._replace(netloc=f"{MASK}@{parts.netloc.rpartition('@')[2]}")
    pieces = (piece.partition("=") for piece in parts.query.split("&") if piece)
    return urlunsplit(
        parts._replace(
            path=parts.path if parts.path in ("", "/") else f"/{MASK}",
            query="&".join(f"{key}={MASK}" if equals else MASK for key, equals, _ in pieces),
            fragment=MASK if parts.fragment else "",
        )
    )
