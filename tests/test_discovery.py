"""aggregator.discovery as pure functions: feeds, sitemaps, robots.txt Sitemap lines, link rules."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.config import parse_config
from aggregator.discovery import (
    LinkClassifier,
    maybe_gunzip,
    parse_feed,
    parse_sitemap,
    plan_for,
    sitemaps_from_robots,
)

BASE = "https://news.example.com/"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)

RSS2 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>\
<language>en-gb</language>
<item><title> First story </title><link>/world/first-story?utm_source=rss&amp;id=7</link>
<pubDate>Mon, 05 Jan 2026 12:00:00 GMT</pubDate><author>desk@example.com (Jane Doe)</author></item>
<item><title>No link</title></item>
<item><title>Mail</title><link>mailto:desk@example.com</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Atom story</title><link href="https://news.example.com/a/atom-story#top"/>
<id>x</id><published>2026-01-05T10:00:00Z</published><updated>2026-01-06T08:30:00+01:00</updated>
<author><name>Ann Writer</name></author><author><name>Bo Second</name></author></entry></feed>"""

RSS1 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.com/"><title>T</title></channel>
<item rdf:about="https://news.example.com/r/rdf-story"><title>RDF story</title>
<link>https://news.example.com/r/rdf-story</link><dc:date>2026-01-05T12:00:00Z</dc:date>
<dc:creator>Cy Author</dc:creator></item></rdf:RDF>"""


def test_rss2_items_give_canonical_urls_and_hints() -> None:
    links = parse_feed(RSS2, BASE)
    assert [link.url for link in links] == ["https://news.example.com/world/first-story?id=7"]
    hints = links[0].hints
    assert hints.title == "First story"
    assert hints.published_at == datetime(2026, 1, 5, 12, tzinfo=UTC)
    assert hints.language == "en"
    assert hints.authors and "Jane Doe" in hints.authors[0]


def test_atom_entries_give_authors_and_updated() -> None:
    (link,) = parse_feed(ATOM, BASE)
    assert link.url == "https://news.example.com/a/atom-story"
    assert link.hints.authors == ("Ann Writer", "Bo Second")
    assert link.hints.updated_at == datetime(2026, 1, 6, 7, 30, tzinfo=UTC)
    assert link.hints.published_at == datetime(2026, 1, 5, 10, tzinfo=UTC)


def test_rss1_items() -> None:
    (link,) = parse_feed(RSS1, BASE)
    assert link.url == "https://news.example.com/r/rdf-story"
    assert link.hints.title == "RDF story"
    assert link.hints.authors == ("Cy Author",)


def test_garbage_feed_gives_nothing() -> None:
    assert parse_feed(b"\x00\x01 not xml at all", BASE) == []
    assert parse_feed(b"", BASE) == []


NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def test_sitemap_index_lists_child_sitemaps_and_cuts_old_ones() -> None:
    body = f"""<?xml version="1.0"?><sitemapindex {NS}>
    <sitemap><loc>https://news.example.com/sm/new.xml.gz</loc><lastmod>2026-02-28</lastmod></sitemap>
    <sitemap><loc>https://news.example.com/sm/2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>
    <sitemap><loc>https://news.example.com/sm/undated.xml</loc></sitemap>
    </sitemapindex>""".encode()
    entries = parse_sitemap(body, BASE, max_age=timedelta(days=7), now=NOW)
    assert entries.sitemaps == [
        "https://news.example.com/sm/new.xml.gz",
        "https://news.example.com/sm/undated.xml",
    ]
    assert entries.links == []


def test_news_sitemap_gives_title_and_publication_date() -> None:
    body = f"""<?xml version="1.0"?><urlset {NS} xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://news.example.com/n/1?utm_medium=x</loc><lastmod>2026-03-01T09:00:00Z</lastmod>
      <news:news><news:publication><news:name>Ex</news:name><news:language>de</news:language></news:publication>
      <news:publication_date>2026-03-01T08:00:00+00:00</news:publication_date>
      <news:title>Headline one</news:title></news:news></url>
    <url><loc>https://news.example.com/n/old</loc>
      <news:news><news:publication_date>2025-01-01</news:publication_date></news:news></url>
    <url><loc>javascript:alert(1)</loc></url>
    </urlset>""".encode()
    entries = parse_sitemap(body, BASE, max_age=timedelta(days=2), now=NOW)
    (link,) = entries.links
    assert link.url == "https://news.example.com/n/1"
    assert link.hints.title == "Headline one"
    assert link.hints.published_at == datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert link.hints.updated_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert link.hints.language == "de"


def test_gzipped_sitemap_is_inflated_with_a_bound() -> None:
    body = f"<urlset {NS}><url><loc>https://news.example.com/g/1</loc></url></urlset>".encode()
    assert maybe_gunzip(gzip.compress(body), 10_000) == body
    assert maybe_gunzip(body, 10_000) == body
    with pytest.raises(ValueError):
        maybe_gunzip(gzip.compress(bytes(1_000_000)), 10_000)


def test_sitemap_xxe_and_entity_expansion_are_not_resolved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    canary = tmp_path / "canary.txt"
    canary.write_text("SECRET-CANARY", encoding="utf-8")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "{canary.as_uri()}">]>
    <urlset {NS}><url><loc>https://news.example.com/&x;</loc></url>
    <url><loc>https://news.example.com/ok</loc></url></urlset>""".encode()
    entries = parse_sitemap(xxe, BASE)
    assert [link.url for link in entries.links] == ["https://news.example.com/ok"]
    laughs = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = f"""<?xml version="1.0"?><!DOCTYPE u [{"".join(laughs)}]>
    <urlset {NS}><url><loc>https://news.example.com/&l9;</loc></url></urlset>""".encode()
    refused = parse_sitemap(bomb, BASE)
    assert refused.links == [] and refused.refused


