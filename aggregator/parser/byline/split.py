"""Split a byline's text into person names (authors) and organisation or agency credits.

A credit is never thrown away: "Reuters", "AP", "BBC News", "Staff" end up in
``credits``; only roles, dates, e-mail addresses and calls to action are dropped.
This step parts the line (conjunctions, separators, brackets, "for The Guardian");
``cleanup`` and ``classify`` read each part.
"""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.byline.agencies import canonical_agency, is_agency, looks_like_org
from aggregator.parser.byline.classify import Names, classify
from aggregator.parser.byline.cleanup import clean_part, prepare_line
from aggregator.parser.text import clean, clean_markup

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_AGENCY_NAMES = "|".join(
    re.escape(a) for a in sorted(vocab.AGENCIES - {"red", "red."}, key=len, reverse=True)
)
# "With" in the languages whose "with" joins a writer and an agency only.
_WITH_AGENCY = r"(?:avec|con|com)"
_SPLIT = re.compile(
    # A comma before the conjunction ("A, B, and C") belongs to it: the serial comma.
    # "i" is Polish and Croatian, "и"/"і"/"та" Russian and Ukrainian, "و" Arabic (as a word
    # of its own; glued to the next name see _arabic_and); the one-letter ones
    # in lower case only: "Jonathan I Katz" has a middle initial. French "avec" is "with"
    # before an agency only ("Par Jean Dupont avec l'AFP", "Le Monde avec AFP"):
    # "Entretien avec Marie Curie" names whom the piece talks to, not who wrote it. So
    # are Spanish and Italian "con", Portuguese "com" ("Por María López con EFE", "di
    # Mario Rossi con ANSA", "Por João Silva com Lusa"): "Con Coughlin" is a name.
    r"\s*(?:,?\s+(?:and|&|und|y|e|et|og|och|with|mit|ve|(?-i:i|и|і)|та|و)\s+"
    rf"|\s+{_WITH_AGENCY}\s+(?=(?:l['’])?(?:{_AGENCY_NAMES})\b(?!\s+[^\W\d_]))"
    r"|,|،|;|\||/|\n|•|·|、)\s*",  # "،" is the Arabic comma
    re.IGNORECASE,
)
# A word in Arabic letters (its vowel marks too).
_ARABIC_WORD = re.compile(r"[\u0621-\u0652\u0670-\u06d3]+")
# "Par Jean Dupont avec Marie Martin": after "Par" the one named with the writer wrote too.
_PAR_AVEC = re.compile(rf"\s+avec\s+(?!(?:l['’])?(?:{_AGENCY_NAMES})\b)", re.IGNORECASE)
# "Le Monde avec AFP": a name opened by a French article before "avec" and an agency is
# the outlet's (that shape only: "Le Van Thanh" alone is a person).
_FRENCH_OUTLET = re.compile(r"^(?:Le|La|Les)\s+\S|^L['’]\S")
# The joins that put a writer before an agency in Spanish, Italian and Portuguese.
_WITH_AGENCY_JOINS = ("con", "com")
# "El Tiempo con EFE", "O Globo com Reuters", "Por El Comercio con EFE": before "con"/"com"
# and an agency, a name opened by a Romance article is the outlet that ran the agency's
# story, as "Le Monde avec AFP" is (that shape only: "Le Van Thanh" alone is a person).
_ROMANCE_OUTLET = re.compile(
    r"^(?:el|la|los|las|o|a|os|as|il|lo|le|les)\s+\S|^l['’]\S", re.IGNORECASE
)
# "Fotos con AFP", "Fotos: Juan Pérez con EFE": the agency after a picture's word took the
# pictures; it is no credit of the text.
_PICTURE_WORD = re.compile(
    r"\b(?:fotos?|fotograf[íi]as?|im[áa]genes|imagens|v[íi]deos?)\b", re.IGNORECASE
)

