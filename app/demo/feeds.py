"""Feeds, sitemaps and robots.txt of the demo outlets.

All URLs are absolute and built from the outlet's real base URL (the actual
port), because a crawler follows them as given. An undated article (the seed
page) is listed without any date element, so no date reaches the parser
through a feed or sitemap hint either.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from app.demo.content import SITE_EPOCH, DemoArticle, OutletSpec

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"

_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def latest(articles: list[DemoArticle]) -> datetime:
    """Newest publication or update time among ``articles`` (UTC)."""
    stamps = [d for a in articles for d in (a.published_at, a.updated_at) if d is not None]
    return max(stamps, default=SITE_EPOCH)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rss(spec: OutletSpec, articles: list[DemoArticle], base: str) -> str:
    """RSS 2.0 with one item per article (no pubDate for undated ones)."""
    items = []
    for a in articles:
        url = base + a.path
        parts = [
            f"<title>{escape(a.headline)}</title>",
            f"<link>{escape(url)}</link>",
            f'<guid isPermaLink="true">{escape(url)}</guid>',
            f"<description>{escape(a.standfirst or a.body[0])}</description>",
            f"<category>{escape(a.section)}</category>",
        ]
        if a.published_local:
            parts.append(f"<pubDate>{format_datetime(a.published_local)}</pubDate>")
        if a.authors:
            parts.append(f"<dc:creator>{escape(', '.join(a.authors))}</dc:creator>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        _XML_DECL + '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(spec.site_name)}</title>\n<link>{escape(base)}/</link>\n"
        f"<description>{escape(spec.tagline)}</description>\n<language>en</language>\n"
        f'<atom:link href={quoteattr(base + spec.feed.path)} rel="self" '
        'type="application/rss+xml"/>\n'
        f"<lastBuildDate>{format_datetime(latest(articles))}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )


def atom(spec: OutletSpec, articles: list[DemoArticle], base: str) -> str:
    """Atom 1.0; every entry here is dated (Atom requires <updated>)."""
    entries = []
    for a in articles:
        url = base + a.path
        stamp = a.updated_at or a.published_at or SITE_EPOCH
        authors = "".join(
            f"<author><name>{escape(n)}</name></author>" for n in a.authors + a.credits
        )
        published = f"<published>{_iso(a.published_at)}</published>" if a.published_at else ""
        entries.append(
            f"<entry><title>{escape(a.headline)}</title>"
            f'<link rel="alternate" href={quoteattr(url)}/>'
            f"<id>{escape(url)}</id>{published}<updated>{_iso(stamp)}</updated>{authors}"
            f"<summary>{escape(a.standfirst or a.body[0])}</summary></entry>"
        )
    return (
        _XML_DECL + '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(spec.site_name)}</title>\n<subtitle>{escape(spec.tagline)}</subtitle>\n"
        f'<link rel="self" href={quoteattr(base + spec.feed.path)}/>\n'
        f'<link rel="alternate" href={quoteattr(base + "/")}/>\n'
        f"<id>{escape(base)}/</id>\n<updated>{_iso(latest(articles))}</updated>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    )


def news_sitemap(spec: OutletSpec, articles: list[DemoArticle], base: str) -> str:
    """Google News sitemap: news:publication_date and news:title per URL."""
    urls = []
    for a in articles:
        date = (
            f"<news:publication_date>{a.published_local.isoformat()}</news:publication_date>"
            if a.published_local
            else ""
        )
        urls.append(
            f"<url><loc>{escape(base + a.path)}</loc><news:news><news:publication>"
            f"<news:name>{escape(spec.site_name)}</news:name><news:language>en</news:language>"
            f"</news:publication>{date}<news:title>{escape(a.headline)}</news:title>"
            "</news:news></url>"
        )
    return (
        _XML_DECL + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def urlset(articles: list[DemoArticle], base: str) -> str:
    """Plain sitemap; lastmod only where the article is dated."""
    urls = []
    for a in articles:
        stamp = a.updated_at or a.published_at
        lastmod = f"<lastmod>{_iso(stamp)}</lastmod>" if stamp else ""
        urls.append(f"<url><loc>{escape(base + a.path)}</loc>{lastmod}</url>")
    return (
        _XML_DECL
        + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def sitemap_index(children: list[tuple[str, datetime]], base: str) -> str:
    """Sitemap index pointing at child sitemaps (path, lastmod)."""
    entries = "\n".join(
        f"<sitemap><loc>{escape(base + path)}</loc><lastmod>{_iso(stamp)}</lastmod></sitemap>"
        for path, stamp in children
    )
    return (
        _XML_DECL
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + entries
        + "\n</sitemapindex>\n"
    )


def robots_txt(spec: OutletSpec, base: str) -> str:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in spec.robots_disallow]
    lines += ["", f"Sitemap: {base}/sitemap.xml", ""]
    return "\n".join(lines)
