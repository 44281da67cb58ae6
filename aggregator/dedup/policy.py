"""What a story shows: its canonical copy, its origin, suspicious bylines, and per-copy diffs.

Pure functions over :class:`CopyInfo` values (the copies already merged into one story), so
they can be re-run whenever a copy joins. Every choice carries the evidence it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aggregator.agencies import AGENCIES as CREDITED_ORGANISATIONS
from aggregator.agencies import AGENCY_NAME, AGENCY_SITES, HOUSE_CREDITS
from aggregator.dedup.fingerprint import clean_paragraphs, tokenize

if TYPE_CHECKING:
    from aggregator.schema import Article

# Dedup's short list: the agencies whose credit is provenance enough for a reworded copy
# to join their story (``article_credit``), by their one name (``agencies.AGENCY_SPELLINGS``
# declares each one's spellings: "AP", "Associated Press", "The Associated Press").
NAMED_AGENCIES = frozenset(
    {"Reuters", "AP", "AFP", "PA", "BBC", "dpa", "UPI", "Bloomberg", "Xinhua", "Kyodo", "Yonhap"}
)
# Where an agency's own site is (``agency_site``): each declared domain, and each spelling
# long enough to be the agency's whole name as a host's label. Every code of the table is
# four letters or fewer (tt, cp, aa, agi, efe, ansa, tass), and such a label is often some
# other outlet's or a subdomain's (www.tt.com, cp.example.org); the codes' own sites are
# declared domains instead.
_AGENCY_SITE = {domain: name for name, domains in AGENCY_SITES.items() for domain in domains}
_LONG_NAME_CHARS = 5
_LONG_AGENCY_NAME = {
    spelling: name
    for spelling, name in AGENCY_NAME.items()
    if len(spelling) >= _LONG_NAME_CHARS and " " not in spelling
}
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.,' -]{0,60})?\((?P<agency>[A-Za-z .-]{2,30})\)\s*[-–—:]"
)
_CREDIT_LINE = re.compile(r"^\s*by\s+\S", re.I)
_CREDIT_LINE_PARAGRAPHS = 4
_BYLINE_AGENCY = re.compile(
    r"\b(?P<agency>PA News|Press Association|Reuters|Associated Press|AFP|BBC News|BBC)\b"
)


@dataclass(frozen=True)
class CopyInfo:
    """One copy of a story, as policy needs it (built from an Article plus its ids)."""

    article_id: int | str
    site: str
    url: str
    headline: str
    body: tuple[str, ...]
    authors: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    byline_raw: str | None = None
    published_at: datetime | None = None
    first_seen_at: datetime | None = None
    canonical_url: str | None = None
    is_based_on: str | None = None
    source_organization: str | None = None


@dataclass(frozen=True)
class Origin:
    """Who published the text first: an agency name or a site, with the evidence."""

    name: str
    kind: str  # "agency" or "outlet"
    article_id: int | str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class BylineFlag:
    article_id: int | str
    byline: str
    reason: str


@dataclass(frozen=True)
class ParagraphDiff:
    """A copy against the canonical text: indexes into each side's (cleaned) paragraphs."""

    article_id: int | str
    shared: tuple[tuple[int, int], ...]  # (copy paragraph, canonical paragraph)
    added: tuple[int, ...]  # copy paragraphs not in the canonical text
    cut: tuple[int, ...]  # canonical paragraphs missing from the copy
    edited: tuple[int, ...] = field(default=())  # copy paragraphs shared but not identical


# --- canonical copy ------------------------------------------------------------------------

# A paragraph of one copy is another's when this share of its word 3-grams is there too
# (the share :func:`paragraph_diff` matches paragraphs at).
_PARAGRAPH_SHARED = 0.6


