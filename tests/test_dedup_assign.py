"""Story assignment through MemoryLookup: copies merge, independent reports and chains do not."""

from __future__ import annotations

import itertools
from pathlib import Path

from aggregator.config import DedupSettings
from aggregator.dedup.assign import MemoryLookup, StoredCopy, assign_story
from aggregator.dedup.fingerprint import build_profile

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"


def load(name: str) -> tuple[str, list[str]]:
    blocks = [
        b.strip() for b in (FIXTURES / name).read_text(encoding="utf-8").split("\n\n") if b.strip()
    ]
    return blocks[0], blocks[1:]


def seed_body() -> list[str]:
    blocks = [
        b.strip()
        for b in (FIXTURES / "seed_monika_walker.txt").read_text(encoding="utf-8").split("\n\n")
        if b.strip()
    ]
    return blocks[blocks.index("Updated") + 1 : blocks.index("Author Profile")]


BBC_HEADLINE, BBC = load("bbc_trump_kim.txt")
IND_HEADLINE, INDEPENDENT = load("independent_trump_kim.txt")


def ingest_all(items: list[tuple[str, list[str], str]]) -> MemoryLookup:
    lookup = MemoryLookup()
    for article_id, body, headline in items:
        lookup.ingest(article_id, build_profile(body), headline)
    return lookup


def test_copies_join_the_story_and_the_independent_report_stays_apart() -> None:
    items = [
        ("bbc", BBC, BBC_HEADLINE),
        ("seed", seed_body(), "Trump-Kim to hold a second summit next month"),
        (
            "reuters-dateline",
            ["WASHINGTON (Reuters) - " + BBC[0]] + BBC[1:],
            "Trump, Kim to meet again",
        ),
        ("brief", BBC[:3], "Second summit planned"),
        ("independent", INDEPENDENT, IND_HEADLINE),
    ]
    lookup = ingest_all(items)
    story = lookup.story_of("bbc")
    assert [lookup.story_of(i) for i in ("seed", "reuters-dateline", "brief")] == [story] * 3
    assert lookup.story_of("independent") != story


def test_decision_is_independent_of_arrival_order() -> None:
    items = [
        ("bbc", BBC, BBC_HEADLINE),
        ("seed", seed_body(), ""),
        ("brief", BBC[:3], ""),
        ("independent", INDEPENDENT, IND_HEADLINE),
    ]
    partitions = set()
    for order in itertools.permutations(items):
        lookup = ingest_all(list(order))
        groups: dict[object, set[str]] = {}
        for article_id, _, _ in items:
            groups.setdefault(lookup.story_of(article_id), set()).add(article_id)
        partitions.add(frozenset(frozenset(g) for g in groups.values()))
    assert partitions == {
        frozenset({frozenset({"bbc", "seed", "brief"}), frozenset({"independent"})})
    }


def test_background_paragraph_does_not_chain_stories() -> None:
    _, strike = load("story_tram_strike.txt")
    _, fares = load("story_fare_rise.txt")
    _, brief = load("brief_network.txt")
    background = brief[0]  # the paragraph all three share
    lookup = ingest_all(
        [
            ("strike", strike, "Tram drivers to strike"),
            ("fares", fares, "Tram fares to rise"),
            ("brief", brief, "Westhaven trams: what you need to know"),
            ("only-background", [background], "Westhaven trams"),
        ]
    )
    assert lookup.story_of("strike") != lookup.story_of("fares")
    assert lookup.story_of("brief") not in {lookup.story_of("strike"), lookup.story_of("fares")}
    # The bare background paragraph is contained in both stories: it may join one of them,
    # but must not bridge them.
    decision = assign_story(build_profile([background]), "", lookup, lookup.settings)
    assert decision.stories_to_merge == ()


def test_full_text_bridges_two_partial_copies() -> None:
    head, tail = BBC[:6], BBC[6:]
    lookup = ingest_all([("head", head, ""), ("tail", tail, "")])
    assert lookup.story_of("head") != lookup.story_of("tail")
    decision = lookup.ingest("full", build_profile(BBC), BBC_HEADLINE)
    assert decision.story_id is not None and len(decision.stories_to_merge) == 1
    assert decision.evidence["bridges"][0]["contained_share"] >= 0.8
    assert lookup.story_of("head") == lookup.story_of("tail") == lookup.story_of("full")


def test_new_story_when_nothing_matches() -> None:
    lookup = ingest_all([("bbc", BBC, BBC_HEADLINE)])
    _, strike = load("story_tram_strike.txt")
    decision = assign_story(
        build_profile(strike), "Tram drivers to strike", lookup, DedupSettings()
    )
    assert decision.story_id is None and decision.stories_to_merge == ()


def test_evidence_records_what_was_matched() -> None:
    lookup = ingest_all([("bbc", BBC, BBC_HEADLINE)])
    decision = assign_story(
        build_profile(seed_body()),
        "Trump-Kim to hold a second summit next month",
        lookup,
        DedupSettings(),
    )
    assert decision.matched_article_id == "bbc"
    assert decision.evidence["matched_article"] == "bbc"
    assert decision.evidence["rule"] in {"overlap", "copy", "rewrite", "dense"}
    assert decision.similarity >= 0.8


def test_lookup_skips_boilerplate_keys_and_caps_candidates() -> None:
    settings = DedupSettings(max_key_postings=2, max_candidates=1)
    lookup = MemoryLookup(settings)
    profile = build_profile(BBC)
    for i in range(3):
        lookup.add(StoredCopy(f"a{i}", f"s{i}", profile))
    # every key now has 3 postings > 2: all are treated as boilerplate
    assert lookup.candidates(profile.band_keys) == []
    lookup = MemoryLookup(DedupSettings(max_candidates=1))
    for i in range(3):
        lookup.add(StoredCopy(f"a{i}", f"s{i}", profile))
    assert [c.article_id for c in lookup.candidates(profile.band_keys)] == ["a0"]
