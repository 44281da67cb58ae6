"""Listing pages: which links found there a source's link rules follow, which look like
articles, and whether a link's text may be a title hint; it judges URLs and link text
alone, not a document, so it stands apart from the readers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aggregator.config import Source


@dataclass(frozen=True)
class LinkClassifier:
    """Applies a source's link rules to URLs found on listing pages."""

    allow: tuple[re.Pattern[str], ...]
    deny: tuple[re.Pattern[str], ...]
    article: re.Pattern[str] | None

    @classmethod
    def for_source(cls, source: Source) -> LinkClassifier:
        rules = source.link_rules
        return cls(
            tuple(re.compile(p) for p in rules.allow),
            tuple(re.compile(p) for p in rules.deny),
            re.compile(rules.article_pattern) if rules.article_pattern else None,
        )

    def followable(self, url: str) -> bool:
        """May an article or listing page link be followed (``deny`` and ``allow``)?"""
        if self.denied(url):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)

    def denied(self, url: str) -> bool:
        """Does ``deny`` refuse ``url``: the one rule a sitemap or feed the crawl finds obeys
        (``allow`` is written for article and listing paths, not for ``/sitemap-2.xml``)."""
        return any(p.search(url) for p in self.deny)

    def is_article(self, url: str) -> bool:
        if self.article is not None:
            return bool(self.article.search(url))
        # Without a pattern, a path with a long slug or a date looks like an article.
        path = urlsplit(url).path
        return bool(re.search(r"/\d{4}/\d{2}/|[a-z0-9]+(?:-[a-z0-9]+){3,}", path))


# Link text that calls to read on rather than naming the story (in the languages of the
# sources): "Read more »", "Continue reading", "Weiterlesen", "Lire la suite".
_READ_ON = re.compile(
    r"^(?:read (?:more|on|the (?:full )?(?:story|article))|continue reading|full story|"
    r"weiterlesen|mehr lesen|lire la suite|leer m[aá]s|leggi (?:tutto|di pi[uù])|leia mais|"
    r"lees meer|czytaj (?:dalej|wi[eę]cej)|читать (?:далее|дальше))\b",
    re.IGNORECASE,
)


def title_hint(text: str) -> str | None:
    """A listing page's link text as a title hint, or None where it cannot be a headline:
    fewer than three words ("More", "»", a date) or a call to read on ("Read more »")."""
    words = re.findall(r"\w+", text)
    if len(words) < 3 or _READ_ON.match(text.strip()):
        return None
    return " ".join(text.split())