def choose_canonical(copies: Sequence[CopyInfo], origin: Origin | None = None) -> CopyInfo:
    """The agency's own copy, when ``origin`` (:func:`determine_origin`) names it and it is
    the story's text; else the most complete early version of the story's text.

    The agency's own text is the story: a paper's compilation of it with another agency's
    report, or its copy with local paragraphs added, is longer but no more of the story
    (a QA pass found "ats/afp/reuters" shown as AFP's story, Reuters' paragraphs and all).
    Unless the own copy is a cut of the text its copies carry (:func:`_holds_agency_text`):
    the agency's two-paragraph first take is not the story while papers run all of it.

    Completeness is the number of words of article text after site furniture is removed;
    a copy within 90% of the longest counts as complete, and among complete copies the
    earliest (published, then first seen, then id) wins. Long copies padded with boxes are
    not preferred, because cleaning strips the boxes before counting. Only copies that are
    the story's text take part (:func:`_is_story_text`): a live blog holding the wire's
    paragraphs among fifty of its own is the longest copy, not the story. When no copy is
    (copies reworded from one another share few paragraphs word for word), all take part.
    """
    if not copies:
        raise ValueError("a story has at least one copy")
    if len(copies) == 1:
        return copies[0]
    own = _agency_own_copy(copies, origin)
    if own is not None and _is_story_text(own, copies) and _holds_agency_text(own, copies):
        return own
    sizes = {c.article_id: _words(c) for c in copies}
    by_size = sorted(copies, key=lambda c: -sizes[c.article_id])
    # Checked lazily, longest first and then earliest first: a refresh runs each time a
    # copy joins, and the answer is nearly always the first copy checked.
    story_text = next((c for c in by_size if _is_story_text(c, copies)), None)
    longest = sizes[(story_text or by_size[0]).article_id]
    complete = sorted((c for c in copies if sizes[c.article_id] >= 0.9 * longest), key=_time_key)
    if story_text is None:
        return complete[0]
    return next(c for c in complete if c is story_text or _is_story_text(c, copies))


def _agency_own_copy(copies: Sequence[CopyInfo], origin: Origin | None) -> CopyInfo | None:
    """The origin's copy when it is on the origin agency's own site (not the earliest copy
    crediting the agency, which :func:`determine_origin` names when the story holds none)."""
    if origin is None or origin.kind != "agency":
        return None
    copy = next((c for c in copies if c.article_id == origin.article_id), None)
    if copy is None or agency_site(copy.site, copy.url) != credit_key(origin.name):
        return None
    return copy


# The agency's own copy is the story's text when it holds this share of the agency's text
# another copy carries (the share at which a copy counts as complete).
_COMPLETE = 0.9


def _holds_agency_text(own: CopyInfo, copies: Sequence[CopyInfo]) -> bool:
    """Whether the agency's own copy is complete: its text (in word 3-grams) is at least
    ``_COMPLETE`` of each other copy's text in paragraphs that a third copy crediting no
    other agency carries too.

    Such paragraphs are the agency's text as papers run it. A paper's own paragraphs (a
    local tail) are in no other copy; another agency's report compiled in (Reuters'
    paragraphs after AFP's) is carried only by copies that credit that agency as well
    ("AFP/Reuters", "ats/afp/reuters"). Paragraphs that papers crediting the agency alone
    carry and the own copy lacks are the text it was cut from (review 48a, F2: AP's
    two-paragraph first take beside two papers running all eight). With one other copy,
    no third carries anything, and the own copy counts as complete.
    """
    key = agency_site(own.site, own.url) or ""
    witnesses = [c for c in copies if c is not own and not _credits_other_agency(c, key)]
    own_size = sum(len(g) for g in _paragraph_grams(tuple(own.body)))
    for copy in copies:
        thirds = [_body_grams(tuple(w.body)) for w in witnesses if w is not copy]
        if copy is own or not thirds:
            continue
        carried = sum(
            len(g) for g in _paragraph_grams(tuple(copy.body)) if g and _shared(g, thirds)
        )
        if own_size < _COMPLETE * carried:
            return False
    return True


def _credits_other_agency(copy: CopyInfo, key: str) -> bool:
    """Whether a copy credits an agency other than the one ``key`` (:func:`credit_key`)
    names: a compilation "AFP/Reuters" credits Reuters besides AFP."""
    credits = (agency_credit(copy)[0] or "", *copy.credits, copy.source_organization or "")
    return any(_is_agency(credit) and credit_key(credit) != key for credit in credits)


def _is_agency(credit: str) -> bool:
    """Whether a credit names a news agency or syndicating outlet the parser knows (not a
    desk or staff credit: ``agencies.HOUSE_CREDITS``)."""
    key = credit.strip().casefold()
    return key in CREDITED_ORGANISATIONS and key not in HOUSE_CREDITS


def _shared(
    grams: frozenset[tuple[str, ...]], bodies: Sequence[frozenset[tuple[str, ...]]]
) -> bool:
    """Whether a paragraph (its word 3-grams) is in ``bodies``: ``_PARAGRAPH_SHARED`` of its
    3-grams are in one or another of them (:func:`paragraph_diff`'s measure)."""
    found = sum(any(gram in body for body in bodies) for gram in grams)
    return found >= _PARAGRAPH_SHARED * len(grams)


