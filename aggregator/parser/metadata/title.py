"""Page metadata: headline, standfirst, site name, language, canonical URL, image,
section, tags and the paywall flag. Each function is a small fallback chain
(JSON-LD, meta tags, then the DOM) and reports which rule produced the value.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any
from urllib.parse import unquote

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import caption_classed, in_chrome, index_path, story_top, within
from aggregator.parser.text import (
    clean,
    clean_markup,
    norm_key,
    pieces_apart,
    short_text,
    text_of,
)
from aggregator.parser.tree import Page, article_rank, classed
from aggregator.parser.urls import (
    canonicalize_url,
    home_path,
    page_key,
    path_segments,
    site_host,
)

Found = tuple[str, str]  # (value, provenance)

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+|\s+::\s+")
_SEPARATOR_CHARS = " |-–—:·•»/"


def best_article(page: Page) -> dict[str, Any]:
    """The JSON-LD object that most likely describes this page's article."""
    candidates = page.articles()
    if not candidates:
        return {}
    here = _page_keys(page)

    # An article before a WebPage (which always names this page), then the one whose URL
    # is this page (a related story's NewsArticle may come first), then one that names
    # no URL, then the most article-like type.
    def key(obj: dict[str, Any]) -> tuple[bool, int, int, int, int]:
        body = obj.get("articleBody")
        rank = article_rank(obj)
        return (
            rank == _PAGE_RANK,
            _names_page(obj, here),
            rank,
            0 if obj.get("headline") else 1,
            0 if isinstance(body, str) and body else 1,
        )

    return sorted(candidates, key=key)[0]


def page_articles(page: Page) -> list[dict[str, Any]]:
    """The page's JSON-LD article objects in document order; where an article (no
    WebPage) names this page (``url``, ``@id``, ``mainEntityOfPage``), without those
    that name another (related stories)."""
    candidates = page.articles()
    here = _page_keys(page)
    names = [_names_page(obj, here) for obj in candidates]
    if not any(
        name == _THIS_PAGE and article_rank(obj) != _PAGE_RANK
        for obj, name in zip(candidates, names, strict=True)
    ):
        return candidates
    return [obj for obj, name in zip(candidates, names, strict=True) if name != _OTHER_PAGE]


_PAGE_RANK = 2  # article_rank of a WebPage or CreativeWork
_THIS_PAGE, _NO_URL, _OTHER_PAGE = 0, 1, 2


def _names_page(obj: dict[str, Any], here: set[str]) -> int:
    """Whether a JSON-LD object's URLs name this page, no page, or another page."""
    entity = obj.get("mainEntityOfPage")
    urls = [obj.get("url"), obj.get("@id"), entity]
    if isinstance(entity, dict):
        urls += [entity.get("@id"), entity.get("url")]
    keys = {page_key(u, "") for u in urls if isinstance(u, str) and "/" in u}
    keys.discard("")
    if not keys:
        return _NO_URL
    return _THIS_PAGE if keys & here else _OTHER_PAGE


def _page_keys(page: Page) -> set[str]:
    """The page's own URL, its canonical and og:url, as ``urls.page_key`` compares them."""
    urls = [page.url, *page.links.get("canonical", []), page.meta_first("og:url")]
    keys = {page_key(u, page.url) for u in urls if u}
    keys.discard("")
    return keys


