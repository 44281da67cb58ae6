"""What kind of page the article is (``Article.kind``), from what the page declares in
words every site uses the same way: its JSON-LD type (schema.org), its ``og:type``
(Open Graph), an ``article:opinion`` tag, and the dateline a release wire prints. Never
from the class names of one CMS. docs/parser.md, "Page kind".
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.parser.metadata.jsonld import best_article
from aggregator.parser.tree import Page, article_rank, schema_types
from aggregator.schema import Kind

# The article's own schema.org type -> its kind. AnalysisNewsArticle, Reportage and
# Background stay articles: they report the news.
_ARTICLE_TYPE_KINDS: dict[str, Kind] = {
    "liveblogposting": "liveblog",
    "opinionnewsarticle": "opinion",
    "advertisercontentarticle": "sponsored",
    "reviewnewsarticle": "review",
    "criticreview": "review",
}
# A page whose main entity is a medium, not a written article.
_MEDIA_TYPE_KINDS: dict[str, Kind] = {
    "videoobject": "video",
    "podcastepisode": "podcast",
    "imagegallery": "gallery",
    "mediagallery": "gallery",
}
_PAGE_RANK = 2  # article_rank of a WebPage or CreativeWork: no written article

# A press release's dateline, as the release wires print it at the opening of the text:
# "LONDON, Dec. 1, 2026 /PRNewswire/ --", "(BUSINESS WIRE)--", "(GLOBE NEWSWIRE) --".
_RELEASE_DATELINE = re.compile(
    r"/\s*PRNewswire(?:-[A-Za-z]+)?\s*/|\(\s*(?:BUSINESS\s+WIRE|GLOBE\s+NEWSWIRE|"
    r"ACCESSWIRE|Newsfile\s+Corp\.)\s*\)|/\s*CNW\s*/"
)
_DATELINE_REACH = 200  # characters of the opening paragraph the dateline is looked for in

Declared = tuple[Kind, str]  # (kind, provenance)


def declared_kind(page: Page) -> Declared | None:
    """The kind the page's metadata declares, and where it was read (``json-ld``,
    ``meta``); None when it declares no other kind than an article."""
    article = best_article(page)
    written = bool(article) and article_rank(article) < _PAGE_RANK
    for kind_of in (_ARTICLE_TYPE_KINDS, _MEDIA_TYPE_KINDS):
        for name in schema_types(article.get("@type")):
            if name in kind_of:
                return kind_of[name], "json-ld"
    if _truthy(article.get("sponsor")):
        return "sponsored", "json-ld"
    if not written and (kind := _main_medium(page)):
        return kind, "json-ld"
    if page.meta_first("article:opinion").strip().lower() == "true":
        return "opinion", "meta"
    if not written and page.meta_first("og:type").strip().lower().startswith("video."):
        return "video", "meta"
    return None


def release_dateline(opening: str) -> bool:
    """Does a text's opening paragraph carry a release wire's dateline?"""
    return _RELEASE_DATELINE.search(opening[:_DATELINE_REACH]) is not None


def _main_medium(page: Page) -> Kind | None:
    """The kind of the medium a page without a written article is about: the first
    VideoObject, PodcastEpisode or gallery its JSON-LD declares."""
    for obj in page.jsonld:
        for name in schema_types(obj.get("@type")):
            if name in _MEDIA_TYPE_KINDS:
                return _MEDIA_TYPE_KINDS[name]
    return None


def _truthy(value: Any) -> bool:
    """A JSON-LD property that names something (an object, a name, a list of them)."""
    if isinstance(value, list):
        return any(_truthy(v) for v in value)
    if isinstance(value, dict):
        return any(isinstance(v, str) and v.strip() for k, v in value.items() if k != "@type")
    return isinstance(value, str) and bool(value.strip())
