"""Small helpers for statements with a list of values (``WHERE id IN (?, ?, …)``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# Bound on the parameters of one statement (SQLite allows 32,766): a long text has a
# bucket per distinct term, a prune batch an id per article.
MAX_PARAMS = 5_000


def marks(values: Sequence[Any]) -> str:
    """The ``?`` placeholders of an ``IN`` list of ``values``."""
    return ",".join("?" * len(values))


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most :data:`MAX_PARAMS`, one statement each."""
    for start in range(0, len(values), MAX_PARAMS):
        yield values[start : start + MAX_PARAMS]
