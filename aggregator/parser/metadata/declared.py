"""The fields the page's metadata declares outright, read from JSON-LD and meta tags: the
lead image, the section, the tags and the paywall flag; of these the paywall flag alone
has a DOM rung, read once the text is known (:func:`paywall_after_text`)."""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.metadata.canonical import page_base
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.scope import class_id
from aggregator.parser.text import clean_markup, short_text
from aggregator.parser.tree import Page
from aggregator.parser.urls import canonicalize_url, is_web_url


def image_url(page: Page) -> Found:
    """The lead image's absolute http(s) URL: a ``javascript:``, ``file:`` or ``data:``
    value is none (a reader app puts it in a link or an ``<img>``)."""
    value = page.meta_first(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    if value and is_web_url(url := canonicalize_url(value, page_base(page))):
        return url, "meta"
    image = best_article(page).get("image")
    if isinstance(image, list) and image:
        image = image[0]
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    if (
        isinstance(image, str)
        and image
        and is_web_url(url := canonicalize_url(image, page_base(page)))
    ):
        return url, "json-ld"
    return "", ""


def section(page: Page) -> Found:
    value = jsonld_str(best_article(page), "articleSection")
    if value:
        return value, "json-ld"
    value = page.meta_first("article:section", "section", "parsely-section", "sailthru.section")
    if value:
        return value, "meta"
    return "", ""


def tags(page: Page) -> tuple[list[str], str]:
    article = best_article(page)
    raw: list[str] = []
    source = ""
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        raw = keywords.split(",")
        source = "json-ld"
    elif isinstance(keywords, list):
        raw = [k for k in keywords if isinstance(k, str)]
        source = "json-ld"
    if not raw:
        raw = list(page.meta.get("article:tag", []))
        if not raw:
            kw = page.meta_first("news_keywords", "keywords", "parsely-tags", "sailthru.tags")
            raw = kw.split(",") if kw else []
        source = "meta" if raw else ""
    out: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        tag = clean_markup(tag)
        if tag and len(tag) <= 80 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out[:50], source


def paywalled(page: Page) -> Found:
    article = best_article(page)
    free = article.get("isAccessibleForFree")
    if free is not None:
        if isinstance(free, str):
            free = free.strip().lower() not in ("false", "no", "0")
        return ("true" if not free else "false"), "json-ld"
    value = page.meta_first("article:content_tier", "content_tier")
    if value:
        return ("true" if value.lower() in ("locked", "metered", "premium") else "false"), "meta"
    return "", ""


def paywall_after_text(last_part: etree._Element) -> bool:
    """A paywall's prompt right after the text: the first block with text that follows the
    text's last part inside the story's block (its ``<article>`` or ``<main>``) is a box
    of at most ``PAYWALL_BOX_MAX_CHARS`` that the trade's class words name a paywall
    (``vocab.PAYWALL_CLASS``) or that tells the reader the rest is for subscribers
    (``vocab.PAYWALL_PROMPT``): the teaser of a paywalled article, which the walk cut at
    the prompt. A newsletter's or a donation's box there says neither; a block after the
    story's block (the site's footer banner) is not asked. Where the part is the story's
    block itself (a one-paragraph teaser, too short for its text box to be the part), the
    prompt is its last block with text."""
    if last_part.tag in ("article", "main"):
        last = next((el for el in reversed(last_part) if _has_text(el)), None)
        return last is not None and _prompt_box(last) is True
    region = next(last_part.iterancestors("article", "main"), None)
    node = last_part
    while region is not None and node is not region:
        for sibling in node.itersiblings():
            found = _prompt_box(sibling)
            if found is not None:
                return found
        node = node.getparent()
    return False


def _prompt_box(el: etree._Element) -> bool | None:
    """Whether a block with text is a paywall's prompt; None for a block with no text."""
    text = short_text(el, vocab.PAYWALL_BOX_MAX_CHARS)
    if text is None:
        return False  # a text, not a box
    if not text:
        return None
    return bool(vocab.PAYWALL_CLASS.search(class_id(el)) or vocab.PAYWALL_PROMPT.search(text))


def _has_text(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and short_text(el, 0) != ""
