"""Where a page's date may be read: the article's scope, outside chrome, readers'
comments and links to other pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from aggregator.parser.scope import in_comment, in_foreign_link, is_chrome

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


def region(view: PageView) -> etree._Element:
    """Where the date rules walk: the article's scope, or the whole page without one."""
    return view.scope if view.scope is not None else view.root


def article_evidence(
    view: PageView, el: etree._Element, columns: dict[etree._Element, bool]
) -> bool:
    """Outside the chrome, readers' comments and links to other pages (teaser cards).

    ``columns``: one dict per pass over the page's elements (``scope.in_comment``).
    """
    title = view.headline_element
    return (
        not in_foreign_link(view, el)
        and not is_chrome(el, stop=view.scope, title=title)
        and not in_comment(el, title, columns)
    )
