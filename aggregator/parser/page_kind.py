"""Pages that are not articles: soft 404s, consent interstitials, listing pages.

A crawl meets pages whose URL passed the source's link rules, or that a feed or
sitemap listed, but that hold no article: an error page served with status 200,
a consent wall served in place of the page, a section front, a tag, author or
search page, a paginated archive. :func:`page_kind_problem` names such a page so
that the crawl refuses it (``for_source.prepare_article``) instead of storing its
teasers as an article's text.

Conservative by design: a page that shows any sign of being an article (an
article type in its JSON-LD or microdata, og:type "article", a published time in
its meta tags) is never refused but for a consent platform's wall (served in
place of the body, the article's own head kept: its h1, or its only heading, a
consent phrase over no more prose than a message). Each signal alone is narrow;
when in doubt the page is stored. docs/crawling.md ("What counts as article text")
and benchmarks/page_kinds.py measure it on every development page.
"""

from __future__ import annotations

from lxml import etree

from aggregator.parser import vocab
from aggregator.parser.text import clean, text_of
from aggregator.parser.tree import Page, article_rank, schema_types
from aggregator.schema import Article

# Meta keys whose presence says an article was published (Open Graph, Dublin Core,
# the common article:/og: variants; a listing page has no publication of its own).
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.created",
)
# Tags whose headings and paragraphs are the page's furniture, not its content: a
# related-stories sidebar beside an article is no listing. A header or footer inside
# an <article> is a story's own (a teaser's headline stands in its <header>).
_FURNITURE = frozenset({"nav", "aside", "form"})
_PAGE_FURNITURE = frozenset({"header", "footer"})
_HEADINGS = ("h2", "h3", "h4")


def page_kind_problem(page: Page, article: Article) -> str | None:
    """Why ``page`` (with its extracted ``article``) is not an article, or None.

    The reason is one line naming the kind: "a soft 404 page ('Page not found')",
    "a consent page ('Before you continue')", "a listing page: …".
    """
    if page.root is None:
        return None
    if _looks_like_article(page):
        return _consent_wall(page, article)
    if problem := _site_page(page, article):
        return problem
    teasers = _teasers(page.doc)
    prose = _own_prose(page, article, teasers)
    # An error or consent message is short: a title alone ("Not Found", a film's name;
    # "Your Privacy Matters", an op-ed's) does not refuse a page of an article's prose.
    if prose < vocab.MESSAGE_MAX_CHARS and (problem := _soft_404(page) or _consent(page)):
        return problem
    return _listing(page, article, teasers, prose)


def _looks_like_article(page: Page) -> bool:
    """Any sign of an article: when in doubt, store."""
    if any(article_rank(obj) < 2 for obj in page.jsonld):  # WebPage alone is no sign
        return True
    if page.meta_first("og:type").lower().startswith("article"):
        return True
    if any(page.meta_first(key) for key in _PUBLISHED_META):
        return True
    # Microdata: itemtype="https://schema.org/NewsArticle" and the like.
    return any(
        "article" in t or t in ("blogposting", "liveblogposting")
        for el in page.doc.xpath("//*[@itemtype]")
        for t in schema_types(el.get("itemtype", "").split())
    )


def _titles(page: Page) -> list[str]:
    """The page's title, with and without its first or last part (the site's name:
    "404 - Page not found | Site", "Site - Page not found"), and its headings (its h1s,
    or its only heading where it has no h1: :func:`_headings`, as for a consent wall).

    Never a middle part alone: "Missing hiker - Not found | Site" is a headline. The
    cut-down title only when no h1 is a headline of its own: "Not Found - a review"
    above the h1 "Film review: a haunting debut" is the review's.
    """
    h1s = [clean(text_of(h1)) for h1 in page.doc.iter("h1")]
    out = [page.title]
    if (seps := list(vocab.TITLE_PARTS.finditer(page.title))) and not _own_headline(h1s):
        out.append(page.title[: seps[-1].start()])
        out.append(page.title[seps[0].end() :])
    out.extend(_headings(page))
    return [t.strip() for t in out if t.strip()]


def _headings(page: Page) -> list[str]:
    """The page's own headings: its h1s, or its only heading where it has no h1 (a
    consent platform's dialog titled by an h2, OneTrust's and Sourcepoint's shape)."""
    headings = list(page.doc.iter("h1"))
    if not headings:
        headings = list(page.doc.iter("h2", "h3", "h4", "h5", "h6"))
        if len(headings) != 1:
            return []
    return [clean(text_of(h)).strip() for h in headings]


def _own_headline(headings: list[str]) -> bool:
    """One of the page's headings is a headline of its own: ``HEADLINE_MIN_CHARS`` long
    (CJK weighted) and no error or consent phrase. A section's name ("World"), an
    author's ("Maya Lindqvist") or an exclamation over an error message ("Oops!") is
    shorter."""
    return any(
        _weighted_len(h) >= vocab.HEADLINE_MIN_CHARS and not _message_phrase(h) for h in headings
    )


