"""Where one cleaned part of a byline belongs: an author, a credit, or nowhere (a role,
a sentence).

It is its own step because a part is often two things side by side ("Jane Doe AFP",
"AP Auto Writer", "Jane Doe Senior Reporter") and must be taken apart first.
"""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.byline.agencies import (
    agency_acronym,
    canonical_agency,
    is_agency,
    is_desk,
    looks_like_org,
    named_agency_desk,
)
from aggregator.parser.byline.names import INITIAL, is_person

# German "der"/"dem" left before a capitalised word once "von" was cut as the by-word.
_GERMAN_ARTICLE = re.compile(r"^(?:der|dem)\s+(?=[A-ZÄÖÜ])")

_DASHES = {"-", "–", "—"}


def titlecased(name: str) -> str:
    """A name written in one case as names are written: "JEAN DE LA FONTAINE" and "jean
    de la fontaine" are "Jean de la Fontaine" (a particle opening it is capitalised: "Le
    Pen", "Van Morrison")."""
    return " ".join(
        w.lower() if i and w.lower() in vocab.LOWER_PARTICLES else w[:1].upper() + w[1:].lower()
        for i, w in enumerate(name.split())
    )


def _titlecase_if_shouting(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return titlecased(name)
    return name


class Names:
    """Authors and credits collected from one line, each name once."""

    def __init__(self) -> None:
        self.authors: list[str] = []
        self.credits: list[str] = []

    def add(self, target: list[str], value: str) -> None:
        if value and value.lower() not in (v.lower() for v in self.authors + self.credits):
            target.append(value)


# A part of more than this many words, once a name that opens it is cut out, is a sentence
# (a caption, a bio, a row of links), neither a name nor a credit: "Fox News View author
# archive Get author RSS feed …".
_MAX_PART_WORDS = 8


def _name_sized(part: str) -> str:
    """The part, the name that opens a sentence-long part, or "" for a sentence.

    "Jane Doe is a staff writer at the Valley Times covering city hall" gives the name.
    """
    if len(part.split()) > _MAX_PART_WORDS:
        part = _name_only(part)
    return part if len(part.split()) <= _MAX_PART_WORDS else ""


def classify(part: str, out: Names) -> None:
    """Put one cleaned part where it belongs: a credit, an author, or nowhere (a role)."""
    part = _name_sized(part)
    if not part or vocab.PLACEHOLDER_AUTHOR.fullmatch(part):
        return
    if _GERMAN_ARTICLE.match(part):
        _classify_after_article(part, out)
        return
    if is_agency(part):  # "Staff Writer" alone is a credit: the outlet's staff wrote it
        out.add(out.credits, canonical_agency(part))
        return
    if vocab.ROLE.match(part) or vocab.GENERIC_ROLE.match(part):
        _classify_role(part, out)
        return
    part = _name_only(part)
    beside = _agency_after_name(part) or _agency_before_name(part)
    if beside:
        out.add(out.authors, _titlecase_if_shouting(beside[0]))
        out.add(out.credits, canonical_agency(beside[1]))
    elif is_agency(part):
        out.add(out.credits, canonical_agency(part))
    elif looks_like_org(part):
        # "SID Nachrichtenagentur", "AFP news agency": the agency's short name.
        first, _, rest = part.partition(" ")
        if is_agency(first) and re.fullmatch(r"(?:news\s+)?agency|\w*agentur", rest, re.I):
            out.add(out.credits, canonical_agency(first))
        else:
            out.add(out.credits, part)
    elif _credit_named_like_a_person(part):
        out.add(out.credits, part)
    elif is_person(part):
        out.add(out.authors, _titlecase_if_shouting(part))
    elif len(part.split()) == 1 and part.isupper() and 2 <= len(part) <= 6:
        out.add(out.credits, part)  # unknown agency acronym


def _classify_after_article(part: str, out: Names) -> None:
    """ "Pressemitteilung von der Stadt Köln": a body after "von der", never a person."""
    body = _GERMAN_ARTICLE.sub("", part)
    if looks_like_org(body):
        out.add(out.credits, body)


def _classify_role(part: str, out: Names) -> None:
    """A part that ends in a job title: the agency that opens it ("AP Auto Writer"), or
    the name before it ("Jane Doe Staff Writer", a name and a role in spans side by side
    without a comma), or nobody ("Chief Political Correspondent")."""
    first, _, rest = part.partition(" ")
    # "AP Auto Writer"; "Reuters Bureau Chief": a known agency with a title of the list
    # after it, not only in capitals (not the house's "Staff").
    titled = bool(rest) and vocab.ROLE.match(rest) and first.lower() not in vocab.HOUSE_CREDITS
    if is_agency(first) and (first.isupper() or titled):
        out.add(out.credits, canonical_agency(first))
        return
    name = _name_before_role(part)
    if len(name.split()) >= 2 and not looks_like_org(name):
        out.add(out.authors, _titlecase_if_shouting(name))


def _name_before_role(part: str) -> str:
    """The name before the role that ends ``part`` ("Jane Doe Senior Reporter", "ANNE
    SMITH AP Retail Writer"), or "".

    The role is the longest tail vocab.ROLE reads, or an agency's beat title; a word
    before it that could open a role ("Senior", "White House", "Political") makes the
    head a title, not a name."""
    words = part.split()
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:])
        beat = agency_acronym(words[cut]) and vocab.GENERIC_ROLE.match(tail)
        if not (beat or vocab.ROLE.match(tail)):
            continue
        # "Jane Doe - Staff Writer": the dash between name and role is neither.
        head = words[:cut]
        while head and head[-1] in _DASHES:
            head.pop()
        name = " ".join(head)
        if any(vocab.ROLE.match(f"{w} writer") for w in head) or not is_person(name):
            return ""
        return name
    return ""


