"""Page metadata: headline, standfirst, site name, language, canonical URL, image,
section, tags and the paywall flag. Each step is a small fallback chain (JSON-LD, meta
tags, then the DOM) and reports which rule produced the value; ``fields`` runs them.

The modules, each importing only those above it:
``jsonld`` (the JSON-LD object of this page's article, its string fields, ``Found``),
``site`` (``site_name``; a title without the site's name, and the title's separators),
``headings`` (which h1s print the title: not the logo, an SEO label or a teaser's link;
the header's h2 where every h1 is a label),
``title`` (``headline``: the metadata's titles weighed against the h1s),
``pictures`` (a lead box's pictures and captions apart from its text; ``picture_lead``),
``dek`` (``standfirst``: a lead-classed element, else the description; ``says_headline``,
``description_lead``, ``page_description``),
``printed`` (where the page prints the description: ``printed_outside``, ``opens_body``),
``languages`` (``language`` declared, ``text_language`` by function words, ``language_code``),
``canonical`` (``canonical_url``, refusing a template's placeholder, home or section),
``declared`` (image, section, tags, paywall: JSON-LD and meta only),
``kind`` (``declared_kind``: the page kind its JSON-LD type, og:type or
``article:opinion`` declare; ``release_dateline``).
"""

from __future__ import annotations

from aggregator.parser.metadata.canonical import canonical_url
from aggregator.parser.metadata.declared import (
    image_url,
    paywall_after_text,
    paywalled,
    section,
    tags,
)
from aggregator.parser.metadata.dek import (
    description_lead,
    page_description,
    says_headline,
    standfirst,
)
from aggregator.parser.metadata.jsonld import best_article, page_articles
from aggregator.parser.metadata.kind import declared_kind, release_dateline
from aggregator.parser.metadata.languages import (
    language,
    language_code,
    text_language,
    text_script,
)
from aggregator.parser.metadata.pictures import picture_lead
from aggregator.parser.metadata.printed import in_list, opens_body, printed_outside
from aggregator.parser.metadata.site import site_name
from aggregator.parser.metadata.title import headline

__all__ = [
    "best_article",
    "canonical_url",
    "declared_kind",
    "description_lead",
    "headline",
    "image_url",
    "in_list",
    "language",
    "language_code",
    "opens_body",
    "page_articles",
    "page_description",
    "paywall_after_text",
    "paywalled",
    "picture_lead",
    "printed_outside",
    "release_dateline",
    "says_headline",
    "section",
    "site_name",
    "standfirst",
    "tags",
    "text_language",
    "text_script",
]
