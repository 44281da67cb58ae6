"""Text hygiene: the one definition of what a stored or printed string may hold.

Every way an article enters the store passes through :func:`clean_article`:
a crawled page (:func:`aggregator.parser.for_source.extract_for_source`, after
the source's own parser, which may return anything), an ingested record
(:func:`aggregator.records.article_from_record`), a page given to
``aggregator.extract``. The parser's steps clean
each field with :func:`clean` as they extract it.

What is removed is what no reader wants and some output formats cannot carry:

* C0 controls but tab and newline, DEL and the C1 controls: terminal escapes
  (ESC, BEL, CR), and not XML 1.0 text;
* lone surrogates (not encodable as UTF-8) and the noncharacters U+FFFE,
  U+FFFF (not XML 1.0 text), U+FDD0–U+FDEF and U+nFFFE/U+nFFFF of every plane;
* bidi embeddings, overrides and isolates (they reorder what is displayed,
  "Trojan Source"), the zero-width space, word joiner and invisible operators,
  the BOM and the soft hyphen: invisible, and they break matching.

What is kept although unseen: the zero-width non-joiner and joiner (U+200C,
U+200D), part of a word's spelling in Persian (``می‌خواهد``), in Indic scripts
and in emoji sequences, and the left-to-right and right-to-left marks (U+200E,
U+200F) that Hebrew and Arabic text places to order its neutral characters:
none of them reorders text as an override does (QA pass R, stop 44: a Persian
word lost its ZWNJ and a search typed with it found nothing). Search folds the
joiners away on both sides (:mod:`aggregator.fold`).

What is left is valid XML 1.0 character data, valid UTF-8 and safe on a terminal.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import typing
from collections.abc import Callable
from typing import Any

from aggregator.schema import Article

_PLANE_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b\u202a-\u202e\u2060-\u2069"
    f"\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff{_PLANE_NONCHARACTERS}]"
)
_TAG_START = re.compile(r"<[a-zA-Z/!]")


def strip_invisible(text: str) -> str:
    """``text`` without the characters listed above; tabs and newlines are kept."""
    # Every character listed above is unprintable to str.isprintable (Cc, Cf, Cs,
    # Cn; tests/test_hygiene.py checks each listed range), so printable text has
    # none: a C scan instead of the pattern's, about 25 times faster per string.
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _INVISIBLE.sub("", text)


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with its C0 controls (but tab and newline), DEL and C1 controls written as
    ``\\x1b``: what a log line shows of a string a server sent (a cookie, a URL, an error),
    so that no terminal escape reaches a terminal or a log file read with ``tail -f``."""
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def escape_log_records() -> None:
    """Every log record made in this process from now on has its message and exception
    text passed through :func:`escape_controls`, whichever handler writes it (Scrapy
    installs its own, once per crawler). Called where a process sets up its logging.

    Lazily, as a handler formats the record: a record no handler writes (Scrapy leaves
    the root logger at NOTSET, so its DEBUG lines are made, then dropped by the
    handler's level) costs no formatting, as without this."""
    made = logging.getLogRecordFactory()
    if getattr(made, "escapes_controls", False):
        return

    def escaping(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = made(*args, **kwargs)
        if type(record) is logging.LogRecord:
            record.__class__ = _EscapingRecord
        else:  # another factory's own record class: escaped now, as it cannot be told to
            _escape_now(record)
        return record

    escaping.escapes_controls = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(escaping)


class _EscapingRecord(logging.LogRecord):
    """A record whose message, and exception text once a formatter sets it, are escaped."""

    def getMessage(self) -> str:
        return escape_controls(super().getMessage())

    @property
    def exc_text(self) -> str | None:
        return self.__dict__.get("_escaped_exc_text")

    @exc_text.setter
    def exc_text(self, text: str | None) -> None:
        self.__dict__["_escaped_exc_text"] = escape_controls(text) if text else text


def _escape_now(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a bad format: the handler reports it, as without this factory
        return
    escaped = escape_controls(message)
    if escaped != message:
        record.msg, record.args = escaped, ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = escape_controls(_EXCEPTIONS.formatException(record.exc_info))


_EXCEPTIONS = logging.Formatter()


def clean(text: str | None) -> str:
    """One line of plain text: invisible characters and tags removed, whitespace collapsed."""
    if not text:
        return ""
    # Invisible characters first: "<\x8fdiv>" is a tag once the \x8f is gone. A
    # carriage return separates words ("a\rb", old Mac line ends): a space.
    text = strip_invisible(text.replace("\r", " "))
    if "<" in text:
        # Text fields never carry markup, not even as literal text from escaped entities.
        text = _strip_tag_like(text)
    return " ".join(text.split())


def _strip_tag_like(text: str) -> str:
    """Drop every "<" + letter, "/" or "!" up to the next ">", as an HTML tokenizer reads a tag.

    A scan rather than a regex: "<" inside a tag is just a character, and a
    pattern that allows it, unbounded, is quadratic on "<a<a<a…" without a ">".
    """
    out: list[str] = []
    pos = 0
    while (start := _TAG_START.search(text, pos)) is not None:
        end = text.find(">", start.end())
        if end < 0:
            break
        out += [text[pos : start.start()], " "]
        pos = end + 1
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def clean_url(url: str | None) -> str:
    """A URL without invisible characters, tabs or newlines, nor spaces at either end.

    Browsers drop tabs and newlines from a URL as they read it (WHATWG URL
    standard); a space inside stays, for the canonical form to percent-encode.
    """
    if not url:
        return ""
    return strip_invisible(url).replace("\t", "").replace("\n", "").strip()


#: The fields of an article (and of the records it holds) that carry a URL: cleaned by
#: :func:`clean_url`, and a related link without one is dropped. Every other text field
#: is cleaned by :func:`clean`.
URL_FIELDS = frozenset({"url", "canonical_url", "image_url", "is_based_on"})

_Cleaner = Callable[[Any], Any]


def _optional(clean_one: Callable[[str], str]) -> _Cleaner:
    return lambda text: (clean_one(text) or None) if text is not None else None


def _cleaned(items: list[str]) -> list[str]:
    return [item for item in map(clean, items) if item]


def _cleaned_mapping(mapping: dict[str, str]) -> dict[str, str]:
    return {clean(key): clean(value) for key, value in mapping.items()}


def _unchanged(value: Any) -> Any:
    return value


def _cleaner(name: str, declared: Any) -> _Cleaner:
    """How a field declared as ``declared`` is cleaned; a TypeError for a declared type
    that holds text in a shape not known here, so that a new field cannot skip hygiene."""
    text = clean_url if name in URL_FIELDS else clean
    args = typing.get_args(declared)
    if declared is str:
        return text
    if args == (str, type(None)):
        return _optional(text)
    if declared == list[str]:
        return _cleaned
    if declared == dict[str, str]:
        return _cleaned_mapping
    if typing.get_origin(declared) is list and args and _is_record(args[0]):
        record: type = args[0]
        return lambda items: [
            cleaned for item in items if (cleaned := _cleaned_record(item, record)) is not None
        ]
    if "str" in repr(declared) or _is_record(declared):
        raise TypeError(f"clean_article: no hygiene for field '{name}' of type {declared!r}")
    return _unchanged


def _is_record(declared: Any) -> bool:
    return isinstance(declared, type) and dataclasses.is_dataclass(declared)


_CLEANERS: dict[type, dict[str, _Cleaner]] = {}


def _cleaners(record: type) -> dict[str, _Cleaner]:
    """Each field of the dataclass ``record`` and how it is cleaned, from its declared
    type; worked out once per class."""
    if record not in _CLEANERS:
        declared = typing.get_type_hints(record)
        _CLEANERS[record] = {
            f.name: _cleaner(f.name, declared[f.name]) for f in dataclasses.fields(record)
        }
    return _CLEANERS[record]


def _cleaned_values(item: Any, record: type) -> dict[str, Any]:
    """Each field of ``item`` (a ``record``) cleaned, by its name."""
    return {
        name: clean_field(getattr(item, name)) for name, clean_field in _cleaners(record).items()
    }


def _cleaned_record(item: Any, record: type) -> Any:
    """``item`` with each field cleaned, or None when a URL field came out empty."""
    values = _cleaned_values(item, record)
    if any(not values[name] for name in URL_FIELDS & values.keys()):
        return None
    return dataclasses.replace(item, **values)


def clean_article(article: Article) -> Article:
    """``article`` with every text field cleaned, found by its declared type
    (``dataclasses.fields``): text through :func:`clean`, the :data:`URL_FIELDS` through
    :func:`clean_url`, lists and mappings of text item by item, a record it holds (a
    :class:`~aggregator.schema.RelatedLink`) field by field. A field that holds text in a
    shape not known here is a TypeError, not a field left uncleaned.

    The one hygiene applied to an article whatever path it came by; a field
    that was only invisible characters becomes empty (or None); a related link
    without a URL is dropped.
    """
    return dataclasses.replace(article, **_cleaned_values(article, type(article)))
