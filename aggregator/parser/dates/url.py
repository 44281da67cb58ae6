"""The date a URL's path spells."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from aggregator.parser import vocab
from aggregator.parser.dates.parse import build, plausible

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
    """The date a URL path spells: /2019/11/18/, /2019-11-18/, /20191118/, /2016/nov/29/,
    -20191118-.

    Year and month alone are too coarse to call a publication date.
    """
    m = _URL_DATE.search(url)
    value = None
    if m and m.group(1):
        value = build(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m is None and (named := _URL_DATE_NAMED.search(url)):
        month = vocab.MONTHS.get(named.group(2).lower())
        value = build(int(named.group(1)), month, int(named.group(3))) if month else None
    elif m is None and (slug := _SLUG_DATE.search(urlsplit(url).path)):
        value = build(int(slug.group(1)), int(slug.group(2)), int(slug.group(3)))
    return plausible(value, fetched_at)
