"""The line filters: which of the walk's blocks are furniture lines (a label, a byline,
a date stamp, a picture credit, a related-reading label, a call to action, a wire
story's credit note) rather than the text. Its own step: it reads each block's text
alone, after the walk, and every path to the body's paragraphs passes through it."""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import pairwise

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.body.measure import WORD
from aggregator.parser.body.walk import Block, emit_blocks
from aggregator.parser.byline import split_byline
from aggregator.parser.byline.agencies import canonical_agency, is_agency
from aggregator.parser.dates.parse import relative_stamp
from aggregator.parser.scope import caption_classed, within
from aggregator.parser.text import norm_key
from aggregator.schema import Article

# A middle dot or a bullet between a line's pieces.
_DOT_SEPARATOR = re.compile(r"\s[·•]\s")

# A word with a letter first (numbers and signs beside a date are no words of a sentence),
# or a handle.
_LETTERED = re.compile(r"@?[^\W\d_][\w'’.-]*")


def _link_line(block: Block) -> bool:
    """Mostly link text (a menu or teaser line), unless it is one address spelled out."""
    n = len(block.text)
    if block.link_chars <= (0.8 if n > 100 else 0.5) * n:
        return False
    return not vocab.PRINTED_ADDRESS.fullmatch(block.text)  # "write to us at:" + x@y.org


def filter_blocks(
    blocks: list[Block],
    headline: str = "",
    byline: Collection[str] = (),
    *,
    credit_notes: bool = False,
) -> list[str]:
    """Drop furniture lines; keep paragraphs, subheadings and real list items.

    ``byline`` holds the lines the authors were read from (the byline as printed, each
    name): such a line before the text opens is the byline, printed bare ("Jane Doe" in a
    ``div.author-name`` beside the paragraphs), not the text's first line.

    With ``credit_notes`` (the walk that finds the article's text), the closing notes
    that credit an agency (``closing_note_credits``: "Additional reporting by Reuters",
    "Copyright 2026 The Associated Press. All rights reserved.") stay after the text, in
    their order, for the credit step (``fields.agency_credits_in_text``) to read and take
    out (not an agency's copyright notice in a media box, ``_in_media_box``); the other
    furniture closing the text goes."""
    head_key = norm_key(headline) if headline else ""
    printed_byline = {line for line in byline if line}
    out: list[str] = []
    kinds: list[str] = []
    elements: list[object] = []
    opened = False  # a paragraph of the text's length was met
    for block in blocks:
        text = block.text
        if not text:
            continue
        if not opened and block.kind == "p" and len(text) < vocab.LEAD_MIN_CHARS:
            if _opening_credit(block) or text in printed_byline:
                continue
        elif block.kind == "p":
            opened = True
        if block.kind == "h1" or _headline_again(block, headline, head_key):
            continue  # the headline is its own field
        if credit_notes and _agency_notice(text):
            out.append(text)  # kept only if it closes the text, below
            kinds.append("notice")
            elements.append(block.element)
            continue
        if (
            _link_line(block)
            or (
                _furniture_line(text, block.kind == "h")
                and not _split_from_text(block, out, elements)
            )
            or _related_label_line(block)
            or _call_to_action_box(block)
        ):
            continue
        out.append(text)
        kinds.append(block.kind)
        elements.append(block.element)
    # Calls to action that close the text: newsletter, app, donation and social prompts;
    # a subheading with nothing under it heads a list of links the walk dropped; a wire
    # story's closing note of who else reported and edited it. Not a closing line that a
    # blank line (<br><br>) alone sets apart from the text before it in one element: the
    # text's own last words ("Viel Spaß beim Basteln!").
    closing: list[tuple[str, str, object]] = []
    while out and _closing_line(out[-1], kinds[-1]):
        if len(out) > 1 and elements[-1] is not None and elements[-1] is elements[-2]:
            break
        closing.insert(0, (out.pop(), kinds.pop(), elements.pop()))
    # an agency's copyright notice inside the text (under an embedded video) is furniture
    kept = [
        (line, el) for line, kind, el in zip(out, kinds, elements, strict=True) if kind != "notice"
    ]
    if not kept:
        return []
    last = kept[-1][1]
    notes = [
        line
        for line, kind, el in closing
        if credit_notes
        and closing_note_credits(line)
        and not (kind == "notice" and _in_media_box(el, last))
    ]
    return [line for line, _ in kept] + notes


