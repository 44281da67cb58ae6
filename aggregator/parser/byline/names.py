"""What a person's name looks like, a name written surname first turned round, and a
list of names with each once.

The name test is shared by the line's classification, the visible byline's split
around an agency and the author meta keys; it stands apart from what is an agency.
"""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.byline.agencies import looks_like_org
from aggregator.parser.text import clean

# A particle joined to a capitalised surname: "al-Sharif", "el-Hamdoon", "d'Alembert".
_PARTICLE_JOINED = re.compile(
    r"^(?:al|el|ad|ar|as|at|az|an|ash|bin|ibn|ben|abu|d|l|dell)[-'’][A-Z]"
)

_NAME_OK = re.compile(r"^[^\d@#<>{}\[\]=+*_~^$%]+$")


def is_person(part: str, *, surname: bool = False) -> bool:
    """A plausible personal name: 1-6 words, no digits, mostly capitalised (Latin script).

    A ``surname`` (a citation key's "de la Maza, Michelina C.") may open with a particle."""
    if part.lower() in vocab.NOT_NAMES:
        return False
    if not part or len(part) > 60 or not _NAME_OK.match(part):
        return False
    if ":" in part or "：" in part:
        # A label left before the name ("Curator: Phoebe Gavin", "Photo: John Roe"): any
        # other label was cut before (cleanup.clean_part), so this one names someone else.
        return False
    words = part.split()
    if words and (
        (words[0] in vocab.LOWER_PARTICLES and not surname) or words[-1] in vocab.LOWER_PARTICLES
    ):
        # "los Santos", "der Stadt Köln", "José de los": a particle opens or ends no name;
        # the line's "Por de"/"von der" was read as its by-word.
        return False
    if vocab.INSTITUTION_OPENING.match(part):
        return False
    if len(words) == 1 and part.isupper() and len(part) <= 6:
        # "SPÖ", "SP-X": a short acronym is a party's or an agency's, credited as one below.
        return False
    if len(words) > 6 or words[0].lower() == "the":
        # "The Post-Standard", "The Russian and Syrian defense ministries": the article
        # opens an outlet's name or a phrase, never a person's.
        return False
    latin = [
        w for w in words if w[:1].isascii() or w[:1].isalpha() and w[:1].lower() != w[:1].upper()
    ]
    cased = [w for w in latin if w[:1].lower() != w[:1].upper()]
    if not cased:
        # Scripts without case (CJK, Arabic...) cannot be checked this way; a name
        # is still short: "この記事を書いた人 渡辺洋介 東京社会部 フォロー …" is a profile box.
        return len(words) <= 3 and len(part) <= 24
    capitalised = sum(
        1
        for w in cased
        if w[:1].isupper() or w.lower() in vocab.LOWER_PARTICLES or _PARTICLE_JOINED.match(w)
    )
    return capitalised == len(cased) and (len(words) >= 2 or len(part) >= 2)


# An initial ("C", "C."), and initials written together ("J.R.").
INITIAL = re.compile(r"^\w\.?$")
_INITIALS = re.compile(r"^(?:\w\.)+$")

_SURNAME_FIRST = re.compile(r"([^,]+),\s*([^,]+)")


def given_name_first(value: str, *, scholarly: bool) -> str:
    """A citation key's "Doe, Jane" (Dublin Core, Highwire: surname first) as "Jane Doe".

    One side is a single word, or the given names end in an initial ("de la Maza,
    Michelina C."); two names of two words ("Jane Doe, John Roe") are two authors, and
    "Jane Doe, Reuters" or "Jane Doe, PhD" stay as they are. Only a ``scholarly`` key
    (Highwire's ``citation_author``) may put a single given name after a longer surname:
    news sites fill Dublin Core's creator with "Hans Müller, Berlin", a name and a place,
    and there the place is dropped."""
    m = _SURNAME_FIRST.fullmatch(clean(value))
    if m is None:
        return value
    surname, name = m.group(1).strip(), m.group(2).strip()
    if any(looks_like_org(p) or vocab.DEGREE.fullmatch(p) for p in (surname, name)):
        return value
    if len(surname.split()) > 3 or len(name.split()) > 2 or not is_person(surname, surname=True):
        return value
    if not scholarly and len(surname.split()) > 1 and len(name.split()) == 1:
        # "Hans Müller, Berlin": a news site's creator and its place, which is no name.
        return value if INITIAL.match(name) else surname
    one_word = len(surname.split()) == 1 or len(name.split()) == 1
    if not (one_word or INITIAL.match(name.split()[-1])):
        return value
    bare = name
    while len(bare.split()) > 1 and bare.split()[-1] in vocab.LOWER_PARTICLES:
        bare = bare.rsplit(" ", 1)[0]  # "Vries, Jan de": the particle goes with the surname
    ok = is_person(bare) or INITIAL.match(bare) or _INITIALS.match(bare)
    return f"{name} {surname}" if ok else value


def dedupe(values: list[str]) -> list[str]:
    """The values in their order, each once regardless of case."""
    seen: set[str] = set()
    out = []
    for v in values:
        k = v.casefold()
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out
