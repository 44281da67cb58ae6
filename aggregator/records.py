"""Already-extracted article records (JSON lines) into the schema, for backfills.

A record gives the schema's fields (:class:`Article`) by the names of
:meth:`Article.to_dict`, so an ``aggregator export --articles --format jsonl``
ingests whole; ``url`` and ``body`` are required, and only they refuse a record.
``body`` may also be one string (paragraphs separated by blank lines or newlines),
``byline`` a list, ``tags`` one comma- or semicolon-separated string, ``authors``/``credits`` one
name as a string, ``paywalled`` "true"/"false", and ``site``, ``byline``,
``published`` and ``updated`` are short names of ``site_name``, ``byline_raw``,
``published_at`` and ``updated_at``, and trafilatura's and news-please's records
are read by their own names (:data:`OTHER_NAMES`). Any other field that cannot be
read (of another shape, a related link that is not http(s), a ``source`` that is no
source name, a relative time such as "3 hours ago", which would be read against
the ingest's clock …) is dropped with a note and the article stored without it; ""
in a URL field is none. A record without a ``language`` (or with one that cannot be
read) gets its text's, as the parser detects it for a page that declares none
(``parser.fields.language_from_text``; provenance ``language: text``); a given one
stands. What ingest decides itself is not read: ``provenance``
(``{"all": "ingest"}``), and the derived ``published_local``, ``updated_local`` and
``content_hash``; other keys (an export's story and event ids, first seen, versions …)
are ignored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from aggregator.config import NAME_PATTERN
from aggregator.hygiene import clean, clean_article, clean_url
from aggregator.parser.byline import split_byline
from aggregator.parser.dates import parse_local, plausible, read_local
from aggregator.parser.dates.zones import offset_minutes
from aggregator.parser.fields import language_from_text
from aggregator.parser.for_source import keep_syndicated_copy_apart
from aggregator.parser.urls import canonicalize_url, is_web_url, site_host
from aggregator.schema import MAX_OFFSET_MINUTES, Article

# The earliest publication time a record may state (dates are read from 1900 on).
EARLIEST_RECORD_YEAR = 1900
_EARLIEST_RECORD_TIME = datetime(EARLIEST_RECORD_YEAR, 1, 1, tzinfo=UTC)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")

# The other names a record may give a schema field by, each read as the field's own:
# the backfill format's short names, then trafilatura's JSON output's (title, author,
# date, text, excerpt, image, source-hostname) and news-please's (title, maintext,
# description, date_publish, date_modify, source_domain; its url, authors, image_url
# and language are the schema's names). Their URL is read by _record_url.
OTHER_NAMES = {
    "site_name": ("site", "source-hostname", "source_domain"),
    "byline_raw": ("byline", "author"),
    "published_at": ("published", "date", "date_publish"),
    "updated_at": ("updated", "date_modify"),
    "headline": ("title",),
    "body": ("text", "maintext"),
    "standfirst": ("excerpt", "description"),
    "image_url": ("image",),
}
# news-please writes a date it did not find as str(None).
_NO_VALUE = (None, "", "None")
_TIMES = {"published_at": "published_offset", "updated_at": "updated_offset"}
# A name a config's source could have.
SOURCE_NAME = re.compile(NAME_PATTERN)


def given(record: dict[str, Any], name: str) -> tuple[str, Any]:
    """The key the record gives schema field ``name`` by, and its value (None: not given).

    ValueError when the record gives it by two of its names (:data:`OTHER_NAMES`) with
    different values (two spellings of one moment are one value): which to keep is
    the record writer's to say.
    """
    names = [*OTHER_NAMES.get(name, ()), name]
    present = [key for key in names if record.get(key) not in _NO_VALUE]
    if not present:
        return name, record.get(name)
    first = present[0]
    for other in present[1:]:
        if record[other] != record[first] and not _same_moment(name, record[other], record[first]):
            raise ValueError(f"fields '{first}' and '{other}' differ")
    return first, record[first]


def _same_moment(name: str, value: Any, other: Any) -> bool:
    if name not in _TIMES:
        return False
    moment = parse_local(value)
    return moment is not None and moment == parse_local(other)


def _one_name_each(record: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The record without the fields it gives twice, by both names, with different values."""
    kept = dict(record)
    for name, others in OTHER_NAMES.items():
        try:
            given(record, name)
        except ValueError as exc:
            notes.append(f"{exc}: stored without either")
            for key in (name, *others):
                kept.pop(key, None)
    return kept


