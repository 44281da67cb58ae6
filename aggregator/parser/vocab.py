"""Vocabularies and scoring constants of the parser, in one place.

Every word list, class-name pattern, label phrase and threshold that a rule
uses lives here, so the steps do not keep their own copies ("read more",
"related", "subscribe" are one list, used by the body walk, the teaser-block
test and the related-links finder alike) and a change is made once.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# --- Patterns of many words ---------------------------------------------------------

_Trie = dict[str, "_Trie"]  # next token -> the rest; "" marks a word's end


def _by_prefix(words: str) -> str:
    """The alternation ``words`` ("a|b|…") with the words' common prefixes factored out
    (a trie: "ad(?:|s|slot|…)|…"), which matches exactly the same strings.

    A search tries the words from every separator in a class name; factored, one
    failed first letter rules out all words that start with it, instead of each
    word being tried in turn (BAD: 3.9x faster over the class/id strings of the 891
    development pages, with the same result on every one). Words are letters (of any
    script) and hyphens, each of which may be optional ("side-?bar", "ads?"), and may
    end in ``\\w*``; any other word leaves the alternation as it is.
    """
    if not all(re.fullmatch(r"(?:[^\W\d_]\??|-\??)+(?:\\w\*)?", word) for word in words.split("|")):
        return words
    trie: _Trie = {}
    for word in words.split("|"):
        # A letter, a hyphen or \w*; an optional one as both of its spellings.
        tokens = [[t[0], ""] if t.endswith("?") else [t] for t in re.findall(r"\\w\*|.\??", word)]
        for spelling in itertools.product(*tokens):
            node = trie
            for token in filter(None, spelling):
                node = node.setdefault(token, {})
            node[""] = {}
    return _alternatives(trie)


def _alternatives(node: _Trie) -> str:
    options = [token + _alternatives(rest) for token, rest in node.items() if token]
    if "" in node:
        options.append("")
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _class_words(words: str) -> re.Pattern[str]:
    """Class/id names holding one of ``words`` as a whole hyphen/underscore-delimited word."""
    return re.compile(rf"(?:^|[\s_\-])(?:{_by_prefix(words)})(?:$|[\s_\-\d])", re.IGNORECASE)


# --- Related reading: one list of labels ------------------------------------------------

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
    "اقرأ أيضا",
    "اقرأ أيضاً",
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
_RELATED_ALTERNATION = "|".join(RELATED_LABELS)
# A whole heading: "Related Articles", "Lesen Sie auch:".
RELATED_HEADING = re.compile(rf"^(?:{_RELATED_ALTERNATION})\s*:?$", re.IGNORECASE)
# The opening of a block of teasers ("You may also like" + cards).
TEASER_LEAD = re.compile(rf"(?:{_RELATED_ALTERNATION})\b", re.IGNORECASE)
# A block that opens with such a label is a teaser list unless the label's own box
# holds less than this share of the block's text (a small box at the top of an article).
TEASER_BOX_SHARE = 0.5
# A cheap probe on an element's first word before its text is read.
RELATED_START_WORDS = "|".join(
    sorted({re.escape(label.split()[0].split("(")[0]) for label in RELATED_LABELS})
)
# Leading blanks taken whole, as in ``BY_TEXT``: no word starts with one.
RELATED_START = re.compile(rf"\s*+(?:{_by_prefix(RELATED_START_WORDS)})", re.IGNORECASE)


# --- Body: boilerplate by element class, furniture lines ----------------------

# Never text: removed before scoring.
JUNK_TAGS = frozenset(
    {
        # AMP's ad slots, share buttons, trackers and players: their fallback and
        # placeholder texts ("Ad failed to load", "Advertisement") are no text of the page.
        "amp-ad",
        "amp-embed",
        "amp-sticky-ad",
        "amp-analytics",
        "amp-pixel",
        "amp-social-share",
        "amp-iframe",
        "amp-video",
        "amp-audio",
        "amp-youtube",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
        "option",
        "label",
        "video",
        "audio",
        "map",
        "dialog",
        "math",
        "head",
        "title",
        "meta",
        "link",
        # Ruby annotations: the reading printed over CJK characters (furigana), not text.
        "rt",
        "rp",
    }
)
# Microdata properties of the article's metadata blocks (byline, dates, publisher, image).
META_ITEMPROPS = frozenset(
    {"author", "datePublished", "dateModified", "publisher", "image", "associatedMedia"}
)
# The longest footnote mark a sentence carries ("1", "[12]", "*", "†").
NOTE_MARK_MAX = 5
# Boilerplate by element type, skipped inside the container.
SKIP_TAGS = frozenset({"nav", "aside", "figure", "figcaption", "picture", "menu", "form", "footer"})
# Class/id vocabulary of boilerplate, matched on whole hyphen/underscore-delimited words.
BAD_WORDS = (
    r"share|sharing|sharebar|share-bar|shariff|social|socials|social-media|related|recommend\w*|"
    r"newsletter\w*|subscribe|subscription|signup|sign-up|promo|promotion|promoted|advert\w*|"
    r"ads?|adslot|ad-slot|adunit|ad-unit|ad-container|ad-wrapper|dfp|gpt|sponsor\w*|banner|"
    r"sidebar|widget|comments?|comment-list|disqus|footer|nav|navbar|navigation|menu|"
    r"breadcrumbs?|tags|tag-list|taglist|topics|keywords|author-bio|authorbio|author-info|"
    r"author-box|authorbox|about-author|about-the-author|author-card|author-profile|bio|"
    r"profile|popup|modal|overlay|cookie\w*|consent|gdpr|paywall|piano|regwall|outbrain|"
    r"taboola|more-stories|read-more|readmore|read-next|readnext|trending|most-popular|"
    r"mostpopular|most-read|popular|print-only|skip|skip-link|caption|credits?|gallery|"
    r"slideshow|carousel|slider|toolbar|byline|dateline|timestamp|visually-hidden|sr-only|"
    r"screen-reader-text|rating|feedback|player|teaser|teasers|rail|toc|table-of-contents|"
    r"pagination|pager|donate|donation|membership|inline-cta|cta|callout|hidden|print|"
    r"article-meta|post-meta|entry-meta|meta|masthead|header-bar|site-header|site-footer|"
    r"jump-link|see-also|also-read|further-reading|more-on|more-from|next-article|"
    r"prev-article|infobox|info-box|tiktok-embed|"
    r"newsletter-signup|app-promo|subscription-prompt|image-credit|photo-credit|copyright|"
    r"disclaimer|correction-notice|editors-note|article-tools|tools|actions|utility|"
    r"kicker|label|category|categories|section-label|flag|badge|audio|listen|podcast-player"
)

BAD = _class_words(BAD_WORDS)
# A dateline-classed element opening a paragraph ("<span class="dateline">KOBE – </span>A
# total of …") is the sentence's opening, not date furniture (body._opening_dateline), and
# so is a link or a span inside a sentence whatever its class (body._inside_sentence): at
# most this many characters of its own ("WASHINGTON (Reuters) –", "Boris Johnson"); a
# dateline has at least this many of the sentence after it.
DATELINE_CLASS = _class_words("dateline")
INLINE_WORDS_MAX = 60
DATELINE_SENTENCE_MIN = 20
# Inside a sentence a class word of BAD_WORDS does not skip an inline element, but for
# these: what no reader sees.
UNSEEN_CLASS = _class_words("hidden|visually-hidden|sr-only|screen-reader-text|print-only|print")
# The class words of BAD_WORDS that name where a link inside a sentence leads (a topic
# page, a teaser of a related story, an author's page: "js-article-topic-teaser",
# "label--topic", "byline__link"); any other one left in its class keeps it out
# ("ad-label", "share-twitter", "photo-credit").
DESTINATION_CLASS = re.compile(
    r"(?:^|(?<=[\s_\-]))(?:teasers?|related|promo|label|topics|tags|category|keywords|byline)"
    r"(?=$|[\s_\-\d])",
    re.IGNORECASE,
)
# The sentence runs on after an inline element: a word follows it (maybe after a space or
# punctuation), not a separator.
WORD_AFTER = re.compile(r"^[\s,;:.!?)»“”\"'’-]{0,3}\w{2}")
# Words that mark a container as the article text even if a bad word is also present.
GOOD = re.compile(
    r"article-?body|articlebody|article-?content|article-?text|story-?body|story-?content|"
    r"post-?content|post-?body|entry-?content|body-?text|main-?content|article__body|"
    r"article__content|content__body|rich-?text|paywall-content|text-?content|artikel",
    re.IGNORECASE,
)
# WordPress post_class() taxonomy terms ("category-news", "tag-video", "format-gallery")
# name what the post is about, not what the element is.
TAXONOMY = re.compile(r"(?:^|(?<=\s))(?:category|tag|post_tag|format|post_format|post-format)-\S+")
# A line that is one address spelled out (a URL or an e-mail address), not a link label:
# "Sign the petition:" / "Write to us:" and the address on its own line.
PRINTED_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Whole paragraphs that are calls to action or furniture, not article text. An editor's
# note ("This article was originally published…", "This story has been updated…") is
# not among them: it is printed as part of the text, and the truths keep it.
# A label is a whole word standing alone or before what it labels (a colon, a bar, a
# spaced dash): "Read more: …", "Related:", "Getty Images/iStock".
# The same words open sentences: "Related charges were dropped …", "Getty Images said
# …", "More from the minister's statement is expected …".
_FURNITURE_LABELS = rf"{_RELATED_ALTERNATION}|\(?getty images(?:\s*/[^)]*)?\)?"
# An advertising label stands alone: before a dash or a colon it heads a sentence about
# advertising ("Реклама — главный источник доходов …", "Advertising – the lifeblood of
# free media – …"), so only an ad break's words may follow it ("Advertisement · Scroll
# to continue"), or the separator alone ("Anzeige:").
_AD_LABELS = (
    r"advertisement|advertising|anzeige|werbung|publicidad|publicité|pubblicità|"
    r"publicidade|advertentie|reklama|реклама|広告|广告|廣告"
)
# Where an advertisement breaks the text, in the languages of the furniture labels:
# "Continue reading the main story", "Story continues below advertisement", "Weiter
# nach der Anzeige", "La suite après cette publicité", "Czytaj dalej pod reklamą",
# "（広告の後にも続きます）". Each names the advertisement or the story's continuation,
# which no sentence of a report opens with ("Story continues below gallery" is printed
# text in an aeb truth: "below" alone or before an advertisement only).
_AD_BREAK = (
    r"continue reading the main story|scroll (?:down )?to continue\b|skip advertisement|"
    r"(?:story|article) continues (?:below|after) (?:(?:this|the) )?(?:advertisement|ad)\b|"
    r"continue reading (?:below|after (?:(?:this|the) )?(?:advertisement|ad))\b|"
    r"(?:story|content) continues below[.…]*$|this advertisement has not loaded yet\b|"
    r"(?:lesen sie )?weiter(?:lesen)? nach der (?:anzeige|werbung)|"
    r"lesen sie nach der (?:anzeige|werbung) weiter|"
    r"(?:der )?artikel (?:wird |geht )?(?:unter(?:halb)?|nach) der (?:anzeige|werbung)|"
    r"la suite (?:après|sous) (?:cette|la) publicité|l['’]article continue (?:ci-dessous|après)|"
    r"(?:contin[úu]a|sigue leyendo) (?:despu[ée]s|debajo) de (?:la|esta) publicidad|"
    r"(?:l['’]articolo )?continua (?:a leggere )?dopo (?:la|questa) pubblicit[àa]|"
    r"(?:a )?(?:matéria |reportagem )?continua (?:ap[óo]s a|depois da) publicidade|"
    r"(?:het )?artikel (?:gaat verder|loopt door) (?:na|onder) de advertentie|"
    r"(?:czytaj dalej|dalsza część (?:artykułu|tekstu)) pod reklamą|"
    r"продолжение (?:ниже|после рекламы)|статья продолжается после рекламы|"
    r"[（(]?広告の後に(?:も)?続きます"
)
# An audio player's label, alone or with its running time: "Listen to this article",
# "Artikel anhören · 4 Min."; "Escuchar el artículo 155 en boca del presidente …" is a
# sentence.
_LISTEN_LINE = (
    r"(?:listen to this article|artikel (?:an)?hören|artikel vorlesen lassen|"
    r"écouter (?:cet |l['’])article|escuchar (?:este |el )?art[íi]culo|"
    r"ascolta (?:questo |l['’])articolo|ouvir (?:este |o )?artigo|posłuchaj artykułu|"
    r"слушать статью)(?:\s*[:|·–—-]?\s*\d{1,2}(?::\d\d)?\s*(?:min\w*|мин\w*)?)?[\s.:…]*$"
)
# The networks a share bar names.
_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|e-?mail|messenger|"
    r"bluesky|threads|mastodon|xing|vk|вконтакте|instagram|flipboard)"
)
# A share bar's label standing alone as a line, or before the networks it names and
# nothing else: "Compartir en Facebook", "Artikel teilen", "Share this article:";
# "Share this year's profits with staff", "Condividi su Facebook è il nome della
# campagna" and "Partager sur les réseaux sociaux des images de victimes est puni"
# are sentences.
_SHARE_LINE = (
    r"(?:share this(?: article| story| post| page| video)?\s*(?::.*|[.!])?$|"
    r"(?:share on|compartir en|partager sur|teilen (?:auf|per)|condividi su|"
    r"compartilh(?:e|ar) no|udostępnij na|поделиться в)\s+"
    rf"{_SOCIAL}(?:\s*(?:,|/|\||and|or|und|oder|y|o|et|ou|e|en|of|i|lub|и|или)\s*{_SOCIAL})*"
    r"\s*[:.!]?$|"
    r"(?:partager cet article|artikel teilen|condividi questo articolo|"
    r"compartilh(?:e|ar) (?:este|esta) (?:artigo|matéria|notícia)|udostępnij(?: artykuł)?|"
    r"поделиться(?: статьей)?)\s*[:.!]?$)"
)
# A copyright's "all rights reserved" in the languages of the labels, and Japanese
# "無断転載" (no reprint without permission), as the page's notice: alone or before a
# stop, a sign or a bar. Before other words they open sentences ("版权所有者张某表示 …",
# "無断転載が相次いでいる …", "Riproduzione riservata ai soli abbonati: …").
_RIGHTS_RESERVED = (
    r"(?:tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|"
    r"todos os direitos reservados|tutti i diritti riservati|riproduzione riservata|"
    r"alle rechten voorbehouden|wszelkie prawa zastrzeżone|все права защищены|"
    r"版权所有|版權所有|無断(?:転載|複製)(?:[・、](?:転載|複製|転用))*(?:を)?(?:禁じます|禁止)?)"
    r"(?:\s*[.。，,|·©–—-].*|[\s.。!]*)$"
)
JUNK_LINE = re.compile(
    rf"^(?:(?:{_FURNITURE_LABELS})(?:\s*[:：|·].*|\s+[–—-]\s.*|[\s.!…]*)$|"
    rf"(?:{_AD_LABELS})(?:\s*[:|·–—-]\s*(?:{_AD_BREAK}).*|[\s.!…:|·–—-]*)$|"
    # an advertising label in capitals, whatever follows it: "WERBUNG für …"
    r"(?-i:ADVERTISEMENT|ADVERTISING|ANZEIGE|WERBUNG|PUBLICIDADE?|PUBLICITÉ|PUBBLICITÀ|"
    r"ADVERTENTIE|REKLAMA|РЕКЛАМА)\b|"
    rf"{_AD_BREAK}|"
    # a player's or a script's stand-in text, read only where the script did not run
    r"(?:to view this (?:video|content),? )?please (?:enable|turn on) javascript\b|"
    r"you need to enable javascript\b|"
    rf"{_LISTEN_LINE}|{_SHARE_LINE}|"
    # copyright notices; "Copyright claims …" is a sentence
    r"credit\s*(?:\.\.\.|…)|"
    r"\(ap photo\b.*\)$|©|copyright\s*(?:©|\(c\)|\d|(?-i:[A-Z]))|"
    rf"all rights reserved|{_RIGHTS_RESERVED}|"
    # a wire's house notice
    r"our standards: the thomson reuters trust principles|dpa-infocom\b|"
    # a video's title with its running time in brackets: "Video: Council debates budget
    # (02:14)"; "Video: … leaving the bank at 9:45" is a caption's sentence
    r"(?:video|vídeo|vidéo|видео|動画|视频)\s*[:|]\s.{1,100}\(\d{1,2}:\d\d(?::\d\d)?\)$|"
    r"\(?function\b|window\.|var |document\.)",
    re.IGNORECASE,
)
# A call to action addressing the reader, as a line of its own: body._furniture_line
# keeps it when it reports someone's advice ("Download the app only from the official
# store, police advised").
CTA_LINE = re.compile(
    r"^(?:sign up|subscribe|click here|follow us|follow me|get the latest|"
    r"download the app|tap here)\b",
    re.IGNORECASE,
)
# A picture credit's label in the languages the parser reads, for a line of the text
# (PICTURE_CREDIT) and for a caption or a dek (CREDIT_LINE).
_CREDIT_WORDS = (
    r"(?:image |photo )?credit|crédit(?: photo)?|crédito|photo(?:graph(?:er)?)?|foto|bild|"
    r"image|imagen|immagine|picture|фото|zdjęcie|kuva|bron|quelle|写真|画像|图片(?:来源)?|"
    r"圖片(?:來源)?"
)
# A picture credit's label and what it credits: "Photo : AFP", "Фото: РИА Новости",
# "写真：共同通信", "Credit: Jane Doe for The Courier". What follows must read as a
# name (body._label_line): "Credit: banks tightened lending standards …" is a sentence.
PICTURE_CREDIT = re.compile(
    rf"^(?:{_CREDIT_WORDS})s?\s*[:：]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# Picture agencies and stock libraries: a credit's part naming one is a credit whatever
# else it names ("Foto: Getty Images / Photographer is my life", a stock contributor).
PICTURE_AGENCY = re.compile(
    r"getty images|imago(?: images)?|istock(?:photo)?|shutterstock|picture[- ]alliance|"
    r"adobe ?stock|stock\.adobe\.com|alamy|unsplash|pixabay|epa(?:-efe)?|keystone|"
    r"sipa|bildagentur|privat|handout",
    re.IGNORECASE,
)
# A list of the page's tags: "Tags: budget, city council, transport"; what follows must
# read as a list (body._label_line): "Tags: the researchers fitted 40 birds …" is text.
TAG_LIST = re.compile(
    r"^(?:tags|schlagw[öo]rter|stichw[öo]rter|etiquetas|mots-cl[ée]s|tagi|теги|метки)\s*:"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# Beside a credit's name, the words in lower case a credit holds ("picture alliance /
# dpa", "Jane Doe for The Courier"): any more and the label heads a sentence.
CREDIT_LOWER_WORDS_MAX = 2
# A label's rest without spaces (Japanese, Chinese) is one word: a name this long at most.
CREDIT_UNSPACED_MAX_CHARS = 20
# A tag is a word or a few: a "tag" longer than this is a clause.
TAG_MAX_WORDS = 4
# A related-reading label before a title (a list of links' head, a teaser line):
# body._related_label_line asks the line for a teaser's shape (no sentence's end, mostly
# a link's text). The same labels open sentences ("Siehe auch die Antwort des
# Ministeriums: „Wir prüfen den Vorgang.“", "Lees meer boeken, adviseert de minister").
RELATED_LINE = re.compile(rf"^(?:{_RELATED_ALTERNATION})\b", re.IGNORECASE)
RELATED_REST_LOWER_MAX = 1
# A sentence's end: a stop, then closing quotes or brackets ("… den Vorgang.“"); CJK
# stops too.
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*\s*$")
# A wire service's copyright notice, longer than other furniture lines: "Copyright 2024
# The Associated Press. All rights reserved. This material may not be published, …".
COPYRIGHT_NOTICE = re.compile(
    r"^(?:©|copyright\s*(?:©|\(c\)|\d)).{0,200}?\b(?:all rights reserved|"
    r"may not be (?:published|reproduced|redistributed))",
    re.IGNORECASE,
)
COPYRIGHT_NOTICE_MAX = 300
# "3 Min Lesezeit", "5 min read", "Lesezeit: 4 Minuten": a reading-time note.
READING_TIME = re.compile(
    r"^(?:(?:ca\.\s*)?\d+\s*(?:min(?:ute)?s?\.?|minuten)\s*(?:read|lesezeit|lesedauer|"
    r"de lectura|de lecture|di lettura)|(?:lesezeit|lesedauer|reading time|read time|"
    r"temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|"
    r"czas czytania|время чтения)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min\w*\.?|мин\w*\.?)?)$",
    re.IGNORECASE,
)
JUNK_SHORT = re.compile(
    r"^(?:share|tweet|email|print|comments?|\d+ comments?|advertisement|anzeige|werbung|"
    r"continue reading|read more|show more|load more|next|previous|back to top|top|"
    r"close|menu|search|log ?in|sign ?in|register|subscribe|skip to (?:main )?content|"
    r"related|loading(?:\.*|…)|please wait(?:\.*|…)|ad|sponsored|promoted|"
    # "continue reading" in the languages of the labels, and a picture's or a player's
    # buttons printed as text
    r"sigue leyendo|seguir leyendo|lire la suite|continua a leggere|continue lendo|"
    r"czytaj dalej|читать далее|(?:記事の)?続きを読む|ad feedback|(?:show|hide|toggle) caption|"
    r"enlarge this image|print this article|skip ad|ad loading(?:\.*|…)|"
    r"(?:image|photo|picture|bild|foto) \d+ (?:of|von|de|di|z|из) \d+|×)[.:!]?$",
    re.IGNORECASE,
)
# A by-word and what follows it ("rest"): a byline when the rest reads as names
# (body.filter_blocks asks split_byline), else a sentence ("By 2030, …", "Por su parte").
BYLINE_LINE = re.compile(
    r"^(?:by|von|por|par|written by|reported by|text:|autor:|author:)\s+(?P<rest>\S.{0,80})$",
    re.IGNORECASE,
)
# The shape of a date line: a short label or name, a year or a time, a short tail. In a
# plain-text page's header (plain_text._label_kind), right under the headline, that is
# the article's date; among the lines of a text, body._date_line asks more of a line of
# this shape (DATE_STAMP and its companions below): "In 2012, 40 people died." has it.
DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|stand|veröffentlicht|aktualisiert|"
    r"actualizado|publicado|publié|mis à jour)[:\s]*)?[\w\s,.:/|-]{0,20}"
    r"(?:\d{1,2}[:.]\d\d|(?:19|20)\d\d)[\w\s,.:/|()+-]{0,25}$",
    re.IGNORECASE,
)
# Author contact lines and moderation notes that close many articles.
CONTACT_LINE = re.compile(
    r"^have a (?:news )?tip\b|\bmay be reached at\b|\bcan be reached at\b|"
    # "Contact the author at x@y.org (or on X @handle)."; "Contact with the suspect at
    # x@y.org was lost …" goes on as a sentence
    r"^contact\b[^.]{0,60}?\bat\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:\s+or\s+[^.]{0,40})?\.?$|"
    # where the text ran in print: "A version of this article appears in print on …"
    r"^a version of this (?:article|story) appear(?:s|ed) in print\b|"
    # "Published in the print edition of May 4, 2024."; a clause after the date ("…
    # of the Times in 1963, the essay caused an outrage") makes it a sentence
    r"^(?:this article (?:was )?)?published in the print edition\b(?:[^,]*|[^,]*,\s*\d{4}\b.*)$|"
    r"^this article appeared in the .{1,60}? section of the print edition\b|"
    r"\bfollow (?:him|her|them|us) on (?:twitter|x|facebook|instagram)\b|"
    r"^(?:sign up|subscribe) (?:for|to) (?:our|the)\b.*newsletter|"
    r"\bcomentários\b.*\bmoderador|\bcomments? (?:are|is) (?:closed|moderated)\b",
    re.IGNORECASE,
)
# "Follow us" in the languages of the labels: a topic of a call to action (CTA_TOPIC)
# and an imperative to the reader (_CTA_IMPERATIVE).
_FOLLOW_US = (
    r"follow us|folgen sie uns|s[ií]guenos|suivez-nous|seguici|siga-nos|sigam-nos|volg ons|"
    r"obserwuj nas|подписывайтесь|следите за нами"
)
# A closing line about a newsletter, an app, social channels or donations is a call to
# action only when it speaks to the reader (READER_ADDRESS): "The video was widely
# shared on social media" and "Fans can sign up for tickets from Monday" end articles.
CTA_TOPIC = re.compile(
    r"\bnewsletter|\bsign up\b|\bsubscri(?:be|ption)\b|\babonnier|\babonnez\b|\bsuscr[ií]b|"
    r"\bnews-?app\b|\bapp\b|\bsocial media\b|\bwhatsapp\b|\btelegram\b|\bspende\b|"
    rf"\bdonat(?:e|ion)\b|(?:^|[.!?…]\s+)(?:{_FOLLOW_US})\b",
    re.IGNORECASE,
)
# Who else worked on the copy, in the note closing a wire story: "(Reporting by Jane Doe;
# Editing by John Roe)", "Additional reporting from PA", "mit dpa", "Mit Material von
# AFP", "Con información de EFE". The truths of the development sets leave them out.
CREDIT_NOTE = re.compile(
    r"^[(\[]?(?:(?:additional |further )?reporting (?:by|from)|editing by|writing by|"
    r"compiled by|mit material (?:von|der|des)|mit dpa\b|con información de|"
    r"avec (?:l['’])?afp\b)",
    re.IGNORECASE,
)
# The words in lower case such a note holds beside names, places and agencies: a line
# with any other ("Reporting by the BBC revealed the scandal.") is a sentence.
CREDIT_NOTE_WORDS = frozenset(
    {"by", "from", "and", "with", "in", "on", "editing", "reporting", "writing", "additional"}
    | {"further", "compiled", "mit", "material", "von", "der", "des", "und", "con"}
    | {"información", "de", "y", "avec", "et"}
)
# A closing note (a call to action, a wire's credit note) is short: a longer paragraph
# is the text's own.
CLOSING_NOTE_MAX = 300
# Whoever writes them, these close no article's text: donation pleas, comment notes.
CTA_PHRASE = re.compile(
    r"\bsupport (?:our|independent) journalism\b|"
    r"hat ihnen (?:dieser|der) artikel gefallen|\bhier entlang\b|"
    r"\bcomments? (?:are|is) (?:closed|moderated)|"
    r"kommentare (?:und pings )?sind (?:derzeit )?geschlossen",
    re.IGNORECASE,
)
# An imperative to the reader: "Sign up to …", "Join our WhatsApp channel", "Abonnez-vous
# …", "Folgen Sie uns …". A word joined by a hyphen is another word ("Follow-up",
# "Click-through").
_CTA_IMPERATIVE = (
    r"(?:sign up|subscribe|follow|download|donate|join|click|tap|get the latest|"
    rf"{_FOLLOW_US}|abonniere|folge|abonnieren sie|suscr[ií]bete|abonnez(?:-vous)?|"
    r"inscrivez(?:-vous)?|suivez|iscriviti|inscreva-se|assine|schrijf je in|volg|"
    r"zapisz się|obserwuj|подпишитесь)(?![\w-])"
)
# Between two paragraphs a call to action opens its paragraph with the imperative
# (body._call_to_action_box); after a colon or inside a sentence it is reported advice
# ("Her advice to parents: follow the guidance …").
CTA_OPENING = re.compile(rf"^{_CTA_IMPERATIVE}", re.IGNORECASE)
# The outlet speaking to its reader: second person, the outlet's "we/our". German's
# formal "Sie/Ihnen/Ihr" counts inside a sentence only (opening one, they are also
# "she/they/her"); its "du" beside a verb's "-st" ("Folgst du …?"): French "du" is "of
# the". A word joined by a hyphen is another word ("add-ons", "bolt-ons").
_READER_WORDS = (
    r"(?i:(?<![\w-])(?:you|your|yours|we|us|our|dich|dir|dein\w*|uns|unser\w*|euch|vous|"
    r"votre|vos|nous|notre|nos|usted(?:es)?|nuestr[oa]s?|você|nosso|nossa|te|tu|tus|"
    # Italian, Dutch, Polish, Russian: "our/your" of the outlet and its reader
    # ("Cosa Nostra" is a name, French "onze" a number)
    r"(?-i:nostr[aoie]|vostr[aoie])|ons|jouw|nasz\w*|wasz\w*|наш\w*|ваш\w*)(?![\w-]))|"
    r"(?<=[\w,;] )(?:Sie|Ihnen|Ihre?[nmrs]?)\b|(?i:\b\w{2,}st du\b|\bdu \w{2,}st\b)"
)
READER_WORDS = re.compile(_READER_WORDS)
# At the text's end the reader words, or an imperative opening a sentence ("Follow us on
# …", "Download our app").
READER_ADDRESS = re.compile(_READER_WORDS + rf"|(?i:(?:^|[.!?…]\s+){_CTA_IMPERATIVE})")
# Reported speech: a source's advice or a scam's message quoted, not the outlet's call
# ("Download the app only from the official store, police advised", "Síguenos en
# Telegram, pedía el mensaje de los estafadores", "Secondo il ministro, la nostra app
# …", "Nasz kraj potrzebuje tej aplikacji, mówił minister").
REPORTED = re.compile(
    r"(?<![\w-])(?:said|says|told|warned|warns|advised|advises|urged|urges|wrote|writes|"
    r"according to|reported|announced|claimed|added|explained|demanded|"
    r"sagte|sagt|sagten|warnt|warnte|erklärte|erklärt|teilte|betonte|so der|laut|"
    r"berichtete|schrieb|"
    r"dijo|dice|afirmó|advirtió|según|informaron|informó|explicó|pedía|pidió|señaló|"
    r"aseguró|recuerda|"
    r"a déclaré|déclare|a dit|selon|estime|affirme|a affirmé|a indiqué|indique|lance|"
    r"explique|reconnaît|a averti|"
    r"ha detto|secondo|ha scritto|ha affermato|afferma|spiega|ha spiegato|ha dichiarato|"
    r"disse|diz|segundo|afirmou|alerta|alertou|informou|explicou|declarou|"
    r"zei|zegt|volgens|aldus|waarschuwt|waarschuwde|adviseert|schreef|meldde|"
    r"powiedział\w*|mówił\w*|według|twierdz\w*|przyznaje|ostrzega|poinformował\w*|"
    r"napisał\w*|zachęcał\w*|"
    r"сказал\w*|сообщил\w*|заявил\w*|говорил\w*|по словам|по данным|советует|"
    r"призывал\w*|пишет|предупреждает)(?![\w-])",
    re.IGNORECASE,
)
# Quoted speech inside a line: a source's "we" or "you" is not the outlet's.
# A quote left open runs to the paragraph's end (a quote continued in the next
# paragraph opens it again without closing the last).
QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|„[^“”]*(?:[“”]|$)|«[^»]*(?:»|$)')
FURNITURE = re.compile(
    r"(?:^|[\s_\-])(?:comments?|comment-list|commentlist|respond|disqus|discussion|footer|site-footer)(?:$|[\s_\-])",
    re.I,
)


# --- Bylines: agencies, organisation words, roles, byline places --------------

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
# Agencies and organisation credits (the house credits among them), matched
# case-insensitively on the whole part.
AGENCIES = HOUSE_CREDITS | {
    "reuters",
    "thomson reuters",
    "ap",
    "the associated press",
    "associated press",
    "afp",
    "agence france-presse",
    "agence france presse",
    "dpa",
    "dpa-afx",
    "afx",
    "epd",
    "kna",
    "apa",
    "sda",
    "ats",
    "efe",
    "europa press",
    "ansa",
    "adnkronos",
    "agi",
    "lusa",
    "agência brasil",
    "anp",
    "belga",
    "tt",
    "ntb",
    "ritzau",
    "pa",
    "pa media",
    "pa wire",
    "press association",
    "bloomberg",
    "bloomberg news",
    "upi",
    "cnn",
    "cnn wire",
    "bbc",
    "bbc news",
    "bbc sport",
    "xinhua",
    "kyodo",
    "kyodo news",
    "yonhap",
    "tass",
    "ria novosti",
    "anadolu",
    "anadolu agency",
    "aa",
    "ians",
    "pti",
    "ani",
    "aap",
    "cp",
    "the canadian press",
    "canadian press",
    "sid",
    "kap",
    "dts",
    "dts nachrichtenagentur",
    "afp/dpa",
    "dpa/afp",
    "ap/dpa",
    "rtr",
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
    "efe/ap",
    "europapress",
    "mediahuis",
    "zeit online",
    "spiegel",
    "der spiegel",
    # Japanese and Chinese wires, left when "記者" is cut after them ("共同通信記者").
    "共同通信",
    "共同通信社",
    "時事通信",
    "時事通信社",
    "新华社",
    "新華社",
}
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
# run of spaces and commas linear.
WEEKDAY_DATE = re.compile(
    r"(?<![\s,])[\s,]+(?:(?P<prep>on|am|le|el|il)\s+(?:montag|dienstag|mittwoch|donnerstag|"
    r"freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
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
}
# Logins that name no one: a CMS's default account.
NOT_LOGINS = {
    "admin",
    "administrator",
    "root",
    "editor",
    "user",
    "webmaster",
    "redaktion",
    "author",
}
BYLINE_CLASS = re.compile(
    r"byline|by-line|author-?name|authors?(?:$|[\s_\-])|article-?author|story-?author|"
    r"post-?author|entry-?author|contributor|writer|autor|meta-author|c-byline",
    re.IGNORECASE,
)
# Words every BYLINE_CLASS match holds (a fast pre-filter; keep the two in step).
BYLINE_CLASS_WORDS = ("byline", "by-line", "author", "contributor", "writer", "autor")
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


# --- Dates: zone abbreviations, relative units, date meta keys and classes ----

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
REL_UNITS.update(
    {unit: seconds for seconds, units in _REL_UNITS_MORE.items() for unit in units.split()}
)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "einer": 1, "einem": 1, "un": 1, "una": 1, "une": 1}
YESTERDAY = re.compile(
    r"\b(yesterday|gestern|ayer|hier|ieri|gisteren|вчера|учора|wczoraj|dün|kemarin|i går|igår|"
    r"ontem)\b",
    re.IGNORECASE,
)
TODAY = re.compile(
    r"\b(today|heute|hoy|aujourd'hui|just now|gerade eben|oggi|vandaag|сегодня|сьогодні|"
    r"dzisiaj|dziś|bugün|hari ini|i dag|idag|hoje)\b",
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
    "last-modified-date",
    "article:published:time",
    "og:published:time",
)
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
)
PUB_CLASS = re.compile(
    r"publish|posted|pubdate|date-?time|timestamp|article-?date|entry-date|date", re.I
)
# Words every PUB_CLASS or UPD_CLASS match holds (a fast pre-filter; keep them in step).
DATE_CLASS_WORDS = ("date", "publish", "posted", "timestamp", "updated", "modified")
# Microdata / RDFa properties on page elements (the part after a "schema:" prefix), lower-case.
PUBLISHED_PROPS = frozenset({"datepublished", "datecreated", "published_time", "dc:date"})
UPDATED_PROPS = frozenset({"datemodified", "modified_time"})
UPD_CLASS = re.compile(r"updated|modified", re.I)
# Words that label a date as an update, not the publication ("Stand:" is German's "as
# of", a label only before a colon or a number: "stand" is an English word too). An edit
# is an update ("Last edited", "zuletzt bearbeitet", "laatst bewerkt"); "Edited by" is an
# editor's credit.
_UPDATE_WORDS = (
    r"(?:last\s+)?(?:updated|modified|update|edited(?!\s+by\b)|aktualisiert|zuletzt aktualisiert|"
    r"zuletzt bearbeitet|geändert|laatst bewerkt|"
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


# --- The text's language ---------------------------------------------------------

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


# --- Headline and standfirst places -------------------------------------------

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
    r"subtitle|sub-title|subheadline|sub-headline|subhead|summary|teaser-text|excerpt|"
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


# --- Related-reading blocks ---------------------------------------------------

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


# --- Article scope and page chrome ----------------------------------------------------

# Microdata types that mark the element holding one article.
ARTICLE_ITEMTYPE = re.compile(
    r"schema\.org/(?:\w*NewsArticle|Article|BlogPosting|Report|TechArticle|ScholarlyArticle)\b",
    re.IGNORECASE,
)
# Evidence before the headline counts only inside the h1's header block: this many
# levels above the h1.
HEADER_BLOCK_UP = 3
# Site furniture whose dates and names are never the article's.
CHROME_TAGS = frozenset({"nav", "aside", "menu"})  # header/footer: only site-level ones
CHROME_ROLES = frozenset({"banner", "navigation", "contentinfo", "complementary", "search"})
# A block whose class names it as furniture counts as chrome when it holds this many links.
CHROME_MIN_LINKS = 3
CHROME_WORDS = (
    r"site-?header|header-?bar|top-?bar|topbar|masthead|navbar|nav|menu|"
    r"sidebar|side-?bar|ticker|news-?ticker|breaking-?bar|weather|"
    r"most-?read|mostread|most-?popular|popular|trending|top-?stories|latest-?news|"
    r"related|recommended|more-?stories|read-?next|comment-list|commentlist|"
    r"footer|site-?footer|copyright|colophon|breadcrumbs?|cookie\w*|newsletter"
)
CHROME_CLASS = _class_words(CHROME_WORDS)
# Lists of other stories (with their own dates and names), inside an article too.
STORY_LIST_WORDS = (
    r"most-?read|mostread|most-?popular|popular|trending|top-?stories|"
    r"latest-?news|related|recommended|more-?stories|read-?next|comment-list|commentlist"
)
STORY_LIST_CLASS = _class_words(STORY_LIST_WORDS)


# --- Dates: month names ---------------------------------------------------------------

# Month names (full and abbreviated) in the languages our sources write in; a name
# that two languages share keeps its first month. Round 13 added the month names of
# languages no development page writes dates in (the genitive where a day is written
# with it: "4 декабря 2026", "4 grudnia 2026"), left out where a name is a common word
# of another language ("des", "mac", "noi") or two languages give it different months
# (Croatian "listopad" is October, Polish, Czech and Ukrainian November). Round 15 added
# Hungarian's, which it writes after the year ("2026. december 5.", ``formats.YMD_TEXT``).
_MONTH_NAMES: tuple[str, ...] = (
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
    "augusti ogos αυγούστου αύγουστος αυγ अगस्त আগস্ট أغسطس اغسطس באוגוסט אוגוסט",
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


# --- Body: date and time stamps among the text's lines --------------------------------

# A line of the text is a date stamp when, its dates and times and the words that go
# with them (DATE_FILLER) taken out, at most DATE_LINE_MAX_WORDS words stand (of at most
# DATE_LINE_MAX_LETTERS letters), none of them in lower case: "Published: 3 May 2024,
# 10:12", "Bettina Kugler 19.10.2019, 05:00 Uhr", "Bonn, 11.10.2021". A sentence has
# words in lower case: "In 2012, 40 people died.", "Kick-off is at 15:00."
_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
# A preposition or article before a date or a time belongs to it ("am 13. Mai", "um 15:44").
_DATE_GLUE = r"(?:\b(?:at|on|um|am|à|le|el|de|del|alle|a las)\s*)?"
# A date with its day (in digits or words) or a clock time: a stamp as it stands.
DATE_STAMP = re.compile(
    _DATE_GLUE + r"(?:"
    r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d\d(?![\d.])"  # 19.10.2019, 23. 12. 2024
    r"|(?<![\d/-])\d{1,2}([/-])\d{1,2}\1(?:19|20)?\d\d(?![\d/-])"  # 05/03/2024
    r"|(?<!\d)(?:19|20)\d\d([-/.])[01]?\d\2[0-3]?\d(?!\d)"  # 2024-05-03
    r"|(?:19|20)\d\d\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日일])?"
    rf"|(?<!\d)\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?(?:{_MONTH})\b\.?,?"
    r"(?:\s*(?:de\s+)?(?:19|20)\d\d(?!\d))?"  # 3 May 2024, 21. Jan 2022, 18 abril, 2022
    rf"|\b(?:{_MONTH})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d\d(?!\d))?"
    # a clock time, not one end of a range ("open 10:00-18:00")
    r"|(?<![\d:.,–-])(?<![-–]\s)\d{1,2}(?::[0-5]\d){1,2}(?![\d:]|\s*[-–]\s*\d)"
    r"(?:\s*[ap]\.?\s?m\.?)?(?:\s*uhr)?"
    r"|(?<![\d.,])\d{1,2}(?:h[0-5]\d|[.][0-5]\d\s*uhr)\b"  # 07h36, 19.18 Uhr
    # a live blog's entry time, British style: "2.15pm", "14.15 GMT" (no decimal has these)
    r"|(?<![\d.,])\d{1,2}[.][0-5]\d(?:\s*[ap]\.?m\b\.?|(?=\s*(?:gmt|bst|utc|cet|cest)\b))"
    r")",
    re.IGNORECASE,
)
# A month and its year, or a year alone: a stamp only when little else stands in the
# line ("Mai 2013", "2019"); a heading that is one is a timeline's, and stays.
DATE_LOOSE = re.compile(
    rf"{_DATE_GLUE}(?:\b(?:{_MONTH})\b\.?\s+)?(?<!\d)(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?(?!\d)",
    re.IGNORECASE,
)
# Words that go with a date: its label, a weekday, "today", a zone, "Uhr", a reading time.
DATE_FILLER = re.compile(
    r"\b(?:published|updated|posted|last updated|stand|veröffentlicht|aktualisiert|"
    r"publiziert|erstellt|actualizado|publicado|publié|mis à jour|créé|modifié)\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)[.,])|"
    r"\b(?:today|yesterday|heute|gestern|hoy|ayer|hier|aujourd'hui|oggi|ieri|dnes|včera|"
    r"dzisiaj|wczoraj|bugün|dün)\b|"
    r"\b(?:gmt|utc|cet|cest|mez|mesz|bst|est|edt|cst|cdt|mst|mdt|pst|pdt)\b|\buhr|"
    r"(?:\b(?:lesedauer|lesezeit|reading time|read time)\s*:?\s*)?(?:\bca\.\s*)?\d+\s*"
    r"min(?:\.|utes?|uten|\b)(?:\s*read\b)?",
    re.IGNORECASE,
)
# Labels set in capitals over the text, no first line of it when they open the body
# (body._capital_label), compared by their letters (text.norm_key): a closed list, since
# a line in capitals opening a body is as often its own (a subheading, a speaker, a
# chant, a dateline, a drop cap; review of round 15).
CAPITAL_LABELS = frozenset(
    {
        "breaking",
        "breaking news",
        "just in",
        "developing story",
        "story highlights",
        "highlights",
        "exclusive",
        "opinion",
        "analysis",
        "update",
        "eilmeldung",
        "exklusiv",
        "última hora",
        "exclusiva",
        "dernière minute",
        "exclusif",
        "ultima ora",
        "срочно",
        "εκτακτο",
        "έκτακτο",
        "son dakika",
    }
)
# A name in capitals opening the body goes only when it is the byline or the page's
# description, and no other line in capitals of at most this many words follows (a
# speaker of an interview, a subheading: the text's own).
CAPITAL_LINE_MAX_WORDS = 6
DATE_LINE_MAX_WORDS = 4
DATE_LINE_MAX_LETTERS = 30


# --- Body: the container vote (scoring constants) --------------------------------------

# A div/section votes with its own direct text when it holds this many characters.
VOTE_MIN_DIRECT_TEXT = 80
# A p/li/td/… votes when it holds this many characters and at most this link share.
VOTE_MIN_BLOCK_TEXT = 25
VOTE_MAX_LINK_DENSITY = 0.6
# One point per VOTE_CHARS_PER_POINT characters, up to VOTE_LENGTH_CAP characters.
VOTE_LENGTH_CAP = 1500
VOTE_CHARS_PER_POINT = 60.0
# Shares of a block's vote for its parent, grandparent and great-grandparent.
VOTE_SHARES = (1.0, 0.5, 0.125)
# Class-name weights of a candidate container.
GOOD_CLASS_WEIGHT = 1.25
BAD_CLASS_WEIGHT = 0.6
ARTICLE_BODY_WEIGHT = 1.5  # itemprop="articleBody"
# Blocks that are never the article's container, whatever their vote: author boxes,
# cookie and consent notices, newsletter forms, comment lists.
NEVER_CONTAINER = re.compile(
    r"(?:^|[\s_\-])(?:author-?(?:info|bio|box|profile|card|description)|about-?(?:the-)?author|"
    r"cookie\w*|consent|gdpr|dsgvo|newsletter\w*|comments?|comment-list|commentlist)"
    r"(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# A class word that names a state of the page, not a block of it: "has-newsletter-popup",
# "comments-open", "cookie-consent-pending", "gdpr-applies" on a wrapper of the whole page.
PAGE_STATE = re.compile(
    r"^(?:has|no|with|show|hide|is)-|-(?:open|opened|closed|pending|applies|applied|enabled|"
    r"disabled|active|visible|shown|hidden|accepted|given|loaded|required|allowed|on|off)$",
    re.IGNORECASE,
)
# A box apart (author box, consent wall, newsletter form, comment thread) holds under half
# of the page's text, or under this many characters: a consent text can be longer than a
# short article, but a wrapper of most of a long page is the page's, whatever its class.
BOX_APART_CHARS = 1000
# Candidates looked at (best first), and walks that keep some text but too little tried at most.
CANDIDATES_LOOKED_AT = 10
CANDIDATES_WALKED = 3
# A walk keeps enough when it keeps this many characters or this share of the candidate's text.
WALK_ENOUGH_CHARS = 500
WALK_ENOUGH_SHARE = 0.3
# Tags that start a new block of text (the body's walk, a lead's own opening).
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "figure",
        "figcaption",
        "address",
        "hr",
        "center",
        "details",
        "summary",
        "body",
        "html",
        "form",
        "aside",
        "nav",
    }
)
# A sibling (or twin) block joins the container with this score, or this share of its score.
PART_MIN_SCORE = 3.0
PART_SHARE = 0.2
# A sibling of the container's own tag and class joins it, whatever its score (its
# paragraphs may vote for inner wrappers), when at most this share of its text is links.
PART_MAX_LINK_SHARE = 0.25
# The densest-block fallback needs a block with this much non-link text of its own.
DENSE_MIN_TEXT = 80
# Before any text, a picture's caption or credit line opens the article as printed.
CAPTION_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:caption|wp-caption|image-caption|photo-caption|credit|image-credit|"
    r"photo-credit|inline-photo|e-image)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
LEAD_CAPTION_MAX = 300
# A text that ends in a picture's credit line ("… © WSNA", "Photographer: …", "… (Foto: …)",
# "Crédito: …", "Фото: …"): a credit mark and then no sentence's end. A lead-classed box
# reading so is a picture's caption, not the dek. A credit word stands where credits
# stand (the text's start, after a sentence's end, an opening bracket, a dash or a bar:
# "In pictures: the best …" is a dek); "©" stands anywhere, also after a caption without
# a stop ("Trump bei einem Auftritt © Imago Images"). "Copyright" alone is a topic word;
# it counts only before a sign or a year. The remainder (group "name") must read as a
# name, not as a dek's clause ("Photographers: ten names to watch …"): see
# CREDIT_NAME_MAX_WORDS.
CREDIT_LINE = re.compile(
    r"(?:©|"
    r"(?:^|[.!?][\"'”’»)]?\s*|[(\[]\s*|\s[-–—|]\s*)"
    r"(?:\bcopyright\s*(?:©|\(c\)|\d)|"
    rf"\b(?:{_CREDIT_WORDS})s?\s*:))"
    # a dot inside a name (stock.adobe.com) ends no sentence
    r"(?P<name>(?:[^.!?©]|\.(?=\w)){0,80})$",
    re.IGNORECASE,
)
# A credit names a person or an agency: at most this many words, no fewer of them
# capitalised than not (or an agency's name or a web address among them).
CREDIT_NAME_MAX_WORDS = 6
# A paragraph this long printed again in the walk's text is a second copy, read once.
REPEAT_MIN_CHARS = 100
# Prose between the headline and the container joins the body: this long at least, with
# at most this share of its characters in links.
LEAD_MIN_CHARS = 80
LEAD_MAX_LINK_SHARE = 0.2


# --- Pages that are not articles (page_kind.py) -------------------------------------------

# A title part or h1 that is, whole, one of these says the page is an error page served
# with status 200 (a "soft 404"). Whole only: "Page not found: the web's lost links" is
# a headline. An "oops"/"sorry"/"error"/"404" may stand before or after the phrase.
_SOFT_404_PHRASES = (
    # English
    r"(?:the )?page (?:was |could not be |couldn'?t be |cannot be |can'?t be )?not found",
    r"(?:this |the )?page (?:cannot|can'?t|could not|couldn'?t) be found",
    r"(?:this |the )?page (?:does not|doesn'?t|no longer) exists?",
    r"we (?:can'?t|cannot|couldn'?t|could not) find (?:that|this|the) page",
    r"(?:the )?page you (?:are|were|'re) looking for "
    r"(?:can'?t|cannot|could not|couldn'?t) be found",
    r"(?:file |content |article |page )?not found",
    r"nothing (?:was )?found",
    r"error 404|404 error|404",
    # German, Dutch, Scandinavian
    r"(?:die )?seite (?:wurde )?nicht gefunden",
    r"(?:diese |die )?seite existiert (?:leider )?nicht(?: mehr)?",
    r"fehler 404|fehlerseite",
    r"pagina niet gevonden|deze pagina bestaat niet",
    r"sidan (?:kunde inte hittas|hittades inte|finns inte)",
    r"siden (?:blev ikke fundet|ble ikke funnet|finnes ikke|findes ikke)",
    # French, Spanish, Portuguese, Italian
    r"page (?:non trouvée|introuvable)|cette page n'existe pas|erreur 404",
    r"página no encontrada|no se (?:ha )?encontr(?:ó|ado) la página|la página no existe",
    r"página não encontrada|erro 404",
    r"pagina non trovata|la pagina non esiste|errore 404",
    # Polish, Czech, Finnish, Hungarian, Turkish, Russian
    r"(?:nie znaleziono strony|strona nie (?:istnieje|została znaleziona))",
    r"stránka nenalezena|stránka nebyla nalezena",
    r"sivua ei löytynyt",
    r"az oldal nem található",
    r"sayfa bulunamadı",
    r"страница не найдена|ошибка 404",
    # Japanese, Chinese
    r"(?:お探しの)?ページ[がは]見つかりません(?:でした)?",
    r"页面不存在|页面未找到|找不到(?:该|此)?页面|頁面不存在|找不到(?:該|此)?頁面",
)
SOFT_404 = re.compile(
    rf"(?:(?:oops|whoops|sorry|error|404)[\s,.!:–-]*)*"
    rf"(?:{'|'.join(_SOFT_404_PHRASES)})"
    rf"(?:[\s,.!:–-]*(?:404|error))?[\s.!…]*",
    re.IGNORECASE,
)
# A title part or h1 that is, whole, one of these: a consent or privacy interstitial
# served in place of the page (the article is behind it).
CONSENT_TITLE = re.compile(
    r"(?:before you continue(?: to [\w .-]{1,30})?|we value your privacy|"
    r"your privacy (?:choices|settings|matters)|cookie (?:consent|settings|preferences)|"
    r"privacy (?:settings|preferences|consent)|consent (?:required|preferences)|"
    r"datenschutz(?:einstellungen|-einstellungen| und cookies)|zustimmung erforderlich|"
    r"avant de continuer|gestion des cookies|antes de continuar|prima di continuare|"
    r"voordat je verdergaat)[\s.!…]*",
    re.IGNORECASE,
)
# Separators between a title's parts ("404 - Page not found | Site").
TITLE_PARTS = re.compile(r"\s+[|–—:·»/-]\s+|\s*[|·»]\s*")
# The JSON-LD types (of any top-level or @graph object) that declare a page of links,
# with the kind each names in a refusal.
LISTING_TYPES = {
    "collectionpage": "CollectionPage",
    "searchresultspage": "SearchResultsPage",
    "profilepage": "ProfilePage",
}
# A list of teasers: at least this many headline links, each in its own block of at
# most TEASER_MAX_CHARS, and no prose paragraph outside them (PROSE_MIN_CHARS long or a
# sentence, at most PROSE_MAX_LINK_SHARE of it links). Of the 891 development pages (all articles)
# without article metadata, the one without any such paragraph holds no teaser; two
# tuning pages with a single one hold 3 and 48: one paragraph stores a page.
TEASERS_MIN = 3
TEASER_MAX_CHARS = 600
PROSE_MIN_CHARS = 80
PROSE_MAX_LINK_SHARE = 0.5
# A shorter paragraph is prose too when it is a sentence: at least this long, ending in
# a sentence's stop (an article of short paragraphs, a one-paragraph brief: 60-75
# characters a paragraph). A listing's "Stories tagged harbour." or an error page's
# "Sorry, we can't find that." is shorter.
SENTENCE_MIN_CHARS = 40
SENTENCE_END = re.compile(r"[.!?。！？…][\s\"'”’»」』)）]*$")
# Lengths of prose are counted in Latin characters: one Chinese or Japanese character
# carries about a word, as many as three Latin characters (a word and its space).
CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHAR_WEIGHT = 3
# A page that declares itself a listing is one unless it holds this much prose of its
# own outside its teasers (a category page with a text of its own).
DECLARED_PROSE_MIN = 2 * PROSE_MIN_CHARS
# An error or consent message is short: a page with this much prose of its own outside
# its teasers is an article, whatever its title ("Not Found", a film's name).
MESSAGE_MAX_CHARS = 300
# An h1 this long (CJK weighted) that is no error or consent phrase is the page's own
# headline: the title cut down to one end's part ("Not Found - a review") is no
# reason then. "Oops!" or "Sorry" over an error message is shorter.
HEADLINE_MIN_CHARS = 20
