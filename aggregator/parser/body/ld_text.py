"""JSON-LD ``articleBody`` as text: its paragraphs (a CMS's own markdown read as the
text it prints, a text concatenated twice read once), and whether it is richer than
what the walk found. Its own step: the walk's rule and the last resorts both read it."""

from __future__ import annotations

import re
from typing import Any

from aggregator.parser.body.measure import WORD
from aggregator.parser.text import clean, clean_markup, norm_key
from aggregator.parser.view import PageView


def ld_body_if_richer(
    ld: dict[str, Any], paragraphs: list[str], summary: str = ""
) -> list[str] | None:
    """JSON-LD's text when the DOM walk covers under 80 % of its words or is much shorter.

    Teaser markup and JS-rendered bodies leave the DOM short; the JSON-LD text is whole.
    """
    ld_body = ld.get("articleBody") if ld else None
    if not isinstance(ld_body, str) or len(ld_body) <= 200:
        return None
    ld_body = unrepeat(ld_body)
    if paragraphs and summary and norm_key(ld_body)[:100] == norm_key(summary)[:100]:
        return None  # the page's summary put in articleBody: the walk's text is the article
    ld_words = WORD.findall(clean_markup(ld_body).casefold())
    if not ld_words:
        return None
    dom_words = WORD.findall(" ".join(paragraphs).casefold())
    dom_set = set(dom_words)
    covered = sum(1 for w in ld_words if w in dom_set) / len(ld_words)
    if covered >= 0.8 and len(dom_words) >= 0.6 * len(ld_words):
        return None
    return ld_paragraphs(ld_body)


def page_summary(view: PageView) -> str:
    """The page's own summary: JSON-LD ``description``, else the meta description."""
    ld_text = view.ld.get("description") if view.ld else None
    text = clean_markup(ld_text) if isinstance(ld_text, str) else ""
    return text or view.page.meta_first("og:description", "description", "twitter:description")


def ld_paragraphs(text: str) -> list[str]:
    """JSON-LD ``articleBody`` as paragraphs: its line breaks, its markup dropped."""
    raw = text.splitlines()
    if _MD_SIGN.search(text):
        raw = [_unmark(line) for line in raw if not _MD_LINE.match(line)]
    lines = "\n".join(clean_markup(line) for line in raw)
    return [p for p in (clean(x) for x in re.split(r"\n\s*\n|\r\n|\n", lines)) if p]


# A CMS that writes articleBody in its own markdown (Condé Nast's: The New Yorker, AD, Vogue
# …): lines that are no text (fences "+++dropcap" and "+++", embeds "[#image: /photos/…]
# |||caption|||" and "[#article: …]", attribute lists "{: legacyType=…}", rules "***"),
# and marks inside the text (links "[text](url){: target=…}", "**bold**", "*title*",
# "## heading", escapes "Foster \+ Partners").
_MD_SIGN = re.compile(r"^\+\+\+|\[#\w+:|\{:|\]\((?:https?:)?/", re.MULTILINE)  # its own marks
_MD_LINE = re.compile(r"\s*(?:\+\+\+[\w-]*|\[#\w+:[^\]]*\].*|\{:[^}]*\}|\*{3,}|-{3,})\s*$")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:https?:)?/[^)\s]*\)")
_MD_ATTRS = re.compile(r"\{:[^}]*\}")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*{1,2}(?=\S)([^*]+?)(?<=\S)\*{1,2}")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def _unmark(line: str) -> str:
    """One line of markdown as the text it prints."""
    line = _MD_ATTRS.sub("", _MD_LINK.sub(r"\1", line))
    line = _MD_EMPHASIS.sub(r"\1", _MD_HEADING.sub("", line))
    return _MD_ESCAPE.sub(r"\1", line)


def unrepeat(text: str) -> str:
    """A CMS that concatenates the text twice: keep one copy."""
    head = text.lstrip()[:120]
    if len(head) < 60:
        return text
    start = len(text) - len(text.lstrip())
    again = text.find(head, start + len(head))
    if again > 0 and len(text) - again >= 0.8 * (again - start):
        first, second = text[start:again].strip(), text[again:].strip()
        if second.startswith(first[: min(len(first), 2000)][:400]) and abs(
            len(second) - len(first)
        ) < 0.1 * len(first):
            return text[:again]
    return text
