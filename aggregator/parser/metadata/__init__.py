"""Page metadata: headline, standfirst, site name, language, canonical URL, image,
section, tags and the paywall flag. Each step is a small fallback chain (JSON-LD, meta
tags, then the DOM) and reports which rule produced the value.
"""

from __future__ import annotations

from aggregator.parser.metadata.title import (
    best_article,
    canonical_url,
    description_lead,
    headline,
    image_url,
    in_list,
    language,
    language_code,
    opens_body,
    page_articles,
    page_description,
    paywalled,
    picture_lead,
    printed_outside,
    says_headline,
    section,
    site_name,
    standfirst,
    tags,
    text_language,
)

__all__ = [
    "best_article",
    "canonical_url",
    "description_lead",
    "headline",
    "image_url",
    "in_list",
    "language",
    "language_code",
    "opens_body",
    "page_articles",
    "page_description",
    "paywalled",
    "picture_lead",
    "printed_outside",
    "says_headline",
    "section",
    "site_name",
    "standfirst",
    "tags",
    "text_language",
]
