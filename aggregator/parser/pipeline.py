"""The extraction pipeline: parse once, then small named steps fill an Article.

Order matters only where a step reads another's result: metadata first (the
headline is needed to drop it from the body), related links before the body
(the body walk skips the related blocks), the body last.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser import body as body_step
from aggregator.parser import byline as byline_step
from aggregator.parser import dates as dates_step
from aggregator.parser import metadata as meta_step
from aggregator.parser.related import find_related
from aggregator.parser.text import clean, clean_markup, norm_key, text_of
from aggregator.parser.tree import Page, parse
from aggregator.parser.urls import canonicalize_url
from aggregator.schema import Article, FeedHints
from aggregator.selectors import compile_selector

if TYPE_CHECKING:
    from aggregator.config import Selectors


class ExtractionError(Exception):
    """Input that is not an HTML page at all (reserved; extract() prefers an empty Article)."""


def _select(root: etree._Element, selector: str) -> list[etree._Element | str]:
    try:
        result = compile_selector(selector)(root)
    except (ValueError, etree.XPathError):
        return []
    if not isinstance(result, list):
        result = [result]
    return result


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text in the flow."""
    parent = el.getparent()
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _selected_text(root: etree._Element, selector: str | None) -> str | None:
    if not selector:
        return None
    parts = []
    for item in _select(root, selector):
        parts.append(clean(text_of(item)) if isinstance(item, etree._Element) else clean(str(item)))
    text = " ".join(p for p in parts if p)
    return text or None