def _message_phrase(text: str) -> bool:
    text = text.strip()
    return bool(
        vocab.SOFT_404.fullmatch(text)
        or vocab.CONSENT_TITLE.fullmatch(text)
        or vocab.SITE_PAGE_TITLE.fullmatch(text)
    )


def _soft_404(page: Page) -> str | None:
    for text in _titles(page):
        if vocab.SOFT_404.fullmatch(text):
            return f"a soft 404 page ({text!r})"
    return None


def _consent(page: Page) -> str | None:
    for text in _titles(page):
        if vocab.CONSENT_TITLE.fullmatch(text):
            return f"a consent page ({text!r})"
    return None


def _site_page(page: Page, article: Article) -> str | None:
    """The site's own page (about, contact, a legal notice): declared by its JSON-LD, or
    named, whole, by its own headings (every h1 but the site's name; without one, its
    title or a title part), and naming no author. However much prose it holds: an about
    page tells the paper's story in paragraphs. A page with article signs never gets here."""
    if article.authors:
        return None
    if declared := _jsonld_type(page, vocab.SITE_PAGE_TYPES):
        return f"a site page: its JSON-LD says {declared}"
    names = _site_names(page)  # a logo's h1 ("The Valley Gazette") is no heading here
    h1s = [h for h in (clean(text_of(h1)).strip() for h1 in page.doc.iter("h1")) if h]
    h1s = [h for h in h1s if h.casefold() not in names]
    if _own_headline(h1s):  # "About Schmidt: a review of the film"
        return None
    if h1s:  # every one: a menu's h1s ("Sections", "About", "Subscribe") beside an article's
        if all(vocab.SITE_PAGE_TITLE.fullmatch(h) for h in h1s):
            return f"a site page ({h1s[0]!r})"
        return None
    for text in _titles(page):
        if vocab.SITE_PAGE_TITLE.fullmatch(text):
            return f"a site page ({text!r})"
    return None


def _site_names(page: Page) -> set[str]:
    """The site's name as the page gives it (casefolded): og:site_name, and a title end
    whose other end names a site page ("About us | The Valley Gazette"). Only then: in
    "Storm surge warning | The Coast Gazette" the first end is the article's headline, its
    h1 too, which must stay to outweigh a menu's "About"."""
    names = {page.meta_first("og:site_name").strip()}
    parts = [p.strip() for p in vocab.TITLE_PARTS.split(page.title)]
    if len(parts) > 1:
        first, last = parts[0], parts[-1]
        if vocab.SITE_PAGE_TITLE.fullmatch(first):
            names.add(last)
        if vocab.SITE_PAGE_TITLE.fullmatch(last):
            names.add(first)
    return {name.casefold() for name in names if name}


def _consent_wall(page: Page, article: Article) -> str | None:
    """A consent wall on a page with article signs: consent platforms serve their wall
    inside the article's own ``<head>`` (its og:type, JSON-LD and published time kept),
    so only what the page shows can tell it. The title is the article's then: its h1
    decides, or its only heading where it has no h1 (a CMP dialog's h2). A story's own
    h1 beside a cookie box's "We value your privacy", or an article's prose beside it,
    is an article."""
    texts = _headings(page)
    if not texts or not all(vocab.CONSENT_TITLE.fullmatch(text) for text in texts):
        return None
    # Counted last: the heading test is cheap, and most pages with article signs fail it.
    if _own_prose(page, article, _teasers(page.doc)) >= vocab.MESSAGE_MAX_CHARS:
        return None
    return f"a consent page ({texts[0]!r})"


def _listing(page: Page, article: Article, teasers: set[etree._Element], prose: int) -> str | None:
    """A page of links to stories, declared by its metadata or shown by its teasers.

    A declared listing is refused unless it holds ``DECLARED_PROSE_MIN`` of prose of
    its own (a category page with a text of its own, such as a company's product
    category, is stored); an undeclared one needs ``TEASERS_MIN`` teasers and no
    paragraph of prose at all (one is enough to store a short article above many
    related links, or a brief of one sentence) unless that prose is as short as a
    message (``MESSAGE_MAX_CHARS``), no heading is a headline of its own (a section's
    or an author's name is shorter) and the extracted body is mostly the teasers' text:
    a section front's intro line or an author's bio above teasers whose summaries the
    body took (``TEASERS_MIN`` of the body's paragraphs, and at least half of them,
    stand in teasers). A short article above related cards whose summaries the body
    took keeps its headline, and is stored; so is one whose byline or printed date the
    parser found (:func:`_bylined`), however short its headline ("Road closed").
    """
    if prose < vocab.DECLARED_PROSE_MIN and (declared := _declared(page)):
        return f"a listing page: {declared}"
    if len(teasers) < vocab.TEASERS_MIN:
        return None
    if prose == 0:
        return f"a listing page: {len(teasers)} teasers and no paragraph of article prose"
    if prose >= vocab.MESSAGE_MAX_CHARS or _own_headline(_headings(page)) or _bylined(article):
        return None
    teaser_text = _teaser_text(teasers)
    quoted = sum(1 for p in article.body if p in teaser_text)
    if quoted >= vocab.TEASERS_MIN and 2 * quoted >= len(article.body):
        return (
            f"a listing page: {quoted} of the body's {len(article.body)} paragraphs stand in "
            f"its {len(teasers)} teasers"
        )
    return None


