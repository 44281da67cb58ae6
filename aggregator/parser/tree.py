"""Parse a page once and precompute what every step reads (meta tags, JSON-LD).

Like Fundus' ``Precomputed``: the tree is built once with lxml and the cheap
page-wide lookups are done once, so later steps never rescan the document for
them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

from aggregator.parser.text import clean, clean_markup, text_of

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters libxml2 rejects or that have no business in text. Looked for by
# membership (``c in text`` per character is a fast C scan; a regex search over a whole
# page costs about three times more), removed by the pattern when one is there.
_CONTROL_CHARS = tuple(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
_CONTROL_BYTES = tuple(char.encode("ascii") for char in _CONTROL_CHARS)
_CONTROL = re.compile(f"[{re.escape(''.join(_CONTROL_CHARS))}]")
_XML_DECL_STR = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_DECL_START = re.compile(r"\s*<\?xml")  # \s is exactly str.isspace (every code point)


def _cp1252_runs(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "replace"), error.end


codecs.register_error("cp1252-runs", _cp1252_runs)


def decode_html(data: str | bytes, transport_charset: str | None = None) -> str:
    """Text of a page given as str or bytes.

    Bytes: a BOM, then the charset the transport (HTTP header) names where the bytes
    are valid in it, then the page's ``<meta charset>`` or XML declaration, then
    UTF-8, then UTF-8 with cp1252 runs repaired. Bytes that are valid UTF-8 and hold
    non-ASCII are read as UTF-8 whatever legacy charset is declared: text in a legacy
    charset almost never forms valid UTF-8 by chance (docs/parser.md, "Charsets").
    """
    if isinstance(data, str):
        return data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    head = data[:4096]
    declared = None
    if m := _META_CHARSET.search(head) or _XML_DECL.search(head):
        declared = m.group(1).decode("ascii", "ignore")
    utf8 = _strict_utf8(data)
    for label in (transport_charset, declared):
        codec = _legacy_or_utf8(label)
        if codec is None:
            continue
        if utf8 is not None and not data.isascii():
            return utf8  # valid UTF-8 under a legacy label: the label is wrong
        try:
            return data.decode(codec)
        except ValueError:
            # Any codec's refusal (UnicodeError is one; "punycode" raises ValueError
            # for bytes it cannot read): the next declaration is asked.
            continue
    if utf8 is not None:
        return utf8
    # Not valid UTF-8: most often a UTF-8 page with cp1252 text pasted in
    # ("Windr\xe4dern"). Decoding it all as cp1252 would garble the UTF-8 part;
    # read UTF-8 and only the bytes that are not UTF-8 as cp1252.
    return data.decode("utf-8", "cp1252-runs")


# Labels that name no byte-level charset a page in ASCII-compatible bytes can be in: a
# <meta> found in such bytes cannot be UTF-16 or UTF-32 (WHATWG reads it as UTF-8).
_NOT_BYTE_LEVEL = ("utf-16", "utf-32", "utf_16", "utf_32")


def _legacy_or_utf8(label: str | None) -> str | None:
    """The Python codec a declared charset label names (latin-1 and ASCII read as cp1252,
    as WHATWG does: pages that declare them are nearly always cp1252); "utf-8" for
    UTF-8 and for labels that cannot describe the bytes; None if it names none."""
    if not label:
        return None
    label = label.strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(_NOT_BYTE_LEVEL) or label.startswith(_NOT_BYTE_LEVEL):
        return "utf-8"
    if name in ("iso8859-1", "latin-1", "ascii"):
        return "cp1252"
    return name


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_SURROGATES = re.compile("[\\ud800-\\udfff]")


# The root element of a data document that is no page: RSS 2.0/0.9x, Atom, RSS 1.0
# (RDF), OPML. Read after the XML declaration, comments and a doctype.
_FEED_ROOT = re.compile(
    r"""\A(?:\s|<\?xml[^>]*>|<!--.*?-->|<!DOCTYPE[^>]*>|<\?xml-stylesheet[^>]*>)*"""
    r"""<(rss|feed|rdf:RDF|opml)[\s>/]""",
    re.DOTALL | re.IGNORECASE,
)
_FEED_KINDS = {"rss": "an RSS feed", "feed": "an Atom feed", "rdf:rdf": "an RSS 1.0 feed"}


def data_document_kind(text: str) -> str | None:
    """What ``text`` is, when it is a feed or a JSON document rather than a page ("an RSS
    feed", "a JSON document"); None for anything else. Reads its first characters only,
    and parses it as JSON only when it starts like JSON."""
    start = text[:2048].lstrip("\ufeff \t\r\n")
    if start[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            return None
        return "a JSON document"
    if m := _FEED_ROOT.match(start):
        return _FEED_KINDS.get(m.group(1).lower(), "an OPML outline")
    return None


@dataclass
class Page:
    """One parsed page and its precomputed page-wide facts."""

    url: str
    root: etree._Element | None
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    lang: str = ""
    links: dict[str, list[str]] = field(default_factory=dict)
    # Every node of the tree, held for the page's life: lxml makes a Python object for a
    # node each time a walk reaches it unless one is still alive, and the steps walk
    # the page about ten times.
    nodes: list[etree._Element] = field(default_factory=list, repr=False)

    @cached_property
    def order(self) -> dict[etree._Element, int]:
        """Each node's place in document order, as parsed: numbered once, so comparing two
        elements' places costs no walk of their siblings (a page of 40,000 sibling
        elements took seconds of ``parent.index``). Still true once steps remove
        elements: removing one moves no other."""
        return {node: i for i, node in enumerate(self.nodes)}

    @property
    def doc(self) -> etree._Element:
        """The root, for steps that only ever run on a page that parsed."""
        assert self.root is not None
        return self.root

    def meta_first(self, *names: str) -> str:
        """First non-empty content among meta keys (lower-cased name/property/itemprop)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return ""

    def articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects that describe an article, most specific first."""
        out = [o for o in self.jsonld if _is_article_type(o.get("@type"))]
        return out


_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "advertisercontentarticle",
    "satiricalarticle",
    "askpublicnewsarticle",
    "posting",
    "medicalscholarlyarticle",
    "discussionforumposting",
    "howto",  # instructions and recipes are written works with an author and a date
    "recipe",
    "webpage",
    "creativework",
)


def schema_types(value: Any) -> list[str]:
    """A JSON-LD ``@type`` (or a microdata itemtype's list) as lower-case type names
    without their vocabulary: "https://schema.org/NewsArticle" -> "newsarticle"."""
    if isinstance(value, str):
        return [value.rsplit("/", 1)[-1].lower()]
    if isinstance(value, list):
        return [v.rsplit("/", 1)[-1].lower() for v in value if isinstance(v, str)]
    return []


def _is_article_type(value: Any) -> bool:
    return any(t in _ARTICLE_TYPES for t in schema_types(value))


def article_rank(obj: dict[str, Any]) -> int:
    """Lower is better: NewsArticle beats Article beats WebPage."""
    best = 99
    for t in schema_types(obj.get("@type")):
        if t in _ARTICLE_TYPES:
            best = min(
                best,
                2
                if t in ("webpage", "creativework")
                else (0 if "news" in t or t in ("blogposting", "reportage") else 1),
            )
    return best


def _html_parser(ids: bool) -> etree.HTMLParser:
    # The page's text is given as UTF-8 with that encoding forced: a meta charset in the
    # page must not re-decode it. libxml2's table of id attributes serves XPath's id()
    # alone, which only a caller's own selectors can ask for; without it the parse is
    # about a tenth faster. huge_tree: without it libxml2 drops whatever is nested
    # deeper than 256 elements (a page of unclosed <div>s lost its whole article) and
    # text nodes over 10 MB.
    return etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=ids,
        encoding="utf-8",
        huge_tree=True,
    )


# XPath ids -> parser
_PARSERS = {ids: _html_parser(ids) for ids in (False, True)}


_WORDS: dict[tuple[str, ...], re.Pattern[str]] = {}


def classed(
    root: etree._Element,
    tags: tuple[str, ...],
    words: tuple[str, ...],
    also: Callable[[etree._Element], bool] | None = None,
) -> Iterator[etree._Element]:
    """Elements of ``tags`` under ``root`` whose class or id holds one of ``words``
    (lower-case), or for which ``also`` holds, in document order.

    A cheap pre-filter before a class-name regex: most elements of a page have no
    class that could match, and a regex search on each is what made these rules
    slow. The words must be a superset of what the regex can match.
    """
    pattern = _WORDS.get(words)
    if pattern is None:
        pattern = _WORDS[words] = re.compile("|".join(map(re.escape, words)))
    search = pattern.search  # on lower-cased names: faster than re.IGNORECASE
    for el in root.iter(*tags):
        cls, ident = el.get("class"), el.get("id")
        if (
            (cls and search(cls.lower()))
            or (ident and search(ident.lower()))
            or (also is not None and also(el))
        ):
            yield el


def parse(data: str | bytes, url: str, *, xpath_ids: bool = True) -> Page:
    """Parse once; never raises (an unparseable page gives ``root=None``).

    ``xpath_ids=False`` when no XPath of the caller's will run on the tree: XPath's
    ``id()`` then finds nothing, and the parse is cheaper.
    """
    try:
        text = decode_html(data)
    except Exception:  # noqa: BLE001 - any decoding failure means "no page"
        return Page(url=url, root=None)
    raw = _utf8(text)
    if raw is None:
        # Lone surrogates (a str can hold them, UTF-8 cannot): libxml2 stops reading at
        # the first, so the rest of the page would be lost.
        text = _SURROGATES.sub("\ufffd", text)
        raw = text.encode("utf-8")
    if _has_control(raw):
        text = _CONTROL.sub("", text)
        raw = text.encode("utf-8")
    # An XML declaration naming another encoding must not re-decode the UTF-8. (Both tests read
    # only the leading blanks: a stripped copy of a big page costs a copy of it.)
    if _XML_DECL_START.match(text):
        text = _XML_DECL_STR.sub("", text, count=1)
        raw = text.encode("utf-8")
    root = _parse_tree(raw, xpath_ids) if text and not text.isspace() else None
    page = Page(url=url, root=root)
    if root is not None:
        _precompute(page)
    return page


def _utf8(text: str) -> bytes | None:
    """The text as UTF-8, which libxml2 reads about a quarter faster than a str
    (encoding included); None if it holds lone surrogates, which have no UTF-8."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _has_control(raw: bytes) -> bool:
    # In UTF-8 these characters are single bytes that no other character's bytes hold,
    # and a byte search is about three times faster than a search of the str.
    return any(byte in raw for byte in _CONTROL_BYTES)


def _parse_tree(raw: bytes, ids: bool) -> etree._Element | None:
    """The page's tree of plain etree elements (lxml.html's per-element class lookup
    costs more than the parse itself on big pages) from its text as UTF-8; None if
    libxml2 refuses it."""
    try:
        return etree.fromstring(raw, parser=_PARSERS[ids])
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError):
        return None


