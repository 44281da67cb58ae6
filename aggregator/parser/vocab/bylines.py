"""Bylines: roles, by-words and labels, the dates and page tools glued to a name, name
particles, byline and author-box classes, author meta keys. Read by the byline steps
(``byline/``), and ``BY_TEXT`` and the byline classes by ``scope.py``, ``plain_text.py``,
the body's ``inline`` step and ``dates/evidence.py``.
"""

from __future__ import annotations

import re

# Job titles that follow a name ("Jane Doe, Senior Reporter"): dropped, not a name.
ROLE = re.compile(
    r"^(?:(?:senior|chief|deputy|associate|assistant|executive|managing|contributing|"
    r"special|political|foreign|business|sports?|science|health|tech(?:nology)?|"
    r"economics?|culture|arts|music|film|investigative|legal|national|international|"
    r"london|washington|europe|us|uk|china|asia|africa|middle east|the|our|a|an|"
    r"freelance|guest|staff|digital|news|data|social media|breaking news|local|"
    r"white house|education|climate|environment|entertainment|lifestyle|travel|"
    r"food|fashion|royal|crime|court|transport|energy|markets?|world|global|"
    r"regional|metro|city|state|capitol|defense|defence|security|parliamentary|diplomatic|"
    r"features|investigations|weekend|home affairs|justice|courts|community|religion|"
    r"property|motoring|medical|agriculture|bureau|and)\b[\s,&]*)*"
    r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|"
    r"producer|analyst|critic|photographer|videographer|presenter|anchor|host|"
    r"author|blogger|commentator|intern|fellow|director|manager|head|chief|"
    r"(?:chef)?redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|journalistin|reporterin|"
    r"redactor(?:a)?|periodista|corresponsal|journaliste|rédacteur|rédactrice|"
    r"envoyé spécial|envoyée spéciale|giornalista|inviato|inviata)s?"
    # "Editor-at-large": the hyphenated tail is the title's.
    r"(?:[\s-]+(?:at|for|of|in|on|with|für|bei|de|du|di)\b.*)?$",
    re.IGNORECASE,
)
# Any short phrase ending in a job title ("AP Auto Writer", "Chief Political Correspondent").
GENERIC_ROLE = re.compile(
    r"^(?:[\w.'’\-]+\s+){0,3}(?:[\w.'’]+-)?(?:reporter|writer|editor|correspondent|journalist|columnist|"
    r"contributor|producer|analyst|critic|photographer|redakteur(?:in)?|korrespondent(?:in)?|"
    r"bureau\s+chief)s?"
    r"(?:-at-large)?$",
    re.IGNORECASE,
)
PREFIX = re.compile(
    r"^(?:(?:written|reported|reporting|story|words|text|posted|published|compiled|edited|editing|"
    r"interview|analysis|commentary|opinion|report|additional reporting|with reporting|"
    r"guest column|guest post|guest essay|column|kommentar|ein kommentar|gastkommentar|"
    r"analyse|eine analyse|gastbeitrag|ein gastbeitrag|kolumne|eine kolumne|rezension|"
    r"reportage|essay|glosse|chronique|tribune|columna|crónica|análisis|ein interview|"
    r"pressemitteilung|eine pressemitteilung|bericht|ein bericht|a cura|"
    r"skrevet|skriven|skrivet)\s+)?"
    r"(?:by|von|por|par|door|af|av|di|da|de|from|mit|with)\s*[:\-–]?\s+"
    r"|^(?:autor(?:in|en)?|author(?:s)?|text|texto|auteur|reporter|byline|credit|fuente|"
    r"quelle|source|redakteur|eingestellt von|gepostet von|guest column|guest post|"
    r"guest essay)\s*[:\-–]\s*"
    # A label without a colon before the name: "Post author By Jane", "Erstellt von Jane".
    r"|^(?:post\s+)?author\s+(?=\S)|^autor(?:in)?\s+(?=[A-ZÄÖÜ])"
    r"|^(?:erstellt|geschrieben|verfasst|artikel|beitrag|ein beitrag|ein artikel|veröffentlicht|"
    r"gespeichert|submitted)\s+(?:von|by)\s*:?\s*"
    # The label's colon may be a slash or a bar, full-width too ("文／王小明"): "／" left before the
    # name made it no name's character.
    r"|^(?:责编|責編|作者|记者|記者|编辑|文|投稿者)\s*[:：／｜]?\s*"
    # Arabic "by the pen of" and "wrote": "بقلم محمد علي", "كتب - محمد علي".
    r"|^(?:بقلم|كتبت|كتب)(?:\s*[:：\-–]\s*|\s+)"
    # Hebrew "by" ("מאת ישראל ישראלי"): a word of its own, so a name holding its letters
    # ("מאתיים") stays whole.
    r"|^מאת(?:\s*[:：\-–]\s*|\s+)",
    re.IGNORECASE,
)
# Arabic given names whose first letter is "و", the letter that, glued to a word, is
# Arabic "and" ("أحمد حسن ومحمد علي"): before one of these the letter is the name's own
# ("أحمد حسن وليد" is one person). byline/split.py joins two names at "و" only elsewhere.
ARABIC_WAW_NAMES = frozenset(
    {"وليد", "وائل", "وسام", "وفاء", "وداد", "وجدي", "وحيد", "وهيب", "وديع", "وئام", "ولاء", "وعد"}
)
CTA = re.compile(
    r"\b(?:follow(?:\s+(?:on|me|us|him|her))?(?:\s+(?:on\s+)?(?:x|twitter|facebook|instagram|"
    r"linkedin|threads|bluesky|mastodon))?|email(?:\s+(?:the\s+)?(?:author|me|him|her))?|"
    r"e-mail(?:\s+(?:the\s+)?author)?|contact(?:\s+(?:the\s+)?author)?|view\s+(?:all\s+)?"
    r"(?:posts|articles|stories)(?:\s+by\b.*)?|more\s+(?:from|by|articles\s+by|stories\s+by)\b.*|"
    r"read\s+more(?:\s+from\b.*)?|all\s+articles\b.*|more\s+(?:articles|stories|posts)|profile|bio|twitter|facebook|linkedin|"
    r"instagram|mehr\s+von\b.*|alle\s+artikel\b.*|folgen)\s*$",
    re.IGNORECASE,
)
# Labelled segments of a credit line: "Text: Jane Doe Photos: John Roe", "Datum: … Autor: …".
CREDIT_LABEL = re.compile(r"(?:^|(?<=\s))([A-Za-zÄÖÜäöüéè][a-zäöüéè]+(?:\s[a-zäöü]+)?)\s*:\s+")
# Segments whose label names the writer; other labelled segments (photos, source, date) go.
WRITER_LABEL = re.compile(
    r"^(?:text|texte|texto|words|autor(?:in|en)?|author(?:s)?|auteur|by|von|par|por|"
    r"reporter|byline|written by|story|penulis)$",
    re.IGNORECASE,
)
# Labels that name someone other than the writer ("Curator: Jane Doe", "Foto: John
# Roe", "Quelle: dpa"): a name behind one of them is no author. Any other short label
# before a colon is taken for the writer's, in whatever language ("Автор:", "Tekst:",
# "Escrito por:"), and cut.
OTHER_LABEL = re.compile(
    r"^(?:photos?|fotos?|fotografie|bild(?:er)?|images?|pictures?|illustrations?|grafik|"
    r"graphics?|videos?|kamera|camera|curator|kurator(?:in)?|source|quelle|fuente|fonte|"
    r"editing|edited by|editor|redaktion|tags?|category|kategorie|rubrik|ressort|thema|"
    r"topics?|date|datum|stand|location|ort|contact|kontakt|e-?mail|tel|phone|producer|"
    r"photographer|fotograf(?:in)?|translation|übersetzung|traduction|traducción|update)$",
    re.IGNORECASE,
)
# The same in scripts without case, with the rest of the line: "作者：王明 来源：人民网".
# The responsible editor's credit ("责任编辑：王小明", "【责任编辑 王小明】") names no
# writer, as "Editing by" does not. Its short form "责编" stays a writer's label: one
# validation site's truth names the "（责编：…）" of its pages as their authors.
OTHER_LABEL_CJK = re.compile(
    r"\s*[【\[（(]?(?:(?:来源|來源|出处|出處|图片|圖片|摄影|攝影|撮影)\s*[:：]|"
    # The translator's label too ("作者： Diogo Carleto 翻訳者 中村 真子"): a translator,
    # like "Translated by", is no writer.
    r"(?:责任编辑|責任編輯)(?:\s*[:：]|\s)).*$"
    r"|\s*(?:翻訳者|翻訳|翻译|译者|譯者)(?:\s*[:：]|\s)(?:(?!作者)[^/|｜／])*"
)
# A date (and clock time) at the start of the line, before a separator: "18/03/2019 | Jane".
LEADING_DATE = re.compile(
    r"^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d)(?:\s+\d{1,2}:\d\d)?\s*[|·•,–—-]\s*"
)
# Social-network names glued to a name by the layout: "Andrew HusbandTwitter".
GLUED_SOCIAL = re.compile(r"(?<=[a-zäöüéè])(?:Twitter|Facebook|Instagram|LinkedIn|Email|E-Mail)$")
# Dates and times glued to the byline ("By Jane Doe | May 3, 2024 10:05 am").
DATEISH = re.compile(
    r"(?:\b(?:(?:zuerst|first|originally|initially)\s+)?(?:published|updated|posted|aktualisiert|veröffentlicht|actualizado|publicado|"
    r"mis à jour|publié|last updated|stand)\b[:\s]*.*$)"
    r"|(?:\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b.*$)"
    r"|(?:\b(?:19|20)\d\d-\d\d-\d\d.*$)"
    r"|(?:\b\d{1,2}:\d\d(?!\d).*$)"
    r"|(?:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b.*$)"
    r"|(?:\b\d{1,2}\.?\s+(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|"
    r"may|mai|june?|juni|july?|juli|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|dez(?:ember)?)\b.*$)"
    # French, Spanish, Italian, Portuguese, Dutch: "el 3 de mayo de 2024", "il 3 maggio".
    r"|(?:\b\d{1,2}\.?\s+(?:de\s+)?(?:janvier|février|mars|avril|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    r"settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
    r"novembro|dezembro|januari|februari|maart|mei|augustus)\b.*$)"
    # "3 hours ago", "vor 3 Stunden", "hace 13 horas", "il y a 3 heures", "3 ore fa".
    r"|(?:\b\d+\s+(?:min(?:ute)?s?|minuten?|hours?|days?|stunden?|tagen?|minutos?|horas?|"
    r"días?|heures?|jours?|minuti|ore|giorni)\b.*$)"
    r"|(?:\b\d{1,2}\s*[ap]\.?m\.?(?:\s|$).*$)"
    r"|(?:\s(?:am|on|le|el|il)\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b.*$)"
    # Not the outlet "USA TODAY" ("By Jane Doe, USA TODAY" is its writer and a credit).
    r"|(?:\b(?:(?<!usa\s)today|yesterday|heute|gestern)\b.*$)",
    re.IGNORECASE,
)
# A weekday that opens a date after the name ("By Bryan Walsh Tuesday, Aug. 17, 2010",
# "Von Jane Doe am Samstag, 19. Oktober 2019"): the line is split at the date's comma
# before DATEISH reads a part, so the weekday would stay on the name. Full names only:
# "Sun" is a paper's. Without a preposition only English weekdays count, and the caller
# keeps two name words before it: "Freitag", "Domingo" and "Sunday" are names too ("Jana
# Freitag, 03.05.2024", "By Sunday Aborisade 3 hours ago"). The lookbehind keeps a long
# run of spaces and commas linear. An English or German weekday's abbreviation ("Fri",
# "Do.") counts after a comma ("By Jane Doe 5:30 PM EST, Fri March 6, 2026": "Fri" was
# read as a second author), not after a space: "Baltimore Sun March 6" ends with the
# paper's name.
WEEKDAY_DATE = re.compile(
    r"(?<![\s,])(?:[\s,]+(?:(?P<prep>on|am|le|el|il)\s+(?:montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|\s*,\s*(?:(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?|(?:mo|di|mi|do|fr|sa|so)\.))"
    r",?\s+(?=\d|[^\W\d]{3,9}\.?\s+\d).*$",
    re.IGNORECASE,
)
# An academic degree after a name ("Jane Doe, PhD", "Jane Doe MD", "Jane Doe, Dr."),
# case-sensitive: written this way it is no surname. A "Dr." before the name stays.
# The lookbehind, not a leading "[\s,]+", keeps a long run of spaces and commas linear;
# the caller strips the separator left before the degree.
DEGREE = re.compile(r"(?<![^\s,])(?:Ph\.?\s?D|M\.?D|D\.?Phil|MBA|MPH|M\.?Sc|RN|Esq|Dr)\.?$")
# A page tool's word that a toolbar puts before the byline's name ("Print David Lassman").
TOOL_WORDS = {
    "print",
    "posted",
    "share",
    "email",
    "e-mail",
    "save",
    "listen",
    "follow",
    "drucken",
    "teilen",
    "merken",
    "vorlesen",
    "imprimer",
    "partager",
    "imprimir",
    "compartir",
    "stampa",
    "condividi",
    "delen",
    "afdrukken",
}
# A preposition left at the end of a byline part once its date is cut ("Jane Doe on").
# Lower case or, in a line written in capitals, upper case ("BY JANE DOE ON MAY 3"):
# a name's "Le" ("Ana Le 3 May 2024") stays.
DATE_PREPOSITION = re.compile(
    r"(?:^|\s+)(?:on|at|am|um|le|el|il|à|op|em|vor|hace|Hace|"
    r"ON|AT|AM|UM|LE|EL|IL|À|OP|EM|VOR|HACE)$"
)
# Lower-case words inside a personal name. Spanish writes "de los"/"de las" ("José de los
# Santos", "Ana de las Heras"): without them such a name was no person and its byline
# named nobody. Not German "des": "Pressestelle des Landkreises" is a body, not a name.
LOWER_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "del",
    "della",
    "los",
    "las",
    "di",
    "du",
    "la",
    "le",
    "ter",
    "ten",
    "bin",
    "ibn",
    "al",
    "el",
    "y",
    "dos",
    "das",
    "do",
    "zu",
    "st.",
    "mc",
    "ap",
    "ab",
    "bint",
}
NOT_NAMES = {
    "by",
    "von",
    "por",
    "par",
    "and",
    "und",
    "with",
    "from",
    "the",
    "photo",
    "photos",
    "video",
    "image",
    "images",
    "updated",
    "published",
    "share",
    "more",
    "author",
    "authors",
    # a section's label beside the name: "Opinion | Jane Doe", "Analysis · Jane Doe"
    "opinion",
    "analysis",
    "commentary",
    "column",
    "guest column",
    "explainer",
    "meinung",
    "kommentar",
    "opinión",
    "opinião",
    # a credit line's own labels: "Text and photos by Jane Doe", "Words and pictures by …"
    "text",
    "texte",
    "texto",
    "words",
    "pictures",
}
# A CMS's stand-in where no author was entered ("No Author", "Unknown", "None" in a
# meta tag or JSON-LD): nobody, neither a name nor a credit. "No Author" read as a
# name before the role "Author" gave the author "No" (japantimes.co.jp).
PLACEHOLDER_AUTHOR = re.compile(
    r"(?:no|unknown|anonymous|without)\s+author|unknown|anonymous|anonym|anonyme|an[óo]nimo|"
    r"inconnu|desconocido|unbekannt|kein(?:e)?\s+(?:autor|angabe)|sin\s+autor|sans\s+auteur|"
    r"none|null|undefined|not\s+available",
    re.IGNORECASE,
)
# Logins that name no one: a CMS's default account. As a login or as an author's name,
# in any case ("Admin", "Site Admin", "WEBMASTER"): nobody, neither an author nor a credit.
NOT_LOGINS = {
    "admin",
    "administrator",
    "site admin",
    "site administrator",
    "root",
    "editor",
    "user",
    "webmaster",
    "redaktion",
    "author",
}
# The byline's class in the other languages the parser reads (round 41): "autor" (German,
# Spanish, Portuguese, Polish; Italian "autore"), French "auteur", German "verfasser".
# Not Spanish and Italian "firma" (German's word for a company: a tuning page's list of
# firms, "meistgeklickt-firma", gave the author "Aktuell") nor French "signature" (a
# forum's user card, "post-signature"; a box of the byline, tags and download links).
BYLINE_CLASS = re.compile(
    r"byline|by-line|author-?name|authors?(?:$|[\s_\-])|article-?author|story-?author|"
    r"post-?author|entry-?author|contributor|writer|autor|auteur|verfasser|"
    r"meta-author|c-byline",
    re.IGNORECASE,
)
# Words every BYLINE_CLASS match holds (a fast pre-filter; keep the two in step).
BYLINE_CLASS_WORDS = (
    "byline",
    "by-line",
    "author",
    "contributor",
    "writer",
    "autor",
    "auteur",
    "verfasser",
)
NOT_BYLINE_CLASS = re.compile(
    r"author-?(?:bio|info|box|profile|card|description|about|image|img|avatar|photo|social|"
    r"more|links|follow)|about-?(?:the-)?author|avatar|bio|comment",
    re.IGNORECASE,
)
# An author box and its label: the last place a writer's name is read from.
AUTHOR_BOX_CLASS = re.compile(
    r"author-?(?:bio|box|info|profile|card|about)|about-?(?:the-?)?author|author__box", re.I
)
ABOUT_AUTHOR = re.compile(
    r"^(?:about the author|über (?:den|die) autor(?:in)?|zum autor|zur autorin)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# A byline that names only a login: "Gespeichert von rasos am 24. Juli 2017", "By doumae".
BY_LOGIN = re.compile(
    r"^(?:(?:posted|submitted|published)\s+by|(?:erstellt|geschrieben|verfasst|gespeichert|"
    r"veröffentlicht)\s+von|by|von|par|por)\s*:?\s+(?P<login>[\w.\-]{3,30})"
    r"(?:\s+(?:am|on|le|el|um|at)\s.*)?$",
    re.IGNORECASE,
)
# The leading blanks are taken whole (``\s*+``): no word starts with a blank, and giving
# them back one by one to try every word again made a match of an element's indented
# text cost up to 45 µs (pretty-printed pages indent it by its depth).
BY_TEXT = re.compile(
    r"^\s*+(?:written by|by|von|por|par|text:|(?:autor(?:in)?|author|auteur)\s?:)\s+\S"
    # A CMS's credit phrase: "Submitted by", "Gespeichert von", "Ein Artikel von".
    r"|^\s*+(?:(?:posted|submitted|published)\s+by|(?:erstellt|geschrieben|verfasst|"
    r"gespeichert|veröffentlicht|ein artikel|ein beitrag)\s+von)\s+\S"
    r"|^\s*+[（(]?\s*(?:责编|責編|作者|记者|記者)\s*[:：]\s*\S"
    r"|^\s*+מאת\s*[:：]?\s+\S",  # Hebrew "by"
    re.IGNORECASE,
)
# A label element followed by the name: "<strong>Autorin/Autor</strong> Roman Goncharenko".
AUTHOR_LABEL = re.compile(
    r"^(?:autor(?:in)?(?:\s*/\s*autor(?:in)?)?|autoren|author|authors|written by|text|reporter|"
    r"escrito por|auteur|auteurs|(?:by|von|por|par):)\s*:?$",
    re.IGNORECASE,
)
AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "twitter:creator:name",
    "cxenseparse:author",
    "twitter:misc:written by",
    "citation_author",
)
# Author keys of citation metadata (Dublin Core, Highwire Press), which write the
# surname first: "Doe, Jane".
CITATION_META = frozenset({"dc.creator", "dcterms.creator", "citation_author"})
WRITTEN_BY = re.compile(
    r"^(?:written by|author|authors|autor(?:in)?|geschrieben von|escrito por|écrit par|"
    r"verfasst von)$",
    re.I,
)
