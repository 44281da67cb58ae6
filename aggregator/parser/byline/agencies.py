"""Which words name an agency or another organisation, and an agency's one name.

Every other step asks these questions of a part of a line ("Reuters", "AP Auto",
"l'AFP", "CNN Business"), so they are answered once, here; a dateline's agency
credit ("LONDON (Reuters) -") is read here too.
"""

from __future__ import annotations

import re

from aggregator.parser import vocab

# The elided article before an agency: "avec l'AFP".
_ELIDED = re.compile(r"^l['’](?=\w)", re.IGNORECASE)

_DOMAIN = re.compile(r"^[\w-]+\.(?:com|net|org|co\.uk|com\.au)$", re.IGNORECASE)


def is_agency(part: str) -> bool:
    """Whether ``part`` is a known agency's name (vocab.AGENCIES), "l'AFP" as AFP."""
    key = _ELIDED.sub("", part.strip(" .-–—:")).lower()
    return key in vocab.AGENCIES


def looks_like_org(part: str) -> bool:
    """An agency, or a part with an organisation's word, a domain or an institution's
    opening ("Ministerio de …"): an organisation, not a person."""
    return is_agency(part) or bool(
        vocab.ORG_WORD.search(part) or _DOMAIN.match(part) or vocab.INSTITUTION_OPENING.match(part)
    )


def agency_acronym(word: str) -> bool:
    """A known agency written in capitals ("AP", "AFP", "REUTERS")."""
    return word.isupper() and is_agency(word)


def is_desk(words: str) -> bool:
    """Words that only name an agency's desk or edition ("Business", "Deutschland")."""
    return all(w.lower() in vocab.AGENCY_DESKS for w in words.split())


def named_agency_desk(part: str) -> bool:
    """A known agency of two or three words with a desk after it ("USA TODAY Sports",
    "Fox News Opinion"): a credit, though its first word alone is no agency."""
    words = part.split()
    return any(
        len(words) > size and is_agency(" ".join(words[:size])) and is_desk(" ".join(words[size:]))
        for size in (2, 3)
    )


def canonical_agency(part: str) -> str:
    """The agency's one name (vocab.AGENCY_CANON), or the part as it is."""
    part = part.strip(" .-–—:")
    if _ELIDED.match(part) and is_agency(part):
        part = _ELIDED.sub("", part)  # "l'AFP" is AFP
    return vocab.AGENCY_CANON.get(part.lower(), part)


# Agency credit in a dateline, its place in any script: "LONDON (Reuters) -", "WASHINGTON
# (AP) —", "(dpa) -", "MADRID, 3 dic (EFE).-", "İSTANBUL (AA) -", "القاهرة - (أ ف ب) -".
# The place opens with a letter not in lower case (a capital, or a letter of a script
# without case, Arabic's), so a sentence's "the minister (Reuters) -" credits nothing;
# only a known agency is credited (``dateline_credit``), which is what makes a place in a
# script without case safe.
_PLACE = r"(?:[^\W\d_][\w.'’\- ,/]{0,60}?\s*)?"
_DATELINE = re.compile(rf"^\s*({_PLACE})\(([^\W\d_][^()]{{0,30}})\)\s*\.?\s*[-–—:]")
# The Russian wires' forms, the agency after the place and the date: "МОСКВА, 3 декабря.
# /ТАСС/." and "МОСКВА, 3 дек — РИА Новости." (a dash before the agency, a full stop after).
# Without brackets only a place with no lower-case letter opens it: "Berlin - Reuters."
# may be a sentence's start.
_DATELINE_AFTER = re.compile(
    r"^\s*([^\W\d_][\w.,' ]{0,40}?)\s*(?:/([^/()]{1,30})/|\s[-–—]\s+([^\W\d_][^.()/]{0,30}?))\s*\."
)


def same_agency(credit: str, other: str) -> bool:
    """Whether two credits name one agency: the same words, the agency and its desk
    ("CNN" and "CNN Wire", "Reuters" and "Reuters Staff"), its acronym and its name
    ("AP" and "The Associated Press", "AFP" and "Agence France-Presse"), compared by
    their canonical names (``vocab.AGENCY_CANON``: "The Associated Press" is "Associated
    Press"), or two spellings of one agency (``vocab.AGENCY_NAME``: "Thomson Reuters")."""
    a, b = sorted(
        (canonical_agency(credit).casefold(), canonical_agency(other).casefold()), key=len
    )
    if a == b or b.startswith(a + " ") or vocab.AGENCY_NAME.get(a, a) == vocab.AGENCY_NAME.get(b):
        return True
    words = [w for w in re.split(r"[\s\-]+", b) if w and w != "the"]
    return len(words) >= 2 and "".join(w[0] for w in words) == a


def dateline_credit(first_paragraph: str) -> list[str]:
    """The known agencies a first paragraph's dateline credits ("LONDON (Reuters) -",
    "МОСКВА, 3 декабря. /ТАСС/.")."""
    text = first_paragraph or ""
    m = _DATELINE.match(text)
    if m:
        place, credited = m.group(1), m.group(2)
    elif (m := _DATELINE_AFTER.match(text)) and not any(c.islower() for c in m.group(1).split()[0]):
        place, credited = m.group(1), m.group(2) or m.group(3)
    else:
        return []
    if place.strip() and place.lstrip()[0].islower():
        return []
    return [canonical_agency(part) for part in re.split(r"\s*/\s*", credited) if is_agency(part)]


# A closing line that only names the agency, bracketed or not: "EFE", "(EFE)", "ANSA.",
# "(AFP/dpa)". At most this long: a sentence is no credit.
_CLOSING_CREDIT_CHARS = 40


def closing_credit(last_paragraph: str) -> list[str]:
    """The known agencies a text's closing line alone names ("EFE", "(EFE)", "Reuters"),
    or [] where the line says anything else. The outlet's own house credits ("Staff",
    "Redaktion") are left to the byline."""
    line = (last_paragraph or "").strip()
    if not line or len(line) > _CLOSING_CREDIT_CHARS:
        return []
    line = line.strip("().–—- ").strip()
    parts = [p for p in re.split(r"\s*/\s*", line) if p]
    if not parts or not all(is_agency(p) and p.lower() not in vocab.HOUSE_CREDITS for p in parts):
        return []
    return [canonical_agency(p) for p in parts]
