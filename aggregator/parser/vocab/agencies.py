"""How the parser reads agencies and organisations in a byline: agencies that are nobody's
surname, the words of an agency's desk, the parser's printed name of each, organisation
words and the openings of public bodies' names. Read by the byline steps (``byline/``), the
body's line filters and the standfirst's credit test. Who the agencies are (their
spellings, sites, the house credits) is core data, ``aggregator/agencies.py``, read here
through ``vocab``.
"""

from __future__ import annotations

import re

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
    # The Swiss agency under its name since 2018, however a line prints it ("sda/dpa",
    # "(SDA)", "Keystone-SDA"): one credit (review 48b F5).
    "sda": "Keystone-SDA",
    "keystone-sda": "Keystone-SDA",
    # An agency's long name printed as its short one, as the parser printed it before.
    "xinhua news agency": "Xinhua",
    "yonhap news agency": "Yonhap",
}
