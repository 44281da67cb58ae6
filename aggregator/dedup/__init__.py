"""Wire-story dedup: fingerprints (pure), text verification (pure), story assignment against a
candidate lookup, and merge policy (pure). See docs/dedup.md."""

from __future__ import annotations

from aggregator.dedup.assign import (
    Assignment,
    CandidateLookup,
    MemoryLookup,
    StoredCopy,
    assign_story,
)
from aggregator.dedup.fingerprint import FingerprintParams, TextProfile, build_profile
from aggregator.dedup.policy import (
    BylineFlag,
    CopyInfo,
    Origin,
    ParagraphDiff,
    byline_flags,
    choose_canonical,
    determine_origin,
    paragraph_diff,
)
from aggregator.dedup.verify import Match, compare

__all__ = [
    "Assignment",
    "BylineFlag",
    "CandidateLookup",
    "CopyInfo",
    "FingerprintParams",
    "Match",
    "MemoryLookup",
    "Origin",
    "ParagraphDiff",
    "StoredCopy",
    "TextProfile",
    "assign_story",
    "build_profile",
    "byline_flags",
    "choose_canonical",
    "compare",
    "determine_origin",
    "paragraph_diff",
    "params_from_settings",
]


def params_from_settings(settings) -> FingerprintParams:  # type: ignore[no-untyped-def]
    """The fingerprint knobs of a :class:`aggregator.config.DedupSettings`."""
    return FingerprintParams(
        num_perm=settings.num_perm,
        bands=settings.bands,
        shingle_size=settings.shingle_size,
        anchor_mod=settings.anchor_mod,
        max_anchors=settings.max_anchors,
    )
