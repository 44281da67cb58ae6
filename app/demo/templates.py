"""HTML templates of the demo outlets: plain functions returning strings.

Each outlet kind exposes its metadata a different way, because that is what
the parser meets on the real web:

* ``jsonld``    (wire agency)  JSON-LD NewsArticle + OpenGraph + rel=canonical
* ``opengraph`` (metro daily)  OpenGraph / ``<meta>`` only, no JSON-LD
* ``plain``     (city paper)   neither: ``<h1>``, byline ``<div>``, ``<time>``
* ``wordpress`` (island site)  WordPress/Newspaper-theme markup with share bar,
  ads, author box, related block, trending widget, newsletter and comments
* ``regional``  (county paper) schema.org microdata (``itemprop``)

Every value is escaped with :func:`html.escape`; the article body rendered is
exactly ``DemoArticle.body`` (boxes and ads are separate elements), so the
ground truth stays true. No template shows a date for an undated article.

Inside the page templates (triple-quoted f-strings) a line ending in a
backslash continues on the next one: the page has no line break there. That
keeps the source within 100 columns without changing a byte of the output.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.demo.content import (
    DemoArticle,
    OutletSpec,
    PrivatePage,
    articles_by_id,
    articles_of,
    author_bios,
)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def slug(text: str) -> str:
    """URL slug of a section or nav label ("Harbor" -> "harbor")."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _join_names(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def visible_byline(spec: OutletSpec, a: DemoArticle) -> str:
    """The byline text the page shows (an explicit one from the YAML wins)."""
    if a.byline:
        return a.byline
    persons, credits = _join_names(a.authors), _join_names(a.credits)
    if spec.kind == "wordpress":
        return f"Written by {persons or credits}"
    if spec.kind == "plain":
        return f"By {persons}, Staff Writers" if persons else f"From {credits}"
    if persons and credits:
        return f"By {persons}, {credits}"
    return f"By {persons}" if persons else credits


# --- date formats (each outlet has its own house style) -------------------------


def _ampm(dt: datetime, dots: bool = False) -> str:
    hour = dt.hour % 12 or 12
    suffix = ("a.m." if dt.hour < 12 else "p.m.") if dots else ("AM" if dt.hour < 12 else "PM")
    return f"{hour}:{dt.minute:02d} {suffix}"


