"""The standfirst (dek): a lead-classed element near the headline, else the page's
description; and what ``fields`` asks of a description (the headline again, short
enough to be a lead)."""

from __future__ import annotations

import re

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.metadata.jsonld import best_article, jsonld_str
from aggregator.parser.metadata.pictures import picture_lead, text_beside_pictures
from aggregator.parser.metadata.site import TITLE_SEPARATORS
from aggregator.parser.picture_credit import ends_in_credit
from aggregator.parser.scope import in_chrome, index_path, story_top, within
from aggregator.parser.text import nfkc, norm_key, short_text, text_of
from aggregator.parser.tree import Page, classed


def standfirst(
    page: Page, headline_el: etree._Element | None = None
) -> tuple[str, str, etree._Element | None]:
    """The dek: from a DOM element near the title if there is one, else the description.

    The first candidate that is the text's own opening (``_text_opening``) is no dek, and
    the description stands in; a candidate that is the description is the dek however
    long."""
    description = page_description(page)
    desc_key = norm_key(description)[:60]
    best = None
    leads = classed(
        page.doc,
        ("p", "div", "h2", "span", "section", "header"),
        vocab.LEAD_CLASS_WORDS,
        lambda el: el.get("itemprop") in ("description", "abstract"),
    )
    for el in leads:
        text = _dek_text(el, headline_el)
        if text is None:
            continue
        if desc_key and norm_key(text)[:60] == desc_key:
            return text, "heuristic", el
        if best is None:
            best = (text, el)
    if best is not None:
        if not _text_opening(best[1], best[0]):
            return best[0], "heuristic", best[1]
        if not _speaks_of(description, best[1], headline_el):
            return "", "", None
    lead = description_lead(description)
    return lead, "meta" if lead else "", None


def _dek_text(el: etree._Element, headline_el: etree._Element | None) -> str | None:
    """The text of ``el`` if it can be this story's dek: lead-classed (not an author's,
    a caption's, a box's), short, not a picture's caption or credit, not around the
    headline (a "lede" block that is the whole story top: ``ArticlePageLedeBackground``);
    else None."""
    cls = (el.get("class") or "") + " " + (el.get("id") or "")
    itemprop = el.get("itemprop") or ""
    if not (vocab.LEAD_CLASS.search(cls) or itemprop in ("description", "abstract")):
        return None
    if headline_el is not None and within(headline_el, el):
        return None
    if vocab.NOT_LEAD.search(cls) or len(el) > 12 or _not_this_story(el, headline_el):
        return None
    text = short_text(el, 1200)
    if not text or len(text) < 30:
        return None
    beside = text_beside_pictures(el)
    if len(beside) >= 30:
        text = beside  # the dek printed after the lead picture, without its caption
    if ends_in_credit(text) or _alt_again(el, text):
        return None  # a picture's caption and credit, wherever it stands
    return text


def _not_this_story(el: etree._Element, h1: etree._Element | None) -> bool:
    """``el`` is in the page's chrome (a site tagline, a sidebar's intro box), or before
    the headline outside the story's top (scope.story_top): another story's card, a
    breaking-news bar, a section's intro above the article."""
    if in_chrome(el):
        return True
    return (
        h1 is not None and index_path(el)[0] < index_path(h1)[0] and not within(el, story_top(h1))
    )


