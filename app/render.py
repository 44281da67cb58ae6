"""Stories, copies and search hits as terminal text and as JSON-ready records.

Every scraped string passes through :func:`app.terminal.safe` before it is
printed; JSON records are escaped by the JSON encoder.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from aggregator.dedup.policy import agency_site, credit_key
from aggregator.schema import DEFAULT_KIND, Article, Copy, LiveEntry, Story
from app.terminal import clip, column, safe, wrap
from storage.queries import Event, EventSummary, RelatedCoverage, SearchHit, reuse_map


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def when_utc(value: datetime | None) -> str:
    """A stored time (always UTC) as a reader sees it, saying it is UTC's."""
    return f"{when(value)} UTC" if value else "—"


def published_when(article: Article) -> str:
    """The published time in UTC and, when the page's offset is not UTC's, as the page wrote it."""
    local = article.published_local
    utc = when_utc(article.published_at)
    if local is None:
        return utc
    if not local.utcoffset():  # +00:00: the page's clock is UTC's, nothing more to say
        return utc
    return f"{utc} (local {local.isoformat(sep=' ', timespec='minutes')})"


def story_record(story: Story) -> dict[str, Any]:
    return dataclasses.asdict(story)


def copy_record(copy: Copy) -> dict[str, Any]:
    return {
        "article_id": copy.article_id,
        **copy.article.to_dict(),
        "first_seen_at": copy.first_seen_at,
        **copy.dedup_record(),
        "versions": copy.versions,
        "versions_dropped": copy.versions_dropped,
        "last_edited_at": copy.last_edited_at,
        "removed_at": copy.removed_at,
        "removed_status": copy.removed_status,
        "replaced_at": copy.replaced_at,
    }


def show_record(
    story: Story,
    copies: list[Copy],
    related: list[RelatedCoverage],
    event: EventSummary | None = None,
) -> dict[str, Any]:
    """``aggregator show --json``: the story, every copy, the reuse map the web view draws,
    the related coverage (the newest :data:`RELATED_SHOWN`), its event's title and how
    many other stories the event holds."""
    return {
        **story_record(story),
        "copies": [copy_record(c) for c in copies],
        "reuse_map": dataclasses.asdict(reuse_map(story, copies)),
        "related_coverage": [related_record(r) for r in related],
        "event_title": event.title if event else None,
        "related_total": event.stories - 1 if event else len(related),
    }


def related_record(related: RelatedCoverage) -> dict[str, Any]:
    return {**story_record(related.story), "outlet_names": list(related.outlets)}


def event_record(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "stories": [story_record(s) for s in event.stories],
        "title": event.title,
    }


def hit_record(hit: SearchHit) -> dict[str, Any]:
    return {
        **story_record(hit.story),
        "headline_matched": hit.headline,
        "snippet": hit.snippet,
        "rank": hit.rank,
    }


def story_line(story: Story, bold: Any = str, *, published: bool = False) -> str:
    """One line of ``aggregator stories``: id, first seen (first published with
    ``published``: the time the list is ordered by), outlets, origin, headline."""
    origin = column(story.origin or "—", 20)
    outlets = count(story.outlets, "outlet ", "outlets")
    time = story.first_published_at if published else story.first_seen_at
    return (
        f"{story.story_id:>6}  {when(time):<16}  {outlets:>10}  "
        f"{origin}  {bold(safe(story.headline))}"
    )


def event_lines(event: Event, bold: Any = str, *, published: bool = False) -> Iterator[str]:
    """``aggregator stories --events``: an event's heading, then its stories' lines
    (their time first published with ``published``, as :func:`story_line`). The heading
    names the event by its title, the headline of its most-covered story."""
    if event.event_id is None:
        yield "No event yet (stored before the event tier: aggregator migrate --backfill-events)"
    else:
        size = count(len(event.stories), "story", "stories")
        yield f"Event {event.event_id}: {size} — {bold(safe(event.title))}"
    for story in event.stories:
        yield "  " + story_line(story, bold, published=published)


# What a story without a headline is titled where a title cannot be empty (an Atom entry).
NO_HEADLINE = "(no headline)"
_TITLE_FROM_LEAD_CHARS = 80


def title_of(headline: str, lead: str = "") -> str:
    """``headline``, or where a record gave none the lead's first words ("…" where cut),
    or :data:`NO_HEADLINE`: an Atom entry's ``<title />`` shows untitled in a reader."""
    if headline.strip():
        return headline
    lead = " ".join(lead.split())
    if not lead:
        return NO_HEADLINE
    if len(lead) <= _TITLE_FROM_LEAD_CHARS:
        return lead
    return lead[:_TITLE_FROM_LEAD_CHARS].rsplit(" ", 1)[0] + "…"


def outlet(copy: Copy) -> str:
    """The outlet a copy is shown under: its site's name, else its source's."""
    return copy.article.site_name or copy.article.source