def _precompute(page: Page) -> None:
    """One pass over meta, link, script, title and html elements."""
    page.nodes = list(page.doc.iter())
    for el in page.doc.iter("meta", "link", "script", "title", "html"):
        _COLLECT[el.tag](page, el)
    _resolve_references(page.jsonld)


# Properties whose value is often only a reference into the page's @graph (Yoast SEO
# writes "author": {"@id": "https://site/#/schema/person/…"} and the Person apart).
_REFERENCED = ("author", "creator", "publisher")


def _resolve_references(objects: list[dict[str, Any]]) -> None:
    """Replace ``{"@id": X}`` under the referenced properties by the object named X."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 2}
    if not by_id:
        return
    for obj in objects:
        for key in _REFERENCED:
            value = obj.get(key)
            if isinstance(value, list):
                obj[key] = [_dereferenced(v, by_id) for v in value]
            elif isinstance(value, dict):
                obj[key] = _dereferenced(value, by_id)


def _dereferenced(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return by_id.get(value["@id"], value)
    return value


def _collect_meta(page: Page, el: etree._Element) -> None:
    content = el.get("content")
    if content is None:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = el.get(attr)
        if key:
            page.meta.setdefault(key.strip().lower(), []).append(clean_markup(content))


def _collect_link(page: Page, el: etree._Element) -> None:
    rel = (el.get("rel") or "").lower()
    href = el.get("href")
    if rel and href:
        for r in rel.split():
            page.links.setdefault(r, []).append(href.strip())


def _collect_script(page: Page, el: etree._Element) -> None:
    if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
        page.jsonld.extend(_load_jsonld(el.text))


def _collect_title(page: Page, el: etree._Element) -> None:
    if not page.title:
        page.title = clean(text_of(el))


def _collect_html(page: Page, el: etree._Element) -> None:
    page.lang = (el.get("lang") or el.get("xml:lang") or "").strip()


_COLLECT = {
    "meta": _collect_meta,
    "link": _collect_link,
    "script": _collect_script,
    "title": _collect_title,
    "html": _collect_html,
}


_JSON_CONTROL = re.compile(r"[\x00-\x1f]")


# The wrappers a script's JSON is written in: an HTML comment, and XHTML's CDATA section,
# bare or hidden from JavaScript ("//<![CDATA[", "/* <![CDATA[ */").
_SCRIPT_WRAP_START = re.compile(r"^(?:<!--|(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?)")
_SCRIPT_WRAP_END = re.compile(r"(?:-->|(?://|/\*)?\s*\]\]>\s*(?:\*/)?)$")


def _load_jsonld(raw: str) -> list[dict[str, Any]]:
    raw = _SCRIPT_WRAP_START.sub("", raw.strip())
    raw = _SCRIPT_WRAP_END.sub("", raw.rstrip())
    raw = raw.strip().rstrip(";")
    try:
        data = json.loads(raw)
    except ValueError:
        try:
            # Raw newlines inside strings are the most common JSON-LD breakage.
            data = json.loads(_JSON_CONTROL.sub(" ", raw))
        except ValueError:
            return []
    out: list[dict[str, Any]] = []
    _flatten(data, out, 0)
    return out


def _flatten(data: Any, out: list[dict[str, Any]], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            _flatten(graph, out, depth + 1)
        if "@type" in data:
            out.append(data)
            main = data.get("mainEntity") or data.get("mainEntityOfPage")
            if isinstance(main, dict) and _is_article_type(main.get("@type")):
                out.append(main)
