"""Date and time stamps among the text's lines, built from the month names
(``dates.MONTHS``). Read by the body's line filters and ``inline`` step, and by
``dates/lines.py``.
"""

from __future__ import annotations

import re

from aggregator.parser.vocab.dates import MONTHS

# A line of the text is a date stamp when, its dates and times and the words that go
# with them (DATE_FILLER) taken out, at most DATE_LINE_MAX_WORDS words stand (of at most
# DATE_LINE_MAX_LETTERS letters), none of them in lower case: "Published: 3 May 2024,
# 10:12", "Bettina Kugler 19.10.2019, 05:00 Uhr", "Bonn, 11.10.2021". A sentence has
# words in lower case: "In 2012, 40 people died.", "Kick-off is at 15:00."
_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
# A preposition or article before a date or a time belongs to it ("am 13. Mai", "um 15:44").
_DATE_GLUE = r"(?:\b(?:at|on|um|am|à|le|el|de|del|alle|a las)\s*)?"
# A date with its day (in digits or words) or a clock time: a stamp as it stands.
DATE_STAMP = re.compile(
    _DATE_GLUE + r"(?:"
    r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d\d(?![\d.])"  # 19.10.2019, 23. 12. 2024
    r"|(?<![\d/-])\d{1,2}([/-])\d{1,2}\1(?:19|20)?\d\d(?![\d/-])"  # 05/03/2024
    r"|(?<!\d)(?:19|20)\d\d([-/.])[01]?\d\2[0-3]?\d(?!\d)"  # 2024-05-03
    r"|(?:19|20)\d\d\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日일])?"
    rf"|(?<!\d)\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?:{_MONTH})\b\.?,?"
    r"(?:\s*(?:de\s+)?(?:19|20)\d\d(?!\d))?"  # 3 May 2024, 21. Jan 2022, 18 abril, 2022
    rf"|\b(?:{_MONTH})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d\d(?!\d))?"
    # a clock time, not one end of a range ("open 10:00-18:00")
    r"|(?<![\d:.,–-])(?<![-–]\s)\d{1,2}(?::[0-5]\d){1,2}(?![\d:]|\s*[-–]\s*\d)"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*uhr)?"
    r"|(?<![\d.,])\d{1,2}(?:h[0-5]\d|[.][0-5]\d\s*uhr)\b"  # 07h36, 19.18 Uhr
    # a live blog's entry time, British style: "2.15pm", "14.15 GMT" (no decimal has these)
    r"|(?<![\d.,])\d{1,2}[.][0-5]\d(?:\s*[ap]\.?m\b\.?|(?=\s*(?:gmt|bst|utc|cet|cest)\b))"
    r")",
    re.IGNORECASE,
)
# A month and its year, or a year alone: a stamp only when little else stands in the
# line ("Mai 2013", "2019"); a heading that is one is a timeline's, and stays.
DATE_LOOSE = re.compile(
    rf"{_DATE_GLUE}(?:\b(?:{_MONTH})\b\.?\s+)?(?<!\d)(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?(?!\d)",
    re.IGNORECASE,
)
# Words that go with a date: its label, a weekday, "today", a zone, "Uhr", a reading time.
DATE_FILLER = re.compile(
    r"\b(?:published|updated|posted|last updated|stand|veröffentlicht|aktualisiert|"
    r"publiziert|erstellt|actualizado|publicado|publié|mis à jour|créé|modifié)\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)[.,])|"
    r"\b(?:today|yesterday|heute|gestern|hoy|ayer|hier|aujourd'hui|oggi|ieri|dnes|včera|"
    r"dzisiaj|wczoraj|bugün|dün)\b|"
    r"\b(?:gmt|utc|cet|cest|mez|mesz|bst|est|edt|cst|cdt|mst|mdt|pst|pdt)\b|\buhr|"
    r"(?:\b(?:lesedauer|lesezeit|reading time|read time)\s*:?\s*)?(?:\bca\.\s*)?\d+\s*"
    r"min(?:\.|utes?|uten|\b)(?:\s*read\b)?",
    re.IGNORECASE,
)
DATE_LINE_MAX_WORDS = 4
DATE_LINE_MAX_LETTERS = 30
