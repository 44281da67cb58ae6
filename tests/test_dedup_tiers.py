"""The boundary between the story tier (one text and its copies) and the event tier (one
happening): each case is one more report of a fictional court case, and says where both
tiers must put it (tests/dedup_tier_cases.py; the same table through SQLite:
tests/test_dedup_tiers_storage.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dedup_tier_cases import (
    BACKGROUND,
    CASES,
    DAY1,
    DAY2,
    UNCREDITED_WIRE,
    WIRE,
    credit,
    load,
)

from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import build_profile
from aggregator.dedup.memory import MemoryDedup


def store_background(dedup: MemoryDedup) -> None:
    for i, name in enumerate(BACKGROUND):
        body = load(name)
        dedup.ingest(f"bg{i}", build_profile(body), "", DAY1 - timedelta(days=1), None, None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_tier_boundary(name: str) -> None:
    case = CASES[name]
    dedup = MemoryDedup()
    store_background(dedup)
    wire = list(case.wire)
    dedup.ingest("wire", build_profile(wire), "", DAY1, "wire.example", credit(wire))
    decision = dedup.ingest(
        "case", build_profile(case.body), "", case.published, "paper.example", credit(case.body)
    )
    assert (dedup.story_of("case") == dedup.story_of("wire")) == case.same_story, decision
    assert (dedup.event_of("case") == dedup.event_of("wire")) == case.same_event, decision
    # Nothing about the case joins an unrelated story's event.
    assert dedup.event_of("case") != dedup.event_of(f"bg{BACKGROUND.index('tiers/unrelated.txt')}")


def test_credits_found_where_agencies_put_them() -> None:
    assert credit(WIRE) == "PA"  # "By Helen Marsh, PA News" credit line
    assert credit(load("tiers/agency2.txt")) == "Reuters"  # "CARROWBY, England (Reuters) -"
    assert credit(load("tiers/independent.txt")) is None
    assert credit(UNCREDITED_WIRE) is None


def test_rewrite_without_provenance_is_returned_as_related() -> None:
    dedup = MemoryDedup()
    store_background(dedup)
    dedup.ingest("wire", build_profile(UNCREDITED_WIRE), "", DAY1)
    decision = dedup.ingest("rewrite", build_profile(load("tiers/rewrite_heavy.txt")), "", DAY2)
    assert decision.story.story_id is None
    assert decision.story.related == (dedup.story_of("wire"),)
    assert decision.event is not None and decision.event.evidence["textual"]


def test_event_links_survive_a_story_merge() -> None:
    # Two halves of the wire text, stored as two stories in two events (linking by
    # similarity switched off); the full text then proves them one text.
    settings = DedupSettings(event_min_similarity=1.0, event_related_similarity=1.0)
    dedup = MemoryDedup(settings)
    store_background(dedup)
    half = len(WIRE) // 2
    dedup.ingest("first-half", build_profile(WIRE[:half]), "", DAY1)
    dedup.ingest("second-half", build_profile(WIRE[half:]), "", DAY1)
    dedup.ingest("follow-up", build_profile(load("tiers/followup.txt")), "", DAY2)
    assert dedup.event_of("first-half") != dedup.event_of("second-half")
    decision = dedup.ingest("full", build_profile(WIRE), "", DAY1)
    assert decision.story.stories_to_merge
    assert dedup.story_of("first-half") == dedup.story_of("second-half") == dedup.story_of("full")
    assert dedup.event_of("first-half") == dedup.event_of("second-half") == dedup.event_of("full")
    assert dedup.event_of("follow-up") != dedup.event_of("full")  # linking still off


def test_event_links_survive_an_article_edit() -> None:
    dedup = MemoryDedup()
    store_background(dedup)
    dedup.ingest("wire", build_profile(WIRE), "", DAY1, None, "PA")
    dedup.ingest("independent", build_profile(load("tiers/independent.txt")), "", DAY1)
    event, story = dedup.event_of("wire"), dedup.story_of("wire")
    assert dedup.event_of("independent") == event
    # The agency corrects its text: a paragraph added at the end.
    edited = WIRE + ["The Environment Agency said it would review its inspections of farm lagoons."]
    dedup.update("wire", build_profile(edited))
    assert (dedup.story_of("wire"), dedup.event_of("wire")) == (story, event)
    assert dedup.event_of("independent") == event
    # Later arrivals still find the story and the event through the edited text.
    dedup.ingest("copy-of-edit", build_profile(edited[-3:]), "", DAY1)
    dedup.ingest("follow-up", build_profile(load("tiers/followup.txt")), "", DAY2, None, "PA")
    assert dedup.story_of("copy-of-edit") == story
    assert dedup.event_of("follow-up") == event


def test_wire_text_arriving_after_its_rewrites_gathers_them() -> None:
    dedup = MemoryDedup()
    store_background(dedup)
    # The papers' rewrites (dated the day after the wire text) are crawled first.
    dedup.ingest("light", build_profile(load("tiers/rewrite.txt")), "", DAY2)
    dedup.ingest("heavy", build_profile(load("tiers/rewrite_heavy.txt")), "", DAY2)
    assert dedup.story_of("light") != dedup.story_of("heavy")  # no provenance between papers
    assert dedup.event_of("light") == dedup.event_of("heavy")
    decision = dedup.ingest("wire", build_profile(WIRE), "", DAY1, None, credit(WIRE))
    assert decision.story.stories_to_merge
    assert dedup.story_of("light") == dedup.story_of("heavy") == dedup.story_of("wire")
    # An uncredited text reworking both would not have merged them.
    other = MemoryDedup()
    store_background(other)
    other.ingest("light", build_profile(load("tiers/rewrite.txt")), "", DAY2)
    other.ingest("heavy", build_profile(load("tiers/rewrite_heavy.txt")), "", DAY2)
    other.ingest("wire", build_profile(UNCREDITED_WIRE), "", DAY1)
    assert other.story_of("heavy") != other.story_of("wire")
