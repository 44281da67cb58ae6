"""What is cut from a byline before it is read as names: on the whole line, other
people's credits, dates, labels and roles glued to the name; on each part, by-words,
labels, dates, prompts, titles and degrees.

These cuts depend on no name or agency test, so they run first and alone.
"""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.text import clean

_LABEL_BY = re.compile(
    r"^(?:[a-zäöüéèà][\w\-]*\s+){1,2}(?:by|von|por|par)\s+(?!(?:der|den|dem|la|le|de)\s)(?=\S)"
)
_GLUED = re.compile(r"(?<=[a-zäöüßéèáíóú])(?=[A-ZÄÖÜ][a-zäöü])")
# A short label before a colon that opens a part ("Tekst: Jan de Vries").
# Its second word is lower case: "Jane Doe: Opinion" is a name, not a label.
_LEADING_LABEL = re.compile(r"^([^\W\d_][\w\-]*(?:\s[^\W\d_A-ZÀ-ÞА-Я][\w\-]*)?)\s*[:：]\s*(?=\S)")

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
# A date after a dash or a bar that ends the line, opened by its day and holding a year or
# a clock time: "Par Claire Martin - 01 déc. 2026 à 09h30", "Ana López | Madrid | 01 dic
# 2026 - 10:30 CET". Cut whole before the line is split (its slashes and "y"/"et" would
# split it into parts; a month's abbreviation "déc." is no name's word either).
_DASHED_DATE = re.compile(
    r"\s+[-–—|]\s+(?=\d{1,2}\b)(?=[^|]*?(?:\b(?:19|20)\d\d\b|\d[:h]\d\d))[^|]{0,40}$",
    re.IGNORECASE,
)
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


def prepare_line(text: str) -> str:
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
    text = vocab.LEADING_DATE.sub("", _DASHED_DATE.sub("", text))
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


def clean_part(part: str) -> str:
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
