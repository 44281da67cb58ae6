"""How benchmarks/dedup_broadweb.py counts merges and links, on hand-made ids."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))  # no package
from dedup_broadweb import WARM, Page, groups_of  # noqa: E402


def _page(site: str, part: str) -> Page:
    return Page({"url": f"https://{site}/a", "headline": site}, site, part)


PAGES = [
    _page("a.example", "tuning"),  # 0: story s1, event e1
    _page("b.example", "tuning"),  # 1: story s1 (a merge across sites), event e1
    _page("c.example", "validation"),  # 2: story s2, event e1 (a link to another story)
    _page("a.example", "tuning"),  # 3: story s3, alone in e2
    _page("wire.example", WARM),  # 4: story s4, event e3, with a wire-reuse row only
    _page("wire.example", WARM),  # 5: story s5, event e3
]
STORIES = ["s1", "s1", "s2", "s3", "s4", "s5"]
EVENTS = ["e1", "e1", "e1", "e2", "e3", "e3"]


def test_a_story_of_two_sites_is_a_merge_and_its_part_is_that_of_its_pages() -> None:
    (merged,) = groups_of(PAGES, STORIES)
    assert merged.members == (0, 1) and merged.sites == {"a.example", "b.example"}
    assert merged.part == "tuning"


def test_an_event_counts_stories_not_pages_and_leaves_out_wire_reuse_only_events() -> None:
    (linked,) = groups_of(PAGES, EVENTS, members=STORIES)
    assert linked.members == (0, 2)  # the first page of each of its two stories
    assert linked.part == "both"  # one story of each part
