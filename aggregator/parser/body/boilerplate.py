"""Boilerplate by markup: the never-text elements dropped before anything is read, and
the tag, class, ARIA-role and hiding tests that mark a subtree as furniture. Its own step
because the parts, the inline tests, the walk and the fallbacks all ask it."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import class_id, site_level

_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"})


def is_boilerplate(el: etree._Element) -> bool:
    """Boilerplate by tag, class/id vocabulary, ARIA role or inline hiding."""
    tag = el.tag
    if tag in vocab.SKIP_TAGS:
        return True
    role = el.get("role")
    if role in (
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "menu",
        "menubar",
        "toolbar",
        "search",
        "dialog",
        "alertdialog",
        "tablist",
    ):
        return True
    if hidden(el):
        return True
    if tag == "header" and site_level(el):
        # The site's own header (logo, tagline, date bar), a "banner" by its place as
        # role="banner" is by its markup: never the text, though on a page whose text is
        # all in a lead box or in captions its short lines are all the walk finds.
        return True
    ci = class_id(el)
    if ci and ("hentry" in ci or "type-" in ci):
        ci = vocab.TAXONOMY.sub(" ", ci)  # a post_class() list, whose terms are not roles
    if ci and tag not in _TABLE_PARTS and vocab.BAD.search(ci) and not vocab.GOOD.search(ci):
        # Table rows/cells are data ("oddrow player-2020" is no video player); an
        # embed wrapper around a quoted post ("social-media-embed") is quoted text.
        return not ("embed" in ci.lower() and next(el.iter("blockquote"), None) is not None)
    return el.get("itemprop") in vocab.META_ITEMPROPS


def hidden(el: etree._Element) -> bool:
    """Hidden from every reader: the ``hidden`` or ``aria-hidden`` attribute, an inline
    ``display:none`` or ``visibility:hidden``."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and vocab.HIDDEN_STYLE.search(style))


def remove_junk(root: etree._Element) -> None:
    """Drop never-text elements (scripts, styles, forms controls) in place, keeping tails."""
    doomed = [el for el in root.iter(*vocab.JUNK_TAGS)]
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail and tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)
