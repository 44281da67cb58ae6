"""htmldate's copy of the article: the page's part without chrome, readers' comments,
teaser links and cards, update stamps and dated lists (the doomed positions)."""

from __future__ import annotations

import re
from contextlib import suppress
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.dates.in_page import labelled_update, printed_stamp, teaser_link
from aggregator.parser.dates.listed import list_items
from aggregator.parser.scope import (
    chrome_block,
    comment_block,
    holds_article_body,
    links_here,
    within,
)
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def update_stamp(el: etree._Element) -> bool:
    """A short element that states when the article was updated ("Updated: <time>")."""
    if el.tag not in ("time", "span", "p", "div", "li") or len(el) > 4:
        return False
    ci = (el.get("class") or "") + " " + (el.get("itemprop") or "")
    if vocab.UPD_CLASS.search(ci):
        return True
    if el.tag == "time":
        return labelled_update(el, el.text or "")
    return bool(vocab.UPDATED_LABEL.match((el.text or "").strip()))


def _update_after_break(el: etree._Element) -> bool:
    """A line break whose line is an update's stamp ("By Jane Doe<br>Updated 5:30 PM EST,
    Wed March 4, 2026"): the stamp has no element of its own for ``update_stamp``, and
    htmldate read its day as the publication's."""
    return el.tag == "br" and bool(vocab.UPDATED_LABEL.match((el.tail or "").strip()))


def _print_stamp(el: etree._Element) -> bool:
    """A short element that states the day a reader printed the page (``printed_stamp``):
    htmldate would read its day, the only one a print version's footer gives."""
    if el.tag not in ("time", "span", "p", "div", "li", "small") or len(el) > 4:
        return False
    return printed_stamp(el, el.text or "")


_NOT_TEXT = ("script", "style", "noscript", "template")


def article_copy(
    view: PageView, source: etree._Element, start: etree._Element | None = None
) -> etree._Element:
    """A copy of ``source`` without chrome, updates and teaser links.

    ``start`` (the headline, or its block): without what the page prints before it as well.
    """
    import copy

    doomed_at = _doomed_positions(view, source, start)
    keep = copy.deepcopy(source)
    # Map the doomed elements onto the copy by their position in document order.
    for i, el in reversed(list(enumerate(keep.iter()))):
        if i in doomed_at and el.getparent() is not None:
            _remove(el, keep_tail=doomed_at[i])
    # No code or styling: a script's timestamp (an ad slot's "served at") is nobody's
    # publication date, and the page's JSON-LD was read by the chain's first rule.
    etree.strip_elements(keep, *_NOT_TEXT, with_tail=False)
    # Nor inline CSS: a card's background photo is named by the camera's day
    # ("IMG_20191207_115304.jpg"), which htmldate reads as a date.
    etree.strip_attributes(keep, "style")
    for el in keep.iter():
        _drop_month_dots(el)
    return keep


# AP style's month abbreviations with their dot, before a day ("Nov. 30, 2026").
_AP_MONTH = re.compile(r"\b(Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.(?=\s*\d)")
_META_LINE_CHARS = 80  # "Jordan Blake · Nov. 30, 2026": a meta line's text, no paragraph's
# A meta line's lower-case words: "Posted on Nov. 30, 2026 at 4:05 p.m."; any other is
# prose's ("The vote was held on Jan. 12, 2026.").
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_LINE_WORDS = frozenset({"on", "at", "by", "am", "pm", "a", "p", "m"})


def _drop_month_dots(el: etree._Element) -> None:
    """``el``'s text and tail ``_without_month_dot``. Set only what changes, and nothing
    lxml refuses: a hostile page's text may hold a U+FFFF or a control character that
    lxml parsed but will not take back; such a text stays as it was."""
    for name in ("text", "tail"):
        old = getattr(el, name)
        new = _without_month_dot(old)
        # A table's cell or caption is no meta line: a timeline's "Oct. 2, 2026" beside
        # "Public hearing" is no stamp of the article's (a tail is its parent's text).
        if new != old and not _in_table(el if name == "text" else el.getparent()):
            with suppress(ValueError):
                setattr(el, name, new)


