"""The Valley Gazette (demo outlet ``valleygazette``): a county paper marked up with microdata.

What it adds over the automatic rules: the section (printed only in the
breadcrumb, so the automatic parser finds none), and people vs. organisations
read from the microdata types instead of guessed from the names.
"""

from __future__ import annotations

from datetime import date

from aggregator.parser.sources.base import SourceParser, attribute, register


@register("valleygazette")
class ValleyGazetteV1(SourceParser):
    """The template since the site's launch."""

    valid_from = date(2000, 1, 1)
    remove = ("aside.print-edition",)

    headline = "article h1[itemprop=headline]"
    standfirst = "article p.standfirst"
    authors = "[itemprop=author][itemtype$='/Person'] [itemprop=name]"
    credits = "[itemprop=author][itemtype$='/Organization'] [itemprop=name]"
    published_at = "time[itemprop=datePublished]"
    updated_at = "time[itemprop=dateModified]"
    body = "div.gz-body[itemprop=articleBody]"

    @attribute
    def section(self) -> str | None:
        """The last breadcrumb link that is not Home."""
        crumbs = [t for t in self.texts("p.breadcrumb a") if t.casefold() != "home"]
        return crumbs[-1] if crumbs else None
