"""Dated lists: the dated elements that are items of a list of other things, and the
article's own block among generic siblings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import links_here, within
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def list_items(view: PageView, dated: dict[etree._Element, datetime]) -> set[etree._Element]:
    """The dated elements that are items of a list of other things (events, stories).

    Walking up from one, the first block that holds another dated element holds it
    in a sibling of the same kind (tag and class: the next ``<ul class=description>``
    of an events widget, the next card) with another day, or with the same day where
    each such sibling links to another page (a "more news" list, "today" on every
    card), and does not hold the headline (the block of the article's own meta line
    does). An item holds little text: a branch with the article's paragraphs in it is
    the article's own.
    """
    title = view.headline_element
    if title is None:
        return set()  # no headline to tell the article's own block from a list
    # One climb from each dated element: how many dated elements each block is or
    # holds, and per block the days below each kind of child, so that each test
    # below is a lookup rather than a walk over the other dated elements.
    held: dict[etree._Element, int] = {}
    days_by_kind: dict[etree._Element, dict[tuple[Any, str | None], set[date]]] = {}
    branches_by_kind: dict[etree._Element, dict[tuple[Any, str | None], set[etree._Element]]] = {}
    for el, day in dated.items():
        held[el] = held.get(el, 0) + 1
        child = el
        for block in el.iterancestors():
            held[block] = held.get(block, 0) + 1
            kind = (child.tag, child.get("class"))
            days_by_kind.setdefault(block, {}).setdefault(kind, set()).add(day.date())
            branches_by_kind.setdefault(block, {}).setdefault(kind, set()).add(child)
            child = block
    out = set()
    prose: dict[etree._Element, bool] = {}
    teasers: dict[etree._Element, bool] = {}
    for el, day in dated.items():
        branch, block = el, el.getparent()
        while block is not None and held[block] < 2:  # holds no dated element but ``el``
            branch, block = block, block.getparent()
        if block is None or within(title, block):
            continue
        kind = (branch.tag, branch.get("class"))
        days = days_by_kind[block].get(kind, set())
        # Another day beside it, or (one day for all: "today" on every card) siblings
        # that each link to another page: a list of other stories.
        listed = any(other != day.date() for other in days) or _teaser_list(
            view, branches_by_kind[block][kind], teasers
        )
        if listed and not _own_block(branch, kind, prose):
            out.add(el)
    return out


def _teaser_list(
    view: PageView, branches: set[etree._Element], teasers: dict[etree._Element, bool]
) -> bool:
    """Two or more dated siblings of one kind, each with a link to another page.

    ``teasers``: whether each branch links elsewhere, kept across the calls of one check.
    """
    if len(branches) < 2:
        return False
    for branch in branches:
        if branch not in teasers:
            teasers[branch] = any(
                not links_here(view, a) for a in branch.iter("a") if a.get("href")
            )
        if not teasers[branch]:
            return False
    return True


def _own_block(
    branch: etree._Element, kind: tuple[Any, str | None], prose: dict[etree._Element, bool]
) -> bool:
    """The article's own block beside generic siblings of the same kind (Bootstrap's next
    ``div.row``, a classless ``<div>``): the one of its kind that holds more text than a
    list item. Where several do (a list of long teasers, of full posts), it is an item.

    ``prose``: whether each element holds that much, kept across the calls of one check.
    """

    def holds_prose(el: etree._Element) -> bool:
        if el not in prose:
            prose[el] = len(text_of(el)) > vocab.WALK_ENOUGH_CHARS
        return prose[el]

    parent = branch.getparent()
    return holds_prose(branch) and not any(
        sibling is not branch
        and (sibling.tag, sibling.get("class")) == kind
        and holds_prose(sibling)
        for sibling in (parent if parent is not None else ())
    )
