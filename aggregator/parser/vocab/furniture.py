"""Furniture lines of the text: labels, advertising breaks, players, share bars, rights
notices, picture credits, tag lists, reading times, and the shapes of a byline line and a
date line. Read by the body's line filters (``body/lines.py``), ``plain_text.py`` (its
header) and the standfirst (``metadata/dek.py``: ``CREDIT_LINE``).
"""

from __future__ import annotations

import re

from aggregator.parser.vocab.related import RELATED_ALTERNATION

# A line that is one address spelled out (a URL or an e-mail address), not a link label:
# "Sign the petition:" / "Write to us:" and the address on its own line.
PRINTED_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# Whole paragraphs that are calls to action or furniture, not article text. An editor's
# note ("This article was originally published…", "This story has been updated…") is
# not among them: it is printed as part of the text, and the truths keep it.
# A label is a whole word standing alone or before what it labels (a colon, a bar, a
# spaced dash): "Read more: …", "Related:", "Getty Images/iStock".
# The same words open sentences: "Related charges were dropped …", "Getty Images said
# …", "More from the minister's statement is expected …".
_FURNITURE_LABELS = rf"{RELATED_ALTERNATION}|\(?getty images(?:\s*/[^)]*)?\)?"
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
RELATED_LINE = re.compile(rf"^(?:{RELATED_ALTERNATION})\b", re.IGNORECASE)
RELATED_REST_LOWER_MAX = 1
# A wire service's copyright notice, longer than other furniture lines: "Copyright 2024
# The Associated Press. All rights reserved. This material may not be published, …".
COPYRIGHT_NOTICE = re.compile(
    r"^(?:©|copyright\s*(?:©|\(c\)|\d)).{0,200}?\b(?:all rights reserved|"
    r"may not be (?:published|reproduced|redistributed))",
    re.IGNORECASE,
)
COPYRIGHT_NOTICE_MAX = 300
# The holder such a notice names after its sign and year, up to the sentence's end:
# "Copyright 2026 The Associated Press.", "© Thomson Reuters 2026. All rights reserved."
COPYRIGHT_HOLDER = re.compile(
    r"^(?:©|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<holder>[^\d.;,|(]+?)\s*(?:\d{4}\s*)?(?:[.;,|(]|$)",
    re.IGNORECASE,
)
# "3 Min Lesezeit", "5 min read", "Lesezeit: 4 Minuten": a reading-time note.
_READING_TIME = (
    r"(?:(?:ca\.\s*)?\d+\s*(?:min(?:ute)?s?\.?|minuten)\s*(?:read|lesezeit|lesedauer|"
    r"de lectura|de lecture|di lettura)|(?:lesezeit|lesedauer|reading time|read time|"
    r"temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|"
    r"czas czytania|время чтения)\s*:?\s*(?:ca\.\s*)?\d+\s*(?:min\w*\.?|мин\w*\.?)?)"
)
READING_TIME = re.compile(rf"^{_READING_TIME}$", re.IGNORECASE)
# The same note ending a meta line after its mark ("Von Anna Müller | 04.03.2026, 17:30
# Uhr | Lesezeit: 3 Minuten"): no part of the line's date, nor of its length.
READING_TIME_AFTER = re.compile(rf"\s*[|·•–—-]\s*{_READING_TIME}\s*$", re.IGNORECASE)
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
# (body.filter_blocks asks split_byline), else a sentence ("By 2030, …", "Por su parte",
# "Di fronte alla crisi", "Door de regen"). The by-words of vocab.PREFIX's languages:
# Italian "di", Dutch "door", Danish and Norwegian "af"/"av" too (review of round 19).
BYLINE_LINE = re.compile(
    r"^(?:by|von|por|par|di|door|af|av|written by|reported by|text:|autor:|author:)\s+"
    r"(?P<rest>\S.{0,80})$",
    re.IGNORECASE,
)
# The shape of a date line: a short label or name, a year or a time, a short tail. In a
# plain-text page's header (plain_text._label_kind), right under the headline, that is
# the article's date; among the lines of a text, body._date_line asks more of a line of
# this shape (DATE_STAMP and its companions, ``stamps``): "In 2012, 40 people died." has it.
DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|stand|veröffentlicht|aktualisiert|"
    r"actualizado|publicado|publié|mis à jour)[:\s]*)?[\w\s,.:/|-]{0,20}"
    r"(?:\d{1,2}[:.]\d\d|(?:19|20)\d\d)[\w\s,.:/|()+-]{0,25}$",
    re.IGNORECASE,
)