# "Jane Doe for The Guardian", "JANE DOE FOR DAILYMAIL.COM", "Tom Pyman for MailOnline":
# the outlet the writer wrote for is a credit of its own; so is the one of a freelancer's
# "Jane Doe, Special to The Washington Post" (its "Special to" is no part of the name),
# after a comma or a spaced dash ("By Jane Doe — Special to The Courier": none was read).
# So is a known agency ending the line after "for" ("Jane Doe For USA TODAY").
_FOR_OUTLET = re.compile(
    r"(?<=\w)(?:,|\s+[—–-])?\s+(?:for|special\s+to)\s+(?=the\s+\w|[\w-]+\.(?:com|net|org|co\.uk|com\.au)\b"
    rf"|(?:{_AGENCY_NAMES})\s*$)",
    re.IGNORECASE,
)
# A line that opens with "For"/"Special to" and an outlet names no one ("For USA TODAY",
# "For The Associated Press", "Special to CNN"): the outlet is a credit. Only before a
# known agency, "The"/"the" and a capitalised word ("For the Daily Mail") or a domain
# ("For Dailymail.com"): "For Ambrose" may be a name, "For the first time" a sentence.
_FOR_AT_START = re.compile(
    rf"^(?:for|special\s+to)\s+(?=(?:the\s+)?(?:{_AGENCY_NAMES})\s*$|(?-i:[Tt]he\s+[A-Z])"
    r"|[\w-]+\.(?:com|net|org|co\.uk|com\.au)\s*$)",
    re.IGNORECASE,
)
# One capitalised word after "for" ending the line: an outlet, never a person's name.
_FOR_ONE_WORD = re.compile(r"(?<=\w)\s+for\s+([A-Z][\w-]+)\s*$")

# "Jane Doe — The Times": a spaced dash before an outlet opened by "The" parts the writer
# from it (the two were read as one credit). Only after two words or more (the lookbehind
# sees a word before the one kept in the group), a name's length: one word there is a
# section or a label ("Sport — The Times", "Opinion — The Guardian"), the whole line the
# outlet's. Before other words the dash stays: "Jane Doe - Staff Writer" is a role,
# "Álex Cámara - Europa Press" an agency read elsewhere.
_DASH_THE_OUTLET = re.compile(r"(?<=\w\s)([^\W\d_][\w'’.-]*)\s+[—–-]\s+(?=The\s+[A-Z])")

# "Com Lusa", "Con información de EFE", "…, com informações da Agência Brasil": "with" or
# "with information from" before a known agency that ends the line credits the agency,
# at the line's start too, where "Con Coughlin" is a name (only an agency follows here).
# French "avec" is left to _SPLIT: "Le Monde avec AFP" needs its join to credit Le Monde.
_WITH_AGENCY_AT_END = re.compile(
    r"(?:^|,?\s+)(?:con|com|con\s+información\s+de|com\s+informações\s+d[aeo]s?)\s+"
    rf"(?=(?:l['’])?(?:{_AGENCY_NAMES})\s*$)",
    re.IGNORECASE,
)

_DUTCH_BY = re.compile(r"^door\s", re.IGNORECASE)

# "Par Le Monde", "Por El País", "di Il Post": after a Romance by-word, the language's
# article and one capitalised word, alone on the line, name an outlet, as "By The
# Guardian" does. One word only: "Le Van Thanh" is a person. A surname of the same shape
# ("Par Le Pen", "Por La Roche") is told apart only where the name is declared a person
# (``split_byline``'s ``person``): "Le Pen" and "Le Monde" read alike.
_OUTLET_AFTER_BY = re.compile(
    r"^(?:par|por|di|da)\s+((?-i:(?:Le|La|Les|El|Los|Las|Il|Lo)\s+|L['’])[A-ZÀ-Þ][\w'’-]*)\s*$",
    re.IGNORECASE,
)

