"""Text that is safe to print on a terminal: scraped text may carry escape sequences.

Widths are terminal columns, not characters: a wide (CJK) character takes two and a
combining mark none (``unicodedata.east_asian_width``), so a column of Chinese or
Japanese outlet names lines up and a Japanese paragraph, which has no spaces, wraps.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterator

from aggregator.hygiene import strip_invisible


def safe(text: object) -> str:
    """``text`` with control, bidi and other invisible characters removed (CWE-150).

    The store holds none (:mod:`aggregator.hygiene`); a database written by an
    older version may.
    """
    return strip_invisible("" if text is None else str(text))


def width_of(text: str) -> int:
    """The terminal columns ``text`` takes."""
    return sum(_width(ch) for ch in text)


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: object, width: int = 88, indent: str = "") -> str:
    """``text`` made safe, in lines of at most ``width`` columns. Text with a wide
    character may also break between two of them (CJK writes no space between words);
    its other text breaks where ``textwrap`` breaks it (at spaces, after a hyphen), and
    text with none is filled by ``textwrap`` itself."""
    shown = safe(text)
    if not any(_width(ch) == 2 for ch in shown):
        return textwrap.fill(shown, width=width, initial_indent=indent, subsequent_indent=indent)
    # Whitespace as textwrap reads it: tabs expanded, each other one a space.
    spaced = shown.expandtabs().translate(_SPACES)
    return "\n".join(_wide_lines(spaced, width, indent))


#: textwrap's whitespace (``textwrap.TextWrapper.unicode_whitespace_trans``), each a space.
_SPACES = textwrap.TextWrapper.unicode_whitespace_trans
#: Where textwrap breaks a word: after a hyphen between letters, before an em-dash.
_WORD_BREAKS = textwrap.TextWrapper.wordsep_re


def _wide_lines(text: str, width: int, indent: str) -> Iterator[str]:
    room = max(width - width_of(indent), 2)
    line = ""
    for unit in _units(text, room):
        if unit == " " and not line:
            continue  # no line starts with a space
        if line and width_of((line + unit).rstrip()) > room:
            yield indent + line.rstrip()
            line = "" if unit == " " else unit
        else:
            line += unit
    if line.strip():
        yield indent + line.rstrip()


def _units(text: str, room: int) -> Iterator[str]:
    """What a line may break before: each wide character (with its combining marks), a
    space, or a run of other characters (a word) in the pieces textwrap breaks it into
    (after a hyphen), each cut into its characters only when it is wider than a line."""
    units: list[str] = []
    for ch in text:
        joins = units and (
            unicodedata.combining(ch)
            or (ch != " " and _width(ch) == 1 and units[-1] != " " and _width(units[-1][0]) == 1)
        )
        if joins:
            units[-1] += ch
        else:
            units.append(ch)
    for unit in units:
        pieces = _WORD_BREAKS.split(unit) if _width(unit[0]) == 1 else [unit]
        for piece in filter(None, pieces):
            yield from (piece if width_of(piece) > room else (piece,))


def clip(text: object, width: int) -> str:
    """``text`` made safe and cut to ``width`` columns, ending in "…" when cut, so a
    column never passes a cut headline off as the whole one."""
    shown = safe(text)
    if width_of(shown) <= width:
        return shown
    kept, used = [], 0
    for ch in shown:
        used += _width(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def column(text: object, width: int) -> str:
    """``text`` clipped (:func:`clip`) and padded to exactly ``width`` columns."""
    shown = clip(text, width)
    return shown + " " * (width - width_of(shown))