def _offset(dt: datetime) -> str:
    minutes = int(dt.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"GMT{sign}{h}" + (f":{m:02d}" if m else "")


def fmt_wire(dt: datetime) -> str:
    return f"{dt:%B} {dt.day}, {dt.year} {_ampm(dt)} {_offset(dt)}"


def fmt_metro(dt: datetime) -> str:
    month = dt.strftime("%b") + ("." if dt.month not in (5, 6, 7) else "")
    return f"{month} {dt.day}, {dt.year} at {_ampm(dt, dots=True)}"


def fmt_plain(dt: datetime) -> str:
    u = dt.astimezone(UTC)
    return f"{u:%B} {u.day}, {u.year}, {_ampm(u, dots=True)} UTC"


def fmt_island(dt: datetime) -> str:
    return f"{dt:%B} {dt.day}, {dt.year}"


def fmt_valley(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    suffix = "am" if dt.hour < 12 else "pm"
    return f"{dt:%A} {dt.day} {dt:%B} {dt.year}, {hour}.{dt.minute:02d}{suffix}"


# --- shared pieces ----------------------------------------------------------------

_ANALYTICS = """<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', 'demo'); gtag('config', 'DEMO-0000');
</script>
<script>
  (function () {
    var consent = document.cookie.indexOf('consent=1') !== -1;
    if (!consent) { document.documentElement.className += ' needs-consent'; }
  })();
</script>"""


def _body_html(
    a: DemoArticle,
    paragraph: Callable[[str], str],
    read_more: Callable[[DemoArticle], str],
    extra_after: dict[int, str] | None = None,
) -> str:
    """The body paragraphs, with "Read more" boxes and extras (ads) slotted in."""
    by_id = articles_by_id()
    boxes: dict[int, list[str]] = {}
    for box in a.read_more:
        boxes.setdefault(box.after, []).append(read_more(by_id[box.target]))
    parts = []
    for i, text in enumerate(a.body):
        parts.append(paragraph(text))
        parts.extend(boxes.get(i, ()))
        if extra_after and i in extra_after and i < len(a.body) - 1:
            parts.append(extra_after[i])
    return "\n".join(parts)


def _related(a: DemoArticle) -> list[DemoArticle]:
    by_id = articles_by_id()
    return [by_id[i] for i in a.related_ids]


def _nav(spec: OutletSpec, cls: str = "nav") -> str:
    items = "".join(
        f'<li><a href="/{"" if item == "Home" else slug(item) + "/"}">{esc(item)}</a></li>'
        for item in spec.nav
    )
    return f'<nav class="{cls}" aria-label="Main"><ul>{items}</ul></nav>'


def _page(spec: OutletSpec, title: str, head: str, body: str, css: str, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head}\n<style>{css}</style>\n{_ANALYTICS}\n</head>\n"
        f"{body}\n</html>\n"
    )


@dataclass(frozen=True)
class HousePage:
    """A page about the outlet itself that its pages link to (footer, standards)."""

    path: str
    title: str
    text: str


# The pages the footer links to, and the wire's standards page its articles link to.
# Every outlet serves them all (app.demo.server.build_routes), so no link of its pages
# answers 404: a crawl that follows them (plainpost's listing pages) reported one
# error per page on every demo run.
FOOTER_PAGES = (
    HousePage("/about/", "About us", "An independent newsroom covering the city and beyond."),
    HousePage("/contact/", "Contact", "Write to the newsroom at the address on our front page."),
    HousePage("/privacy/", "Privacy policy", "We keep no data about our readers."),
)
STANDARDS_PAGE = HousePage(
    "/about/standards/", "Our Standards", "Accuracy, independence and fairness, always."
)
HOUSE_PAGES = (*FOOTER_PAGES, STANDARDS_PAGE)


def _footer(spec: OutletSpec, extra: str = "") -> str:
    links = "".join(
        f'<li><a href="{page.path}">{esc(page.title)}</a></li>' for page in FOOTER_PAGES
    )
    return (
        f'<footer class="site-footer"><div class="footer-inner">'
        f"<p>{esc(spec.site_name)} &middot; {esc(spec.tagline)}</p>"
        f'<ul class="footer-links"><li><a href="/">Home</a></li>{links}'
        f'<li><a href="{esc(spec.feed.path)}">Feed</a></li></ul>{extra}'
        f'<p class="copyright">&copy; {esc(spec.site_name)}. All rights reserved.</p>'
        "</div></footer>"
    )


_BASE_CSS = (
    "body{margin:0;font-family:Georgia,serif;color:#222;background:#fff}"
    "a{color:inherit}nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1em}"
    ".site-footer{margin-top:3em;padding:2em;background:#f3f3f3;font-size:.85em}"
    ".footer-links{list-style:none;display:flex;gap:1em;padding:0}"
    "main{max-width:760px;margin:0 auto;padding:1em}"
)


# --- jsonld: the wire agency ------------------------------------------------------


def _jsonld(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    url = base + a.path
    authors: list[dict[str, str]] = [{"@type": "Person", "name": n} for n in a.authors]
    authors += [{"@type": "Organization", "name": n} for n in a.credits]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": a.headline,
        "description": a.standfirst or a.body[0],
        "articleSection": a.section,
        "inLanguage": "en",
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": spec.site_name,
            "logo": {"@type": "ImageObject", "url": base + "/static/logo.png"},
        },
        "articleBody": "\n\n".join(a.body),
    }
    if a.published_local:
        data["datePublished"] = a.published_local.isoformat()
        data["dateModified"] = (a.updated_local or a.published_local).isoformat()
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _og(spec: OutletSpec, a: DemoArticle, url: str, with_dates: bool = True) -> str:
    tags = [
        ("og:type", "article"),
        ("og:site_name", spec.site_name),
        ("og:title", a.headline),
        ("og:description", a.standfirst or a.body[0]),
        ("og:url", url),
        ("og:image", url.rsplit("/", 1)[0] + "/lead.jpg"),
        ("article:section", a.section),
    ]
    if with_dates and a.published_local:
        tags.append(("article:published_time", a.published_local.isoformat()))
        if a.updated_local:
            tags.append(("article:modified_time", a.updated_local.isoformat()))
    return "\n".join(f'<meta property="{k}" content="{esc(v)}">' for k, v in tags)


