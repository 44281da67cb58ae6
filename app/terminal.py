"""Text that is safe to print on a terminal: scraped text may carry escape sequences."""

from __future__ import annotations

import re
import textwrap

# C0/C1 controls (except newline and tab) and the bidi overrides/isolates that
# can reorder what a terminal shows (CWE-150, "Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """``text`` with control and bidi characters removed."""
    return _UNSAFE.sub("", "" if text is None else str(text))


def wrap(text: object, width: int = 88, indent: str = "") -> str:
    return textwrap.fill(safe(text), width=width, initial_indent=indent, subsequent_indent=indent)
