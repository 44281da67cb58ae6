"""Whether a page asks not to be kept: ``X-Robots-Tag`` headers and robots ``<meta>`` tags.

A site says "no cached copy" (``noarchive``) or "keep me out of indexes" (``noindex``,
``none``) per page, for every crawler or for one by its robots token: a header
``X-Robots-Tag: noarchive`` or ``X-Robots-Tag: newsagg: none``, a tag
``<meta name="robots" content="noarchive">`` or ``<meta name="newsagg" content="none">``.
An aggregator keeps and shows a page's text, so either refuses the page
(docs/crawling.md, "Politeness"). Other directives (``nofollow``, ``nosnippet``,
``max-snippet``, ``unavailable_after`` …) refuse nothing.

The crawl asks this of every article page it fetches: the bytes are scanned, not parsed,
and only the page's head (up to ``<body``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The directives that refuse a page, strongest first, and the name each is counted under.
_REFUSING = (("noindex", "noindex"), ("none", "noindex"), ("noarchive", "noarchive"))
# Directives written "name: value", which a header must not read as a crawler's scope.
_VALUED = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
_SCOPED = re.compile(r"\s*([A-Za-z_-]+)\s*:(.*)", re.DOTALL)
# A page's head ends where its body starts; a head this long is no page's.
_HEAD_LIMIT = 256 * 1024
_BODY = re.compile(rb"<body[\s>/]", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


@dataclass(frozen=True)
class KeepRefusal:
    """A page's request not to be kept: ``kind`` is ``noindex`` (also ``none``) or
    ``noarchive``, ``said_by`` where the page says it (``X-Robots-Tag``, ``<meta
    name="robots">``), ``directive`` the word it says (``none``)."""

    kind: str
    said_by: str
    directive: str


def keep_refusal(headers: list[str], html: bytes, token: str) -> KeepRefusal | None:
    """Whether a page asks not to be kept, by its ``X-Robots-Tag`` header values and its
    head's robots meta tags, for every crawler or for ``token`` (the crawler's robots
    token, matched case-insensitively); None when it does not."""
    token = token.lower()
    for value in headers:
        scope, directives = _header_directives(value)
        if scope in (None, token) and (found := _refusing(directives)) is not None:
            return KeepRefusal(found[1], "X-Robots-Tag", found[0])
    if not _mentions(html[:_HEAD_LIMIT], token):
        return None
    for name, content in _robots_metas(html):
        if name in ("robots", token) and (found := _refusing(content)) is not None:
            return KeepRefusal(found[1], f'<meta name="{name}">', found[0])
    return None


def _header_directives(value: str) -> tuple[str | None, str]:
    """The crawler a header value is for (None: every crawler) and its directives."""
    match = _SCOPED.match(value)
    if match is None or match.group(1).lower() in _VALUED:
        return None, value
    return match.group(1).lower(), match.group(2)


def _refusing(directives: str) -> tuple[str, str] | None:
    """The strongest refusing directive said, and the kind it is counted as; or None."""
    said = {part.strip().lower() for part in directives.split(",")}
    return next((pair for pair in _REFUSING if pair[0] in said), None)


@lru_cache(maxsize=8)
def _mention_pattern(token: str) -> re.Pattern[bytes]:
    names = b"robots|" + re.escape(token.encode("ascii", "ignore"))
    return re.compile(rb"name\s*=\s*[\"']?\s*(?:" + names + rb")\b", re.IGNORECASE)


def _mentions(head: bytes, token: str) -> bool:
    """A cheap first look: does any name= attribute name robots or the token?"""
    return _mention_pattern(token).search(head) is not None


def _robots_metas(html: bytes) -> list[tuple[str, str]]:
    """(name, content) of each ``<meta>`` in the page's head, the name lower-cased."""
    body = _BODY.search(html, 0, _HEAD_LIMIT)
    head = html[: body.start() if body else _HEAD_LIMIT]
    metas = []
    for tag in _META.findall(head):
        attributes = {
            key.lower(): value.strip(b"\"'") for key, value in _ATTRIBUTE.findall(tag[5:])
        }
        name = attributes.get(b"name", b"").decode("latin-1").strip().lower()
        content = attributes.get(b"content", b"").decode("latin-1")
        if name:
            metas.append((name, content))
    return metas