_CELL_TAGS = ("td", "th", "caption")


def _in_table(el: etree._Element | None) -> bool:
    """``el`` is a table's cell or caption, or inside one."""
    return el is not None and (
        el.tag in _CELL_TAGS or next(el.iterancestors(*_CELL_TAGS), None) is not None
    )


def _without_month_dot(text: str | None) -> str | None:
    """``text`` with "Nov. 30" as "Nov 30" where it is a meta line's: htmldate reads "Nov
    30, 2026" but not "Nov. 30, 2026" (it falls back to the year, which is refused), and
    US sites print the dotted form in unclassed meta lines no rule of ours reads. Not in a
    text with an update word (a byline's "| Updated Dec. 4" would be read as the
    publication), nor in prose, long or short ("The vote was held on Jan. 12, 2026." is
    no stamp; htmldate's copy leaves such dates unread as before)."""
    if (
        not text
        or "." not in text
        or len(text) > _META_LINE_CHARS
        or vocab.UPDATED_WORD.search(text)
        or any(w not in _LINE_WORDS for w in _LOWER_WORD.findall(text))
    ):
        return text
    month = _AP_MONTH.search(text)
    if month is None or not _META_LEAD.fullmatch(text[: month.start()]):
        return text
    return _AP_MONTH.sub(r"\1", text)


# What a meta line prints before its date: nothing, a byline's name and its mark ("By
# Jordan Blake · ", "WASHINGTON, "), "Posted on", "Published:". A label's "Deadline:" or
# "When:" is none: it names another day (the round's review, E).
_META_LEAD = re.compile(
    r"\s*(?:(?:By\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*[·|•—–,-]\s*"
    r"|(?:Posted|Published)(?:\s+on)?\s*:?\s*)?"
)


def _remove(el: etree._Element, keep_tail: bool) -> None:
    """Remove ``el``, and with ``keep_tail`` not the text that follows it, which is its
    parent's ("By <a href=/author/x>Jane Doe</a> 3 May 2024": the date is no link's)."""
    parent, previous = el.getparent(), el.getprevious()
    if keep_tail and el.tail and previous is not None:
        previous.tail = (previous.tail or "") + el.tail
    elif keep_tail and el.tail:
        parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _doomed_positions(
    view: PageView, source: etree._Element, start: etree._Element | None
) -> dict[int, bool]:
    """Positions in ``source.iter()`` of the elements ``article_copy`` leaves out, each
    with whether the text after it (its tail, the parent's text) stays.

    Below a left-out element nothing is checked: its whole subtree goes with it.
    """
    title = view.headline_element
    # The two or three copies a page makes read mostly the same elements: each one's
    # verdict is kept for the page's later copies (the tree does not change before the
    # body step, and the dates step runs before it).
    verdicts = view.left_out_of_copies
    listed: set[etree._Element] | None = None
    # Before ``start`` in document order: what the walk meets before it, when it is
    # inside the source; all of it or nothing when it is outside.
    before_start = (
        start is not None
        and start is not source
        and (within(start, source) or view.position(start) > view.position(source))
    )
    doomed_at: dict[int, bool] = {}
    position = 0
    stack = list(reversed(source))
    while stack:
        el = stack.pop()
        position += 1
        if el is start:
            before_start = False
        left_out = verdicts.get(el)
        if left_out is None:
            if listed is None:
                dated = view.time_elements + view.classed_dates
                listed = list_items(view, {found: day for found, day, _ in dated})
            left_out = verdicts[el] = _left_out(view, el, title, listed)
        if left_out or (
            before_start
            and isinstance(el.tag, str)
            and not (title is not None and within(title, el))
        ):
            # Its tail is read after ``start``, unless it is a teaser link's date or the
            # update a line break opens.
            doomed_at[position] = (
                not before_start
                and not _dated_teaser_link(view, el)
                and not _update_after_break(el)
            )
            position += sum(1 for _ in el.iter()) - 1
        else:
            stack.extend(reversed(el))
    return doomed_at


