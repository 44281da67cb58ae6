"""The story tier's miss classifier (benchmarks/dedup_misses.py) on hand-made rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: no package
from aggregator.config import DedupSettings  # noqa: E402
from benchmarks import dedup_misses  # noqa: E402

WIRE = (
    "Firefighters spent the night battling a blaze at a timber yard in Hull that sent a "
    "column of black smoke across the Humber estuary, Humberside Fire and Rescue said.\n\n"
    "Twelve engines and an aerial ladder platform were sent to the Sculcoates Lane site "
    "shortly after 10pm on Tuesday, and residents of nearby streets were told to keep "
    "their windows and doors closed.\n\n"
    "Station manager Paul Kershaw said the fire had been brought under control by 4am, "
    "but crews would remain at the yard throughout Wednesday to damp down hot spots.\n\n"
    "No one was injured. The cause of the fire is not yet known and an investigation "
    "will begin once the site is safe, the service said."
)
# The same text under a dateline: the story tier merges it.
COPY = "HULL (Reuters) - " + WIRE
# Labelled a copy of the same text, but nothing of its wording is left: no lookup key
# meets the wire text's, and verification would refuse it too.
REWORDED = (
    "A huge fire tore through stacks of wood at a yard beside the river overnight, "
    "with flames visible for miles.\n\n"
    "People living close by were asked to stay indoors while a dozen crews fought the "
    "flames until the early hours.\n\n"
    "Nobody was hurt, and investigators will look into what started it."
)


def _row(row_id: str, body: str, tier: str, site: str) -> dict:
    return {
        "id": row_id,
        "url": f"https://{site}/{row_id}",
        "site": site,
        "headline": "Timber yard fire in Hull",
        "byline": "",
        "body": body,
        "published": "2024-05-08",
        "cluster_id": "c1",
        "story_id": "s1",
        "event_id": "e1",
        "kind": "wire_copy",
        "source": "synthetic" if tier != "original" else "reuters",
        "derivation": None,
        "tier": tier,
    }


def test_a_reworded_copy_out_of_the_lookups_reach_is_one_miss_with_its_pairs() -> None:
    rows = [
        _row("a1", WIRE, "original", "reuters.com"),
        _row("a2", COPY, "light", "dailyexample.com"),
        _row("a3", REWORDED, "heavy", "otherexample.com"),
    ]
    settings = DedupSettings.defaults()
    run = dedup_misses.run_part(rows, settings)
    assert run.stories["a1"] == run.stories["a2"] != run.stories["a3"]
    found = dedup_misses.misses(rows, run, settings)
    assert [(m["cause"], m["articles"], m["pairs"]) for m in found] == [
        ("lookup: no shared key; verified: refused anyway", 1, 2)
    ]
    assert found[0]["outlets"] == {"otherexample.com"}


def test_nothing_split_is_no_miss() -> None:
    rows = [
        _row("a1", WIRE, "original", "reuters.com"),
        _row("a2", COPY, "light", "dailyexample.com"),
    ]
    settings = DedupSettings.defaults()
    assert dedup_misses.misses(rows, dedup_misses.run_part(rows, settings), settings) == []
