"""The metadata fields' words and places: the home page's label, headline and standfirst
classes, and the function words that tell the text's language. Read by ``metadata/``
(``site``, ``headings``, ``dek``, ``printed``, ``languages``) and ``fields.py``.
"""

from __future__ import annotations

import re

# --- The text's language --------------------------------------------------------------

# Common short words of a few languages written in Latin script, each listed for one
# language only: none is a word of another listed language, nor of a near one below
# ("que" is Spanish, French, Portuguese and Catalan; "die" German and Afrikaans; "is"
# English and Dutch). A template's default lang="en" over a German text is told by them
# (metadata.text_language).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and that with are this have from be not which were has been would they "
        "their will its who about",
        "de": "und ist nicht mit von zu sich auf für ein eine im auch wird werden sind oder "
        "wurde einer nach bei aus über noch hat",
        "es": "los las y más según también muy sus hasta fue han sido ya esto están",
        "fr": "et est une pour dans pas sur au avec ce sont cette mais été ont aux leur elle "
        "ils être",
        "it": "di che della delle degli gli nel nella alla sono anche è stato hanno più questo "
        "questa",
        "pt": "em um com não uma mais também foi são pelo pela muito está",
        "nl": "een voor niet zijn wordt bij naar hebben heeft worden werd deze",
    }.items()
}
# Words of languages near the listed ones that they do not tell (Galician beside
# Portuguese and Spanish, Catalan beside Spanish, the Scandinavian languages, Afrikaans
# beside Dutch): a text with a share of them gets no language from its words.
NEAR_LANGUAGE_WORDS = frozenset(
    " ".join(
        (
            "unha cun coa xa tamén moi polo pola máis dende onte",  # Galician
            "els dels amb això aquest aquesta perquè però",  # Catalan
            "og ikke af til også eller efter hvor blev skal",  # Danish, Norwegian
            "och inte av till också",  # Swedish
            "nie vir hulle gesê sal moet",  # Afrikaans
        )
    ).split()
)
# The text must have this many words to say a language. Where none is declared, its
# language's words must make this share of them, this many times the next language's,
# and the near languages' words at most this share of its own. A declared language
# stands unless its words are at most this share of the text: a quotation or an
# abstract in another language never replaces it.
TEXT_LANGUAGE_MIN_WORDS = 80
TEXT_LANGUAGE_MIN_SHARE = 0.06
TEXT_LANGUAGE_MARGIN = 3.0
TEXT_LANGUAGE_NEAR_SHARE = 0.2
TEXT_LANGUAGE_ABSENT_SHARE = 0.005


