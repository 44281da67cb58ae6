"""The tier-boundary cases, shared by the in-memory test (tests/test_dedup_tiers.py) and the
storage one (tests/test_dedup_tiers_storage.py): one fictional court case reported several
ways, each saying whether it must join the agency's story and its event. Texts:
tests/fixtures/dedup/tiers/ (see its README)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from aggregator.dedup.policy import CopyInfo, agency_credit

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
DAY1 = datetime(2024, 3, 5, 11, 0)
DAY2 = DAY1 + timedelta(days=1)


def load(name: str) -> list[str]:
    """The paragraphs of a fixture (its first block is the headline)."""
    blocks = [b.strip() for b in (FIXTURES / name).read_text(encoding="utf-8").split("\n\n")]
    return [b for b in blocks if b][1:]


def credit(body: list[str]) -> str | None:
    return agency_credit(CopyInfo("a", "site", "url", "", tuple(body)))[0]


WIRE = load("tiers/wire.txt")
UNCREDITED_WIRE = [p for p in WIRE if not p.startswith("By ")]
LOCAL_INTRO = (
    "Readers in Ashby Magna will know the stretch of river below the old mill well: it was "
    "where the spill did most of its damage, and where the village children learned to swim."
)
BACKGROUND = [  # other stories already stored, so that word rarity means something
    "bbc_trump_kim.txt",
    "independent_trump_kim.txt",
    "story_tram_strike.txt",
    "story_fare_rise.txt",
    "tiers/unrelated.txt",
]


@dataclass(frozen=True)
class Case:
    body: list[str]
    published: datetime
    same_story: bool
    same_event: bool
    wire: tuple[str, ...] = tuple(WIRE)  # the agency text stored first, on DAY1


CASES = {
    # Paragraphs kept, words changed, the judge's quote kept: a copy at verbatim level.
    "light rewrite with shared quotes": Case(load("tiers/rewrite.txt"), DAY2, True, True),
    # Reworded narrative, a few clauses kept: a rewrite, which needs provenance.
    "heavy rewrite of the credited wire text": Case(
        load("tiers/rewrite_heavy.txt"), DAY2, True, True
    ),
    "heavy rewrite, the wire text uncredited": Case(
        load("tiers/rewrite_heavy.txt"), DAY2, False, True, tuple(UNCREDITED_WIRE)
    ),
    "heavy rewrite dated before the wire text": Case(
        load("tiers/rewrite_heavy.txt"), DAY1 - timedelta(days=1), False, True
    ),
    # Same hearing, same quotes, the reporter's own narrative.
    "independent report sharing the quotes": Case(load("tiers/independent.txt"), DAY1, False, True),
    "follow-up report the next day": Case(load("tiers/followup.txt"), DAY2, False, True),
    "another agency's report of the hearing": Case(load("tiers/agency2.txt"), DAY1, False, True),
    "copy with half the text cut and a local intro": Case(
        [LOCAL_INTRO] + WIRE[: len(WIRE) // 2 + 1], DAY2, True, True
    ),
    "brief: the first three paragraphs": Case(WIRE[1:4], DAY1, True, True),
    # A newspaper brief reworded from the wire text, every name and number taken from it:
    # wholly derived (the derived rule, rewrite level, so it needs provenance).
    "reworded brief adding no name or number of its own": Case(
        load("tiers/brief_derived.txt"), DAY2, True, True
    ),
    "the same brief, the wire text uncredited": Case(
        load("tiers/brief_derived.txt"), DAY2, False, True, tuple(UNCREDITED_WIRE)
    ),
    # One name the wire text does not have: the paper's own reporting, so the brief is
    # not wholly derived (independent reports of a hearing share the rest).
    "the same brief naming a person the wire text does not": Case(
        load("tiers/brief_own_name.txt"), DAY2, False, True
    ),
    "a report of the same case ten days later": Case(
        load("tiers/independent.txt"), DAY1 + timedelta(days=10), False, False
    ),
}
