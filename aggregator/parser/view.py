"""The one precomputed view of a page that every field's chain reads.

Like Fundus' ``Precomputed`` and the inputs of trafilatura's
``extract_metadata``: the tree is parsed once (``tree.parse``), meta tags and
JSON-LD are collected once, and what several fields need (the page's JSON-LD
article, its site name, the article's scope in the tree) is computed once,
lazily, the first time a rule asks. Fields that depend on another field's
result (the body skips the standfirst element and the related blocks) read it
from here too, so each field's chain is a function of this view alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lxml import etree

from aggregator.parser.tree import Page
from aggregator.schema import Article, FeedHints

if TYPE_CHECKING:
    from aggregator.config import Selectors

Found = tuple[Any, str]  # (value, provenance rule)


@dataclass
class PageView:
    """A parsed page, the caller's inputs and the fields found so far."""

    page: Page
    article: Article
    fetched_at: datetime
    hints: FeedHints | None = None
    selectors: Selectors | None = None
    # The operator's word for the zone the site prints clocks in (a source's
    # page_timezone): read where the page itself states no offset.
    local_zone: tzinfo | None = None
    # Set by earlier fields for later ones.
    lead_element: etree._Element | None = None
    related_blocks: set[etree._Element] = field(default_factory=set)
    body_parts: list[etree._Element] = field(default_factory=list)
    # The standfirst's lead box was read as the text: the story's block held nothing else
    # (a video's, a podcast's or a brief's page), so it is the body, not also the dek.
    lead_is_body: bool = False
    # Whether htmldate's copies of the article leave an element out, as the first of a
    # page's copies found it (``dates.article_copy``), so that its later copies do not
    # test the same elements again.
    left_out_of_copies: dict[etree._Element, bool] = field(default_factory=dict)

    def found_apart(self) -> set[etree._Element]:
        """The elements earlier fields took as their own, which the body's walk leaves out:
        the related links' blocks and the standfirst's element (the dek is its own field)."""
        apart = set(self.related_blocks)
        if self.lead_element is not None:
            apart.add(self.lead_element)
        return apart

    @property
    def root(self) -> etree._Element:
        assert self.page.root is not None  # a view is only made of a parsed page
        return self.page.root

    @property
    def url(self) -> str:
        return self.page.url

    @cached_property
    def base(self) -> str:
        """The URL the page's relative links are read against (``<base href>``)."""
        from aggregator.parser.metadata.canonical import page_base

        return page_base(self.page)

    @cached_property
    def ld(self) -> dict[str, Any]:
        """The JSON-LD object that most likely describes this page's article ({} if none)."""
        from aggregator.parser.metadata import best_article

        return best_article(self.page)

    @cached_property
    def site(self) -> tuple[str, str]:
        """(site name, provenance) from og:site_name, JSON-LD organisation or publisher."""
        from aggregator.parser.metadata import site_name

        return site_name(self.page)

    @cached_property
    def day_first(self) -> bool:
        """Whether the page writes "03/05/2024" for the 3rd of May (``dates.day_order``)."""
        from aggregator.parser.dates.day_order import day_first

        return day_first(self.page)

    @cached_property
    def fetched_here(self) -> datetime:
        """When the page was fetched, in the zone it writes dates without an offset in
        (``dates.page_zone``), where it has one: the day "today" names on the page."""
        from aggregator.parser.dates.zones import page_zone

        zone = page_zone(self)
        return self.fetched_at.astimezone(zone) if zone is not None else self.fetched_at

    @cached_property
    def headline_element(self) -> etree._Element | None:
        """The ``<h1>`` that prints the headline (read once the headline field has run)."""
        from aggregator.parser.scope import headline_element

        return headline_element(self)

    def position(self, el: etree._Element) -> tuple[int, ...]:
        """Where ``el`` sits: sorting by it is document order; an element no longer in the
        page (and the root) is ``()``, before everything. (Its place in ``Page.order``:
        the body step removes elements, which moves their siblings' indices but not
        their order.)"""
        top = el
        while (parent := top.getparent()) is not None:
            top = parent
        if top is not self.root or el is top:
            return ()
        return (self.page.order[el],)

    @cached_property
    def scope(self) -> etree._Element | None:
        """The element that holds this article and nothing else of the site, if the page has one.

        See ``scope.article_scope``: dates and bylines are only read inside it,
        never from the site's header, ticker, sidebars or footer.
        """
        from aggregator.parser.scope import article_scope

        return article_scope(self)

    # The article's dated elements, walked once: the published and updated rules, the
    # printed offset, the visible witness and htmldate's copy all read them. Read only
    # by the dates step, before the body step removes elements.
    @cached_property
    def time_elements(self) -> list[tuple[etree._Element, datetime, bool]]:
        """(element, date, is an update) of the article's ``<time>`` elements."""
        from aggregator.parser.dates.in_page import time_elements

        return time_elements(self)

    @cached_property
    def classed_dates(self) -> list[tuple[etree._Element, datetime, bool]]:
        """(element, date, is an update) of its short date-classed elements."""
        from aggregator.parser.dates.in_page import classed_dates

        return classed_dates(self)

    @cached_property
    def app_state_record(self) -> dict[str, Any]:
        """The story's record in the page's ``__NEXT_DATA__`` ({} if none)."""
        from aggregator.parser.dates.app_state import app_state_record

        return app_state_record(self)

    @cached_property
    def text_start(self) -> etree._Element | None:
        """The first paragraph of the article's text after its headline: where its top
        ends for the date rules (read by the teaser cards and the clock rules alike)."""
        from aggregator.parser.dates.evidence import text_start

        return text_start(self)

    @cached_property
    def teaser_cards(self) -> frozenset[etree._Element]:
        """Short blocks around another story's linked headline in the article's scope (the
        page without one): their dates are that story's."""
        from aggregator.parser.dates.evidence import region, teaser_cards

        return teaser_cards(self, region(self))

    @cached_property
    def page_teaser_cards(self) -> frozenset[etree._Element]:
        """``teaser_cards`` of the whole page, for htmldate's copies beside a scope: looked
        for only where those run (a walk of every heading of the page)."""
        from aggregator.parser.dates.evidence import teaser_cards

        return teaser_cards(self, self.root) if self.scope is not None else self.teaser_cards

    @cached_property
    def byline_dates(self) -> list[tuple[etree._Element, datetime, bool]]:
        """(element, date, is an update) of the dates its byline blocks print."""
        from aggregator.parser.dates.in_page import byline_dates

        return byline_dates(self)