_PAREN = re.compile(r"\(([^()]{1,60})\)")
# "(with AP)", "(avec AFP)", "(mit dpa)", "(con EFE)", "(with files from The Canadian Press)": the
# agency a bracket credits after its "with".
_PAREN_WITH = re.compile(r"^(?:with|mit|avec|con|com)\s+(?:files\s+from\s+)?", re.IGNORECASE)
# "For the Daily Mail", "Jane Doe for the Star": the line's lower-case "the" opening an
# outlet's credit; the outlet writes its name "The Daily Mail".
_LOWER_THE = re.compile(r"^the(?=\s+[A-Z])")


def split_byline(raw: str | None, *, person: bool = False) -> tuple[list[str], list[str]]:
    """Split a byline into (authors, credits).

    ``person``: the line is declared a person's name (a JSON-LD ``Person``), so "Par Le
    Pen" is no outlet.

    >>> split_byline("By Jane Doe and John Roe, Reuters")
    (['Jane Doe', 'John Roe'], ['Reuters'])
    """
    text = prepare_line(clean_markup(raw))
    if not text:
        return [], []
    out = Names()
    # "(Reuters)" / "(AP Photo)" style credits inside the line.
    for m in _PAREN.finditer(text):
        inner = _PAREN_WITH.sub("", m.group(1).strip())
        if looks_like_org(inner):
            out.add(out.credits, canonical_agency(inner))
    text = clean(_HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", _PAREN.sub(" ", text)))))
    text = _FOR_OUTLET.sub(" , ", _FOR_AT_START.sub("", text))
    text = _WITH_AGENCY_AT_END.sub(_with_agency_join, _DASH_THE_OUTLET.sub(r"\1 , ", text))
    if outlet := _FOR_ONE_WORD.search(text):
        out.add(out.credits, canonical_agency(outlet.group(1)))
        text = text[: outlet.start()]
    if not person and (outlet := _OUTLET_AFTER_BY.match(text)):
        out.add(out.credits, outlet.group(1))
        return [], out.credits
    if _DUTCH_BY.match(text):
        # "Door Jan de Vries en Piet Jansen": Dutch "en" is "and" (elsewhere it is a
        # place's "in": "Por Ana López en Buenos Aires").
        text = re.sub(r"\s+en\s+", " , ", text)
    if re.match(r"par\s", text, re.IGNORECASE):
        text = _PAR_AVEC.sub(" , ", text)
    text = _arabic_and(text)
    _read_parts(text, out)
    if out.authors:
        # "Jane Doe, Staff Writer": beside a name, "staff writer" is her role.
        out.credits = [c for c in out.credits if not vocab.ROLE.match(c)]
    credits = [_LOWER_THE.sub("The", c) for c in out.credits]
    return _without_prefixed_copies(out.authors), credits


def _read_parts(text: str, out: Names) -> None:
    """Read each part of the line, parted at ``_SPLIT``'s joins, into ``out``.

    The join after a part tells what the part is: an outlet before "avec"/"con"/"com"
    and an agency, no writer in one word there.
    """
    parts = [clean_part(part) for part in _SPLIT.split(text)]
    joins = [m.group().strip().lower() for m in _SPLIT.finditer(text)]
    photographed = -1  # the index of an agency that took the pictures, no credit of the text
    for i, part in enumerate(parts):
        if i == photographed:
            continue
        join = joins[i] if i < len(joins) else ""
        if join == "avec" and _FRENCH_OUTLET.match(part):
            out.add(out.credits, part)
            continue
        if join in _WITH_AGENCY_JOINS:
            if _PICTURE_WORD.search(part):
                photographed = i + 1
            elif _ROMANCE_OUTLET.match(part):
                out.add(out.credits, part)
                continue
            if _no_writer_before_agency(part):
                continue
        known = len(out.authors)
        classify(part, out)
        if len(out.authors) > known and _coordinated_noun(part, parts, joins, i, out):
            out.authors.pop()


def _arabic_and(text: str) -> str:
    """The line with Arabic "and" glued to a name ("أحمد حسن ومحمد علي") made a separator.

    "و" opens many words and some given names ("وليد"), so it joins only two names of
    two words or more each, all in Arabic letters, and never before a given name of
    ``vocab.ARABIC_WAW_NAMES``: "أحمد حسن وليد" stays one person.
    """
    words = text.split(" ")
    out: list[str] = []
    run = 0  # Arabic words in a row since the line's start or the last join
    for i, word in enumerate(words):
        arabic = bool(_ARABIC_WORD.fullmatch(word))
        joins = (
            arabic
            and run >= 2
            and word.startswith("و")
            and len(word) >= 3
            and word not in vocab.ARABIC_WAW_NAMES
            and i + 1 < len(words)
            and bool(_ARABIC_WORD.fullmatch(words[i + 1]))
        )
        if joins:
            out += ["،", word[1:]]
            run = 1
        else:
            out.append(word)
            run = run + 1 if arabic else 0
    return " ".join(out)


def _with_agency_join(m: re.Match[str]) -> str:
    """What "con"/"com" (with information from) before an agency ending the line becomes.

    A join of ``_SPLIT`` after a part ("Por Ana López, con información de EFE"), so the
    part is read as the one written with the agency (an outlet, a label, a writer); at
    the line's start ("Com Lusa") there is no such part and a plain separator does.
    """
    return " , " if m.start() == 0 else " con "


def _no_writer_before_agency(part: str) -> bool:
    """A part before "con"/"com" and an agency that names no writer.

    One word not an organisation's: a place, a section, a label, an outlet's one-word
    name ("Madrid con EFE", "Deportes con EFE", "Entrevista con EFE", "Infobae con AFP").
    A one-word writer is lost with them ("Por Lucía con EFE" credits EFE only).
    """
    return len(part.split()) < 2 and not looks_like_org(part)


_CONJUNCTIONS = {"and", "&", "und", "y", "et", "e", "og", "och", "ve", "i", "и", "і", "та", "و"}


def _coordinated_noun(part: str, parts: list[str], joins: list[str], i: int, out: Names) -> bool:
    """A one-word "name" joined by a conjunction to an organisation's words is one of them.

    "Bundesministerium für Wirtschaft und Klimaschutz", "Life & Love News": the line
    was split at the conjunction of one name; beside a person the word stays a name
    ("Fabian und Jane Doe").
    """
    if " " in part:
        return False
    for j, join in (
        (i - 1, joins[i - 1] if i else ""),
        (i + 1, joins[i] if i < len(joins) else ""),
    ):
        if join not in _CONJUNCTIONS:
            continue
        other = parts[j]
        # An agency is credited beside its writer: "By Bob and AFP" names Bob.
        if (looks_like_org(other) and not is_agency(other)) or (
            len(other.split()) >= 2 and not split_byline(other)[0]
        ):
            return True
    return False


def _without_prefixed_copies(names: list[str]) -> list[str]:
    """The names without those that are a word glued before a copy of another.

    "ByJane Doe" or "PostedJane Doe" beside "Jane Doe": the layout joined a label to
    the name, and the clean copy stays. With a space between them only a page tool's
    word counts ("Print David Lassman | … By David Lassman"): "Mary Jane Doe" beside
    "Jane Doe" may be another person.
    """

    def prefixed(name: str) -> bool:
        for other in names:
            if other == name or not name.endswith(other):
                continue
            word = name[: -len(other)]
            # Glued only at a case boundary: in a script without case "欧阳明" beside
            # "阳明" is another name, not a label on it.
            glued = word.isalpha() and word[-1].islower() and other[:1].isupper()
            if glued or (word[-1:] == " " and word.strip().lower() in vocab.TOOL_WORDS):
                return True
        return False

    return [n for n in names if not prefixed(n)]
