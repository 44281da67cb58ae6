"""Who the news agencies are: each agency's one name and every spelling that credits it,
its own sites, the outlet's house credits and the syndicating outlets credited like an
agency. Plain data below every stage: the parser reads the spellings as credits (through
``aggregator.parser.vocab``), dedup compares credits by the one name and finds an
agency's own copy by its sites (``aggregator.dedup.policy``), and neither imports the
other for it.
"""

from __future__ import annotations

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
    # The Swiss agency's name since its merger with Keystone (2018), in bylines and closing
    # lines ("Keystone-SDA"), beside the short one of its credits ("sda/dpa").
    "SDA": ("sda", "keystone-sda"),
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