# The scripts other than Latin a text may be written in, by their letters' code point
# ranges, and the languages written in each. A body whose letters are mostly of one of
# them is in none of the Latin-script languages, whatever its template declares
# (metadata.script_language).
SCRIPT_RANGES: dict[str, tuple[tuple[str, str], ...]] = {
    "cyrillic": (("\u0400", "\u04ff"),),
    "arabic": (("\u0600", "\u06ff"), ("\u0750", "\u077f"), ("\ufb50", "\ufefc")),
    "greek": (("\u0370", "\u03ff"), ("\u1f00", "\u1fff")),
    "hebrew": (("\u0590", "\u05ff"),),
    "devanagari": (("\u0900", "\u097f"),),
    "bengali": (("\u0980", "\u09ff"),),
    "thai": (("\u0e00", "\u0e7f"),),
    "georgian": (("\u10a0", "\u10ff"),),
    "armenian": (("\u0530", "\u058f"),),
    "hangul": (("\uac00", "\ud7af"), ("\u1100", "\u11ff"), ("\u3130", "\u318f")),
    "kana": (("\u3040", "\u30ff"),),
    "han": (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf")),
}
# The script each language is written in, for the languages of a script above: a page
# declaring one of these over a text in that script keeps its declaration ("uk" over
# Cyrillic, "fa" over Arabic letters). Chinese and Japanese share the Han letters.
SCRIPT_OF_LANGUAGE = {
    **dict.fromkeys(
        ("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg", "ba", "tt"), "cyrillic"
    ),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ku", "sd", "ug"), "arabic"),
    "el": "greek",
    **dict.fromkeys(("he", "yi"), "hebrew"),
    **dict.fromkeys(("hi", "mr", "ne", "sa"), "devanagari"),
    **dict.fromkeys(("bn", "as"), "bengali"),
    "th": "thai",
    "ka": "georgian",
    "hy": "armenian",
    "ko": "hangul",
    **dict.fromkeys(("ja", "zh"), "han"),
}
# The one language of a script where a text in it gives no other choice: Greek, Hebrew
# (Yiddish is rare on news sites), Thai, Georgian, Armenian, Korean. Cyrillic, Arabic,
# Devanagari and Bengali letters are each several languages' (Russian or Ukrainian,
# Arabic or Persian or Urdu, Hindi or Marathi or Nepali, Bengali or Assamese) and get one
# only where the letters only one of them uses tell it (SCRIPT_TELLS); Han letters are
# Chinese unless kana is among them (Japanese).
SCRIPT_LANGUAGE = {
    "greek": "el",
    "hebrew": "he",
    "thai": "th",
    "georgian": "ka",
    "armenian": "hy",
    "hangul": "ko",
}
# (language, letters only it of its script's languages uses, letters it never uses):
# Russian writes "ы" and "э" and none of the Ukrainian, Belarusian, Serbian, Macedonian
# and Kazakh letters; Arabic none of the Persian and Urdu letters (Persian "ی", "ک", "گ").
SCRIPT_TELLS = {
    "cyrillic": ("ru", frozenset("ыэ"), frozenset("іїєґўђјљњћџѓќѕәғқңөұүһ")),
    "arabic": ("ar", frozenset("ةى"), frozenset("پچژگکیٹڈڑںےۀ")),
}
# A text says its script with at least this many letters, this share of them in it; kana
# of at least this share of a Han text's letters makes it Japanese.
SCRIPT_MIN_LETTERS = 200
SCRIPT_MIN_SHARE = 0.5
KANA_SHARE_JAPANESE = 0.05


# --- Headline and standfirst places ---------------------------------------------------

# The home page's label in the languages of the development data and beyond: a site name
# that is (or holds as a part) one of these was taken from the home page's title.
HOME_LABEL = re.compile(
    r"home(?:\s?page)?|front page|startseite|inicio|portada|accueil|página inicial|"
    r"pagina iniziale|homepagina|strona główna|beranda|главная(?: страница)?",
    re.IGNORECASE,
)
SEO_HEADING = re.compile(r"breadcrumb|seo-?title|seo-?headline|(?:^|[\s_-])seo(?:$|[\s_-])", re.I)
LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|dek|deck|lede|lead|leadin|lead-text|intro|introduction|"
    r"subtitle|sub-title|subheadline|sub-headline|subhead|sub-head|summary|teaser-text|excerpt|"
    r"description|abstract|strapline|article-lead|article-intro|article-summary|"
    r"article-description|article-teaser|vorspann|einleitung|entradilla|chapo|chapeau|"
    r"sottotitolo|catenaccio|epigraph)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Words every LEAD_CLASS match holds (a fast pre-filter; keep the two in step).
LEAD_CLASS_WORDS = (
    "standfirst",
    "dek",
    "deck",
    "lede",
    "lead",
    "intro",
    "subtitle",
    "sub-title",
    "subhead",
    "sub-head",
    "summary",
    "teaser-text",
    "article-teaser",
    "excerpt",
    "description",
    "abstract",
    "strapline",
    "vorspann",
    "einleitung",
    "entradilla",
    "chapo",
    "chapeau",
    "sottotitolo",
    "catenaccio",
    "epigraph",
)
# A dateline opening a paragraph: a place in capitals or with its capital, an agency
# credit in brackets, a dash ("KOBE – ", "BERLIN (dpa) – ", "AUBURN, Wash. — "). A wire
# story's first words, never a dek's (metadata.printed, metadata.dek, body.lead). A hyphen
# glued to a word in lower case stands for a word's second half ("Vanlife- und
# Camping-Fans"), no dash.
LEADING_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][\w.'’,/ ]{0,40}?(?:\s*\([^()]{1,30}\))?\s*(?:[–—]|(?<![a-zß-öø-ÿ])-)[-–—]*\s"
)
# A lead-classed box that is not the page's description is the text's opening, not a dek,
# when it holds this many paragraphs of at least LEAD_MIN_CHARS, or when it is at least
# DEK_IN_TEXT_MIN_CHARS long and shares its parent with this many such paragraphs (the
# first of the text's paragraphs, classed "lead" by its CMS; review of round 19).
DEK_TEXT_PARAGRAPHS = 2
DEK_IN_TEXT_MIN_CHARS = 150
DEK_IN_TEXT_SIBLINGS = 3
# A box of paragraphs outside the text's container (no prose paragraph beside it) is the
# text's opening only when this long: a dek's two paragraphs are short (second review).
DEK_BOX_MIN_CHARS = 2 * DEK_IN_TEXT_MIN_CHARS
# Where that box was the opening, the description stands in as the dek only when more
# than this share of its words of four letters or more are the text's or the headline's:
# a site's tagline or a call to click in every page's description shares few.
DEK_TOLD_SHARE = 0.5
# Words are compared by their first this many letters: "Schäfer" and "Schäfern" are one.
DEK_WORD_STEM = 5
NOT_LEAD = re.compile(
    r"author|bio|profile|comment|footer|caption|teaser-list|related|newsletter|"
    # A call to action's text ("Just R20 for the first month…", a share box's blurb of the
    # site): its box names what it is, whatever its description or subtitle part is called.
    r"(?:^|[\s_-])(?:share|sharing|promo|promotion|subscribe|subscription)(?:$|[\s_-])",
    re.I,
)
NOT_LEAD_PLACES = frozenset(
    {
        "figure",
        "figcaption",
        "a",
        "nav",
        "aside",
        "footer",
        "li",
        "head",
        "h1",
        "title",
        "blockquote",
    }
)
