"""What each page of the web view shows, built from the reader queries (no Datasette here).

Each ``*_page`` function takes an open database (and the reader's clock) and
returns a frozen view of the page for its template; the story page uses the
same queries as ``aggregator show`` (``storage.queries``), so the two agree.
Templates escape every string; nothing here builds markup.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from aggregator.config import Config
from aggregator.hygiene import strip_invisible
from aggregator.page_kinds import KindWordError, kinds_word, read_kinds
from aggregator.schema import KINDS, Copy, Story
from app.daemon.ledger import SUCCESS, is_failure
from app.daemon.schedule import period
from app.daemon.status import SourceStatus, source_statuses
from app.render import OriginTime, entry_title, latest_entries, origin_time
from app.render import outlet as outlet_of
from app.web.charts import Sparkline, Timeline, TimelinePoint, sparkline, timeline
from storage import queries, source_health
from storage.queries import CopyReuse, Coverage
from storage.runs import RunRow

if TYPE_CHECKING:  # app.cluster needs the redis client, which only a cluster's config needs
    from app.cluster.status import SourceJob

#: Stories on the front page and results on a search page (every page: the size is fixed).
PAGE_SIZE = 60
#: Search result pages a reader can page to: a later page ranks all the hits before it.
MAX_SEARCH_PAGES = 20
#: Outlet colours in the stylesheet (outlet-0 … outlet-7), reused in turn.
OUTLET_COLOURS = 8
#: Outlet names shown on a story card before "+N more".
CARD_OUTLETS = 4
#: Days in a source's articles-per-day sparkline.
SPARK_DAYS = 14
#: A live blog's latest entries the story page lists under its copy (``show`` lists
#: ``render.LIVE_ENTRIES_SHOWN``, a terminal's few lines; a page has room for more).
LIVE_ENTRIES_LISTED = 10
#: Markers FTS5 puts around each hit: control characters, which stored text never holds.
HIT_MARKS = ("\x02", "\x03")
#: Languages written right to left, by their primary subtag (ISO 639; iw and ji are the
#: old codes of Hebrew and Yiddish that pages still declare).
RIGHT_TO_LEFT = frozenset(
    [
        "ar",
        "arc",
        "azb",
        "ckb",
        "dv",
        "fa",
        "he",
        "iw",
        "ji",
        "ks",
        "nqo",
        "prs",
        "ps",
        "sd",
        "syr",
        "ug",
        "ur",
        "yi",
    ]
)


@dataclass(frozen=True)
class TextLanguage:
    """What an element holding stored text says of it (its ``lang`` and ``dir``): the
    page is ``lang="en"``, so an Arabic headline or a Japanese paragraph is read with an
    English voice and Han characters get no font hint unless its element names its own
    language (WCAG 3.1.2); right-to-left text is laid out so only when its element says
    so. Unknown language: no ``lang``, and ``dir="auto"`` (the text's first letter)."""

    lang: str = ""
    dir: str = "auto"


def text_language(language: str | None) -> TextLanguage:
    """The stored ``language`` of an article as its text's element gives it."""
    if not language:
        return TextLanguage()
    primary = language.split("-", 1)[0].casefold()
    return TextLanguage(language, "rtl" if primary in RIGHT_TO_LEFT else "")


@dataclass(frozen=True)
class Clock:
    """The reader's time zone: UTC or the configured one."""

    zone: ZoneInfo

    @property
    def name(self) -> str:
        return str(self.zone.key)

    def moment(self, value: datetime | None, label: str = "") -> Moment | None:
        return None if value is None else self.at(value, label)

    def at(self, value: datetime, label: str = "") -> Moment:
        local = value.astimezone(self.zone)
        return Moment(local.isoformat(), local.strftime("%Y-%m-%d %H:%M"), label)

    def tick(self, value: datetime, span: timedelta) -> str:
        """A timeline tick: day and time over a short span, the date over days."""
        local = value.astimezone(self.zone)
        return local.strftime("%d %b %H:%M" if span <= timedelta(days=2) else "%Y-%m-%d")

    def start_of(self, day: date) -> datetime:
        return queries.in_utc(datetime.combine(day, time(), self.zone))


@dataclass(frozen=True)
class Moment:
    """A time as a page shows it: machine-readable, in the reader's zone, and what it is."""

    iso: str
    text: str
    label: str = ""  # "published", "first seen", …


# --- filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed a list of stories to (the form's fields as read): the days
    from and to (read in the reader's zone, :meth:`selection`), and the rest as the reader
    filter's own record (``narrowing``, a StoryFilter without window: ``source``,
    ``outlets``, ``by``, which time the days read and the front page orders by, and
    ``kind``, read as ``--kind`` reads it)."""

    day_from: date | None = None
    day_to: date | None = None
    narrowing: queries.StoryFilter = queries.StoryFilter()
    problems: tuple[str, ...] = ()  # fields that could not be read, said on the page

    @property
    def kind(self) -> str:
        """The ``kind`` field as it reads back (``opinion``, ``-sponsored``; empty: all)."""
        kinds = self.narrowing.kinds
        return kinds_word(kinds) if kinds is not None else ""

    @property
    def kind_choices(self) -> tuple[tuple[str, str], ...]:
        """The kind field's choices (value, label) besides "any kind": :data:`KIND_CHOICES`,
        and the one a link asked for when it is none of them (``opinion,review``)."""
        if not self.kind or self.kind in dict(KIND_CHOICES):
            return KIND_CHOICES
        return (*KIND_CHOICES, (self.kind, self.kind.replace(",", ", ")))

    def link(self, **extra: str | int) -> str:
        """A query string of these filters (as read) and ``extra`` (a page's anchor)."""
        narrowing = self.narrowing
        fields: dict[str, str | int] = {
            "source": narrowing.source or "",
            "from": self.day_from.isoformat() if self.day_from else "",
            "to": self.day_to.isoformat() if self.day_to else "",
            "outlets": narrowing.min_outlets if narrowing.min_outlets > 1 else "",
            "by": narrowing.by if narrowing.by != queries.SEEN else "",
            "kind": self.kind,
            **extra,
        }
        return "?" + urlencode({k: v for k, v in fields.items() if v != ""})

    def selection(self, clock: Clock) -> queries.StoryFilter:
        """The filter of ``queries.stories`` and ``queries.search`` they stand for (days run
        from midnight to midnight in the reader's zone, "to" to its last instant, as
        ``--until DATE`` does; ``by`` says whether they bound first-seen or
        first-published times)."""
        return replace(
            self.narrowing,
            since=clock.start_of(self.day_from) if self.day_from else None,
            until=queries.last_instant_of(self.day_to, clock.zone) if self.day_to else None,
        )


OUTLET_CHOICES = (1, 2, 3, 5)


class QueryParams(Protocol):
    """A query string as read (Datasette's ``request.args``): a key's first value, or all."""

    def get(self, name: str, default: str = "") -> str: ...

    def getlist(self, name: str) -> list[str]: ...


def read_filters(params: QueryParams) -> Filters:
    """Filters from a query string; a value that does not read is named, not obeyed.
    ``kind`` given more than once keeps what all its values keep, as repeated ``--kind``."""
    problems = []
    days: dict[str, date | None] = {}
    for key in ("from", "to"):
        value = params.get(key, "").strip()
        days[key] = None
        if value:
            # "to" as --until reads it: a week (2026-W49) to its Sunday, not its Monday
            day = queries.last_day_named(value) if key == "to" else _day_named(value)
            if day is None:
                problems.append(f"'{value}' is not a date (YYYY-MM-DD): ignored")
            days[key] = day
    if days["from"] and days["to"] and days["to"] < days["from"]:
        # as the CLI's --until before --since: the two swapped, not "nothing there"
        problems.append(
            f"To ({days['to']}) is before From ({days['from']}): no story is in that "
            "window, so both dates are ignored"
        )
        days = {"from": None, "to": None}
    typed = params.get("outlets", "1").strip() or "1"
    outlets = read_count(typed)
    if outlets not in OUTLET_CHOICES:
        problems.append(f"'{typed}' is not a number of outlets: ignored")
        outlets = 1
    by = params.get("by", "").strip() or queries.SEEN
    if by not in queries.TIME_BASES:
        known = ", ".join(queries.TIME_BASES)
        problems.append(f"'{by}' is not a time to date stories by ({known}): ignored")
        by = queries.SEEN
    kinds = None
    try:
        kinds = read_kinds(params.getlist("kind"))
    except KindWordError as exc:
        problems.append(f"{strip_invisible(str(exc))}: ignored")
    source = strip_invisible(params.get("source", "")).strip()
    narrowing = queries.StoryFilter(
        source=source or None, min_outlets=outlets, by=queries.TIME_BASES[by], kinds=kinds
    )
    return Filters(days["from"], days["to"], narrowing, tuple(problems))


def _day_named(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


#: The kind field's choices (value, label) besides "any kind": each kind, and news
#: without paid content (what `--kind=-sponsored,-press_release` keeps).
KIND_CHOICES = (
    *((kind, kind.replace("_", " ")) for kind in KINDS),
    ("-sponsored,-press_release", "no sponsored or press releases"),
)


# A story id or page number has at most this many digits (a story id is a SQLite integer).
MAX_DIGITS = 18


def read_count(value: str) -> int | None:
    """``value`` as a whole number when it is 1 to MAX_DIGITS ASCII digits, else None.

    Every whole number of a query string is read by this: ``str.isdigit`` also
    accepts ``²`` and ``①``, which ``int()`` refuses (an HTTP 500 where the value
    should just be ignored).
    """
    if 0 < len(value) <= MAX_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def source_names(db: Database, config: Config) -> list[str]:
    """Every source a reader can filter by: the configured ones and any others stored."""
    return list(dict.fromkeys([s.name for s in config.sources] + queries.stored_sources(db)))


# --- lists of stories -------------------------------------------------------------------


@dataclass(frozen=True)
class StoryCard:
    """A story in a list: the front page, search results, related coverage."""

    story: Story
    coverage: Coverage
    when: Moment
    snippet: tuple[tuple[str, bool], ...] = ()  # (text, is a hit)
    matched_headline: str = ""  # the headline of the copy that matched, when it differs
    text: TextLanguage = TextLanguage()  # the headline's: the canonical copy's language
    matched_text: TextLanguage = TextLanguage()  # the snippet's: the matched copy's

    @property
    def outlets_shown(self) -> tuple[str, ...]:
        return self.coverage.outlets[:CARD_OUTLETS]

    @property
    def outlets_more(self) -> int:
        return max(0, len(self.coverage.outlets) - CARD_OUTLETS)


def _when(story: Story, clock: Clock) -> Moment:
    if story.first_published_at is not None:
        return clock.moment(story.first_published_at, "published")  # type: ignore[return-value]
    return clock.moment(story.first_seen_at, "first seen")  # type: ignore[return-value]


def _cards(db: Database, stories: Sequence[Story], clock: Clock) -> list[StoryCard]:
    coverage = queries.coverage(db, [s.story_id for s in stories])
    languages = queries.languages(db, _canonical_ids(stories))
    return [
        StoryCard(
            s,
            coverage[s.story_id],
            _when(s, clock),
            text=text_language(languages.get(s.canonical_article_id or 0)),
        )
        for s in stories
    ]


def _canonical_ids(stories: Sequence[Story]) -> list[int]:
    return [s.canonical_article_id for s in stories if s.canonical_article_id is not None]


@dataclass(frozen=True)
class Pager:
    """Links to the pages before and after this one (empty: there is none that way)."""

    newer: str = ""
    older: str = ""
    problem: str = ""  # why the page asked for could not be shown, said on the page


@dataclass(frozen=True)
class HomePage:
    cards: list[StoryCard]
    filters: Filters
    sources: list[str]
    pager: Pager = Pager()
    notice: str = ""  # a source no stored article is from, as the search page says it


def read_anchor(params: Mapping[str, str]) -> tuple[str, int | queries.Place] | None:
    """A front page's place: ("after", anchor) or ("before", anchor), the anchor a story's
    place as the page that linked here showed it (what the pager's links carry), or an
    id (a place as it is now); None for the first page (or a value that is neither:
    the first page, as for no anchor)."""
    for direction in ("after", "before"):
        value = params.get(direction, "").strip()
        story_id = read_count(value)
        if story_id is not None:
            return direction, story_id
        with contextlib.suppress(queries.PlaceError):
            return direction, queries.read_place(value)
    return None


def home_page(
    db: Database,
    config: Config,
    filters: Filters,
    clock: Clock,
    anchor: tuple[str, int | queries.Place] | None = None,
) -> HomePage:
    """The latest stories, newest first, as a front page, PAGE_SIZE at a time.

    Paged by keyset (:func:`storage.queries.stories`' ``after``/``before``): the pager's
    links carry the place of the first and last story shown as shown, so stories a
    crawl adds meanwhile shift nothing, and a story that moves meanwhile (an earlier
    copy joined it) moves no page: none is shown twice or skipped as one pages on.
    """
    selection = filters.selection(clock)
    place, problem = _start(db, anchor[1], filters.narrowing.by) if anchor else (None, "")
    after = place if anchor and anchor[0] == "after" else None
    before = place if anchor and anchor[0] == "before" else None
    stories = queries.stories(db, limit=PAGE_SIZE, after=after, before=before, selection=selection)
    newer = older = ""
    if stories:
        first, last = queries.Place.of(stories[0]), queries.Place.of(stories[-1])
        if queries.stories(db, limit=1, before=first, selection=selection):
            newer = filters.link(before=queries.place_token(first))
        if queries.stories(db, limit=1, after=last, selection=selection):
            older = filters.link(after=queries.place_token(last))
    elif anchor is not None:
        newer = filters.link()  # an empty page past either end: back to the first
    return HomePage(
        _cards(db, stories, clock),
        filters,
        source_names(db, config),
        Pager(newer, older, problem),
        _unknown_source(db, filters),
    )


def _start(
    db: Database, anchor: int | queries.Place, by: queries.TimeBasis
) -> tuple[queries.Place | None, str]:
    """The place a front page starts from (a story id's place now), or None and why
    there is none (the page then shows the latest stories)."""
    place = queries.place_of(db, anchor)
    if place is None:
        # The id may be of a pruned story or of none ever stored: say only what is known.
        return None, f"No story {anchor} is stored here to page from: the latest stories."
    if not queries.in_order(place, by):
        return None, (
            f"Story {place.story_id} has no published time to page from by published: "
            "the latest stories."
        )
    return place, ""


@dataclass(frozen=True)
class SearchPage:
    query: str
    cards: list[StoryCard]
    filters: Filters
    sources: list[str]
    notice: str = ""  # what of the query was not searched as typed, or why nothing was
    number: int = 1
    pager: Pager = Pager()
    cut: str = ""  # that the scan's bound left matches unread, and how to narrow the search


def split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """A snippet marked with :data:`HIT_MARKS` as (text, is a hit) pieces."""
    start, end = HIT_MARKS
    pieces: list[tuple[str, bool]] = []
    for chunk in snippet.split(start):
        hit, sep, rest = chunk.partition(end)
        if sep:
            pieces += [(hit, True), (rest, False)]
        else:
            pieces.append((chunk, False))
    return tuple(p for p in pieces if p[0])


class PageOutOfRange(ValueError):
    """A search page number below 1 or past :data:`MAX_SEARCH_PAGES`: answered with a 400
    and its one line, as ``aggregator search --offset -1`` is a usage error (serving
    page 1 instead sent a script walking the pages round in a loop)."""


#: A page number as a reader or script writes one, sign included (ASCII digits only).
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


def read_page_number(params: Mapping[str, str]) -> int:
    """A search page's number, 1 to MAX_SEARCH_PAGES; no number (absent, or text that is
    not one: ``²``) is the first page. Raises PageOutOfRange for a whole number outside."""
    value = params.get("page", "").strip()
    if not _WHOLE_NUMBER.fullmatch(value):
        return 1
    number = int(value)
    if not 1 <= number <= MAX_SEARCH_PAGES:
        raise PageOutOfRange(
            f"page={value}: a search page is 1 to {MAX_SEARCH_PAGES} (the first "
            f"{MAX_SEARCH_PAGES * PAGE_SIZE:,} results; `aggregator search --offset` "
            "pages further)"
        )
    return number


def search_page(
    db: Database, config: Config, query: str, filters: Filters, clock: Clock, number: int = 1
) -> SearchPage:
    """Search results as cards, one per story, each hit marked in its snippet.

    Paged by offset (page ``number``): hits are in rank order, which a new
    article can change anyway, so there is no place to keep as for the front page;
    a crawl between two pages can move a story across their boundary.

    ``query`` is read without control, bidi and other invisible characters (a NUL, a
    U+202E from ``?q=``), which the page would otherwise show back in its title, its
    search box and its links; search ignores them anyway.
    """
    query = strip_invisible(query)
    parsed = queries.parse_query(query)
    notice = parsed.notice or ""
    if query.strip() and parsed.problem:
        notice = f"“{query}” {parsed.problem}: nothing was searched."
    offset = (number - 1) * PAGE_SIZE
    found = queries.search(  # nothing, when the query has nothing to search for
        db,
        parsed,
        limit=PAGE_SIZE + 1,
        offset=offset,
        marks=HIT_MARKS,
        scan=config.web.search_scan,
        selection=filters.selection(clock),
    )
    more, hits = len(found) > PAGE_SIZE, found[:PAGE_SIZE]
    notice = " ".join(
        said
        for said in (notice, _unknown_source(db, filters), _past_the_end(number, hits, more))
        if said
    )
    coverage = queries.coverage(db, [h.story.story_id for h in hits])
    languages = queries.languages(
        db, [*_canonical_ids([h.story for h in hits]), *(h.article_id for h in hits)]
    )
    cards = [
        StoryCard(
            h.story,
            coverage[h.story.story_id],
            _when(h.story, clock),
            split_snippet(h.snippet),
            h.headline if h.headline != h.story.headline else "",
            text_language(languages.get(h.story.canonical_article_id or 0)),
            text_language(languages.get(h.article_id)),
        )
        for h in hits
    ]
    pager = Pager(
        filters.link(q=query, page=number - 1) if number > 1 else "",
        filters.link(q=query, page=number + 1) if more and number < MAX_SEARCH_PAGES else "",
    )
    return SearchPage(
        query, cards, filters, source_names(db, config), notice, number, pager, _cut(found)
    )


def _unknown_source(db: Database, filters: Filters) -> str:
    """A note when no stored article is from the source asked for (as ``search --source``
    notes it): a mistyped ``source=`` would otherwise read as "nothing there"."""
    source = filters.narrowing.source
    if not source or source in queries.stored_sources(db):
        return ""
    return f"No stored article is from source “{source}”."


def _past_the_end(number: int, hits: Sequence[object], more: bool) -> str:
    """What a page says when its number leaves results unseen: past the last result (as
    ``--offset`` past it lists nothing), or the last page a reader can reach here while
    more match."""
    if not hits and number > 1:
        return f"No results on page {number}: the results end before it."
    if more and number == MAX_SEARCH_PAGES:
        return (
            f"Only the first {MAX_SEARCH_PAGES * PAGE_SIZE:,} results are shown here: "
            "more words narrow the search, and `aggregator search --offset "
            f"{MAX_SEARCH_PAGES * PAGE_SIZE}` lists the rest."
        )
    return ""


def _cut(found: queries.SearchHits) -> str:
    """What the page says when the scan's bound left matches unread (``aggregator search``
    notes it on stderr), and what a reader can do about it: only words narrow the
    matches looked at, not the filters."""
    if found.cut_at is None:
        return ""
    return (
        f"More than {found.cut_at:,} articles match; only the newest {found.cut_at:,} "
        "were looked at, so these may not be all the stories that match: more words "
        "or a “phrase” narrow the search."
    )


# --- one story ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyView:
    """One copy as the story page lists it."""

    copy: Copy
    outlet: str
    colour: str  # the outlet's colour class
    is_origin: bool
    is_canonical: bool
    when: Moment  # published, else first seen (labelled so)
    first_seen: Moment | None  # shown beside a published time
    updated: Moment | None
    revisions: int
    last_revision: Moment | None
    link: str | None  # the page, when its URL is http(s)
    reuse: CopyReuse
    entries: tuple[EntryView, ...] = ()  # a live blog's latest, the latest first
    text: TextLanguage = TextLanguage()  # its headline's, paragraphs' and entries'


@dataclass(frozen=True)
class EntryView:
    """A live blog's entry as the story page lists it: its time in the reader's zone."""

    when: Moment | None
    title: str


@dataclass(frozen=True)
class ReuseRow:
    number: int
    text: str
    states: tuple[str, ...]  # one per copy, in the page's copy order


@dataclass(frozen=True)
class StoryPage:
    story: Story
    origin_time: OriginTime  # what the origin line says, as `show` says it
    origin_published: Moment | None  # the origin's own copy's published time
    earliest: Moment | None  # the story's first published time, when another copy's
    first_seen: Moment
    origin_kind: str
    origin_evidence: tuple[str, ...]
    standfirst: str | None
    paragraphs: list[str]  # the canonical text
    copies: list[CopyView]  # the origin first, then by time
    timeline: Timeline
    reuse_rows: list[ReuseRow]
    related: list[StoryCard] | None  # None: the database has no event tier
    outlets: list[tuple[str, str]] = field(default_factory=list)  # (outlet, colour) legend
    text: TextLanguage = TextLanguage()  # the headline's and canonical text's
    reuse_text: TextLanguage = TextLanguage()  # the reuse map's rows': the compared copy's


def web_link(url: str) -> str | None:
    """The URL as a link target, only when it is http(s) (never javascript:, data:, …)."""
    return url if urlsplit(url).scheme in ("http", "https") else None


def _ordered(story: Story, copies: list[Copy]) -> list[Copy]:
    origin = story.origin_evidence.get("article_id")
    return sorted(copies, key=lambda c: c.article_id != origin)  # stable: then by time


def story_page(db: Database, story_id: int, clock: Clock) -> StoryPage | None:
    """The story, its canonical text, its timeline and reuse map, and every copy."""
    story = queries.story(db, story_id)
    if story is None:
        return None
    copies = _ordered(story, queries.copies(db, story_id))
    reuse = queries.reuse_map(story, copies)
    versions: dict[int, list[queries.Revision]] = {}
    for revision in queries.revisions(db, story_id):
        versions.setdefault(revision.article_id, []).append(revision)
    colours: dict[str, str] = {}
    views = []
    for copy, column in zip(copies, reuse.copies or [None] * len(copies), strict=True):
        outlet = outlet_of(copy)
        colour = colours.setdefault(outlet, f"outlet-{len(colours) % OUTLET_COLOURS}")
        views.append(_copy_view(story, copy, outlet, colour, column, versions, clock))
    canonical = next((v.copy for v in views if v.is_canonical), None)
    compared = next((v for v in views if v.copy.article_id == story.compared_with), None)
    related = queries.related_stories(db, story_id)
    origin = origin_time(story, copies)
    return StoryPage(
        story=story,
        origin_time=origin,
        origin_published=clock.moment(origin.published, "published"),
        earliest=clock.moment(origin.earliest, "earliest copy"),
        first_seen=clock.moment(story.first_seen_at, "first seen"),  # type: ignore[arg-type]
        origin_kind=str(story.origin_evidence.get("kind", "")),
        origin_evidence=tuple(str(e) for e in story.origin_evidence.get("evidence", ())),
        standfirst=canonical.article.standfirst if canonical else None,
        paragraphs=list(canonical.article.body) if canonical else [],
        copies=views,
        timeline=timeline([_point(v, versions) for v in views], clock.tick),
        reuse_rows=[
            ReuseRow(i + 1, text, tuple(c.states[i] for c in reuse.copies))
            for i, text in enumerate(reuse.paragraphs)
        ],
        related=None if related is None else _cards(db, related, clock),
        outlets=list(colours.items()),
        text=text_language(canonical.article.language if canonical else None),
        reuse_text=compared.text if compared else TextLanguage(),
    )


def _copy_view(
    story: Story,
    copy: Copy,
    outlet: str,
    colour: str,
    reuse: CopyReuse | None,
    versions: dict[int, list[queries.Revision]],
    clock: Clock,
) -> CopyView:
    a = copy.article
    earlier = versions.get(copy.article_id, [])
    published = clock.moment(a.published_at, "published")
    seen = clock.moment(copy.first_seen_at, "first seen")
    return CopyView(
        copy=copy,
        outlet=outlet,
        colour=colour,
        is_origin=copy.article_id == story.origin_evidence.get("article_id"),
        is_canonical=copy.article_id == story.canonical_article_id,
        when=published or seen or Moment("", "unknown time", "first seen"),
        first_seen=seen if published else None,
        updated=clock.moment(a.updated_at, "updated"),
        revisions=len(earlier),
        last_revision=clock.moment(earlier[-1].replaced_at, "revised") if earlier else None,
        link=web_link(a.reader_url),
        reuse=reuse or CopyReuse(copy.article_id, (), ()),
        entries=tuple(
            EntryView(clock.moment(e.posted_at, "posted"), entry_title(e))
            for e in latest_entries(a.live_entries, LIVE_ENTRIES_LISTED)
        ),
        text=text_language(a.language),
    )


def _point(view: CopyView, versions: dict[int, list[queries.Revision]]) -> TimelinePoint:
    copy = view.copy
    when = copy.article.published_at or copy.first_seen_at or copy.article.fetched_at
    kind = "published" if copy.article.published_at else "first seen"
    return TimelinePoint(
        when=when,
        label=view.outlet + (" (origin)" if view.is_origin else ""),
        css=view.colour,
        hollow=copy.article.published_at is None,
        origin=view.is_origin,
        title=f"{view.outlet}: {kind} {view.when.text}",
        revisions=tuple(
            r.replaced_at for r in versions.get(copy.article_id, []) if r.replaced_at is not None
        ),
    )


# --- sources -----------------------------------------------------------------------------


#: What the Sources page says when Redis cannot be reached or refuses a read.
UNREADABLE_CLUSTER = (
    "The cluster's state could not be read: Redis (cluster.redis_url) did not answer; "
    "aggregator status on the server says why."
)


@dataclass(frozen=True)
class ClusterJobs:
    """The cluster's open crawl jobs (source name -> its job), or why they could not be read."""

    jobs: Mapping[str, SourceJob] = field(default_factory=dict)
    problem: str = ""  # one line, shown on the page: the rows fall back to the local record


def cluster_jobs(config: Config) -> ClusterJobs | None:
    """Each source's open cluster job, read as ``aggregator status`` reads it; None without
    ``cluster:``. Blocking (a Redis round trip): run it off the event loop."""
    if config.cluster is None:
        return None
    from app.errors import ClusterUnavailable

    try:
        from app.cluster.status import read_cluster_status
    except ImportError:  # the redis client: a host may serve the web view without the extra
        problem = "no redis client installed here: pip install 'newsagg[cluster]'"
        return ClusterJobs(problem=f"The cluster's state could not be read: {problem}")
    try:
        status = read_cluster_status(config.cluster, timeout=WEB_REDIS_TIMEOUT)
    except ClusterUnavailable:
        # Not the reason: it names cluster.redis_url, which may hold a password, and
        # the page is every staff member's. `aggregator status` is the operator's.
        return ClusterJobs(problem=UNREADABLE_CLUSTER)
    return ClusterJobs(status.source_jobs)


@dataclass(frozen=True)
class JobView:
    """A source's open cluster job as the Sources page shows it."""

    state: str  # queued, running or stalled
    worker: str | None
    since: Moment
    next_run: str  # what the "Next run" line says while the job is open


#: Seconds a Redis call may take for the Sources page: a Redis host that never answers
#: delays the page by this much, then it renders from the database with one line why.
WEB_REDIS_TIMEOUT = 2.0


#: What the "Next run" line says while a source's cluster job is open (as ``status`` does).
JOB_NEXT_RUN = {"queued": "now (queued)", "running": "after this run", "stalled": "when taken over"}


@dataclass(frozen=True)
class SourceHealth:
    """One source on the Sources page."""

    name: str
    site_name: str
    schedule: str
    state: str  # ok, running, queued, stalled, failing, backed off, silent, never run,
    # disabled, set aside
    alarm: bool  # stalled, failing, backed off, silent or set aside: shown first and marked
    why: str
    last_run: RunRow | None
    last_started: Moment | None
    took: str
    errors: tuple[tuple[str, int], ...]
    next_run: Moment | None
    failures: int
    sparkline: Sparkline
    articles_14d: int
    newest: source_health.NewestArticle | None
    newest_when: Moment | None
    job: JobView | None = None  # its open cluster job, in cluster mode


#: The state of a source whose entry in config.yaml is set aside (not crawled).
SET_ASIDE = "set aside"
#: States that list a source first and mark it.
ALARMS = ("stalled", "failing", "backed off", "silent", SET_ASIDE)


@dataclass(frozen=True)
class SourcesPage:
    sources: list[SourceHealth]
    alarms: int
    cluster_problem: str = ""  # why the cluster's jobs are not shown, when it has them


def sources_page(
    db: Database,
    config: Config,
    now: datetime,
    clock: Clock,
    cluster: ClusterJobs | None = None,
) -> SourcesPage:
    """Every configured source's health: stalled, failing, backed-off and silent ones first.

    ``cluster``: the open cluster jobs (:func:`cluster_jobs`); a source with one
    is queued, running on a worker, or stalled, whatever its last recorded run.
    """
    today = now.astimezone(UTC).date()
    days = [today - timedelta(days=n) for n in range(SPARK_DAYS - 1, -1, -1)]
    since = datetime.combine(days[0], time(), UTC)
    jobs = cluster.jobs if cluster is not None else {}
    out = []
    for status in source_statuses(config, db, now):
        if status.set_aside is not None:  # not crawled: its error, and what it stored before
            why = f"not crawled: {status.set_aside}"
            out.append(_health(db, status, clock, since, days, SET_ASIDE, why))
            continue
        source = config.source(status.name)
        report = status.last_run
        ok_at = source_health.last_success(db, source.name, SUCCESS)
        allowed = period(config.schedule_for(source), now) + config.limits_for(source).run_timeout
        job = _job_view(jobs.get(source.name), clock)
        if job is None:
            state, why = _state(status, report, ok_at, now - allowed)
        else:
            state, why = _job_state(job)
        out.append(_health(db, status, clock, since, days, state, why, source.site_name or "", job))
    out.sort(key=lambda s: not s.alarm)  # stable: config order within each group
    problem = cluster.problem if cluster is not None else ""
    return SourcesPage(out, sum(s.alarm for s in out), problem)


def _health(
    db: Database,
    status: SourceStatus,
    clock: Clock,
    since: datetime,
    days: list[date],
    state: str,
    why: str,
    site_name: str = "",
    job: JobView | None = None,
) -> SourceHealth:
    """One source's row: ``state`` and ``why`` as judged, its last run and what it stored."""
    report = status.last_run
    counts = source_health.articles_per_day(db, status.name, since)
    newest = source_health.newest_article(db, status.name)
    return SourceHealth(
        name=status.name,
        site_name=site_name,
        schedule=status.schedule,
        state=state,
        alarm=state in ALARMS,
        why=why,
        last_run=report,
        last_started=clock.moment(report.started_at, "started") if report else None,
        took=_took(report),
        errors=tuple(sorted((report.errors if report else {}).items())),
        next_run=clock.moment(status.next_run, "next run"),
        failures=status.consecutive_failures,
        sparkline=sparkline([(d.isoformat(), counts.get(d, 0)) for d in days]),
        articles_14d=sum(counts.values()),
        newest=newest,
        newest_when=clock.moment(newest.first_seen_at, "first seen") if newest else None,
        job=job,
    )


def _job_view(job: SourceJob | None, clock: Clock) -> JobView | None:
    if job is None:
        return None
    since = clock.at(datetime.fromtimestamp(job.since, UTC), "since")
    return JobView(job.state, job.worker, since, JOB_NEXT_RUN[job.state])


def _job_state(job: JobView) -> tuple[str, str]:
    """The state and why of a source whose cluster job is open.

    The page reads them as "<state> [on <worker>] since <time>: <why>", as ``status`` words it.
    """
    if job.state == "queued":
        return "queued", "waiting for a free cluster worker"
    if job.state == "stalled":
        return "stalled", (
            "that worker stopped renewing its claim on the job for over a lease; "
            "the next worker that asks takes it over and crawls it again"
        )
    return "running", "a cluster worker is crawling it now"


def _state(
    status: SourceStatus,
    report: RunRow | None,
    ok_at: datetime | None,
    due_since: datetime,
) -> tuple[str, str]:
    """The one word that sums a source up, and why.

    Silent: no successful crawl since ``due_since`` (one schedule period and one
    run's time limit ago), though the last crawl did not fail.
    """
    if not status.enabled:
        return "disabled", "not crawled (enabled: false)"
    if status.running:
        return "running", "a crawl is running now"
    if report is None:
        return "never run", "no crawl recorded yet"
    if status.backed_off:
        return "backed off", (
            f"{status.consecutive_failures} failures in a row: "
            "runs are spaced out until one succeeds"
        )
    if is_failure(report.status):
        return "failing", f"the last crawl ended '{report.status}'"
    if ok_at is None or ok_at < due_since:
        since = f"since {ok_at:%Y-%m-%d %H:%M} UTC" if ok_at else "yet"
        return "silent", f"no successful crawl {since} (schedule: {status.schedule})"
    return "ok", "crawling on schedule"


def _took(report: RunRow | None) -> str:
    if report is None or report.ended_at is None:
        return ""
    seconds = (report.ended_at - report.started_at).total_seconds()
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"
