"""The persons, organisations and logins a JSON-LD ``author``/``creator`` value names.

JSON-LD declares each name's kind (Person or Organization) and may give a login or a
CMS's stand-in instead of a name, so it is read apart from a visible line.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.parser import vocab
from aggregator.parser.byline.classify import titlecased
from aggregator.parser.byline.names import dedupe
from aggregator.parser.byline.split import split_byline
from aggregator.parser.text import clean_markup

_PERSON_TYPES = {"person"}


def names_from_jsonld(value: Any) -> tuple[list[str], list[str]]:
    """(persons, organisations) named by a JSON-LD ``author``/``creator`` value."""
    persons: list[str] = []
    orgs: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, str):
            a, c = split_byline(item)
            persons += a
            orgs += c
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if not isinstance(name, str) or not name.strip():
                given, family = item.get("givenName"), item.get("familyName")
                if isinstance(given, str) and isinstance(family, str):
                    name = f"{given} {family}"
                else:
                    continue
            name = _dotted_login(clean_markup(name))
            if vocab.PLACEHOLDER_AUTHOR.fullmatch(name.strip()):
                continue  # "No Author": the CMS's stand-in, not even a credit
            kind = item.get("@type")
            kinds = {
                k.lower()
                for k in (kind if isinstance(kind, list) else [kind])
                if isinstance(k, str)
            }
            if kinds and not kinds & _PERSON_TYPES:
                orgs.append(name)
                continue
            person = bool(kinds & _PERSON_TYPES)
            if person and name.islower() and " " in name:
                # A declared Person is a person whatever the case the CMS stored: "jane
                # doe" was kept as a credit, read as a lower-case phrase. Not a slug
                # ("chuck-ross"): a login, no name.
                name = titlecased(name)
            # A declared Person's "Par Le Pen" is the surname, not the outlet "Le Monde".
            a, c = split_byline(name, person=person)
            if not a and not c and kinds and " " in name and len(name) <= 60:
                c = [name]  # "Guardian staff reporter": a declared author, kept as a credit
            persons += a
            orgs += c
    return dedupe(persons), dedupe(orgs)


_DOTTED_LOGIN = re.compile(r"[a-zäöüéèáíóúñ]{2,}(?:[._][a-zäöüéèáíóúñ]{2,}){1,2}")


def _dotted_login(name: str) -> str:
    """A CMS login standing for the name ("robert.stitz") as the name it spells."""
    if _DOTTED_LOGIN.fullmatch(name):
        return " ".join(w.capitalize() for w in re.split(r"[._]", name))
    return name


_LOGIN = re.compile(r"[\w.\-]{3,30}")


def logins_from_jsonld(value: Any) -> list[str]:
    """Logins a JSON-LD ``author`` Person is named by ("happyface313", "Herr_Rein")."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:20]:
        name = item.get("name") if isinstance(item, dict) else None
        if (
            isinstance(name, str)
            and _LOGIN.fullmatch(name)
            and name.casefold() not in vocab.NOT_LOGINS
            and not vocab.PLACEHOLDER_AUTHOR.fullmatch(name)
            and not any(split_byline(name))
        ):
            out.append(name)
    return dedupe(out)
