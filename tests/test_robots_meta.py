"""``aggregator.robots_meta.keep_refusal``: whether a page asks not to be kept, read as a
pure function of its headers and bytes."""

from __future__ import annotations

import pytest

from aggregator.robots_meta import KeepRefusal, keep_refusal, refusals_said


def page(head: str = "", body: str = "<p>Text</p>") -> bytes:
    html = f"<!doctype html><html><head><title>T</title>{head}</head><body>{body}</body></html>"
    return html.encode()


@pytest.mark.parametrize(
    ("headers", "html", "expected"),
    [
        (["noarchive"], page(), KeepRefusal("noarchive", "X-Robots-Tag", "noarchive")),
        (["NoIndex, NoFollow"], page(), KeepRefusal("noindex", "X-Robots-Tag", "noindex")),
        (["newsagg: none"], page(), KeepRefusal("noindex", "X-Robots-Tag", "none")),
        (["NEWSAGG:noarchive"], page(), KeepRefusal("noarchive", "X-Robots-Tag", "noarchive")),
        (["googlebot: noindex"], page(), None),
        (["unavailable_after: 25 Jun 2010 15:00:00 PST"], page(), None),
        (["nosnippet", "max-snippet: 0"], page(), None),
        (
            [],
            page('<meta name="robots" content="noarchive">'),
            KeepRefusal("noarchive", '<meta name="robots">', "noarchive"),
        ),
        (
            [],
            page("<META NAME=ROBOTS CONTENT='none'>"),
            KeepRefusal("noindex", '<meta name="robots">', "none"),
        ),
        (
            [],
            page('<meta content="noindex" name="newsagg" />'),
            KeepRefusal("noindex", '<meta name="newsagg">', "noindex"),
        ),
        ([], page('<meta name="googlebot" content="noindex">'), None),
        ([], page('<meta name="robots" content="index, follow">'), None),
        # In the body, a robots meta tag is text an article quotes, not the page's word.
        ([], page(body='<pre><meta name="robots" content="noindex"></pre>'), None),
        # Review 48b F2: what only looks like a tag in the head is no element of it.
        ([], page('<!-- staging: <meta name="robots" content="noindex"> -->'), None),
        ([], page('<script>var t = \'<meta name="robots" content="none">\';</script>'), None),
        ([], page('<noscript><meta name="robots" content="noarchive"></noscript>'), None),
        ([], page('<style>/* <meta name="robots" content="noindex"> */</style>'), None),
        # A script writing "<body>" does not end the head: the real tag after it counts.
        (
            [],
            page('<script>document.write("<body>")</script><meta name="robots" content="none">'),
            KeepRefusal("noindex", '<meta name="robots">', "none"),
        ),
        # A template's stray element in the head does not end it before <body>.
        (
            [],
            page('<input type="hidden" name="pageType"><meta name="robots" content="noarchive">'),
            KeepRefusal("noarchive", '<meta name="robots">', "noarchive"),
        ),
        # An attribute value holding ">" does not end the tag.
        (
            [],
            page('<meta data-x="a>b" name="robots" content="noarchive">'),
            KeepRefusal("noarchive", '<meta name="robots">', "noarchive"),
        ),
        # A robots token with digits scopes a header to it.
        (["newsagg2: noindex"], page(), None),
    ],
)
def test_keep_refusal(headers: list[str], html: bytes, expected: KeepRefusal | None) -> None:
    assert keep_refusal(headers, html, "newsagg") == expected


NO_BODY_HEAD = "<!doctype html><html><head><title>T</title>{head}</head>"
QUOTED = '<article><h1>Robots</h1><p>Write <meta name="robots" content="noindex"> to hide.</p>'


def test_a_page_without_a_body_tag_ends_its_head_at_its_first_body_element() -> None:
    """Review 48b F2: with no ``<body``, a tag the article quotes (in the first 256 KB) was
    read as the page's; the head ends where a browser starts the body."""
    plain = (NO_BODY_HEAD.format(head="") + QUOTED).encode()
    assert keep_refusal([], plain, "newsagg") is None
    no_article = (NO_BODY_HEAD.format(head="") + '<p><meta name="robots" content="none">').encode()
    assert keep_refusal([], no_article, "newsagg") is None
    real = NO_BODY_HEAD.format(head='<meta name="robots" content="noarchive">') + QUOTED
    assert keep_refusal([], real.encode(), "newsagg") == KeepRefusal(
        "noarchive", '<meta name="robots">', "noarchive"
    )


def test_a_token_with_digits_is_matched() -> None:
    html = page('<meta name="MJ12bot" content="noindex">')
    assert keep_refusal([], html, "mj12bot") == KeepRefusal(
        "noindex", '<meta name="mj12bot">', "noindex"
    )
    assert keep_refusal(["MJ12bot: noarchive"], page(), "MJ12bot") == KeepRefusal(
        "noarchive", "X-Robots-Tag", "noarchive"
    )


def test_refusals_are_said_with_the_key_that_stores_them() -> None:
    errors = {"http_4xx": 2, "robots_noindex": 3, "robots_noarchive": 2}
    said = refusals_said(errors)
    assert said == (
        "5 article pages asked not to be kept and were not stored (robots_noarchive 2, "
        "robots_noindex 3); politeness.obey_robots_meta: false stores them, only with the "
        "site's licence"
    )
    assert refusals_said({"http_4xx": 2}) is None