def _in_media_box(el: object, text_end: object) -> bool:
    """A copyright notice that is no block of the text itself: one inside a box with a
    picture, a video or an embed (a figure, a player) apart from the text's paragraphs
    (``text_end``, the last of them), or right after a caption ("Copyright 2026 The
    Associated Press" under a video embedded at the end of a staff story)."""
    if not isinstance(el, etree._Element):
        return False
    before = el.getprevious()
    if before is not None and (before.tag in ("figure", "figcaption") or caption_classed(before)):
        return True
    if not isinstance(text_end, etree._Element):
        return False
    node: etree._Element | None = el
    while node is not None and not within(text_end, node):
        if next(node.iter(*_MEDIA_TAGS), None) is not None:
            return True
        node = node.getparent()
    return False


# What a media box holds beside a notice: a picture, a player, an embed.
_MEDIA_TAGS = ("img", "picture", "figure", "video", "audio", "iframe", "embed", "object")


def closing_in_text(parts: list[etree._Element], body: list[str]) -> bool:
    """Whether the body's last line is printed in the element of the line before it in
    the walked ``parts``, set apart by a blank line (``<br><br>``) alone: the text's own
    last words, which ``filter_blocks`` keeps as text, not a closing note of its own."""
    if len(body) < 2 or not parts:
        return False
    return any(
        a.element is not None and a.element is b.element and (a.text, b.text) == tuple(body[-2:])
        for a, b in pairwise(emit_blocks(parts))
    )


def closing_note_credits(text: str) -> list[str]:
    """The agencies a wire story's closing note credits, under their one names (as a
    byline's credits are named): a credit note ("Additional reporting by Reuters", "Mit
    Material von dpa", "Con información de EFE"), a contribution note ("The Associated
    Press contributed to this report."), an agency's notice (``_agency_notice``:
    "Copyright 2026 The Associated Press. All rights reserved.", "© dpa-infocom,
    dpa:261207-99-123456/2", "Bron: ANP") or the wire's signature (``_signature_credits``:
    "dpa/lno", "Com Lusa"). [] for any other line, and for a note that names no agency
    ("Reporting by Jane Doe; editing by John Roe")."""
    if _credit_note(text):
        return _agencies_named(text)
    return _agency_notice(text) or _signature_credits(text)


def _agency_notice(text: str) -> list[str]:
    """The agency a notice names as the text's holder or source: a copyright notice's
    holder ("Copyright 2026 The Associated Press. All rights reserved."), a holder that
    signs an agency's copy on its clients' sites without "All rights reserved" ("©
    dpa-infocom, dpa:261207-99-123456/2" is dpa's), or the agency after a source's label
    ("Bron: ANP", "Quelle: dpa"). Furniture inside the text, such a notice credits the
    agency only closing it (``filter_blocks``). [] for any other line."""
    if len(text) >= vocab.COPYRIGHT_NOTICE_MAX:
        return []
    if vocab.SOURCE_LABEL.match(text):
        return _signature_credits(text)
    m = vocab.COPYRIGHT_HOLDER.match(text)
    holder = m.group("holder") if m else ""
    if holder.lower() in vocab.NOTICE_HOLDER_AGENCY:
        return [vocab.NOTICE_HOLDER_AGENCY[holder.lower()]]
    if not vocab.COPYRIGHT_NOTICE.match(text) or not is_agency(holder):
        return []
    return [] if holder.lower() in vocab.HOUSE_CREDITS else [canonical_agency(holder)]


