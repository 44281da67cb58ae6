"""The benchmark's body-miss classifier (benchmarks/body_misses.py) names each kind of miss."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: no package
from benchmarks import body_misses  # noqa: E402

START = "The council voted on Tuesday to close the old bridge to cars"
TEXT = (
    f"{START}. Engineers had warned for years that its steel was failing, and the vote "
    "ends a long quarrel between the two towns on either bank of the river."
)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (TEXT, None),
        (f"LONDON — {TEXT}", "early 1-5"),
        (f"A picture of the bridge at dawn, taken from the east bank. {TEXT}", "early 6-40"),
        (" ".join(["Read more about the city."] * 12) + " " + TEXT, "early 41-150"),
        (TEXT.replace("close the old", "close (Advertisement) the old"), "interrupted"),
        (TEXT.replace("The council voted on", "Councillors met"), "lead cut"),
        ("Sign up for our newsletter to get the morning briefing.", "absent"),
        (" ".join(reversed(TEXT.split())), "scattered"),
        ("", "empty"),
    ],
)
def test_prefix_kinds(body: str, kind: str | None) -> None:
    assert body_misses.prefix_kind(START, body) == kind


def test_a_reference_tells_a_dropped_lead_from_another_block() -> None:
    rest = TEXT[len(START) + 2 :]
    assert body_misses.against_reference("absent", START, rest, TEXT) == "absent + rest shared"
    other = "Weather: sunny spells, a light breeze from the west and no rain until Friday."
    assert body_misses.against_reference("absent", START, other, TEXT) == "absent + other text"
    assert body_misses.against_reference("early 1-5", START, TEXT, TEXT) == "early 1-5"


def test_full_text_kinds_place_extra_and_missing_words() -> None:
    head = "Share this story on social media and follow us for the latest news updates today"
    assert body_misses.full_text_kinds(TEXT, TEXT, 1.0) == []
    assert body_misses.full_text_kinds(TEXT, f"{head}. {TEXT}", 0.8) == ["extra head"]
    assert body_misses.full_text_kinds(TEXT, f"{TEXT} {head}.", 0.8) == ["extra tail"]
    assert body_misses.full_text_kinds(TEXT, TEXT[len(START) :], 0.8) == ["missing lead"]
    cut = TEXT[: TEXT.index(", and the vote")]
    assert body_misses.full_text_kinds(TEXT, cut, 0.8) == ["missing end"]
    assert body_misses.full_text_kinds(TEXT, head, 0.0) == [
        "other container",
        "extra head",
        "missing lead",
    ]


def test_a_printed_standfirst_is_held_by_the_truth_or_not() -> None:
    dek = "Engineers had warned for years that its steel was failing"
    assert body_misses.standfirst_verdict(dek, {"body": TEXT}) == "in truth"
    assert body_misses.standfirst_verdict(dek, {"body_prefix": START}) == "not in truth"
    assert body_misses.standfirst_verdict(START, {"body_prefix": START}) == "in truth"
    assert (
        body_misses.standfirst_verdict(dek, {"body_with": ["its steel was failing"]}) == "in truth"
    )
    assert (
        body_misses.standfirst_verdict(dek, {"body_without": ["Engineers had warned"]})
        == "not in truth"
    )
    assert body_misses.standfirst_verdict(dek, {"body_with": ["the vote"]}) == "unknown"
