"""An example per-source parser, loaded by config as an operator's would be.

The Valley Gazette, a county paper of the demo network marked up with
microdata. The demo config names it (``parser: app.demo.parsers:ValleyGazetteV1``).
What it adds over the automatic rules: the section (printed only in the
breadcrumb, so the automatic parser finds none; read with BeautifulSoup, as a
parser author used to its API would), and people vs. organisations read from
the microdata types instead of guessed from the names.
"""

from __future__ import annotations

from datetime import date

from aggregator.parser.sources import SourceParser, attribute


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
        crumbs = [
            text
            for link in self.soup.select("p.breadcrumb a")
            if (text := " ".join(link.get_text().split())) and text.casefold() != "home"
        ]
        return crumbs[-1] if crumbs else None
