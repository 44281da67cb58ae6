"""An :class:`~aggregator.schema.Article` as an ``articles`` row and back: one mapping,
derived from the schema's declared field types, so a new Article field needs its column
(a migration) and nothing else here.

A field is stored in the column of its name: a time as ISO 8601 text, a flag as 0/1, a
list or mapping (``related``'s links as ``{"url", "text"}`` objects, a record with a
``to_json`` of its own, ``live_entries``' entries, as that writes it) as JSON, anything
else as it is. A column a store not yet upgraded lacks reads as NULL: the field's
default (``kind``, a declared set of names, reads NULL as its default, ``article``).
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aggregator.schema import Article, parse_utc

#: The Article fields stored in ``articles``, each in the column of its name, in order.
ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))


def _jsonable(record: Any) -> Any:
    """A record as a JSON object: by its own ``to_json`` where it has one (its times as
    ISO 8601), else field by field."""
    to_json = getattr(record, "to_json", None)
    return to_json() if to_json is not None else dataclasses.asdict(record)


def json_text(value: Any) -> str:
    """A JSON column's text: non-ASCII kept, records (dataclasses) as objects."""
    return json.dumps(value, ensure_ascii=False, default=_jsonable)


def iso_time(value: datetime | None) -> str | None:
    """A time column's text (ISO 8601), or NULL."""
    return value.isoformat() if value else None


_Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _converters(declared: Any, default: Any) -> tuple[_Convert, _Convert]:
    """How a field declared as ``declared`` (with ``default``) is written to its column,
    and read back."""
    if typing.get_origin(declared) is typing.Literal:
        return _same, lambda value: default if value is None else value
    kinds = set(typing.get_args(declared)) | {declared}
    if datetime in kinds:
        return iso_time, parse_utc
    if declared is bool:
        return int, bool
    origin = typing.get_origin(declared)
    if origin is list:
        (item,) = typing.get_args(declared)
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            read_one: Callable[[Any], Any] = getattr(item, "from_json", None) or (
                lambda one, record=item: record(**one)
            )
            return json_text, lambda text: [
                read_one(one) for one in (json.loads(text) if text else [])
            ]
        return json_text, lambda text: json.loads(text) if text else []
    if origin is dict:
        return json_text, lambda text: json.loads(text) if text else {}
    return _same, _same


_DECLARED = typing.get_type_hints(Article)
_CONVERTERS = {
    f.name: _converters(_DECLARED[f.name], f.default) for f in dataclasses.fields(Article)
}


def article_columns(article: Article) -> dict[str, Any]:
    """The ``articles`` columns of ``article``'s fields (what storage adds of its own,
    the hashes and the body's text, it sets beside them)."""
    return {name: write(getattr(article, name)) for name, (write, _) in _CONVERTERS.items()}


def article_from_row(row: dict[str, Any]) -> Article:
    """The article of an ``articles`` row holding every column of :data:`ARTICLE_FIELDS`."""
    return Article(**{name: read(row[name]) for name, (_, read) in _CONVERTERS.items()})
