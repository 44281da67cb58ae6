"""Dates: parse one date string robustly, and find a page's published/updated dates.

Trust order: JSON-LD, meta tags, ``<time>`` elements, feed hints, the URL, then
dates written in the byline area. Every result is timezone-aware UTC, and a
date in the future (beyond ``fetched_at`` + 1 day) or before 1990 is refused:
those are template artefacts (copyright years, event dates, placeholders).
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from aggregator.parser import vocab
from aggregator.parser.text import text_of

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)

# Month names (full and abbreviated) in the languages our sources write in.
_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan januar jänner jän janvier janv enero ene gennaio gen januari janeiro janv. ocak styczeń stycznia",
        "february feb februar février févr febrero febbraio februari fevereiro fev fév şubat luty lutego",
        "march mar märz mär mars marzo marzo maart março março mart marzec marca",
        "april apr avril abril aprile avr abr nisan kwiecień kwietnia",
        "may mai mayo maggio mei maio mag may mayıs maj maja",
        "june jun juni juin junio giugno junho giu haziran czerwiec czerwca",
        "july jul juli juillet julio luglio julho juil lug temmuz lipiec lipca",
        "august aug août agosto augustus ago aoû ağustos sierpień sierpnia",
        "september sep sept septembre septiembre settembre setembro set eylül wrzesień września",
        "october oct okt oktober octobre octubre ottobre outubro out ott ekim październik października",
        "november nov novembre noviembre novembro kasım listopad listopada",
        "december dec dez dezember décembre diciembre dicembre dezembro dic déc aralık grudzień grudnia",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_n.rstrip("."), _num)


_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)"
    r"(?:[T\s_]+(?P<H>[0-2]\d):?(?P<M>[0-5]\d)(?::?(?P<S>[0-5]\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-][0-2]\d(?::?[0-5]\d)?|(?i:utc|gmt)(?:[+-]\d{1,2}(?::?\d\d)?)?)?)?"
)
_TIME = re.compile(
    r"(?<![\d.:])(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:uhr|h))?\s*(?P<tz>[A-Za-z]{1,5}\b|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
_WORD = r"[^\W\d_]+\.?"
# "3. Mai 2024", "3 de mayo de 2024", "May 3rd, 2024", "3 mai 2024", "2024年5月3日"
_DMY_TEXT = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?P<mon>{_WORD})\s*(?:de\s+|,\s*)?(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_MDY_TEXT = re.compile(
    rf"(?P<mon>{_WORD})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.-])"
)
# "Do 25.04.24 | 14:07 Uhr": day-first with a two-digit year (dots only).
_NUMERIC_YY = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d\d)(?![\d.])")
_YMD_SLASH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)")
_CJK = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]"
)
_RFC2822 = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d{1,2}\s+[a-z]{3}", re.IGNORECASE
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")

_RELATIVE = re.compile(
    r"(?:(?P<pre>vor|hace|il y a)\s+(?P<n1>\d+|\w+)\s+(?P<u1>\w+)"
    r"|(?P<n2>\d+|an?|one)\s*(?P<u2>[a-z]+)\s+ago)",
    re.IGNORECASE,
)


def _tz_from(text: str | None) -> timezone | None:
    if not text:
        return None
    t = text.strip()
    tl = t.lower()
    if tl in ("z",):
        return UTC
    if tl.startswith(("utc", "gmt")) and len(tl) > 3:
        t = t[3:]
    elif tl in vocab.TZ_ABBR:
        return timezone(timedelta(hours=vocab.TZ_ABBR[tl]))
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d\d)?", t)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if m.group(1) == "-" else delta)


def _build(
    y: int, m: int, d: int, H: int = 0, M: int = 0, S: int = 0, tz: timezone | None = None
) -> datetime | None:
    try:
        value = datetime(y, m, d, H, M, S, tzinfo=tz or UTC)
    except ValueError:
        return None
    return value.astimezone(UTC)


def _time_after(text: str, start: int) -> tuple[int, int, int, timezone | None]:
    """Clock time (and zone) written shortly after a date, e.g. '3 May 2024, 14:05 CEST'."""
    m = _TIME.search(text, start, start + 40)
    if not m:
        return 0, 0, 0, None
    H, M = int(m.group("H")), int(m.group("M"))
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and H < 12:
        H += 12
    elif ampm == "am" and H == 12:
        H = 0
    if H > 23:
        return 0, 0, 0, None
    return H, M, int(m.group("S") or 0), _tz_from(m.group("tz"))


def parse_date(
    value: Any, *, fetched_at: datetime | None = None, dayfirst: bool = True
) -> datetime | None:
    """Parse one date string (ISO 8601, RFC 2822, written dates in several languages,
    relative dates such as "2 hours ago" counted back from ``fetched_at``).

    Returns tz-aware UTC, or None if nothing plausible was found. A value
    without a zone is taken as UTC.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        result = value if value.tzinfo else value.replace(tzinfo=UTC)
        return _plausible(result.astimezone(UTC), fetched_at)
    text = str(value).strip()
    if not text or len(text) > 300:
        return None
    result = _parse_text(text, fetched_at, dayfirst)
    return _plausible(result, fetched_at)


