"""The names of the months and weekdays in the languages our sources write in. Plain data
below every stage: the parser reads dates with the month names
(``aggregator.parser.vocab.dates``), and the event tier counts a name pair with a number in
it, or of two month or weekday names, as a date ("16 October" in two reports of one
day is no evidence of one happening; "Theresa May" is a name, ``aggregator.dedup.events``);
neither imports the other for it.
"""

from __future__ import annotations

# Month names (full and abbreviated) in the languages our sources write in; a name
# that two languages share keeps its first month. Round 13 added the month names of
# languages no development page writes dates in (the genitive where a day is written
# with it: "4 декабря 2026", "4 grudnia 2026"), left out where a name is a common word
# of another language ("des", "mac", "noi") or two languages give it different months
# (Croatian "listopad" is October, Polish, Czech and Ukrainian November). Round 15 added
# Hungarian's, which it writes after the year ("2026. december 5.", ``formats.YMD_TEXT``).
MONTH_NAMES: tuple[str, ...] = (
    # 1
    "január january jan januar jänner jän janvier janv enero ene gennaio gen januari janeiro "
    "janv. ocak styczeń stycznia "
    "января январь янв січня січень ledna siječnja ianuarie tammikuuta tammikuu gener "
    "ιανουαρίου ιανουάριος ιαν जनवरी জানুয়ারি يناير בינואר ינואר",
    # 2
    "február febr "
    "february feb februar février févr febrero febbraio februari fevereiro fev fév şubat "
    "luty lutego "
    "февраля февраль фев лютого лютий února veljače februarie helmikuuta helmikuu febrer "
    "φεβρουαρίου φεβρουάριος φεβ फ़रवरी फरवरी ফেব্রুয়ারি فبراير شباط בפברואר פברואר",
    # 3
    "március márc march mar märz mär mars marzo marzo maart março março mart marzec marca "
    "марта март березня березень března ožujka martie maaliskuuta maaliskuu maret març "
    "μαρτίου μάρτιος μαρ मार्च মার্চ مارس آذار במרץ מרץ",
    # 4
    "április ápr april apr avril abril aprile avr abr nisan kwiecień kwietnia "
    "апреля апрель апр квітня квітень dubna travnja aprilie huhtikuuta huhtikuu "
    "απριλίου απρίλιος απρ अप्रैल এপ্রিল أبريل ابريل إبريل نيسان באפריל אפריל",
    # 5
    "május máj may mai mayo maggio mei maio mag may mayıs maj maja "
    "мая май травня травень května svibnja toukokuuta toukokuu maig "
    "μαΐου μάιος μαΐ मई মে مايو أيار במאי מאי",
    # 6
    "június jún june jun juni juin junio giugno junho giu haziran czerwiec czerwca "
    "июня июнь июн червня червень června lipnja iunie kesäkuuta kesäkuu juny "
    "ιουνίου ιούνιος ιουν जून জুন يونيو يونيه حزيران ביוני יוני",
    # 7
    "július júl july jul juli juillet julio luglio julho juil lug temmuz lipiec lipca "
    "июля июль июл липня липень července srpnja iulie heinäkuuta heinäkuu juliol julai "
    "ιουλίου ιούλιος ιουλ जुलाई জুলাই يوليو يوليه تموز ביולי יולי",
    # 8
    "augusztus august aug août agosto augustus ago aoû ağustos sierpień sierpnia "
    "августа август авг серпня серпень srpna kolovoza elokuuta elokuu agost agustus "
    "augusti ogos αυγούστου αύγουστος αυγ अगस्त আগস্ট أغسطس اغسطس آب באוגוסט אוגוסט",
    # 9
    "szeptember szept "
    "september sep sept septembre septiembre settembre setembro set eylül wrzesień września "
    "сентября сентябрь сен сент вересня вересень září rujna septembrie syyskuuta syyskuu "
    "setembre σεπτεμβρίου σεπτέμβριος σεπ सितंबर सितम्बर সেপ্টেম্বর سبتمبر أيلول בספטמבר "
    "ספטמבר",
    # 10
    "október "
    "october oct okt oktober octobre octubre ottobre outubro out ott ekim październik października "
    "октября октябрь окт жовтня жовтень října octombrie lokakuuta lokakuu octubre "
    "οκτωβρίου οκτώβριος οκτ अक्टूबर অক্টোবর أكتوبر اكتوبر באוקטובר אוקטובר",
    # 11
    "november nov novembre noviembre novembro kasım listopad listopada "
    "ноября ноябрь ноя листопада листопад listopadu studenoga studenog noiembrie "
    "marraskuuta marraskuu νοεμβρίου νοέμβριος νοε नवंबर नवम्बर নভেম্বর نوفمبر בנובמבר "
    "נובמבר",
    # 12
    "december dec dez dezember décembre diciembre dicembre dezembro dic déc aralık "
    "grudzień grudnia "
    "декабря декабрь дек грудня грудень prosince prosinca decembrie joulukuuta joulukuu "
    "desembre desember disember δεκεμβρίου δεκέμβριος δεκ दिसंबर दिसम्बर ডিসেম্বর ديسمبر "
    "בדצמבר דצמבר",
)

# Weekdays, full names only (abbreviations are common words or names: "Sun", "Mar"), in
# English, German, French, Spanish, Italian, Portuguese and Dutch.
WEEKDAY_NAMES: tuple[str, ...] = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "segunda terça quarta quinta sexta",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
)