def _words(copy: CopyInfo) -> int:
    return _body_words(tuple(copy.body))


def _is_story_text(copy: CopyInfo, copies: Sequence[CopyInfo]) -> bool:
    """Whether a copy is the story's text: its first paragraph is in another of the
    ``copies`` (the full wire text a brief was cut from), or most of it (in word 3-grams)
    is in paragraphs another copy shares.

    A paragraph is shared when ``_PARAGRAPH_SHARED`` of its word 3-grams are in another
    copy (:func:`paragraph_diff`'s measure). A copy that opens with its own paragraph and
    is mostly its own text (a live blog, a roundup, a feature quoting the wire) holds the
    story inside it; it is not the story.
    """
    theirs = [_body_grams(tuple(other.body)) for other in copies if other is not copy]
    paragraphs = [g for g in _paragraph_grams(tuple(copy.body)) if g]
    if not paragraphs or not theirs:
        return False
    if _shared(paragraphs[0], theirs):
        return True
    shared_size = sum(len(g) for g in paragraphs[1:] if _shared(g, theirs))
    return 2 * shared_size >= sum(len(g) for g in paragraphs)


# A story's copies are counted again each time one joins, mostly soon after the
# first; a small cache holds them (1,024 bodies of a few KB: some 5 MB at most).
@lru_cache(maxsize=1024)
def _body_words(body: tuple[str, ...]) -> int:
    return sum(len(tokenize(p)) for p in clean_paragraphs(body))


@lru_cache(maxsize=64)  # a story's copies, checked again each time one joins
def _paragraph_grams(body: tuple[str, ...]) -> tuple[frozenset[tuple[str, ...]], ...]:
    return tuple(_grams(p) for p in clean_paragraphs(body))