def _signature_credits(text: str) -> list[str]:
    """The agencies a wire's signature on a line of its own credits (``vocab.
    CREDIT_SIGNATURE``: "dpa/lno", "(dpa/lby)", "Com Lusa", "(com Lusa)", "Bron: ANP"),
    read as the byline reader reads a credit (``split_byline``). Each part between its
    slashes is one of those credits written as the agency writes it (in capitals, or as
    its one name: "ap/lno" and "Pa." credit no one) or a desk's mark ("lno"); a line with
    anything else, or naming a person, is no signature. [] for any other line."""
    m = vocab.CREDIT_SIGNATURE.fullmatch(text) if len(text) <= vocab.SIGNATURE_MAX_CHARS else None
    if m is None:
        return []
    authors, credits = split_byline(m.group("line"))
    if authors or not all(is_agency(c) and c.lower() not in vocab.HOUSE_CREDITS for c in credits):
        return []
    parts = re.split(r"\s*/\s*", m.group("names").strip())
    # Keystone-SDA and ATS print their own mark and every agency after it in lower case
    # ("sda/afp", "ats/afp/reuters"): there, and only there, a lower-case part is the
    # agency's writing.
    swiss = next((i for i, part in enumerate(parts) if part in _SWISS_HOUSE), len(parts))
    cased = [(part, i >= swiss) for i, part in enumerate(parts)]
    printed = {c for c in credits for part, lower in cased if _printed_as(part, c, lower)}
    if printed != set(credits) or not all(
        vocab.DESK_MARK.fullmatch(part) or any(_printed_as(part, c, lower) for c in credits)
        for part, lower in cased
    ):
        return []
    return [canonical_agency(c) for c in credits]


# The Swiss agency's own marks in a signature, printed in lower case (sda German, ats French).
_SWISS_HOUSE = frozenset({"sda", "ats"})


def _printed_as(part: str, credit: str, lower_case: bool = False) -> bool:
    """``part`` prints the agency ``credit`` as the agency writes it: its name, or in
    capitals ("DPA" is dpa; "Afp" and "Pa." are no agency's writing), or with
    ``lower_case`` (from a Swiss house mark on) in lower case ("sda/afp" is SDA and AFP)."""
    cased = part.isupper() or (lower_case and part.islower())
    return part == credit or (cased and canonical_agency(part) == canonical_agency(credit))


def _agencies_named(note: str) -> list[str]:
    """The known agencies a credit note names: each run of words between the note's own
    words and its stops ("Jane Doe", "Reuters", "The Associated Press") that is an
    agency's name or opens with one ("AP Technology Writer Jane Doe", "CNN's Dana Bash"),
    and an agency printed in lower case ("mit dpa", "avec l'AFP")."""
    found: list[str] = []
    run: list[str] = []
    place = False  # the words after "in": a place, its state ("in Harrisburg, Pa.,")
    for token in _NOTE_TOKEN.finditer(note + "."):
        word = token.group()
        if _LETTERED.fullmatch(word) and not _note_word(word):
            run.append(_POSSESSIVE.sub("", word))
            continue
        named = "" if place and len(run) == 1 else _run_agency(run)
        for part in (named, *word.split("-")):  # "Mit dpa-Material"
            if part and is_agency(part) and part.lower() not in vocab.HOUSE_CREDITS:
                agency = canonical_agency(part)
                if agency not in found:
                    found.append(agency)
        run = []
        place = word == "in" or (place and word in _PLACE_STOPS)
    return found


# The stops between a place's parts: "in Pittsburgh, PA;", "in Amaravati, Andhra Pradesh (AP)".
_PLACE_STOPS = frozenset(",()")


