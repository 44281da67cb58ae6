"""Wire-story dedup in two tiers: fingerprints (pure), text verification (pure), story assignment
against a candidate lookup, merge policy (pure), and the event tier linking stories about one
happening through a bounded key index. See docs/dedup.md."""

from __future__ import annotations

from aggregator.dedup.assign import (
    Assignment,
    CandidateLookup,
    MemoryLookup,
    StoredCopy,
    assign_story,
    provenance,
)
from aggregator.dedup.events import (
    EventAssignment,
    EventLookup,
    EventProfile,
    MemoryEventIndex,
    NewStory,
    StoredStory,
    assign_event,
    build_event_profile,
    story_buckets,
)
from aggregator.dedup.fingerprint import (
    FingerprintParams,
    TextProfile,
    build_profile,
    params_from_settings,
    prebuilt_profile,
    shipped_profile,
)
from aggregator.dedup.memory import Decision, MemoryDedup
from aggregator.dedup.policy import (
    BylineFlag,
    CopyInfo,
    Origin,
    ParagraphDiff,
    agency_credit,
    article_credit,
    byline_flags,
    choose_canonical,
    determine_origin,
    paragraph_diff,
)
from aggregator.dedup.verify import REWRITE, VERBATIM, Match, compare

__all__ = [
    "REWRITE",
    "VERBATIM",
    "Assignment",
    "BylineFlag",
    "CandidateLookup",
    "CopyInfo",
    "Decision",
    "EventAssignment",
    "EventLookup",
    "EventProfile",
    "FingerprintParams",
    "Match",
    "MemoryDedup",
    "MemoryEventIndex",
    "MemoryLookup",
    "NewStory",
    "Origin",
    "ParagraphDiff",
    "StoredCopy",
    "StoredStory",
    "TextProfile",
    "agency_credit",
    "article_credit",
    "assign_event",
    "assign_story",
    "build_event_profile",
    "build_profile",
    "byline_flags",
    "choose_canonical",
    "compare",
    "determine_origin",
    "paragraph_diff",
    "params_from_settings",
    "prebuilt_profile",
    "provenance",
    "shipped_profile",
    "story_buckets",
]
