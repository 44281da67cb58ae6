"""Bylines: split the raw credit line into person names (authors) and
organisation/agency credits, and find the byline on a page.

A credit is never thrown away: "Reuters", "AP", "BBC News", "Staff" end up in
``credits``; only roles, dates, e-mail addresses and calls to action are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.scope import (
    byline_classed,
    in_comment,
    in_foreign_link,
    is_chrome,
    nearest_to_headline,
    within,
)

if TYPE_CHECKING:
    from aggregator.parser.view import PageView
from aggregator.parser.text import clean, clean_markup, short_text, text_of

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_AGENCY_NAMES = "|".join(
    re.escape(a) for a in sorted(vocab.AGENCIES - {"red", "red."}, key=len, reverse=True)
)
_SPLIT = re.compile(
    # A comma before the conjunction ("A, B, and C") belongs to it: the serial comma.
    # "i" is Polish and Croatian, "и"/"і"/"та" Russian and Ukrainian; the one-letter ones
    # in lower case only: "Jonathan I Katz" has a middle initial. French "avec" is "with"
    # before an agency only ("Par Jean Dupont avec l'AFP", "Le Monde avec AFP"):
    # "Entretien avec Marie Curie" names whom the piece talks to, not who wrote it.
    r"\s*(?:,?\s+(?:and|&|und|y|e|et|og|och|with|mit|ve|(?-i:i|и|і)|та)\s+"
    rf"|\s+avec\s+(?=(?:l['’])?(?:{_AGENCY_NAMES})\b(?!\s+[^\W\d_]))|,|;|\||/|\n|•|·|、)\s*",
    re.IGNORECASE,
)
# "Par Jean Dupont avec Marie Martin": after "Par" the one named with the writer wrote too.
_PAR_AVEC = re.compile(rf"\s+avec\s+(?!(?:l['’])?(?:{_AGENCY_NAMES})\b)", re.IGNORECASE)
# "Le Monde avec AFP": a name opened by a French article before "avec" and an agency is
# the outlet's (that shape only: "Le Van Thanh" alone is a person).
_FRENCH_OUTLET = re.compile(r"^(?:Le|La|Les)\s+\S|^L['’]\S")
# The elided article before an agency: "avec l'AFP".
_ELIDED = re.compile(r"^l['’](?=\w)", re.IGNORECASE)
_LABEL_BY = re.compile(
    r"^(?:[a-zäöüéèà][\w\-]*\s+){1,2}(?:by|von|por|par)\s+(?!(?:der|den|dem|la|le|de)\s)(?=\S)"
)
_GLUED = re.compile(r"(?<=[a-zäöüßéèáíóú])(?=[A-ZÄÖÜ][a-zäöü])")
# A short label before a colon that opens a part ("Tekst: Jan de Vries").
# Its second word is lower case: "Jane Doe: Opinion" is a name, not a label.
_LEADING_LABEL = re.compile(r"^([^\W\d_][\w\-]*(?:\s[^\W\d_A-ZÀ-ÞА-Я][\w\-]*)?)\s*[:：]\s*(?=\S)")
# "Jane Doe for The Guardian", "JANE DOE FOR DAILYMAIL.COM", "Tom Pyman for MailOnline":
# the outlet the writer wrote for is a credit of its own; so is the one of a freelancer's
# "Jane Doe, Special to The Washington Post" (its "Special to" is no part of the name).
_FOR_OUTLET = re.compile(
    r"(?<=\w),?\s+(?:for|special\s+to)\s+(?=the\s+\w|[\w-]+\.(?:com|net|org|co\.uk|com\.au)\b)",
    re.IGNORECASE,
)
# One capitalised word after "for" ending the line: an outlet, never a person's name.
_FOR_ONE_WORD = re.compile(r"(?<=\w)\s+for\s+([A-Z][\w-]+)\s*$")
# Who else worked on the piece, after the writer's name ("Reporting by Jane Doe; Editing
# by John Roe", "By Jane Doe. Reviewed by John Roe", "By Jane Doe Photographs by John Roe"):
# not its writer, and cut to the line's end. Not after a conjunction: "Text and photos by
# Jane Doe" names her as the writer too.
_OTHER_CREDIT_BY = re.compile(
    # The run of separators is matched from its start only: a match that could restart
    # anywhere inside a long run ("a....") would take quadratic time.
    r"(?<=\S)(?<![;.,|])(?<!\band)(?<!\bund)(?<!&)(?<!\bmedically)[\s;.,|]+"
    r"(?:editing|edited|(?:medically\s+)?reviewed|fact[-\s]?checked|photographs?|photos?|"
    r"photography|illustrations?|illustrated|graphics|translated|translation)\s+by\b.*$",
    re.IGNORECASE,
)
# "By Jane Doe. Additional reporting by John Roe": the sentence's end parts the two; a
# reporter who added to the story stays an author (the truths of the sets disagree on
# contributors, round 12).
_MORE_REPORTING = re.compile(r"\.\s+(?=(?:additional|further)\s+reporting\s+by\b)", re.I)
_GLUED_DATE_LABEL = re.compile(
    r"(?<=[a-zäöüßéèáíóú])(?=(?:Last updated|Updated|Published|Posted|Aktualisiert|"
    r"Veröffentlicht|Actualizado|Publicado|Hace(?=\s+\d))\b)"
)
# French "il y a 3 heures" (3 hours ago) after the name, cut with the line before it is
# split: its "y" would split it as Spanish "and".
_FRENCH_AGO = re.compile(r"[\s,]+il y a\s+\d.*$", re.IGNORECASE)
# A Korean wire's dateline before the byline: "[서울=뉴스1] 김철수 기자" (place=agency).
_BRACKET_DATELINE = re.compile(r"^[\[(（【][^\])）】=]{1,15}=[^\])）】]{1,20}[\])）】]\s*")
# A reporter's title after the name in Korean, Japanese and Chinese ("김철수 기자",
# "山田太郎記者", "王明特派员"), as "By" stands before it elsewhere.
# The title may be qualified: Korean "선임기자" (senior), "인턴기자"; Japanese "・社会部記者"
# (the desk); Chinese "特约记者" (special). Only after a separator may a Japanese desk
# be cut: "山田太郎社会部記者" could end a name in "部".
_CJK_TITLE_AFTER = re.compile(
    r"\s*(?:(?:선임|수석|전문|인턴|수습|객원|기획)?(?:기자|특파원)"
    r"|(?:\s*[・\s]\s*\S{1,4}部\s*)?記者|(?:特约|见习|实习)?记者|特派員|特派员)$"
)
# A photographer's or a camera reporter's title ("김철수 사진기자"): not a writer.
_CJK_PHOTOGRAPHER = re.compile(r"\s*(?:사진|영상)기자$")
# What is left of "本社記者", "本报记者": the house itself, no one's name.
_CJK_HOUSE = {"本社", "本报", "本報", "本台", "本刊"}
_DUTCH_BY = re.compile(r"^door\s", re.IGNORECASE)
_DOMAIN = re.compile(r"^[\w-]+\.(?:com|net|org|co\.uk|com\.au)$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]{1,60})\)")
# "(with AP)", "(avec AFP)", "(mit dpa)", "(with files from The Canadian Press)": the
# agency a bracket credits after its "with".
_PAREN_WITH = re.compile(r"^(?:with|mit|avec)\s+(?:files\s+from\s+)?", re.IGNORECASE)
# A particle joined to a capitalised surname: "al-Sharif", "el-Hamdoon", "d'Alembert".
_PARTICLE_JOINED = re.compile(
    r"^(?:al|el|ad|ar|as|at|az|an|ash|bin|ibn|ben|abu|d|l|dell)[-'’][A-Z]"
)
# German "der"/"dem" left before a capitalised word once "von" was cut as the by-word.
_GERMAN_ARTICLE = re.compile(r"^(?:der|dem)\s+(?=[A-ZÄÖÜ])")
_NAME_OK = re.compile(r"^[^\d@#<>{}\[\]=+*_~^$%]+$")


def _is_agency(part: str) -> bool:
    key = _ELIDED.sub("", part.strip(" .-–—:")).lower()
    return key in vocab.AGENCIES


def _looks_like_org(part: str) -> bool:
    return _is_agency(part) or bool(
        vocab.ORG_WORD.search(part) or _DOMAIN.match(part) or vocab.INSTITUTION_OPENING.match(part)
    )


def _titlecase_if_shouting(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return " ".join(
            w.lower() if w.lower() in vocab.LOWER_PARTICLES else w[:1] + w[1:].lower()
            for w in name.split()
        )
    return name


def _is_person(part: str, *, surname: bool = False) -> bool:
    """A plausible personal name: 1-6 words, no digits, mostly capitalised (Latin script).

    A ``surname`` (a citation key's "de la Maza, Michelina C.") may open with a particle."""
    if part.lower() in vocab.NOT_NAMES:
        return False
    if not part or len(part) > 60 or not _NAME_OK.match(part):
        return False
    if ":" in part or "：" in part:
        # A label left before the name ("Curator: Phoebe Gavin", "Photo: John Roe"): any
        # other label was cut before (_clean_part), so this one names someone else.
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


def split_byline(raw: str | None) -> tuple[list[str], list[str]]:
    """Split a byline into (authors, credits).

    >>> split_byline("By Jane Doe and John Roe, Reuters")
    (['Jane Doe', 'John Roe'], ['Reuters'])
    """
    text = _prepare_line(clean_markup(raw))
    if not text:
        return [], []
    out = _Names()
    # "(Reuters)" / "(AP Photo)" style credits inside the line.
    for m in _PAREN.finditer(text):
        inner = _PAREN_WITH.sub("", m.group(1).strip())
        if _is_agency(inner) or _looks_like_org(inner):
            out.add(out.credits, _canonical_agency(inner))
    text = clean(_HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", _PAREN.sub(" ", text)))))
    text = _FOR_OUTLET.sub(" , ", text)
    if outlet := _FOR_ONE_WORD.search(text):
        out.add(out.credits, _canonical_agency(outlet.group(1)))
        text = text[: outlet.start()]
    if _DUTCH_BY.match(text):
        # "Door Jan de Vries en Piet Jansen": Dutch "en" is "and" (elsewhere it is a
        # place's "in": "Por Ana López en Buenos Aires").
        text = re.sub(r"\s+en\s+", " , ", text)
    if re.match(r"par\s", text, re.IGNORECASE):
        text = _PAR_AVEC.sub(" , ", text)
    parts = [_clean_part(part) for part in _SPLIT.split(text)]
    joins = [m.group().strip().lower() for m in _SPLIT.finditer(text)]
    for i, part in enumerate(parts):
        if i < len(joins) and joins[i] == "avec" and _FRENCH_OUTLET.match(part):
            out.add(out.credits, part)
            continue
        known = len(out.authors)
        _classify(part, out)
        if len(out.authors) > known and _coordinated_noun(part, parts, joins, i, out):
            out.authors.pop()
    if out.authors:
        # "Jane Doe, Staff Writer": beside a name, "staff writer" is her role.
        out.credits = [c for c in out.credits if not vocab.ROLE.match(c)]
    return _without_prefixed_copies(out.authors), out.credits


_CONJUNCTIONS = {"and", "&", "und", "y", "et", "e", "og", "och", "ve", "i", "и", "і", "та"}


def _coordinated_noun(part: str, parts: list[str], joins: list[str], i: int, out: _Names) -> bool:
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
        if (_looks_like_org(other) and not _is_agency(other)) or (
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


class _Names:
    """Authors and credits collected from one line, each name once."""

    def __init__(self) -> None:
        self.authors: list[str] = []
        self.credits: list[str] = []

    def add(self, target: list[str], value: str) -> None:
        if value and value.lower() not in (v.lower() for v in self.authors + self.credits):
            target.append(value)


def _prepare_line(text: str) -> str:
    """Whole-line clean-ups before the line is split into names."""
    if not text:
        return ""
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1].strip()  # "(责编：牛镛、岳弘彬)": the whole line is the credit
    if "、" in text and any(len(p.strip()) > 12 for p in text.split("、")):
        text = text.replace("、", " ")  # an enumeration inside prose, not a list of names
    text = vocab.OTHER_LABEL_CJK.sub("", _BRACKET_DATELINE.sub("", text))
    text = _OTHER_CREDIT_BY.sub("", text)
    text = _MORE_REPORTING.sub(" , ", text)
    # "Jane DoeUpdated May 3", "Itamar Turner-TrauringLast updated 04 Jun 2020": a date's
    # label glued to the name by the layout is parted from it, so the date is cut whole.
    text = _FRENCH_AGO.sub("", _GLUED_DATE_LABEL.sub(" ", text))
    text = vocab.LEADING_DATE.sub("", text)
    text = _without_weekday_date(text)
    # "Ingo ArztRedakteur für Wirtschaft und Umwelt": a role glued to the name ends it,
    # before the line is split on "und".
    for glued in _GLUED.finditer(text):
        if vocab.ROLE.match(text[glued.end() :]):
            text = text[: glued.end()]
            break
    return _writer_segments(text)


def _without_weekday_date(text: str) -> str:
    """The line without a date opened by a weekday after the name (vocab.WEEKDAY_DATE).

    Without a preposition the weekday may be the name's own ("By Joe Friday, May 3,
    2024"), so the date is cut only where two words of a name stand before it.
    """
    m = vocab.WEEKDAY_DATE.search(text)
    if m is None:
        return text
    if m.group("prep") or len(vocab.PREFIX.sub("", text[: m.start()]).split()) >= 2:
        return text[: m.start()]
    return text


def _writer_segments(text: str) -> str:
    """Of a labelled credit line, the segments that name the writer.

    "Text: Jane Doe Photos: John Roe" is Jane Doe; "Datum: 19.11.2021 Autor: Fritz
    Imhof Quelle: Livenet" is Fritz Imhof. A line without labels, or whose labels
    name no writer, is kept whole.
    """
    labels = list(vocab.CREDIT_LABEL.finditer(text))
    if len(labels) < 2 and not (labels and labels[0].start() > 0):
        return text
    kept = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        if vocab.WRITER_LABEL.match(m.group(1).strip()):
            kept.append(text[m.end() : end])
    return " , ".join(kept) if kept else text


def _clean_part(part: str) -> str:
    """One name-sized part of a byline without by-words, labels, dates, roles and prompts."""
    part = clean(part).strip(" .:-–—|,;'\"“”")
    # Strip "By"/"Von" repeatedly: "By: By Jane Doe".
    for _ in range(2):
        stripped = vocab.PREFIX.sub("", part)
        if stripped == part:
            break
        part = stripped.strip(" .:-–—")
    # "capital von Jemima Kelly": a lower-case label before the by-word.
    m = _LABEL_BY.match(part)
    if m:
        part = part[m.end() :]
    # "Автор: Иван Петров", "Escrito por: Ana López": a label of the writer in a language
    # vocab.PREFIX does not list. A label naming someone else stays, and the part with it.
    m = _LEADING_LABEL.match(part)
    if m and not vocab.OTHER_LABEL.match(m.group(1)):
        part = part[m.end() :]
    undated = vocab.DATEISH.sub("", part).strip(" .:-–—|,")
    if undated != part:
        # "Jane Doe on May 3, 2024", "Jane Doe at 10:05": the date goes, and the
        # preposition that led to it ("Jane Doe on" is no name).
        undated = vocab.DATE_PREPOSITION.sub("", undated)
    part = undated
    part = vocab.GLUED_SOCIAL.sub("", part)
    # "Nicole OpitzRedakteurin": a job title glued to the name without a space.
    glued = _GLUED.search(part)
    if glued and vocab.ROLE.match(part[glued.end() :]):
        part = part[: glued.end()]
    part = vocab.CTA.sub("", part).strip(" .:-–—|,")
    if _CJK_PHOTOGRAPHER.search(part):
        return ""
    part = _CJK_TITLE_AFTER.sub("", part)
    if part in _CJK_HOUSE:
        return ""
    # "Lynne Eldridge MD", "Michael L. Anderson, PhD": a degree after the name is not
    # part of it, and "PhD" split off at its comma is no one.
    while (undegreed := vocab.DEGREE.sub("", part)) != part:
        part = undegreed.strip(" .:-–—|,")
    return part


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


def _classify(part: str, out: _Names) -> None:
    """Put one cleaned part where it belongs: a credit, an author, or nowhere (a role)."""
    part = _name_sized(part)
    if not part or vocab.PLACEHOLDER_AUTHOR.fullmatch(part):
        return
    if _GERMAN_ARTICLE.match(part):
        _classify_after_article(part, out)
        return
    if _is_agency(part):  # "Staff Writer" alone is a credit: the outlet's staff wrote it
        out.add(out.credits, _canonical_agency(part))
        return
    if vocab.ROLE.match(part) or vocab.GENERIC_ROLE.match(part):
        _classify_role(part, out)
        return
    part = _name_only(part)
    beside = _agency_after_name(part) or _agency_before_name(part)
    if beside:
        out.add(out.authors, _titlecase_if_shouting(beside[0]))
        out.add(out.credits, _canonical_agency(beside[1]))
    elif _is_agency(part):
        out.add(out.credits, _canonical_agency(part))
    elif _looks_like_org(part):
        # "SID Nachrichtenagentur", "AFP news agency": the agency's short name.
        first, _, rest = part.partition(" ")
        if _is_agency(first) and re.fullmatch(r"(?:news\s+)?agency|\w*agentur", rest, re.I):
            out.add(out.credits, _canonical_agency(first))
        else:
            out.add(out.credits, part)
    elif _credit_named_like_a_person(part):
        out.add(out.credits, part)
    elif _is_person(part):
        out.add(out.authors, _titlecase_if_shouting(part))
    elif len(part.split()) == 1 and part.isupper() and 2 <= len(part) <= 6:
        out.add(out.credits, part)  # unknown agency acronym


def _classify_after_article(part: str, out: _Names) -> None:
    """ "Pressemitteilung von der Stadt Köln": a body after "von der", never a person."""
    body = _GERMAN_ARTICLE.sub("", part)
    if _looks_like_org(body):
        out.add(out.credits, body)


def _classify_role(part: str, out: _Names) -> None:
    """A part that ends in a job title: the agency that opens it ("AP Auto Writer"), or
    the name before it ("Jane Doe Staff Writer", a name and a role in spans side by side
    without a comma), or nobody ("Chief Political Correspondent")."""
    first, _, rest = part.partition(" ")
    # "AP Auto Writer"; "Reuters Bureau Chief": a known agency with a title of the list
    # after it, not only in capitals (not the house's "Staff").
    titled = bool(rest) and vocab.ROLE.match(rest) and first.lower() not in vocab.HOUSE_CREDITS
    if _is_agency(first) and (first.isupper() or titled):
        out.add(out.credits, _canonical_agency(first))
        return
    name = _name_before_role(part)
    if len(name.split()) >= 2 and not _looks_like_org(name):
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
        beat = _agency_acronym(words[cut]) and vocab.GENERIC_ROLE.match(tail)
        if not (beat or vocab.ROLE.match(tail)):
            continue
        # "Jane Doe - Staff Writer": the dash between name and role is neither.
        head = words[:cut]
        while head and head[-1] in _DASHES:
            head.pop()
        name = " ".join(head)
        if any(vocab.ROLE.match(f"{w} writer") for w in head) or not _is_person(name):
            return ""
        return name
    return ""


def _credit_named_like_a_person(part: str) -> bool:
    """A credit written like a person's name: an outlet's name after "The" ("The
    Guardian"), or a known agency's acronym with a desk or an edition after it ("CNN
    Business", "AFP Deutschland"). Initials are no desk: "AP Singh" is a person."""
    first, _, rest = part.partition(" ")
    if first.lower() == "the":
        return _is_person(rest)
    return bool(rest) and _agency_acronym(first) and _is_desk(rest) or _named_agency_desk(part)


def _named_agency_desk(part: str) -> bool:
    """A known agency of two or three words with a desk after it ("USA TODAY Sports",
    "Fox News Opinion"): a credit, though its first word alone is no agency."""
    words = part.split()
    return any(
        len(words) > size
        and _is_agency(" ".join(words[:size]))
        and _is_desk(" ".join(words[size:]))
        for size in (2, 3)
    )


def _agency_acronym(word: str) -> bool:
    return word.isupper() and _is_agency(word)


def _is_desk(words: str) -> bool:
    return all(w.lower() in vocab.AGENCY_DESKS for w in words.split())


def _agency_before_name(part: str) -> tuple[str, str] | None:
    """(name, agency) of an agency's acronym printed before a name: "AFP Jane Doe",
    "REUTERS Jane Doe" (a credit span and a name span side by side)."""
    first, _, rest = part.partition(" ")
    if not _agency_acronym(first) or len(rest.split()) < 2 or _is_desk(rest):
        return None
    if _is_person(rest) and not _looks_like_org(rest):
        return rest, first
    return None


_INITIAL = re.compile(r"^\w\.?$")
_INITIALS = re.compile(r"^(?:\w\.)+$")
_DASHES = {"-", "–", "—"}


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
        agency = _is_agency(tail) or size > 2 and _named_agency_desk(tail)
        if len(head) < 2 or not agency or tail.lower() in vocab.HOUSE_CREDITS:
            continue
        if size == 1 and not _one_word_agency_splits(head, tail, words[-2] in _DASHES):
            continue
        name = " ".join(head)
        if _is_person(name) and not _looks_like_org(name):
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
    if _INITIAL.match(head[-1]):
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


def _canonical_agency(part: str) -> str:
    part = part.strip(" .-–—:")
    if _ELIDED.match(part) and _is_agency(part):
        part = _ELIDED.sub("", part)  # "l'AFP" is AFP
    return vocab.AGENCY_CANON.get(part.lower(), part)


# --- JSON-LD / meta ---------------------------------------------------------------

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
            a, c = split_byline(name)
            if not a and not c and kinds and " " in name and len(name) <= 60:
                c = [name]  # "Guardian staff reporter": a declared author, kept as a credit
            persons += a
            orgs += c
    return _dedupe(persons), _dedupe(orgs)


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
    return _dedupe(out)


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        k = v.casefold()
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


# Agency credit in a dateline: "LONDON (Reuters) -", "WASHINGTON (AP) —", "(dpa) -".
_DATELINE = re.compile(
    r"^\s*(?:[A-ZÄÖÜÉ][\w.'’\- ,/]{0,60}?\s*)?\(([A-Za-z][A-Za-z/ .\-]{0,30})\)\s*[-–—:]"
)


def same_agency(credit: str, other: str) -> bool:
    """Whether two credits name one agency: the same words, the agency and its desk
    ("CNN" and "CNN Wire", "Reuters" and "Reuters Staff"), or its acronym and its name
    ("AP" and "The Associated Press", "AFP" and "Agence France-Presse"), compared by
    their canonical names (``vocab.AGENCY_CANON``: "The Associated Press" is "Associated
    Press")."""
    a, b = sorted(
        (_canonical_agency(credit).casefold(), _canonical_agency(other).casefold()), key=len
    )
    if a == b or b.startswith(a + " "):
        return True
    words = [w for w in re.split(r"[\s\-]+", b) if w and w != "the"]
    return len(words) >= 2 and "".join(w[0] for w in words) == a


def dateline_credit(first_paragraph: str) -> list[str]:
    m = _DATELINE.match(first_paragraph or "")
    if not m:
        return []
    out = []
    for part in re.split(r"\s*/\s*", m.group(1)):
        if _is_agency(part):
            out.append(_canonical_agency(part))
    return out


# --- finding the byline on a page ------------------------------------------------------


def _spaced_text(el: Any, limit: int) -> str | None:
    """Text with a space between elements: bylines glue "Jane Doe" to "Redakteurin" otherwise."""
    parts = []
    total = 0
    for piece in _text_pieces(el):
        total += len(piece)
        if total > limit * 3 + 200:
            return None
        parts.append(piece)
    text = clean(" ".join(parts))
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text if len(text) <= limit else None


# A form's fields and their labels: an author flyout's contact form ("Name (required)
# Email (required) Comment (required) … Send") beside the byline names nobody.
_FORM_TAGS = frozenset({"form", "input", "textarea", "button", "label", "select"})


def _form_field(el: etree._Element) -> bool:
    """A form's field, but not an author flyout's toggle, which holds the name ("By
    <button class="author-toggle">Jane Doe</button>"): other buttons say "Share",
    "Follow", "A+"."""
    if el.tag == "button":
        return "author" not in f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return el.tag in _FORM_TAGS


def _text_pieces(el: etree._Element) -> Iterator[str]:
    """The element's text pieces in document order, as ``itertext`` gives them, without
    a form's: the byline around the form is still read."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and not _form_field(child):
            yield from _text_pieces(child)
        if child.tail:
            yield child.tail


# Each rule yields (element, raw byline text) candidates in document order.
_Candidate = tuple[Any, str]
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _rel_author(root: Any) -> list[_Candidate]:
    """``rel="author"`` links: the line around the link (it holds "By … and …")."""
    out = []
    for el in root.iter("a", "span", "div", "p", "address", "li", "section"):
        if el.get("rel") == "author":
            text = clean(text_of(el))
            if 3 <= len(text) <= 120:
                parent = el.getparent()
                # A parent that holds a heading is read without it: a bare link in the
                # headline's <header> would read "Council passes the budget Jane Doe",
                # and the words beside the link ("By … and …, Reuters") still count.
                ptext = clean(_rel_line(parent)) if parent is not None else ""
                out.append((el, ptext if ptext and len(ptext) <= 160 else text))
    return out


_PROSE = {"p", "blockquote", "figure", "aside", "section"}
_BLOCKS = {"div", "ul", "ol", "nav"}


def _rel_line(parent: Any) -> str:
    """The line a ``rel=author`` link stands in: the parent's text, its headings left
    out. Beside a heading, a paragraph-like child (a standfirst, a card's teaser) keeps
    the whole text as before the round, and a list, a ``div`` or another link (tags, a
    share bar) gives "", so that the caller reads the link's own text."""
    if next(parent.iterdescendants(*_HEADINGS), None) is None:
        return text_of(parent)
    lone = False
    for child in parent:
        if not isinstance(child.tag, str) or child.tag in _HEADINGS:
            continue
        holds_rel = child.get("rel") == "author" or child.find(".//*[@rel='author']") is not None
        if not holds_rel and child.tag in _PROSE:
            return text_of(parent)  # a standfirst or a card's teaser: read as before the round
        if not holds_rel and (child.tag in _BLOCKS or child.tag == "a"):
            lone = True  # tags, a share bar: the link's own text
    return "" if lone else _text_without_headings(parent)


def _text_without_headings(el: Any) -> str:
    """The text under ``el`` without its h1-h6 subtrees (their tails are kept)."""
    if next(el.iterdescendants(*_HEADINGS), None) is None:
        return text_of(el)
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _HEADINGS:
            pieces.append(" " + _text_without_headings(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _itemprop_author(el: Any) -> bool:
    return bool(el.get("itemprop") == "author")


def _byline_classed(root: Any) -> list[_Candidate]:
    """``itemprop="author"`` or a byline class (author box and bio classes excluded)."""
    out = []
    for el in byline_classed(root, _itemprop_author):
        text = _spaced_text(el, 200)
        if text and len(text) >= 3:
            out.append((el, text))
    return out


def _labelled_author(root: Any) -> list[_Candidate]:
    """A label element before the name.

    "<strong>Autorin/Autor</strong> Roman Goncharenko", "<h5>Autor:</h5> Peter Maahn",
    "<h4>Autor</h4><p>Nikolai Huke</p>", "<b>Von:</b><br>Götz Warnke".
    """
    out = []
    for el in root.iter("strong", "b", "dt", "th", "span", "h4", "h5", "h6"):
        label = el.text
        if label and len(label) <= 20 and len(el) == 0 and vocab.AUTHOR_LABEL.match(label.strip()):
            name = _text_after(el)
            if 3 <= len(name) <= 100:
                out.append((el, name))
    return out


def _text_after(el: Any) -> str:
    """The text that follows a label: its tail, past line breaks, or the next element's."""
    name = clean(el.tail or "")
    nxt = el.getnext()
    while not name and nxt is not None and nxt.tag == "br":
        name, nxt = clean(nxt.tail or ""), nxt.getnext()
    if not name and nxt is not None:
        name = short_text(nxt, 100) or ""
    return name


def _by_text(root: Any) -> list[_Candidate]:
    """A short element whose text opens with a by-word: "By Jane Doe", "Von Jane Doe"."""
    out = []
    for el in root.iter("p", "span", "div", "address"):
        if len(el) > 6:
            continue
        first = el.text if el.text and el.text.strip() else (el[0].text or "" if len(el) else "")
        if not vocab.BY_TEXT.match((first or "") + " x"):
            continue
        # Spaced: "<span>By</span><div><a>Jane Doe</a></div>" is not "ByJane Doe".
        text = _spaced_text(el, 100)
        if text and len(text) >= 5 and vocab.BY_TEXT.match(text):
            out.append((el, text))
    return out


def _author_box(root: Any) -> list[_Candidate]:
    """An author box ("About the author"): the first of its lines that is a person's name.

    The last rule: a box at the end of the text names the writer when no byline does.
    """
    out = []
    for el in root.iter("div", "section", "aside", "footer"):
        ci = (el.get("class") or "") + " " + (el.get("id") or "")
        if not vocab.AUTHOR_BOX_CLASS.search(ci):
            continue
        for sub in el.iter("h2", "h3", "h4", "h5", "strong", "b", "a", "span", "p"):
            text = vocab.ABOUT_AUTHOR.sub("", _spaced_text(sub, 80) or "")
            if 3 <= len(text) <= 60 and split_byline(text)[0]:
                out.append((el, text))
                break
    return out


_DOM_RULES = (_rel_author, _byline_classed, _labelled_author, _by_text, _author_box)


class BylineCandidates:
    """Each DOM rule's candidates in the article's place, region by region, in trust order,
    with the one nearest the headline; computed once per page, as far as a reader asks.

    Three readers walk them (the nearest byline, a login's byline, the first byline
    that names a person); without this each would run the rules and their
    document walks again on the pages that fall through to the last fallbacks.
    """

    def __init__(self, view: PageView) -> None:
        # The generator holds the view, not self: no reference cycle for the collector.
        self._pending = _each_rule_candidates(view)
        self._done: list[tuple[dict[Any, str], Any]] = []

    def __iter__(self) -> Iterator[tuple[dict[Any, str], Any]]:
        """(element -> raw text, the element nearest the headline or None), per rule."""
        i = 0
        while True:
            if i == len(self._done):
                computed = next(self._pending, None)
                if computed is None:
                    return
                self._done.append(computed)
            yield self._done[i]
            i += 1


def _each_rule_candidates(view: PageView) -> Iterator[tuple[dict[Any, str], Any]]:
    regions = [view.root] if view.scope is None else [view.scope, view.root]
    columns: dict[etree._Element, bool] = {}  # scope.in_comment's finding per block
    for region in regions:  # the article's own element first: cheaper, and its byline
        for rule in _DOM_RULES:
            found = {
                el: text
                for el, text in rule(region)
                if _article_place(view, el, columns) and not _in_figure(el, view.headline_element)
            }
            found = {el: t for el, t in found.items() if not _wraps_form_and_byline(el, found)}
            yield found, nearest_to_headline(view, list(found))


def find_byline_dom(candidates: BylineCandidates) -> str:
    """The article's visible byline text (raw), or ''.

    Rules in trust order; within a rule, the candidate that belongs to the
    headline (scope.nearest_to_headline) outside the page's chrome and outside
    teaser links wins, so a "most read" card's author is never the article's.
    """
    for found, best in candidates:
        if best is not None:
            return found[best]
    return ""


def find_named_byline_dom(view: PageView, candidates: BylineCandidates) -> str:
    """The first visible byline that names a person, in the order of find_byline_dom.

    A fallback for when the nearest candidate names nobody: an author card's
    wrapper that glues name, role and bio together ("By Jane Doe Jane Doe Opinion
    writer … Email Bio Follow"), a "See full bio" link, while a smaller byline
    element beside it holds the name alone.
    """
    for found, best in candidates:
        rest = dict(found)
        while best is not None:
            text: str = rest.pop(best)
            if split_byline(text)[0]:
                return text
            best = nearest_to_headline(view, list(rest))
    return ""


def _wraps_form_and_byline(el: etree._Element, found: dict[Any, str]) -> bool:
    """A wrapper of a byline candidate and a form, as an author flyout's ("By Fox News
    View author archive Get author RSS feed" and a contact form): the byline inside it
    is read alone. A byline holding a form but no byline is read without the form."""
    if next(el.iter("form", "textarea"), None) is None:
        return False
    return any(other is not el and el in other.iterancestors() for other in found)


def _in_figure(el: Any, headline: Any) -> bool:
    """A picture's caption or credit ("<figure><div class="cutline-byline-container">"):
    it names who is pictured or who took the photo, not who wrote the article. A hero
    figure that holds the headline holds its byline too, and a ``rel="author"`` link is
    the writer's wherever it stands (an author's avatar and name in a figure)."""
    if el.get("rel") == "author":
        return False
    for figure in (el, *el.iterancestors()):
        if figure.tag in ("figure", "figcaption"):
            return headline is None or not within(headline, figure)
    return False


def _article_place(view: PageView, el: Any, columns: dict[etree._Element, bool]) -> bool:
    """Outside teaser links, the page's chrome and readers' comments: a comment's
    byline ("By John Roe", a ``comment-author`` element) names a reader, never the
    article's writer, however few links its thread holds."""
    title = view.headline_element
    return (
        not in_foreign_link(view, el)
        and not is_chrome(el, stop=view.scope, title=title, tags_in_scope=False)
        and not in_comment(el, title, columns)
    )


def _publisher_names(page: Any, article: dict[str, Any], site: str) -> set[str]:
    from aggregator.parser.text import norm_key

    names = {site} if site else set()
    publisher = article.get("publisher") if article else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.add(publisher["name"])
    names.add(page.meta_first("og:site_name"))
    host = re.sub(r"^www\.", "", re.sub(r"^https?://([^/]+).*$", r"\1", page.url or ""))
    names.add(host)
    names.add(host.split(".")[0])
    return {norm_key(n) for n in names if n and len(norm_key(n)) >= 2}


def _is_publisher(name: str, publishers: set[str]) -> bool:
    from aggregator.parser.text import norm_key

    key = norm_key(name)
    return bool(key) and any(
        key == p or (len(p) >= 4 and (p in key or key in p)) for p in publishers
    )


def _split_publishers(
    persons: list[str], orgs: list[str], publishers: set[str]
) -> tuple[list[str], list[str]]:
    """A "person" whose name is the site or its publisher is a credit ("STERN.de", "n-tv")."""
    from aggregator.parser.text import norm_key

    keep = []
    for name in persons:
        key = norm_key(name)
        if key and any(key == p or (len(p) >= 4 and (p in key or key in p)) for p in publishers):
            orgs = orgs + [name]
        else:
            keep.append(name)
    # "Scott Gilbertson Gear Team" next to "Scott Gilbertson" and "Gear Team": drop the glued one.
    keys = [norm_key(n) for n in keep + orgs]

    def glued(n: str) -> bool:
        nk = norm_key(n)
        return any(k != nk and k and nk.startswith(k) and len(nk) > len(k) + 3 for k in keys)

    keep = [n for n in keep if not glued(n)]
    orgs = [n for n in orgs if not glued(n)]
    return keep, _dedupe(orgs)


def _twitter_label_author(page: Any) -> list[str]:
    """Yoast's ``twitter:label1 = Written by`` / ``twitter:data1 = Jane Doe`` pair."""
    out = []
    for i in range(1, 5):
        label = page.meta_first(f"twitter:label{i}")
        if label and vocab.WRITTEN_BY.match(label.strip()):
            data = page.meta_first(f"twitter:data{i}")
            if data:
                out.append(data)
    return out


Authors = tuple[list[str], list[str], str, str]  # (authors, credits, byline_raw, provenance)
_Step = Callable[[], Authors | None]


def find_authors(
    view: PageView, article: dict[str, Any], hints: Any = None, site: str = ""
) -> Authors:
    """(authors, credits, byline_raw, provenance) by trust order: JSON-LD, DOM, meta, feed."""
    return decide_authors(view, article, hints, site)[0]


def decide_authors(
    view: PageView, article: dict[str, Any], hints: Any = None, site: str = ""
) -> tuple[Authors, str]:
    """:func:`find_authors`'s answer and the name of the step that gave it ("none" if
    none did), so an audit can count what each step decides and how often it is right.
    """
    candidates = BylineCandidates(view)
    raw_dom = find_byline_dom(candidates)
    publishers = _publisher_names(view.page, article, site)
    declared = (article.get("author") or article.get("creator")) if article else None
    # The names JSON-LD declares, read once for the two steps that weigh them.
    names = _split_publishers(*names_from_jsonld(declared), publishers) if declared else None
    steps: tuple[tuple[str, _Step], ...] = (
        (
            "json-ld publisher, byline writer",
            lambda: _writer_for_publisher(names, raw_dom, publishers),
        ),
        ("json-ld", lambda: _jsonld_authors(names, raw_dom)),
        ("byline", lambda: _dom_authors(raw_dom, publishers)),
        ("meta", lambda: _meta_authors(view.page, publishers)),
        ("feed", lambda: feed_authors(hints)),
        ("json-ld login", lambda: _jsonld_logins(declared, publishers)),
        ("byline login", lambda: _dom_login(candidates, publishers)),
        (
            "named byline",
            lambda: _dom_authors(find_named_byline_dom(view, candidates), publishers),
        ),
    )
    for name, step in steps:
        found = step()
        if found is not None:
            return found, name
    return ([], [], raw_dom, ""), "none"


_Declared = tuple[list[str], list[str]]  # JSON-LD's (persons, organisations), publishers moved


def _writer_for_publisher(
    declared: _Declared | None, raw_dom: str, publishers: set[str]
) -> Authors | None:
    """JSON-LD names only the publisher; the visible byline names the writer."""
    if declared is None or not raw_dom:
        return None
    persons, orgs = declared
    if persons:
        return None
    dom_persons, dom_orgs = _split_publishers(*split_byline(raw_dom), publishers)
    if not dom_persons:
        return None
    # The publisher stood in for the writer; the writer is named now.
    keep = [o for o in orgs + dom_orgs if _is_agency(o) or not _is_publisher(o, publishers)]
    return dom_persons, _dedupe(keep), raw_dom, "heuristic"


def _jsonld_authors(declared: _Declared | None, raw_dom: str) -> Authors | None:
    if declared is None:
        return None
    persons, orgs = declared
    if not (persons or orgs):
        return None
    raw = raw_dom or ", ".join(persons + orgs)
    if raw_dom:
        # Agencies named only in the visible byline are credits too; nothing else of it:
        # beside the declared persons, the line's other "credits" are their roles and
        # desks ("Sarah Hinger, Staff Attorney, ACLU Racial Justice Program").
        dom_credits = [c for c in split_byline(raw_dom)[1] if _is_agency(c)]
        persons, orgs = _split_publishers(persons, _dedupe(orgs + dom_credits), set())
    return persons, orgs, raw, "json-ld"


def _jsonld_logins(value: Any, publishers: set[str]) -> Authors | None:
    """The last resort: an author JSON-LD declares only by a login, kept as a credit.

    A login ("happyface313") names the account that posted the page; any name the
    page or its meta tags give is better.
    """
    logins = [n for n in logins_from_jsonld(value) if not _is_publisher(n, publishers)]
    return ([], logins, ", ".join(logins), "json-ld") if logins else None


def _dom_login(candidates: BylineCandidates, publishers: set[str]) -> Authors | None:
    """After the JSON-LD's login: a visible byline that names only a login, kept as a credit.

    Each rule's candidate nearest the headline is read in trust order: the
    ``rel="author"`` link holds the bare login ("doumae"), the byline class
    around it the by-word that marks it as one ("by doumae").
    """
    for found, best in candidates:
        if best is None:
            continue
        raw = found[best]
        m = vocab.BY_LOGIN.match(clean(raw))
        login = m.group("login") if m else ""
        if (
            login
            and login.casefold() not in vocab.NOT_LOGINS
            and not vocab.PLACEHOLDER_AUTHOR.fullmatch(login)
        ):
            return None if _is_publisher(login, publishers) else ([], [login], raw, "heuristic")
    return None


def _dom_authors(raw_dom: str, publishers: set[str]) -> Authors | None:
    if not raw_dom:
        return None
    persons, orgs = _split_publishers(*split_byline(raw_dom), publishers)
    return (persons, orgs, raw_dom, "heuristic") if persons or orgs else None


def _meta_authors(page: Any, publishers: set[str]) -> Authors | None:
    """The first author meta key that names someone, with every value it is given: a
    tag per author ("parsely-author", "article:author" repeated), a citation key's
    "Surname, Given" turned round."""
    for key in (*vocab.AUTHOR_META, "twitter-label"):
        values = page.meta.get(key, ()) if key != "twitter-label" else _twitter_label_author(page)
        given = [v for v in values if v and not v.startswith("http")]
        if key in vocab.CITATION_META:
            given = [_given_name_first(v, scholarly=key == "citation_author") for v in given]
        persons: list[str] = []
        orgs: list[str] = []
        for value in _dedupe(given):
            a, c = split_byline(value)
            persons += a
            orgs += c
        persons, orgs = _split_publishers(_dedupe(persons), _dedupe(orgs), publishers)
        if persons or orgs:
            return persons, orgs, ", ".join(_dedupe(given)), "meta"
    return None


_SURNAME_FIRST = re.compile(r"([^,]+),\s*([^,]+)")


def _given_name_first(value: str, *, scholarly: bool) -> str:
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
    if any(_looks_like_org(p) or vocab.DEGREE.fullmatch(p) for p in (surname, name)):
        return value
    if len(surname.split()) > 3 or len(name.split()) > 2 or not _is_person(surname, surname=True):
        return value
    if not scholarly and len(surname.split()) > 1 and len(name.split()) == 1:
        # "Hans Müller, Berlin": a news site's creator and its place, which is no name.
        return value if _INITIAL.match(name) else surname
    one_word = len(surname.split()) == 1 or len(name.split()) == 1
    if not (one_word or _INITIAL.match(name.split()[-1])):
        return value
    bare = name
    while len(bare.split()) > 1 and bare.split()[-1] in vocab.LOWER_PARTICLES:
        bare = bare.rsplit(" ", 1)[0]  # "Vries, Jan de": the particle goes with the surname
    ok = _is_person(bare) or _INITIAL.match(bare) or _INITIALS.match(bare)
    return f"{name} {surname}" if ok else value


def feed_authors(hints: Any) -> Authors | None:
    """The feed entry's author names, split into persons and organisations."""
    names = getattr(hints, "authors", None) if hints is not None else None
    if not names:
        return None
    persons: list[str] = []
    orgs: list[str] = []
    for name in names:
        a, c = split_byline(name)
        persons += a
        orgs += c
    if not (persons or orgs):
        return None
    return _dedupe(persons), _dedupe(orgs), ", ".join(names), "feed"