def _run_agency(words: list[str]) -> str:
    """The agency a run of a note's words names, or opens with: its whole name ("The
    Associated Press"), or a name of two words or more, or one written as the agency
    writes it ("AP", "Reuters"; not "Pa."), before a person's ("AP Technology Writer
    Jane Doe"). A one-word agency before other words must be in capitals: "Pa Dedeh
    Jallow" is a person's name."""
    for size in range(min(len(words), _AGENCY_WORDS_MAX), 0, -1):
        name = " ".join(words[:size])
        alone = size == len(words)
        if is_agency(name) and (size > 1 or name.isupper() or (alone and _as_written(name))):
            return name
    return ""


def _as_written(word: str) -> bool:
    """A one-word agency written as the agency writes it ("Reuters", "dpa"), not a
    word that only spells it in another case ("Pa." for Pennsylvania is not PA)."""
    return word == canonical_agency(word)


# An agency's name is this many words at most ("The Canadian Press", "Agence France Presse").
_AGENCY_WORDS_MAX = 4
# The possessive after an agency's name: "CNN's Dana Bash", "Reuters’".
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")


def _note_word(word: str) -> bool:
    """One of a credit note's own words ("Additional", "reporting", "by", "Mit"), or a
    word in lower case; not "The" opening an agency's name ("The Associated Press")."""
    return word[0].islower() or (word != "The" and word.lower() in vocab.CREDIT_NOTE_WORDS)


# A credit note's words and its stops (a bracket, a semicolon, a comma, a full stop).
_NOTE_TOKEN = re.compile(r"@?[^\W\d_][\w'’.-]*(?<![.])|[^\w\s'’-]")


def byline_lines(article: Article) -> list[str]:
    """The lines the article's authors were read from on the page (its visible byline):
    the byline as printed, each name. A name from the meta tags or JSON-LD was read from
    no line, and a line that prints it may be the text's (an interview's speaker)."""
    if article.provenance.get("authors") != "heuristic":
        return []
    return [article.byline_raw or "", *article.authors]


def _headline_again(block: Block, headline: str, head_key: str) -> bool:
    """The title again, or a kicker and the title in the article's header (an ``<h2>``)."""
    if not head_key or block.kind not in ("h", "p") or len(block.text) >= len(headline) + 80:
        return False
    key = norm_key(block.text)
    return key == head_key or (
        block.element is not None
        and block.element.tag == "h2"
        and len(head_key) >= 15
        and key.endswith(head_key)
    )


def _closing_line(text: str, kind: str) -> bool:
    """A line that may close the text as furniture: a call to action, a subheading with
    nothing under it, a wire story's credit note."""
    return _call_to_action(text) or kind in ("h", "notice") or _credit_note(text)


def _split_from_text(block: Block, out: list[str], elements: list[object]) -> bool:
    """``block`` goes on in the element of the text's paragraph kept just before it, set
    apart by a blank line (``<br><br>``) alone: the text's next words ("By Friday,
    nothing had changed."), not a byline or a stamp a template prints in a line of its
    own."""
    return (
        block.element is not None
        and bool(elements)
        and elements[-1] is block.element
        and len(out[-1]) >= vocab.LEAD_MIN_CHARS
    )


