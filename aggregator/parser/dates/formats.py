"""The date patterns and bounds every reader of dates shares."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from aggregator.parser.vocab import ONE_UNIT_WORDS
from aggregator.parser.vocab.patterns import any_apostrophe
from aggregator.schema import UNSTATED as UNSTATED  # the zone of a time stated without one

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
# The zone of a moment known in UTC only, not as the page wrote it (a feed's time, whose
# own offset discovery does not keep): no page's zone moves it, and no offset is claimed
# for it, but where the page prints that moment in an offset, that offset is the page's.
MOMENT_ONLY = timezone(timedelta(0), "moment only")
FUTURE_SLACK = timedelta(days=1)
FoundDate = tuple[datetime, str]  # (the value as written, the rule that found it)


ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T\s_]+(?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-][0-2]\d(?::?[0-5]\d)?|(?i:utc|gmt)(?:[+-]\d{1,2}(?::?\d\d)?)?)?)?"
)
# A clock time, its am/pm, a unit word ("Uhr", "hrs": a whole word, not the first
# letter of "HKT") and its zone: an abbreviation, an offset, or "GMT+8", "(UTC+05:30)".
# Chinese, Japanese and Korean write the hour and minute as words: "14時05分", "14시 05분",
# and morning or afternoon before the clock ("오후 2:05", "午後2時05分": ``half``); Arabic
# after it ("2:05 م", ``half_after``).
TIME = re.compile(
    r"(?:(?P<half>오전|오후|午前|午後|上午|下午)\s?)?"
    r"(?<![\d.:])(?P<H>[0-2]?\d)(?:[:.h]|\s?[時时시]\s?)(?P<M>[0-5]\d)(?:\s?[分분])?"
    r"(?::(?P<S>[0-5]\d))?\s*(?:(?P<half_after>[مص])(?![^\W\d_]))?"
    r"(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:uhr|hrs?|hs|h)\b)?\s*\(?"
    r"(?P<tz>(?:gmt|utc)\s?[+-]\d{1,2}(?::?\d\d)?|[A-Za-z]{1,5}\b|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
# An hour without its minutes, where "am"/"pm" or "Uhr" says it is one: "4 p.m. ET",
# "9am", "14 Uhr" (not "4 amendments"), or French "h" after "à" ("à 9h": "24h" alone may
# be a duration); the zone as TIME reads it.
HOUR = re.compile(
    r"(?<![\d.:,])(?P<H>[0-2]?\d)\s?(?:(?P<ampm>[ap]\.?m\.?)(?![^\W\d_])|uhr\b"
    r"|(?:(?<=à \d)|(?<=à \d\d))h(?![^\W\d_]))\s*\(?"
    r"(?P<tz>(?:gmt|utc)\s?[+-]\d{1,2}(?::?\d\d)?|[A-Za-z]{1,5}\b|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
# A word: letters, and the vowel signs of the Indic scripts, which Python's re counts as
# no word characters ("दिसंबर", "ডিসেম্বর"); a letter comes first. Each character is read
# by one alternative only (a letter, or an Indic sign that is no word character): with
# two that overlap, re tried every split of a long Malayalam word between them, a
# minute for one byline ("സംസ്ഥാനതിരഞ്ഞെടുപ്പുകമ്മീഷന് 2026").
_WORD = r"[^\W\d_](?:[^\W\d_]|(?!\w)[\u0900-\u0dff])*\.?"


def _day(before: str) -> str:
    """A day or month number, ``[0-3]?\\d``, that no character of ``before`` precedes.

    Written ``(?<!before)[0-3]?\\d``, a pattern opens with a look-behind, and Python's
    re then tries it at every character of a text; opening with the digit, re skips
    to the next digit in C. Scanning a page's whole text (``days_written``, the
    htmldate rules) cost five times more. The same numbers, tried in the same order:
    the digit, the look-behind on the character before it, a second digit if the
    first is 0-3 (``tests/test_parser_dates.py`` checks it against the plain form).
    """
    return rf"\d(?<!{before}\d)(?:(?<=[0-3])\d)?"


# The first number of a date: after no digit (written dates), after no digit or
# separator (numeric dates), after no digit or dot (dotted two-digit years).
_DAY_AFTER_NO_DIGIT = _day(r"\d")
_NUMBER_OPENING = _day(r"[\d/.-]")
_NUMBER_OPENING_DOTTED = _day(r"[\d.]")
# "3. Mai 2024", "3 de mayo de 2024", "May 3rd, 2024", "3 mai 2024", "2024年5月3日"
DMY_TEXT = re.compile(
    rf"(?P<d>{_DAY_AFTER_NO_DIGIT})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?P<mon>{_WORD})\s*(?:de\s+|,\s*)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# Tried only where a word starts: a match inside a word would also match from its first
# letter (and a scan resumes after a year's digit, never inside a word), so the matches
# are the same, but a run of letters without spaces (Thai, Japanese) is no longer read
# again from each of its letters. An Indic vowel sign continues a word as a letter does
# (``_WORD``): the letter after it starts none.
MDY_TEXT = re.compile(
    rf"(?<![^\W\d_])(?<![\u0900-\u0dff])(?P<mon>{_WORD})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# A day and month printed without a year ("20 Nov", "Nov. 20", "Friday 20 November"),
# where no year follows (DAY_MONTH, MONTH_DAY): read only against a day found elsewhere (``shown.
# _written_first``), never as a date of its own.
_NO_YEAR_AFTER = r"(?!\.?(?:st|nd|rd|th)?,?\s*(?:19|20)\d\d)"
DAY_MONTH = re.compile(
    rf"(?P<d>{_DAY_AFTER_NO_DIGIT})(?:st|nd|rd|th|er|\.)?\s*(?P<mon>{_WORD})(?![^\W\d_.]){_NO_YEAR_AFTER}",
    re.IGNORECASE,
)
MONTH_DAY = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_WORD})\s+(?P<d>[0-3]?\d)(?!\d){_NO_YEAR_AFTER}", re.IGNORECASE
)
# What every match of MDY_TEXT holds after its month: a scan of a page's whole text for
# it is about ten times cheaper, and where it finds nothing MDY_TEXT finds nothing.
MDY_TAIL = re.compile(r"\s[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d(?!\d)", re.IGNORECASE)
NUMERIC = re.compile(
    rf"(?P<a>{_NUMBER_OPENING})(?P<sep>[./-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-])"
)
# "Do 25.04.24 | 14:07 Uhr": day-first with a two-digit year (dots only); "12.29.14"
# (a US byline) where the second number cannot be a month.
NUMERIC_YY = re.compile(rf"(?P<a>{_NUMBER_OPENING_DOTTED})\.(?P<b>[0-3]?\d)\.(?P<y>\d\d)(?![\d.])")
# "12/04/26 10:05 AM", "04/12/26": slashes with a two-digit year, in the page's day order.
# Read in a date's own element only, not in a page's whole text (``days_written``), where
# "1/2/25" is as often a fraction or a score.
NUMERIC_YY_SLASHED = re.compile(rf"(?P<a>{_NUMBER_OPENING})/(?P<b>[0-3]?\d)/(?P<y>\d\d)(?![\d/])")
# The look-behind after the year's first two digits, as in ``_day`` (no digit before it).
YMD_SLASH = re.compile(
    r"(?P<y>(?:19|20)(?<!\d\d\d)\d\d)[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)"
)
# Hungarian writes the year first, each number closed by a dot: "2026. december 5.",
# "2026. dec. 5., szombat 14:04".
YMD_TEXT = re.compile(
    rf"(?P<y>(?:19|20)(?<!\d\d\d)\d\d)\.\s*(?P<mon>{_WORD})\s*(?P<d>[0-3]?\d)\.(?!\d)",
    re.IGNORECASE,
)
CJK = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]"
)
RFC2822 = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d{1,2}\s+[a-z]{3}", re.IGNORECASE
)
EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")

# "vor 2 Stunden", "hace 3 horas", "il y a 5 minutes", "há 3 horas", "منذ 3 ساعات"; "2 hours
# ago", and the same after the number in Italian, Dutch, Russian, Ukrainian, Polish,
# Turkish, Portuguese, Indonesian and the Scandinavian languages ("3 ore fa", "3 часа
# назад", "3 saat önce", "2 horas atrás"); a one-word number ("an hour ago", "un'ora fa",
# "uma hora atrás") or a unit whose singular says "one" ("минуту назад", "godzinę temu":
# ``u3``).
#
# Each word and number starts after no letter (a number after no digit, "an" ends where
# its word does): "Roman times ago" holds no "an", and a search tries each run of letters
# or digits once, not again from each of its characters (20,000 took 9 s).
_AGO = r"(?:ago|fa|geleden|назад|тому|temu|önce|atrás|(?:yang\s+)?lalu|siden|sedan)(?![^\W\d_])"
RELATIVE = re.compile(
    r"(?:(?<![^\W\d_])(?P<pre>vor|hace|il y a|há|منذ)\s+(?P<n1>\d+|\w+)\s+(?P<u1>\w+)"
    r"|(?P<n2>(?<!\d)\d+|(?<![^\W\d_])(?:(?:an?|one|una?|uma?|bir)(?!\w)|"
    + any_apostrophe("un'")
    + rf"))\s*(?P<u2>[^\W\d_]+)\s+{_AGO}"
    rf"|(?<![^\W\d_])(?P<u3>{'|'.join(sorted(ONE_UNIT_WORDS))})\s+{_AGO})",
    re.IGNORECASE,
)


# A year, or a numeric date with a two-digit one ("04/12/26"): what a printed date holds.
FULL_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d\d?[./]\d\d?[./]\d\d(?!\d)")
