"""A long text that holds a wire story inside text of its own (a live blog, a roundup, a
feature quoting the wire) is related coverage, not a copy; a copy that adds a little or
cuts a lot is still a copy. Each case is a wire text and another article, and whether the
two must be one story and one event (tests/test_dedup_containers.py). Texts:
tests/fixtures/dedup/containers/ (see its README)."""

from __future__ import annotations

from dataclasses import dataclass

from dedup_tier_cases import load

STORM_WIRE = load("containers/storm_wire.txt")
STORM_HEADLINE = "Storm Idris makes landfall at Port Calder, 60,000 homes without power"
SEAWALL_WIRE = load("containers/seawall_wire.txt")
LOCAL_INTRO = (
    "Anyone who walked along Marine Parade in Port Calder yesterday morning will have seen "
    "the damage for themselves: beach huts smashed, the bowls club roof on the green and "
    "the sea over the wall."
)
ROUNDUP_INTRO = "Good morning. Here are three stories we are following for you today."
OWN_PARAGRAPHS = [
    "Calder Town Council said its rest centre at Kingsmead Leisure Centre would stay open "
    "overnight for anyone whose home had been damaged.",
    "Readers can send photographs and news of damage in their street to the newsdesk, "
    "which will publish a list of road closures each morning this week.",
]


@dataclass(frozen=True)
class Case:
    """The agency's text (stored first unless reversed) and another outlet's article."""

    wire: tuple[str, ...]
    wire_headline: str
    body: tuple[str, ...]
    headline: str
    same_story: bool
    same_event: bool | None  # None: either is right (a roundup of three happenings)


def _storm(body: list[str], headline: str, same_story: bool) -> Case:
    """Another outlet's article against the storm wire story."""
    return Case(tuple(STORM_WIRE), STORM_HEADLINE, tuple(body), headline, same_story, True)


CASES = {
    # 60 paragraphs, 7 of them the wire's, newest entry first (QA live pass, F2).
    "a live blog holding 7 of the wire story's paragraphs": _storm(
        load("containers/storm_liveblog.txt"),
        "Storm Idris live: landfall at Port Calder, thousands without power",
        False,
    ),
    # The wire story whole, between two other items, under a short introduction.
    "a roundup of three wire items": Case(
        tuple(STORM_WIRE),
        STORM_HEADLINE,
        tuple(
            [ROUNDUP_INTRO]
            + [p for p in load("tiers/unrelated.txt") if not p.startswith("By ")]
            + STORM_WIRE
            + load("story_tram_strike.txt")
        ),
        "Morning briefing: a teacher cleared, Storm Idris, a tram strike",
        False,
        None,
    ),
    # Two of a three-paragraph wire item's paragraphs inside a 15-paragraph feature.
    "a long feature quoting two wire paragraphs": Case(
        tuple(SEAWALL_WIRE),
        "Storm Idris breaches Merrow Point sea wall, railway line closed",
        tuple(load("containers/seawall_feature.txt")),
        "The line that keeps falling into the sea",
        False,
        True,
    ),
    "a wire copy with a local intro and two added paragraphs": _storm(
        [LOCAL_INTRO, *STORM_WIRE, *OWN_PARAGRAPHS],
        "Storm Idris hits Port Calder",
        True,
    ),
    "a copy with half the text cut": _storm(
        STORM_WIRE[: len(STORM_WIRE) // 2], "Storm Idris: 60,000 homes without power", True
    ),
}
