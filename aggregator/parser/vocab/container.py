"""Scoring constants of the body's container vote, its parts and last resorts, and of the
text's opening (prose before the container, labels in capitals). Read by the body steps
(``vote``, ``container``, ``parts``, ``heuristic``, ``walk``, ``lead``, ``fallback``), and a
few by ``scope.py``, ``metadata/`` and ``dates/listed.py``.
"""

from __future__ import annotations

import re

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
# A paragraph this long printed again in the walk's text is a second copy, read once.
REPEAT_MIN_CHARS = 100
# Prose between the headline and the container joins the body: this long at least, with
# at most this share of its characters in links.
LEAD_MIN_CHARS = 80
# A page whose only text is its pictures' captions is a gallery when this many read as
# prose: one captioned picture over no text is a stub, which the description stands in for.
GALLERY_MIN_CAPTIONS = 2
# A box of captioned pictures the trade classes as a rail of other pages ("More
# galleries", a related or teaser rail), never the page's own gallery however many
# captions it holds (body.fallback.gallery_captions).
GALLERY_RAIL_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:related|more|teasers?|rail|recommend\w*|read-next|see-also)"
    r"(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
LEAD_MAX_LINK_SHARE = 0.2
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
