"""The text hygiene every field passes through: what it removes and what it keeps."""

from __future__ import annotations

import sys

import pytest

from aggregator.hygiene import clean, strip_invisible

PLANE_NONCHARACTERS = [
    cp for plane in range(1, 17) for cp in (plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF)
]
# The module docstring's list, written out as code points.
REMOVED = [
    *[cp for cp in range(0x00, 0x20) if cp not in (0x09, 0x0A)],
    *range(0x7F, 0xA0),
    0x00AD,
    0x061C,
    0x200B,
    *range(0x202A, 0x202F),
    *range(0x2060, 0x206A),
    *range(0xD800, 0xE000),
    *range(0xFDD0, 0xFDF0),
    0xFEFF,
    0xFFFE,
    0xFFFF,
    *PLANE_NONCHARACTERS,
]


def test_every_listed_character_is_removed_from_otherwise_printable_text() -> None:
    kept = [hex(cp) for cp in REMOVED if strip_invisible(f"a{chr(cp)}b") != "ab"]
    assert kept == []


def test_joiners_and_directional_marks_are_kept() -> None:
    # ZWNJ and ZWJ spell Persian, Indic and emoji sequences; LRM and RLM order Hebrew
    # and Arabic neutrals. None reorders text as an override does (QA pass R, stop 44).
    for text in ("می\u200cخواهد", "👩\u200d👩\u200d👧", "שלום\u200e!", "مرحبا\u200f!"):
        assert strip_invisible(text) == text
        assert clean(text) == text


def test_tabs_newlines_and_printable_text_are_kept() -> None:
    text = "Café — «naïve» 東京 🙂\n\tsecond line"
    assert strip_invisible(text) == text
    assert strip_invisible("a\u00a0b") == "a\u00a0b"  # a no-break space is text, not invisible


@pytest.mark.parametrize(
    "whitespace",
    [chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace() and cp not in REMOVED],
)
def test_clean_collapses_every_kind_of_whitespace_to_one_space(whitespace: str) -> None:
    assert clean(f"{whitespace}a{whitespace}{whitespace}b\r{whitespace}") == "a b"


def test_clean_drops_tags_after_invisible_characters() -> None:
    assert clean("<\x8fdiv>Budget vote\u200b passed</div>") == "Budget vote passed"