@lru_cache(maxsize=64)
def _body_grams(body: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    return frozenset().union(*_paragraph_grams(body))


def _time_key(copy: CopyInfo) -> tuple[bool, datetime, bool, datetime, str]:
    published = copy.published_at or copy.first_seen_at
    seen = copy.first_seen_at or copy.published_at
    return (
        published is None,
        published or datetime.max,
        seen is None,
        seen or datetime.max,
        str(copy.article_id),
    )


# --- origin ------------------------------------------------------------------------------


def agency_name(credit: str) -> str | None:
    """The agency a credit names, under its one name ("Agencia EFE" and "Efe" are "EFE",
    "The Associated Press" is "AP": ``agencies.AGENCY_SPELLINGS``), or None."""
    return AGENCY_NAME.get(credit.strip().casefold())


def credit_key(credit: str) -> str:
    """What credits are compared by: the agency's one name when the spellings table knows
    it (:func:`agency_name`), else the credit casefolded, its spaces collapsed and a leading
    "The " dropped, so that "AL JAZEERA" and "Al Jazeera", "The Washington Post" and
    "Washington Post" are one. Two different names stay two ("NYT" is not "The New York
    Times"): only the table says which spellings are one agency."""
    if name := agency_name(credit):
        return name
    return " ".join(credit.casefold().split()).removeprefix("the ")


def _named(credit: str) -> str | None:
    """The agency a credit names when it is on dedup's short list (``NAMED_AGENCIES``)."""
    name = agency_name(credit)
    return name if name in NAMED_AGENCIES else None


def agency_credit(copy: CopyInfo, *, named_only: bool = False) -> tuple[str | None, str | None]:
    """The news agency a copy credits by name, under its one name, and where the credit
    was found.

    Only a known agency counts: one of :data:`NAMED_AGENCIES`, else (not ``named_only``:
    for the story's origin, not for the provenance a rewrite-level match needs,
    :func:`article_credit`) any agency or syndicating outlet the parser knows (EFE, ANSA,
    Lusa, dpa-AFX, …). Every spelling of an agency is the agency (:func:`agency_name`):
    "EFE", "Agencia EFE" and "Efe" vote for one origin. An outlet the parser knows that
    is no agency of ``agencies.AGENCY_SPELLINGS`` counts as credited. The parser files
    every organisation under credits, desks and "Staff" too, but a desk or staff credit
    ("Staff Reporter", "News Desk") is the outlet's own: taken as an agency it made a desk
    the origin of every story its outlet published first, and flagged the copiers as
    taking "Staff Reporter" text.
    """
    for credit in (*copy.credits, copy.source_organization or ""):
        if name := _named(credit):
            return name, f"credit '{credit}'"
    for credit in () if named_only else copy.credits:
        if _is_agency(credit):
            return agency_name(credit) or credit.strip(), f"credit '{credit}'"
    if copy.body:
        m = _DATELINE.match(copy.body[0])
        if m and (name := _named(m.group("agency"))):
            return name, f"dateline '{m.group(0).strip()}'"
    if copy.byline_raw:
        m = _BYLINE_AGENCY.search(copy.byline_raw)
        if m and (name := _named(m.group("agency"))):
            return name, f"byline '{copy.byline_raw.strip()}'"
    for paragraph in copy.body[:_CREDIT_LINE_PARAGRAPHS]:
        # A credit line left in the body ("By Jane Merrick, PA News") when the page had no
        # byline markup: agency copy often opens with slug, headline and credit lines.
        if len(paragraph) <= 120 and _CREDIT_LINE.match(paragraph):
            m = _BYLINE_AGENCY.search(paragraph)
            if m and (name := _named(m.group("agency"))):
                return name, f"credit line '{paragraph.strip()}'"
    return None, None


def _credits_agency(copy: CopyInfo, name: str) -> bool:
    """Whether a copy credits the agency ``name`` under any of its spellings, among
    other credits too: "Por Ana Ruiz, Reuters, Agencia EFE" credits EFE."""
    key = credit_key(name)
    credits = (agency_credit(copy)[0] or "", *copy.credits, copy.source_organization or "")
    return any(credit_key(credit) == key for credit in credits if credit.strip())


def article_credit(article: Article) -> str | None:
    """The news agency an article credits by name (its credits, byline, an agency dateline
    or a ``By …, PA News`` line in the body), or None: the provenance a rewrite-level
    match needs (``assign.provenance``), stored as ``articles.credit``.

    A desk or staff credit ("Metro Desk", "Staff Reporter") is the outlet's own: a copy
    so credited is not agency text, and must not count as the credited side of a rewrite.
    """
    copy = CopyInfo(
        article_id=0,
        site=article.site_name or article.source,
        url=article.url,
        headline=article.headline,
        body=tuple(article.body),
        authors=tuple(article.authors),
        credits=tuple(article.credits),
        byline_raw=article.byline_raw,
    )
    return agency_credit(copy, named_only=True)[0]


def determine_origin(copies: Sequence[CopyInfo]) -> Origin:
    """Agency credited by the copies (most credited wins), else the outlet other copies point to
    (rel=canonical / isBasedOn on another site), else the earliest publisher."""
    # By credit_key: every spelling of one agency, every case of one outlet's name, votes
    # once; the origin is named as the earliest copy crediting it prints it.
    votes: dict[str, list[str]] = {}
    first_with: dict[str, tuple[CopyInfo, str]] = {}
    by_time = sorted(copies, key=_time_key)
    for copy in by_time:
        name, where = agency_credit(copy)
        if name:
            votes.setdefault(credit_key(name), []).append(f"{copy.site}: {where}")
            first_with.setdefault(credit_key(name), (copy, name))
    if votes:
        key = max(votes, key=lambda k: (len(votes[k]), -by_time.index(first_with[k][0])))
        # The agency's own copy, when the story holds one, is where its text was first
        # published: another site's copy dated earlier has a clock or a zone wrong.
        own = next((c for c in by_time if agency_site(c.site, c.url) == key), None)
        first, name = first_with[key]
        return Origin(name, "agency", (own or first).article_id, tuple(votes[key]))

    by_host = {_host(c.url): c for c in copies}
    for copy in by_time:
        for pointer, label in (
            (copy.canonical_url, "rel=canonical"),
            (copy.is_based_on, "isBasedOn"),
        ):
            host = _host(pointer or "")
            if host and host != _host(copy.url):
                target = by_host.get(host)
                return Origin(
                    target.site if target else host,
                    "outlet",
                    target.article_id if target else None,
                    (f"{copy.site}: {label} points to {pointer}",),
                )
    first = by_time[0]
    when = first.published_at or first.first_seen_at
    return Origin(
        first.site,
        "outlet",
        first.article_id,
        (f"earliest copy ({when.isoformat() if when else 'undated'})",),
    )


def agency_site(site: str, url: str) -> str | None:
    """The agency whose own site a copy (its ``site`` name, its ``url``) is on, or None,
    named as :func:`credit_key` names it: its site name is one of the
    agency's spellings ("Reuters"), its host is or is under one of the agency's declared
    domains (efe.com, apnews.com: ``agencies.AGENCY_SITES``), or a label of its host is the
    agency's whole long name (uk.reuters.com, europapress.es). A short code is no label's
    agency: www.tt.com is Tiroler Tageszeitung's, not TT's, and cp.example.org no CP's."""
    if name := agency_name(site):
        return name
    host = _host(url)
    domains = [host.split(".", n)[-1] for n in range(host.count("."))]  # a.efe.com, efe.com
    labels = host.split(".")[:-1]  # not the top-level domain
    return next((_AGENCY_SITE[d] for d in domains if d in _AGENCY_SITE), None) or next(
        (_LONG_AGENCY_NAME[label] for label in labels if label in _LONG_AGENCY_NAME), None
    )


def _host(url: str) -> str:
    host = urlsplit(url).netloc.casefold()
    return host[4:] if host.startswith("www.") else host


# --- bylines ------------------------------------------------------------------------------


def byline_flags(copies: Sequence[CopyInfo], origin: Origin) -> list[BylineFlag]:
    """Copies whose byline names a person the origin does not.

    When the origin is an agency, a copy that names a person and does not credit the agency
    itself is flagged (a site putting its own writer's name over agency text). When the
    origin is an outlet, a copy naming a person who is not among the origin copy's authors
    is flagged. Copies with no person named are not flagged: a missing credit is a different
    problem from a wrong one.
    """
    by_id = {c.article_id: c for c in copies}
    origin_copy = by_id.get(origin.article_id) if origin.article_id is not None else None
    origin_people = {_person_key(a) for a in (origin_copy.authors if origin_copy else ())}
    flags = []
    for copy in copies:
        people = [a for a in copy.authors if a.strip()]
        if not people or copy is origin_copy:
            continue
        shown = copy.byline_raw or ", ".join(people)
        unknown = [p for p in people if _person_key(p) not in origin_people]
        if origin.kind == "agency":
            if not unknown or _credits_agency(copy, origin.name):
                continue  # "By Jane Doe, Reuters": a named agency writer, credited
            reason = (
                f"names {', '.join(unknown)} over {origin.name} text "
                f"without crediting {origin.name}"
            )
        else:
            if not unknown:
                continue
            by = (
                f" (by {', '.join(origin_copy.authors)})"
                if origin_copy and origin_copy.authors
                else ""
            )
            reason = f"names {', '.join(unknown)} over text first published by {origin.name}{by}"
        flags.append(BylineFlag(copy.article_id, shown, reason))
    return flags


def _person_key(name: str) -> str:
    return " ".join(tokenize(name))


# --- paragraph diff -------------------------------------------------------------------------


def paragraph_diff(copy: CopyInfo, canonical: CopyInfo, min_share: float = 0.6) -> ParagraphDiff:
    """Which paragraphs of ``copy`` are shared with, added to, or cut from ``canonical``.

    Paragraphs are compared on cleaned text (datelines and boxes removed) as word 3-gram
    sets; a copy paragraph matches the canonical paragraph with which it shares most, if at
    least ``min_share`` of the shorter paragraph's 3-grams are shared. So a paragraph with a
    dateline prepended, a word swapped, or two paragraphs run together still counts as shared.
    """
    mine = [_grams(p) for p in clean_paragraphs(copy.body)]
    theirs = [_grams(p) for p in clean_paragraphs(canonical.body)]
    shared: list[tuple[int, int]] = []
    edited: list[int] = []
    used: set[int] = set()
    for i, g in enumerate(mine):
        best, best_score = None, 0.0
        for j, h in enumerate(theirs):
            if not g or not h:
                continue
            score = len(g & h) / min(len(g), len(h))
            if score > best_score or (score == best_score and best in used):
                best, best_score = j, score
        if best is not None and best_score >= min_share:
            shared.append((i, best))
            used.add(best)
            if g != theirs[best]:
                edited.append(i)
    matched_copy = {i for i, _ in shared}
    added = tuple(i for i in range(len(mine)) if i not in matched_copy)
    cut = tuple(j for j in range(len(theirs)) if j not in used)
    return ParagraphDiff(copy.article_id, tuple(shared), added, cut, tuple(edited))


@lru_cache(maxsize=1024)  # a story's copies share most paragraphs; one canonical is diffed often
def _grams(paragraph: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    words = tokenize(paragraph)
    if len(words) < n:
        return frozenset([tuple(words)]) if words else frozenset()
    # zip over shifted slices builds the same n-tuples as slicing at each index, in C.
    return frozenset(zip(*(words[i:] for i in range(n)), strict=False))
