"""Every text value of an article, found by the schema's declared types (not a list by
hand), so that a test checking text fields covers a field added to the schema."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from aggregator.hygiene import URL_FIELDS
from aggregator.schema import Article


def text_values(record: Any) -> dict[str, list[str]]:
    """Each text field of the dataclass ``record`` (an Article, a RelatedLink) and its
    strings: a str, each item of a list of str, the keys and values of a mapping, the
    text of each record it holds (as ``related.text``)."""
    declared = typing.get_type_hints(type(record))
    out: dict[str, list[str]] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if "str" not in repr(declared[f.name]) and not isinstance(value, list):
            continue  # a time, a number, a flag
        if isinstance(value, str):
            out[f.name] = [value]
        elif isinstance(value, dict):
            out[f.name] = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            records = [item for item in value if dataclasses.is_dataclass(item)]
            for item in records:
                for name, texts in text_values(item).items():
                    out.setdefault(f"{f.name}.{name}", []).extend(texts)
            if not records:
                out[f.name] = list(value)
        else:
            out[f.name] = []  # None
    return out


def prose_values(article: Article) -> list[str]:
    """The strings of every text field but the URLs: what a reader reads."""
    return [
        text
        for name, texts in text_values(article).items()
        if name.rsplit(".", 1)[-1] not in URL_FIELDS
        for text in texts
    ]
