"""docs/configuration.md gives, for every key of `defaults:` (schedule, politeness,
limits), the value a source gets when neither it nor `defaults:` sets the key."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from aggregator.config import Defaults
from aggregator.config.values import format_duration

DOC = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"


def _table(section: str) -> dict[str, str]:
    """Key → default cell of the table under ``### section``."""
    text = DOC.read_text(encoding="utf-8").split(f"\n### {section}\n", 1)[1]
    rows = {}
    for line in text.split("\n#", 1)[0].splitlines():
        if match := re.match(r"\| `(\w+)` \| ([^|]*) \|", line):
            rows[match[1]] = match[2].replace("`", "")
    return rows


def _written(value: Any) -> str:
    if isinstance(value, timedelta):
        return format_duration(value)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"  # 20.0 is written 20
    return str(value)


@pytest.mark.parametrize("section", ["schedule", "politeness", "limits"])
def test_each_key_states_the_built_in_default(section: str) -> None:
    built_in = getattr(Defaults(), section)
    rows = _table(section)
    assert set(rows) == set(type(built_in).model_fields)
    wrong = {
        key: (cell, _written(getattr(built_in, key)))
        for key, cell in rows.items()
        if getattr(built_in, key) is not None and _written(getattr(built_in, key)) not in cell
    }
    assert wrong == {}
