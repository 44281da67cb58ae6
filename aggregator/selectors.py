"""Operator-written selectors: ``css:…``, ``xpath:…`` or a bare CSS selector."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> etree.XPath:
    """Compile a selector once into an lxml XPath; ValueError names what is wrong."""
    text = selector.strip()
    if text.startswith("xpath:"):
        expression = text[len("xpath:") :].strip()
        try:
            return etree.XPath(expression)
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"invalid XPath '{expression}' ({exc})") from None
    expression = text[len("css:") :].strip() if text.startswith("css:") else text
    try:
        return CSSSelector(expression)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector '{expression}' ({exc})") from None
