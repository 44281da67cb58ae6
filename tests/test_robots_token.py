"""``aggregator.config.values.robots_token_of``: the crawler's name in robots.txt, read from
its user agent as RFC 9309 §2.2.1 means the product token."""

from __future__ import annotations

import pytest

from aggregator.config.values import robots_token_of


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [
        ("newsagg/0.2.0 (+https://github.com/newsagg/newsagg)", "newsagg"),
        ("Mozilla/5.0 (compatible; AcmeNewsBot/1.0; +https://acme.example/bot)", "AcmeNewsBot"),
        (
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; "
            "+http://www.google.com/bot.html) Chrome/130.0 Safari/537.36",
            "Googlebot",
        ),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15", "Mozilla"),
        ("Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)", "Mozilla"),
        ("", "*"),
    ],
)
def test_robots_token_of(user_agent: str, token: str) -> None:
    assert robots_token_of(user_agent) == token
