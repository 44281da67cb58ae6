"""A page without any markup: the article read from its plain-text layout.

Some pages reach the parser as text: a ``text/plain`` copy, a page saved from a
reader view or a terminal browser, a wire text pasted into a file. An HTML parser
makes one paragraph of such a page and finds no headline. Its layout still says
what each block is, the way a reader sees it: blank lines separate the blocks;
the first is the headline (a kicker above it, "WORLD", is the section); before
the text may come a standfirst, a byline and date lines (labels without a value,
such as an empty "Published", date nothing);
after the text, a labelled block that is not the article ("Author Profile",
"Related Articles") ends it.

Steps, each on the list of blocks: :func:`text_blocks`, :func:`headline_of`,
:func:`read_header`, :func:`body_until_closing`. Every field found here has the
provenance ``text-layout``; a date read from the URL has ``url``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from aggregator.hygiene import strip_invisible
from aggregator.parser import vocab
from aggregator.parser.byline import feed_authors, split_byline
from aggregator.parser.dates import FoundDate, date_from_url, feed_date, parse_local, store_dates
from aggregator.parser.metadata import language_code
from aggregator.parser.text import clean, clean_markup
from aggregator.schema import Article, FeedHints

PROVENANCE = "text-layout"

# Anything an HTML parser could read as markup: "<" before a letter, "/", "!" or "?"
# (a tag, an end tag, a comment, a doctype, an XML declaration). Text without one
# is laid out text; any page with one goes to the HTML parser, as before.
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
# A full stop that ends an initialism ("… U.S.", "… U.K.") or a company's or a
# name's abbreviation ("… Inc.", "… Ltd.", "… Co.", "… Jr."), not a sentence.
_INITIALISM_END = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$")
_NAME_ABBREVIATION_END = re.compile(r"\s(?:Inc|Ltd|Co|Corp|Plc|Bros|Jr|Sr)\.$")
# An article before the name that ends a block ("… in the U.S.", "… by the Acme Co."):
# prose; headlinese drops it ("China warns U.S.").
_ARTICLE_BEFORE_END = re.compile(r"(?:^|\s)(?:[Tt]he|[Aa]n?)\s+(?:[A-Z][\w&'.-]*\s+)*\S+$")
# Between the items of a breadcrumb or menu line (not "/": "Oil / gas / coal prices fall").
_NAV_SEPARATOR = re.compile(r"\s(?:\||›|»|>|·|•)\s")
_SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "'", ":")
# A block whose every line is this short is a stack of labels, one block a line
# ("Published" / "Updated"); longer lines are one hard-wrapped paragraph.
_LABEL_WORDS = 6
_HEADLINE_MAX_WORDS = 30
# A kicker (section label) above the headline: "WORLD", "MIDDLE EAST" in capitals,
# or a section and its subsection, "Politics | Europe".
_KICKER_CAPS_WORDS = 2
_KICKER_WORDS = 6
_STANDFIRST_MAX_WORDS = 80
# A date label, with or without its value: "Published", "Updated: 18 January 2019".
_DATE_LABEL = re.compile(
    r"^(?P<label>(?:first\s+|last\s+)?(?:published|updated|posted|modified|"
    r"veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado))"
    r"(?:\s+(?:on|at|am|le|el))?\s*[:\-–]?\s*(?P<value>.{0,60})$",
    re.IGNORECASE,
)
_UPDATE_WORDS = ("updated", "modified", "aktualisiert", "mis à jour", "actualizado")
# The heading of the writer's profile printed after the text.
_PROFILE_HEADING = re.compile(
    r"^(?:author(?:'s)?\s+(?:profile|bio(?:graphy)?)|about\s+the\s+authors?|"
    r"über\s+(?:den|die)\s+autor(?:in)?|zum\s+autor|zur\s+autorin)\s*:?$",
    re.IGNORECASE,
)


def is_plain_text(text: str) -> bool:
    """True when the page's text holds something but no markup at all."""
    if _MARKUP.search(text):  # nearly every page: a tag in its first bytes
        return False
    # Invisible characters next: "<\x8fdiv>" is a tag once hygiene drops the \x8f.
    text = strip_invisible(text)
    return bool(text.strip()) and _MARKUP.search(text) is None


