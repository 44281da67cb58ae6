"""The one article schema: what the parser produces, the pipeline carries,
storage writes and readers return.

Everything that crosses a module border as "an article" is an :class:`Article`.
Dates are timezone-aware UTC or ``None``; text fields hold plain text only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, get_args

# The zone of a time that states no offset (a date alone, a naive clock time, a feed's
# zone-less date): read as UTC, like any zone of offset 0, but told apart by identity so
# the page's own offset is never claimed where the page gave none.
UNSTATED = timezone(timedelta(0), "unstated")

#: What kind of page an article is, as the page declares it (its JSON-LD type, og:type,
#: an ``article:opinion`` tag, a release wire's dateline: docs/parser.md, "Page kind").
#: A page that declares none is an ``article``.
Kind = Literal[
    "article",
    "liveblog",
    "opinion",
    "sponsored",
    "press_release",
    "video",
    "podcast",
    "gallery",
    "review",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
DEFAULT_KIND: Kind = "article"


@dataclass(frozen=True)
class RelatedLink:
    """A link the page presents as related reading (absolute, canonicalised URL)."""

    url: str
    text: str


@dataclass(frozen=True)
class LiveEntry:
    """One entry of a live blog, as the page prints it: when it was posted and last
    updated (UTC; None: the page gives no time), its headline where it has one, and its
    paragraphs (which the article's ``body`` holds too, in the page's order)."""

    posted_at: datetime | None = None
    headline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("posted_at", "updated_at"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, as_utc(value))

    def to_json(self) -> dict[str, Any]:
        """As ``to_dict`` and the ``live_entries`` column write it: times in ISO 8601."""
        return {
            "posted_at": self.posted_at.isoformat() if self.posted_at else None,
            "headline": self.headline,
            "paragraphs": list(self.paragraphs),
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }

    @classmethod
    def from_json(cls, value: Any) -> LiveEntry:
        """The entry of a :meth:`to_json` mapping; TypeError or ValueError naming what is
        wrong with one that is not."""
        if not isinstance(value, dict):
            raise TypeError("expected a list of {posted_at, headline, paragraphs} objects")
        unknown = set(value) - {"posted_at", "headline", "paragraphs", "updated_at"}
        if unknown:
            raise ValueError(f"a live entry has no field '{sorted(unknown)[0]}'")
        headline = value.get("headline")
        if headline is not None and not isinstance(headline, str):
            raise TypeError("a live entry's headline must be a string")
        return cls(
            posted_at=parse_utc(value.get("posted_at")),
            headline=headline,
            paragraphs=_texts_from_json(value.get("paragraphs", [])),
            updated_at=parse_utc(value.get("updated_at")),
        )


@dataclass(frozen=True)
class FeedHints:
    """What a feed or sitemap said about a URL before it was fetched.

    The parser uses these only as fallbacks when the page itself is silent.
    """

    title: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The hints given (times in ISO 8601; one the feed stated no zone for without an
        offset, as it was written), as a kept page stores them; {} for none."""
        given = {
            "title": self.title,
            "published_at": _hint_time(self.published_at),
            "updated_at": _hint_time(self.updated_at),
            "authors": list(self.authors),
            "language": self.language,
        }
        return {key: value for key, value in given.items() if value}

    @classmethod
    def from_json(cls, value: Any) -> FeedHints:
        """The hints of a :meth:`to_json` mapping; TypeError or ValueError naming what is
        wrong with one that is not. A key it does not know (a hint a later version adds,
        written by a newer cluster worker) is left out, as the wire leaves out every
        member it does not know."""
        if not isinstance(value, dict):
            raise TypeError("feed hints: expected a mapping")
        title, language = value.get("title"), value.get("language")
        if not all(v is None or isinstance(v, str) for v in (title, language)):
            raise TypeError("feed hints: title and language must be strings")
        return cls(
            title=title,
            published_at=_hint_moment(value.get("published_at")),
            updated_at=_hint_moment(value.get("updated_at")),
            authors=tuple(_texts_from_json(value.get("authors", []))),
            language=language,
        )


