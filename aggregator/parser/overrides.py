"""Operator selectors (``config.Selectors``) as the first rule of each field's chain."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from aggregator.parser.dates import parse_local
from aggregator.parser.dates.day_order import counted_from
from aggregator.parser.text import clean, text_of
from aggregator.parser.view import PageView
from aggregator.selectors import compile_selector


def select(root: etree._Element, selector: str) -> list[etree._Element | str]:
    """What a selector matches; a selector that fails on this page matches nothing."""
    try:
        result = compile_selector(selector)(root)
    except (ValueError, etree.XPathError):
        return []
    return result if isinstance(result, list) else [result]


def select_elements(root: etree._Element, selector: str) -> list[etree._Element]:
    return [e for e in select(root, selector) if isinstance(e, etree._Element)]


def drop_keeping_tail(el: etree._Element) -> None:
    """Remove an element but keep its tail text in the flow."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def apply_removals(view: PageView) -> None:
    """``selectors.remove``: dropped before any field is read."""
    if view.selectors is None:
        return
    for selector in view.selectors.remove or ():
        for el in select_elements(view.root, selector):
            if el.getparent() is not None:
                drop_keeping_tail(el)


def _selector(view: PageView, name: str) -> str | None:
    value = getattr(view.selectors, name, None) if view.selectors is not None else None
    return value if isinstance(value, str) and value else None


def text(view: PageView, name: str) -> str | None:
    """The joined text the operator's selector for field ``name`` matches, if any."""
    selector = _selector(view, name)
    if not selector:
        return None
    parts = []
    for item in select(view.root, selector):
        parts.append(clean(text_of(item)) if isinstance(item, etree._Element) else clean(str(item)))
    joined = " ".join(p for p in parts if p)
    return joined or None


def date(view: PageView, name: str) -> datetime | None:
    """A date selector: ``datetime``/``content`` attributes first, then the text."""
    selector = _selector(view, name)
    joined = text(view, name)
    if not selector or not joined:
        return None
    candidates = [
        el.get("datetime") or el.get("content") for el in select_elements(view.root, selector)
    ]
    for candidate in [*candidates, joined]:
        found = parse_local(candidate, fetched_at=counted_from(view, candidate))
        if found:
            return found
    return None


def elements(view: PageView, name: str) -> list[etree._Element]:
    selector = _selector(view, name)
    return select_elements(view.root, selector) if selector else []
