"""The date a URL's path spells."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aggregator.parser import vocab
from aggregator.parser.dates.parse import build, plausible

if TYPE_CHECKING:
    from aggregator.parser.view import PageView

# URL date: /2019/11/18/ or /2019-11-18/ or /20191118/ (day optional only with a year/month pair).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?:[/_-]|\.html?|$)|/((?:19|20)\d\d)/([01]\d)/"
)


# -20191118-: eight digits inside the slug, set apart by hyphens or underscores (Arc's
# Tribune and Los Angeles Times slugs "ct-…-20191118-story.html", "…_20191118_…").
_SLUG_DATE = re.compile(r"[-_]((?:19|20)\d\d)([01]\d)([0-3]\d)(?=[-_.]|/|$)")


# /2016/nov/29/: the month as a name (English abbreviations or names, any language we know).
_URL_DATE_NAMED = re.compile(r"/((?:19|20)\d\d)/([a-zäéû]{3,9})/([0-3]?\d)/", re.IGNORECASE)


def date_from_url(url: str, fetched_at: datetime | None = None) -> datetime | None:
    """The date a URL path spells: /2019/11/18/, /2019-11-18/, /20191118/, /2016/nov/29/
    (eight digits inside a slug are ``slug_date``'s).

    Year and month alone are too coarse to call a publication date.
    """
    m = _URL_DATE.search(url)
    value = None
    if m and m.group(1):
        value = build(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m is None and (named := _URL_DATE_NAMED.search(url)):
        month = vocab.MONTHS.get(named.group(2).lower())
        value = build(int(named.group(1)), month, int(named.group(3))) if month else None
    return plausible(value, fetched_at)


def slug_date(view: PageView) -> datetime | None:
    """The date eight digits in the URL's slug spell ("ct-…-20191118-story.html"), the
    published chain's last resort: no later than the day of the fetch where the page
    writes its dates (``PageView.fetched_here``).

    Eight digits in a slug are as often a story's id ("…-19961023.html" at the FAZ), an
    image's name ("img_20190512_143000") or an event's day ("…-preview-20261206") as
    the day the story was published: any date the page prints, and htmldate's, comes
    first. A day after the fetch is an event's, not the publication's.
    """
    if not (slug := _SLUG_DATE.search(urlsplit(view.url).path)):
        return None
    value = build(int(slug.group(1)), int(slug.group(2)), int(slug.group(3)))
    if value is None or value.date() > view.fetched_here.date():
        return None
    return plausible(value, view.fetched_at)