def _opening_credit(block: Block) -> bool:
    """A short line before the text's first paragraph that is a picture's caption ending
    in its agency's credit, beside its picture ("Un Frecciarossa a Bologna (Ansa)") or
    with a photographer's slash credit anywhere ("… le 2 septembre. JEAN DUPONT / AFP"),
    or a byline with its date that does not end as a sentence ("Ana López | Madrid | 01
    dic 2026 - 10:30 CET"): furniture a template prints in the text's container. Further down, a
    short line ending in "(dpa)" may close a paragraph, and a lead caption (a figure's,
    a caption-classed line's) opening the text stays its opening (``Walker._lead_caption``)."""
    el = block.element
    if el is not None and (el.tag in ("figure", "figcaption") or caption_classed(el)):
        return False
    text = block.text
    credit = _CREDIT_AT_END.search(text)
    if credit and credit.group("agency").strip(" .").casefold() in vocab.AGENCIES:
        # a caption is a phrase (words in lower case); "BERLIN (dpa)", "RIO DE JANEIRO
        # (AP)" over the text are its dateline. Only a photographer's "NAME / AGENCY"
        # is a credit anywhere: "… lundi (AFP)" away from a picture is a short lead.
        slash = credit.group(0).lstrip().startswith("/")
        return any(w[0].islower() for w in _LETTERED.findall(text[: credit.start()])) and (
            slash or _beside_picture(el)
        )
    if _SENTENCE_END.search(text):
        return False  # "Rom, 1. Dezember 2026: Der Haushalt steht.": a sentence, no byline
    names = _NAMES_BEFORE_DATE.match(text)
    if names is None or not _YEAR_OR_TIME.search(text, names.end()):
        return False
    after = _LETTERED.findall(text[names.end() :])
    lower = sum(w[0].islower() for w in after)
    if len(after) > vocab.DATE_LINE_MAX_WORDS or lower > _DATE_LOWER_WORDS_MAX:
        return False  # "Berlin, 12 people were injured in 2024": a sentence after the number
    words = _LETTERED.findall(names.group(1))
    return not any(w[0].islower() for w in words) and bool(split_byline(text)[0])


def _beside_picture(el: etree._Element | None) -> bool:
    """A picture (an img, picture or figure) stands just before ``el`` or inside it."""
    if el is None:
        return False
    before = el.getprevious()
    return any(
        node is not None and (node.tag in _PICTURE_TAGS or node.find(".//img") is not None)
        for node in (before, el)
    )


_PICTURE_TAGS = ("img", "picture", "figure")
# A line ending as a sentence: a word of three letters or more, then its stop.
_SENTENCE_END = re.compile(r"[^\W\d_]{3,}[.!?]$")


# The credit closing a caption: an agency in brackets, after a sentence's end, or after a
# photographer's name and a slash.
_CREDIT_AT_END = re.compile(r"(?:\(|[.!?]\s+|\s/\s*)(?P<agency>[^\W\d_][\w .&-]{1,30}?)\)?\s*$")


# What stands before a byline's date: names and places, up to a separator ("Ana López |
# Madrid | ", "Berlin, "). "Am 12. März beginnt …" has none: a sentence. The date after
# it holds a year or a clock time, with a few words at most (a month, "CET", "min read").
_NAMES_BEFORE_DATE = re.compile(r"^(\D+?)\s*[|,·–—-]\s*(?=\d)")
_YEAR_OR_TIME = re.compile(r"\b(?:19|20)\d\d\b|\d[:h]\d\d")
_DATE_LOWER_WORDS_MAX = 2


def _furniture_line(text: str, heading: bool) -> bool:
    """A line of the page's furniture: a label, a reading time, a byline, a date stamp,
    a copyright notice, an author's contact line."""
    n = len(text)
    return bool(
        vocab.JUNK_SHORT.match(text)
        or (n < 40 and vocab.READING_TIME.match(text))
        or (n < 120 and (vocab.JUNK_LINE.match(text) or _label_line(text)))
        or (n < 120 and vocab.CTA_LINE.match(text) and not vocab.REPORTED.search(text))
        or (n < vocab.COPYRIGHT_NOTICE_MAX and vocab.COPYRIGHT_NOTICE.match(text))
        or (n < 100 and (_byline_line(text) or _date_line(text, heading)))
        or (n < 300 and vocab.CONTACT_LINE.search(text))
    )