def test_robots_sitemap_lines() -> None:
    text = "User-agent: *\nDisallow: /x\nSitemap: /sitemap.xml\nsitemap:https://cdn.example.com/s.xml.gz\n"
    assert sitemaps_from_robots(text, BASE) == [
        "https://news.example.com/sitemap.xml",
        "https://cdn.example.com/s.xml.gz",
    ]


def _source(extra: str = "") -> str:
    return f"""
sources:
  - name: ex
    start_pages: ["https://news.example.com/world/?utm_campaign=a"]
    feeds: ["https://news.example.com/feed.xml"]
{extra}
"""


def test_link_rules_allow_deny_and_article_pattern() -> None:
    config = parse_config(
        _source("""    link_rules:
      allow: ["^https://news\\\\.example\\\\.com/"]
      deny: ["/video/"]
      article_pattern: "/\\\\d{4}/\\\\d{2}/"
""")
    )
    rules = LinkClassifier.for_source(config.sources[0])
    assert rules.followable("https://news.example.com/2026/01/story")
    assert not rules.followable("https://news.example.com/video/2026/01/clip")
    assert not rules.followable("https://other.example.org/2026/01/story")
    assert rules.is_article("https://news.example.com/2026/01/story")
    assert not rules.is_article("https://news.example.com/world/")


def test_default_article_guess_without_a_pattern() -> None:
    rules = LinkClassifier.for_source(parse_config(_source()).sources[0])
    assert rules.is_article("https://news.example.com/world/storm-hits-the-coast-town")
    assert rules.is_article("https://news.example.com/2026/01/x")
    assert not rules.is_article("https://news.example.com/world/")


def test_plan_canonicalises_seeds_and_derives_allowed_domains() -> None:
    config = parse_config(_source())
    plan = plan_for(config.sources[0])
    assert plan.start_pages == ["https://news.example.com/world/"]
    assert plan.allowed_domains == ["news.example.com"]
    assert plan.allows_host("https://news.example.com/a")
    assert not plan.allows_host("https://evil.example.com/a")


def test_rss_pubdate_is_not_taken_for_an_update() -> None:
    (link,) = parse_feed(RSS2, BASE)
    assert link.hints.updated_at is None