def _paragraphs(body: Any) -> list[str]:
    parts = body if isinstance(body, list) else _PARAGRAPH_BREAK.split(str(body or ""))
    return [p for p in (clean(str(part)) for part in parts) if p]


def _url(name: str, value: Any, base: str) -> str:
    """``value`` canonicalised against the article's URL, as the parser does a link;
    ValueError unless it is a string and an http(s) URL."""
    if not isinstance(value, str):
        raise ValueError(f"field '{name}' must be a string, got {type(value).__name__}")
    url = canonicalize_url(clean_url(value), base)
    if not is_web_url(url):
        raise ValueError(f"field '{name}' must be an http(s) URL, got {value!r}")
    return url


def _related(value: Any, base: str, notes: list[str]) -> list[dict[str, str]]:
    """The related links, each read on its own: one with no URL is none, a bad one
    is dropped with a note and the others kept."""
    if value is None:
        return []
    if not isinstance(value, list):
        notes.append("field 'related' must be a list of {url, text} objects: stored without it")
        return []
    links = []
    for number, link in enumerate(value, start=1):
        if isinstance(link, dict) and link.get("url") in (None, ""):
            continue
        try:
            if not isinstance(link, dict) or not isinstance(link.get("text") or "", str):
                raise ValueError("field 'related' must be a list of {url, text} objects")
            links.append(
                {"url": _url("related", link["url"], base), "text": link.get("text") or ""}
            )
        except ValueError as exc:
            notes.append(f"{exc}: stored without link {number}")
    return links


def _names(record: dict[str, Any], name: str, notes: list[str]) -> list[str] | None:
    """``authors`` or ``credits`` as given (one name as a string is a list of one);
    None when not given or not names, with a note."""
    value = record.get(name)
    if isinstance(value, str):
        return [one] if (one := clean(value)) else None
    if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    notes.append(f"field '{name}' = {value!r} is not a list of names: stored without it")
    return None


def _byline(record: dict[str, Any], notes: list[str]) -> tuple[str, list[str], list[str]]:
    """The raw byline and the authors and credits: as the record gives them, each
    list it does not give (or both, given empty) the byline's split as the parser
    splits one."""
    key, byline = given(record, "byline_raw")
    if isinstance(byline, list):
        byline = ", ".join(str(b) for b in byline)
    if byline is not None and not isinstance(byline, str):
        notes.append(f"field '{key}' = {byline!r} is not a string or a list: stored without it")
        byline = None
    byline = clean(byline)
    authors, credits = _names(record, "authors", notes), _names(record, "credits", notes)
    split_authors, split_credits = split_byline(byline) if byline else ([], [])
    if not authors and not credits:
        return byline, split_authors, split_credits
    return (
        byline,
        split_authors if authors is None else authors,
        split_credits if credits is None else credits,
    )


