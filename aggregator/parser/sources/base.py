"""A tiny declarative base for per-source parsers, versioned by date (Fundus style).

A parser version is a class. Each Article field it knows is either a class-level
selector named after the field (``headline = "h1[itemprop=headline]"``) or a
method of that name marked ``@attribute``. A newer version subclasses the older
one, sets ``valid_from`` and overrides only what changed. ``register(source)``
files a version under a source name; the version used for a page is the newest
whose ``valid_from`` is on or before the page's published date (else its fetch date).

What every field needs is computed once per page: the lxml tree, meta tags and
JSON-LD (``self.page``, ``self.ld``), as the automatic pipeline does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from lxml import etree

from aggregator.parser import body as body_step
from aggregator.parser import dates as dates_step
from aggregator.parser import metadata as meta_step
from aggregator.parser.selectors import compile_selector
from aggregator.parser.text import clean, clean_markup, text_of
from aggregator.parser.tree import parse
from aggregator.schema import Article

PROVENANCE = "source-parser"

# Article fields a source parser may fill, and how a class-level selector is read.
FIELDS: dict[str, str] = {
    "headline": "text",
    "standfirst": "text",
    "authors": "texts",
    "credits": "texts",
    "published_at": "date",
    "updated_at": "date",
    "body": "paragraphs",
    "section": "text",
    "tags": "texts",
    "image_url": "attr-or-text",
    "language": "text",
    "site_name": "text",
}


class SourceParserError(Exception):
    """A source parser that is declared wrongly (unknown field, bad selector); names the class."""


F = TypeVar("F", bound=Callable[..., Any])


def attribute(func: F) -> F:
    """Mark a method as the value of the Article field of the same name."""
    if func.__name__ not in FIELDS:
        raise SourceParserError(
            f"@attribute {func.__qualname__}: not a field a source parser fills ({', '.join(FIELDS)})"
        )
    func.__source_attribute__ = True  # type: ignore[attr-defined]
    return func


class SourceParser:
    """One version of one publisher's parser. Subclass, set selectors or ``@attribute`` methods."""

    valid_from: ClassVar[date] = date.min
    remove: ClassVar[tuple[str, ...]] = ()  # dropped before any field is read

    def __init__(self, html: str | bytes, url: str, fetched_at: datetime | None = None):
        self.page = parse(html, url)
        self.root = self.page.root
        self.url = url
        self.fetched_at = fetched_at
        self._ld: dict[str, Any] | None = None
        if self.root is not None:
            for selector in self.remove:
                for el in self.select(selector):
                    if isinstance(el, etree._Element) and el.getparent() is not None:
                        el.getparent().remove(el)

    # --- what fields share ---------------------------------------------------------

    @property
    def ld(self) -> dict[str, Any]:
        """The page's best JSON-LD article object ({} when there is none)."""
        if self._ld is None:
            self._ld = meta_step.best_article(self.page) if self.root is not None else {}
        return self._ld

    def select(self, selector: str) -> list[Any]:
        if self.root is None:
            return []
        result = compile_selector(selector)(self.root)
        return result if isinstance(result, list) else [result]

    def texts(self, selector: str) -> list[str]:
        """Clean text of every match (elements or XPath strings), empty ones left out."""
        out = []
        for item in self.select(selector):
            text = (
                clean(text_of(item))
                if isinstance(item, etree._Element)
                else clean_markup(str(item))
            )
            if text:
                out.append(text)
        return out

    def text(self, selector: str) -> str | None:
        return " ".join(self.texts(selector)) or None

    def paragraphs(self, selector: str) -> list[str]:
        """Body paragraphs under the matches, walked and filtered like the automatic body."""
        out: list[str] = []
        for el in self.select(selector):
            if isinstance(el, etree._Element):
                out += body_step.filter_blocks(body_step.emit_blocks(el, set()))
        return out

    def date_of(self, selector: str) -> datetime | None:
        """First match that parses as a date: its ``datetime``/``content`` attribute, then its text."""
        for item in self.select(selector):
            values = (
                [item.get("datetime"), item.get("content"), text_of(item)]
                if isinstance(item, etree._Element)
                else [str(item)]
            )
            for value in values:
                parsed = dates_step.parse_date(value, fetched_at=self.fetched_at) if value else None
                if parsed:
                    return parsed
        return None

    def _attr_or_text(self, selector: str) -> str | None:
        for item in self.select(selector):
            if isinstance(item, etree._Element):
                value = (
                    item.get("content")
                    or item.get("src")
                    or item.get("href")
                    or clean(text_of(item))
                )
            else:
                value = str(item).strip()
            if value:
                return value
        return None

    # --- the declared fields -------------------------------------------------------

    @classmethod
    def declared(cls) -> dict[str, str | Callable[..., Any]]:
        """Field name -> selector or method, as resolved through the version chain."""
        out: dict[str, str | Callable[..., Any]] = {}
        for name in FIELDS:
            value = getattr(cls, name, None)
            if isinstance(value, str) or getattr(value, "__source_attribute__", False):
                out[name] = value
        return out

    def parse(self) -> dict[str, Any]:
        """Every declared field that found a value (None, "" and [] count as not found)."""
        if self.root is None:
            return {}
        readers = {
            "text": self.text,
            "texts": self.texts,
            "date": self.date_of,
            "paragraphs": self.paragraphs,
            "attr-or-text": self._attr_or_text,
        }
        out: dict[str, Any] = {}
        for name, how in self.declared().items():
            value = readers[FIELDS[name]](how) if isinstance(how, str) else how(self)
            if value not in (None, "", [], ()):
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


