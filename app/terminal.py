"""Text that is safe to print on a terminal: scraped text may carry escape sequences."""

from __future__ import annotations

import textwrap

from aggregator.hygiene import strip_invisible


def safe(text: object) -> str:
    """``text`` with control, bidi and other invisible characters removed (CWE-150).

    The store holds none (:mod:`aggregator.hygiene`); a database written by an
    older version may.
    """
    return strip_invisible("" if text is None else str(text))


def wrap(text: object, width: int = 88, indent: str = "") -> str:
    return textwrap.fill(safe(text), width=width, initial_indent=indent, subsequent_indent=indent)


def clip(text: object, width: int) -> str:
    """``text`` made safe and cut to ``width`` characters, ending in "…" when cut, so a
    column never passes a cut headline off as the whole one."""
    shown = safe(text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"
