"""A page's URLs through ``aggregator.extract``: canonicals a template got wrong, session
ids, ``<base href>``, URLs that cannot be read (QA passes B and D, stop 42)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator import extract
from aggregator.parser.for_source import keep_syndicated_copy_apart
from aggregator.parser.urls import canonicalize_url
from app.cli import cli

URL = "https://example.com/news/2026/12/ferry-strike-ends-after-pay-deal"
PARAGRAPHS = "".join(
    f"<p>Paragraph {n}: the ferry crews ended their strike on Tuesday after the operator "
    "agreed a pay deal, and sailings resume on Wednesday morning.</p>"
    for n in range(5)
)


def page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head><title>Ferry strike ends</title>{head}</head><body><article>"
        f"<h1>Ferry strike ends after pay deal</h1>{PARAGRAPHS}{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    "home",
    [
        "/index.html",
        "/index.php",
        "/default.aspx",
        "/home",
        "/en/",
        "/en/index.html",
        "https://example.com/index.htm",
    ],
)
def test_a_canonical_naming_the_home_page_is_not_the_articles(home: str) -> None:
    article = extract(page(f'<link rel="canonical" href="{home}">'), URL)
    assert article.canonical_url == URL


def test_a_canonical_naming_a_section_of_two_letters_is_kept_on_its_own_page() -> None:
    # "/tv/" is a section, no language's home: a page there keeps its canonical.
    url = "https://example.com/tv/?from=menu"
    assert extract(page('<link rel="canonical" href="/tv/">'), url).canonical_url == (
        "https://example.com/tv/"
    )


@pytest.mark.parametrize(
    "variant",
    [
        f"{URL}?PHPSESSID=9f8e7d6c5b4a",
        f"{URL};jsessionid=0A1B2C3D4E",
        f"{URL};JSESSIONID=0A1B2C3D4E?utm_source=rss",
        f"{URL}?jsessionid=0A1B2C",
        f"{URL}?sessionid=77&session_id=78",
        f"{URL}?ASPSESSIONIDQSTCRBTR=KLMNOP",
        f"{URL}?CFID=123&CFTOKEN=456",
    ],
)
def test_session_ids_are_no_part_of_the_articles_url(variant: str) -> None:
    assert extract(page(), variant).canonical_url == URL


def test_a_sid_query_key_is_kept_it_names_a_story_on_some_sites() -> None:
    url = "https://example.com/modules.php?name=News&file=article&sid=4412"
    assert canonicalize_url(url) == url


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="https://[object Object]">',
        '<link rel="canonical" href="http://[::1/a">',
        '<meta property="og:url" content="http://[::1/a">',
        '<link rel="canonical" href="https://[object Object]/news/x">',
        '<link rel="canonical" href="[object Object]">',
        '<link rel="canonical" href="/news/2026/12/[object%20Object]">',
    ],
)
def test_a_canonical_that_is_no_url_is_ignored(head: str) -> None:
    assert extract(page(head), URL).canonical_url == URL


def test_a_url_argument_that_cannot_be_read_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match=r"'http://\[::1/a' is not a valid URL"):
        extract(page(), "http://[::1/a")


def test_extract_of_a_file_with_a_bad_canonical_prints_the_article(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_text(page('<link rel="canonical" href="https://[object Object]">'))
    result = CliRunner().invoke(cli, ["extract", str(saved), "--url", URL])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert f'"canonical_url": "{URL}"' in result.output


BASE = "https://static.example.org/archive/2026/"


def test_relative_links_are_read_against_the_base_href() -> None:
    head = (
        f'<base href="{BASE}"><link rel="canonical" href="ferry-strike-ends">'
        '<meta property="og:image" content="img/ferry.jpg">'
    )
    related = (
        '<div class="related"><h3>Related</h3><ul>'
        '<li><a href="harbour-council-agrees-ferry-plan">Harbour council agrees ferry plan</a></li>'
        "</ul></div>"
    )
    article = extract(page(head, related), URL)
    assert article.canonical_url == f"{BASE}ferry-strike-ends"
    assert article.image_url == f"{BASE}img/ferry.jpg"
    assert [link.url for link in article.related] == [f"{BASE}harbour-council-agrees-ferry-plan"]


@pytest.mark.parametrize("base", ["/archive/", "javascript:void(0)", "https://[object Object]/"])
def test_a_base_href_that_is_no_absolute_http_url_is_ignored(base: str) -> None:
    head = f'<base href="{base}"><meta property="og:image" content="img/ferry.jpg">'
    article = extract(page(head), URL)
    assert article.image_url == "https://example.com/news/2026/12/img/ferry.jpg"


def test_a_canonical_on_another_port_is_another_sites_page() -> None:
    # Two sites of one demo network on one address: the crawl's scope counts the port,
    # and so does the syndication check.
    url = "http://127.0.0.1:18931/news/ferry-fares-rise-in-january"
    original = "http://127.0.0.1:18932/original/ferry-fares"
    article = extract(page(f'<link rel="canonical" href="{original}">'), url)
    keep_syndicated_copy_apart(article)
    assert (article.canonical_url, article.is_based_on) == (url, original)


def test_the_default_port_is_the_same_site() -> None:
    url = "https://example.com/news/ferry-fares-rise-in-january"
    article = extract(page('<link rel="canonical" href="https://example.com:443/a/b-c-d">'), url)
    keep_syndicated_copy_apart(article)
    assert (article.canonical_url, article.is_based_on) == ("https://example.com/a/b-c-d", None)
