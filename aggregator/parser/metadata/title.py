"""The headline: the metadata's titles (og:title, JSON-LD, twitter:title, <title>, each
without the site's name) weighed against the page's h1s; where they agree the metadata's
spelling wins, else the page's one h1, else the metadata."""

from __future__ import annotations

from aggregator.parser.metadata.headings import h1_texts, visible_title_heading
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.metadata.site import SEPARATOR_CHARS, TITLE_SEPARATORS, strip_site_suffix
from aggregator.parser.text import nfkc, norm_key
from aggregator.parser.tree import Page
from aggregator.parser.urls import site_host


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
    site_keys |= _host_names(page.url)
    return (
        _agreement(h1s, keyed)
        or _title_head(h1s, keyed, site_keys)
        or _single_h1(h1s, site_keys, bool(seo) or _metadata_agrees(keyed))
        or _first_metadata(keyed, site_key, site_keys)
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


# Characters that part a title's head from its site's name: "|" and "_" always
# ("国务院召开常务会议_新华网"); the others spaced ("Budget approved - Tagesblatt"), or
# beside a CJK character, where titles put no spaces ("…-新华网"). Unspaced between
# letters they join words ("BILD-Umfrage", "Covid-19"). NFKC reads full-width ones as these.
_SITE_PARTING = frozenset("|-–—:·•»/_~")
_PARTING_UNSPACED = frozenset("|_")
_CJK_START = 0x2E80  # CJK radicals, kana, ideographs, Hangul and what follows them
# The longest site part a title's head is cut from whatever the head's length (a site's
# name, or a section's and the site's); a longer one must be shorter than the head. A
# blog's h1 is often its name, the <title> "name - post title": the post's title, longer
# than the name, is no site part.
_SITE_PART_CHARS = 30


def _parts_at(title: str, i: int) -> bool:
    """Whether ``title[i]`` is a separator between a title's head and its site's name."""
    char = nfkc(title[i])
    if char not in _SITE_PARTING:
        return False
    if char in _PARTING_UNSPACED:
        return True
    before, after = title[i - 1 : i], title[i + 1 : i + 2]
    if before.isspace() and after.isspace():
        return True
    return any(ord(c) >= _CJK_START for c in before + after)


def _title_head(
    h1s: list[str], keyed: list[tuple[str, str, str]], site_keys: set[str]
) -> Found | None:
    """The head of a metadata title that an h1 (not the site's name) says, without the
    site part the splitter missed: asked once no h1 agrees with a title outright."""
    for text in h1s:
        key = norm_key(text)
        if not key or key in site_keys:
            continue
        for _mk, value, src in keyed:
            if head := _head_saying(key, value):
                return head, src
    return None


def _head_saying(key: str, title: str) -> str | None:
    """The head of ``title`` that says ``key`` (an h1's), where what follows it is a
    site part after a separator ("Budget approved" of "Budget approved | The Daily
    Example"); None where the title goes on otherwise. The h1 printing the title's head
    word for word is the evidence the rest is no part of the headline, at any length and
    in any script, where the rest is short enough for a site's name."""
    seen = 0
    for i, char in enumerate(title):
        seen += len(norm_key(char))
        if seen < len(key):
            continue
        head, rest = title[: i + 1], title[i + 1 :]
        at = i + 1 + len(rest) - len(rest.lstrip())  # the first character after spaces
        site = nfkc(rest).strip().lstrip("".join(_SITE_PARTING)).strip()
        if (
            norm_key(head) == key
            and at < len(title)
            and _parts_at(title, at)
            and site
            and (len(site) <= _SITE_PART_CHARS or len(norm_key(site)) < len(key))
        ):
            return head.strip()
        return None
    return None


def _host_names(url: str) -> set[str]:
    """The page's host name as a title may print it as the site's name: "example.com",
    and its labels of three characters or more but the last ("example" of
    "news.example.com")."""
    host = site_host(url)
    labels = host.split(".")[:-1]
    return {norm_key(host), *(norm_key(label) for label in labels if len(label) >= 3)} - {""}


def _without_site_name(value: str, site_keys: set[str]) -> str:
    """``value`` without a last or first part that is the site's name (one of
    ``site_keys``: og:site_name, the title's site part, the host's name), parted by a
    separator spaced or not ("国务院召开常务会议_新华网" beside og:site_name 新华网)."""
    for i in range(1, len(value) - 1):
        if not _parts_at(value, i):
            continue
        head, tail = value[:i].strip(), value[i + 1 :].strip()
        if norm_key(head) and norm_key(tail) in site_keys:
            return head.rstrip("".join(_SITE_PARTING)).strip()
        if norm_key(tail) and norm_key(head) in site_keys:
            return tail.lstrip("".join(_SITE_PARTING)).strip()
    return value


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


def _first_metadata(
    keyed: list[tuple[str, str, str]], site_key: str, site_keys: set[str]
) -> Found | None:
    """og:title or JSON-LD's (else the first title), without a site's name it still ends
    or starts with."""
    for mk, value, src in keyed[:2]:
        if mk and mk != site_key:
            return _without_site_name(value, site_keys), src
    return None
