"""The one list of related-reading labels, and the classes and share endpoints of
related-reading blocks. Read by ``related.py`` (the related links), ``plain_text.py``, the
body's ``container`` and ``inline`` steps, and ``furniture`` (a label line).
"""

from __future__ import annotations

import re

from aggregator.parser.vocab.patterns import arabic_spellings, by_prefix

# --- Labels ---------------------------------------------------------------------------

# The labels a page prints over a block of links to other articles. One list, read
# three ways: a whole heading that introduces a related block (related.py), the
# opening of a teaser block that the body walk skips, and a short furniture line
# that the body filter drops.
RELATED_LABELS: tuple[str, ...] = (
    r"related(?: articles?| stories| posts| content| coverage| links| reading)?",
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    r"more on this(?: story| topic)?",
    "more like this",
    "more from",
    "more stories",
    "further reading",
    r"you (?:may|might) (?:also )?(?:like|enjoy)",
    r"recommended(?: for you)?",
    "lesen sie auch",
    "lesen sie mehr",
    "mehr zum thema",
    "weitere artikel",
    "das könnte sie auch interessieren",
    "auch interessant",
    "noticias relacionadas",
    "artículos relacionados",
    "te puede interesar",
    "también te puede interesar",
    "lee también",
    "lea también",
    "leer más",
    "à lire aussi",
    "lire aussi",
    "voir aussi",
    "sur le même sujet",
    "vous aimerez aussi",
    "articoli correlati",
    "leggi anche",
    "ti potrebbe interessare",
    "potrebbe interessarti",
    r"você (?:pode|também pode) gostar",
    "veja também",
    "leia também",
    "leia mais",
    # Indonesian, Malay, Dutch, Polish, Turkish, Russian, Arabic
    "baca juga",
    "lees ook",
    "czytaj też",
    "czytaj także",
    "ayrıca okuyun",
    "читайте также",
    "по теме",
    # One spelling each: arabic_spellings reads it with or without hamza and tanween.
    "اقرأ أيضا",
    "اقرأ المزيد",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "ilgili haberler",
    "ilgili haber",
    "benzer haberler",
    "bunlar da ilginizi çekebilir",
    # round 14: the same labels as other CMSs print them (German, Spanish, French,
    # Portuguese, Dutch, Polish, Russian), and Japanese and Chinese ones ("related
    # articles", "read together", "further reading", "recommended reading")
    "siehe auch",
    "lesetipp",
    "leer también",
    "ver también",
    "vea también",
    "lire également",
    "saiba mais",
    "veja mais",
    "zie ook",
    "lees meer",
    r"zobacz (?:też|także|również)",
    r"przeczytaj (?:też|także|również)",
    "смотрите также",
    "читать также",
    "関連記事",
    "あわせて読みたい",
    "相关阅读",
    "相关新闻",
    "相關新聞",
    "延伸阅读",
    "延伸閱讀",
    "推荐阅读",
    "lee más",
    "ti può interessare",
    "czytaj więcej",
    "auch lesenswert",
)
RELATED_ALTERNATION = arabic_spellings("|".join(RELATED_LABELS))
# A whole heading: "Related Articles", "Lesen Sie auch:".
RELATED_HEADING = re.compile(rf"^(?:{RELATED_ALTERNATION})\s*:?$", re.IGNORECASE)
# The opening of a block of teasers ("You may also like" + cards).
TEASER_LEAD = re.compile(rf"(?:{RELATED_ALTERNATION})\b", re.IGNORECASE)
# A block that opens with such a label is a teaser list unless the label's own box
# holds less than this share of the block's text (a small box at the top of an article).
TEASER_BOX_SHARE = 0.5
# A cheap probe on an element's first word before its text is read.
RELATED_START_WORDS = "|".join(
    sorted({re.escape(label.split()[0].split("(")[0]) for label in RELATED_LABELS})
)
# Leading blanks taken whole, as in ``bylines.BY_TEXT``: no word starts with one.
RELATED_START = re.compile(
    rf"\s*+(?:{arabic_spellings(by_prefix(RELATED_START_WORDS))})", re.IGNORECASE
)


# --- Related-reading blocks -----------------------------------------------------------

RELATED_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:related|related-(?:articles|posts|stories|content|links)|read-more|"
    r"readmore|more-on|more-like-this|see-also|also-read|further-reading|jp-relatedposts|"
    r"yarpp|crp_related|weitere|mehr-zum-thema|relacionad\w*|articles-lies)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# Words every RELATED_CLASS match holds (a fast pre-filter; keep the two in step).
RELATED_CLASS_WORDS = (
    "related",
    "read-more",
    "readmore",
    "more-on",
    "more-like-this",
    "see-also",
    "also-read",
    "further-reading",
    "yarpp",
    "weitere",
    "mehr-zum-thema",
    "relacionad",
    "articles-lies",
)
NOT_RELATED_CLASS = re.compile(
    r"trending|popular|most-read|most-viewed|nav|menu|footer|sidebar-popular", re.I
)
# Share endpoints of social sites and read-later services (host and path): a link to
# one shares this page, it is no related reading, whatever block it stands in. Each ends
# where its path segment does: "tumblr.com/sharethestory/…" is a blog's post, "t.me/
# shareholders" a channel.
SHARE_ENDPOINT = re.compile(
    r"^(?:[\w-]+\.)*(?:"
    r"facebook\.com/(?:sharer(?:\.php)?|share\.php|dialog/(?:share|feed))|"
    r"(?:twitter|x)\.com/(?:intent|share)|"
    r"linkedin\.com/(?:sharearticle|sharing|cws/share)|"
    r"pinterest\.[a-z.]+/pin/create|reddit\.com/submit|(?:t|telegram)\.me/share|"
    r"(?:api|web)\.whatsapp\.com/send|wa\.me|tumblr\.com/(?:share|widgets/share)|"
    r"vk\.com/share\.php|getpocket\.com/(?:save|edit)|news\.ycombinator\.com/submitlink|"
    r"flipboard\.com/bookmarklet|buffer\.com/add|addtoany\.com/(?:add_to|share)|"
    r"xing\.com/(?:spi/shares|social/share))"
    r"(?:[/?#]|$)",
    re.IGNORECASE,
)