def _plausible(value: datetime | None, fetched_at: datetime | None) -> datetime | None:
    if value is None or value < MIN_DATE:
        return None
    now = fetched_at or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if value > now + FUTURE_SLACK:
        return None
    return value.astimezone(UTC)


def _parse_text(text: str, fetched_at: datetime | None, dayfirst: bool) -> datetime | None:
    if _EPOCH.match(text):
        seconds = int(text[:10])
        return datetime.fromtimestamp(seconds, UTC)
    m = _ISO.search(text)
    if m and (m.group("H") is not None or "-" in m.group(0) or len(text) <= 10):
        tz = _tz_from(m.group("tz")) if m.group("tz") else None
        return _build(
            int(m["y"]),
            int(m["m"]),
            int(m["d"]),
            int(m["H"] or 0),
            int(m["M"] or 0),
            int(m["S"] or 0),
            tz,
        )
    if _RFC2822.match(text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
            if parsed is not None:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except (TypeError, ValueError, IndexError):
            pass
    lowered = text.lower()
    m = _CJK.search(text)
    if m:
        H, M, S, tz = _time_after(text, m.end())
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), H, M, S, tz)
    for pattern in (_DMY_TEXT, _MDY_TEXT):
        for m in pattern.finditer(lowered):
            month = _MONTHS.get(m["mon"].rstrip("."))
            if month:
                H, M, S, tz = _time_after(lowered, m.end())
                if not (H or M):  # "14:05, 3 May 2024": time written first
                    H, M, S, tz2 = _time_before(lowered, m.start())
                    tz = tz or tz2
                return _build(int(m["y"]), month, int(m["d"]), H, M, S, tz)
    m = _YMD_SLASH.search(text)
    if m:
        H, M, S, tz = _time_after(text, m.end())
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), H, M, S, tz)
    m = _NUMERIC.search(text)
    if m:
        a, b = int(m["a"]), int(m["b"])
        # Slashes are US month-first unless that cannot be; dots and dashes are day-first.
        day, month = (a, b) if (m["sep"] != "/" or a > 12) and b <= 12 else (b, a)
        if not dayfirst and m["sep"] == "/" and a <= 12 and b <= 12:
            day, month = b, a
        H, M, S, tz = _time_after(text, m.end())
        return _build(int(m["y"]), month, day, H, M, S, tz)
    m = _NUMERIC_YY.search(text)
    if m and 1 <= int(m["m"]) <= 12:
        H, M, S, tz = _time_after(text, m.end())
        return _build(2000 + int(m["y"]), int(m["m"]), int(m["d"]), H, M, S, tz)
    return _relative(lowered, fetched_at)


def _time_before(text: str, end: int) -> tuple[int, int, int, timezone | None]:
    m = None
    for m in _TIME.finditer(text, max(0, end - 30), end):
        pass
    if not m:
        return 0, 0, 0, None
    return _time_after(text, m.start())


def _relative(text: str, fetched_at: datetime | None) -> datetime | None:
    if fetched_at is None:
        fetched_at = datetime.now(UTC)
    now = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    m = _RELATIVE.search(text)
    if m:
        number = m["n1"] or m["n2"]
        unit = (m["u1"] or m["u2"]).lower()
        n = int(number) if number.isdigit() else vocab.NUMBER_WORDS.get(number.lower())
        seconds = vocab.REL_UNITS.get(unit) or vocab.REL_UNITS.get(unit.rstrip("s"))
        if n is not None and seconds:
            return (now - timedelta(seconds=n * seconds)).astimezone(UTC)
    if vocab.YESTERDAY.search(text):
        return (now - timedelta(days=1)).astimezone(UTC)
    if vocab.TODAY.search(text):
        return now.astimezone(UTC)
    return None


# URL date: /2019/11/18/ or /2019-11-18/ or /20191118/ (day optional only with a year/month pair).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?:[/_-]|\.html?|$)|/((?:19|20)\d\d)/([01]\d)/"
)


