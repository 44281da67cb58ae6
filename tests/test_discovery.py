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
    entries = parse_feed(RSS2, BASE)
    links = entries.links
    assert entries.skipped == {"no_url": 1, "not_http": 1}
    assert [link.url for link in links] == ["https://news.example.com/world/first-story?id=7"]
    hints = links[0].hints
    assert hints.title == "First story"
    assert hints.published_at == datetime(2026, 1, 5, 12, tzinfo=UTC)
    assert hints.language == "en"
    assert hints.authors and "Jane Doe" in hints.authors[0]


def test_atom_entries_give_authors_and_updated() -> None:
    (link,) = parse_feed(ATOM, BASE).links
    assert link.url == "https://news.example.com/a/atom-story"
    assert link.hints.authors == ("Ann Writer", "Bo Second")
    assert link.hints.updated_at == datetime(2026, 1, 6, 7, 30, tzinfo=UTC)
    assert link.hints.published_at == datetime(2026, 1, 5, 10, tzinfo=UTC)


def test_rss1_items() -> None:
    (link,) = parse_feed(RSS1, BASE).links
    assert link.url == "https://news.example.com/r/rdf-story"
    assert link.hints.title == "RDF story"
    assert link.hints.authors == ("Cy Author",)


def test_garbage_feed_gives_nothing() -> None:
    assert parse_feed(b"\x00\x01 not xml at all", BASE).links == []
    assert parse_feed(b"", BASE).links == []


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
    assert plan.scope.allows("https://news.example.com/a")
    assert plan.scope.allows("http://news.example.com/a")  # http and https of one site
    assert plan.scope.allows("https://www.news.example.com/a")
    assert not plan.scope.allows("https://evil.example.com/a")
    assert not plan.scope.allows("https://news.example.com:8443/a")


def test_rss_pubdate_is_not_taken_for_an_update() -> None:
    (link,) = parse_feed(RSS2, BASE).links
    assert link.hints.updated_at is None


# --- issue 18, items 4 and 5: no silent losses, bounded reading ------------------------------


def test_one_unreadable_lastmod_takes_no_neighbour_down() -> None:
    """The issue's sitemap: a year-1 lastmod in another zone raised OverflowError and the
    whole sitemap gave nothing."""
    body = f"""<?xml version="1.0"?><urlset {NS}>
    <url><loc>https://news.example.com/a/bad-date</loc>
      <lastmod>0001-01-01T00:00:00+00:01</lastmod></url>
    <url><loc>https://news.example.com/a/fresh</loc><lastmod>2026-03-01</lastmod></url>
    <url><loc>https://news.example.com/a/future</loc><lastmod>2099-01-01</lastmod></url>
    <url><loc>https://news.example.com/a/old</loc><lastmod>2019-01-01</lastmod></url>
    </urlset>""".encode()
    with_age = parse_sitemap(body, BASE, max_age=timedelta(days=7), now=NOW)
    assert [link.url for link in with_age.links] == ["https://news.example.com/a/fresh"]
    assert with_age.skipped == {"bad_date": 2, "too_old": 1}
    # Without max_age a date is only a hint: the entry is followed without it, and counted.
    without = parse_sitemap(body, BASE, now=NOW)
    assert len(without.links) == 4 and without.skipped == {"date_ignored": 2}
    assert [link.hints.updated_at for link in without.links][:2] == [
        None,
        datetime(2026, 3, 1, tzinfo=UTC),
    ]


def test_every_left_out_entry_is_counted_by_reason() -> None:
    body = f"""<?xml version="1.0"?><urlset {NS}>
    <url><loc>https://news.example.com/ok</loc></url>
    <url><lastmod>2026-03-01</lastmod></url>
    <url><loc>ftp://news.example.com/file</loc></url>
    <url><loc>https://news.example.com:99999/bad-port</loc></url>
    </urlset>""".encode()
    entries = parse_sitemap(body, BASE, now=NOW)
    assert [link.url for link in entries.links] == ["https://news.example.com/ok"]
    assert entries.skipped == {"no_url": 1, "not_http": 1, "bad_url": 1}


def test_an_undeclared_name_is_text_unless_an_external_dtd_may_declare_it() -> None:
    urls = """<url><loc>https://news.example.com/a/&section;/story</loc></url>
    <url><loc>https://news.example.com/b?x=1&amp;y=2&z=3</loc></url></urlset>"""
    plain = parse_sitemap(f"<urlset {NS}>{urls}".encode(), BASE, now=NOW)
    assert [link.url for link in plain.links] == [
        "https://news.example.com/a/&section;/story",
        "https://news.example.com/b?x=1&y=2&z=3",
    ]
    external = f"""<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "https://evil.example/e.dtd">
    <urlset {NS}>{urls}""".encode()
    entries = parse_sitemap(external, BASE, now=NOW)
    assert [link.url for link in entries.links] == ["https://news.example.com/b?x=1&y=2&z=3"]
    assert entries.skipped == {"unresolved_entity": 1}


