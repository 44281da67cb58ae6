"""Agencies and organisations: each agency's one name and its spellings, the house credits,
agencies' desks and the parser's printed name of each, organisation words and the openings
of public bodies' names. Read by the byline steps (``byline/``), the body's line filters
and the standfirst's credit test; dedup reads the agencies' names (``AGENCY_NAME``).
"""

from __future__ import annotations

import re

# Credits that name the outlet's own people or wires in general, not one
# agency: after a name they do not split it ("Motley Fool Staff" is the outlet's staff).
HOUSE_CREDITS = frozenset(
    {
        "staff",
        "staff writer",
        "staff writers",
        "staff reporter",
        "editorial staff",
        "editorial team",
        "editors",
        "the editors",
        "news desk",
        "newsdesk",
        "web desk",
        "redaktion",
        "red",
        "red.",
        "agencies",
        "agences",
        "agencias",
        "news agencies",
        "wire services",
    }
)
# Each news agency's one name and every spelling that credits it (lower case, as a
# credit is matched): "EFE", "Agencia EFE" and "Efe" are one agency, "AP" and "The
# Associated Press" another. The one place an agency's spellings are declared: the parser
# reads them as credits (``AGENCIES``), dedup compares credits by the name
# (``AGENCY_NAME``: the origin a story's copies vote for, whether a copy credits it).
AGENCY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters", "thomson reuters", "rtr", "رويترز"),
    "AP": ("ap", "associated press", "the associated press", "أسوشيتد برس"),
    "AFP": (
        "afp",
        "agence france-presse",
        "agence france presse",
        "أ ف ب",
        "ا ف ب",
        "فرانس برس",
        "وكالة فرانس برس",
    ),
    "dpa": ("dpa", "deutsche presse-agentur", "د ب أ"),
    "dpa-AFX": ("dpa-afx", "afx"),
    "PA": ("pa", "pa media", "pa news", "pa wire", "press association"),
    "BBC": ("bbc", "bbc news"),
    "UPI": ("upi",),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "CNN": ("cnn", "cnn wire"),
    # The Chinese, Japanese and Korean wires under their own names too, left when "記者" is
    # cut after them ("共同通信記者"), simplified and traditional spellings.
    "Xinhua": ("xinhua", "xinhua news agency", "新华社", "新華社", "新华通讯社", "新華通訊社"),
    "Kyodo": ("kyodo", "kyodo news", "共同通信", "共同通信社", "共同社"),
    "Jiji": ("時事通信", "時事通信社"),
    "Yonhap": ("yonhap", "yonhap news agency", "연합뉴스"),
    "EFE": ("efe", "agencia efe"),
    "Europa Press": ("europa press", "europapress"),
    "ANSA": ("ansa",),
    "Adnkronos": ("adnkronos",),
    "AGI": ("agi",),
    "Lusa": ("lusa",),
    "Agência Brasil": ("agência brasil",),
    "APA": ("apa",),
    "epd": ("epd",),
    "KNA": ("kna",),
    "SID": ("sid",),
    "KAP": ("kap",),
    "dts": ("dts", "dts nachrichtenagentur"),
    "SDA": ("sda",),
    "ATS": ("ats",),
    "ANP": ("anp",),
    "Belga": ("belga",),
    "TT": ("tt",),
    "NTB": ("ntb",),
    "Ritzau": ("ritzau",),
    # Wires of Poland, Russia, Turkey and the Arab world, in their own scripts too (QA pass
    # C, round 42): a dateline's "(PAP)", "/ТАСС/", "(رويترز)" and a byline's "Иван Петров
    # (РИА Новости)" credit them.
    "PAP": ("pap", "polska agencja prasowa"),
    "TASS": ("tass", "тасс"),
    "RIA Novosti": ("ria novosti", "риа новости"),
    "Interfax": ("interfax", "интерфакс"),
    "Anadolu": (
        "anadolu",
        "anadolu agency",
        "aa",
        "anadolu ajansı",
        "anadolu ajansi",
        "الأناضول",
        "وكالة الأناضول",
    ),
    "IANS": ("ians",),
    "PTI": ("pti",),
    "ANI": ("ani",),
    "Bernama": ("bernama",),
    "AAP": ("aap",),
    "The Canadian Press": ("cp", "canadian press", "the canadian press"),
}
# Each agency's own sites, under the same names: the domains its copies are published
# on (a subdomain of one is the agency's too). Dedup prefers the agency's own copy of a
# story as its origin's (``dedup.policy.agency_site``); a host is otherwise the agency's
# only by a label that is its whole long name (reuters, europapress), never by a short code
# (www.tt.com is Tiroler Tageszeitung's, not TT's).
AGENCY_SITES: dict[str, tuple[str, ...]] = {
    "Reuters": ("reuters.com",),
    "AP": ("apnews.com", "ap.org"),
    "AFP": ("afp.com",),
    "dpa": ("dpa.com",),
    "PA": ("pa.media",),
    "BBC": ("bbc.co.uk", "bbc.com"),
    "UPI": ("upi.com",),
    "CNN": ("cnn.com",),
    "Xinhua": ("xinhuanet.com", "news.cn"),
    "Kyodo": ("kyodonews.net",),
    "Jiji": ("jiji.com",),
    "Yonhap": ("yna.co.kr",),
    "EFE": ("efe.com",),
    "ANSA": ("ansa.it",),
    "AGI": ("agi.it",),
    "Lusa": ("lusa.pt",),
    "Agência Brasil": ("agenciabrasil.ebc.com.br",),
    "APA": ("apa.at",),
    "ANP": ("anp.nl",),
    "TT": ("tt.se",),
    "NTB": ("ntb.no",),
    "PAP": ("pap.pl",),
    "TASS": ("tass.ru", "tass.com"),
    "RIA Novosti": ("ria.ru",),
    "Anadolu": ("aa.com.tr",),
    "IANS": ("ians.in",),
    "PTI": ("ptinews.com",),
    "ANI": ("aninews.in",),
    "AAP": ("aap.com.au",),
    "The Canadian Press": ("thecanadianpress.com",),
    "epd": ("epd.de",),
    "KNA": ("kna.de",),
    "SID": ("sid.de",),
    "KAP": ("kathpress.at",),
    "dts": ("dts-nachrichtenagentur.de",),
    "SDA": ("keystone-sda.ch",),
}
AGENCY_NAME = {
    spelling: name for name, spellings in AGENCY_SPELLINGS.items() for spelling in spellings
}
# Agencies and organisation credits (the house credits among them), matched
# case-insensitively on the whole part: every agency's spellings, and the outlets and
# joint credits that syndicate text too.
AGENCIES = (
    HOUSE_CREDITS
    | frozenset(AGENCY_NAME)
    | {
        "bbc sport",
        "afp/dpa",
        "dpa/afp",
        "ap/dpa",
        "efe/ap",
        "the conversation",
        "nyt",
        "the new york times",
        "washington post",
        "the washington post",
        "cnbc",
        "abc news",
        "nbc news",
        "cbs news",
        "usa today",
        "fox news",
        "sky news",
        "al jazeera",
        "npr",
        "mediahuis",
        "zeit online",
        "spiegel",
        "der spiegel",
    }
)
# One-word agencies that are nobody's surname: after a whole name they split off as a
# credit without a dash ("Jane Doe Reuters"); "Bloomberg", "Spiegel", "Efe" and
# "Ritzau" are surnames too ("Michael R. Bloomberg", "Mehmet Ali Efe").
AGENCY_NOT_SURNAME = frozenset(
    {
        "reuters",
        "xinhua",
        "afp",
        "ap",
        "dpa",
        "dpa-afx",
        "afx",
        "epd",
        "kna",
        "ansa",
        "adnkronos",
        "yonhap",
        "kyodo",
        "upi",
        "aap",
        "pti",
        "ians",
        "cnn",
        "bbc",
        "npr",
        "cnbc",
        "europapress",
    }
)
# A part that contains one of these words names an organisation, not a person.
ORG_WORD = re.compile(
    r"\b(?:news|press|presse|media|agency|agencies|agentur|staff|desk|team|redaktion|"
    r"newsroom|editorial|editors|wire|service|services|group|network|online|digital|"
    r"magazine|magazin|times|post|tribune|herald|journal|gazette|daily|weekly|radio|tv|"
    r"television|channel|company|inc|ltd|gmbh|llc|foundation|institute|university|"
    r"ministry|department|reporters|correspondents|contributors|partners|sponsored|"
    r"redacción|rédaction|redazione|redação|agencia|agência|agence|zeitung|nachrichten|"
    # German public bodies and clubs that sign press releases ("Feuerwehr Oldenburg,
    # Abteilung Wasserrettung", "Polizeipräsidium Mittelhessen", "Turnverein …").
    r"feuerwehr|polizei\w*|abteilung|verein|verband|gemeinde|landkreis|pressestelle)\b"
    r"|\b\w+(?:agentur|redaktion|zeitung|nachrichten|verein|verband|präsidium|verwaltung|"
    r"feuerwehr)\b|\b\w{2,}team\b",
    re.IGNORECASE,
)
# Words of an agency's desk or edition after its acronym ("CNN Business", "AFP
# Deutschland", "BBC News Arabic"): a credit, not a person named "Business".
AGENCY_DESKS = frozenset(
    {
        "business",
        "sport",
        "sports",
        "politics",
        "news",
        "health",
        "travel",
        "tech",
        "technology",
        "money",
        "entertainment",
        "style",
        "world",
        "international",
        "live",
        "digital",
        "wire",
        "radio",
        "tv",
        "opinion",
        "investigates",
        "explains",
        "español",
        "en",
        "arabic",
        "mundo",
        "brasil",
        "deutschland",
        "österreich",
        "schweiz",
        "france",
        "afrique",
        "africa",
        "asia",
        "europe",
        "india",
        "america",
        "americas",
        "latam",
        "wires",
        "weekend",
        "life",
        "newsroom",
        "staff",
        "video",
        "photo",
        "audio",
    }
)
# Words that open the name of a public body or a club in Spanish, Portuguese and German
# ("Ministerio de las Culturas", "Secretaría de las Mujeres", "Club de los Viernes",
# "Stadt Köln"): with the particles of "de los"/"de las" they read like a person's name.
INSTITUTION_OPENING = re.compile(
    r"^(?:ministerio|ministério|secretar[ií]a|gobierno|governo|asociaci[oó]n|associação|"
    r"fundaci[oó]n|fundação|instituto|club|clube|festival|noticias|notícias|"
    r"comisi[oó]n|comissão|consejo|conselho|ayuntamiento|prefeitura|municipalidad|"
    r"alcald[ií]a|universidad|universidade|federaci[oó]n|confederaci[oó]n|sindicato|"
    r"direcci[oó]n|departamento|oficina|tribunal|senado|congreso|partido|"
    # "Liga" and "Camara" are names too (a Latvian given name, a West African surname
    # printed first): a body only before a particle ("Liga de las Américas").
    r"liga(?=\s+(?:de|do|da|del|dos|das)\b)|"
    r"c[aá]mara(?=\s+(?:de|do|da|del|dos|das|municipal)\b)|"
    r"stadt|landesregierung|bundesregierung|ministerium|landratsamt|bezirksamt)\b",
    re.IGNORECASE,
)
AGENCY_CANON = {
    "ap": "AP",
    "the associated press": "Associated Press",
    "associated press": "Associated Press",
    "afp": "AFP",
    "reuters": "Reuters",
    "dpa": "dpa",
    "pa": "PA",
    "pa media": "PA Media",
    "staff": "Staff",
    "bbc news": "BBC News",
    "bbc": "BBC",
    "epd": "epd",
    "kna": "KNA",
    "apa": "APA",
    "efe": "EFE",
    "pap": "PAP",
    "ansa": "ANSA",
    "тасс": "ТАСС",
    "риа новости": "РИА Новости",
    "интерфакс": "Интерфакс",
    "anadolu ajansi": "Anadolu Ajansı",
    # An agency's long name printed as its short one, as the parser printed it before.
    "xinhua news agency": "Xinhua",
    "yonhap news agency": "Yonhap",
}
