"""Where a short date line stands and what it holds: the article's top (``in_top``) and a
line of a date and its clock alone (``bare_date_line``), for the rules in ``in_page`` and
``zones`` both."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aggregator.parser import vocab
from aggregator.parser.dates.evidence import PROSE_CHARS
from aggregator.parser.text import text_of

if TYPE_CHECKING:
    from lxml import etree

    from aggregator.parser.view import PageView

# What a date line may hold beside its date and clock (``bare_date_line``): its
# publication label, a byline ("von Olga", "By Jane Smith"), a source ("来源：新华社"),
# an hour's mark ("14:04 h", "ET"), or a dateline's place in capitals with its agency
# ("LONDON, … (Reuters)"). Anything else makes it another moment: "Kick-off:", "BBC
# One,", "Polls close:", "Photo:", "FTSE 100 ·", "Listen 4.12 min" (review of round 15,
# M2 and M3).
_LINE_LABELS = re.compile(
    r"\b(?:published|posted|submitted|on|publié|le|publicado|el|a las|veröffentlicht|"
    r"publiziert|am|um|h|et|ct|mt|pt)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"(?:(?:by|von|par|por|di|door|source|quelle)\b|来源).*", re.I)
_DATELINE = re.compile(r"([^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*)\W*\(\s*[^\W\d_][^)]*\)")
# A clock set with a dot has two digits to its hour ("14.04"): "1.30 min", "4.12" are none.
# Japanese sites write the hour and minute with their signs: "18時30分" ("3時間30分", three
# hours and a half, has 間 after 時 and is none).
_DOTTED_CLOCK = re.compile(
    r"(?<![\d.,])\d\d\.[0-5]\d(?![\d.,])|(?<!\d)[0-2]?\d\s*時\s*[0-5]?\d\s*分"
)


def bare_date_line(text: str) -> bool:
    """``text`` (stripped) is a date and its clock with nothing beside them but what
    ``_LINE_LABELS``, ``_ATTRIBUTION`` and ``_DATELINE`` allow."""
    # A weekday opening the line with no label before it is a bar's "now" or a
    # schedule's day ("Saturday 5 December 2026 08:15"); "Submitted on Mon, …" is one.
    opening = vocab.DATE_FILLER.match(text)
    if opening is not None and not _LINE_LABELS.fullmatch(opening.group()):
        return False
    rest = vocab.DATE_LOOSE.sub(" ", vocab.DATE_STAMP.sub(" ", text))
    rest = _LINE_LABELS.sub(" ", vocab.DATE_FILLER.sub(" ", _DOTTED_CLOCK.sub(" ", rest)))
    rest = rest.strip(" \t\n\xa0,.;:·|•–—-/")
    if not any(c.isalnum() for c in rest) or _ATTRIBUTION.fullmatch(rest):
        return True
    dateline = _DATELINE.fullmatch(rest.rstrip(" ,.;:·|•–—-"))
    return dateline is not None and dateline.group(1).isupper()


def in_top(view: PageView, el: etree._Element, start: etree._Element | None) -> bool:
    """``el`` stands in the article's top: in no paragraph of the text nor list item, and
    before the text's first paragraph (``start``)."""
    for block in el.iterancestors("p", "li"):
        if block.tag == "li" or len(text_of(block)) >= PROSE_CHARS:
            return False
    return start is None or view.position(el) < view.position(start)
