"""Which way a page writes a numeric date: "03/05/2024" is the 3rd of May on a British,
Indian or German page and the 5th of March on an American one."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aggregator.parser import vocab
from aggregator.parser.dates.formats import RELATIVE
from aggregator.parser.dates.parse import parse_local

if TYPE_CHECKING:
    from aggregator.parser.tree import Page
    from aggregator.parser.view import PageView

_TAG = re.compile(r"([a-z]{2,3})(?:-([a-z]{2}|\d{3}))?(?:-.*)?")


def day_first(page: Page) -> bool:
    """Whether the page writes slashed dates day first, by its language, then its domain.

    The first language tag the page declares (``<html lang>``, ``og:locale``,
    ``content-language``; past a bare "en") decides where it names a day-first language,
    or English of a day-first region (en-GB, en-IN, en-AU); else the domain's country
    code (.co.uk, .de, .in). "en-US" yields to such a domain: WordPress writes it on
    every site whose owner never changed the setting, British and Indian ones too.
    Nothing else is day first: "en" on a .com, or no language at all, is read month
    first, as it always was.
    """
    for value in (page.lang, page.meta_first("og:locale"), page.meta_first("content-language")):
        m = _TAG.fullmatch(value.strip().lower().replace("_", "-"))
        if not m:
            continue
        language, region = m.group(1), m.group(2) or ""
        if language in vocab.DAY_FIRST_LANGUAGES or (
            language == "en" and region in vocab.DAY_FIRST_ENGLISH_REGIONS
        ):
            return True
        # The page's language is the first it declares; but "en" alone names no region,
        # which a later tag may ("en" and og:locale "en_GB").
        if language != "en" or region:
            break
    host = urlsplit(page.url).hostname or ""
    return host.rpartition(".")[2] in vocab.DAY_FIRST_DOMAINS


def read_date(view: PageView, value: Any) -> datetime | None:
    """``parse_local`` of a value the page writes: relative to when it was fetched
    (:func:`counted_from`), and with slashed dates read the way the page writes them
    (``PageView.day_first``)."""
    return parse_local(value, fetched_at=counted_from(view, value), dayfirst=view.day_first)


def counted_from(view: PageView, value: Any) -> datetime:
    """The fetch time ``value`` is read against. A value that names today or yesterday,
    or a time ago ("2 hours ago"), counts from the fetch time in the page's zone
    (``PageView.fetched_here``): the day it names is the one the page's clock showed, and
    the moment comes back as that zone's clock, which the chain reads in the page's zone
    again; counted from the UTC fetch time, that clock would be off by the zone's offset."""
    relative = isinstance(value, str) and (
        vocab.TODAY.search(value) is not None
        or vocab.YESTERDAY.search(value) is not None
        or RELATIVE.search(value) is not None
    )
    return view.fetched_here if relative else view.fetched_at