_WIRE_CSS = _BASE_CSS + (
    ".masthead{background:#0b2545;color:#fff;padding:.6em 1em;display:flex;gap:2em}"
    ".logo{font:700 1.6em/1 Helvetica,Arial,sans-serif;text-decoration:none}"
    ".story-kicker{text-transform:uppercase;color:#c0392b;font:600 .8em Arial}"
    ".story-headline{font:700 2.2em/1.15 Helvetica,Arial,sans-serif}"
    ".story-meta{color:#555;font:.85em Arial;border-top:1px solid #ddd;padding:.5em 0}"
    ".story-body p{font-size:1.1em;line-height:1.6}.related h2{font:700 1em Arial}"
)


def article_jsonld(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    url = base + a.path
    head = (
        f'<meta name="description" content="{esc(a.standfirst or a.body[0])}">\n'
        f'<link rel="canonical" href="{esc(url)}">\n{_og(spec, a, url)}\n{_jsonld(spec, a, base)}'
    )
    dates = ""
    if a.published_local:
        dates = (
            f'<time datetime="{a.published_local.isoformat()}">'
            f"{esc(fmt_wire(a.published_local))}</time>"
        )
        if a.updated_local:
            dates += f' <span class="updated">Updated {esc(fmt_wire(a.updated_local))}</span>'
    related = "".join(
        f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in _related(a)
    )
    body = _body_html(a, lambda t: f'<p data-testid="paragraph">{esc(t)}</p>', lambda r: "")
    standfirst = f'<p class="story-summary">{esc(a.standfirst)}</p>' if a.standfirst else ""
    related_block = (
        f'<section class="related"><h2>Related coverage</h2><ul>{related}</ul></section>'
        if related
        else ""
    )
    page = f"""<body class="article-page">
<header class="masthead"><a class="logo" href="/">{esc(spec.short_name)}</a>{_nav(spec)}
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<main><article class="story">
<div class="story-kicker"><a href="/{slug(a.section)}/">{esc(a.section)}</a></div>
<h1 class="story-headline">{esc(a.headline)}</h1>
{standfirst}
<div class="story-meta"><span class="byline">{esc(visible_byline(spec, a))}</span> {dates}</div>
<div class="story-body">
{body}
</div>
<div class="story-footer"><p class="credit">Editing by the {esc(spec.short_name)} world desk</p>
<p class="standards"><a href="{STANDARDS_PAGE.path}">\
Our Standards: the {esc(spec.short_name)} Trust Principles</a></p></div>
{related_block}
</article></main>
{_footer(spec)}
<script src="/static/wire.js" defer></script>
</body>"""
    return _page(spec, f"{a.headline} | {spec.site_name}", head, page, _WIRE_CSS)


# --- opengraph: the metro daily --------------------------------------------------

_METRO_CSS = _BASE_CSS + (
    ".topbar{border-bottom:3px double #111;text-align:center;padding:1em}"
    ".topbar .logo{font:900 2.4em 'Times New Roman',serif;text-decoration:none}"
    ".byline-block{font:.9em Arial;color:#444}.article-body p{line-height:1.7}"
    ".inline-related{border-left:4px solid #900;padding:.4em 1em;margin:1em 0;font:.9em Arial}"
    ".more-on{border-top:2px solid #111;margin-top:2em}.paywall-note{display:none}"
)


def article_opengraph(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    url = base + a.path
    author_meta = ", ".join(a.authors) or ", ".join(a.credits)
    head = (
        f'<meta name="description" content="{esc(a.standfirst or a.body[0])}">\n'
        f'<meta name="author" content="{esc(author_meta)}">\n{_og(spec, a, url)}\n'
        f'<meta name="twitter:card" content="summary_large_image">\n'
        f'<meta name="twitter:title" content="{esc(a.headline)}">'
    )
    shown = ""
    if a.published_local:
        shown = f'<span class="pubdate">Published {esc(fmt_metro(a.published_local))}</span>'
        if a.updated_local:
            shown += f' <span class="moddate">Updated {esc(fmt_metro(a.updated_local))}</span>'
    body = _body_html(
        a,
        lambda t: f"<p>{esc(t)}</p>",
        lambda r: (
            '<aside class="inline-related"><strong>Read more:</strong> '
            f'<a href="{esc(r.path)}">{esc(r.headline)}</a></aside>'
        ),
    )
    more = "".join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in _related(a))
    standfirst = f'<h2 class="dek">{esc(a.standfirst)}</h2>' if a.standfirst else ""
    more_block = (
        f'<section class="more-on"><h3>More on this story</h3><ul>{more}</ul></section>'
        if more
        else ""
    )
    subscribe = '<p class="subscribe"><a href="/subscribe/">Subscribe from $1 a week</a></p>'
    page = f"""<body>
<div class="topbar"><a class="logo" href="/">{esc(spec.site_name)}</a>\
<p class="tagline">{esc(spec.tagline)}</p>{_nav(spec)}</div>
<main>
<div class="section-label">{esc(a.section)}</div>
<h1>{esc(a.headline)}</h1>
{standfirst}
<div class="byline-block"><span class="byline">{esc(visible_byline(spec, a))}</span> {shown}</div>
<figure class="lead"><img src="lead.jpg" alt="">\
<figcaption>Photo: {esc(spec.short_name)} archive</figcaption></figure>
<div class="article-body">
{body}
</div>
<div class="paywall-note">Subscribe to keep reading.</div>
{more_block}
</main>
{_footer(spec, subscribe)}
</body>"""
    return _page(spec, f"{a.headline} - {spec.site_name}", head, page, _METRO_CSS)


# --- plain: the city paper with no metadata ---------------------------------------

_PLAIN_CSS = _BASE_CSS + (
    "#top{background:#035;color:#fff;padding:1em}#top a{color:#fff}"
    ".byline{font-style:italic;color:#555}.story-text p{line-height:1.6}"
    ".readmore{background:#eef;padding:.5em}"
)


def article_plain(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    when = ""
    if a.published_local:
        u = a.published_local.astimezone(UTC)
        when = f'<time datetime="{u.isoformat()}">{esc(fmt_plain(u))}</time>'
        if a.updated_local:
            v = a.updated_local.astimezone(UTC)
            when += f' &middot; <span class="updated">Updated {esc(fmt_plain(v))}</span>'
    body = _body_html(
        a,
        lambda t: f"<p>{esc(t)}</p>",
        lambda r: (
            '<p class="readmore"><b>Read more:</b> '
            f'<a href="{esc(r.path)}">{esc(r.headline)}</a></p>'
        ),
    )
    page = f"""<body>
<div id="top"><a href="/"><b>{esc(spec.site_name)}</b></a> &mdash; \
{esc(spec.tagline)}{_nav(spec)}</div>
<div id="content">
<h1>{esc(a.headline)}</h1>
<div class="byline">{esc(visible_byline(spec, a))}</div>
<div class="date">{when}</div>
<div class="story-text">
{body}
</div>
<p class="share">Share: <a href="mailto:?subject={esc(a.headline)}">Email</a> | \
<a href="#print" onclick="window.print()">Print</a></p>
</div>
{_footer(spec)}
</body>"""
    return _page(spec, f"{a.headline} - {spec.site_name}", "", page, _PLAIN_CSS)


# --- wordpress: the island site hosting the seed page -----------------------------

_WP_CSS = _BASE_CSS + (
    ".td-header-wrap{background:#111;color:#fff;padding:1em}.td-logo{font:800 2em Arial}"
    ".entry-title{font:700 2em/1.2 Roboto,Arial,sans-serif}"
    ".td-post-sub-title{color:#666;font-size:1.1em}"
    ".entry-meta{font:.8em Arial;color:#777}.entry-meta .label{font-weight:700;margin-right:.3em}"
    ".td-post-sharing a{display:inline-block;padding:.3em .8em;margin-right:.3em;"
    "background:#3b5998;color:#fff}"
    ".ad{background:#f7f7f7;text-align:center;color:#aaa;font:.7em Arial;padding:2em 0;"
    "margin:1em 0}"
    ".read-also{border:1px solid #ddd;padding:.6em;margin:1em 0}"
    ".author-box{border-top:1px solid #eee;padding:1em 0}"
    ".td-related-row a{display:block;margin:.3em 0}"
    ".widget{background:#fafafa;padding:1em;margin:1em 0}"
    ".newsletter{background:#ffe;padding:1em}.comments-area textarea{width:100%}"
)


def _wp_dates(a: DemoArticle) -> str:
    """Published/Updated labels; both stay empty (no date at all) on an undated page."""
    pub = upd = ""
    if a.published_local:
        pub = (
            '<time class="entry-date published" '
            f'datetime="{a.published_local.isoformat()}">'
            f"{esc(fmt_island(a.published_local))}</time>"
        )
    if a.updated_local:
        upd = (
            f'<time class="updated" datetime="{a.updated_local.isoformat()}">'
            f"{esc(fmt_island(a.updated_local))}</time>"
        )
    return (
        f'<span class="posted-on"><span class="label">Published</span> {pub}</span>\n'
        f'<span class="updated-on"><span class="label">Updated</span> {upd}</span>'
    )


def article_wordpress(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    url = base + a.path
    post_id = 4000 + sum(map(ord, a.id)) % 900
    cat = slug(a.section)
    head = (
        '<meta name="generator" content="WordPress 6.5.3">\n'
        f'<link rel="canonical" href="{esc(url)}">\n'
        '<link rel="alternate" type="application/rss+xml" '
        f'title="{esc(spec.site_name)} &raquo; Feed" href="{esc(base + spec.feed.path)}">\n'
        f"{_og(spec, a, url, with_dates=a.published_local is not None)}\n"
        "<script>window._wpemojiSettings = "
        '{"baseUrl":"/wp-includes/images/core/emoji/","ext":".png"};</script>\n'
        "<link rel='stylesheet' id='td-theme-css' "
        "href='/wp-content/themes/Newspaper/style.css' type='text/css' media='all'>"
    )
    author = (a.authors or a.credits or ("Island Pulse",))[0]
    bio = author_bios().get(author, f"{author} is a contributor to {spec.site_name}.")
    body = _body_html(
        a,
        lambda t: f"<p>{esc(t)}</p>",
        lambda r: (
            '<div class="read-also"><strong>Read more:</strong> '
            f'<a href="{esc(r.path)}">{esc(r.headline)}</a></div>'
        ),
        extra_after={
            1: '<div class="ad">Advertisement</div>',
            5: '<div class="ad">Advertisement</div>',
        },
    )
    related = "".join(
        f'<div class="td-related-span4"><a href="{esc(r.path)}" rel="bookmark" '
        f'title="{esc(r.headline)}">{esc(r.headline)}</a></div>'
        for r in _related(a)
    )
    trending = "".join(
        f'<li><a href="{esc(t.path)}">{esc(t.headline)}</a></li>'
        for t in articles_of(spec.name)
        if t.id != a.id
    )
    standfirst = f'<p class="td-post-sub-title">{esc(a.standfirst)}</p>' if a.standfirst else ""
    page = f"""<body class="post-template-default single single-post postid-{post_id} \
single-format-standard td-standard-pack">
<div class="td-header-wrap"><div class="td-logo"><a href="/">{esc(spec.site_name)}</a></div>
<div class="td-header-menu">{_nav(spec, "sf-menu")}</div>
<div class="td-header-ad"><div class="ad">Advertisement</div></div></div>
<div class="td-container">
<div class="td-pb-span8 td-main-content">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish \
format-standard has-post-thumbnail hentry category-{cat}">
<header class="td-post-title">
<ul class="td-category"><li class="entry-category">\
<a href="/category/{cat}/">{esc(a.section)}</a></li></ul>
<h1 class="entry-title">{esc(a.headline)}</h1>
{standfirst}
<div class="td-module-meta-info entry-meta">
<div class="td-post-author-name"><span class="author vcard">Written by \
<a class="url fn n" href="/author/{slug(author)}/">{esc(author)}</a></span></div>
{_wp_dates(a)}
</div>
</header>
<div class="td-post-sharing td-post-sharing-top">
<a class="td-social-facebook" href="#share-facebook">Facebook</a>\
<a class="td-social-twitter" href="#share-x">X</a>
<a class="td-social-whatsapp" href="#share-whatsapp">WhatsApp</a>\
<a class="td-social-mail" href="#share-mail">Email</a>
</div>
<div class="td-post-content entry-content">
{body}
</div>
<div class="newsletter"><h4>Get the Pulse in your inbox</h4><p>Sign up for our free \
morning newsletter with the stories that matter across the islands.</p>
<form action="#subscribe"><input type="email" placeholder="Your email">\
<button>Subscribe</button></form></div>
<div class="author-box td-author-box"><h4 class="block-title">Author Profile</h4>
<div class="td-author-name"><a href="/author/{slug(author)}/">{esc(author)}</a></div>
<div class="td-author-description"><p>{esc(bio)}</p></div></div>
<div class="td-related td_block_related_posts"><h4 class="td-related-title">Related Articles</h4>
<div class="td-related-row">{related}</div></div>
</article>
<div id="comments" class="comments-area"><h3 class="comment-reply-title">Leave a Reply</h3>
<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<form class="comment-form" action="#comment"><textarea name="comment" rows="6"></textarea>\
<input name="author" placeholder="Name*"><button>Post Comment</button></form></div>
</div>
<aside class="td-pb-span4 td-main-sidebar">
<section class="widget trending-widget"><h3 class="widget-title">Trending</h3>\
<ol>{trending}</ol></section>
<section class="widget"><div class="ad">Advertisement</div></section>
</aside>
</div>
{_footer(spec)}
<script src="/wp-includes/js/jquery/jquery.min.js"></script>
<script src="/wp-content/themes/Newspaper/js/tagdiv_theme.min.js"></script>
</body>"""
    return _page(spec, f"{a.headline} - {spec.site_name}", head, page, _WP_CSS, lang="en-US")


# --- regional: the county paper with microdata ---------------------------------------

_VALLEY_CSS = _BASE_CSS + (
    ".gz-masthead{text-align:center;border-bottom:1px solid #333;padding:1em}"
    ".gz-masthead .name{font:700 2.6em 'Playfair Display',serif}.breadcrumb{font:.8em Arial}"
    ".gz-body p{line-height:1.65}.gz-meta{font:.85em Arial;color:#555}"
    ".print-edition{background:#eee;padding:1em}"
)


def article_regional(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    url = base + a.path
    people = "".join(
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<span itemprop="name">{esc(n)}</span></span>'
        for n in a.authors
    )
    orgs = "".join(
        '<span itemprop="author" itemscope itemtype="https://schema.org/Organization">'
        f'<span itemprop="name">{esc(n)}</span></span>'
        for n in a.credits
    )
    who = "By " + people + (", " if people and orgs else "") + orgs
    when = ""
    if a.published_local:
        when = (
            f'<time itemprop="datePublished" datetime="{a.published_local.isoformat()}">'
            f"{esc(fmt_valley(a.published_local))}</time>"
        )
        if a.updated_local:
            when += (
                f' <time itemprop="dateModified" datetime="{a.updated_local.isoformat()}">'
                f"(updated {esc(fmt_valley(a.updated_local))})</time>"
            )
    section_title = dict(spec.sections).get(a.section, a.section.title())
    body = _body_html(a, lambda t: f"<p>{esc(t)}</p>", lambda r: "")
    related = "".join(
        f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in _related(a)
    )
    standfirst = (
        f'<p class="standfirst" itemprop="description">{esc(a.standfirst)}</p>'
        if a.standfirst
        else ""
    )
    head = (
        f'<link rel="canonical" href="{esc(url)}">\n'
        f'<link rel="alternate" type="application/atom+xml" href="{esc(base + spec.feed.path)}">'
    )
    page = f"""<body>
<header class="gz-masthead"><div class="name"><a href="/">{esc(spec.site_name)}</a></div>\
<p>{esc(spec.tagline)}</p>{_nav(spec)}</header>
<main>
<p class="breadcrumb"><a href="/">Home</a> &rsaquo; \
<a href="/{esc(a.section)}/">{esc(section_title)}</a></p>
<article itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="mainEntityOfPage" content="{esc(url)}">
<h1 itemprop="headline">{esc(a.headline)}</h1>
{standfirst}
<div class="gz-meta">{who} {when}</div>
<div class="gz-body" itemprop="articleBody">
{body}
</div>
{f'<aside class="also"><h3>Related</h3><ul>{related}</ul></aside>' if related else ""}
</article>
<aside class="print-edition">Read this and more in Thursday's print edition of the Gazette, \
in shops across the valley.</aside>
</main>
{_footer(spec)}
</body>"""
    return _page(spec, f"{a.headline} | {spec.site_name}", head, page, _VALLEY_CSS, lang="en-GB")


ARTICLE_TEMPLATES: dict[str, Callable[[OutletSpec, DemoArticle, str], str]] = {
    "jsonld": article_jsonld,
    "opengraph": article_opengraph,
    "plain": article_plain,
    "wordpress": article_wordpress,
    "regional": article_regional,
}

_LISTING_CSS = {
    "jsonld": _WIRE_CSS,
    "opengraph": _METRO_CSS,
    "plain": _PLAIN_CSS,
    "wordpress": _WP_CSS,
    "regional": _VALLEY_CSS,
}


def render_article(spec: OutletSpec, a: DemoArticle, base: str) -> str:
    """The article page of ``a`` on outlet ``spec`` served at ``base``."""
    return ARTICLE_TEMPLATES[spec.kind](spec, a, base)


def render_listing(
    spec: OutletSpec,
    title: str,
    items: list[DemoArticle],
    *,
    page: int = 1,
    pages: int = 1,
    page_url: Callable[[int], str] = lambda n: "/" if n == 1 else f"/page/{n}/",
    extra_links: Iterable[PrivatePage] = (),
) -> str:
    """A home or section page: headlines linking to articles, with pagination links."""
    entries = []
    for a in items:
        date = ""
        if a.published_local:
            date = f' <span class="date">{esc(fmt_island(a.published_local))}</span>'
        teaser = a.standfirst or a.body[0]
        entries.append(
            f'<li class="teaser"><h2><a href="{esc(a.path)}">{esc(a.headline)}</a></h2>{date}'
            f"<p>{esc(teaser)}</p></li>"
        )
    pager = []
    if page > 1:
        pager.append(f'<a rel="prev" href="{page_url(page - 1)}">Newer stories</a>')
    if page < pages:
        pager.append(f'<a rel="next" class="next" href="{page_url(page + 1)}">Older stories</a>')
    staff = "".join(
        f'<li><a href="{esc(p.path)}">Staff: {esc(p.title)}</a></li>' for p in extra_links
    )
    sections = "".join(f'<li><a href="/{key}/">{esc(t)}</a></li>' for key, t in spec.sections)
    body = f"""<body class="listing">
<header class="masthead"><a class="logo" href="/">{esc(spec.site_name)}</a>{_nav(spec)}</header>
<main>
<h1>{esc(title)}</h1>
{f'<ul class="sections">{sections}</ul>' if sections else ""}
<ul class="teasers">
{chr(10).join(entries)}
</ul>
<div class="pagination">{" ".join(pager)}</div>
{f'<ul class="staff-links">{staff}</ul>' if staff else ""}
</main>
{_footer(spec)}
</body>"""
    heading = title if title == spec.site_name else f"{title} | {spec.site_name}"
    return _page(spec, heading, "", body, _LISTING_CSS[spec.kind])


def render_house_page(spec: OutletSpec, page: HousePage) -> str:
    """One of :data:`HOUSE_PAGES`: a heading, a line of text, the outlet's footer."""
    body = (
        f"<body><main><h1>{esc(page.title)}</h1><p>{esc(page.text)}</p></main>"
        f"{_footer(spec)}</body>"
    )
    return _page(spec, f"{page.title} - {spec.site_name}", "", body, _BASE_CSS)


def render_private(spec: OutletSpec, page: PrivatePage) -> str:
    """A page robots.txt forbids; it exists so tests can prove it was not fetched."""
    body = f"<body><main><h1>{esc(page.title)}</h1><p>{esc(page.text)}</p></main></body>"
    return _page(
        spec,
        f"{page.title} - {spec.site_name}",
        '<meta name="robots" content="noindex">',
        body,
        _BASE_CSS,
    )
