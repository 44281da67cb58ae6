"""A tiny declarative base for per-source parsers, versioned by date (Fundus style).

A parser version is a class. Each Article field it knows is either a class-level
selector named after the field (``headline = "h1[itemprop=headline]"``) or a
method of that name marked ``@attribute``. A newer version subclasses the older
one, sets ``valid_from`` and overrides only what changed. A source's config
names its parser (``parser: mymodule:MyPaper``, or a list of versions); the
version used for a page is the newest whose ``valid_from`` is on or before the
page's published date (else its fetch date).

What every field needs is computed once per page: the lxml tree, meta tags and
JSON-LD (``self.page``, ``self.ld``), as the automatic pipeline does. A parser
that would rather use BeautifulSoup's API reads ``self.soup``, built on first
use only, so parsers that do not ask for it never pay for its tree.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import itertools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from lxml import etree

from aggregator.errors import SourceParserError
from aggregator.parser import body as body_step
from aggregator.parser import dates as dates_step
from aggregator.parser import metadata as meta_step
from aggregator.parser.text import clean, clean_markup, text_of
from aggregator.parser.tree import parse
from aggregator.schema import Article
from aggregator.selectors import compile_selector

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

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


F = TypeVar("F", bound=Callable[..., Any])


def attribute(func: F) -> F:
    """Mark a method as the value of the Article field of the same name."""
    if func.__name__ not in FIELDS:
        raise SourceParserError(
            f"@attribute {func.__qualname__}: not a field a source parser fills "
            f"({', '.join(FIELDS)})"
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

    @functools.cached_property
    def soup(self) -> BeautifulSoup:
        """The page as a BeautifulSoup tree (lxml builder), for parsers written against bs4.

        Built from the same tree the selectors see, after ``remove``: about ten
        times the cost of the lxml parse, paid only by parsers that read it.
        """
        from bs4 import BeautifulSoup

        markup = etree.tostring(self.root, encoding="unicode") if self.root is not None else ""
        return BeautifulSoup(markup, "lxml")

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
        """First match that parses as a date: ``datetime``/``content`` attribute, then text."""
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
            is_attribute = callable(value) and getattr(value, "__source_attribute__", False)
            if isinstance(value, str) or is_attribute:
                out[name] = cast("str | Callable[..., Any]", value)
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


# --- loading by config -------------------------------------------------------------

Versions = tuple[type[SourceParser], ...]


@functools.cache
def load_parser(spec: str) -> Versions:
    """The parser versions a config names (``sources[].parser``), oldest first.

    ``spec`` is ``module:NAME`` (a module on the Python path) or
    ``/path/to/file.py:NAME``; ``NAME`` is a :class:`SourceParser` subclass or a
    list or tuple of them (one per template, each with its ``valid_from``).
    Every selector is compiled here, so a wrong one fails the first page of
    the crawl with :class:`SourceParserError` naming the class and field.
    """
    target, _, name = spec.rpartition(":")
    if not target or not name:
        raise SourceParserError(f"parser '{spec}': expected module:NAME or file.py:NAME")
    try:
        module = _import(target)
    except (ImportError, OSError, SyntaxError) as exc:
        raise SourceParserError(
            f"parser '{spec}': cannot import {target} ({exc}){_where_modules_are(target, exc)}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - an operator's file may raise anything at import
        # A NameError or a RuntimeError at the module's top level is as much the file's
        # fault as a syntax error: one line naming it, and the other sources crawled.
        raise SourceParserError(
            f"parser '{spec}': cannot import {target} ({type(exc).__name__}: {exc})"
        ) from None
    if not hasattr(module, name):
        raise SourceParserError(f"parser '{spec}': {target} has no {name}{_parsers_in(module)}")
    found = getattr(module, name)
    candidates = found if isinstance(found, list | tuple) else (found,)
    if not candidates or not all(
        isinstance(c, type) and issubclass(c, SourceParser) for c in candidates
    ):
        raise SourceParserError(
            f"parser '{spec}': {name} is not a SourceParser subclass or a list of them"
        )
    versions: Versions = tuple(sorted(candidates, key=lambda v: v.valid_from))
    for version in versions:
        _check_selectors(version)
    for older, newer in itertools.pairwise(versions):
        if older.valid_from == newer.valid_from:
            raise SourceParserError(
                f"parser '{spec}': {older.__qualname__} and {newer.__qualname__} "
                f"are both valid from {newer.valid_from}"
            )
    return versions


def _parsers_in(module: Any) -> str:
    """`` (its parsers: A, B)``: the SourceParser subclasses a module holds, for a spec
    naming none of them."""
    names = sorted(
        n
        for n, v in vars(module).items()
        if isinstance(v, type) and issubclass(v, SourceParser) and v is not SourceParser
    )
    return f" (its parsers: {', '.join(names)})" if names else " (it holds no SourceParser)"


def _where_modules_are(target: str, exc: BaseException) -> str:
    """Where a ``module:NAME`` parser is looked for, when the module itself is not found
    (not a module it imports): crawls run as ``python -P``, which leaves the working
    directory off the path (app/child.py)."""
    missing = exc.name if isinstance(exc, ModuleNotFoundError) else None
    if missing is None or not (target == missing or target.startswith(missing + ".")):
        return ""
    return (
        "; a parser module must be installed or on PYTHONPATH"
        " (the working directory is not searched)"
    )


def _import(target: str) -> ModuleType:
    if not target.endswith(".py"):
        return importlib.import_module(target)
    path = Path(target)
    loader_spec = importlib.util.spec_from_file_location(f"newsagg_parser_{path.stem}", path)
    if loader_spec is None or loader_spec.loader is None:
        raise ImportError(f"not a Python file: {path}")
    module = importlib.util.module_from_spec(loader_spec)
    loader_spec.loader.exec_module(module)
    return module


def _check_selectors(cls: type[SourceParser]) -> None:
    for name in cls.declared():
        how = getattr(cls, name)
        if isinstance(how, str):
            try:
                compile_selector(how)
            except ValueError as exc:
                raise SourceParserError(f"{cls.__qualname__}.{name}: {exc}") from None


def version_for(versions: Versions, when: date | datetime | None) -> type[SourceParser]:
    """The version for a page of that date: the newest valid on it (else the oldest)."""
    if when is None:
        return versions[-1]
    day = when.date() if isinstance(when, datetime) else when
    valid = [v for v in versions if v.valid_from <= day]
    return valid[-1] if valid else versions[0]


def apply_source_parser(article: Article, html: str | bytes, spec: str) -> Article:
    """Overlay the source's Python parser on an automatically extracted article.

    The version is chosen by the page's published date, else its fetch date.
    Fields the parser fills win over the automatic rules (provenance
    ``source-parser``); operator selectors from the config (``override``) still
    win over the parser. The article is changed in place and returned.
    """
    cls = version_for(load_parser(spec), article.published_at or article.fetched_at)
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