def _credit_named_like_a_person(part: str) -> bool:
    """A credit written like a person's name: an outlet's name after "The" ("The
    Guardian"), or a known agency's acronym with a desk or an edition after it ("CNN
    Business", "AFP Deutschland"). Initials are no desk: "AP Singh" is a person."""
    first, _, rest = part.partition(" ")
    if first.lower() == "the":
        return is_person(rest)
    return bool(rest) and agency_acronym(first) and is_desk(rest) or named_agency_desk(part)


def _agency_before_name(part: str) -> tuple[str, str] | None:
    """(name, agency) of an agency's acronym printed before a name: "AFP Jane Doe",
    "REUTERS Jane Doe" (a credit span and a name span side by side)."""
    first, _, rest = part.partition(" ")
    if not agency_acronym(first) or len(rest.split()) < 2 or is_desk(rest):
        return None
    if is_person(rest) and not looks_like_org(rest):
        return rest, first
    return None


def _agency_after_name(part: str) -> tuple[str, str] | None:
    """(name, agency) of a name with an agency glued after it, without a comma.

    "Tom Davies Associated Press", "Álex Cámara - Europa Press", "Jane Doe AFP": the
    layout put the agency beside the name. The name keeps at least two words.
    """
    words = part.split()
    for size in (4, 3, 2, 1):
        head = [w for w in words[:-size] if w not in _DASHES]
        tail = " ".join(words[-size:])
        # "Jane Doe USA TODAY Sports": a known agency's name with its desk.
        agency = is_agency(tail) or size > 2 and named_agency_desk(tail)
        if len(head) < 2 or not agency or tail.lower() in vocab.HOUSE_CREDITS:
            continue
        if size == 1 and not _one_word_agency_splits(head, tail, words[-2] in _DASHES):
            continue
        name = " ".join(head)
        if is_person(name) and not looks_like_org(name):
            return name, tail
    return None


def _one_word_agency_splits(head: list[str], tail: str, dashed: bool) -> bool:
    """Whether a one-word agency after a name is a credit, not the name's surname.

    "Michael R. Bloomberg", "Anna Lena Spiegel", "Mehmet Ali Efe" are one person: the
    word splits off only after a dash, as an acronym after a name not in capitals
    ("Jane Doe EFE"), or when it is no surname ("Jane Doe Reuters").
    """
    if dashed:
        return True
    if INITIAL.match(head[-1]):
        return False
    name = " ".join(head)
    acronym = tail.isupper() and tail.isalpha() and len(tail) <= 5 and not name.isupper()
    return acronym or tail.lower() in vocab.AGENCY_NOT_SURNAME


def _name_only(part: str) -> str:
    """The name without what follows it: a description, a place, a role."""
    # "Jane Doe is a reporter at..." / "Jane Doe ist Redakteurin..."
    part = re.split(r"\s+(?:is|was|ist|es|est|è)\s+", part, maxsplit=1)[0]
    # "Sarah Smith in Washington" / "Ana López en Madrid": the place is not the name.
    part = re.split(r"\s+(?:in|aus|en|à|em|from|reporting from)\s+(?=[A-ZÄÖÜÉ])", part, maxsplit=1)[
        0
    ]
    # "Jane Doe Senior Reporter" (role glued without a comma)
    return _name_before_role(part) or part
