"""Which byline candidates belong to the article (not to chrome, a teaser, a comment,
a picture's caption or a form), the one nearest the headline per rule, and the
visible byline the chain reads.

The rules' candidates are computed once per page here, since three steps of the
chain walk them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.byline.dom_rules import DOM_RULES
from aggregator.parser.byline.split import split_byline
from aggregator.parser.scope import (
    in_comment,
    in_foreign_link,
    is_chrome,
    nearest_to_headline,
    within,
)
from aggregator.parser.text import clean, text_of

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


class BylineCandidates:
    """Each DOM rule's candidates in the article's place, region by region, in trust order,
    with the one nearest the headline; computed once per page, as far as a reader asks.

    Three readers walk them (the nearest byline, a login's byline, the first byline
    that names a person); without this each would run the rules and their
    document walks again on the pages that fall through to the last fallbacks.
    """

    def __init__(self, view: PageView) -> None:
        # The generator holds the view, not self: no reference cycle for the collector.
        self._pending = _each_rule_candidates(view)
        self._done: list[tuple[dict[Any, str], Any]] = []

    def __iter__(self) -> Iterator[tuple[dict[Any, str], Any]]:
        """(element -> raw text, the element nearest the headline or None), per rule."""
        i = 0
        while True:
            if i == len(self._done):
                computed = next(self._pending, None)
                if computed is None:
                    return
                self._done.append(computed)
            yield self._done[i]
            i += 1


def _each_rule_candidates(view: PageView) -> Iterator[tuple[dict[Any, str], Any]]:
    regions = [view.root] if view.scope is None else [view.scope, view.root]
    columns: dict[etree._Element, bool] = {}  # scope.in_comment's finding per block
    for region in regions:  # the article's own element first: cheaper, and its byline
        for rule in DOM_RULES:
            found = {
                el: text
                for el, text in rule(region)
                if _article_place(view, el, columns) and not _in_figure(el, view.headline_element)
            }
            found = {el: t for el, t in found.items() if not _wraps_form_and_byline(el, found)}
            yield found, nearest_to_headline(view, list(found))


def find_byline_dom(candidates: BylineCandidates) -> str:
    """The article's visible byline text (raw), or ''.

    Rules in trust order; within a rule, the candidate that belongs to the
    headline (scope.nearest_to_headline) outside the page's chrome and outside
    teaser links wins, so a "most read" card's author is never the article's.
    """
    for found, best in candidates:
        if best is not None:
            return found[best]
    return ""


def printed_byline(candidates: BylineCandidates, raw: str) -> str:
    """``raw``, :func:`find_byline_dom`'s text, as a reader sees the byline: without the
    text of the date elements in it that name no one ("BBC News Published Jan. 18, 2019
    at 9:37 p.m." reads "BBC News"; the dates are the page's, read by the date chain).
    The names are read from ``raw`` as it was: this only changes what ``byline_raw``
    shows."""
    for found, best in candidates:
        if best is None:
            continue
        if found[best] != raw:
            return raw
        # A rel="author" link's text is the line it stands in: its parent's.
        holder = best.getparent() if best.get("rel") == "author" else best
        printed = raw
        dates = [el for el in holder.iterdescendants() if _names_no_one_in_a_date(el)]
        for el in reversed(dates):  # from the end: a cut leaves the earlier places as they were
            piece = clean(text_of(el))
            if piece:
                printed = _cut_nth(printed, piece, _text_before(holder, el).count(piece))
        if printed == raw:
            return raw
        printed = _SEPARATORS_LEFT.sub("", clean(printed))
        # A label or preposition left before the cut date goes too, unless the names the
        # whole line gives lose it ("By Thanh Le <time>…": "Le" is his surname).
        trimmed = _DANGLING.sub("", printed)
        if trimmed != printed and split_byline(trimmed)[0] != split_byline(raw)[0]:
            return printed
        # A line of dates alone ("Published: 22:00 GMT, 26 September 2020 | Updated: …")
        # printed no byline.
        return trimmed
    return raw


def _text_before(holder: etree._Element, el: etree._Element) -> str:
    """The text of ``holder`` that comes before ``el`` (its pieces space-joined): to tell
    which place in the line is the element's own when its text stands there twice ("Rome
    2024 | <time>2024</time>")."""
    ancestors = set(el.iterancestors())
    pieces = []
    for node in holder.iter():
        if node is el:
            break
        if isinstance(node.tag, str) and node.text:
            pieces.append(node.text)
        if node is not holder and node not in ancestors and node.tail:
            pieces.append(node.tail)
    return " ".join(pieces)


def _cut_nth(text: str, piece: str, n: int) -> str:
    """``text`` without the ``n``-th (from 0) place of ``piece``; the last one if fewer."""
    at = -1
    for _ in range(n + 1):
        found = text.find(piece, at + 1)
        if found < 0:
            break
        at = found
    return text if at < 0 else text[:at] + " " + text[at + len(piece) :]


# What led to the dates taken out and is left at the line's end: separators ("By Jane Doe
# - ", "Jane Doe |"), the date's label and preposition ("By Jane Doe on", "Published by
# BBNTEAM at", "Von Malek Fouda Zuerst veröffentlicht am", "Carlota Guindal Actualizado a").
_SEPARATOR = r"[\s,;:|•·/–—-]"
_SEPARATORS_LEFT = re.compile(rf"{_SEPARATOR}+$")
_DANGLING = re.compile(
    rf"(?:{_SEPARATOR}|\b(?:on|at|am|um|el|le|a|il|op|published|first published|posted|"
    r"updated|last updated|veröffentlicht|zuerst veröffentlicht|aktualisiert|actualizado|"
    r"publicado|publié|publié le|mis à jour|pubblicato|aggiornato|gepubliceerd|bijgewerkt)\b)+$",
    re.IGNORECASE,
)


def _names_no_one_in_a_date(el: etree._Element) -> bool:
    """A date element (``<time>``, a date property, class or id) whose text names no
    one and holds a digit; one that holds the name too ("By Jane Doe, 5 May") is part of
    the byline, and one with no digit is a label the class names loosely ("posted-by":
    "Posted by")."""
    if not isinstance(el.tag, str):
        return False
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    prop = (el.get("itemprop") or "").lower()
    if not (
        el.tag == "time"
        or prop in vocab.PUBLISHED_PROPS
        or prop in vocab.UPDATED_PROPS
        or vocab.PUB_CLASS.search(marks)
        or vocab.UPD_CLASS.search(marks)
    ):
        return False
    text = clean(text_of(el))
    if not any(ch.isdigit() for ch in text):  # a label classed so ("postedByText": "By")
        return False
    persons, orgs = split_byline(text)
    return not persons and not orgs


def find_named_byline_dom(view: PageView, candidates: BylineCandidates) -> str:
    """The first visible byline that names a person, in the order of find_byline_dom.

    A fallback for when the nearest candidate names nobody: an author card's
    wrapper that glues name, role and bio together ("By Jane Doe Jane Doe Opinion
    writer … Email Bio Follow"), a "See full bio" link, while a smaller byline
    element beside it holds the name alone.
    """
    for found, best in candidates:
        rest = dict(found)
        while best is not None:
            text: str = rest.pop(best)
            if split_byline(text)[0]:
                return text
            best = nearest_to_headline(view, list(rest))
    return ""


def _wraps_form_and_byline(el: etree._Element, found: dict[Any, str]) -> bool:
    """A wrapper of a byline candidate and a form, as an author flyout's ("By Fox News
    View author archive Get author RSS feed" and a contact form): the byline inside it
    is read alone. A byline holding a form but no byline is read without the form."""
    if next(el.iter("form", "textarea"), None) is None:
        return False
    return any(other is not el and el in other.iterancestors() for other in found)


def _in_figure(el: Any, headline: Any) -> bool:
    """A picture's caption or credit ("<figure><div class="cutline-byline-container">"):
    it names who is pictured or who took the photo, not who wrote the article. A hero
    figure that holds the headline holds its byline too, and a ``rel="author"`` link is
    the writer's wherever it stands (an author's avatar and name in a figure)."""
    if el.get("rel") == "author":
        return False
    for figure in (el, *el.iterancestors()):
        if figure.tag in ("figure", "figcaption"):
            return headline is None or not within(headline, figure)
    return False


def _article_place(view: PageView, el: Any, columns: dict[etree._Element, bool]) -> bool:
    """Outside teaser links, the page's chrome and readers' comments: a comment's
    byline ("By John Roe", a ``comment-author`` element) names a reader, never the
    article's writer, however few links its thread holds."""
    title = view.headline_element
    return (
        not in_foreign_link(view, el)
        and not is_chrome(el, stop=view.scope, title=title, tags_in_scope=False)
        and not in_comment(el, title, columns)
    )