def extract(
    html: str | bytes,
    url: str,
    *,
    source: str = "",
    selectors: Selectors | None = None,
    hints: FeedHints | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Extract one article page into an :class:`Article`; never raises on bad HTML."""
    fetched_at = fetched_at or datetime.now(UTC)
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    page = parse(html, url)
    article = Article(
        url=url,
        canonical_url=canonicalize_url(url) if url else "",
        source=source,
        headline="",
        body=[],
        fetched_at=fetched_at,
    )
    if page.root is None:
        if hints is not None and hints.title:
            article.headline = clean_markup(hints.title)
            article.provenance["headline"] = "feed"
        return article
    try:
        _run(page, article, selectors, hints, fetched_at)
    except RecursionError:
        # Pathological nesting beyond what the steps can walk: keep what was found.
        pass
    return article


def _run(
    page: Page,
    art: Article,
    selectors: Selectors | None,
    hints: FeedHints | None,
    fetched_at: datetime,
) -> None:
    root = page.root
    prov = art.provenance
    if selectors is not None and selectors.remove:
        for sel in selectors.remove:
            for el in _select(root, sel):
                if isinstance(el, etree._Element) and el.getparent() is not None:
                    _drop(el)
    ld = meta_step.best_article(page)

    site, src = meta_step.site_name(page)
    if site:
        art.site_name, prov["site_name"] = site, src
    value, src = meta_step.canonical_url(page)
    art.canonical_url, prov["canonical_url"] = value, src
    value, src = meta_step.language(page, hints.language if hints else None)
    if value:
        art.language, prov["language"] = value, src
    value, src = meta_step.image_url(page)
    if value:
        art.image_url, prov["image_url"] = value, src
    value, src = meta_step.section(page)
    if value:
        art.section, prov["section"] = value, src
    tags, src = meta_step.tags(page)
    if tags:
        art.tags, prov["tags"] = tags, src
    value, src = meta_step.paywalled(page)
    if value:
        art.paywalled, prov["paywalled"] = value == "true", src

    # Headline
    override = _selected_text(root, selectors.headline) if selectors else None
    if override:
        art.headline, prov["headline"] = override, "override"
    else:
        value, src = meta_step.headline(page, site)
        if not value and hints is not None and hints.title:
            value, src = clean_markup(hints.title), "feed"
        art.headline, prov["headline"] = value, src

    # Authors
    override = _selected_text(root, selectors.byline) if selectors else None
    if override:
        persons, orgs = byline_step.split_byline(override)
        art.authors, art.credits, art.byline_raw = persons, orgs, override
        prov["authors"] = "override"
    else:
        persons, orgs, raw, src = byline_step.find_authors(page, ld, hints, site)
        art.authors, art.credits, art.byline_raw = persons, orgs, raw or None
        if src:
            prov["authors"] = src

    # Dates
    pub, pub_src, upd, upd_src = dates_step.find_dates(page, ld, fetched_at=fetched_at, hints=hints)
    for name, field in (("published_at", "published_at"), ("updated_at", "updated_at")):
        sel = getattr(selectors, field, None) if selectors else None
        text = _selected_text(root, sel) if sel else None
        if text:
            raw_items = _select(root, sel)
            candidates = [
                i.get("datetime") or i.get("content")
                for i in raw_items
                if isinstance(i, etree._Element)
            ]
            d = None
            for c in [*candidates, text]:
                d = dates_step.parse_date(c, fetched_at=fetched_at)
                if d:
                    break
            if d:
                if name == "published_at":
                    pub, pub_src = d, "override"
                else:
                    upd, upd_src = d, "override"
    art.published_at, art.updated_at = pub, upd
    if pub:
        prov["published_at"] = pub_src
    if upd:
        prov["updated_at"] = upd_src

    # Standfirst (needed before the body: it is not repeated in the body)
    override = _selected_text(root, selectors.standfirst) if selectors else None
    lead_el = None
    if override:
        art.standfirst, prov["standfirst"] = override, "override"
    else:
        value, src, lead_el = meta_step.standfirst(page)
        if value:
            art.standfirst, prov["standfirst"] = value, src

    # Related links (before the body, whose walk skips these blocks)
    own = art.canonical_url
    if selectors is not None and selectors.related:
        from aggregator.parser.related import _links_in

        links, related_blocks = [], set()
        for el in _select(root, selectors.related):
            if isinstance(el, etree._Element):
                links += _links_in(el, page.url, own)
                related_blocks.add(el)
        art.related, prov["related"] = links, "override"
    else:
        links, related_blocks = find_related(root, page.url, own)
        art.related = links
        if links:
            prov["related"] = "heuristic"

    # Body
    body_step.remove_junk(root)
    override_els = (
        [e for e in _select(root, selectors.body)] if selectors and selectors.body else []
    )
    override_els = [e for e in override_els if isinstance(e, etree._Element)]
    if override_els:
        paragraphs: list[str] = []
        for el in override_els:
            paragraphs += body_step.filter_blocks(
                body_step.emit_blocks(el, related_blocks), art.headline
            )
        art.body, prov["body"] = paragraphs, "override"
    else:
        paragraphs, src, parts = _body(page, ld, art, related_blocks, lead_el)
        art.body = paragraphs
        if paragraphs:
            prov["body"] = src
        if art.standfirst and prov.get("standfirst") == "meta" and src == "heuristic":
            # The description printed above the text (outside the body container)
            # is the on-page standfirst.
            el = meta_step.printed_description(page, art.standfirst)
            lead_key = norm_key(art.standfirst)[:60]
            if (
                el is not None
                and not any(_within(el, part) for part in parts)
                and not any(lead_key in norm_key(p) for p in paragraphs)
            ):
                prov["standfirst"] = "heuristic"

    # A meta description that is just the opening of the body is no standfirst.
    if art.standfirst and prov.get("standfirst") == "meta" and art.body:
        lead_key = norm_key(art.standfirst)[:80]
        if lead_key and norm_key(art.body[0]).startswith(
            lead_key.rstrip(".")[: max(20, len(lead_key) - 5)]
        ):
            art.standfirst = None
            del prov["standfirst"]

    # Agency credit from the dateline: "LONDON (Reuters) -".
    if art.body:
        for credit in byline_step.dateline_credit(art.body[0]):
            if credit.casefold() not in (c.casefold() for c in art.credits):
                art.credits.append(credit)
                prov.setdefault("credits", "heuristic")
    if art.credits and "credits" not in prov:
        prov["credits"] = prov.get("authors", "heuristic")


_WORD = re.compile(r"\w+")


def _within(el: etree._Element, ancestor: etree._Element) -> bool:
    node = el
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _body(
    page: Page, ld: dict, art: Article, related_blocks: set, lead_el
) -> tuple[list[str], str, list]:
    parts = body_step.container_parts(page.root)
    skip = set(related_blocks)
    if lead_el is not None:
        skip.add(lead_el)  # the standfirst is its own field
    blocks = body_step.emit_blocks(parts, skip)
    paragraphs = body_step.filter_blocks(blocks, art.headline)
    src = "heuristic"
    ld_body = ld.get("articleBody") if ld else None
    if isinstance(ld_body, str) and len(ld_body) > 200:
        ld_body = _unrepeat(ld_body)
        ld_text = clean_markup(ld_body)
        ld_words = _WORD.findall(ld_text.casefold())
        dom_words = _WORD.findall(" ".join(paragraphs).casefold())
        if ld_words:
            dom_set = set(dom_words)
            covered = sum(1 for w in ld_words if w in dom_set) / len(ld_words)
            # JSON-LD carries the full text but the DOM walk missed much of it
            # (teaser markup, JS-rendered body): trust the JSON-LD text.
            if covered < 0.8 or len(dom_words) < 0.6 * len(ld_words):
                split = [
                    clean(p) for p in re.split(r"\n\s*\n|\r\n|\n", clean_markup_keep_lines(ld_body))
                ]
                paragraphs = [p for p in split if p]
                src = "json-ld"
    return paragraphs, src, parts


def _unrepeat(text: str) -> str:
    """A CMS that concatenates the text twice: keep one copy."""
    head = text.lstrip()[:120]
    if len(head) < 60:
        return text
    start = len(text) - len(text.lstrip())
    again = text.find(head, start + len(head))
    if again > 0 and len(text) - again >= 0.8 * (again - start):
        first, second = text[start:again].strip(), text[again:].strip()
        if second.startswith(first[: min(len(first), 2000)][:400]) and abs(
            len(second) - len(first)
        ) < 0.1 * len(first):
            return text[:again]
    return text


def clean_markup_keep_lines(text: str) -> str:
    return "\n".join(clean_markup(line) for line in text.splitlines())
