"""The one reading of the page kinds a reader asks for (``--kind``, the web view's ``kind``,
an alert's ``kinds:``): words naming kinds kept, or with a ``-`` before them left out.

Pure, so the config checks an alert's kinds with it, and the CLI and the web view read
theirs with it: one syntax, one error, wherever a reader filters by kind.
"""

from __future__ import annotations

from collections.abc import Iterable

from aggregator.schema import KINDS, Kind


class KindWordError(ValueError):
    """A word that names no page kind; the message names it and lists the kinds."""


def read_kinds(values: Iterable[str]) -> tuple[Kind, ...] | None:
    """The page kinds ``values`` keep, in :data:`KINDS` order; None when they say nothing
    (every kind). Each value is a kind or a comma list of them (``opinion,review``); one
    with a ``-`` before it is left out (``-sponsored``: every other kind), the others are
    kept (none kept: every kind but those left out). Case is ignored. A word naming no
    kind raises :class:`KindWordError`."""
    kept: list[str] = []
    left_out: set[str] = set()
    for value in values:
        for word in filter(None, (w.strip() for w in value.split(","))):
            name = word.removeprefix("-").strip().lower()
            if name not in KINDS:
                raise KindWordError(f"'{word}' is no page kind ({', '.join(KINDS)})")
            if word.startswith("-"):
                left_out.add(name)
            else:
                kept.append(name)
    if not kept and not left_out:
        return None
    wanted = kept or list(KINDS)
    return tuple(kind for kind in KINDS if kind in wanted and kind not in left_out)


def kinds_word(kinds: Iterable[str]) -> str:
    """``kinds`` as the shortest words :func:`read_kinds` reads back to them: a comma list
    of those kept, or of those left out (each with a ``-``) when that is shorter (or when
    none is kept: every kind left out)."""
    given = set(kinds)
    chosen = [kind for kind in KINDS if kind in given]
    left_out = [f"-{kind}" for kind in KINDS if kind not in given]
    return ",".join(left_out if not chosen or len(left_out) < len(chosen) else chosen)
