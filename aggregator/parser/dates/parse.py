"""Parse one date string: ISO 8601, RFC 2822, epoch seconds, written dates in several
languages, numeric triples, relative dates ("2 hours ago")."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from aggregator.parser import vocab
from aggregator.parser.dates.formats import (
    CJK,
    DMY_TEXT,
    EPOCH,
    FUTURE_SLACK,
    HOUR,
    ISO,
    MDY_TAIL,
    MDY_TEXT,
    MIN_DATE,
    NUMERIC,
    NUMERIC_YY,
    NUMERIC_YY_SLASHED,
    RELATIVE,
    RFC2822,
    TIME,
    UNSTATED,
    YMD_SLASH,
    YMD_TEXT,
)


class _UsZone(tzinfo):
    """A US zone written without saying whether daylight saving is on ("10:05 pm ET"):
    its standard offset, an hour more while the clocks there are on summer time."""

    def __init__(self, name: str, hours: int) -> None:
        self._name, self._hours, self._standard = name, hours, timedelta(hours=hours)

    def __getinitargs__(self) -> tuple[str, int]:
        # Copied and pickled with its name and offset, as tzinfo's __reduce__ asks.
        return self._name, self._hours

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._standard + self.dst(dt)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1) if dt is not None and _us_summer_time(dt) else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return self._name


def _us_summer_time(dt: datetime) -> bool:
    """US daylight saving at this wall-clock time: from 2:00 on the second Sunday of March
    to 2:00 on the first Sunday of November since 2007; before, the first Sunday of April
    to the last Sunday of October."""
    if dt.year >= 2007:
        start, end = _sunday_from(dt.year, 3, 8), _sunday_from(dt.year, 11, 1)
    else:
        start, end = _sunday_from(dt.year, 4, 1), _sunday_from(dt.year, 10, 25)
    return start <= dt.replace(tzinfo=None) < end


def _sunday_from(year: int, month: int, day: int) -> datetime:
    """2:00 on the first Sunday on or after ``day``."""
    first = date(year, month, day)
    return datetime(year, month, day + (6 - first.weekday()) % 7, 2)


_US_ZONES = {name: _UsZone(name, hours) for name, hours in vocab.US_ZONES.items()}


def _tz_from(text: str | None) -> tzinfo | None:
    if not text:
        return None
    t = text.strip()
    tl = t.lower()
    if tl in ("z",):
        return UTC
    if t in _US_ZONES:
        return _US_ZONES[t]
    if tl.startswith(("utc", "gmt")) and len(tl) > 3:
        t = t[3:].strip()
    elif tl in vocab.TZ_ABBR:
        # A zone that is a word too ("ist", "est", "et") only in capitals, as zones are written.
        if tl in vocab.TZ_WORDS and not t.isupper():
            return None
        return timezone(timedelta(hours=vocab.TZ_ABBR[tl]))
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d\d)?", t)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if m.group(1) == "-" else delta)


def build(
    y: int, m: int, d: int, H: int = 0, M: int = 0, S: int = 0, tz: tzinfo | None = None
) -> datetime | None:
    """The datetime the parts found spell, in ``UNSTATED`` without a zone; None if none
    is (the 31st of February, a 25th month: a number triple that is no date)."""
    try:
        return datetime(y, m, d, H, M, S, tzinfo=tz or UNSTATED)
    except ValueError:
        return None


_AFTERNOON = frozenset({"오후", "午後", "下午", "م"})  # the rest of TIME's halves: morning


Clock = tuple[int, int, int, tzinfo | None]  # hour, minute, second, the zone written


def _time_after(text: str, start: int) -> Clock:
    """Clock time (and zone) written shortly after a date, e.g. '3 May 2024, 14:05 CEST',
    or its hour alone where am/pm or "Uhr" marks it ('Dec. 4, 2026, 4 p.m. ET'); midnight
    where none is."""
    return _clock_after(text, start) or (0, 0, 0, None)


def _clock_after(text: str, start: int) -> Clock | None:
    """``_time_after``'s clock, None where the text writes none: the first one written, a
    full clock or an hour alone ("4 p.m. ET · Video 2:15" is at 4 p.m.)."""
    found = [
        m for m in (TIME.search(text, start, start + 40), HOUR.search(text, start, start + 40)) if m
    ]
    if not found:
        return None
    m = min(found, key=lambda match: match.start())
    H, M = int(m.group("H")), int(m.groupdict().get("M") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    half = m.groupdict().get("half") or m.groupdict().get("half_after")
    if half:
        ampm = "pm" if half in _AFTERNOON else "am"
    if ampm == "pm" and H < 12:
        H += 12
    elif ampm == "am" and H == 12:
        H = 0
    if H > 23:
        return None
    return H, M, int(m.groupdict().get("S") or 0), _tz_from(m.group("tz"))


def parse_date(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = False
) -> datetime | None:
    """Parse one date string (ISO 8601, RFC 2822, written dates in several languages,
    relative dates such as "2 hours ago" counted back from ``fetched_at``). ``dayfirst``:
    "03/05/2024" is the 3rd of May (else the 5th of March, as in the United States).

    Returns tz-aware UTC, or None if nothing plausible was found. A value
    without a zone is taken as UTC.
    """
    found = parse_local(value, fetched_at=fetched_at, dayfirst=dayfirst)
    return found.astimezone(UTC) if found is not None else None


def parse_local(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = False
) -> datetime | None:
    """Like :func:`parse_date`, but in the offset the value was written in.

    Its ``.date()`` is the calendar day as printed: "2023-11-08T21:24-05:00" is
    the 8th where it was written, though the 9th in UTC. A value that states no
    offset comes back in the zone ``UNSTATED`` (offset 0).
    """
    return plausible(read_local(value, fetched_at=fetched_at, dayfirst=dayfirst), fetched_at)


def clock_on(day: date, text: str) -> datetime | None:
    """The clock ``text`` prints ("14:05", "2:05 p.m. ET", "14.05 Uhr"), on ``day``, in the
    zone it names or ``UNSTATED``: a live blog entry's time, printed without its day.
    None where the text opens on no clock."""
    clock = _clock_after(text.strip().translate(_ASCII_DIGITS), 0)
    return build(day.year, day.month, day.day, *clock) if clock is not None else None


def json_stamp(value: object) -> str | None:
    """A JSON value that may write a moment, as the text it is read from: a string, or a
    number (a count of seconds or milliseconds since 1970, as a string writes it too);
    None for any other (a boolean is no number here)."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def read_local(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = False
) -> datetime | None:
    """The moment ``value`` writes, in its offset, whether or not it can be a publication
    time (:func:`parse_local` less :func:`plausible`): for callers with bounds of their own."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UNSTATED)
    text = str(value).strip().translate(_ASCII_DIGITS)
    if not text or len(text) > 300:
        return None
    if "كانون" in text or "تشرين" in text:
        text = vocab.LEVANTINE_MONTH.sub(_one_word_month, text)
    return _parse_text(text, fetched_at, dayfirst)


_LEVANTINE_NAMES = list(vocab.LEVANTINE_MONTHS.values())


def _one_word_month(m: re.Match[str]) -> str:
    """A Levantine month of two words ("كانون الأول") as its one-word name ("ديسمبر")."""
    return _LEVANTINE_NAMES[m.lastindex - 1 if m.lastindex else 0]


# Digits of other scripts as the ASCII ones, so every pattern reads them: Arabic-Indic
# ("٤ ديسمبر ٢٠٢٦"), Persian, Devanagari, Bengali, and full-width ("２０２６年１２月４日").
_ASCII_DIGITS = {
    zero + n: ord("0") + n for zero in (0x660, 0x6F0, 0x966, 0x9E6, 0xFF10) for n in range(10)
}


def plausible(
    value: datetime | None, fetched_at: datetime | None, earliest: datetime = MIN_DATE
) -> datetime | None:
    """The value if it can be a publication date: not before ``earliest`` (on a web page,
    1990: copyright years, event dates and placeholders are) nor later than a day past
    ``fetched_at`` (or now)."""
    if value is None or value < earliest:
        return None
    now = fetched_at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if value > now + FUTURE_SLACK:
        return None
    return value


def _parse_epoch(text: str) -> datetime | None:
    if not EPOCH.match(text):
        return None
    # A count of seconds since 1970 in UTC states its zone: no page's offset applies.
    return datetime.fromtimestamp(int(text[:10]), UTC)


def _parse_iso(text: str) -> datetime | None:
    m = ISO.search(text)
    if not m or not (m.group("H") is not None or "-" in m.group(0) or len(text) <= 10):
        return None
    tz = _tz_from(m.group("tz")) if m.group("tz") else None
    if tz is None and m.group("H") is not None:
        # A zone's name after the clock ("2026-12-01T23:30:00 CET"), read as the written
        # dates' is (``vocab.TZ_ABBR``): the pattern's own zones are offsets only.
        tz = _zone_after(text, m.end())
    clock = (int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
    return build(int(m["y"]), int(m["m"]), int(m["d"]), *clock, tz)


# A 12-hour clock: email.utils takes its "PM" for a zone and reads 09:41 PM as 09:41;
# the month-name reader knows the half of the day.
_TWELVE_HOUR = re.compile(r"\d:\d\d(?::\d\d)?\s*[ap]\.?\s?m(?![^\W\d_])", re.IGNORECASE)


def _parse_rfc2822(text: str) -> datetime | None:
    if not RFC2822.match(text) or _TWELVE_HOUR.search(text):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # email.utils knows the US zones only and reads any other as UTC ("Sat 4 May 2024
    # 00.30 BST"): a zone of the project's table at the end is read as that zone.
    last = text.rsplit(None, 1)[-1].strip("()")
    zone = _tz_from(last) if last.isalpha() else None
    if zone is not None:
        return parsed.replace(tzinfo=zone)
    if parsed.tzinfo is None and last == "-0000":
        # RFC 5322 3.3: "-0000" is a moment in UTC whose writer's local zone is unknown
        # (what email.utils.formatdate writes), which email.utils reads as no zone at all.
        return parsed.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UNSTATED)


def _parse_cjk(text: str) -> datetime | None:
    m = CJK.search(text)
    if not m:
        return None
    return build(int(m["y"]), int(m["m"]), int(m["d"]), *_time_after(text, m.end()))


def _parse_month_name(text: str) -> datetime | None:
    # The text as written, not lowered: a zone that is a word too counts in capitals only.
    for pattern in (DMY_TEXT, MDY_TEXT, YMD_TEXT):
        for m in pattern.finditer(text):
            month = vocab.MONTHS.get(m["mon"].lower().rstrip("."))
            if month:
                H, M, S, tz = _time_after(text, m.end())
                if not (H or M):  # "14:05, 3 May 2024": time written first
                    H, M, S, tz2 = _time_before(text, m.start())
                    tz = tz or tz2 or _zone_after(text, m.end())
                return build(int(m["y"]), month, int(m["d"]), H, M, S, tz)
    return None


def _parse_ymd_slash(text: str) -> datetime | None:
    m = YMD_SLASH.search(text)
    if not m:
        return None
    return build(int(m["y"]), int(m["m"]), int(m["d"]), *_time_after(text, m.end()))


def _parse_numeric(text: str, dayfirst: bool) -> datetime | None:
    """The first numeric triple that is a date: a score or a version number is none."""
    for m in NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        # Slashes are US month-first unless the page writes day first (``dayfirst``) or
        # that cannot be; dots and dashes are day-first unless that cannot be
        # ("12/29/2014", "12.29.2014": the 29th is no month).
        if m["sep"] == "/" and not dayfirst:
            day, month = (a, b) if a > 12 else (b, a)
        else:
            day, month = (b, a) if b > 12 else (a, b)
        found = build(int(m["y"]), month, day, *_time_after(text, m.end()))
        if found is not None:
            return found
    return None


def _parse_numeric_yy(text: str, dayfirst: bool) -> datetime | None:
    """The first two-digit-year triple that is a date ("31.35.40 — 25.04.24": the second);
    dotted ones day first, slashed ones in the page's order, each unless the month cannot
    be."""
    for pattern, slashed in ((NUMERIC_YY, False), (NUMERIC_YY_SLASHED, True)):
        for m in pattern.finditer(text):
            a, b = int(m["a"]), int(m["b"])
            if slashed and not dayfirst:
                day, month = (a, b) if a > 12 else (b, a)
            else:
                day, month = (b, a) if b > 12 else (a, b)
            found = build(2000 + int(m["y"]), month, day, *_time_after(text, m.end()))
            if found is not None:
                return found
    return None


_TEXT_PARSERS = (
    _parse_epoch,
    _parse_iso,
    _parse_rfc2822,
    _parse_cjk,
    _parse_month_name,
    _parse_ymd_slash,
)


def _parse_text(text: str, fetched_at: datetime | None, dayfirst: bool) -> datetime | None:
    """The first format that reads the text; absolute dates before relative ones."""
    for parser in _TEXT_PARSERS:
        found = parser(text)
        if found is not None:
            return found
    found = _parse_numeric(text, dayfirst) or _parse_numeric_yy(text, dayfirst)
    return found if found is not None else _relative(text, fetched_at)


def _time_before(text: str, end: int) -> Clock:
    found = list(TIME.finditer(text, max(0, end - 30), end))
    if not found:
        return 0, 0, 0, None
    m = found[-1]
    return _time_after(text, m.start())


_ZONE_AFTER = re.compile(r"\s*\(?([A-Za-z]{2,5})\b")


def _zone_after(text: str, end: int) -> tzinfo | None:
    """A zone written right after a date whose time came first ("10:05pm, 3 May 2024 HKT")."""
    m = _ZONE_AFTER.match(text, end)
    return _tz_from(m.group(1)) if m else None


def _relative(text: str, fetched_at: datetime | None) -> datetime | None:
    if fetched_at is None:
        fetched_at = datetime.now(UTC)
    now = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    m = RELATIVE.search(text)
    if m and (span := _relative_span(m)) is not None:
        return _wall_clock(now, timedelta(seconds=span))
    for word, days in ((vocab.YESTERDAY, 1), (vocab.TODAY, 0)):
        if (said := word.search(text)) is not None:
            return _day_before(now, days, text, said.end())
    return None


def relative_stamp(text: str) -> re.Match[str] | None:
    """Where ``text`` states a time counted back from now that the date rules read ("3
    hours ago", "vor 2 Stunden", "hace 2 horas", "il y a 2 heures"), or None: the body's
    line filters drop such a line with the date read from it."""
    m = RELATIVE.search(text)
    return m if m is not None and _relative_span(m) is not None else None


def _relative_span(m: re.Match[str]) -> int | None:
    """The seconds a ``RELATIVE`` match counts back, where its number and unit are known."""
    number = (m["n1"] or m["n2"] or "1").rstrip("'’ʼ")  # "un'ora"; no number: "минуту"
    unit = (m["u1"] or m["u2"] or m["u3"]).lower()
    n = int(number) if number.isdigit() else vocab.NUMBER_WORDS.get(number.lower())
    seconds = vocab.REL_UNITS.get(unit) or vocab.REL_UNITS.get(unit.rstrip("s"))
    return n * seconds if n is not None and seconds else None


def counted_from_fetch(moment: datetime, fetched_at: datetime) -> bool:
    """Was ``moment`` read as a time counted back from the fetch at ``fetched_at`` ("3
    hours ago", "vor 2 Stunden", "yesterday" without a clock)? Such a reading is the fetch
    time less whole seconds (``_wall_clock``), so it keeps the fetch's fraction of a
    second, which a written time (whole seconds, or a fraction of its own) shares by a
    chance of one in a million. A fetch time of whole seconds (a WARC record's date)
    tells nothing: False, as for a written time."""
    return fetched_at.microsecond != 0 and (fetched_at - moment).microseconds == 0


def _day_before(now: datetime, days: int, text: str, end: int) -> datetime:
    """``days`` before ``now``, at the clock written after the word if there is one
    ("Yesterday at 4:05 PM", "gestern, 14:05 Uhr", "Yesterday at 12:00 AM": that day's
    clock, in the zone it names), else ``now`` less the days.

    The day is the one the clock's zone was in at ``now``: the zone it names, else
    ``now``'s own (the page's, as ``read_date`` gives it): "Heute, 00:15 Uhr" fetched
    at 23:30 UTC on a +01:00 page is the next UTC day's.
    """
    clock = _clock_after(text, end)
    if clock is None:
        return _wall_clock(now, timedelta(days=days))
    H, M, S, tz = clock
    day = (now.astimezone(tz) if tz is not None else now).date() - timedelta(days=days)
    return datetime(day.year, day.month, day.day, H, M, S, tzinfo=tz or UNSTATED)


def _wall_clock(now: datetime, before: timedelta) -> datetime:
    """The moment ``before`` ``now``, as a clock in ``now``'s zone (the page's, where
    ``read_date`` gives the fetch time in it) stating no offset: the dates chain reads
    such a clock in the page's zone, which gives the moment back. Counted in UTC, so a
    daylight saving change in between costs no hour; in UTC, the UTC clock as before."""
    zone = now.tzinfo or UTC
    return (now.astimezone(UTC) - before).astimezone(zone).replace(tzinfo=UNSTATED)


# The patterns ``days_written`` scans a text with, each with what all of its matches hold
# if that is much cheaper to look for first (the text may be a whole page's).
_WRITTEN = (
    (ISO, None),
    (DMY_TEXT, None),
    (MDY_TEXT, MDY_TAIL),
    (NUMERIC, None),
    (YMD_SLASH, None),
    (YMD_TEXT, None),
    (CJK, None),
    (NUMERIC_YY, None),
)


def days_written(text: str, dayfirst: bool = False) -> set[date]:
    """Every day one of the date patterns reads in ``text``, wherever it is written
    (slashed dates day first with ``dayfirst``)."""
    return set(days_in_order(text, dayfirst))


def days_in_order(text: str, dayfirst: bool = False) -> list[date]:
    """The days ``days_written`` reads in ``text``, in the order they are written."""
    found = []
    for pattern, held in _WRITTEN:
        if held is not None and not held.search(text):
            continue
        for m in pattern.finditer(text):
            value = parse_local(m.group(0), dayfirst=dayfirst)
            if value is not None:
                found.append((m.start(), value.date()))
    return [day for _, day in sorted(found)]
