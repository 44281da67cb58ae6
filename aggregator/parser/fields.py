"""The field functions: parse once, then one small function per field (``extract``).

Each field function is a fallback chain of rules over the one precomputed
:class:`~aggregator.parser.view.PageView`: the operator's selector first, then
the page's own metadata, then the document, then feed hints; the first rule
that finds a value wins and its name goes to ``Article.provenance``. So a
field can be improved, and tested, on its own.

Order matters only where a field reads another's result: the headline before
the body (which drops it), the standfirst and related links before the body
(whose walk skips those elements).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from aggregator.content import looks_binary
from aggregator.hygiene import clean_article
from aggregator.parser import body as body_step
from aggregator.parser import byline as byline_step
from aggregator.parser import dates as dates_step
from aggregator.parser import metadata as meta_step
from aggregator.parser import overrides, vocab
from aggregator.parser.body.lines import closing_in_text
from aggregator.parser.live import live_field
from aggregator.parser.plain_text import is_plain_text, read_plain_text
from aggregator.parser.related import find_related, links_in
from aggregator.parser.scope import within
from aggregator.parser.text import clean_markup, norm_key
from aggregator.parser.tree import Page, data_document_kind, decode_html, parse
from aggregator.parser.urls import canonicalize_url, is_web_url, site_host
from aggregator.parser.view import Found, PageView
from aggregator.schema import Article, FeedHints

if TYPE_CHECKING:
    from lxml import etree

    from aggregator.config import Selectors

Rule = Callable[[PageView], Found | None]


class ExtractionError(Exception):
    """Deprecated, never raised: kept importable so that code catching it still runs.

    It was reserved for input that is no HTML page at all; ``extract()`` returns an empty
    ``Article`` instead, and a crawl refuses a page with ``RejectedPage`` (docs/parser.md).
    """


def extract(
    html: str | bytes,
    url: str,
    *,
    source: str = "",
    selectors: Selectors | None = None,
    hints: FeedHints | None = None,
    fetched_at: datetime | None = None,
    local_zone: tzinfo | None = None,
    transport_charset: str | None = None,
) -> Article:
    """Extract one article page into an :class:`Article`; never raises on bad HTML.

    Every text field of the result, ``url`` and ``source`` included, has the store's
    text hygiene (:func:`aggregator.hygiene.clean_article`).

    A ``url`` whose host or port cannot be read ("http://[::1/a") raises ``ValueError``;
    one that is no absolute http(s) URL ("", "/a/b", "javascript:x") is deprecated: a
    ``DeprecationWarning``, and it comes back as the canonical URL as before (a future
    version will raise ``ValueError``; docs/parser.md, "Deprecations").

    ``local_zone`` is the zone the site prints clock times in, where the operator
    knows it (a source's ``page_timezone``): a date the page states no offset for,
    and gives no other sign of its zone, is read in it instead of as UTC.
    ``transport_charset`` is the charset the page was served with (the HTTP
    ``Content-Type`` header's), which wins over the page's own ``<meta charset>``
    where the bytes are valid in it. An argument of the wrong type (``html`` neither
    str nor bytes, ``fetched_at`` no datetime, ``selectors`` a dict) raises one
    ``TypeError`` naming it.
    """
    _check_arguments(html, url, source, selectors, hints, fetched_at, local_zone, transport_charset)
    article, _ = extract_parsed(
        html,
        url,
        source=source,
        selectors=selectors,
        hints=hints,
        fetched_at=fetched_at,
        local_zone=local_zone,
        transport_charset=transport_charset,
    )
    if not is_web_url(url):
        # Deprecated since stop 52: `aggregator extract --url` refuses such a URL, but
        # library callers pass "" and have had it back as the canonical URL.
        warnings.warn(
            f"extract(): url {url!r} is no absolute http(s) URL: it is returned as the "
            "canonical_url as given; a future version will raise ValueError",
            DeprecationWarning,
            stacklevel=2,
        )
    # The store's hygiene on every field, as a crawl's (``extract_for_source``): the
    # steps clean what they read, but ``url`` and ``source`` are the caller's.
    return clean_article(article)


def _check_arguments(
    html: object,
    url: object,
    source: object,
    selectors: object,
    hints: object,
    fetched_at: object,
    local_zone: object,
    transport_charset: object,
) -> None:
    """Raise a TypeError naming the first argument of a type ``extract`` cannot read."""
    expected: list[tuple[str, object, tuple[type, ...], str]] = [
        ("html", html, (str, bytes), "str or bytes"),
        ("url", url, (str,), "str"),
        # None reads as "" (no source), as it always has.
        ("source", source, (str, type(None)), "str"),
        ("hints", hints, (FeedHints, type(None)), "aggregator.schema.FeedHints or None"),
        ("fetched_at", fetched_at, (datetime, type(None)), "datetime or None"),
        ("local_zone", local_zone, (tzinfo, type(None)), "tzinfo (e.g. ZoneInfo) or None"),
        ("transport_charset", transport_charset, (str, type(None)), "str or None"),
    ]
    if selectors is not None:
        # Imported only here: the config's models cost a library user 0.3 s to import.
        from aggregator.config import Selectors

        expected.append(("selectors", selectors, (Selectors,), "aggregator.config.Selectors"))
    for name, value, types, wanted in expected:
        if not isinstance(value, types):
            raise TypeError(f"extract(): {name} must be {wanted}, not {type(value).__name__}")


def extract_parsed(
    html: str | bytes,
    url: str,
    *,
    source: str = "",
    selectors: Selectors | None = None,
    hints: FeedHints | None = None,
    fetched_at: datetime | None = None,
    local_zone: tzinfo | None = None,
    transport_charset: str | None = None,
) -> tuple[Article, Page | None]:
    """:func:`extract`, and the parsed page it read (None: a page of plain text, or one
    that did not parse), for a check that reads more of the page than the Article holds
    (``page_kind``) without parsing it again. The steps leave the page's meta tags,
    JSON-LD, title, headings, paragraphs and links as they were."""
    canonical = canonicalize_url(url) if url else ""
    if url and not canonical:
        # The caller's mistake, not the page's: every link of the page is read against it.
        raise ValueError(f"url {url!r} is not a valid URL: its host or port cannot be read")
    fetched_at = fetched_at or datetime.now(UTC)
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    article = Article(
        url=url,
        canonical_url=canonical,
        source=source,
        headline="",
        body=[],
        fetched_at=fetched_at,
    )
    if isinstance(html, bytes) and looks_binary(html):
        # An image, a PDF or random bytes decodes into mojibake that would read as a
        # body: the same check as the crawl's and the CLI's, so no caller gets one.
        article.provenance["body"] = "binary content"
        return _headline_from_feed(article, hints), None
    text = decode_html(html, transport_charset)
    if kind := data_document_kind(text):
        # A feed or a JSON document given as a page: its items' titles and links would
        # read as one article's body.
        article.provenance["body"] = f"not an HTML page ({kind})"
        return _headline_from_feed(article, hints), None
    if is_plain_text(text):
        return read_plain_text(text, article, hints), None
    page = parse(text, url, xpath_ids=selectors is not None)  # only selectors run XPath
    if page.root is None:
        return _headline_from_feed(article, hints), None
    view = PageView(page, article, fetched_at, hints, selectors, local_zone)
    try:
        for step in STEPS:
            step(view)
    except RecursionError:
        # Pathological nesting beyond what the steps can walk: keep what was found.
        pass
    return article, page


def _headline_from_feed(article: Article, hints: FeedHints | None) -> Article:
    """A page with nothing to read keeps the feed's title, where it gave one."""
    if hints is not None and hints.title:
        article.headline = clean_markup(hints.title)
        article.provenance["headline"] = "feed"
    return article


def first_found(view: PageView, rules: tuple[Rule, ...]) -> Found | None:
    """The first rule's result that holds a value."""
    for rule in rules:
        found = rule(view)
        if found is not None and found[0] not in (None, "", []):
            return found
    return None


def _set(view: PageView, name: str, found: Found | None) -> bool:
    if found is None:
        return False
    setattr(view.article, name, found[0])
    view.article.provenance[name] = found[1]
    return True


def _override_text(name: str) -> Rule:
    def rule(view: PageView) -> Found | None:
        value = overrides.text(view, name)
        return (value, "override") if value else None

    return rule


def _feed_title(view: PageView) -> Found | None:
    title = view.hints.title if view.hints is not None else None
    return (clean_markup(title), "feed") if title else None


# --- page metadata ---------------------------------------------------------------------


def metadata_fields(view: PageView) -> None:
    """Site name, canonical URL, language, image, section, tags, paywall: meta/JSON-LD chains."""
    page = view.page
    site, src = view.site
    if site:
        _set(view, "site_name", (site, src))
    _set(view, "canonical_url", meta_step.canonical_url(page))
    _set(view, "is_based_on", _based_on(view))
    hint = view.hints.language if view.hints is not None else None
    for name, found in (
        ("language", meta_step.language(page, hint)),
        ("image_url", meta_step.image_url(page)),
        ("section", meta_step.section(page)),
        ("tags", meta_step.tags(page)),
    ):
        if found[0]:
            _set(view, name, found)
    value, src = meta_step.paywalled(page)
    if value:
        _set(view, "paywalled", (value == "true", src))


def _based_on(view: PageView) -> Found | None:
    """The original the page declares it copies: JSON-LD ``isBasedOn`` (a URL, or an
    object's ``url`` or ``@id``), else a canonical URL on another site."""
    declared = view.ld.get("isBasedOn")
    if isinstance(declared, list) and declared:
        declared = declared[0]
    if isinstance(declared, dict):
        declared = declared.get("url") or declared.get("@id")
    if isinstance(declared, str) and declared.strip():
        url = canonicalize_url(declared.strip(), view.url)
        if url.startswith(("http://", "https://")) and url != view.article.canonical_url:
            return url, "json-ld"
    if canonical_elsewhere(view.article):
        return view.article.canonical_url, "canonical"
    return None


def canonical_elsewhere(article: Article) -> bool:
    """The article's canonical URL is on another site than its own URL: the page is a
    syndicated copy of that article, not the same article (the one test extract and
    storage make, ``for_source.keep_syndicated_copy_apart``)."""
    # Like with like: the canonical URL is canonicalised (an IDN host in punycode, the
    # host lowercased), the page's URL as fetched or given.
    own = site_host(canonicalize_url(article.url)) if article.url else ""
    if not own:
        return False  # no site of its own to compare with (extract(html, ""), a file's name)
    return site_host(article.canonical_url) != own


# --- headline --------------------------------------------------------------------------


def _page_headline(view: PageView) -> Found | None:
    return meta_step.headline(view.page, view.site[0])


def headline_field(view: PageView) -> None:
    found = first_found(view, (_override_text("headline"), _page_headline, _feed_title))
    if not _set(view, "headline", found):
        view.article.provenance["headline"] = ""


# --- authors and credits ---------------------------------------------------------------


def authors_field(view: PageView) -> None:
    art = view.article
    raw = overrides.text(view, "byline")
    if raw:
        art.authors, art.credits = byline_step.split_byline(raw)
        art.byline_raw = raw
        art.provenance["authors"] = "override"
        return
    persons, orgs, raw, src = byline_step.find_authors(view, view.ld, view.hints, view.site[0])
    art.authors, art.credits, art.byline_raw = persons, orgs, raw or None
    if src:
        art.provenance["authors"] = src


# --- dates -----------------------------------------------------------------------------


def _override_date(name: str) -> dates_step.DateRule:
    return ("override", lambda view: overrides.date(view, name))


def dates_field(view: PageView) -> None:
    """Published and updated dates, each from its own chain of article-scoped evidence
    (stored by :func:`~aggregator.parser.dates.store_dates`)."""
    published, updated = dates_step.find_dates(
        view,
        (_override_date("published_at"), *dates_step.PUBLISHED_RULES),
        (_override_date("updated_at"), *dates_step.UPDATED_RULES),
    )
    dates_step.store_dates(view.article, published, updated)


# --- standfirst and related links ------------------------------------------------------


def standfirst_field(view: PageView) -> None:
    value = overrides.text(view, "standfirst")
    if value:
        _set(view, "standfirst", (value, "override"))
        return
    value, src, view.lead_element = meta_step.standfirst(view.page, view.headline_element)
    if value:
        _set(view, "standfirst", (value, src))


def related_field(view: PageView) -> None:
    """Related links, found before the body, whose walk skips their blocks."""
    own = view.article.canonical_url
    if view.selectors is not None and view.selectors.related:
        blocks = overrides.elements(view, "related")
        view.related_blocks = set(blocks)
        view.article.related = [
            link for b in blocks for link in links_in(b, view.url, own, view.base)
        ]
        view.article.provenance["related"] = "override"
        return
    links, view.related_blocks = find_related(view.root, view.url, own, view.base)
    view.article.related = links
    if links:
        view.article.provenance["related"] = "heuristic"


# --- body ------------------------------------------------------------------------------


def _override_body(view: PageView) -> Found | None:
    paragraphs: list[str] = []
    for el in overrides.elements(view, "body"):
        blocks = body_step.emit_blocks(el, view.related_blocks)
        paragraphs += body_step.filter_blocks(blocks, view.article.headline)
    return (paragraphs, "override") if paragraphs else None


def body_field(view: PageView) -> None:
    """The container walk; when it finds nothing on a page that holds text, the densest
    text block, JSON-LD ``articleBody``, a gallery's captions, and last the meta
    description (flagged)."""
    body_step.remove_junk(view.root)
    found = first_found(
        view,
        (
            _override_body,
            body_step.container_body,
            body_step.densest_block,
            body_step.ld_article_body,
            body_step.gallery_captions,
            body_step.meta_description,
        ),
    )
    _set(view, "body", found)


def paywall_after_body(view: PageView) -> None:
    """A page that declares no paywall is paywalled when a paywall's prompt follows its
    text (provenance "dom"): the walk cut the prompt, the text is the teaser."""
    if "paywalled" in view.article.provenance or not view.body_parts:
        return
    if meta_step.paywall_after_text(view.body_parts[-1]):
        _set(view, "paywalled", (True, "dom"))


def standfirst_after_body(view: PageView) -> None:
    """Settle the standfirst's provenance now that the body is known.

    A standfirst that is the headline again is none.

    Two lead-classed boxes are no dek, and the description stands in, as on a page
    without a lead box: one after the text (a teaser or summary box at its end: a related
    story's card, a comment form's or a newsletter box's intro), and a picture block (the
    lead picture's wrapper, a caption), but for a caption that opens the text's container,
    which the body's walk too keeps as the article's opening.

    A meta description printed above the text (outside the body container) is the
    on-page standfirst; one that is just the body's opening is no standfirst.
    """
    art = view.article
    if (
        art.standfirst
        and art.provenance.get("standfirst") != "override"
        and meta_step.says_headline(art.standfirst, art.headline, view.site[0])
    ):
        # A description that is the title again (a template fills "description" with the
        # title): no dek, and the title is printed once.
        art.standfirst = None
        del art.provenance["standfirst"]
        return
    if art.standfirst and (
        (view.lead_is_body and art.provenance.get("body") == "heuristic")
        or (art.provenance.get("body") == "densest-block" and _body_opens_with(art))
    ):
        # The page's one text is its lead (a video's or a gallery's description, which the
        # walk skips as the standfirst, and then reads as the text when the story's block
        # holds nothing else, or the densest block reads): printed once, as the body.
        # (Where the walk's text repeats a dek, the dek stays the standfirst.)
        art.standfirst = None
        del art.provenance["standfirst"]
        return
    if art.provenance.get("standfirst") == "heuristic" and _no_dek(view, view.lead_element):
        view.lead_element = None
        del art.provenance["standfirst"]
        art.standfirst = meta_step.description_lead(meta_step.page_description(view.page)) or None
        if art.standfirst:
            art.provenance["standfirst"] = "meta"
    if not art.standfirst or art.provenance.get("standfirst") != "meta":
        return
    if art.provenance.get("body") == "heuristic" and _printed_lead(view):
        art.provenance["standfirst"] = "heuristic"
    elif art.body and meta_step.opens_body(art.standfirst, art.body[0]):
        art.standfirst = None
        del art.provenance["standfirst"]


def _body_opens_with(art: Article) -> bool:
    """The body's opening paragraphs are the standfirst's text (its first paragraph, or a
    lead box of several paragraphs read whole as the dek)."""
    dek = norm_key(art.standfirst or "")
    return bool(dek) and norm_key(" ".join(art.body)).startswith(dek)


def _no_dek(view: PageView, el: etree._Element | None) -> bool:
    """``el`` is no dek where the body is known: outside the body's containers, after them
    (unless it shares a header or figure with the headline) or a picture block; inside
    one, a picture block that text of it precedes (a caption in the text, which the walk
    leaves out; one that opens the text, it keeps)."""
    parts = view.body_parts
    if el is None or not parts or any(within(p, el) for p in parts):
        return False
    h1 = view.headline_element
    part = next((p for p in parts if within(el, p)), None)
    if part is not None:
        return meta_step.picture_lead(el, h1) and _text_before(el, part)
    # A header (or hero figure) printing the headline and the dek is the article's top,
    # wherever the template puts it in the markup.
    with_h1 = h1 is not None and any(within(h1, a) for a in el.iterancestors("header", "figure"))
    after = not with_h1 and view.position(el) > max(view.position(p) for p in parts)
    return after or meta_step.picture_lead(el, h1)


def _text_before(el: etree._Element, container: etree._Element) -> bool:
    """Some text of ``container`` comes before ``el``."""
    ancestors = set(el.iterancestors())
    for node in container.iter():
        if node is el:
            return False
        if isinstance(node.tag, str) and node.text and node.text.strip():
            return True
        if node not in ancestors and node.tail and node.tail.strip():
            return True  # a tail of a node that ends before el
    return False


def _printed_lead(view: PageView) -> bool:
    """The meta description is printed as the lead, outside the body's container.

    A dek set as a list item (a header's one-point summary) counts only between the
    headline and the body: elsewhere a list is a teaser list, whose items may quote
    this very article's description.
    """
    art = view.article
    printed = meta_step.printed_outside(view.page, art.standfirst or "", view.body_parts, art.body)
    if any(not meta_step.in_list(el) for el in printed):
        return True
    h1 = view.headline_element
    if not printed or h1 is None or not view.body_parts:
        return False
    top, end = view.position(h1), view.position(view.body_parts[0])
    return any(top < view.position(el) < end for el in printed)


def language_of_text(view: PageView) -> None:
    """The body's language where the page declares none, or one its text is clearly not
    in: a template's default ``lang="en"`` over a German text (five development sites),
    or over a Russian or an Arabic one. A text mostly in a script other than Latin is told
    by its script (``metadata.text_script``), where a declaration of none of the script's
    languages gives way; a Latin text only by the function words of the languages
    ``vocab.FUNCTION_WORDS`` lists, any other declaration standing. Run after the body,
    so the earlier steps read the page's own declaration."""
    language_from_text(view.article)


def language_from_text(art: Article) -> None:
    """``language_of_text`` on an article however it was read (an ingested record without
    a language too): its ``language`` from its body's text, provenance ``text``."""
    declared = art.language or ""
    script, of_script = meta_step.text_script(art.body)
    if script:
        # A text in Cyrillic, Arabic, Greek, CJK … letters is in no Latin-script language,
        # whatever the template declares; a declaration of the script's languages stands.
        if vocab.SCRIPT_OF_LANGUAGE.get(declared) != script and of_script != declared:
            art.language = of_script or None
            if of_script:
                art.provenance["language"] = "text"
            else:
                art.provenance.pop("language", None)
        return
    if declared and (
        declared not in vocab.FUNCTION_WORDS or art.provenance.get("language") == "feed"
    ):
        return
    found = meta_step.text_language(art.body, declared)
    if found and found != declared:
        art.language = found
        art.provenance["language"] = "text"


def _closing_note(view: PageView, body: list[str]) -> list[str]:
    """The agencies the body's last line credits as a closing note (``body.
    closing_note_credits``), unless the walk kept it as the text's own last words: printed
    in the last paragraph's element after a blank line (``body.filter_blocks``)."""
    credits = body_step.closing_note_credits(body[-1])
    return credits if credits and not closing_in_text(view.body_parts, body) else []


def agency_credits_in_text(view: PageView) -> None:
    """Agency credit from the dateline, "LONDON (Reuters) -", and from the lines closing
    the text that credit an agency, which leave the body: the wire's signature ("EFE",
    "(ANSA)"), a credit or contribution note ("Additional reporting by Reuters", "The
    Associated Press contributed to this report.") and an agency's copyright notice,
    which the body's walk keeps after the text for this step (``body.closing_note_credits``).
    Each unless the byline credits the same agency in other words ("(AP) —" under "Jane
    Doe, Associated Press", "(CNN)" under "By: CNN Wire")."""
    art = view.article
    found: list[str] = []
    if art.body:
        found = byline_step.dateline_credit(art.body[0])
    closing: list[str] = []
    while len(art.body) > 1 and (
        line := byline_step.closing_credit(art.body[-1]) or _closing_note(view, art.body)
    ):
        art.body.pop()
        closing = line + closing
    found += closing
    for credit in found:
        if not any(byline_step.same_agency(credit, c) for c in art.credits):
            art.credits.append(credit)
            art.provenance.setdefault("credits", "heuristic")
    if art.credits and "credits" not in art.provenance:
        art.provenance["credits"] = art.provenance.get("authors", "heuristic")


def kind_field(view: PageView) -> None:
    """The page's kind: what its metadata declares (meta_step.declared_kind), else a press
    release where its text opens on a release wire's dateline; an article otherwise."""
    art = view.article
    declared = meta_step.declared_kind(view.page)
    if declared is None and art.body and meta_step.release_dateline(art.body[0]):
        declared = ("press_release", "dateline")
    _set(view, "kind", declared)


STEPS: tuple[Callable[[PageView], None], ...] = (
    overrides.apply_removals,
    metadata_fields,
    headline_field,
    authors_field,
    dates_field,
    standfirst_field,
    related_field,
    body_field,
    paywall_after_body,
    standfirst_after_body,
    language_of_text,
    agency_credits_in_text,
    kind_field,
    live_field,
)