def text_blocks(text: str) -> list[str]:
    """The page's blocks, in order: blank lines separate them, a wrapped paragraph
    is joined, a stack of short label lines gives one block a line. A text with no
    blank line at all is laid out a block a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _BLANK_LINE.search(text):
        return _unwrapped(_clean_lines(text))
    blocks: list[str] = []
    for chunk in _BLANK_LINE.split(text):
        lines = _clean_lines(chunk)
        if len(lines) > 1 and all(len(line.split()) <= _LABEL_WORDS for line in lines):
            blocks.extend(lines)
        elif lines:
            # Joined as they are: a text without "<" before a letter (is_plain_text)
            # holds nothing tag-like, across lines either.
            blocks.append(" ".join(lines))
    return blocks


def _clean_lines(text: str) -> list[str]:
    """The text's lines with hygiene applied, blank ones left out."""
    return [line for line in (clean(raw) for raw in text.split("\n")) if line]


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines of a text without blank lines, a wrapped sentence joined again: a line
    continues the one before when that one ends no sentence and it starts in lower case."""
    blocks: list[str] = []
    for line in lines:
        if blocks and not blocks[-1].endswith(_SENTENCE_ENDS) and line[:1].islower():
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
    return blocks


def _is_navigation(block: str) -> bool:
    """A breadcrumb or section menu line: "Home | News | World"."""
    return len(block.split()) <= 12 and len(_NAV_SEPARATOR.findall(block)) >= 2


def headline_of(blocks: list[str]) -> tuple[str, str, int]:
    """The kicker, the headline and the index of the block after them (without a
    headline: "", "" and the index of the first block after the navigation lines,
    which are skipped).

    Navigation lines are no text. A block is the headline when it is short,
    ends in no comma, semicolon, colon or full stop, is no byline or date line, and
    more text follows. An abbreviation's full stop ("U.S.", "Inc.") may end it when
    byline or date lines follow (its place says headline), or, for an initialism,
    when no article stands before it ("China warns U.S."; "… in the U.S." is prose).
    A kicker above the headline (:func:`_is_kicker`) is no headline.
    """
    first = 0
    while first < len(blocks) and _is_navigation(blocks[first]):
        first += 1
    if _is_kicker(blocks[first:]):
        return blocks[first], blocks[first + 1], first + 2
    if not _is_headline(blocks[first:]):
        return "", "", first
    return "", blocks[first], first + 1


def _is_headline(blocks: list[str]) -> bool:
    """Whether the first of ``blocks`` is a headline (see :func:`headline_of`)."""
    if len(blocks) < 2:
        return False
    block = blocks[0]
    if len(block.split()) > _HEADLINE_MAX_WORDS or _label_kind(block) is not None:
        return False
    if block.endswith((",", ";", ":")):
        return False
    if not block.endswith("."):
        return True
    initialism = _INITIALISM_END.search(block) is not None
    if not initialism and not _NAME_ABBREVIATION_END.search(block):
        return False  # a sentence's full stop
    if _labels_follow(blocks[1:]):
        return True
    return initialism and not _ARTICLE_BEFORE_END.search(block)


def _is_kicker(blocks: list[str]) -> bool:
    """Whether the first of ``blocks`` is a section label above the headline: a line
    of one or two words in capitals, or of a section and its subsection ("Politics |
    Europe"), ending no sentence, and followed by a headline that is followed by
    byline or date lines or by a longer block (the text's first paragraph)."""
    if len(blocks) < 3:
        return False
    kicker, headline, after = blocks[:3]
    words = kicker.split()
    shaped = (kicker.isupper() and len(words) <= _KICKER_CAPS_WORDS) or (
        len(words) <= _KICKER_WORDS and len(_NAV_SEPARATOR.findall(kicker)) == 1
    )
    if not shaped or kicker.endswith(_SENTENCE_ENDS) or not _is_headline(blocks[1:]):
        return False
    return _labels_follow(blocks[2:]) or len(after.split()) > len(headline.split())


def _labels_follow(blocks: list[str]) -> bool:
    """A byline or date line among the first two of ``blocks`` (after one standfirst at most)."""
    return any(_label_kind(b) in ("byline", "date") for b in blocks[:2])


@dataclass
class Header:
    """What the blocks between the headline and the text said."""

    standfirst: str | None = None
    byline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    consumed: int = 0


def _label_kind(block: str) -> str | None:
    """The block's kind: "byline", "date", "furniture" (a reading time, "Share"), or None."""
    if len(block.split()) > 16:
        return None
    if vocab.BY_TEXT.match(block) or vocab.BYLINE_LINE.match(block):
        return "byline"
    if _DATE_LABEL.match(block) or vocab.DATE_LINE.match(block):
        return "date"
    if _is_furniture(block):
        return "furniture"
    return None


def _is_furniture(block: str) -> bool:
    """A reading time or a short page-furniture line ("Share", "Advertisement")."""
    return bool(vocab.READING_TIME.match(block) or vocab.JUNK_SHORT.match(block))


def _read_date(block: str, header: Header, fetched_at: datetime) -> None:
    labelled = _DATE_LABEL.match(block)
    value = labelled.group("value") if labelled else block
    found = parse_local(value, fetched_at=fetched_at) if value.strip() else None
    if found is None:
        return  # an empty label ("Published") dates nothing
    is_update = labelled is not None and labelled.group("label").lower().endswith(_UPDATE_WORDS)
    if is_update:
        header.updated = header.updated or found
    else:
        header.published = header.published or found


def read_header(blocks: list[str], fetched_at: datetime) -> Header:
    """The standfirst, byline and date lines that open ``blocks`` (the headline
    already taken off). A block counts as the standfirst only when a byline or date
    line follows it closely: without labels nothing tells a standfirst from a lead."""
    header = Header()
    i = 0
    if (
        blocks
        and _label_kind(blocks[0]) is None
        and len(blocks[0].split()) <= _STANDFIRST_MAX_WORDS
        and _labels_follow(blocks[1:])
    ):
        header.standfirst = blocks[0]
        i = 1
    while i < len(blocks):
        kind = _label_kind(blocks[i])
        if kind is None:
            break
        if kind == "byline" and header.byline is None:
            header.byline = blocks[i]
        elif kind == "date":
            _read_date(blocks[i], header, fetched_at)
        i += 1
    header.consumed = i
    return header


def body_until_closing(blocks: list[str]) -> list[str]:
    """The text's blocks up to the first heading of what follows an article (its
    writer's profile, related reading); short furniture lines left out."""
    body: list[str] = []
    for block in blocks:
        if vocab.RELATED_HEADING.match(block) or _PROFILE_HEADING.match(block):
            break
        if _is_furniture(block):
            continue
        body.append(block)
    return body


def read_plain_text(text: str, article: Article, hints: FeedHints | None = None) -> Article:
    """Fill ``article`` from a page's text without markup (see :func:`is_plain_text`).

    What the text does not say comes from the feed entry, as on an HTML page:
    the title, authors, dates and language.
    """
    blocks = text_blocks(text)
    kicker, headline, after = headline_of(blocks)
    rest = blocks[after:]
    header = read_header(rest, article.fetched_at)
    body = body_until_closing(rest[header.consumed :])
    if headline:
        _put(article, "headline", headline)
    elif hints is not None and hints.title:
        _put(article, "headline", clean_markup(hints.title), "feed")
    else:
        article.provenance["headline"] = ""
    if kicker:
        _put(article, "section", kicker)
    if header.standfirst:
        _put(article, "standfirst", header.standfirst)
    if header.byline:
        article.authors, article.credits = split_byline(header.byline)
        article.byline_raw = header.byline
        article.provenance["authors"] = PROVENANCE
    elif found := feed_authors(hints):
        article.authors, article.credits, article.byline_raw, article.provenance["authors"] = found
    if hints is not None and (language := language_code(hints.language)):
        _put(article, "language", language, "feed")
    store_dates(article, *_dates(article, header, hints))
    if body:
        _put(article, "body", body)
    return article


def _put(article: Article, name: str, value: object, provenance: str = PROVENANCE) -> None:
    setattr(article, name, value)
    article.provenance[name] = provenance


def _dates(
    article: Article, header: Header, hints: FeedHints | None
) -> tuple[FoundDate | None, FoundDate | None]:
    """Published and updated, in the HTML chain's order of trust: the page's own
    date lines, then the feed entry, then (published only) the URL's day."""
    fetched_at = article.fetched_at
    published: FoundDate | None = None
    if header.published is not None:
        published = (header.published, PROVENANCE)
    elif (from_feed := feed_date(hints, "published_at", fetched_at)) is not None:
        published = (from_feed, "feed")
    elif article.url and (from_url := date_from_url(article.url, fetched_at)) is not None:
        published = (from_url, "url")
    updated: FoundDate | None = None
    if header.updated is not None:
        updated = (header.updated, PROVENANCE)
    elif (from_feed := feed_date(hints, "updated_at", fetched_at)) is not None:
        updated = (from_feed, "feed")
    return published, updated