def _date_line(text: str, heading: bool) -> bool:
    """A date or time stamp: a date or a clock time, and little else beside it.

    What stands beside the date (its label, a weekday and the like taken out) may be a
    short name or a place, never words in lower case: "Updated at 1:23 p.m.", "Bettina
    Kugler 19.10.2019, 05:00 Uhr" go; "In 2012, 40 people died.", "Turnout was 64.25
    percent, up from 2019." and "Open daily 10:00-18:00" stay, and so does an embedded
    post's signature ("— Jane Doe (@jdoe) May 3, 2024": a handle). Beside a year
    without its day, one word in lower case may stand ("Posted in 2019" is as often
    furniture as "end 2013" is text: the validation part's aggregates weigh them so;
    "He died in 1987." has two). A year or a month and year alone is a stamp in a paragraph, but a
    heading that is one heads a timeline ("2019", "March 2020"); a heading of a year and
    a name ("Tokyo 2020") is a stamp.
    """
    pieces = _DOT_SEPARATOR.split(text)
    if len(pieces) > 1 and any(vocab.READING_TIME.match(p.strip()) for p in pieces):
        text = " | ".join(pieces)  # "Oct 19, 2016 · 10 min read" (Medium)
    lower_case = 0  # words in lower case allowed beside the date
    if not vocab.DATE_LINE.match(text):
        # the line's shape: a short label or name, the date, a short tail; or a time
        # counted back from now as the date rules read it ("Published 3 hours ago")
        relative = relative_stamp(text)
        if relative is None:
            return False
        rest = text[: relative.start()] + " " + text[relative.end() :]
    elif (rest := vocab.DATE_STAMP.sub(" ", text)) == text:
        rest = vocab.DATE_LOOSE.sub(" ", text)
        if rest == text or (heading and not rest.strip()):
            return False
        lower_case = 1
    words = _LETTERED.findall(vocab.DATE_FILLER.sub(" ", rest))
    return (
        len(words) <= vocab.DATE_LINE_MAX_WORDS
        # a line without spaces (Japanese, Chinese) is one "word" however long
        and sum(map(len, words)) <= vocab.DATE_LINE_MAX_LETTERS
        and sum(w[0].islower() for w in words) <= lower_case
        and not any(w[0] == "@" for w in words)
    )


def _byline_line(text: str) -> bool:
    """A by-word followed by names: "By Jane Doe", "Von Jana Freitag, dpa", "Autor: red".

    By, von, por and par open sentences too ("By 2030, …", "By the numbers", "Von der
    Leyen kündigte …", "Por su parte, …"): the line is a byline when ``split_byline``
    reads a name or a credit right after the by-word (an article at most before it), or
    when the label stands with nothing after it ("Text: /").
    """
    m = vocab.BYLINE_LINE.match(text)
    if m is None:
        return False
    rest = m.group("rest")
    if not WORD.search(rest):
        return True
    authors, credits = split_byline(text)
    if not authors and not credits:
        return False
    first = re.search(rf"\b{re.escape((authors + credits)[0].split()[0])}", rest, re.IGNORECASE)
    if first is None:
        return False
    before = rest[: first.start()]
    return len(before.split()) <= 1 and not re.search(r"[\d,.;:]", before)


def _label_line(text: str) -> bool:
    """A picture credit or a tag list: "Photo : AFP", "Tags: budget, city council".

    The label's words open sentences too ("Credit: banks tightened lending standards …",
    "Photo : le ministre lors de l'entretien.", "Tags: the researchers fitted 40 birds
    …"): a credit names a person or an agency (a few words in lower case beside them at
    most), a tag list is words or short phrases between commas or bars.
    """
    m = vocab.PICTURE_CREDIT.match(text)
    if m:
        rest = m.group("rest")
        words = _LETTERED.findall(rest)
        if len(words) == 1 and " " not in rest.strip():
            return len(rest.strip()) <= vocab.CREDIT_UNSPACED_MAX_CHARS
        parts = [part.strip(" .").lower() for part in re.split(r"[/|,;]", rest)]
        if any(part in vocab.AGENCIES or vocab.PICTURE_AGENCY.fullmatch(part) for part in parts):
            return True
        lower = [w for w in words if w[0].islower() and w.rstrip(".") not in vocab.AGENCIES]
        return len(lower) <= vocab.CREDIT_LOWER_WORDS_MAX and not vocab.REPORTED.search(rest)
    m = vocab.TAG_LIST.match(text)
    if m:
        tags = re.split(r"[,|·;/•]", m.group("rest"))
        return all(len(tag.split()) <= vocab.TAG_MAX_WORDS for tag in tags)
    return False


