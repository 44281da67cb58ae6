"""The article's scope in the page: the element that holds this article and no site chrome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def article_scope(view: PageView) -> etree._Element | None:
    """Not computed yet: every rule still reads the whole page."""
    return None