# --- registry --------------------------------------------------------------------

Registry = dict[str, list[type[SourceParser]]]
REGISTRY: Registry = {}


def register(
    source: str, registry: Registry | None = None
) -> Callable[[type[SourceParser]], type[SourceParser]]:
    """Class decorator: file a parser version under a source name (config ``sources[].name``)."""
    target = REGISTRY if registry is None else registry

    def wrap(cls: type[SourceParser]) -> type[SourceParser]:
        for name in cls.declared():
            how = getattr(cls, name)
            if isinstance(how, str):
                try:
                    compile_selector(how)
                except ValueError as exc:
                    raise SourceParserError(f"{cls.__qualname__}.{name}: {exc}") from None
        versions = target.setdefault(source, [])
        if any(v.valid_from == cls.valid_from for v in versions):
            raise SourceParserError(
                f"{cls.__qualname__}: {source} already has a version valid from {cls.valid_from}"
            )
        versions.append(cls)
        versions.sort(key=lambda v: v.valid_from)
        return cls

    return wrap


def parser_for(
    source: str, when: date | datetime | None, registry: Registry | None = None
) -> type[SourceParser] | None:
    """The source's version for a page of that date: the newest valid on it (the oldest for earlier pages)."""
    versions = (REGISTRY if registry is None else registry).get(source)
    if not versions:
        return None
    if when is None:
        return versions[-1]
    day = when.date() if isinstance(when, datetime) else when
    valid = [v for v in versions if v.valid_from <= day]
    return valid[-1] if valid else versions[0]


def apply_source_parser(
    article: Article, html: str | bytes, registry: Registry | None = None
) -> Article:
    """Overlay the source's Python parser (if it has one) on an automatically extracted article.

    The version is chosen by the page's published date, else its fetch date.
    Fields the parser fills win over the automatic rules (provenance
    ``source-parser``); operator selectors from the config (``override``) still
    win over the parser. The article is changed in place and returned.
    """
    cls = parser_for(article.source, article.published_at or article.fetched_at, registry)
    if cls is None:
        return article
    values = cls(html, article.url, article.fetched_at).parse()
    for name, value in values.items():
        if article.provenance.get(name) == "override":
            continue
        setattr(article, name, value)
        article.provenance[name] = PROVENANCE
    article.provenance["source_parser"] = (
        f"{cls.__name__} (valid from {cls.valid_from.isoformat()})"
    )
    return article