def byline(copy: Copy) -> str:
    """The names parsed from a copy's byline and dateline: its authors, then its credits."""
    return ", ".join(copy.article.authors + copy.article.credits) or "no byline"


def printed_byline(copy: Copy) -> str | None:
    """The byline as the page printed it, when it says other than :func:`byline` (a
    leading "By" aside): "By Jessica Trent, Staff Writer" over "Jessica Trent", or
    "By Klaus Vogt" over "Klaus Vogt, Reuters" (Reuters from the dateline)."""
    raw = copy.article.byline_raw
    if not raw or _bare(raw) == _bare(byline(copy)):
        return None
    return raw


def _bare(names: str) -> str:
    """A byline without its case, its spacing and a leading "By" ("By:", "By -")."""
    return _BY.sub("", " ".join(names.casefold().split()))


# A byline's leading "By", "By:", "By -".
_BY = re.compile(r"^by\b\s*[:\-–—]?\s*")


@dataclasses.dataclass(frozen=True)
class OriginTime:
    """The times a story's origin line gives (docs/readers.md, "The origin line").

    ``first_published_at`` stays the earliest time any copy gives, but that may be a
    copy whose clock is wrong, dated before the agency's own page: beside the origin,
    its own copy's time is shown, and the earliest one apart, labelled with its outlet.
    """

    published: datetime | None  # the origin's own copy's published time
    on: str  # that copy's outlet when it is not the origin's name (its copy stands for it)
    undated: bool  # the story holds the origin's copy and its page gives no published time
    earliest: datetime | None  # the story's first_published_at, when it is another time
    earliest_outlet: str  # the outlet of the copy that gives it


def origin_time(story: Story, copies: Sequence[Copy]) -> OriginTime:
    """The origin's own copy's time (``origin_evidence.article_id``) and the story's
    earliest, when another, from the stored copies."""
    own = next((c for c in copies if c.article_id == story.origin_evidence.get("article_id")), None)
    published = own.article.published_at if own else None
    first = story.first_published_at
    earliest = None if first == published else first
    source = next((c for c in copies if earliest and c.article.published_at == earliest), None)
    return OriginTime(
        published=published,
        on=outlet(own) if own and not _origins_own(own, story.origin or "") else "",
        undated=own is not None and published is None,
        earliest=earliest,
        earliest_outlet=outlet(source) if source else "",
    )


def _origins_own(copy: Copy, origin: str) -> bool:
    """The copy is the origin's own: its outlet is the origin by name, or it is on the
    agency's own site by dedup's test (apnews.com, "AP News", is AP's; reuters.com is
    Reuters')."""
    key = credit_key(origin)
    return credit_key(outlet(copy)) == key or agency_site(outlet(copy), copy.article.url) == key


def origin_line(story: Story, copies: Sequence[Copy]) -> str:
    """``aggregator show``'s second line: the origin with its own copy's published time,
    the story's earliest time when another copy gives an earlier one, then first seen."""
    time = origin_time(story, copies)
    parts = [f"Origin: {safe(story.origin or 'unknown')}"]
    on = f" on {safe(time.on)}" if time.on else ""
    if time.published:
        parts.append(f"published {when_utc(time.published)}{on}")
    elif time.undated:
        parts.append(f"its copy{on} gives no published time")
    if time.earliest:
        by = f", {safe(time.earliest_outlet)}" if time.earliest_outlet else ""
        parts.append(f"earliest copy {when_utc(time.earliest)}{by}")
    parts.append(f"first seen {when_utc(story.first_seen_at)}")
    return "   ".join(parts)


def story_text(
    story: Story,
    copies: list[Copy],
    related: list[RelatedCoverage] | None = None,
    event: EventSummary | None = None,
) -> Iterator[str]:
    """``aggregator show``: the story, its canonical text, every copy's provenance, then
    the related coverage (:func:`related_text`)."""
    yield f"Story {story.story_id}: {safe(story.headline)}"
    yield origin_line(story, copies)
    yield (
        f"{count(story.copies, 'copy', 'copies')} at {count(story.outlets, 'outlet', 'outlets')}\n"
    )
    canonical = next(
        (c for c in copies if c.article_id == story.canonical_article_id),
        copies[0] if copies else None,
    )
    if canonical is not None:
        for paragraph in canonical.article.body:
            yield wrap(paragraph, indent="  ")
            yield ""
    yield "Copies:"
    for copy in copies:
        yield from _copy_text(copy, story)
    if related:
        yield ""
        yield from related_text(story, related, event)


#: The related stories ``show`` lists: the newest; a line names the command listing all.
RELATED_SHOWN = 10


