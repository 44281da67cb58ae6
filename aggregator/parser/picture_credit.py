"""A picture's credit at the end of a caption or a dek: "… evening. © Valley Photo
Agency", "… arrives. Photograph: Jane Doe/Harbor Tribune", "(Foto: jdoe –
stock.adobe.com)". The standfirst reads a lead-classed box ending in one as a caption
(``metadata.dek``); a gallery's captions are read without theirs (``body.fallback``)."""

from __future__ import annotations

import re

from aggregator.parser import vocab

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_WEB_ADDRESS = re.compile(r"\w\.[a-z]{2,}\b", re.IGNORECASE)  # stock.adobe.com
# The sentence's stop before a credit, which ``vocab.CREDIT_LINE`` matches with it.
_STOP = re.compile(r"[.!?][\"'”’»)]?")


def without_credit(text: str) -> str:
    """``text`` without the picture credit it ends in, the stop before the credit kept
    ("… arrives. Photograph: Jane Doe" → "… arrives."); ``text`` itself when it ends in
    none. A credit is an anchored credit mark (``vocab.CREDIT_LINE``) and a name after it:
    at most ``CREDIT_NAME_MAX_WORDS`` words ("Photographers: ten names to watch …" is a
    clause), an agency's or a web address among them, or no fewer of them capitalised
    than not."""
    match = vocab.CREDIT_LINE.search(text)
    if match is None or not _names(match.group("name")):
        return text
    stop = _STOP.match(match.group())
    return (text[: match.start()] + (stop.group() if stop else "")).rstrip()


def ends_in_credit(text: str) -> bool:
    return without_credit(text) != text


def _names(name: str) -> bool:
    words: list[str] = _WORD.findall(name)
    if len(words) > vocab.CREDIT_NAME_MAX_WORDS:
        return False
    if _WEB_ADDRESS.search(name) or any(w.casefold() in vocab.AGENCIES for w in words):
        return True
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= len(words) - capitalised