def _times(record: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """``published_at`` and ``updated_at`` in UTC, each with its offset: the record's
    ``published_offset`` / ``updated_offset`` when it gives one (an export writes
    the time in UTC and the page's offset beside it, null for a page's UTC), else
    the offset the time is written in, as the parser keeps a page's. An update not
    after publication is none (the parser's rule). What is dropped is noted."""
    out: dict[str, Any] = {}
    for name, offset_name in _TIMES.items():
        key, value = given(record, name)
        value = None if value in _NO_VALUE else value
        local, fault = _record_time(value)
        if local is None or (name == "updated_at" and not _after(local, out["published_at"])):
            if value not in (None, "") and name == "published_at":
                notes.append(f"field '{key}' = {value!r} {fault}: stored without a published time")
            elif value not in (None, "") and fault:
                notes.append(f"field '{key}' = {value!r} {fault}: stored without an updated time")
            elif value not in (None, ""):
                notes.append(
                    f"field '{key}' = {value!r} is not a date after the published time: "
                    "stored without an updated time"
                )
            out[name] = out[offset_name] = None
            continue
        out[name] = local.astimezone(UTC)
        written = offset_minutes(local)
        offset = record.get(offset_name)
        if offset is None:
            # An export's null is a page's UTC; a time written with another offset says more.
            offset = None if offset_name in record and not written else written
        elif (
            isinstance(offset, bool)
            or not isinstance(offset, int)
            or abs(offset) > MAX_OFFSET_MINUTES
        ):
            notes.append(
                f"field '{offset_name}' = {offset!r} is not minutes east of UTC: "
                "the offset the time is written in is kept"
            )
            offset = written
        out[offset_name] = offset
    return out


def _record_time(value: Any) -> tuple[datetime | None, str]:
    """A record's time in the offset it is written in, or none and what is wrong with it.

    An archive's record may be older than any web page (on a page a date before 1990 is a
    copyright year or a placeholder, not its own); the Unix epoch's first second is what
    many systems write for "no date".
    """
    if value in (None, ""):
        return None, ""
    written = read_local(value)
    if written is None:
        return None, "is not a date"
    if _relative(value):
        return (
            None,
            "is relative (to when it is read, not to when it was written); give an absolute time",
        )
    if written == _UNIX_EPOCH:
        return None, 'is the Unix epoch, a placeholder for "no date"'
    if written < _EARLIEST_RECORD_TIME:
        return None, f"is before {EARLIEST_RECORD_YEAR}"
    if plausible(written, None, _EARLIEST_RECORD_TIME) is None:
        return None, "is in the future"
    return written, ""


# Two moments far apart to read a record's time against: one that depends on when it
# is read ("3 hours ago", "yesterday", "vor 2 Tagen": every language the parser reads)
# gives two different moments. A page's is read against its fetch time; a record's
# against the clock at ingest, which for a backfill is no time of the article's.
_READ_AT = (datetime(2001, 1, 1, tzinfo=UTC), datetime(2002, 7, 1, 12, tzinfo=UTC))


def _relative(value: Any) -> bool:
    first, second = (read_local(value, fetched_at=moment) for moment in _READ_AT)
    return first != second


def _after(moment: datetime, other: datetime | None) -> bool:
    return other is None or moment > other


# The fields ingest keeps as the record gives them, each checked on its own by
# Article.from_dict: a bad one is dropped with a note, the article stored.
_KEPT_AS_GIVEN = (
    "fetched_at",
    "standfirst",
    "language",
    "section",
    "tags",
    "paywalled",
    "kind",
    "live_entries",
    "key_points",
)
_BOOLEAN_WORDS = {"true": True, "false": False}
_LABEL_BREAK = re.compile(r"[,;]")


def _as_given(record: dict[str, Any]) -> dict[str, Any]:
    values = {
        name: value for name in _KEPT_AS_GIVEN if (value := given(record, name)[1]) is not None
    }
    # Another extractor's shapes: trafilatura writes its tags and its categories each as
    # one string, separated by ";" (others by ","); both label the article.
    tags, categories = _labels(values.get("tags")), _labels(record.get("categories"))
    if categories and isinstance(categories, list) and isinstance(tags, list | None):
        tags = list(dict.fromkeys([*(tags or []), *categories]))
    if tags is not None:
        values["tags"] = tags
    if isinstance(values.get("paywalled"), str):
        values["paywalled"] = _BOOLEAN_WORDS.get(
            values["paywalled"].strip().lower(), values["paywalled"]
        )
    return values


def _labels(value: Any) -> Any:
    """Labels given as one string, split; any other value as given."""
    if not isinstance(value, str):
        return value
    return [label for label in (clean(part) for part in _LABEL_BREAK.split(value)) if label]


def _source_name(record: dict[str, Any], url: str, site: str, notes: list[str]) -> str:
    """The record's ``source`` when it is a source name a config could hold, else the site
    (trafilatura's ``source``, the page's URL, read as the record's ``url``, is none; nor
    is the site itself, which ingest stored as the source of a record without one, so
    an export of such articles ingests again without a note per record)."""
    value = record.get("source")
    if value in (None, "", url, site):
        return site
    if isinstance(value, str) and SOURCE_NAME.fullmatch(value):
        return value
    notes.append(f"field 'source' = {value!r} is not a source name: stored under {site!r}")
    return site


def _optional_url(record: dict[str, Any], name: str, base: str, notes: list[str]) -> str | None:
    """A URL field canonicalised, "" as none; a bad one none, with a note."""
    key, value = given(record, name)
    if value in (None, ""):
        return None
    try:
        return _url(key, value, base)
    except ValueError as exc:
        notes.append(f"{exc}: stored without it")
        return None


def article_from_record(
    record: dict[str, Any],
    *,
    source: str | None,
    fetched_at: datetime,
    notes: list[str] | None = None,
) -> Article:
    """One ingest record as an Article; ValueError when its ``url`` or ``body`` is bad.

    ``source`` (the operator's ``--source``) outranks the record's own; ``fetched_at``
    is used when the record gives none. Any other field that cannot be read is
    dropped and the article stored without it: ``notes`` gets one line per field.
    """
    notes = [] if notes is None else notes
    url = _record_url(record)
    canonical = canonicalize_url(url)
    if not canonical:
        raise ValueError(f"field 'url' is not a valid URL: {url!r}")
    body_key, body_given = given(record, "body")  # two bodies that differ: no article
    if body_given in _NO_VALUE:
        names = "' or '".join(OTHER_NAMES["body"])
        raise ValueError(f"no 'body' field (nor '{names}')")
    body = _paragraphs(body_given)
    if not body:
        raise ValueError(f"field '{body_key}' is empty")
    gave_headline = any(record.get(key) for key in ("headline", *OTHER_NAMES["headline"]))
    record = _one_name_each(record, notes)
    byline, authors, credits = _byline(record, notes)
    # Without one, the URL's site, as a WARC's page of no configured source is named.
    site = clean(str(given(record, "site_name")[1] or "")) or site_host(url) or "unknown"
    times = _times(record, notes)
    headline_key, headline = given(record, "headline")
    headline = clean(str(headline or ""))
    # Not when two headlines differ: that note said so, and "stored without either".
    if not headline and (headline_key in record or not gave_headline):
        notes.append(f"field '{headline_key}' is empty: stored without a headline")
    values: dict[str, Any] = dict(
        url=url,
        canonical_url=_optional_url(record, "canonical_url", url, notes) or canonical,
        source=source or _source_name(record, url, site, notes),
        site_name=site,
        headline=headline,
        body=body,
        fetched_at=fetched_at.isoformat(),
        authors=authors,
        credits=credits,
        byline_raw=byline or None,
        published_at=_iso(times["published_at"]),
        published_offset=times["published_offset"],
        updated_at=_iso(times["updated_at"]),
        updated_offset=times["updated_offset"],
        related=_related(record.get("related"), url, notes),
        # As the parser keeps one: an http(s) URL (a script's or a file's names no image).
        image_url=_optional_url(record, "image_url", url, notes),
        is_based_on=_optional_url(record, "is_based_on", url, notes),
        provenance={"all": "ingest"},
    )
    article = _checked_article(values, _as_given(record), notes)
    # The parser's rule for a rel=canonical to another site, so the two cannot drift.
    keep_syndicated_copy_apart(article)
    _drop_links_to_itself(article, notes)
    article = clean_article(article)
    if not article.language:
        # As the parser does for a page that declares none, and only then: a record's
        # own language stands.
        language_from_text(article)
    return article


def _record_url(record: dict[str, Any]) -> str:
    """The record's ``url``, or trafilatura's ``source`` when that is an http(s) URL;
    ValueError when it gives none, or one that is not http(s)."""
    value = record.get("url")
    trafilatura = record.get("source")
    if value in (None, "") and str(trafilatura).startswith(("http://", "https://")):
        value = trafilatura
    if value in (None, ""):
        raise ValueError("no 'url' field (nor 'source' holding the page's URL, as trafilatura's)")
    url = clean_url(str(value))
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"field 'url' must be an http(s) URL, got {value!r}")
    return url


def _checked_article(values: dict[str, Any], as_given: dict[str, Any], notes: list[str]) -> Article:
    """The article of ``values`` and the fields of ``as_given`` that Article.from_dict takes."""
    try:
        return Article.from_dict({**values, **as_given})
    except ValueError:
        pass
    for name, value in as_given.items():
        try:
            Article.from_dict({**values, name: value})
        except ValueError as exc:
            notes.append(f"{exc}, got {value!r}: stored without it")
        else:
            values[name] = value
    return Article.from_dict(values)


def _drop_links_to_itself(article: Article, notes: list[str]) -> None:
    own = article.canonical_url
    if article.is_based_on == own:
        notes.append(f"field 'is_based_on' is the article's own URL {own!r}: stored without it")
        article.is_based_on = None
    if any(link.url == own for link in article.related):
        notes.append(f"field 'related': a link to the article itself {own!r} is not kept")
        article.related = [link for link in article.related if link.url != own]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
