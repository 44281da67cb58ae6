"""Whether a page asks not to be kept: ``X-Robots-Tag`` headers and robots ``<meta>`` tags.

A site says "no cached copy" (``noarchive``) or "keep me out of indexes" (``noindex``,
``none``) per page, for every crawler or for one by its robots token: a header
``X-Robots-Tag: noarchive`` or ``X-Robots-Tag: newsagg: none``, a tag
``<meta name="robots" content="noarchive">`` or ``<meta name="newsagg" content="none">``.
An aggregator keeps and shows a page's text, so either refuses the page
(docs/crawling.md, "Politeness"). Other directives (``nofollow``, ``nosnippet``,
``max-snippet``, ``unavailable_after`` …) refuse nothing.

The crawl asks this of every article page it fetches: the bytes are scanned, not parsed,
and only the page's own ``<meta>`` elements in its head count. The head runs to its
``<body>`` tag: an element no head holds before it (a template's hidden ``<input>``, as
on telegraph.co.uk, whose robots tag follows one) does not end it, the tags were written
for the head. On a page that leaves ``<body>`` out it runs to its first such element (a
``<div>``, a ``<p>``: where a browser starts the body). What only looks like a tag is
skipped: a comment (``<!-- <meta name="robots" content="noindex"> -->``, a staging
note), the text of a ``<script>`` (a string a script writes), a ``<style>``, a
``<title>``, a ``<template>`` and a ``<noscript>`` (text to a crawler that runs scripts,
as search engines' do).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

# The directives that refuse a page, strongest first, and the name each is counted under.
_REFUSING = (("noindex", "noindex"), ("none", "noindex"), ("noarchive", "noarchive"))
# Directives written "name: value", which a header must not read as a crawler's scope.
_VALUED = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
# A crawler's name is a robots token (aggregator.config.values.robots_token_of's rule).
_SCOPED = re.compile(r"\s*([A-Za-z0-9_-]+)\s*:(.*)", re.DOTALL)
# A page's head ends where its body starts; a head this long is no page's.
_HEAD_LIMIT = 256 * 1024
# The elements a head holds (HTML's "in head" and "after head" rules): any other start
# tag, <body> first, starts the body.
_HEAD_ELEMENTS = frozenset(
    b"html head meta link base basefont bgsound title style script noscript template "
    b"noframes".split()
)
# In a head: a comment, an element whose content is text to a crawler running scripts
# (run to its end tag, or to the end of what is read), or a start tag (name, attributes).
_HEAD_TOKEN = re.compile(
    rb"<!--.*?(?:-->|\Z)"
    rb"|<(script|style|title|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    rb"""|<([A-Za-z][-\w:]*)((?:"[^"]*"|'[^']*'|[^>"'])*)>""",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(rb"""([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


@dataclass(frozen=True)
class KeepRefusal:
    """A page's request not to be kept: ``kind`` is ``noindex`` (also ``none``) or
    ``noarchive``, ``said_by`` where the page says it (``X-Robots-Tag``, ``<meta
    name="robots">``), ``directive`` the word it says (``none``)."""

    kind: str
    said_by: str
    directive: str

    @property
    def counted_as(self) -> str:
        """The failure kind the page is counted under (``robots_noarchive``)."""
        return f"robots_{self.kind}"


#: The failure kinds of pages refused as asking not to be kept, as crawl_runs.errors has them.
REFUSAL_KINDS = ("robots_noarchive", "robots_noindex")
#: What stores such pages, for an operator with the site's licence.
OVERRIDE = "politeness.obey_robots_meta: false"


def refusals_said(errors: Mapping[str, int]) -> str | None:
    """How many article pages a crawl did not store as they asked not to be kept, by
    kind, and the key that stores them, in words for one line; None when there were none
    (``errors``: failures by kind, as crawl_runs.errors)."""
    counts = [(kind, errors[kind]) for kind in REFUSAL_KINDS if errors.get(kind)]
    if not counts:
        return None
    total = sum(count for _, count in counts)
    listed = ", ".join(f"{kind} {count}" for kind, count in counts)
    pages = "page asked" if total == 1 else "pages asked"
    return (
        f"{total} article {pages} not to be kept and {'was' if total == 1 else 'were'} "
        f"not stored ({listed}); {OVERRIDE} stores them, only with the site's licence"
    )


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
    """(name, content) of each ``<meta>`` element of the page's head, the name lower-cased:
    those before its ``<body>``; on a page without one, those before its first element no
    head holds."""
    metas: list[tuple[str, str]] = []
    in_head = -1  # how many of metas came before an element no head holds (-1: none yet)
    for token in _HEAD_TOKEN.finditer(html, 0, _HEAD_LIMIT):
        element = token.group(2)
        if element is None:  # a comment, or the text of a script, style, noscript …
            continue
        element = element.lower()
        if element == b"body":
            return metas
        if element not in _HEAD_ELEMENTS and in_head < 0:
            in_head = len(metas)
        elif element == b"meta" and (meta := _meta(token.group(3))) is not None:
            metas.append(meta)
    return metas if in_head < 0 else metas[:in_head]


def _meta(attributes_text: bytes) -> tuple[str, str] | None:
    """A meta element's (name, content), the name lower-cased; None without a name."""
    attributes = {
        key.lower(): value.strip(b"\"'") for key, value in _ATTRIBUTE.findall(attributes_text)
    }
    name = attributes.get(b"name", b"").decode("latin-1").strip().lower()
    content = attributes.get(b"content", b"").decode("latin-1")
    return (name, content) if name else None
