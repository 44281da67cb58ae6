"""The names of the site and its publisher, and a "person" so named moved to the credits.

JSON-LD, the visible byline and meta tags all name the publisher as an author on some
sites ("STERN.de", "n-tv"); each step of the chain sorts its names against these.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.parser.byline.names import dedupe
from aggregator.parser.text import norm_key


def publisher_names(page: Any, article: dict[str, Any], site: str) -> set[str]:
    """The site's, the JSON-LD publisher's, og:site_name's and the host's names, as keys."""
    names = {site} if site else set()
    publisher = article.get("publisher") if article else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.add(publisher["name"])
    names.add(page.meta_first("og:site_name"))
    host = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*$", r"\1", page.url or ""))
    names.add(host)
    names.add(host.split(".")[0])
    return {norm_key(n) for n in names if n and len(norm_key(n)) >= 2}


def is_publisher(name: str, publishers: set[str]) -> bool:
    """Whether ``name`` is one of ``publishers`` (publisher_names), or holds or is held by
    one of four characters or more ("STERN.de" beside "stern")."""
    key = norm_key(name)
    return bool(key) and any(
        key == p or (len(p) >= 4 and (p in key or key in p)) for p in publishers
    )


def split_publishers(
    persons: list[str], orgs: list[str], publishers: set[str]
) -> tuple[list[str], list[str]]:
    """A "person" whose name is the site or its publisher is a credit ("STERN.de", "n-tv")."""
    keep = []
    for name in persons:
        if is_publisher(name, publishers):
            orgs = orgs + [name]
        else:
            keep.append(name)
    # "Scott Gilbertson Gear Team" next to "Scott Gilbertson" and "Gear Team": drop the glued one.
    keys = [norm_key(n) for n in keep + orgs]

    def glued(n: str) -> bool:
        nk = norm_key(n)
        return any(k != nk and k and nk.startswith(k) and len(nk) > len(k) + 3 for k in keys)

    keep = [n for n in keep if not glued(n)]
    orgs = [n for n in orgs if not glued(n)]
    return keep, dedupe(orgs)