def _left_out(
    view: PageView, el: etree._Element, title: etree._Element | None, listed: set[etree._Element]
) -> bool:
    """Every copy leaves ``el`` out: chrome, readers' comments, a link to another page or
    another story's teaser card, an update stamp or a dated list's item, unless it holds
    the headline."""
    return (
        isinstance(el.tag, str)
        and (
            chrome_block(el)
            or (
                comment_block(el) and not holds_article_body(el) and not _holds_text_start(view, el)
            )
            or (el.tag == "a" and not links_here(view, el))
            or el in view.page_teaser_cards
            or update_stamp(el)
            or _update_after_break(el)
            or _print_stamp(el)
            or el in listed
            or _date_beside_teaser_link(view, el)
        )
        and not (title is not None and within(title, el))
    )


def _holds_text_start(view: PageView, el: etree._Element) -> bool:
    """``el`` holds the article's first paragraph (``view.text_start``): a comment-classed
    block that is the article's own column with no class to mark its body, a Q&A piece's
    "<section class=responses>" of answers."""
    start = view.text_start
    return start is not None and within(start, el)


# A story's date beside its link: "4 December 2026", "Dec. 3, 2026, 8:14 p.m."
_SHORT_DATE_CHARS = 40


def _short_dated(text: str | None) -> bool:
    text = (text or "").strip()
    return 0 < len(text) <= _SHORT_DATE_CHARS and any(c.isdigit() for c in text)


def _dated_teaser_link(view: PageView, el: etree._Element) -> bool:
    """A teaser link (``in_page.teaser_link``) whose tail is its story's date ("<li><a
    href=/local/fire-destroys-historic-barn>Fire destroys historic barn</a> December 4,
    2026</li>" in a "Keep reading" list with no class), ending the item: the tail goes
    with the link. A byline's "<a href=/author/jane-doe>Jane Doe</a> 3 May 2024" keeps
    its date: an author's link is no teaser's."""
    return (
        el.tag == "a" and _short_dated(el.tail) and el.getnext() is None and _item_teaser(view, el)
    )


# A link to a listing of stories, a meta line's: "/category/city-hall", "/tag/budget".
_LISTING_PATH = re.compile(r"/(?:category|categories|tags?|topics?|section)/", re.IGNORECASE)


def _opens_item(a: etree._Element) -> bool:
    """``a`` opens its item, as a teaser's headline does: no words before it in its parent
    (a thumbnail's link may come first), and it leads to no listing. A byline's "By <a
    href=/staff/jane-doe-and-mark-roe>Jane Doe and Mark Roe of the Gazette</a>, December
    3, 2026", "Filed under <a>City Hall and Local Government News</a> on …" and a meta
    line's "<a href=/category/…>City Hall and Local Government</a> <span>December 3,
    2026</span>" are the article's lines, their links of a headline's length."""
    parent = a.getparent()
    return (
        parent is not None
        and not (parent.text or "").strip()
        and not any(
            text_of(sib).strip() or (sib.tail or "").strip()
            for sib in a.itersiblings(preceding=True)
        )
        and not _LISTING_PATH.search(a.get("href") or "")
    )


def _date_beside_teaser_link(view: PageView, el: etree._Element) -> bool:
    """A short dated element with no child right after a teaser link ("<li><a>Fire
    destroys historic barn</a> <span>4 December 2026</span></li>"): that story's date,
    with no class, list or heading to say so."""
    if el.tag not in ("span", "small", "em", "div", "time") or len(el) or not _short_dated(el.text):
        return False
    # The date ends the item: a dateline's "<a>…</a> <span>3 December</span> — The
    # council voted" goes on with the article's sentence.
    if (el.tail or "").strip() or el.getnext() is not None:
        return False
    link = el.getprevious()
    return (
        link is not None
        and link.tag == "a"
        and not (link.tail or "").strip()
        and _item_teaser(view, link)
    )


def _item_teaser(view: PageView, a: etree._Element) -> bool:
    """``a`` is the headline link of a teaser item: it opens the item (``_opens_item``,
    the cheap test first) and leads to another story (``in_page.teaser_link``)."""
    return _opens_item(a) and teaser_link(view, a)
