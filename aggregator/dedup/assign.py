"""Which story does a new article belong to? One decision per article, against stored copies.

The only impure part is :class:`CandidateLookup` (storage implements it over an indexed
``dedup_keys(key, article_id)`` table; :class:`MemoryLookup` here serves tests and the
in-memory benchmark). Everything else is a function of the new profile and the candidates.

Guards, because a wrong merge costs far more than a missed one:

* every candidate is verified on the text (:func:`aggregator.dedup.verify.compare`); sharing
  lookup keys is never evidence by itself;
* the article joins the story of its best verified match;
* it *bridges* (merges) another matching story only when the stored copy from that story is
  itself mostly contained in the new article (``bridge_min_share`` of its words lie in shared
  runs) as well as the chosen story's copy. A third article that shares one background
  paragraph with two different stories covers only that paragraph of each, so it cannot
  chain them together.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import TextProfile
from aggregator.dedup.verify import REWRITE, VERBATIM, Match, compare, covered_share
from aggregator.schema import as_utc

# Two items of a template recurring daily are about a day apart in any time zone; two copies
# of one text on one site are hours apart unless republished.
_RECURRENCE_GAP = timedelta(hours=20)


@dataclass(frozen=True)
class StoredCopy:
    """One stored article as candidate lookup returns it."""

    article_id: int | str
    story_id: int | str
    profile: TextProfile
    headline: str = ""
    published_at: datetime | None = None
    site: str | None = None
    # The agency the article credits (policy.agency_credit: byline, credit line, dateline),
    # or None. A rewrite-level match needs a credited wire text on one side.
    credit: str | None = None
    # When storage first saw it: an undated article was published on or before that day.
    first_seen_at: datetime | None = None


class CandidateLookup(Protocol):
    """Stored articles sharing at least one of ``band_keys``, most shared keys first.

    Implementations should skip keys shared by very many articles (boilerplate; see
    ``DedupSettings.max_key_postings``) and return at most ``max_candidates`` copies.
    """

    def candidates(self, band_keys: Sequence[int]) -> list[StoredCopy]: ...


@dataclass(frozen=True)
class Assignment:
    """The decision for one article.

    ``story_id`` is an existing story or ``None`` for a new one; ``stories_to_merge`` are other
    existing stories the article proves to be the same text (merge them into ``story_id``).
    """

    story_id: int | str | None
    stories_to_merge: tuple[int | str, ...] = ()
    similarity: float = 0.0
    matched_article_id: int | str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    # Stories whose text this one reworks without the provenance a story merge needs
    # (rewrite-level matches): strong evidence for the event tier, never a merge.
    related: tuple[int | str, ...] = ()


def assign_story(
    profile: TextProfile,
    headline: str,
    lookup: CandidateLookup,
    settings: DedupSettings | None = None,
    *,
    credit: str | None = None,
    published_at: datetime | None = None,
    first_seen_at: datetime | None = None,
    stay: int | str | None = None,
    site: str | None = None,
) -> Assignment:
    """Decide the story of a new article (see the module docstring for the guards).

    ``credit`` (the agency the new article credits) and ``published_at`` are the provenance
    a rewrite-level match needs; without them only verbatim-level matches merge. With
    ``site`` (the new article's site, as :class:`StoredCopy` names it) they also tell a
    recurring template's next item from a copy (:func:`recurring_item`).
    ``first_seen_at`` bounds an unknown ``published_at`` (see :func:`provenance`).
    ``stay``: the story of an edited article, decided again on its new text; while a copy
    of it still verifies, that story is the decision, ahead of any better-ranked one (a
    correction does not move a copy), and bridges are measured from it.
    """
    settings = settings or DedupSettings.defaults()
    candidates = lookup.candidates(profile.band_keys)
    best, related = _verified_matches(
        profile, candidates, settings, _Dates(credit, published_at, first_seen_at, site), stay
    )
    if not best:
        return Assignment(
            None,
            evidence={"candidates": len(candidates), "matches": 0},
            related=tuple(related),
        )
    ordered = sorted(best.items(), key=lambda kv: _rank(*kv[1]), reverse=True)
    if stay in best:
        ordered.sort(key=lambda kv: kv[0] != stay)  # stable: the others keep their rank
    story_id, (match, copy) = ordered[0]
    evidence: dict[str, Any] = dict(match.evidence)
    evidence.update(
        level=match.level,
        candidates=len(candidates),
        matched_article=copy.article_id,
        matching_stories=len(best),
        same_headline=_same_headline(headline, copy.headline),
    )
    merges: list[int | str] = []
    if len(ordered) > 1:
        merges, evidence["bridges"] = _bridges(profile, copy, ordered[1:], settings, credit)
    return Assignment(
        story_id=story_id,
        stories_to_merge=tuple(merges),
        similarity=match.similarity,
        matched_article_id=copy.article_id,
        evidence=evidence,
        related=tuple(s for s in related if s != story_id and s not in merges),
    )


@dataclass(frozen=True)
class _Dates:
    """The new article's provenance: its credit, publication time, first sighting, site."""

    credit: str | None
    published_at: datetime | None
    first_seen_at: datetime | None
    site: str | None = None


def _verified_matches(
    profile: TextProfile,
    candidates: Sequence[StoredCopy],
    settings: DedupSettings,
    new: _Dates,
    stay: int | str | None = None,
) -> tuple[dict[int | str, tuple[Match, StoredCopy]], list[int | str]]:
    """Best accepted match per story, and the stories matched only at rewrite level
    without provenance (related, for the event tier).

    A story holding another day's item of the new article's own site's template
    (:func:`recurring_item`) is neither, whatever its other copies match: another site's
    copy of yesterday's item matches word for word as well, and would bring today's item
    into yesterday's story through it. The story an edited article stays in is exempt (its
    own earlier version is no other item). Such a candidate is verified even when its
    story is already settled or tried ``max_copies_per_story`` times.
    """
    best: dict[int | str, tuple[Match, StoredCopy]] = {}
    related: list[int | str] = []
    vetoed: set[int | str] = set()
    tried: collections.Counter[int | str] = collections.Counter()
    for cand in candidates:
        if cand.story_id in vetoed:
            continue
        own_site = cand.story_id != stay and _days_apart_on_one_site(
            new.site, new.published_at, cand
        )
        held = best.get(cand.story_id)
        if not own_site and _enough_tried(held, tried[cand.story_id], settings):
            continue
        tried[cand.story_id] += 1
        match = compare(profile, cand.profile, settings)
        if own_site and match.level == VERBATIM and recurring_item(match, cand, new, settings):
            vetoed.add(cand.story_id)
            best.pop(cand.story_id, None)
            continue
        if match.level == REWRITE and not _has_provenance(match, cand, new, settings):
            if cand.story_id not in related:
                related.append(cand.story_id)
            continue
        if match.is_copy and (held is None or _rank(match, cand) > _rank(*held)):
            best[cand.story_id] = (match, cand)
    return best, [s for s in related if s not in best and s not in vetoed]


def _enough_tried(
    held: tuple[Match, StoredCopy] | None, tried: int, settings: DedupSettings
) -> bool:
    """Whether a story's further candidates can be skipped: it is already matched
    near-verbatim (more of its copies add nothing), or ``max_copies_per_story`` of its copies
    were tried (candidates come most-similar first: later ones rarely do better)."""
    settled = held is not None and held[0].similarity >= settings.story_settled_similarity
    return settled or tried >= settings.max_copies_per_story


def _has_provenance(match: Match, cand: StoredCopy, new: _Dates, settings: DedupSettings) -> bool:
    """May this rewrite-level match merge (:func:`provenance`)?

    When the longer text is mostly its own under a lead of its own (``verify`` rule
    "mostly-own") only the longer can be the source: it must be the credited wire text,
    and the shorter either uncredited or credited to the same agency (the agency's early
    cut and its write-through with a new top and more paragraphs, or a paper's credited
    copy with a local lede and sidebar; :func:`provenance` then asks for the same day). A
    live blog holding a wire story is no copy of it, however credited the wire.
    """
    longer = match.evidence.get("mostly_own")
    if longer is not None:
        longer_credit, shorter_credit = (
            (new.credit, cand.credit) if longer == "first" else (cand.credit, new.credit)
        )
        if longer_credit is None or shorter_credit not in (None, longer_credit):
            return False
    return provenance(
        new.credit,
        new.published_at,
        cand.credit,
        cand.published_at,
        seen_at=new.first_seen_at,
        other_seen_at=cand.first_seen_at,
        rule=match.evidence.get("rule"),
        names_kept=match.evidence.get("names_contained", 1.0) >= settings.min_update_names_kept,
    )


def recurring_item(match: Match, cand: StoredCopy, new: _Dates, settings: DedupSettings) -> bool:
    """Is this verbatim match two items of one recurring template rather than a copy?

    A site's daily market close, lottery draw or weather forecast repeats every sentence
    around the day's names and numbers, which the verbatim rules take for an edited copy
    (docs/dedup.md, "Templates and boilerplate"). Days between the items tell them apart
    on one site: both dated ``_RECURRENCE_GAP`` or more apart (elapsed time, so no time
    zone splits an evening), and the shorter keeps under ``min_update_names_kept`` of its
    names and numbers in the other, as a next day's item does and a republished or updated
    copy does not. Two sites are not asked: a paper's next-morning print of yesterday's
    wire text, cut and with lines of its own, keeps as few of its names (0.69 on the
    development set), credited or not. An undated copy gives no days to count.
    """
    names_kept: float = match.evidence.get("names_contained", 1.0)
    return (
        _days_apart_on_one_site(new.site, new.published_at, cand)
        and names_kept < settings.min_update_names_kept
    )


def _days_apart_on_one_site(
    site: str | None, published_at: datetime | None, cand: StoredCopy
) -> bool:
    """Whether ``cand`` is from ``site`` and dated ``_RECURRENCE_GAP`` or more from
    ``published_at`` (both dated)."""
    if site is None or site != cand.site or published_at is None or cand.published_at is None:
        return False
    return abs(as_utc(published_at) - as_utc(cand.published_at)) >= _RECURRENCE_GAP


def _stored_items_apart(copy: StoredCopy, other: StoredCopy, settings: DedupSettings) -> bool:
    """Are two stored copies one site's items of two days (:func:`recurring_item`)? A
    third text that holds both (another site's item of the template) does not join them."""
    if not _days_apart_on_one_site(copy.site, copy.published_at, other):
        return False
    match = compare(copy.profile, other.profile, settings)
    dates = _Dates(copy.credit, copy.published_at, copy.first_seen_at, copy.site)
    return match.level == VERBATIM and recurring_item(match, other, dates, settings)


def provenance(
    credit: str | None,
    published_at: datetime | None,
    other_credit: str | None,
    other_published_at: datetime | None,
    *,
    seen_at: datetime | None = None,
    other_seen_at: datetime | None = None,
    rule: str | None = None,
    names_kept: bool = True,
) -> bool:
    """May a rewrite-level match between these two articles merge them into one story?

    Only when one of them is credited wire copy and did not come after the other (a
    newspaper reworking the agency's text), or when both credit the same agency, are
    dated the same day and one's lead is reworded in the other (a write-through: the
    agency's story updated with a new top; ``rule`` is the verifying rule, and whole
    paragraphs shared under two unrelated leads, "copy-without-lead", are the background
    an agency's same-day sidebar repeats from its main story; ``names_kept``: the shorter
    keeps most of its names and numbers in the other, as an update does and one template's
    two items of a day do not). Two
    uncredited articles that read alike are as likely two reports of one event (reporters
    in one courtroom hear the same words); two different agencies' texts are independent
    reports by definition, and one agency's texts of two days are a story and its
    follow-up. Dates are compared by calendar day, the resolution most sources give. An
    article without a publication time was published on or before the day it was first
    seen (``seen_at``): a wire text published after that day came after it. A wire text
    without one may be the original.
    """
    if credit is not None and other_credit is not None:
        # Two agencies' reports, or one agency's story and its follow-up, which reuses
        # yesterday's paragraphs as background; but one agency's text rewritten on the day
        # it ran is that text updated (a write-through: a new top on the same story).
        return (
            credit == other_credit
            and rule != "copy-without-lead"
            and names_kept
            and published_at is not None
            and other_published_at is not None
            and published_at.date() == other_published_at.date()
        )
    if credit is None and other_credit is None:
        return False  # two reports: reporters in one courtroom hear the same words
    if credit:
        wire_at, other_at = published_at, other_published_at or other_seen_at
    else:
        wire_at, other_at = other_published_at, published_at or seen_at
    return wire_at is None or other_at is None or wire_at.date() <= other_at.date()


def _bridges(
    profile: TextProfile,
    copy: StoredCopy,
    others: Sequence[tuple[int | str, tuple[Match, StoredCopy]]],
    settings: DedupSettings,
    credit: str | None,
) -> tuple[list[int | str], list[dict[str, Any]]]:
    """Other matching stories the new article proves to be the same text.

    Verbatim matches: the new article contains both stories' copies. Rewrite matches only
    when the new article is the credited wire text they rework (their provenance is this
    text): then it does not matter whether the wire arrived before its rewrites or after.
    An uncredited article never bridges at rewrite level: a paper that reworks two agency
    stories into one report does not make them one text. Nor does any article bridge one
    site's items of two days, which :func:`recurring_item` kept apart.
    """
    merges: list[int | str] = []
    bridges: list[dict[str, Any]] = []
    contains_chosen: bool | None = None
    for other_story, (match, other) in others:
        if match.level == REWRITE:
            if credit is not None:
                merges.append(other_story)
                bridges.append(
                    {"story": other_story, "article": other.article_id, "rewrite_of": "new"}
                )
            continue
        if contains_chosen is None:
            contains_chosen = (
                covered_share(copy.profile, profile, settings) >= settings.bridge_min_share
            )
        share = covered_share(other.profile, profile, settings)
        if (
            contains_chosen
            and share >= settings.bridge_min_share
            and not _stored_items_apart(copy, other, settings)
        ):
            merges.append(other_story)
            bridges.append(
                {
                    "story": other_story,
                    "article": other.article_id,
                    "contained_share": round(share, 3),
                }
            )
    return merges, bridges


def _rank(match: Match, copy: StoredCopy) -> tuple[float, float, str]:
    # Ties broken on the id so the decision does not depend on candidate order.
    return (match.similarity, float(match.evidence.get("overlap", 0.0)), str(copy.article_id))


def _same_headline(a: str, b: str) -> bool:
    na, nb = _norm_headline(a), _norm_headline(b)
    return bool(na) and bool(nb) and (na.startswith(nb) or nb.startswith(na))


def _norm_headline(text: str) -> str:
    return " ".join(text.casefold().replace("…", "").replace("...", "").split())


class MemoryLookup:
    """In-memory :class:`CandidateLookup`: a dict of key -> article ids, and story ids.

    Mirrors what the SQLite implementation does: keys with more than ``max_key_postings``
    articles are ignored as boilerplate, candidates are ranked by shared keys (ties by id)
    and cut at ``max_candidates``. ``merge`` applies an :class:`Assignment`'s merges.
    """

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.settings = settings or DedupSettings.defaults()
        self._postings: dict[int, list[int | str]] = collections.defaultdict(list)
        self._copies: dict[int | str, StoredCopy] = {}
        self._story_of: dict[int | str, int | str] = {}
        self._members: dict[int | str, list[int | str]] = collections.defaultdict(list)

    def __len__(self) -> int:
        return len(self._copies)

    def candidates(self, band_keys: Sequence[int]) -> list[StoredCopy]:
        counts: collections.Counter[int | str] = collections.Counter()
        for key in set(band_keys):
            ids = self._postings.get(key)
            if not ids or len(ids) > self.settings.max_key_postings:
                continue
            counts.update(ids)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        out = []
        for article_id, _ in ranked[: self.settings.max_candidates]:
            stored = self._copies[article_id]
            story = self._story_of[article_id]
            if stored.story_id != story:
                stored = dataclasses.replace(stored, story_id=story)
            out.append(stored)
        return out

    def add(self, copy: StoredCopy) -> None:
        """Store an article under its (already decided) story id."""
        self._copies[copy.article_id] = copy
        self._story_of[copy.article_id] = copy.story_id
        self._members[copy.story_id].append(copy.article_id)
        for key in set(copy.profile.band_keys):
            self._postings[key].append(copy.article_id)

    def replace(self, article_id: int | str, profile: TextProfile) -> None:
        """An edited article: new text and keys, same story (storage's edit path)."""
        old = self._copies[article_id]
        for key in set(old.profile.band_keys):
            self._postings[key].remove(article_id)
        self._copies[article_id] = dataclasses.replace(old, profile=profile)
        for key in set(profile.band_keys):
            self._postings[key].append(article_id)

    def merge(self, into: int | str, others: Iterable[int | str]) -> None:
        for other in others:
            if other == into:
                continue
            for article_id in self._members.pop(other, []):
                self._story_of[article_id] = into
                self._members[into].append(article_id)

    def story_of(self, article_id: int | str) -> int | str:
        return self._story_of[article_id]

    def ingest(
        self,
        article_id: int | str,
        profile: TextProfile,
        headline: str = "",
        published_at: datetime | None = None,
        site: str | None = None,
        credit: str | None = None,
        first_seen_at: datetime | None = None,
    ) -> Assignment:
        """Assign, store and merge in one step (what storage does inside its transaction)."""
        decision = assign_story(
            profile,
            headline,
            self,
            self.settings,
            credit=credit,
            published_at=published_at,
            first_seen_at=first_seen_at,
            site=site,
        )
        story = decision.story_id if decision.story_id is not None else f"s-{article_id}"
        self.add(
            StoredCopy(
                article_id, story, profile, headline, published_at, site, credit, first_seen_at
            )
        )
        if decision.stories_to_merge:
            self.merge(story, decision.stories_to_merge)
        return decision