FEED_ENTITIES = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY sec "world">
<!ENTITY ext SYSTEM "file:///nonexistent/secret">]>
<rss version="2.0"><channel><title>T</title>
<item><title>Caf&eacute;</title><link>https://news.example.com/&sec;/caf&eacute;-story</link></item>
<item><title>Q</title><link>https://news.example.com/q?a=1&b=2&amp;c=3</link></item>
<item><title>X</title><link>https://news.example.com/x-&ext;-tail</link></item>
<item><title>C</title><link><![CDATA[https://news.example.com/cdata?a=1&b=2]]></link></item>
<item><title>Y</title><link>https://news.example.com/y</link><pubDate>not a date</pubDate></item>
</channel></rss>"""


def test_a_feed_link_holding_an_entity_is_read_whole_or_not_at_all() -> None:
    """The issue: a <link> with an entity was fetched cut at the reference."""
    entries = parse_feed(FEED_ENTITIES, BASE, now=NOW)
    assert [link.url for link in entries.links] == [
        "https://news.example.com/world/caf%C3%A9-story",
        "https://news.example.com/q?a=1&b=2&c=3",
        "https://news.example.com/cdata?a=1&b=2",
        "https://news.example.com/y",
    ]
    assert entries.links[0].hints.title == "Café"
    assert entries.skipped == {"unresolved_entity": 1, "date_ignored": 1}


def _big_feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Story {i}</title><link>https://news.example.com/s/{i}</link></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'.encode()


def test_documents_are_read_up_to_max_entries_and_the_rest_counted() -> None:
    entries = parse_feed(_big_feed(1000), BASE, max_entries=300)
    assert len(entries.links) == 300 and entries.links[-1].url.endswith("/s/299")
    assert entries.skipped == {"over_max_feed_entries": 700}
    body = f"<urlset {NS}>" + "".join(
        f"<url><loc>https://news.example.com/u/{i}</loc></url>" for i in range(50)
    )
    sitemap = parse_sitemap((body + "</urlset>").encode(), BASE, max_entries=20)
    assert len(sitemap.links) == 20 and sitemap.skipped == {"over_max_feed_entries": 30}


def test_scope_is_hosts_and_ports() -> None:
    config = parse_config(
        """
sources:
  - name: local
    feeds: ["http://localhost:18802/feed.xml"]
  - name: named
    feeds: ["https://news.example.com/feed.xml"]
    allowed_domains: ["example.com", "media.example.org:8080"]
"""
    )
    local = plan_for(config.sources[0]).scope
    assert local.allows("http://localhost:18802/a")
    assert not local.allows("http://localhost:18803/a")
    assert not local.allows("http://localhost/a")
    named = plan_for(config.sources[1]).scope
    assert named.domains == ["example.com", "media.example.org"]
    assert named.allows("https://www.example.com/a") and named.allows("http://example.com/b")
    assert not named.allows("https://example.com:8443/a")
    assert named.allows("http://media.example.org:8080/x")
    assert not named.allows("https://media.example.org/x")


def test_a_sitemap_date_of_a_year_or_month_is_old_only_once_its_period_is_over() -> None:
    # "2026-03" was read as 2026-03-01: with max_age 2d an entry of this month was
    # skipped as too_old, and the invented day went on as the article's date hint.
    urls = "".join(
        f"<url><loc>https://news.example.com/{name}</loc><lastmod>{date}</lastmod></url>"
        for name, date in (("this-month", "2026-03"), ("last-month", "2026-02"), ("year", "2026"))
    )
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    now = datetime(2026, 3, 20, tzinfo=UTC)
    entries = parse_sitemap(body, BASE, max_age=timedelta(days=2), now=now)
    assert [link.url for link in entries.links] == [
        "https://news.example.com/this-month",
        "https://news.example.com/year",
    ]
    assert all(link.hints.updated_at is None for link in entries.links)
    assert entries.skipped == {"too_old": 1}


def test_a_json_feed_item_with_odd_values_keeps_its_link_and_a_number_is_no_url() -> None:
    # "authors": 5 lost the whole item as bad_entry; "url": 123 was requested as /123.
    body = (
        b'{"items": [{"url": "/a/odd-authors", "authors": 5, "title": "Odd"},'
        b' {"url": 123, "title": "Number"}, {"url": "/a/old-author", "author": {"name": "Al"}}]}'
    )
    entries = parse_feed(body, BASE, now=NOW)
    assert [link.url for link in entries.links] == [
        "https://news.example.com/a/odd-authors",
        "https://news.example.com/a/old-author",
    ]
    assert [link.hints.authors for link in entries.links] == [(), ("Al",)]
    assert entries.skipped == {"no_url": 1}


def test_only_a_feed_of_comments_is_passed_over_by_whole_words() -> None:
    # "comment" anywhere in a title or URL passed over /commentary/feed/, "No
    # Comment Daily" and a UK opinion section's /comment/ feed.
    def page(*links: tuple[str, str]) -> bytes:
        return (
            "".join(
                f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{href}">'
                for title, href in links
            )
            .join(("<html><head>", "</head><body></body></html>"))
            .encode()
        )

    articles = [
        ("Site &raquo; Commentary", "/commentary/feed/"),
        ("No Comment Daily", "/daily.xml"),
        ("Comment is free", "/comment/rss"),
    ]
    comments = [
        ("Site &raquo; Comments Feed", "/feed/"),
        ("Site &raquo; Harbour story Comments Feed", "/2026/harbour-story/feed/"),
        ("Comments on: Harbour story", "/c1.xml"),
        ("Feed", "/comments/feed/"),
        ("Feed", "/comments.xml"),
        ("Feed", "/?feed=comments-rss2"),
        ("Site &raquo; Flux des commentaires", "/fr/feed-c/"),
        ("Kommentare zu: Hafen", "/de/k1.xml"),
        ("Comentarios en: Puerto", "/es/c1.xml"),
    ]
    entries = parse_feed(page(*comments, *articles), BASE)
    assert entries.refused is None
    assert entries.feeds.feeds == [BASE + href.lstrip("/") for _, href in articles]
    assert entries.feeds.comments == [BASE + href.lstrip("/") for _, href in comments]
    only = parse_feed(page(("Comments", "/comments.rss")), BASE)
    assert only.refused == (
        f"an HTML page that declares only comments feeds: {BASE}comments.rss, not a feed"
    )
    assert parse_feed(page(), BASE).refused == "an HTML page that declares no feed, not a feed"
