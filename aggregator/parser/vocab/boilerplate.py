"""Boilerplate by element: never-text tags, the class/id words of furniture (``BAD``) and
of the article's text (``GOOD``), hidden styles, and what an inline element inside a
sentence may carry. Read by the body's ``boilerplate``, ``vote``, ``container``,
``heuristic`` and ``inline`` steps, and by ``scope.py`` (``GOOD``).
"""

from __future__ import annotations

import re

from aggregator.parser.vocab.patterns import class_words

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
BAD = class_words(BAD_WORDS)
# A correction or an editor's note printed in a box of its own at the top or the bottom of
# the text ("correction-notice", "editors-note", an ``aside.correction``): furniture by the
# words above, but the text's own paragraph when it stands in or beside the text and
# opens with one of CORRECTION_LABELS (body.walk.correction_block).
CORRECTION_CLASS = class_words(
    r"corrections?|correction-notice|correction-note|editors-note|editor-note|"
    r"editors-notes|editorial-note|clarification"
)
# The labels newsrooms print over a correction or an editor's note, in several languages:
# the box's text opens with one, then a colon or a dash, maybe after a date in between
# ("Correction, 3 December 2026: …"); a label alone on its line is its heading. Not a
# label followed by other words ("Corrections policy"): that is a link block's title.
CORRECTION_LABELS = (
    r"corrections?|clarifications?|editor['’]?s['’]? note|note from the editor|"
    r"korrektur|berichtigung|richtigstellung|anmerkung der redaktion|"
    r"rectificaci[oó]n|fe de errores|nota del editor|nota de la redacci[oó]n|"
    r"correctif|rectificatif|erratum|note de la r[ée]daction|"
    r"rettifica|nota della redazione|corre[cç][aã]o|nota do editor|nota da reda[cç][aã]o|"
    r"correctie|rectificatie|noot van de redactie"
)
CORRECTION_LABEL = re.compile(
    rf"(?:{CORRECTION_LABELS})(?:(?:,\s*|\s*\(|\s+)(?=[^:]{{0,40}}\d)[^:\n]{{1,40}})?"
    r"\s*(?::|\s[–—-]\s)",
    re.IGNORECASE,
)
# An editor's note about the page or the site, not the story ("Comments have been closed on
# this article", a newsletter's, a subscription's or a cookie notice): furniture, left out
# wherever it stands, so closing comments is no edit of the text.
CORRECTION_SITE_NOTE = re.compile(
    r"\b(?:comments?|commenting|comment section)\b[^.!?]{0,40}\b(?:closed|disabled|turned off|"
    r"moderated|switched off|suspended)\b|\bcomments? (?:on|for|to) this (?:article|story|page)|"
    r"\bour (?:\w+ )?(?:newsletters?|subscriptions?)\b|\bsign up for\b[^.!?]{0,30}newsletter|"
    r"\b(?:this|our) (?:site|website) uses cookies|\bcookie (?:settings|preferences|policy)|"
    r"\bKommentarfunktion\b|\bcommentaires sont (?:fermés|désactivés)",
    re.IGNORECASE,
)
# A label on a line of its own, the box's heading ("Editor's note", "Correction:").
CORRECTION_HEADING = re.compile(rf"(?:{CORRECTION_LABELS})\s*[:.]?", re.IGNORECASE)
# A dateline-classed element opening a paragraph ("<span class="dateline">KOBE – </span>A
# total of …") is the sentence's opening, not date furniture (body._opening_dateline), and
# so is a link or a span inside a sentence whatever its class (body._inside_sentence): at
# most this many characters of its own ("WASHINGTON (Reuters) –", "Boris Johnson"); a
# dateline has at least this many of the sentence after it.
DATELINE_CLASS = class_words("dateline")
INLINE_WORDS_MAX = 60
DATELINE_SENTENCE_MIN = 20
# Inside a sentence a class word of BAD_WORDS does not skip an inline element, but for
# these: what no reader sees.
UNSEEN_CLASS = class_words("hidden|visually-hidden|sr-only|screen-reader-text|print-only|print")
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
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
FURNITURE = re.compile(
    r"(?:^|[\s_\-])(?:comments?|comment-list|commentlist|respond|disqus|discussion|footer|site-footer)(?:$|[\s_\-])",
    re.I,
)
