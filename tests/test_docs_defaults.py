"""docs/configuration.md states each key's default as the model declares it: for every key
of `defaults:` (schedule, politeness, limits) the value a source gets when neither it nor
`defaults:` sets the key, and for every other section the field's own default."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from aggregator.config import (
    Alert,
    AlertDelivery,
    BoilerplateSettings,
    ClusterSettings,
    Config,
    DaemonSettings,
    Defaults,
    LinkRules,
    RetentionSettings,
    Source,
    WebSettings,
)
from aggregator.config.model import default_user_agent
from aggregator.config.values import format_duration, parse_duration

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
# Keys of the models that are no config keys (set by the loader).
NOT_KEYS = {"path", "notices", "rejected_sources"}


def _table(heading: str) -> dict[str, str]:
    """Key → default cell of the table under ``heading`` (the column before the last)."""
    text = DOC.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    rows = {}
    for line in re.split(r"\n#", text, maxsplit=1)[0].splitlines():
        if match := re.match(r"\| `(\w+)` \|", line):
            rows[match[1]] = line.strip().strip("|").split("|")[-2].replace("`", "")
    return rows


def _written(value: Any) -> str | None:
    """How the docs write a default; None for no single value to look for."""
    if isinstance(value, timedelta):
        return format_duration(value)
    if value is None or isinstance(value, BaseModel) or value in ([], {}, ()):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"  # 20.0 is written 20
    return str(value)


def _states(cell: str, default: Any) -> bool:
    if isinstance(default, timedelta):  # 500ms and 0.5s are one default
        first = cell.split()[0].rstrip(",;")
        return first != "none" and parse_duration(first) == default
    written = _written(default)
    return written is None or written in cell


def _wrong(rows: dict[str, str], defaults: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    return {
        key: (cell, defaults[key]) for key, cell in rows.items() if not _states(cell, defaults[key])
    }


@pytest.mark.parametrize("section", ["schedule", "politeness", "limits"])
def test_each_key_of_defaults_states_the_built_in_default(section: str) -> None:
    built_in = getattr(Defaults(), section)
    rows = _table(f"### {section}")
    assert set(rows) == set(type(built_in).model_fields)
    assert _wrong(rows, {key: getattr(built_in, key) for key in rows}) == {}


@pytest.mark.parametrize(
    "heading, model",
    [
        ("## Top level", Config),
        ("## A source", Source),
        ("### link_rules", LinkRules),
        ("## daemon", DaemonSettings),
        ("## boilerplate", BoilerplateSettings),
        ("## web", WebSettings),
        ("## alerts", Alert),
        ("## alert_delivery", AlertDelivery),
        ("## cluster", ClusterSettings),
        ("## retention", RetentionSettings),
    ],
)
def test_each_key_states_its_default(heading: str, model: type[BaseModel]) -> None:
    # The user agent's version is the installed one: the docs write VERSION.
    version = default_user_agent().split()[0].partition("/")[2]
    rows = {key: cell.replace("VERSION", version) for key, cell in _table(heading).items()}
    fields = model.model_fields
    assert set(rows) == set(fields) - NOT_KEYS
    defaults = {
        key: None
        if fields[key].is_required()
        else fields[key].get_default(call_default_factory=True)
        for key in rows
    }
    assert _wrong(rows, defaults) == {}
