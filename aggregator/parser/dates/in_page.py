"""Dates the article prints: ``<time>`` elements, labelled dates ("Datum 28.04.2023"),
short elements with a date-ish class or data attribute; the one nearest the headline."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.dates.day_order import read_date
from aggregator.parser.dates.evidence import TEASER_WORDS, article_evidence, region, to_other_story
from aggregator.parser.dates.formats import EPOCH, FULL_DATE
from aggregator.parser.dates.lines import bare_date_line, in_top
from aggregator.parser.dates.listed import list_items
from aggregator.parser.scope import byline_classed, nearest_to_headline
from aggregator.parser.text import pieces_apart, text_of
from aggregator.parser.tree import classed

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def _nearest(
    view: PageView, found: list[tuple[etree._Element, datetime, bool]], update: bool
) -> datetime | None:
    """The date of the wanted kind nearest the headline (scope.nearest_to_headline)."""
    dates = {el: d for el, d, is_update in found if is_update == update}
    listed = list_items(view, dates)
    best = nearest_to_headline(view, [el for el in dates if el not in listed])
    return dates[best] if best is not None else None


def _is_update(el: etree._Element, text: str) -> bool:
    """Marked as an update: by its label, or by class/itemprop (its own or its parent's).

    An element whose own class says "published" too is the publication: WordPress
    themes mark a post's one date "entry-date published updated".
    """
    if labelled_update(el, text):
        return True
    ci = (el.get("class") or "") + " " + (el.get("itemprop") or "")
    if "publish" in ci.lower():
        return False
    parent = el.getparent()
    if parent is not None:
        ci += " " + (parent.get("class") or "")
    return bool(vocab.UPD_CLASS.search(ci))


def labelled_update(el: etree._Element, text: str) -> bool:
    """``el``, whose text is ``text``, is labelled an update: its text starts with an
    update label ("Updated: 4 May"), or the text before it ends with one after its last
    number ("Updated <time>", "Published 3 May | Updated <time>", ", updated <time>"; not
    "Updated 4 May · Published <time>", where a date follows the label)."""
    if vocab.UPDATED_LABEL.match(text.strip()):
        return True
    return bool(vocab.UPDATED_WORD.search(_DIGIT.split(label_before(el))[-1]))


_DIGIT = re.compile(r"\d")


def printed_stamp(el: etree._Element, text: str) -> bool:
    """``el``, whose text is ``text``, states the day a reader printed the page ("Printed
    on 4 December 2026", "Gedruckt am …", "<span>Imprimé le</span> <time>"): no
    publication date, as an update stamp is none."""
    if vocab.PRINTED_LABEL.match(text.strip()):
        return True
    return bool(vocab.PRINTED_WORD.search(_DIGIT.split(label_before(el))[-1]))


def time_elements(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of the article's <time> elements, in document order.

    Walked once per page: the rules read ``PageView.time_elements``.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in region(view).iter("time"):
        text = text_of(el)
        found = read_date(view, el.get("datetime") or el.get("content") or text)
        if found and not printed_stamp(el, text) and article_evidence(view, el, columns):
            out.append((el, found, _is_update(el, text)))
    return out


_LABEL_CHARS = 30  # a label: "Zuletzt aktualisiert am", "Published 3 May 2024 | Updated"


def label_before(el: etree._Element) -> str:
    """The text just before an element, from its parent's flow: the previous sibling's
    tail ("Updated: <time>"), else a short label in that sibling, words only
    ("<span>Updated</span> <time>"), past empty siblings (``<br>``, an icon), else the
    parent's text."""
    prev = el.getprevious()
    while prev is not None:
        tail = (prev.tail or "").strip()
        if tail:
            return tail[-_LABEL_CHARS:].strip() + " "
        own = text_of(prev).strip()
        if own:
            is_label = len(own) <= _LABEL_CHARS and not _DIGIT.search(own)
            return own + " " if is_label else ""
        prev = prev.getprevious()
    parent = el.getparent()
    raw = (parent.text or "") if parent is not None else ""
    return raw[-_LABEL_CHARS:].strip() + " " if raw.strip() else ""


def published_time(view: PageView) -> datetime | None:
    """The ``<time>`` nearest the headline that is no update and no list item."""
    return _nearest(view, view.time_elements, update=False)


def updated_time(view: PageView) -> datetime | None:
    """The ``<time>`` marked as an update nearest the headline, no list item."""
    return _nearest(view, view.time_elements, update=True)


def labelled_date(view: PageView) -> datetime | None:
    """A labelled date in the article: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt>"."""
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    for el in region(view).iter("strong", "b", "dt", "th", "span", "label"):
        label = el.text
        if not label or len(label) > 24 or len(el) or not vocab.DATE_LABEL.match(label.strip()):
            continue
        value = (el.tail or "").strip()
        if not value and el.getnext() is not None:
            value = text_of(el.getnext())
        found = read_date(view, value[:80]) if value else None
        if found and article_evidence(view, el, columns):
            return found
    return None


def labelled_updated(view: PageView) -> datetime | None:
    """A date an update label introduces in a short element's own text, no class needed:
    "<p>Last updated: 4 May 2024</p>", "<p>Published 3 May 2024 | Updated 4 May 2024</p>".

    The date must follow the label closely (within ``_LABEL_GAP`` characters): "Updated
    guidance was issued on 3 May" is a sentence, no stamp.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    candidates: dict[etree._Element, datetime] = {}
    for el in region(view).iter("p", "span", "div", "li", "small", "em", "label", "dt"):
        # The element's own first words first: most elements say nothing of an update.
        if not el.text or not vocab.UPDATED_WORD.search(el.text):
            continue
        text = text_of(el)
        label = vocab.UPDATED_WORD.search(text)
        if len(text) > 120 or label is None:
            continue
        stamp = _update_stamp(el, text, label.end())
        if not _DIGIT.search(stamp[:_LABEL_GAP]):
            continue
        # Japanese and Chinese sites print "更新日時" over rankings, lists of new stories,
        # sidebars and widgets: there the label dates the article only in its top, beside
        # no other story (review of round 17).
        if "更新" in label.group() and (
            not in_top(view, el, _cjk_text_start(view)) or _other_moment(view, el)
        ):
            continue
        found = read_date(view, stamp)
        if found and not _weather(el) and article_evidence(view, el, columns):
            candidates[el] = found
    # The one nearest the headline, as the other in-page rules take: the first in
    # document order was an unclassed top bar's weather "Updated Dec 5, 2026 11:00 AM"
    # (round 18's review of date scoping).
    best = nearest_to_headline(view, list(candidates))
    return candidates[best] if best is not None else None


def _update_stamp(el: etree._Element, text: str, label_end: int) -> str:
    """What follows an update label in ``el``'s text, or, where ``el`` holds the label
    alone, its next sibling's text ("<label>Letzte Änderung:</label><div>14.01.2022 um
    09:25</div>", "<dt>Updated</dt><dd>4 May 2024</dd>")."""
    stamp = text[label_end:]
    following = el.getnext()
    if stamp.strip(" :") or following is None:
        return stamp
    return " " + text_of(following)


# A temperature: "-6°C", "28°F", "28°".
_TEMPERATURE = re.compile(r"\d\s*°")
_WIDGET_CHARS = 120  # a weather line: a place, a temperature, its stamp


def _weather(el: etree._Element) -> bool:
    """``el`` is a weather widget's "Updated Sat 5 Dec 2026, 11:00": its short block
    ("Summit Peak -6°C Updated …") prints a temperature. A short block only: a weather
    story's update line beside its text about "-6°C" is the article's. And no byline's
    (``vocab.BY_TEXT``): a weather desk's "By Kim Lee · Updated Dec 5, 2026, 11:00 AM ·
    28°F now" is the story's meta line; no widget starts with its writer's name."""
    parent = el.getparent()
    block = text_of(parent if parent is not None else el)
    return (
        len(block) <= _WIDGET_CHARS
        and bool(_TEMPERATURE.search(block))
        and not vocab.BY_TEXT.match(block)
    )


# Chinese and Japanese write no space between words, and a Korean word packs several
# syllables: these scripts' characters are counted where other scripts' words are
# (vocab.CJK_CHARS, which weighs a text's length for page_kind, leaves Hangul out).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_PROSE = 30  # "市长在记者会上表示，…": 40 such characters say what 100 say in English


def _cjk_text_start(view: PageView) -> etree._Element | None:
    """The text's first paragraph (``PageView.text_start``), else, where Japanese or
    Chinese paragraphs are all shorter than ``evidence.PROSE_CHARS``, the first paragraph
    after the headline of ``_CJK_PROSE`` such characters: without it the whole article
    is its top (``lines.in_top``)."""
    if view.text_start is not None:
        return view.text_start
    title = view.headline_element
    after = view.position(title) if title is not None else ()
    for p in region(view).iter("p"):
        if len(_CJK.findall(text_of(p))) >= _CJK_PROSE and view.position(p) > after:
            return p
    return None


# A publication's label, by language: it opens a date line of its own, no class needed
# ("Opublikowano: 5 grudnia 2026 14:04", "입력 2026.12.05 14:04", "Опубликовано: 5 декабря
# 2026", "Publisert 04.12.2026"), where htmldate knows none of the month names, or the
# clock, and the line was read by no rule; and after an update's label it names the
# publication in the same line ("Updated 5 May · First published 4 May", Arc's "Updated
# 7:30 p.m. | Published 5:04 p.m."). No letter may follow: "发布时间2026-12-04" is one.
_PUBLICATION_WORDS = (
    r"published|posted(?:\s+on)?|veröffentlicht(?:\s+am)?|publié(?:\s+le)?|"
    r"publicado(?:\s+(?:el|em))?|pubblicato(?:\s+il)?|gepubliceerd(?:\s+op)?|opublikowano|"
    r"publikováno|publicerad|publisert|publiceret|julkaistu|опубликовано|"
    r"yayınlanma(?:\s+tarihi)?|(?:기사)?입력|등록|发布时间|發佈時間|發布時間|公開日|掲載日"
)
_PUBLICATION_OPENS = re.compile(rf"^(?:{_PUBLICATION_WORDS})(?![^\W\d_])", re.IGNORECASE)
_PUBLICATION_LABEL = re.compile(
    rf"(?<!\w)(?:(?:first|originally|zuerst)\s+)?(?:{_PUBLICATION_WORDS})(?![^\W\d_])",
    re.IGNORECASE,
)


def _publication_stamp(text: str) -> str | None:
    """What a line's publication label introduces, up to an update's label: "4 May 2026"
    of "Published 4 May 2026 | Updated 5 May 2026" and of "Updated 5 May 2026 | Published
    4 May 2026" (an unclassed line printing the update first had given the update alone);
    None where no publication label opens the line, or follows its opening update label,
    or the date does not follow the label closely ("Published by the Gazette desk on 4
    May" names a publisher), or, after an update's label or a participle, is no date
    alone (``_date_alone``)."""
    label = _PUBLICATION_OPENS.match(text)
    strict = label is not None and _PARTICIPLE.match(label.group()) is not None
    if label is None:
        update = vocab.UPDATED_LABEL.match(text)
        label = _PUBLICATION_LABEL.search(text, update.end()) if update else None
        strict = True
    if label is None or not _DIGIT.search(text[label.end() : label.end() + _LABEL_GAP]):
        return None
    end = vocab.UPDATED_WORD.search(text, label.end())
    stamp = text[label.end() : end.start() if end else None]
    # After an update's label the publication word may be prose ("Updated: 5 Dec. The
    # claim, published 1 Dec on X, …", "Posted on Facebook 1 Dec", "Published in print on
    # 6 Dec"), and the Nordic words are participles too ("Julkaistu 30.11.2026 selvitys
    # osoitti …", a report published then): there only a date alone is the stamp.
    if strict and not _date_alone(stamp):
        return None
    return stamp


# Publication labels that are participles too, opening a sentence as well as a stamp.
_PARTICIPLE = re.compile(r"publisert|publiceret|julkaistu", re.IGNORECASE)
# A Nordic clock with its word: "kl. 09.15", "klo 9.15", "kello 9.15".
_NORDIC_CLOCK = re.compile(r"(?<!\w)(?:kl|klo|kello)\.?\s*\d{1,2}[.:]\d{2}(?!\d)", re.IGNORECASE)


def _date_alone(stamp: str) -> bool:
    """``stamp``, what a label introduces, is a date and its clock alone
    (``lines.bare_date_line``), a Nordic clock too ("4.12.2026 klo 9.15": a one-digit hour
    set with a dot is no clock there)."""
    return bare_date_line(_NORDIC_CLOCK.sub(" ", stamp).strip(" :：|·•,;"))


def labelled_published(view: PageView) -> datetime | None:
    """The date a publication label opens in a short element's own text, nearest the
    headline and in no list of other items: "<div>Opublikowano: 5 grudnia 2026 14:04</div>".

    As for updates (``labelled_updated``) the date follows the label closely: "Published
    by the Gazette desk on 4 May" names a publisher. A line printing both moments gives
    the publication's, in either order ("Published 3 May 2024 | Updated 4 May 2024",
    "Updated 4 May 2024 | Published 3 May 2024": ``_publication_stamp``). The element
    stands in the article's top (``lines.in_top``), or prints the date alone after its
    label.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    found = []
    for el in region(view).iter("p", "span", "div", "li", "small", "em"):
        head = (el.text or "").strip()
        if not (_PUBLICATION_OPENS.match(head) or vocab.UPDATED_LABEL.match(head)):
            continue
        text = text_of(el)
        stamp = _publication_stamp(text) if len(text) <= 120 else None
        if stamp is None:
            continue
        # In the article's top, or a line of the date alone: further down, a short line
        # the label opens is a source's ("Published 14 March 2021 in The Lancet.") or a
        # notice's ("등록 기간: 2026년 11월 1일~11월 30일").
        if not in_top(view, el, view.text_start) and not bare_date_line(stamp.strip(" :：")):
            continue
        if _other_moment(view, el):
            continue
        dated = read_date(view, stamp)
        if dated is not None and article_evidence(view, el, columns):
            found.append((el, dated, False))
    return _nearest(view, found, update=False)


_TEASER_CJK = 8  # evidence.TEASER_WORDS in Japanese or Chinese: "市長選、新人3人が立候補へ"
_MEDIA = ("img", "picture", "video", "iframe", "audio")


def _other_moment(view: PageView, el: etree._Element) -> bool:
    """``el`` dates another thing than the article: it stands beside a link to another
    story of the site ("<a>Storm hits coast overnight</a><div>Published: 3 Dec</div>", a
    teaser with no heading or class), in a figure, or right beside an image or embed.

    The link is another story's as a teaser card's heading link is
    (``evidence.to_other_story``: on the page's site, its other hosts too, and no author's
    page, no section the article lies under, no page under its own slug: a byline, a
    kicker or a live blog's entry beside the line had cost the line its date, and a
    teaser linking to "m." of a "www." site was read; round 17). No heading says the link
    is a headline, so its words must (``_headline_long``). Narrower than
    ``zones._beside_link``, which says why.
    """
    if next(el.iterancestors("figure", "figcaption"), None) is not None:
        return True
    for sib in (el.getprevious(), el.getnext()):
        if sib is None or not isinstance(sib.tag, str):
            continue
        if sib.tag in _MEDIA:
            return True
        links = [sib] if sib.tag == "a" else list(sib.iter("a"))
        if any(teaser_link(view, a) for a in links):
            return True
    return False


def teaser_link(view: PageView, a: etree._Element) -> bool:
    """``a`` is a teaser's headline link: to another story of the site
    (``evidence.to_other_story``), with words of a headline's length (``_headline_long``)."""
    # The words first: canonicalizing the address is the costly test.
    return bool(a.get("href")) and _headline_long(text_of(a)) and to_other_story(view, a)


def _headline_long(text: str) -> bool:
    """A link's ``text`` is of a headline's length: words enough, or in a script written
    without spaces, characters enough (a Japanese headline is one "word")."""
    return len(text.split()) >= TEASER_WORDS or len(_CJK.findall(text)) >= _TEASER_CJK


_LABEL_GAP = 20  # "Updated on", "mis à jour le", "Zuletzt aktualisiert am" + the date's start
_DATED_TAGS = ("span", "div", "p", "li", "time")


def _date_attribute(el: etree._Element) -> bool:
    # One search of the joined names (no name holds a space) instead of a generator over
    # an attribute view: about half the cost, for each element of the walk. The stamps'
    # names whole (``_STAMP_ATTRIBUTES``), each between spaces: "data-time" is no
    # "data-timeline", "data-timezone" or "data-time-format".
    names = f" {' '.join(el.keys())} "
    return (
        "date" in names
        or " data-timestamp " in names
        or " data-time " in names
        or " data-epoch " in names
    )


# Attributes that state an element's moment for machines: epoch seconds or milliseconds
# ("data-timestamp", "data-time", "data-epoch"), or a written date in a tooltip ("title").
_STAMP_ATTRIBUTES = ("data-timestamp", "data-time", "data-epoch", "title")


def _stated(view: PageView, el: etree._Element, text: str) -> datetime | None:
    """An element's date: its ``datetime``, else its text, unless the text only counts
    back from now or names no date ("3 hours ago", "Dec 4"), where an attribute's stamp
    for machines says the moment ("<span data-timestamp=1796392800>4 hours ago</span>",
    "<span title='2026-12-04T14:05:00Z'>19 hours ago</span>")."""
    if el.get("datetime"):
        return read_date(view, el.get("datetime"))
    printed = read_date(view, text) if FULL_DATE.search(text) else None
    if printed is not None or not _DIGIT.search(text) and not _relative_word(text):
        # An element that prints no date of its own (an empty span's data-time at the
        # page's end) is no date the page shows with the article.
        return printed
    for name in _STAMP_ATTRIBUTES:
        value = (el.get(name) or "").strip()
        if value and (EPOCH.match(value) or FULL_DATE.search(value)):
            stamp = read_date(view, value)
            if stamp is not None:
                return stamp
    return read_date(view, text)


def _relative_word(text: str) -> bool:
    return bool(vocab.YESTERDAY.search(text) or vocab.TODAY.search(text))


def classed_dates(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of short elements with a date-ish class or data attribute.

    Walked once per page: the rules read ``PageView.classed_dates``.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    out = []
    for el in classed(region(view), _DATED_TAGS, vocab.DATE_CLASS_WORDS, _date_attribute):
        ci = el.get("class") or ""
        if len(el) > 4 or el.tag == "time" and not vocab.UPD_CLASS.search(ci):
            continue
        if not (ci and (vocab.PUB_CLASS.search(ci) or vocab.UPD_CLASS.search(ci))) and not (
            _date_attribute(el)
        ):
            continue
        # Apart at its line breaks: "Updated<br><time>4 May</time>" read as one text is
        # "Updated4 May", no label, and the update passed for the publication (stop 47).
        text = "".join(pieces_apart(el))
        if len(text) > 120 or printed_stamp(el, text):
            continue
        found = _stated(view, el, text)
        if not found or not article_evidence(view, el, columns):
            continue
        if el.get("datetime"):
            out.append((el, found, _is_update(el, text)))
        else:
            out.extend(_labelled_parts(view, el, text, found))
    return out


def _labelled_parts(
    view: PageView, el: etree._Element, text: str, found: datetime
) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of an element's printed text whose first date is
    ``found``: "Published 3 May 2024 | Updated 4 May 2024" gives each date with its own
    label, and so does "Updated 4 May 2024 | Published 3 May 2024"."""
    inner = vocab.UPDATED_WORD.search(text)
    after = _PUBLICATION_LABEL.search(text, inner.end()) if inner else None
    if not (inner and (inner.start() or after)):
        return [(el, found, _is_update(el, text))]
    end = after.start() if after else len(text)
    pieces = (
        (text[: inner.start()], False),
        (text[inner.start() : end], True),
        (text[end:], False),
    )
    out = []
    for part, is_update in pieces:
        if part and (dated := read_date(view, part)) is not None:
            out.append((el, dated, is_update))
    return out


def byline_updated(view: PageView) -> datetime | None:
    """The update a byline block prints (``byline_dates``) nearest the headline, no list
    item: "By Jane Doe<br>Updated 5:30 PM EST, Wed March 4, 2026" (no element of its own
    for ``labelled_updated``)."""
    return _nearest(view, view.byline_dates, update=True)


def classed_published(view: PageView) -> datetime | None:
    """The date-classed element nearest the headline that is no update and no list item."""
    return _nearest(view, view.classed_dates, update=False)


def classed_updated(view: PageView) -> datetime | None:
    """The date-classed element marked as an update nearest the headline, no list item."""
    return _nearest(view, view.classed_dates, update=True)


_BYLINE_CHARS = 160  # a name or two, a place, a date and its clock, an update stamp


def byline_dates(view: PageView) -> list[tuple[etree._Element, datetime, bool]]:
    """(element, date, is an update) of the dates byline blocks print in their own text,
    no date class or ``<time>`` needed ("<div class=byline>By Jane Smith Dec. 4, 2026
    4:05 p.m. ET</div>"). An author's box (bio, avatar) is no byline
    (``scope.byline_classed``). A byline that holds a ``<time>`` or date-classed element
    those rules read is theirs to date: one they put aside (an update, a list's item) is
    not read again from the byline's text.

    Walked once per page: the rules read ``PageView.byline_dates``.
    """
    columns: dict[etree._Element, bool] = {}  # per comment-classed block: the article's own?
    read = {el for el, _, _ in view.classed_dates} | {el for el, _, _ in view.time_elements}
    found = []
    for el in byline_classed(region(view)):
        if read and any(inner in read for inner in el.iterdescendants()):
            continue
        # Apart at its line breaks: "By Jane Doe<br>Updated 5:30 PM" read as one text
        # glues the update's label to the name, and the update passed for the publication.
        text = "".join(pieces_apart(el))
        if len(text) > _BYLINE_CHARS or not _DIGIT.search(text):
            continue
        dated = read_date(view, text)
        if dated is not None and article_evidence(view, el, columns):
            found.extend(_labelled_parts(view, el, text, dated))
    return found


def byline_published(view: PageView) -> datetime | None:
    """The date a byline block prints (``byline_dates``) nearest the headline that is no
    update and no list item."""
    return _nearest(view, view.byline_dates, update=False)