def date_from_url(url: str, fetched_at: datetime | None = None) -> datetime | None:
    m = _URL_DATE.search(url)
    if not m:
        return None
    if m.group(1):
        value = _build(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        return None  # year/month alone is too coarse to call a publication date
    return _plausible(value, fetched_at)


# --- finding a page's dates ----------------------------------------------------------


def _in_link(el: Any) -> bool:
    node = el.getparent()
    while node is not None:
        if node.tag == "a":
            return True
        node = node.getparent()
    return False


def _first_meta_date(
    page: Any, keys: tuple[str, ...], fetched_at: datetime | None
) -> datetime | None:
    """The first parseable date among the meta tags ``keys``, in order of preference."""
    for key in keys:
        for value in page.meta.get(key, ()):
            d = parse_date(value, fetched_at=fetched_at)
            if d:
                return d
    return None


def find_dates(
    page: Any, article: dict[str, Any], *, fetched_at: datetime | None, hints: Any = None
) -> tuple[datetime | None, str, datetime | None, str]:
    """(published, provenance, updated, provenance) by trust order."""
    published, pub_src = None, ""
    updated, upd_src = None, ""

    def from_jsonld(key: str) -> datetime | None:
        for obj in ([article] if article else []) + page.articles():
            value = obj.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            d = parse_date(value, fetched_at=fetched_at) if isinstance(value, str) else None
            if d:
                return d
        return None

    published = from_jsonld("datePublished") or from_jsonld("dateCreated")
    if published:
        pub_src = "json-ld"
    updated = from_jsonld("dateModified")
    if updated:
        upd_src = "json-ld"
    if published is None:
        published = _first_meta_date(page, vocab.PUBLISHED_META, fetched_at)
        if published:
            pub_src = "meta"
    if updated is None:
        updated = _first_meta_date(page, vocab.UPDATED_META, fetched_at)
        if updated:
            upd_src = "meta"
    if (published is None or updated is None) and page.root is not None:
        for el in page.root.iter("time"):
            raw = el.get("datetime") or el.get("content") or text_of(el)
            d = parse_date(raw, fetched_at=fetched_at)
            if d is None:
                continue
            ci = (el.get("class") or "") + " " + (el.get("itemprop") or "")
            parent = el.getparent()
            if parent is not None:
                ci += " " + (parent.get("class") or "")
            if vocab.UPD_CLASS.search(ci):
                if updated is None:
                    updated, upd_src = d, "heuristic"
                continue
            if published is None:
                published, pub_src = d, "heuristic"
            if published is not None and updated is not None:
                break
    if published is None and hints is not None and getattr(hints, "published_at", None):
        published = _plausible(
            hints.published_at
            if hints.published_at.tzinfo
            else hints.published_at.replace(tzinfo=UTC),
            fetched_at,
        )
        pub_src = "feed" if published else ""
    if updated is None and hints is not None and getattr(hints, "updated_at", None):
        updated = _plausible(
            hints.updated_at if hints.updated_at.tzinfo else hints.updated_at.replace(tzinfo=UTC),
            fetched_at,
        )
        upd_src = "feed" if updated else ""
    if published is None:
        published = date_from_url(page.url, fetched_at)
        pub_src = "url" if published else ""
    if published is None and page.root is not None:
        # A labelled date: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt><dd>…".
        for el in page.root.iter("strong", "b", "dt", "th", "span", "label"):
            label = el.text
            if not label or len(label) > 24 or len(el) or not vocab.DATE_LABEL.match(label.strip()):
                continue
            value = (el.tail or "").strip()
            if not value and el.getnext() is not None:
                value = text_of(el.getnext())
            d = parse_date(value[:80], fetched_at=fetched_at) if value else None
            if d:
                published, pub_src = d, "heuristic"
                break
    if published is None and page.root is not None:
        # Last resort: a dated element near the top ("Published 3 May 2024", class="date",
        # data-datetime=…), not inside a teaser link.
        for el in page.root.iter("span", "div", "p", "li"):
            ci = el.get("class") or ""
            if len(el) > 4:
                continue
            if not (ci and vocab.PUB_CLASS.search(ci)) and not any("date" in k for k in el.attrib):
                continue
            if _in_link(el):
                continue
            text = text_of(el)
            if len(text) > 120:
                continue
            d = parse_date(text, fetched_at=fetched_at)
            if d:
                published, pub_src = d, "heuristic"
                break
    if updated is None and page.root is not None:
        # "<span class="updated">Updated May 12, 2026, 5:45 p.m. UTC</span>"
        for el in page.root.iter("span", "div", "p", "time", "li"):
            ci = el.get("class") or ""
            if not ci or not vocab.UPD_CLASS.search(ci) or len(el) > 4:
                continue
            text = text_of(el)
            if len(text) > 120:
                continue
            d = parse_date(el.get("datetime") or text, fetched_at=fetched_at)
            if d:
                updated, upd_src = d, "heuristic"
                break
    # A "modified" stamp equal to the publication time is no update.
    if updated is not None and published is not None and updated <= published:
        updated = None
        upd_src = ""
    return published, pub_src, updated, upd_src