def _related_label_line(block: Block) -> bool:
    """A related-reading label before a teaser's title: "Mehr zum Thema Corona".

    The label marked off by a colon or a bar is JUNK_LINE's; without one, the line must
    read as a teaser: no sentence's end, and mostly a link's text or a title's words (no
    clause after a comma, one word in lower case at most: "More from the Courier:").
    "Siehe auch die Antwort des Ministeriums: „Wir prüfen den Vorgang.“", "Zie ook de
    grafiek hieronder:", "Zobacz także, jak zmieniało się miasto (galeria)" are the
    text's sentences.
    """
    text = block.text
    m = vocab.RELATED_LINE.match(text)
    if m is None or vocab.SENTENCE_END.search(text):
        return False
    if block.link_chars * 2 >= len(text):
        return True
    rest = text[m.end() :]
    lower = sum(word[0].islower() for word in _LETTERED.findall(rest))
    return not re.search(r"[,，、]", rest) and lower <= vocab.RELATED_REST_LOWER_MAX


def _credit_note(text: str) -> bool:
    """A wire story's closing credit note: "(Reporting by …; Editing by …)", "mit dpa".

    Beside the note's own words it holds only names, places and agencies: "Reporting by
    the BBC revealed the scandal." is a report's last sentence. A word joined by a
    hyphen is read part by part ("Mit dpa-Material").
    """
    if len(text) >= vocab.CLOSING_NOTE_MAX or not vocab.CREDIT_NOTE.search(text):
        return False
    return all(
        part in vocab.CREDIT_NOTE_WORDS or is_agency(part) or not part[:1].islower()
        for word in _LETTERED.findall(text)
        for part in word.rstrip(".").split("-")
    )


def _call_to_action(text: str) -> bool:
    """A short line closing the text that asks the reader to subscribe, follow, download
    or donate.

    The topic alone does not make one ("The video was widely shared on social media"
    closes a report): the line must speak to the reader ("you", "our" or an imperative),
    outside quoted speech, and report no one's words ("Secondo il ministro, la nostra app
    …", "Volgens de minister moet de app voor ons allemaal gratis blijven").
    """
    if len(text) >= vocab.CLOSING_NOTE_MAX:
        return False
    if vocab.CTA_PHRASE.search(text):
        return True
    return bool(
        vocab.CTA_TOPIC.search(text)
        and vocab.READER_ADDRESS.search(vocab.QUOTED.sub(" ", text))
        and not vocab.REPORTED.search(text)
    )


def _call_to_action_box(block: Block) -> bool:
    """A sign-up or follow box between two paragraphs: "Join our WhatsApp channel …".

    Inside the text the same imperatives open reported advice and scam messages ("Follow
    the money, the senator said", "Síguenos en Telegram, pedía el mensaje de los
    estafadores") and nouns ("Download speeds", "Folge 12 des Podcasts"): the paragraph
    must open with the imperative, speak for the outlet ("our", "us"), link the channel,
    the newsletter or the store it names, quote no one and report no one's words.
    """
    text = block.text
    return bool(
        len(text) < vocab.CLOSING_NOTE_MAX
        and block.link_chars
        and vocab.CTA_OPENING.match(text)
        and vocab.CTA_TOPIC.search(text)
        and vocab.READER_WORDS.search(text)
        and not vocab.QUOTED.search(text)
        and not vocab.REPORTED.search(text)
    )