def _bylined(article: Article) -> bool:
    """The page names an author, or prints or declares a date of its own: a section
    front or an author's page has neither. A date read from the URL alone is no sign
    (a dated archive path serves listings too)."""
    dated = article.published_at is not None and article.provenance.get("published_at") != "url"
    return bool(article.authors) or dated


def _teaser_text(teasers: set[etree._Element]) -> str:
    return "\n".join(clean(text_of(t)) for t in teasers)


def _declared(page: Page) -> str | None:
    if page.meta_first("og:type").lower() == "profile":
        return "og:type says profile (an author page)"
    if declared := _jsonld_type(page, vocab.LISTING_TYPES):
        return f"its JSON-LD says {declared}"
    return None


def _jsonld_type(page: Page, types: dict[str, str]) -> str | None:
    """The name of the first of ``types`` (lower-case type -> name) a JSON-LD object of the
    page declares, or None."""
    for obj in page.jsonld:
        for t in schema_types(obj.get("@type")):
            if t in types:
                return types[t]
    return None


def _own_prose(page: Page, article: Article, teasers: set[etree._Element]) -> int:
    """How much prose the page holds outside its teasers, in Latin characters (CJK
    weighted), counted over the page as a whole: an article of short paragraphs holds
    as much as one of long ones.

    Prose is the paragraphs of the tree outside every teaser and the page's furniture,
    or those of the extracted body that no teaser holds, that are sentences or at
    least ``PROSE_MIN_CHARS`` long (and, in the tree, mostly not links); the larger
    of the two counts, up to ``MESSAGE_MAX_CHARS`` (no signal asks for more: a long
    article's paragraphs are not all read).
    """
    in_tree = 0
    for p in page.doc.iter("p"):
        if (
            _is_prose(p)
            and not _in_furniture(p)
            and not any(a in teasers for a in p.iterancestors())
        ):
            in_tree += _weighted_len(clean(text_of(p)))
            if in_tree >= vocab.MESSAGE_MAX_CHARS:
                return in_tree
    teaser_text = _teaser_text(teasers)
    in_body = sum(_weighted_len(p) for p in article.body if _prose_text(p) and p not in teaser_text)
    return max(in_tree, in_body)


def _is_prose(p: etree._Element) -> bool:
    text = clean(text_of(p))
    if not _prose_text(text):
        return False
    links = sum(len(clean(text_of(a))) for a in p.iter("a"))
    return links <= vocab.PROSE_MAX_LINK_SHARE * len(text)


def _prose_text(text: str) -> bool:
    """``PROSE_MIN_CHARS`` long, or a sentence of ``SENTENCE_MIN_CHARS`` (CJK weighted)."""
    size = _weighted_len(text)
    return size >= vocab.PROSE_MIN_CHARS or (
        size >= vocab.SENTENCE_MIN_CHARS and vocab.SENTENCE_END.search(text) is not None
    )


def _weighted_len(text: str) -> int:
    return len(text) + (vocab.CJK_CHAR_WEIGHT - 1) * len(vocab.CJK_CHARS.findall(text))


def _teasers(root: etree._Element) -> set[etree._Element]:
    """The blocks of the page's headline links: for each h2-h4 that is (or holds) a
    link, its largest ancestor that holds no other such heading and no more text
    than a teaser: an item of a listicle, a linked heading over paragraphs of its
    own, is no teaser."""
    heads = [h for h in root.iter(*_HEADINGS) if _headline_link(h)]
    holds: dict[etree._Element, int] = {}
    for h in heads:
        for a in h.iterancestors():
            holds[a] = holds.get(a, 0) + 1
    teasers = set()
    for h in heads:
        block = h
        for a in h.iterancestors():
            if holds[a] > 1 or not _teaser_sized(a):
                break
            block = a
        teasers.add(block)
    return teasers


def _teaser_sized(block: etree._Element) -> bool:
    """At most ``TEASER_MAX_CHARS`` of text, and at most one paragraph of prose (the
    excerpt)."""
    if len(clean(text_of(block))) > vocab.TEASER_MAX_CHARS:
        return False
    return sum(1 for p in block.iter("p") if _is_prose(p)) < 2


def _headline_link(h: etree._Element) -> bool:
    """A heading that links to a story: its text is mostly one link's, and it stands
    outside the page's furniture."""
    if _in_furniture(h):
        return False
    text = clean(text_of(h))
    if len(text) < 10:
        return False
    link = next((a for a in h.iter("a") if a.get("href")), None)
    if link is None:
        link = next((a for a in h.iterancestors("a") if a.get("href")), None)
        return link is not None
    return len(clean(text_of(link))) >= 0.6 * len(text)


def _in_furniture(el: etree._Element) -> bool:
    """Inside a nav, aside or form, or inside the page's header or footer."""
    page_part = False
    for a in el.iterancestors():
        if a.tag in _FURNITURE:
            return True
        if a.tag == "article":
            page_part = False
        elif a.tag in _PAGE_FURNITURE:
            page_part = True
    return page_part
