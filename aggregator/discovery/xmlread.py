"""Reading a feed's or sitemap's XML safely: references made readable before libxml2
sees them, declared entities resolved without expansion, entries read one at a time,
and the first element sniffed; what the document means is left to the readers."""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from html import entities as html_entities
from typing import Any

from lxml import etree

from aggregator.parser.tree import decode_html

_XML_PARSER_OPTIONS: dict[str, Any] = dict(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_pis=True
)
# libxml2 stops at these (billion laughs and friends); whatever it read up to
# there may be cut mid-URL, so such a document is refused whole.
_HOSTILE_XML_ERRORS = {"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"}
# Reference handling before libxml2 sees a document (see prepare_xml).
_REFERENCE = re.compile(rb"&(?:#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z_][\w.-]{0,63});)?")
_CDATA_OR_DOCTYPE = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.DOTALL | re.IGNORECASE
)
_DECLARED = re.compile(rb"<!ENTITY\s+([A-Za-z_][\w.-]*)")
_EXTERNAL_DTD = re.compile(rb"<!DOCTYPE\s+\S+\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)
_RAW_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PREDEFINED = {b"amp", b"lt", b"gt", b"quot", b"apos"}
# Stands for a reference that cannot be resolved (an entity of an external DTD):
# a field holding it is unreadable. A private-use character, valid XML.
_UNRESOLVED = "\ue000"
# A UTF-16 document's first two bytes (a byte order mark, or '<' as UTF-16).
UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


# The XML declaration and its encoding pseudo-attribute (xml_as_utf8).
_XML_DECLARATION = re.compile(rb"\s*<\?xml\b[^>]{0,200}?\?>")
_ENCODING_ATTRIBUTE = re.compile(rb"""(\bencoding\s*=\s*)(["'])([A-Za-z0-9._:-]*)\2""")
# Python's names (codecs.lookup(...).name) of the encodings a mislabelled UTF-8
# document is most often declared in: any byte string decodes in them, so a wrong
# label never fails on its own.
_SINGLE_BYTE_LATIN = {"iso8859-1", "ascii", "cp1252"}


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_encoding(body: bytes) -> str | None:
    """The encoding label the XML declaration names, as written; None if it names none."""
    declaration = _XML_DECLARATION.match(body)
    declared = _ENCODING_ATTRIBUTE.search(declaration.group(0)) if declaration else None
    return declared.group(3).decode("ascii") if declared else None


def xml_encoding(body: bytes, header_charset: str | None = None) -> str:
    """The encoding a feed or sitemap is read in (a Python codec name).

    A UTF-8 BOM, else the XML declaration's ``encoding``, else the HTTP
    header's charset, else UTF-8 (XML's default). The declaration is put
    before the header (RFC 7303 puts the header first) because the program
    that wrote the bytes wrote the declaration, while a server's charset is
    most often a site-wide default (``text/xml; charset=utf-8`` for
    everything). Either can lie, so the bytes are checked: valid non-ASCII
    UTF-8 labelled Latin-1, ASCII or cp1252 is UTF-8 (text really in those
    almost never forms UTF-8 sequences), and Latin-1 and ASCII are read as
    cp1252, their superset in practice (WHATWG).
    """
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    label = _declared_encoding(body) or header_charset
    encoding = (_codec_name(label) if label else None) or "utf-8"
    if encoding in _SINGLE_BYTE_LATIN:
        return "utf-8" if not body.isascii() and _valid_utf8(body) else "cp1252"
    return encoding


def xml_as_utf8(body: bytes, header_charset: str | None = None) -> bytes:
    """The document as UTF-8 (its declaration, if any, saying so), for libxml2.

    Read in :func:`xml_encoding`'s choice; bytes that do not decode in it go
    down the pages' ladder (:func:`~aggregator.parser.tree.decode_html`:
    UTF-8, then UTF-8 with its non-UTF-8 runs read as cp1252). A byte none of
    them reads becomes U+FFFD, and an entry URL holding one is left out
    (``bad_encoding``), never requested. UTF-16 and UTF-32 documents, which
    libxml2 reads by their BOM, are left as they are.
    """
    if body.startswith(UTF16_STARTS):
        return body
    encoding = xml_encoding(body, header_charset)
    declared = _declared_encoding(body)
    said_utf8 = declared is None or _codec_name(declared) == "utf-8"
    if encoding == "utf-8" and said_utf8 and _valid_utf8(body):
        return body  # what libxml2 reads by itself (a UTF-8 BOM included)
    try:
        text = body.decode(encoding)
    except (UnicodeError, ValueError):
        text = decode_html(body)
    data = text.removeprefix("\ufeff").encode("utf-8")
    if (declaration := _XML_DECLARATION.match(data)) is not None:
        relabelled = _ENCODING_ATTRIBUTE.sub(rb"\1\2UTF-8\2", declaration.group(0))
        data = relabelled + data[declaration.end() :]
    return data


def _xml_char_ok(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF


def prepare_xml(body: bytes) -> bytes:
    """The document with every reference made one libxml2 reads without an error.

    After its first well-formedness error libxml2's recovery drops later
    references, ``&amp;`` included, so one ``&eacute;`` in a title would cut
    the ``&`` out of every later URL. So, outside CDATA and the DOCTYPE: a
    bare ``&`` ("?a=1&b=2") becomes ``&amp;``; an HTML entity name
    (``&eacute;``) its numeric reference; a character reference XML does not
    allow (``&#1;``) and a raw control character go; a name declared in the
    document stays for libxml2 (and :class:`Entities`); an undeclared name
    is literal text as written, unless the document has an external DTD,
    which might declare it: then it cannot be resolved. UTF-16 documents
    (rare for feeds) are left as they are.
    """
    if body.startswith(UTF16_STARTS):
        return body
    body = _RAW_CONTROLS.sub(b"", body)
    if b"&" not in body:
        return body
    declared = set(_DECLARED.findall(body))
    external = _EXTERNAL_DTD.search(body) is not None

    def rewrite(match: re.Match[bytes]) -> bytes:
        decimal, hexadecimal, name = match.groups()
        if decimal or hexadecimal:
            code = int(decimal or hexadecimal, 10 if decimal else 16)
            return match.group(0) if _xml_char_ok(code) else b""
        if name is None:
            return b"&amp;"
        if name in _PREDEFINED or name in declared:
            return match.group(0)
        value = html_entities.html5.get(f"{name.decode()};")
        if value is not None:
            return "".join(f"&#{ord(c)};" for c in value).encode()
        return f"&#{ord(_UNRESOLVED)};".encode() if external else b"&amp;" + name + b";"

    parts = _CDATA_OR_DOCTYPE.split(body)
    return b"".join(p if i % 2 else _REFERENCE.sub(rewrite, p) for i, p in enumerate(parts))


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Entities:
    """Resolves the entity references libxml2 leaves in place (``resolve_entities=False``).

    Only names the document declares are left (:func:`prepare_xml`). One
    resolves to its internal declaration when that is plain text (never to
    another reference or markup: no expansion); an external one does not.
    """

    def __init__(self) -> None:
        self._declared: dict[str, str | None] | None = None

    def value(self, entity: etree._Entity) -> str | None:
        if self._declared is None:
            dtd = entity.getroottree().docinfo.internalDTD
            self._declared = {
                e.name: e.content
                for e in (dtd.iterentities() if dtd is not None else ())
                if e.name and e.system_url is None
            }
        declared = self._declared.get(entity.name)
        if declared is not None and "&" not in declared and "<" not in declared:
            return declared
        return None

    def text(self, element: etree._Element) -> str | None:
        """An element's own text with its entity references resolved; None if one does not."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child, etree._Entity):
                value = self.value(child)
                if value is None:
                    return None
                parts.append(value)
            parts.append(child.tail or "")
        text = "".join(parts).strip()
        return None if _UNRESOLVED in text else text


def read_entries(
    body: bytes, tags: tuple[str, ...], max_entries: int | None, skipped: Counter[str]
) -> tuple[Iterator[etree._Element], Callable[[], str | None]]:
    """The entry elements of a document as they are parsed, at most ``max_entries``.

    Each element is cleared once the caller is done with it (the next one is
    asked for), so a document of any length is read in bounded memory;
    entries past the limit are only counted. The second value, called after
    the iteration, names a libxml2 error that refuses the whole document.
    """
    context = etree.iterparse(
        io.BytesIO(prepare_xml(body)),
        events=("end",),
        tag=tuple(f"{{*}}{t}" for t in tags),
        **_XML_PARSER_OPTIONS,
    )

    def iterate() -> Iterator[etree._Element]:
        seen = 0
        try:
            for _, element in context:
                seen += 1
                if max_entries is None or seen <= max_entries:
                    yield element
                else:
                    skipped["over_max_feed_entries"] += 1
                element.clear(keep_tail=True)
                # Entries already read go; the channel's own elements (<language>) stay.
                while (done := element.getprevious()) is not None and local_name(done.tag) in tags:
                    done.getparent().remove(done)
        except etree.XMLSyntaxError:
            return  # what came before the fatal error is kept; the error is counted below

    def refusal() -> str | None:
        hostile = [e for e in context.error_log if e.type_name in _HOSTILE_XML_ERRORS]
        return hostile[0].message if hostile else None

    return iterate(), refusal


FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# Skipped before a document's first element: comments, a DOCTYPE, the XML
# declaration and other processing instructions; group 1 is the first tag's name.
_MARKUP = re.compile(
    rb"<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<[?!][^>]*>|<([A-Za-z_][\w.:-]*)",
    re.DOTALL | re.IGNORECASE,
)
_SNIFF_BYTES = 65536


def root_name(body: bytes) -> str | None:
    """The local name, lower-cased, of the document's first element (None: none in
    its first 64 KiB, or a UTF-16 document), read past the prolog."""
    for match in _MARKUP.finditer(body[:_SNIFF_BYTES]):
        if match.group(1) is not None:
            return match.group(1).decode("ascii").rsplit(":", 1)[-1].lower()
    return None
