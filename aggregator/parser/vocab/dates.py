"""Dates: zone abbreviations, which way a page writes its day, relative units, date meta
keys, classes and labels, and the month names of the sources' languages. Read by the
date steps (``dates/``).
"""

from __future__ import annotations

import re
import unicodedata

from aggregator.calendar_names import MONTH_NAMES as _MONTH_NAMES
from aggregator.parser.vocab.patterns import any_apostrophe, arabic_spellings

# --- Zone abbreviations, relative units, date meta keys and classes -------------------

TZ_ABBR = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "ut": 0,
    "wet": 0,
    "bst": 1,
    "cet": 1,
    "mez": 1,
    "west": 1,
    "cest": 2,
    "mesz": 2,
    "eet": 2,
    "eest": 3,
    "msk": 3,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "akst": -9,
    "akdt": -8,
    "hst": -10,
    "ast": -4,
    "adt": -3,
    "nzst": 12,
    "nzdt": 13,
    "aest": 10,
    "aedt": 11,
    "acst": 9.5,
    "awst": 8,
    "jst": 9,
    "kst": 9,
    "hkt": 8,
    "sgt": 8,
    "pht": 8,
    "wib": 7,
    "ict": 7,
    # India's, not Ireland's summer time: Indian news sites are far more numerous.
    "ist": 5.5,
    "pkt": 5,
    "npt": 5.75,
    "gst": 4,
    "trt": 3,
    "eat": 3,
    "sast": 2,
    "cat": 2,
    "wat": 1,
    "myt": 8,
    "wita": 8,
    "acdt": 10.5,
}
# Zone abbreviations that are words too (German "ist", French "est" and "et", English
# "eat", "cat"): zones only where written in capitals.
TZ_WORDS = frozenset({"ist", "est", "ast", "eat", "cat", "wat", "gst"})
# US zones written without saying whether summer time is on ("10:05 pm ET"), standard
# offsets; in capitals only ("et" is French for "and"). dates.parse adds the summer hour.
US_ZONES = {"ET": -5, "CT": -6, "MT": -7, "PT": -8}
# Which way a page writes "03/05/2024" (dates.day_order). Day first: the languages whose
# short numeric dates put the day first (Swedish, Hungarian, Lithuanian, Chinese, Japanese
# and Korean write the year first and are left out), English as written outside the United
# States and the Philippines, and the country-code domains of such countries. Everything
# else is read month first, as before: en-US, "en" without a region on a .com.
_DAY_FIRST_LANGUAGES = (
    "de fr es pt it nl vi ru pl tr id ms el cs sk ro uk hr sr bs sl bg mk da no nb nn fi "
    "is et lv ca gl eu ga cy mt sq ar he ur hi bn ta te mr gu kn ml pa sw af"
)
DAY_FIRST_LANGUAGES = frozenset(_DAY_FIRST_LANGUAGES.split())
_DAY_FIRST_ENGLISH = "gb uk ie in au nz za sg my pk ng ke gh lk bd hk mt jm tt zw ug tz zm bw na cy"
DAY_FIRST_ENGLISH_REGIONS = frozenset(_DAY_FIRST_ENGLISH.split())
_DAY_FIRST_DOMAINS = (
    "uk ie in au nz za sg my pk ng ke gh lk bd mt jm tt zw ug tz zm de at ch li lu be nl fr "
    "es it pt br ar mx cl pe uy py bo ec ve gt cr pa do cu vn id ru by ua kz pl cz sk ro md "
    "hr rs ba si bg mk al gr cy tr dk no fi is ee lv ma dz tn eg sa ae qa kw bh om jo lb il"
)
DAY_FIRST_DOMAINS = frozenset(_DAY_FIRST_DOMAINS.split())
REL_UNITS = {
    "second": 1,
    "sec": 1,
    "secs": 1,
    "seconds": 1,
    "sekunde": 1,
    "sekunden": 1,
    "segundo": 1,
    "segundos": 1,
    "seconde": 1,
    "secondes": 1,
    "minute": 60,
    "minutes": 60,
    "min": 60,
    "mins": 60,
    "minuten": 60,
    "minuto": 60,
    "minutos": 60,
    "hour": 3600,
    "hours": 3600,
    "hr": 3600,
    "hrs": 3600,
    "h": 3600,
    "stunde": 3600,
    "stunden": 3600,
    "std": 3600,
    "hora": 3600,
    "horas": 3600,
    "heure": 3600,
    "heures": 3600,
    "day": 86400,
    "days": 86400,
    "tag": 86400,
    "tagen": 86400,
    "tage": 86400,
    "día": 86400,
    "días": 86400,
    "dia": 86400,
    "dias": 86400,
    "jour": 86400,
    "jours": 86400,
    "week": 604800,
    "weeks": 604800,
    "woche": 604800,
    "wochen": 604800,
    "semana": 604800,
    "semanas": 604800,
    "semaine": 604800,
    "semaines": 604800,
}
# The units of the relative stamps in more languages (round 13), by their length in seconds;
# left out where a unit is an English word before "ago" (Norwegian "time", an hour: "a
# time ago"), as the month names leave out a name another language shares.
_REL_UNITS_MORE = {
    1: "secondi seconden секунд секунды saniye detik sekunder",
    60: "minuti minuut минуту минуты минут хвилину хвилини хвилин minutę minuty minut dakika "
    "menit minutter minuter",
    3600: "ora ore uur час часа часов годину години годин godzinę godziny godzin saat jam "
    "timer timme timmar",
    86400: "giorno giorni dag dagen день дня дней дні днів dzień dni gün hari dage dager dagar",
    604800: "settimana settimane weken неделю недели недель тиждень тижні тижнів tydzień "
    "tygodnie tygodni hafta minggu uke uker vecka veckor",
}
# Arabic's (round 42: "منذ 3 ساعات").
_REL_UNITS_ARABIC = {
    1: "ثانية ثوان ثواني",
    60: "دقيقة دقائق",
    3600: "ساعة ساعات",
    86400: "يوم أيام",
    604800: "أسبوع أسابيع",
}
REL_UNITS.update(
    {
        unit: seconds
        for more in (_REL_UNITS_MORE, _REL_UNITS_ARABIC)
        for seconds, units in more.items()
        for unit in units.split()
    }
)
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "einer": 1,
    "einem": 1,
    "un": 1,
    "una": 1,
    "une": 1,
    "uma": 1,
    "um": 1,
    "bir": 1,
}
# Units whose singular says "one" with no number before "ago" (Russian and Ukrainian
# "минуту назад", "годину тому", Polish "godzinę temu": a minute, an hour ago); each is a
# REL_UNITS key.
ONE_UNIT_WORDS = frozenset(
    [
        "секунду",
        "минуту",
        "час",
        "день",
        "неделю",
        "хвилину",
        "годину",
        "тиждень",
        "sekundę",
        "minutę",
        "godzinę",
        "dzień",
        "tydzień",
    ]
)
YESTERDAY = re.compile(
    r"\b(yesterday|gestern|ayer|hier|ieri|gisteren|вчера|учора|wczoraj|dün|kemarin|i går|igår|"
    r"ontem)\b",
    re.IGNORECASE,
)
TODAY = re.compile(
    any_apostrophe(
        r"\b(today|heute|hoy|aujourd'hui|just now|gerade eben|oggi|vandaag|сегодня|сьогодні|"
        r"dzisiaj|dziś|bugün|hari ini|i dag|idag|hoje|اليوم)\b"
    ),
    re.IGNORECASE,
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "date.available",
    "release_date",
    "citation_publication_date",
    "dc.date.published",
    "article:published:time",
    "og:published:time",
    # round 41: keys trafilatura reads too, least trusted last ("timestamp" is any time)
    "og:pubdate",
    "publication_date",
    "originalpublicationdate",
    "displaydate",
    "timestamp",
)
# Meta tags whose content is a JSON object, and the field of it that is the publication
# date: Parse.ly's ``parsely-page`` ({"title": …, "pub_date": "2026-12-05T21:10:00Z"}).
PUBLISHED_META_JSON = (("parsely-page", "pub_date"),)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "datemodified",
    "modified_time",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "article.updated",
    "parsely-updated",
    "sailthru.lastmodified",
    "article:modified:time",
    "last-modified-date",  # the last change (read as the publication before round 41)
)
# The date's class in the other languages the parser reads (round 41): Spanish "fecha",
# German, Dutch and Swedish "datum", Italian, Portuguese and Polish "data" (a whole word:
# "metadata", "data-table" name no date).
PUB_CLASS = re.compile(
    r"publish|posted|pubdate|date-?time|timestamp|article-?date|entry-date|date|fecha|datum|"
    r"(?:^|[\s_-])data(?:$|[\s_-])",
    re.I,
)
# Words every PUB_CLASS or UPD_CLASS match holds (a fast pre-filter; keep them in step).
DATE_CLASS_WORDS = (
    "date",
    "publish",
    "posted",
    "timestamp",
    "updated",
    "modified",
    "fecha",
    "datum",
    "data",
)
# Microdata / RDFa properties on page elements (the part after a "schema:" prefix), lower-case.
PUBLISHED_PROPS = frozenset({"datepublished", "datecreated", "published_time", "dc:date"})
UPDATED_PROPS = frozenset({"datemodified", "modified_time"})
UPD_CLASS = re.compile(r"updated|modified", re.I)
# Words that label a date as an update, not the publication ("Stand:" is German's "as
# of", a label only before a colon or a number: "stand" is an English word too). An edit
# is an update ("Last edited", "zuletzt bearbeitet", "laatst bewerkt", "Letzte Änderung");
# "Edited by" is an editor's credit.
_UPDATE_WORDS = (
    r"(?:last\s+)?(?:updated|modified|update|edited(?!\s+by\b)|aktualisiert|zuletzt aktualisiert|"
    r"zuletzt bearbeitet|geändert|letzte\s+änderung|laatst bewerkt|"
    r"actualizado|actualizada|mis à jour|modifié|aggiornato|atualizado|bijgewerkt|"
    r"stand(?=\s*:|\s+\d)|aktualizacja|zaktualizowano|güncelleme|güncellendi|ažurirano|"
    r"azurirano|oppdatert|uppdaterad|opdateret|päivitetty|frissítve|módosítva|обновлено|"
    # Japanese and Chinese write the label as one word with what follows ("更新日 2026年
    # 12月5日", "最終更新日", "更新时间：2026-12-05", "更新于"): a bare "更新" meets no word
    # boundary there (round 17). "更新日程" (the update's schedule) is none.
    r"(?:最終|最后|最後)?更新(?:日時|日期|日|时间|時間|于|於)?|"
    # Korean news CMSs print "입력 2026.12.05 14:04 수정 2026.12.05 16:30" (entered, edited):
    # a label only before a date ("수정" is an ordinary word too: "국회는 수정 예산안을 …").
    r"(?:기사수정|최종수정|수정)(?=\s*[:：]?\s*\d{2,4}[.\-/년월]))"
)
# Text that starts with such a label ("Updated: 4 May", "Stand: 04.05.2024").
UPDATED_LABEL = re.compile(rf"^{_UPDATE_WORDS}\b", re.IGNORECASE)
# Such a label anywhere in a text ("Published 3 May | Updated 4 May", "…, updated 4 May").
UPDATED_WORD = re.compile(rf"(?<!\w){_UPDATE_WORDS}\b", re.IGNORECASE)
# Words that label the day a reader printed the page, on a print version ("Printed on 4
# December 2026", "Printed from https://… on 2/13/2024", "Gedruckt am …", "Imprimé le
# …"): never the publication, nor an update. With its preposition or colon: "Printed in
# the 4 December issue" names the print edition's day, which may be the publication's.
_PRINT_WORDS = (
    r"(?:printed(?:\s+(?:on|at)|\s+from\s+\S+.*?\s+on|\s*:)|print\s+date|date\s+printed|"
    r"(?:aus)?gedruckt\s+am|druckdatum|imprimée?\s+le|impreso\s+el|stampato\s+il|afgedrukt\s+op)"
)
# Text that starts with such a label.
PRINTED_LABEL = re.compile(rf"^{_PRINT_WORDS}(?!\w)", re.IGNORECASE)
# Such a label anywhere in a label's text ("<span>Printed on</span> <time>").
PRINTED_WORD = re.compile(rf"(?<!\w){_PRINT_WORDS}(?!\w)", re.IGNORECASE)
DATE_LABEL = re.compile(
    r"^(?:datum|date|published|publiziert|veröffentlicht(?: am)?|erschienen(?: am)?|fecha|"
    r"publicado|publié le|publié|data|pubblicato)\s*:?$",
    re.IGNORECASE,
)


