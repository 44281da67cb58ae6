"""``aggregator.robots_meta.keep_refusal``: whether a page asks not to be kept, read as a
pure function of its headers and bytes."""

from __future__ import annotations

import pytest

from aggregator.robots_meta import KeepRefusal, keep_refusal


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
    ],
)
def test_keep_refusal(headers: list[str], html: bytes, expected: KeepRefusal | None) -> None:
    assert keep_refusal(headers, html, "newsagg") == expected