def related_text(
    story: Story, related: list[RelatedCoverage], event: EventSummary | None
) -> Iterator[str]:
    """``show``'s related coverage: the event's title, then the other stories of its event
    given (the newest :data:`RELATED_SHOWN`), and how many more with the command that
    lists them all (``stories --event``: every story of the event, by first seen)."""
    total = event.stories - 1 if event else len(related)
    title = f": {safe(event.title)}" if event else ""
    yield f"Related coverage, event {story.event_id}{title}"
    others = count(total, "other story", "other stories")
    which = "newest first" if total <= len(related) else f"the newest {len(related)}"
    yield f"{others} of the same happening, {which}:"
    for item in related:
        outlets = ", ".join(safe(o) for o in item.outlets) or "—"
        first = item.story.first_published_at or item.story.first_seen_at
        yield f"  [story {item.story.story_id}] {outlets} — {when_utc(first)}"
        yield f"      {safe(item.story.headline)}"
    if total > len(related):
        # That command lists every story of the event (this one too), in its own order.
        yield (
            f"  and {total - len(related)} more: aggregator stories --event {story.event_id} "
            f"lists all {total + 1}, newest first seen first"
        )


def _copy_text(copy: Copy, story: Story) -> Iterator[str]:
    a = copy.article
    # Without a published time the time shown is when we first saw it, and says so.
    shown = published_when(a) if a.published_at else f"first seen {when_utc(copy.first_seen_at)}"
    yield f"  [{copy.article_id}] {safe(outlet(copy))} — {shown}"
    yield f"      {safe(a.headline)}"
    yield f"      by {safe(byline(copy))}   {safe(a.reader_url)}"
    if printed := printed_byline(copy):
        yield f"      byline as printed: {safe(printed)}"
    if a.kind != DEFAULT_KIND:
        yield f"      page kind: {a.kind}{_declared_in(a)}"
    yield from live_lines(a)
    if copy.similarity is not None and copy.article_id != copy.measured_against(story):
        yield (
            f"      similarity {copy.similarity:.2f}; shares {copy.shared_paragraphs} "
            f"paragraphs, adds {len(copy.added_paragraphs)}, cuts {len(copy.cut_paragraphs)}"
        )
    if copy.byline_flag:
        yield f"      byline flag: {safe(copy.byline_flag)}"
    if copy.versions > 1:
        yield f"      edited: {copy.versions} versions, last edit {when_utc(copy.last_edited_at)}"
    if kept := copy.kept_versions():
        yield (
            f"      texts stored: {kept} ({copy.versions_dropped} dropped, "
            "retention.versions_per_article)"
        )
    if copy.removed_at is not None:
        yield f"      {removed_note(copy)}"
    if copy.replaced_at is not None:
        yield f"      {replaced_note(copy)}"


#: The entries of a live blog ``show`` lists under its copy: the latest few.
LIVE_ENTRIES_SHOWN = 3


def live_lines(article: Article) -> Iterator[str]:
    """A live blog's key points and its latest entries (time, headline), briefly; nothing
    for another page."""
    if article.key_points:
        yield f"      key points: {clip('; '.join(article.key_points), 200)}"
    entries = article.live_entries
    if not entries:
        return
    shown = latest_entries(entries, LIVE_ENTRIES_SHOWN)
    yield f"      live entries: {len(entries)}, latest {len(shown)}:"
    for entry in shown:
        yield f"        {when_utc(entry.posted_at):<20}  {clip(entry_title(entry), 70)}"


def latest_entries(entries: Sequence[LiveEntry], count: int) -> list[LiveEntry]:
    """A live blog's ``count`` latest entries, the latest first (whatever order the page
    lists them in); the entries without a time after those with one."""
    undated = datetime.min.replace(tzinfo=UTC)
    return sorted(entries, key=lambda e: e.posted_at or undated)[::-1][:count]


def entry_title(entry: LiveEntry) -> str:
    """An entry as a line names it: its headline, else its first paragraph."""
    return entry.headline or (entry.paragraphs[0] if entry.paragraphs else "")


def _declared_in(article: Article) -> str:
    """Where the page declared its kind, as " (json-ld)"; nothing when not recorded."""
    where = article.provenance.get("kind")
    return f" ({safe(where)})" if where else ""


def removed_note(copy: Copy) -> str:
    """The line "removed at the source on … (HTTP 410)": its page answered 410, or 404 on
    two runs (docs/crawling.md, "Removed at the source")."""
    return f"removed at the source on {when_utc(copy.removed_at)} (HTTP {copy.removed_status})"


def replaced_note(copy: Copy) -> str:
    """The line "replaced at its URL on …": the page at its URL now holds another story,
    stored as another article (docs/dedup.md, "A URL that now carries another story")."""
    return f"replaced at its URL on {when_utc(copy.replaced_at)} by another story"


def hit_text(hit: SearchHit, bold: Any = str) -> Iterator[str]:
    """Two lines of ``aggregator search``: the story, then the snippet with the hit marked."""
    outlets = count(hit.story.outlets, "outlet ", "outlets")
    yield f"{hit.story.story_id:>6}  {outlets:>10}  {bold(safe(hit.story.headline))}"
    yield wrap(re.sub(r"\s+", " ", hit.snippet), indent="        ")