def _jsonld_str(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return clean_markup(value) if isinstance(value, str) else ""


def site_name(page: Page) -> Found:
    for key in ("og:site_name", "application-name", "al:ios:app_name"):
        value = _without_home_label(page.meta_first(key), page)
        if value:
            return value, "meta"
    for obj in page.jsonld:
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(
            isinstance(t, str) and t.lower() in ("website", "newsmediaorganization", "organization")
            for t in types
        ):
            name = _without_home_label(_jsonld_str(obj, "name"), page)
            if name:
                return name, "json-ld"
    publisher = best_article(page).get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        name = _without_home_label(clean_markup(publisher["name"]), page)
        if name:
            return name, "json-ld"
    return "", ""


def _without_home_label(name: str, page: Page) -> str:
    """A site name without the home page's label a template took with it from the home
    page's title: a first or last part that is the label ("Home - Springfield Courier",
    "Home | Sport | Courier" → "Sport | Courier"); "" when the label is all of it. A brand
    that starts with the word ("Home Magazin", "House & Home") has no separator after it
    and stays, and so does one the article's own title ends with, label and all ("… |
    HOME - Das Magazin"): a home page's label is not in every article's title."""
    parts = _TITLE_SEPARATORS.split(name)
    start, end = 0, len(parts)
    while start < end and vocab.HOME_LABEL.fullmatch(parts[start].strip()):
        start += 1
    while end > start and vocab.HOME_LABEL.fullmatch(parts[end - 1].strip()):
        end -= 1
    if (start, end) == (0, len(parts)) or _ends_titles(name, page):
        return name
    if start == end:
        return ""
    # Cut the name at the kept parts, so their own separators stay as written.
    first, last = parts[start], parts[end - 1]
    begin = name.find(first) if start else 0
    return name[begin : name.rfind(last) + len(last)].strip()


def _ends_titles(name: str, page: Page) -> bool:
    """The page's title or og:title ends with ``name`` (as its last part)."""
    key = norm_key(name)
    return any(
        len(_TITLE_SEPARATORS.split(title)) > 1 and norm_key(title).endswith(key)
        for title in (page.title or "", page.meta_first("og:title"))
    )


def strip_site_suffix(title: str, site: str, aggressive: bool = True) -> str:
    """'Headline - Site Name' / 'Site | Headline' / 'Headline | Section | Site' → 'Headline'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = norm_key(site) if site else ""

    # Drop trailing/leading parts that are the site name or short labels.
    def is_label(part: str) -> bool:
        key = norm_key(part)
        return not key or bool(site_key and (key == site_key or key in site_key or site_key in key))

    while len(parts) > 1 and is_label(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_label(parts[0]):
        parts.pop(0)
    if len(parts) > 1 and aggressive:
        # Still several parts: keep the longest run if the others are short section labels.
        longest = max(parts, key=len)
        others = [p for p in parts if p is not longest]
        if all(len(p.split()) <= 3 for p in others) and len(longest.split()) >= 4:
            i = parts.index(longest)
            # Only cut labels at the ends; a colon inside a headline is part of it.
            if i == 0 or i == len(parts) - 1:
                parts = [longest]
    # Rejoin with the original separators by cutting the title at the kept span.
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else title


def _is_seo_heading(h: etree._Element) -> bool:
    """An h1 that only labels the page for crawlers: inside a breadcrumb trail or nav list.

    Templates that print the visible title as an ``h2`` often keep the ``h1`` in
    the breadcrumb bar (``nav > ol > li > h1``, class ``breadcrumb__headline``).
    """
    node, depth = h, 0
    while node is not None and depth < 8:
        if node is not h and node.tag in ("nav", "li"):
            return True
        ci = (node.get("class") or "") + " " + (node.get("id") or "")
        if vocab.SEO_HEADING.search(ci) or any("breadcrumb" in k for k in node.attrib):
            return True
        node, depth = node.getparent(), depth + 1
    return False


_LOGO = re.compile(r"logo|site-?(?:title|name|branding)|branding|masthead", re.IGNORECASE)


def _site_logo(h: etree._Element) -> bool:
    """An h1 that is the site's logo: classed as one (or its wrapper), or wholly a link to
    the home page (``<h1 class="site-title"><a href="/">Springfield Courier</a></h1>``)."""
    around = [*h.iter(), *islice(h.iterancestors(), 2)]  # "<div id='logo'><h1>"
    if any(_LOGO.search(f"{el.get('class') or ''} {el.get('id') or ''}") for el in around):
        return True
    links = [a for a in h.iter("a") if a.get("href") is not None]
    text = clean(text_of(h))
    return bool(text) and any(
        home_path(a.get("href") or "") and clean(text_of(a)) == text for a in links
    )


def _in_link(h: etree._Element) -> bool:
    node = h.getparent()
    while node is not None:
        if node.tag == "a" and node.get("href"):
            return True  # a teaser card's title, not this page's
        node = node.getparent()
    return False


def _h1_candidates(page: Page) -> list[etree._Element]:
    return [h for h in page.doc.iter("h1") if not _in_link(h)][:8]


def _visible_title_heading(page: Page, keyed: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    """The metadata title printed as an article-header ``h2`` (kicker spans allowed).

    Only asked when every h1 is a breadcrumb/SEO label: the visible title is then
    the header's h2, as a whole (kicker + title) or one of its spans (the title
    without the kicker). Metadata titles are tried in order of trust (og:title,
    JSON-LD, twitter, <title>) and the metadata spelling is returned.
    """
    heads = []
    for h in page.doc.iter("h2"):
        if _in_link(h) or _is_seo_heading(h):
            continue
        keys = set()
        for el in h.iter():
            if isinstance(el.tag, str):
                k = norm_key(text_of(el))
                if len(k) >= 10:
                    keys.add(k)
        if keys:
            heads.append(keys)
        if len(heads) >= 12:
            break
    for mk, value, src in keyed:
        if len(mk) < 10:
            continue
        for keys in heads:
            if mk in keys:
                return value, src
    return None


def headline(page: Page, site: str) -> Found:
    """The article's own title as shown on the page, without site-name suffixes.

    Editors type the title once and templates render it as ``<h1>``, og:title and
    JSON-LD ``headline``. Where they agree, the metadata spelling wins (an h1
    split into spans loses its colon); where the h1 adds a kicker or SEO prefix
    to a metadata title, the shorter title is the headline. Where nothing agrees,
    the page's one h1 is the title it shows (metadata titles are often a
    shorter social or SEO variant); else og:title, then JSON-LD, then an h1.
    """
    h1s, seo, logo = _h1_texts(page)
    metas = _metadata_titles(page, site, logo)
    keyed = [(norm_key(v), v, src) for v, src in metas]
    site_key = norm_key(site)
    if not h1s and seo:
        found = _visible_title_heading(page, keyed)
        if found:
            return found
        h1s = seo
    return (
        _agreement(h1s, keyed)
        or _single_h1(h1s, site_key, bool(seo) or _metadata_agrees(keyed))
        or _first_metadata(keyed, site_key)
        or next(((t, "heuristic") for t in h1s if norm_key(t) != site_key), None)
        or (metas[0] if metas else ("", ""))
    )


def _metadata_titles(page: Page, site: str, logo: str) -> list[tuple[str, str]]:
    """og:title, JSON-LD headline, twitter:title and <title>, each without the site name
    (and without a part that is the ``logo``'s text)."""
    article = best_article(page)
    metas: list[tuple[str, str]] = []
    for value, source, aggressive in (
        (page.meta_first("og:title"), "meta", False),
        (_jsonld_str(article, "headline"), "json-ld", False),
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
    parts = _TITLE_SEPARATORS.split(title)
    key = norm_key(logo)
    if not key or len(parts) < 2:
        return title
    if norm_key(parts[-1]) == key:
        return title[: title.rfind(parts[-1])].rstrip(_SEPARATOR_CHARS)
    if norm_key(parts[0]) == key:
        return title[len(parts[0]) :].lstrip(_SEPARATOR_CHARS)
    return title


def _h1_texts(page: Page) -> tuple[list[str], list[str], str]:
    """(h1 texts, h1 texts that only label the page for crawlers, the text of the first
    h1 that is the site's logo or "")."""
    h1s: list[str] = []
    seo: list[str] = []
    logo = ""
    for h in _h1_candidates(page):
        if _site_logo(h):
            logo = logo or clean(text_of(h))
            continue
        text = clean("".join(pieces_apart(h)))  # "Council votes to expand<br>bike lanes"
        if 3 <= len(text) <= 400:
            (seo if _is_seo_heading(h) else h1s).append(text)
    return h1s, seo, logo


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


def _single_h1(h1s: list[str], site_key: str, outweighed: bool) -> Found | None:
    """The page's only h1 (not the site name, not an SEO label): the title it shows.

    Not when the page also has SEO-label h1s, nor when og:title and JSON-LD agree
    on another title (two sources against one).
    """
    titles = [t for t in h1s if norm_key(t) and norm_key(t) != site_key]
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


def standfirst(
    page: Page, headline_el: etree._Element | None = None
) -> tuple[str, str, etree._Element | None]:
    """The dek: from a DOM element near the title if there is one, else the description."""
    description = page_description(page)
    desc_key = norm_key(description)[:60]
    best = None
    leads = classed(
        page.doc,
        ("p", "div", "h2", "span", "section", "header"),
        vocab.LEAD_CLASS_WORDS,
        lambda el: el.get("itemprop") in ("description", "abstract"),
    )
    for el in leads:
        cls = (el.get("class") or "") + " " + (el.get("id") or "")
        itemprop = el.get("itemprop") or ""
        if not (vocab.LEAD_CLASS.search(cls) or itemprop in ("description", "abstract")):
            continue
        if vocab.NOT_LEAD.search(cls):
            continue
        if len(el) > 12:
            continue
        if _not_this_story(el, headline_el):
            continue
        text = short_text(el, 1200)
        if not text or len(text) < 30:
            continue
        beside = text_beside_pictures(el)
        if len(beside) >= 30:
            text = beside  # the dek printed after the lead picture, without its caption
        if _credit_line(text) or _alt_again(el, text):
            continue  # a picture's caption and credit, wherever it stands
        if desc_key and norm_key(text)[:60] == desc_key:
            return text, "heuristic", el
        if best is None:
            best = (text, el)
    if best is not None:
        return best[0], "heuristic", best[1]
    lead = description_lead(description)
    return lead, "meta" if lead else "", None


def _not_this_story(el: etree._Element, h1: etree._Element | None) -> bool:
    """``el`` is in the page's chrome (a site tagline, a sidebar's intro box), or before
    the headline outside the story's top (scope.story_top): another story's card, a
    breaking-news bar, a section's intro above the article."""
    if in_chrome(el):
        return True
    return (
        h1 is not None and index_path(el)[0] < index_path(h1)[0] and not within(el, story_top(h1))
    )


def _alt_again(el: etree._Element, text: str) -> bool:
    """``text`` repeats the alt text of a picture printed beside ``el`` (in its box, up to
    two levels up): the picture's caption, whatever its class calls it."""
    key = norm_key(text)
    box = el
    for _ in range(2):
        parent = box.getparent()
        if parent is None:
            break
        box = parent
    return any(norm_key(img.get("alt") or "") == key for img in box.iter("img"))


def _credit_line(text: str) -> bool:
    """``text`` ends in a picture's credit line: an anchored credit mark and a name after it
    ("… evening. © Valley Photo Agency", "(Foto: jdoe – stock.adobe.com)")."""
    match = vocab.CREDIT_LINE.search(text)
    if match is None:
        return False
    name: str = match.group("name")
    words: list[str] = re.findall(r"[^\W\d_][\w'’.-]*", name)
    if len(words) > vocab.CREDIT_NAME_MAX_WORDS:
        return False  # a clause, not a name: "Photographers: ten names to watch …"
    if _WEB_ADDRESS.search(name) or any(w.casefold() in vocab.AGENCIES for w in words):
        return True
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= len(words) - capitalised


_WEB_ADDRESS = re.compile(r"\w\.[a-z]{2,}\b", re.IGNORECASE)  # stock.adobe.com


def page_description(page: Page) -> str:
    """The page's own summary: JSON-LD ``description``, else the meta descriptions."""
    return _jsonld_str(best_article(page), "description") or page.meta_first(
        "og:description", "description", "twitter:description"
    )


def says_headline(standfirst: str, headline: str, site: str) -> bool:
    """The standfirst is the headline again, maybe with the site's whole name before or
    after it. A part that is only a piece of the name is more ("Storm hits coast -
    Springfield" of the Springfield Courier names a place)."""
    key, site_key = norm_key(headline), norm_key(site)
    if not key:
        return False
    parts = [norm_key(part) for part in _TITLE_SEPARATORS.split(standfirst)]
    while len(parts) > 1 and parts[-1] in ("", site_key):
        parts.pop()
    while len(parts) > 1 and parts[0] in ("", site_key):
        parts.pop(0)
    return "".join(parts) == key


def description_lead(description: str) -> str:
    """The description as a standfirst: up to 600 characters (longer ones are the article
    text itself), else ""."""
    return description if len(description) <= 600 else ""


def text_beside_pictures(el: etree._Element) -> str:
    """A lead's clean text without the picture blocks it holds ("" when they are all of it).

    A "lead" box often holds the article's lead picture (``b-lead-art``, ``image__lede``,
    ``lead_graphic``) with its caption and credit, and some print the dek after it: the
    caption is not the dek, the text beside the picture is.
    """
    return clean("".join(pieces_apart(el, skip=_picture_block)))


def picture_lead(el: etree._Element, headline: etree._Element | None = None) -> bool:
    """A lead-classed element that is a picture block: inside a figure or its caption (but
    for a hero figure that prints the ``headline`` too), or holding nothing but pictures,
    their captions and credits."""
    figures = list(el.iterancestors("figure", "figcaption"))
    in_figure = bool(figures) and not (
        headline is not None and any(within(headline, f) for f in figures)
    )
    return in_figure or len(text_beside_pictures(el)) < 30


_MEDIA_TAGS = frozenset({"figure", "figcaption", "picture", "img", "video", "iframe", "svg"})


def _picture_block(el: etree._Element) -> bool:
    """A picture, its caption or credit, or a short wrapper around a picture (the caption
    and credit printed beside it): a picture that stands apart from the text, or one
    beside a caption- or credit-classed block. An emoji, or a picture set in a
    paragraph's line (a dek opening with an icon, ending with a linked badge), leaves its
    text a dek's."""
    if not isinstance(el.tag, str):
        return False
    if el.tag in _MEDIA_TAGS:
        return True
    if caption_classed(el):
        return True
    if short_text(el, vocab.LEAD_CAPTION_MAX) is None:
        return False
    pictures = [m for m in el.iterdescendants(*_MEDIA_TAGS) if not _emoji(m)]
    if not pictures:
        return False
    return any(caption_classed(d) for d in el.iterdescendants()) or any(
        _apart(m, el) for m in pictures
    )


def _emoji(media: etree._Element) -> bool:
    """An emoji image (by its class, id or file name): a character of the text."""
    return bool(_EMOJI.search(" ".join(media.get(a) or "" for a in ("class", "id", "src"))))


_EMOJI = re.compile(r"emoji", re.IGNORECASE)


def _apart(media: etree._Element, top: etree._Element) -> bool:
    """``media`` stands apart from the text within ``top``: unless the first element
    around it holding text (its own or a tail beside it) is a paragraph, the picture set
    in the paragraph's line. Text beside a picture in any other wrapper is its caption (a
    media box printing the caption as loose text), and icons count: a row of share
    buttons, each an icon and a label, is furniture, not the dek."""
    if media.tag == "figure":
        return True
    for node in media.iterancestors():
        if node.tag == "figure":
            return True  # a block of its own, an author's photo beside the name too
        if (node.text or "").strip() or any((c.tail or "").strip() for c in node):
            return bool(node.tag != "p")
        if node is top:
            return True
    return True


def printed_description(page: Page, description: str) -> list[etree._Element]:
    """The elements that print the meta description as the article's lead, in page order.

    Many templates show the description as the dek under the title without a
    telling class; found verbatim outside captions, links and navigation it is
    the on-page standfirst (and not body text). An element's text is read up to
    its first block child: a lead that opens with bold or a link matches, a
    wrapper around a caption or around the whole body does not (except the
    opening line of a heading left open over the body). Quotes, entities and
    spacing may differ from the meta tag's. A list item is among them (``in_list``:
    the caller says where one counts).
    """
    if len(description) < 60:
        return []  # a title-length description is a title, not a lead
    body = page.doc.find("body")
    word = _rarest_opening_word(description)
    if body is None or not word:
        return []
    want = norm_key(description)
    banned = vocab.NOT_LEAD_PLACES - {"li"}
    holders = _holders(body, word)
    found = []
    for el in body.iter(*_LEAD_TAGS):
        if el not in holders:
            continue
        full = norm_key(_opening(el))
        if not full.startswith(want[:60]) or len(full) > len(want) * 1.3 + 20:
            continue
        if not any(node.tag in banned for node in (el, *el.iterancestors())):
            found.append(el)
    return found


_LEAD_TAGS = ("p", "div", "h2", "h3", "span", "strong", "section", "header", "li")


def _rarest_opening_word(text: str) -> str:
    """The longest of the words that open ``text`` (within the 60 characters compared)."""
    words: list[str] = []
    length = 0
    for word in re.findall(r"\w+", text):
        length += len(word)
        if words and length > 60:
            break
        words.append(word)
    return max(words, key=len, default="")


def _holders(body: etree._Element, word: str) -> set[etree._Element]:
    """The elements whose text holds ``word`` somewhere (their own text or an inline
    child's), so that only these are read further."""
    out: set[etree._Element] = set()
    for el in body.iter(*_LEAD_TAGS, *_INLINE_TAGS):
        text, tail = el.text, el.tail
        if text and word in text:
            node = el
        elif tail and word in tail:
            node = el.getparent()  # a tail belongs to the parent's flow
        else:
            continue
        while node is not None and node not in out:
            out.add(node)
            node = node.getparent()
    return out


_INLINE_TAGS = ("a", "b", "em", "i", "u", "font", "small", "time", "abbr", "mark", "q")


def _opening(el: etree._Element) -> str:
    """An element's text up to its first block child."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in vocab.BLOCK_TAGS:
            break
        if isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def in_list(el: etree._Element) -> bool:
    """A list item, or inside one."""
    return el.tag == "li" or next(el.iterancestors("li"), None) is not None


def language(page: Page, hint: str | None = None) -> Found:
    for value, source in (
        (page.lang, "heuristic"),
        (page.meta_first("og:locale", "content-language", "language", "dc.language"), "meta"),
        (_jsonld_str(best_article(page), "inLanguage"), "json-ld"),
        (hint or "", "feed"),
    ):
        primary = language_code(value)
        if primary:
            return primary, source
    return "", ""


# Each listed function word and the language it is of.
_LANGUAGE_OF_WORD = {word: lang for lang, words in vocab.FUNCTION_WORDS.items() for word in words}


def text_language(paragraphs: list[str], declared: str = "") -> str:
    """The language the text is written in, by its function words (``vocab.FUNCTION_WORDS``),
    for the few languages listed; "" when the text is short or says no language clearly.

    A ``declared`` language its words show at all stands: a quotation, a name list or an
    abstract in another language never replaces it. Otherwise the winner must hold a
    clear share of the words, well ahead of the next language and of the near languages
    the list does not tell (Galician, Catalan, Danish, Afrikaans …), which would
    otherwise read as their listed neighbour."""
    words = re.findall(r"[^\W\d_]+", " ".join(paragraphs).casefold())
    if len(words) < vocab.TEXT_LANGUAGE_MIN_WORDS:
        return ""
    counts = dict.fromkeys(vocab.FUNCTION_WORDS, 0)
    near = 0
    for word in words:
        lang = _LANGUAGE_OF_WORD.get(word)
        if lang:
            counts[lang] += 1
        elif word in vocab.NEAR_LANGUAGE_WORDS:
            near += 1
    if declared in counts and counts[declared] > vocab.TEXT_LANGUAGE_ABSENT_SHARE * len(words):
        return declared
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_next, second) = ranked[0], ranked[1]
    if (
        top < vocab.TEXT_LANGUAGE_MIN_SHARE * len(words)
        or top < vocab.TEXT_LANGUAGE_MARGIN * second
        or near > vocab.TEXT_LANGUAGE_NEAR_SHARE * top
    ):
        return ""
    return best


def language_code(value: str | None) -> str:
    """The primary language subtag of a tag or locale ("en-GB", "de_DE" → "en", "de");
    "" for anything that is not one."""
    value = (value or "").strip().replace("_", "-")
    if value and re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        primary = value.split("-")[0].lower()
        # BCP 47's codes for no language in particular: undetermined, multiple, none.
        return "" if primary in ("und", "mul", "zxx") else primary
    return ""


def canonical_url(page: Page) -> Found:
    for href in [*page.links.get("canonical", []), page.meta_first("og:url")]:
        if href and not _placeholder(href, page.url):
            url = canonicalize_url(href, page.url)
            if (
                url.startswith("http")
                and not _home_for_article(url, page.url)
                and not _section_for_article(url, page.url)
            ):
                return url, "meta"
    return canonicalize_url(page.url) or page.url, "url"


# A template's tag left unfilled ("{{ canonical_url }}", "{% url %}", "${url}", "<%= url %>").
_TEMPLATE_TAG = re.compile(r"\{\{|\{%|\$\{|<%")
# A script's missing value printed in its place.
_MISSING_VALUE = frozenset({"undefined", "null"})


def _placeholder(href: str, page_url: str) -> bool:
    """A canonical a template failed to fill: a template tag (also URL-encoded,
    "%7B%7B%20canonical_url%20%7D%7D"), or a script's missing value printed as
    "undefined"/"null": all of the URL or its path, or a segment of the path the page's
    own URL does not hold (``/news/m/1c62…/undefined`` on ``/news/m/1c62…/slug``). Taken
    as a URL, it would name no page, or one page for every article it is missing on. An
    album or band named "Null" is in the page's URL too, and stays."""
    href = unquote(href.strip())
    if _TEMPLATE_TAG.search(href):
        return True
    if href.casefold() in _MISSING_VALUE:
        return True
    segments = [s.casefold() for s in path_segments(href)]
    missing = [s for s in segments if s in _MISSING_VALUE]
    if not missing:
        return False
    if len(segments) == len(missing):
        return True
    own = {s.casefold() for s in path_segments(page_url)}
    return page_url.startswith("http") and any(s not in own for s in missing)


def _section_for_article(url: str, page_url: str) -> bool:
    """A canonical that is a section above the page on its site: the canonical's own
    path names no page (``_segment_names_page``: "/news/", "/politik/inland/", "/news/2024/05/"),
    and the page's path goes on below it with a segment naming the
    article (a slug of three words or more, or a long number), "/news/" on
    "/news/38853_Sperrfristende_…". Like a home canonical, a template's default that
    would make every article of the section one row in storage. A page below its
    article's canonical (a slide, a comment page, a chapter, a live post, an answer:
    ".../best-beaches-in-europe/photo/3345678", "/news/8812345/council-passes-budget"
    on "/news/8812345") keeps it."""
    if site_host(page_url) != site_host(url):
        return False
    above = path_segments(url)
    below = path_segments(page_url)
    if len(below) <= len(above) or below[: len(above)] != above:
        return False
    if any(_segment_names_page(segment) for segment in above):
        return False  # the canonical names a page of its own: the article's
    return any(_names_article(segment) for segment in below[len(above) :])


def _segment_names_page(segment: str) -> bool:
    """A canonical's path segment that names a page, not a section: a slug of three words
    or more ("election-results-2024"), or a number that is no part of a date ("4412",
    not "2024", "05": "/news/2024/05/03/" is a day's archive)."""
    return len(re.findall(r"[^\W_]+", segment)) >= 3 or (
        bool(re.search(r"\d", segment)) and not re.fullmatch(r"(?:19|20)\d\d|\d{1,2}", segment)
    )


def _names_article(segment: str) -> bool:
    """A URL path segment that names one article: a slug of three words or more, or an
    id of five digits or more (not a page number, not "amp")."""
    return len(re.findall(r"[^\W\d_]{2,}", segment)) >= 3 or bool(re.search(r"\d{5,}", segment))


def _home_for_article(url: str, page_url: str) -> bool:
    """A canonical that is the site's home page, on a page that is not: a template's
    default ("og:url" = "https://example.com/"). The canonical URL is the article's
    identity in storage, so every article of the site would be stored as one."""
    if not page_url.startswith("http"):
        return False  # the page's own address is unknown: the canonical is all there is
    return home_path(url) and not home_path(page_url)


def image_url(page: Page) -> Found:
    value = page.meta_first(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    if value:
        return canonicalize_url(value, page.url), "meta"
    image = best_article(page).get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    if isinstance(image, str) and image:
        return canonicalize_url(image, page.url), "json-ld"
    return "", ""


def section(page: Page) -> Found:
    value = _jsonld_str(best_article(page), "articleSection")
    if value:
        return value, "json-ld"
    value = page.meta_first("article:section", "section", "parsely-section", "sailthru.section")
    if value:
        return value, "meta"
    return "", ""


def tags(page: Page) -> tuple[list[str], str]:
    article = best_article(page)
    raw: list[str] = []
    source = ""
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        raw = keywords.split(",")
        source = "json-ld"
    elif isinstance(keywords, list):
        raw = [k for k in keywords if isinstance(k, str)]
        source = "json-ld"
    if not raw:
        raw = list(page.meta.get("article:tag", []))
        if not raw:
            kw = page.meta_first("news_keywords", "keywords", "parsely-tags", "sailthru.tags")
            raw = kw.split(",") if kw else []
        source = "meta" if raw else ""
    out: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        tag = clean_markup(tag)
        if tag and len(tag) <= 80 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out[:50], source


def paywalled(page: Page) -> Found:
    article = best_article(page)
    free = article.get("isAccessibleForFree")
    if free is not None:
        if isinstance(free, str):
            free = free.strip().lower() not in ("false", "no", "0")
        return ("true" if not free else "false"), "json-ld"
    value = page.meta_first("article:content_tier", "content_tier")
    if value:
        return ("true" if value.lower() in ("locked", "metered", "premium") else "false"), "meta"
    return "", ""


def printed_outside(
    page: Page, description: str, parts: list[etree._Element], body: list[str]
) -> list[etree._Element]:
    """The elements printing the description as a lead outside the body's container
    (none when the body holds that text already)."""
    lead_key = norm_key(description)[:60]
    if any(lead_key in norm_key(p) for p in body):
        return []
    return [
        el
        for el in printed_description(page, description)
        if not any(within(el, part) for part in parts)
    ]


# A dateline opening a paragraph: a place in capitals or with its capital, an agency
# credit in brackets, a dash ("KOBE – ", "BERLIN (dpa) – ", "AUBURN, Wash. — ").
_LEADING_DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w.'’,/ ]{0,40}?(?:\s*\([^()]{1,30}\))?\s*[-–—]+\s")


def opens_body(description: str, first_paragraph: str) -> bool:
    """The description is just the opening of the body's first paragraph, maybe without
    the dateline the paragraph opens with ("KOBE – A total of …" and "A total of …")."""
    lead_key = norm_key(description)[:80]
    if not lead_key:
        return False
    start = lead_key.rstrip(".")[: max(20, len(lead_key) - 5)]
    undated = _LEADING_DATELINE.sub("", first_paragraph, count=1)
    return any(norm_key(p).startswith(start) for p in (first_paragraph, undated))