def _text_opening(el: etree._Element, text: str) -> bool:
    """``el`` (lead-classed, not the page's description) is the text's opening, not a dek:
    a box opening with a dateline ("BRUSSELS — ", a wire story's first words) wherever it
    stands; a box of paragraphs within the text's container (beside paragraphs of its
    own) or too long for a dek's two short paragraphs; or a long first paragraph among
    the text's own, which a CMS classes "lead" or "intro" too, but not right under the
    headline in its parent (a dek's place). A dek is one short block beside the text. A
    picture block is neither (its caption may be long; ``fields`` tells where it stands),
    nor is a caption paragraph with its credit line one of the box's paragraphs."""
    if picture_lead(el):
        return False
    if vocab.LEADING_DATELINE.match(text):
        return True
    parent = el.getparent()
    beside = (
        [p for p in parent if p is not el and p.tag == "p" and _prose(p)]
        if parent is not None
        else []
    )
    if sum(_prose(p) for p in el.iter("p")) >= vocab.DEK_TEXT_PARAGRAPHS:
        return bool(beside) or len(text) >= vocab.DEK_BOX_MIN_CHARS
    if len(text) < vocab.DEK_IN_TEXT_MIN_CHARS or _under_headline(el):
        return False
    return len(beside) >= vocab.DEK_IN_TEXT_SIBLINGS


def _under_headline(el: etree._Element) -> bool:
    """The headline (an <h1>, or a block holding it) comes before ``el`` in its parent."""
    sibling = el.getprevious()
    while sibling is not None:
        if sibling.tag == "h1" or sibling.find(".//h1") is not None:
            return True
        sibling = sibling.getprevious()
    return False


def _speaks_of(
    description: str, opening: etree._Element, headline_el: etree._Element | None
) -> bool:
    """Most of the description's words are the text's (the opening's block and the
    paragraphs beside it) or the headline's: a dek of its own, not the site's tagline
    ("watson - das newsportal") or a call to click ("Kliknij i zobacz więcej.") standing
    in the description of every page of a site. Asked only where the lead-classed block
    was the text's opening, so no page whose description was the dek before loses it."""
    described = _content_words(description)
    if not described:
        return False
    told = _content_words(
        text_of(opening.getparent() if opening.getparent() is not None else opening)
    )
    if headline_el is not None:
        told |= _content_words(text_of(headline_el))
    return len(described & told) > vocab.DEK_TOLD_SHARE * len(described)


def _content_words(text: str) -> set[str]:
    """The text's words of four letters or more, each by its first letters only
    (``vocab.DEK_WORD_STEM``): an inflection is the same word ("Schäfer", "Schäfern")."""
    return {w[: vocab.DEK_WORD_STEM] for w in _LONG_WORD.findall(nfkc(text).casefold())}


def _prose(p: etree._Element) -> bool:
    """A paragraph long enough to be the text's, not a picture's caption and credit."""
    text = text_of(p).strip()
    return len(text) >= vocab.LEAD_MIN_CHARS and not ends_in_credit(text)


def _alt_again(el: etree._Element, text: str) -> bool:
    """``text`` repeats the alt text of a picture printed beside ``el`` (in its box, up to
    two levels up): the picture's caption, whatever its class calls it."""
    key = norm_key(text)
    box = el
    for _ in range(2):
        parent = box.getparent()
        if parent is None:
            break
        box = parent
    return any(norm_key(img.get("alt") or "") == key for img in box.iter("img"))


# Words of four letters or more: what a dek and its text share beyond function words.
_LONG_WORD = re.compile(r"\w{4,}")


def page_description(page: Page) -> str:
    """The page's own summary: JSON-LD ``description``, else the meta descriptions."""
    return jsonld_str(best_article(page), "description") or page.meta_first(
        "og:description", "description", "twitter:description"
    )


def says_headline(standfirst: str, headline: str, site: str) -> bool:
    """The standfirst is the headline again, maybe with the site's whole name before or
    after it. A part that is only a piece of the name is more ("Storm hits coast -
    Springfield" of the Springfield Courier names a place)."""
    key, site_key = norm_key(headline), norm_key(site)
    if not key:
        return False
    parts = [norm_key(part) for part in TITLE_SEPARATORS.split(standfirst)]
    while len(parts) > 1 and parts[-1] in ("", site_key):
        parts.pop()
    while len(parts) > 1 and parts[0] in ("", site_key):
        parts.pop(0)
    return "".join(parts) == key


def description_lead(description: str) -> str:
    """The description as a standfirst: up to 600 characters (longer ones are the article
    text itself), else ""."""
    return description if len(description) <= 600 else ""