# --- Month names ----------------------------------------------------------------------

# Month names (full and abbreviated) in the languages our sources write in: the core's
# ``aggregator/calendar_names.py``, which the event tier reads too (a date is no name).
# The Levantine (Syriac) month names of two words, in Syria, Lebanon, Jordan and Iraq
# ("٣ كانون الأول ٢٠٢٦"), as the one-word names the month patterns read; with or
# without their hamza ("الاول"). Their one-word months ("شباط", "آب") are in MONTH_NAMES.
LEVANTINE_MONTHS = {
    "كانون الثاني": "يناير",
    "تشرين الأول": "أكتوبر",
    "تشرين الثاني": "نوفمبر",
    "كانون الأول": "ديسمبر",
}
LEVANTINE_MONTH = re.compile("|".join(f"({arabic_spellings(name)})" for name in LEVANTINE_MONTHS))
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(_MONTH_NAMES, start=1):
    for _name in _names.split():
        MONTHS.setdefault(_name.rstrip("."), _number)
        # Greek names without their accents too: capitals drop them ("ΔΕΚΕΜΒΡΙΟΥ").
        if "\u0370" <= _name[0] < "\u0400":
            _bare = "".join(
                c for c in unicodedata.normalize("NFD", _name) if not unicodedata.combining(c)
            )
            MONTHS.setdefault(_bare.rstrip("."), _number)
