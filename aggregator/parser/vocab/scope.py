"""Article scope and page chrome: article microdata types, chrome tags, roles and class
words, lists of other stories. Read by ``scope.py``.
"""

from __future__ import annotations

import re

from aggregator.parser.vocab.patterns import class_words

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
CHROME_CLASS = class_words(CHROME_WORDS)
# Lists of other stories (with their own dates and names), inside an article too.
STORY_LIST_WORDS = (
    r"most-?read|mostread|most-?popular|popular|trending|top-?stories|"
    r"latest-?news|related|recommended|more-?stories|read-?next|comment-list|commentlist"
)
STORY_LIST_CLASS = class_words(STORY_LIST_WORDS)