def _hint_time(value: datetime | None) -> str | None:
    """A hint's time in ISO 8601: one in ``UNSTATED`` (or none) without an offset."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat() if value.tzinfo is UNSTATED else value.isoformat()


def _hint_moment(value: str | None) -> datetime | None:
    """A hint's time of :func:`_hint_time`, one without an offset in ``UNSTATED``. A
    kept page stored from stop 49 to 50 holds a zone-less time with "+00:00": that one
    reads as a moment in UTC (it cannot be told from a feed's stated UTC time). ValueError
    for a time whose offset puts it outside the years 1 to 9999 in UTC
    ("9999-12-31T23:59:59-23:59"): the parser, which reads every time in UTC, could not."""
    moment = parse_utc(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UNSTATED)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("feed hints: time out of range in UTC") from None
    return moment


@dataclass(frozen=True)
class FetchedPage:
    """A fetched article page on its way from the spider to the parse/store pipeline."""

    url: str
    source: str
    html: bytes
    fetched_at: datetime
    # The charset the HTTP Content-Type header named (None: it named none): the parser
    # reads the bytes in it where they are valid in it, before the page's <meta charset>.
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    hints: FeedHints = FeedHints()
    # The URL the feed or sitemap named, when a redirect led elsewhere: stored
    # as an alias so the next crawl knows that URL too.
    requested_url: str | None = None
    # Every redirect from requested_url was permanent (301, 308): the page moved here. A
    # temporary one (302, 303, 307) leaves it at requested_url.
    moved_permanently: bool = False
    # The later pages of an article split over pages (the spider follows its rel=next),
    # in order: their bodies are joined after this page's, their URLs kept as aliases.
    later_pages: tuple[FetchedPage, ...] = ()


@dataclass(frozen=True)
class KeptPage:
    """The page an article was parsed from, kept to be parsed again (``retention.keep_pages``).

    ``content`` is the bytes fetched at ``url``, zlib-compressed (:meth:`of` compresses,
    :meth:`html` gives them back), ``size`` how many they were; ``charset`` the one the
    HTTP Content-Type named;
    ``hints`` what the feed or sitemap said (the parser's fallbacks); ``later`` the later
    pages of an article split over pages. Built where a page is parsed
    (``storage.pages.prepare_page``), it rides on the :class:`ArticleWrite`, over the
    cluster's wire too, to the store, which keeps it beside the version it gave
    (``storage.page_archive``).
    """

    url: str
    content: bytes
    fetched_at: datetime
    size: int
    charset: str | None = None
    hints: FeedHints = FeedHints()
    later: tuple[KeptPage, ...] = ()

    @classmethod
    def of(cls, page: FetchedPage) -> KeptPage:
        """The fetched ``page`` (and its later pages), compressed."""
        return cls(
            url=page.url,
            content=zlib.compress(page.html),
            fetched_at=page.fetched_at,
            size=len(page.html),
            charset=page.encoding,
            hints=page.hints,
            later=tuple(cls.of(later) for later in page.later_pages),
        )

    def html(self) -> bytes:
        """The bytes as fetched; ``zlib.error`` if ``content`` is not what :meth:`of` made."""
        return zlib.decompress(self.content)

    def fetched(self, source: str) -> FetchedPage:
        """The page as the crawl handed it to the parser (no validators: none are re-sent)."""
        return FetchedPage(
            url=self.url,
            source=source,
            html=self.html(),
            fetched_at=self.fetched_at,
            encoding=self.charset,
            hints=self.hints,
            later_pages=tuple(later.fetched(source) for later in self.later),
        )


@dataclass(frozen=True)
class GoneAnswer:
    """A stored article's URL answered 404 Not Found or 410 Gone when fetched again (or
    304, forgetting a first 404), on its way from the spider to the store
    (``storage.removals.note_gone``)."""

    article_id: int
    url: str
    source: str
    status: int
    answered_at: datetime


@dataclass(frozen=True)
class Revalidated:
    """A stored article's page answered 304 Not Modified to the conditional GET its
    validators made: checked unchanged at ``answered_at``, on its way from the spider
    to the store (``storage.revalidation.note_revalidated``), which moves the article's
    ``fetched_at`` there, so a feed or sitemap time it announced is not announced again.
    ``etag``/``last_modified``: the validators the 304 carried, if any."""

    article_id: int
    url: str
    source: str
    answered_at: datetime
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class HostBackoff:
    """A host that asked (Retry-After on a 429 or 503) not to be requested before
    ``not_before``: longer than a run waits, so remembered for the next runs."""

    host: str
    not_before: datetime
    asked_at: datetime
    # The Retry-After value as the host sent it, and the status it came with.
    retry_after: str
    status: int
    source: str
    url: str

    def to_json(self) -> dict[str, Any]:
        """As ``status --json`` gives it: times in ISO 8601."""
        return {
            **dataclasses.asdict(self),
            "not_before": self.not_before.isoformat(),
            "asked_at": self.asked_at.isoformat(),
        }

    def stored_values(self) -> tuple[str, str, str, int, str, str]:
        """Its fields after the host, in the order both stores keep them (SQLite's
        ``host_backoffs`` row, the cluster's ``newsagg:backoffs`` hash): times in ISO 8601."""
        return (
            self.not_before.isoformat(),
            self.asked_at.isoformat(),
            self.retry_after,
            self.status,
            self.source,
            self.url,
        )


@dataclass(frozen=True)
class PrebuiltProfile:
    """An article's dedup fingerprint, built by the crawl worker that parsed it.

    In cluster mode the workers build what needs no database, so that the single
    writer does not. ``text`` is the profile as stored (``TextProfile.to_json``);
    ``built_with`` names the profile version and the fingerprint settings it was
    built with. The writer uses it only when both are its own, and rebuilds
    otherwise (``aggregator.dedup.fingerprint.shipped_profile``).
    """

    built_with: str
    text: str


@dataclass(frozen=True)
class ArticleWrite:
    """One parsed article on its way to storage, with what its fetch said about it.

    ``aliases`` are other URLs that led to this page (a redirect from the URL a
    feed named); they are recorded so that URL is known on the next crawl.
    ``moved_permanently`` says that redirect was permanent (301, 308): a stored article
    at the URL it came from moves to this page's address; a temporary one moves nothing.
    ``profile`` is the fingerprint a cluster worker shipped with it (None on one
    host: the store builds it). ``refresh`` says an operator asked for the page
    again (``crawl --refresh``): it is stored even where retention pruned it.
    ``page`` is the page it was parsed from, with ``retention.keep_pages`` (None: not
    kept); the store keeps it beside the version the article gets.
    """

    article: Article
    etag: str | None = None
    last_modified: str | None = None
    aliases: tuple[str, ...] = ()
    profile: PrebuiltProfile | None = None
    refresh: bool = False
    moved_permanently: bool = False
    page: KeptPage | None = None


def normalise_text(text: str) -> str:
    """Casefolded, NFKC, whitespace-collapsed text: the form hashes are taken of."""
    # str.split() and the regex \s agree on every code point; split/join is the faster.
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def content_hash(paragraphs: list[str] | tuple[str, ...]) -> str:
    """Hash of the normalised body: equal for the same text in any template."""
    joined = "\n".join(normalise_text(p) for p in paragraphs if p.strip())
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One fetched (or ingested) article page, as parsed.

    ``authors`` are person names only; organisation and agency credits
    ("Reuters", "BBC News") go to ``credits``. ``provenance`` maps a field name
    to the rule that produced it (``json-ld``, ``meta``, ``feed``, ``heuristic``,
    ``override``), so an operator can see why a value is what it is.
    ``is_based_on`` is the URL of an original on another site that the page
    declares it copies (a cross-site rel=canonical, JSON-LD ``isBasedOn``).
    ``published_offset`` and ``updated_offset`` are the UTC offsets, in minutes
    east of UTC, the page wrote those times in (None: it gave none); the times
    themselves stay UTC, and ``published_local`` / ``updated_local`` give them
    as the page's readers saw them, on the page's own day.
    ``kind`` is what kind of page it is (:data:`Kind`; ``article`` unless the page
    declares another), its provenance where the declaration was read.
    ``live_entries`` are a live blog's entries, each with its time and headline (empty
    unless the page is a live blog; the body holds their paragraphs as before), and
    ``key_points`` the lines of its summary box ("Key points", "What we know"), which
    the body does not hold.
    """

    url: str
    canonical_url: str
    source: str
    headline: str
    body: list[str]
    fetched_at: datetime
    site_name: str | None = None
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    byline_raw: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    related: list[RelatedLink] = field(default_factory=list)
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    paywalled: bool = False
    is_based_on: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    published_offset: int | None = None
    updated_offset: int | None = None
    kind: Kind = DEFAULT_KIND
    live_entries: list[LiveEntry] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("fetched_at", "published_at", "updated_at"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, as_utc(value))

    @property
    def published_local(self) -> datetime | None:
        """``published_at`` in the page's own offset, or None when it gave no offset."""
        return in_offset(self.published_at, self.published_offset)

    @property
    def updated_local(self) -> datetime | None:
        """``updated_at`` in the page's own offset, or None when it gave no offset."""
        return in_offset(self.updated_at, self.updated_offset)

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @property
    def reader_url(self) -> str:
        """The address readers are given: the canonical URL, not the AMP or mobile copy or
        the "?sid=55" variant a feed listed first (a canonical on another site was set
        aside as ``is_based_on`` before storage); ``url`` without one."""
        return self.canonical_url if self.canonical_url.startswith("http") else self.url

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)

    @classmethod
    def dict_keys(cls) -> list[str]:
        """The keys of :meth:`to_dict`, in its order (an empty CSV export's header)."""
        return [f.name for f in dataclasses.fields(cls)] + [*_LOCAL_FIELDS, "content_hash"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the schema's field names (dates as ISO 8601); its keys are
        :meth:`dict_keys`."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif f.name == "related":
                value = [{"url": link.url, "text": link.text} for link in value]
            elif f.name == "live_entries":
                value = [entry.to_json() for entry in value]
            elif isinstance(value, list | dict):
                value = json.loads(json.dumps(value))
            out[f.name] = value
        for name in _LOCAL_FIELDS:
            local = getattr(self, name)
            out[name] = local.isoformat() if local is not None else None
        out["content_hash"] = self.content_hash
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The article of a :meth:`to_dict` mapping; ``content_hash`` is recomputed, not read.

        Raises ValueError naming the first field that is missing or of the wrong type.
        """
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise ValueError(f"article field '{f.name}' is missing")
                continue
            values[f.name] = _field_from_json(f.name, data[f.name])
        unknown = set(data) - set(values) - {"content_hash", *_LOCAL_FIELDS}
        if unknown:
            raise ValueError(f"unknown article field '{sorted(unknown)[0]}'")
        return cls(**values)


@dataclass(frozen=True)
class Copy:
    """One article as a copy within its story, with what dedup found about it.

    ``versions`` counts the texts the article has had (1: never edited);
    ``last_edited_at`` is when the current text replaced the previous one.
    """

    article_id: int
    article: Article
    first_seen_at: datetime | None
    similarity: float | None = None
    byline_flag: str | None = None
    shared_paragraphs: int = 0
    added_paragraphs: list[str] = field(default_factory=list)
    cut_paragraphs: list[str] = field(default_factory=list)
    # Shared paragraphs whose words differ (a word swapped, a dateline prepended).
    edited_paragraphs: int = 0
    # The copy its similarity and paragraphs were measured against (Story.compared_with
    # when they were worked out; None: worked out before it was recorded).
    compared_with: int | None = None
    # The news agency it credits by name (``articles.credit``; None: none, or a store
    # not yet upgraded to it, migration m009).
    credit: str | None = None
    # Is it the story's canonical copy (the one shown), its origin's own copy?
    is_canonical: bool = False
    is_origin: bool = False
    # How it was matched to its story when it arrived (``articles.dedup_evidence``).
    dedup_evidence: dict[str, Any] = field(default_factory=dict)
    versions: int = 1
    last_edited_at: datetime | None = None
    # Earlier texts no longer stored: the versions between its first and its latest few,
    # dropped by the bound on versions kept (retention.versions_per_article; ``kept_versions``).
    versions_dropped: int = 0
    # The event of its story (None: stored before the event tier and not backfilled).
    event_id: int | None = None
    # Its place in the store's change sequence: the number its last change (stored,
    # edited, moved to another story) took; docs/readers.md, "Syncing". None in a store
    # not yet upgraded to it (migration m017).
    change_seq: int | None = None
    # When its page was found removed at the source, and the status that said so (410,
    # or 404 on two runs; docs/crawling.md, "Removed at the source"); None while it is
    # there, or in a store not yet upgraded to it (migration m018).
    removed_at: datetime | None = None
    removed_status: int | None = None
    # When another story took its URL (a rolling "/latest" page, a recycled slug): it is
    # kept, and the article now at its URL is another (docs/dedup.md, "A URL that now
    # carries another story"). None while it is the article at its URL, or in a store
    # not yet upgraded to it (migration m020).
    replaced_at: datetime | None = None
    # When its current reading last replaced the stored one in place (``aggregator
    # reparse``: no version added); None: never, or a store before migration m028.
    reread_at: datetime | None = None

    def measured_against(self, story: Story) -> int | None:
        """The copy this copy's stored similarity and paragraph diff were measured against:
        the one recorded with them, else (worked out before it was recorded, when the
        canonical copy was the only reference) the story's canonical copy."""
        if self.compared_with is not None:
            return self.compared_with
        return story.canonical_article_id

    def kept_versions(self) -> str | None:
        """Which of its texts are stored when the bound dropped some ("versions 1, 38–48
        of 48"): the first and the latest; None when every text is."""
        if not self.versions_dropped:
            return None
        latest = 2 + self.versions_dropped
        span = str(latest) if latest == self.versions else f"{latest}–{self.versions}"
        return f"versions 1, {span} of {self.versions}"

    @property
    def changed_at(self) -> datetime | None:
        """When this copy last changed for a reader: its last edit or re-reading, else when
        it was first seen."""
        changes = [t for t in (self.last_edited_at, self.reread_at) if t is not None]
        return max(changes) if changes else self.first_seen_at

    #: The keys of :meth:`dedup_record`, in its order.
    DEDUP_KEYS = (
        "similarity",
        "byline_flag",
        "shared_paragraphs",
        "added_paragraphs",
        "cut_paragraphs",
        "edited_paragraphs",
        "compared_with",
        "credit",
        "is_canonical",
        "is_origin",
        "dedup_evidence",
    )

    def dedup_record(self) -> dict[str, Any]:
        """What dedup found about this copy, as ``show --json`` and ``export --articles``
        both write it (docs/readers.md, "Export columns")."""
        return {key: getattr(self, key) for key in self.DEDUP_KEYS}


@dataclass(frozen=True)
class Story:
    """One story: every copy of one wire or outlet text, with its origin."""

    story_id: int
    headline: str
    first_seen_at: datetime
    first_published_at: datetime | None
    origin: str | None
    outlets: int
    copies: int
    canonical_article_id: int | None = None
    origin_evidence: dict[str, Any] = field(default_factory=dict)
    # The happening it reports, shared with the other stories about it (docs/dedup.md,
    # "Event tier"); None for a story stored before the event tier and not backfilled.
    event_id: int | None = None
    # When its latest copy was first stored: what ``--since`` selects stories by.
    last_seen_at: datetime | None = None
    # Its place in the store's change sequence (a copy joined, edited or moved in, its
    # event changed): docs/readers.md, "Syncing". None before migration m017.
    change_seq: int | None = None

    @property
    def compared_with(self) -> int | None:
        """The copy each copy's similarity and paragraph diff are measured against: the
        origin's own copy when the story holds it (the wire original an outlet extends
        or cuts), else the canonical copy (storage.stories.refresh_story)."""
        origin_copy = self.origin_evidence.get("article_id")
        return origin_copy if isinstance(origin_copy, int) else self.canonical_article_id


_DATE_FIELDS = frozenset({"fetched_at", "published_at", "updated_at"})
_OFFSET_FIELDS = frozenset({"published_offset", "updated_offset"})
# Derived by to_dict from a time and its offset; from_dict reads the two instead.
_LOCAL_FIELDS = ("published_local", "updated_local")
# The widest UTC offsets in use are -12:00 and +14:00; ISO 8601 allows up to 18 hours.
MAX_OFFSET_MINUTES = 18 * 60
_TEXT_LIST_FIELDS = frozenset({"body", "authors", "credits", "tags", "key_points"})
_REQUIRED_FIELDS = frozenset({"url", "canonical_url", "source", "headline", "fetched_at"})
_NOT_NULL_FIELDS = _REQUIRED_FIELDS | _TEXT_LIST_FIELDS | {"kind", "live_entries"}


def _bool_from_json(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value


def _related_from_json(value: Any) -> list[RelatedLink]:
    return [RelatedLink(str(link["url"]), str(link["text"])) for link in value]


def _texts_from_json(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return list(value)


def _live_entries_from_json(value: Any) -> list[LiveEntry]:
    if not isinstance(value, list):
        raise TypeError("expected a list of {posted_at, headline, paragraphs} objects")
    return [LiveEntry.from_json(entry) for entry in value]


def _mapping_from_json(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("expected a mapping")
    return {str(k): str(v) for k, v in value.items()}


def _offset_from_json(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected minutes east of UTC, a whole number")
    if abs(value) > MAX_OFFSET_MINUTES:
        raise ValueError(f"{value} minutes is no UTC offset")
    return value


def _kind_from_json(value: Any) -> Kind:
    if value not in KINDS:
        raise ValueError(f"{value!r} is no page kind ({', '.join(KINDS)})")
    return value  # type: ignore[no-any-return]


def _text_from_json(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


# The reader of each field that is not a plain string.
_FIELD_READERS: dict[str, Callable[[Any], Any]] = {
    "paywalled": _bool_from_json,
    "related": _related_from_json,
    "provenance": _mapping_from_json,
    "kind": _kind_from_json,
    "live_entries": _live_entries_from_json,
    **dict.fromkeys(_DATE_FIELDS, datetime.fromisoformat),
    **dict.fromkeys(_OFFSET_FIELDS, _offset_from_json),
    **dict.fromkeys(_TEXT_LIST_FIELDS, _texts_from_json),
}


def _field_from_json(name: str, value: Any) -> Any:
    """One field of :meth:`Article.to_dict` output back to its schema type."""
    try:
        if value is None and name not in _NOT_NULL_FIELDS:
            return None
        reader: Callable[[Any], Any] = _FIELD_READERS.get(name, _text_from_json)
        return reader(value)
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"article field '{name}': {exc}") from None


def as_utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive values are taken to be UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def in_offset(value: datetime | None, minutes: int | None) -> datetime | None:
    """A UTC time in the offset of ``minutes`` east of UTC; None without either."""
    if value is None or minutes is None:
        return None
    return value.astimezone(timezone(timedelta(minutes=minutes)))


def parse_utc(value: str | None) -> datetime | None:
    """A stored ISO 8601 time (or None) as a datetime."""
    return datetime.fromisoformat(value) if value else None


def utc_now() -> datetime:
    return datetime.now(UTC)
