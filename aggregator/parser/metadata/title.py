"""The headline: the metadata's titles (og:title, JSON-LD, twitter:title, <title>, each
without the site's name) weighed against the page's h1s; where they agree the metadata's
spelling wins, else the page's one h1, else the metadata."""

from __future__ import annotations

from aggregator.parser.metadata.headings import h1_texts, visible_title_heading
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.metadata.site import SEPARATOR_CHARS, TITLE_SEPARATORS, strip_site_suffix
from aggregator.parser.text import norm_key
from aggregator.parser.tree import Page


def headline(page: Page, site: str) -> Found:
    """The article's own title as shown on the page, without site-name suffixes.

    Editors type the title once and templates render it as ``<h1>``, og:title and
    JSON-LD ``headline``. Where they agree, the metadata spelling wins (an h1
    split into spans loses its colon); where the h1 adds a kicker or SEO prefix
    to a metadata title, the shorter title is the headline. Where nothing agrees,
    the page's one h1 is the title it shows (metadata titles are often a
    shorter social or SEO variant); else og:title, then JSON-LD, then an h1.
    """
    h1s, seo, logo = h1_texts(page)
    metas = _metadata_titles(page, site, logo)
    keyed = [(norm_key(v), v, src) for v, src in metas]
    site_key = norm_key(site)
    site_keys = {site_key, *_title_site_parts(page)} - {""}
    if not h1s and seo:
        found = visible_title_heading(page, keyed)
        if found:
            return found
        h1s = seo
    return (
        _agreement(h1s, keyed)
        or _single_h1(h1s, site_keys, bool(seo) or _metadata_agrees(keyed))
        or _first_metadata(keyed, site_key)
        or next(((t, "heuristic") for t in h1s if norm_key(t) not in site_keys), None)
        or (metas[0] if metas else ("", ""))
    )


def _metadata_titles(page: Page, site: str, logo: str) -> list[tuple[str, str]]:
    """og:title, JSON-LD headline, twitter:title and <title>, each without the site name
    (and without a part that is the ``logo``'s text)."""
    article = best_article(page)
    metas: list[tuple[str, str]] = []
    for value, source, aggressive in (
        (page.meta_first("og:title"), "meta", False),
        (jsonld_str(article, "headline"), "json-ld", False),
        (page.meta_first("twitter:title"), "meta", False),
        (page.title, "meta", True),  # <title> carries section labels too
    ):
        if value:
            value = strip_site_suffix(value, site, aggressive)
            metas.append((_without_logo_part(value, logo), source))
    if page.title and len(metas) == 1:
        # Only a <title>: its parts but the site's may all be the headline ("Biden - Xi
        # summit ends without deal"), which an h1 printing them says.
        whole = _without_logo_part(strip_site_suffix(page.title, site, False), logo)
        if whole != metas[0][0]:
            metas.append((whole, "meta"))
    return metas


def _without_logo_part(title: str, logo: str) -> str:
    """The title without a first or last part that is the logo's text word for word
    ("Rinderleber-Geschnetzeltes | Liebe geht durch den Magen", the logo the site's name)."""
    parts = TITLE_SEPARATORS.split(title)
    key = norm_key(logo)
    if not key or len(parts) < 2:
        return title
    if norm_key(parts[-1]) == key:
        return title[: title.rfind(parts[-1])].rstrip(SEPARATOR_CHARS)
    if norm_key(parts[0]) == key:
        return title[len(parts[0]) :].lstrip(SEPARATOR_CHARS)
    return title


def _agreement(h1s: list[str], keyed: list[tuple[str, str, str]]) -> Found | None:
    """An h1 and a metadata title that say the same, or one inside the other."""
    for text in h1s:
        k = norm_key(text)
        if not k:
            continue
        for mk, value, src in keyed:
            if mk == k:
                return value, src
        for mk, value, src in keyed:
            if len(mk) > 15 and mk in k and k.endswith(mk):
                return value, src  # h1 = kicker + title
        for mk, _value, _src in keyed:
            if len(k) > 15 and k in mk:
                return text, "heuristic"  # metadata adds a suffix the splitter missed
        for mk, value, _src in keyed:
            if len(mk) > 15 and k.startswith(mk) and len(k) > len(mk) and _cut_short(value, text):
                return text, "heuristic"  # metadata cut the h1's title short
    return None


def _cut_short(title: str, h1: str) -> bool:
    """A metadata title that is the start of ``h1`` cut to a length: it ends in an
    ellipsis ("…", "..."), or inside one of the h1's words. One that ends where a word of
    the h1 does is whole, and the h1 adds to it (a badge, "[VIDEO]", a dek, the site)."""
    if title.rstrip().endswith(("…", "...")):
        return True
    seen, goal = 0, len(norm_key(title))
    for i, char in enumerate(h1):
        seen += len(norm_key(char))
        if seen >= goal:
            return char.isalnum() and i + 1 < len(h1) and h1[i + 1].isalnum()
    return False


def _title_site_parts(page: Page) -> set[str]:
    """The site's name as the ``<title>`` prints it beside the headline: its first or last
    part, where the rest of the ``<title>`` is the title og:title, JSON-LD or
    twitter:title gives ("Council caps rent increases | Pine County Gazette" beside that
    og:title). A blog's one h1 is often this name, and the post's title an h2: an h1
    that says it is the site's name, not the headline, though no og:site_name names it."""
    parts = TITLE_SEPARATORS.split(page.title or "")
    if len(parts) < 2:
        return set()
    declared = (
        page.meta_first("og:title"),
        jsonld_str(best_article(page), "headline"),
        page.meta_first("twitter:title"),
    )
    titles = {norm_key(t) for t in declared if t} - {""}
    found = set()
    for name, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        if norm_key(" ".join(rest)) in titles:
            found.add(norm_key(name))
    return found - titles


def _single_h1(h1s: list[str], site_keys: set[str], outweighed: bool) -> Found | None:
    """The page's only h1 (not the site name, not an SEO label): the title it shows.

    Not when the page also has SEO-label h1s, nor when og:title and JSON-LD agree
    on another title (two sources against one).
    """
    titles = [t for t in h1s if norm_key(t) and norm_key(t) not in site_keys]
    if len(titles) == 1 and not outweighed and len(titles[0].split()) >= 3:
        return titles[0], "heuristic"
    return None


def _metadata_agrees(keyed: list[tuple[str, str, str]]) -> bool:
    """og:title and JSON-LD say the same title: two sources outweigh a differing h1."""
    sources = {src for mk, _v, src in keyed[:2] if mk}
    keys = {mk for mk, _v, _src in keyed[:2] if mk}
    return len(sources) == 2 and len(keys) == 1


def _first_metadata(keyed: list[tuple[str, str, str]], site_key: str) -> Found | None:
    for mk, value, src in keyed[:2]:
        if mk and mk != site_key:
            return value, src
    return None
