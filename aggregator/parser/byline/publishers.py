"""The names of the site and its publisher, and a "person" so named moved to the credits;
the names of the site's sections, which name no author.

JSON-LD, the visible byline and meta tags all name the publisher as an author on some
sites ("STERN.de", "n-tv"); each step of the chain sorts its names against these.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from aggregator.parser.byline.names import dedupe
from aggregator.parser.metadata.declared import section
from aggregator.parser.text import clean, norm_key, text_of


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


# A breadcrumb trail holds a few links; a block classed "has-breadcrumb" holds the page.
_CRUMBS_MAX = 8
# One word of a URL's path: a section's slug ("/politics/…"), not a name's ("/jane-doe/").
_SECTION_SLUG = re.compile(r"[^\W\d_]+")


def section_keys(page: Any) -> set[str]:
    """The site's sections this page is filed under, as keys: the declared section
    (JSON-LD ``articleSection``, ``article:section``), the breadcrumb trail's items
    (JSON-LD ``BreadcrumbList``, a breadcrumb-classed block's links) and the URL's first
    path segment where it is one word. A CMS that fills the author field with the page's
    category ("Politics", "Sport") names no one by it."""
    names = {section(page)[0]}
    first = urlsplit(page.url or "").path.strip("/").split("/")[0]
    if _SECTION_SLUG.fullmatch(first):
        names.add(first)
    crumbs: set[str] = set()
    for obj in page.jsonld:
        if obj.get("@type") == "BreadcrumbList" and isinstance(obj.get("itemListElement"), list):
            crumbs.update(_crumb_name(item) for item in obj["itemListElement"])
    for trail in page.doc.xpath("//body//*[contains(@class, 'breadcrumb')]"):
        links = list(trail.iter("a"))
        if len(links) <= _CRUMBS_MAX:  # a trail, not a wrapper whose class names a state
            crumbs.update(clean(text_of(a)) for a in links)
    # A trail's one-word items are sections; one of more words may be a columnist's page
    # ("Meinung > Kolumnen > Jane Doe"), whose name is the author's.
    names.update(c for c in crumbs if len(c.split()) == 1)
    return {norm_key(n) for n in names if n and len(norm_key(n)) >= 2}


def _crumb_name(item: Any) -> str:
    """A BreadcrumbList item's name (on the item, or on the thing it points to)."""
    if not isinstance(item, dict):
        return ""
    name = item.get("name")
    if not isinstance(name, str) and isinstance(item.get("item"), dict):
        name = item["item"].get("name")
    return name if isinstance(name, str) else ""
