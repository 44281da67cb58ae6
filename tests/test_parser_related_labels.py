"""Related-reading labels in more languages: the labelled links are related coverage and
the label line is no paragraph of the text (a review's hand-made shapes; Polish and
Russian development pages gained their "czytaj też" / "по теме" links)."""

from __future__ import annotations

import pytest

from aggregator.parser import extract

_TEXT = "<p>" + "The council met on Monday to discuss the new budget for the schools. " * 4 + "</p>"


@pytest.mark.parametrize(
    "label", ["BACA JUGA:", "Baca juga:", "Читайте также:", "По теме:", "Czytaj też:",
              "Lees ook:", "اقرأ أيضا:"]
)  # fmt: skip
def test_a_related_label_in_another_language_gives_related_links(label: str) -> None:
    html = (
        "<html><head><title>Budget</title></head><body><article><h1>Council passes the "
        f"budget</h1>{_TEXT}<p><strong>{label}</strong> <a href='/news/fuel-prices'>Fuel "
        f"prices rise again next week</a></p>{_TEXT}{_TEXT}</article></body></html>"
    )
    article = extract(html, "https://news.example.org/2024/05/03/budget")
    assert [link.url for link in article.related] == ["https://news.example.org/news/fuel-prices"]
    assert not any(label.rstrip(":") in p for p in article.body)
