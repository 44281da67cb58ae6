"""Settings that look across stored articles: when two copies are one story (``DedupSettings``)
and which blocks repeat across a source's stories (``BoilerplateSettings``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import Field, field_validator, model_validator

from aggregator.config.values import Model, positive_duration


class DedupSettings(Model):
    """Thresholds of the wire-copy decision (defaults chosen on the development set).

    See ``docs/dedup.md`` for what each figure means and how the defaults were chosen.
    Changing a fingerprint field (``num_perm``, ``bands``, ``shingle_size``, ``anchor_mod``,
    ``max_anchors``) makes stored profiles incomparable: rebuild them.
    """

    # fingerprints and candidate lookup
    num_perm: int = Field(128, ge=16, le=512)
    bands: int = Field(32, ge=4)
    shingle_size: int = Field(5, ge=2, le=10)
    anchor_mod: int = Field(6, ge=1, le=64)
    max_anchors: int = Field(64, ge=0, le=512)
    max_candidates: int = Field(20, ge=1)
    max_key_postings: int = Field(200, ge=2)
    # verification
    accept_overlap: float = Field(0.9, gt=0, le=1)
    min_overlap_to_align: float = Field(0.02, ge=0, le=1)
    min_shared_shingles: int = Field(8, ge=1)
    min_run: int = Field(3, ge=2, le=12)
    long_run: int = Field(8, ge=3, le=40)
    min_copy_share: float = Field(0.75, gt=0, le=1)
    min_copy_raw_share: float = Field(0.4, gt=0, le=1)
    # copy rule, verbatim level: one text's lead (first lead_words content words) shared
    lead_words: int = Field(30, ge=5, le=200)
    min_lead_share: float = Field(0.5, ge=0, le=1)
    # copy rule and copy-without-lead: the other text's own lead must share this much too,
    # unless lead_split_copy_share of the shorter text is shared (round 15)
    min_weaker_lead_share: float = Field(0.2, ge=0, le=1)
    lead_split_copy_share: float = Field(0.6, gt=0, le=1)
    # assign: a same-agency same-day rewrite (a write-through) keeps this share of the
    # shorter text's names and numbers (round 15)
    min_update_names_kept: float = Field(0.8, ge=0, le=1)
    # in-order rule, verbatim level: share of the shorter text in runs in the same order
    min_in_order_share: float = Field(0.7, gt=0, le=1)
    # rewrite level (rewrite, dense rules): share of one text's lead reworded in the other
    min_rewrite_lead_share: float = Field(0.3, ge=0, le=1)
    shared_paragraph_share: float = Field(0.5, gt=0, le=1)
    single_passage_share: float = Field(0.9, gt=0, le=1)
    min_aligned_share: float = Field(0.45, gt=0, le=1)
    min_long_run_share: float = Field(0.35, ge=0, le=1)
    min_long_runs: int = Field(3, ge=1)
    dense_aligned_share: float = Field(0.6, gt=0, le=1)
    dense_min_runs: int = Field(3, ge=2)
    # derived rule, rewrite level: names and numbers of the shorter text, all in the longer
    min_contained_names: int = Field(5, ge=1)
    # assignment
    bridge_min_share: float = Field(0.8, gt=0, le=1)
    story_settled_similarity: float = Field(0.95, gt=0, le=1)
    max_copies_per_story: int = Field(6, ge=1)
    # event tier (aggregator/dedup/events.py)
    event_terms: int = Field(256, ge=4, le=1024)
    event_keys: int = Field(16, ge=1, le=256)
    event_query_keys: int = Field(32, ge=1, le=256)
    event_max_postings: int = Field(50, ge=1)
    event_max_candidates: int = Field(30, ge=1)
    event_min_similarity: float = Field(0.15, ge=0, le=1)
    event_related_similarity: float = Field(0.1, ge=0, le=1)
    event_min_shared_names: int = Field(1, ge=0)
    event_name_rarity: float = Field(0.6, ge=0, le=1)
    event_prior_stories: int = Field(2, ge=0)
    event_window_days: int = Field(3, ge=0)
    event_df_buckets: int = Field(1 << 20, ge=1 << 10, le=1 << 26)

    @classmethod
    def defaults(cls) -> DedupSettings:
        """The defaults (validated like any other value; a plain call needs the pydantic
        plugin for mypy to see that every field has one)."""
        return cls.model_validate({})

    @model_validator(mode="after")
    def _bands_divide(self) -> DedupSettings:
        if self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        if self.event_df_buckets & (self.event_df_buckets - 1):
            raise ValueError(f"event_df_buckets ({self.event_df_buckets}) must be a power of two")
        return self


class BoilerplateSettings(Model):
    """Site-aware boilerplate: blocks repeated across a source's stories (docs/parser.md).

    A short paragraph near either end of the body (or the standfirst) seen in at least
    ``min_stories`` distinct stories of the same source is dropped from its articles.
    """

    enabled: bool = True
    min_stories: int = Field(3, ge=2, le=10)
    max_chars: int = Field(200, ge=1, le=600)
    edge_paragraphs: int = Field(6, ge=0, le=8)
    # A block seen in one story only and not for this long was that article's own text.
    forget_after: timedelta = timedelta(days=30)

    @field_validator("forget_after", mode="before")
    @classmethod
    def _forget(cls, value: Any) -> timedelta:
        return positive_duration(value)
