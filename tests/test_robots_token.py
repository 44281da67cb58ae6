"""``aggregator.config.values.robots_token_of``: the crawler's name in robots.txt, read from
its user agent as RFC 9309 §2.2.1 means the product token."""

from __future__ import annotations

import pytest

from aggregator.config import parse_config
from aggregator.config.values import robots_token_of, robots_token_problem


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
        # Review 48b F4: one rule on every path, digits allowed (real crawlers' names).
        ("MJ12bot/1.4", "MJ12bot"),
        ("Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", "MJ12bot"),
        ("newsagg2/0.1 (+https://example.org)", "newsagg2"),
        ("newsagg (+https://example.org/bot)", "newsagg"),
        # Read up to the first character the rule refuses, and said (below).
        ("Acme News Bot/1.0 (+https://acme.example)", "Acme"),
        ("Acme.Bot/1.0", "Acme"),
    ],
)
def test_robots_token_of(user_agent: str, token: str) -> None:
    assert robots_token_of(user_agent) == token


@pytest.mark.parametrize(
    "user_agent",
    [
        "newsagg/0.2.0 (+https://github.com/newsagg/newsagg)",
        "MJ12bot/1.4",
        "Mozilla/5.0 (compatible; MJ12bot/1.4; +http://mj12bot.com/)",
        "newsagg (+https://example.org/bot)",
    ],
)
def test_a_crawlers_own_name_gets_no_notice(user_agent: str) -> None:
    assert robots_token_problem(user_agent) is None


BASE = "sources: [{name: a, feeds: ['http://127.0.0.1:9/f.xml']}]\n"


@pytest.mark.parametrize(
    ("user_agent", "said"),
    [
        (
            "Acme News Bot/1.0 (+https://acme.example)",
            "its first product 'Acme News Bot' has spaces, so robots.txt and robots meta "
            "tags are read for 'Acme' only",
        ),
        (
            "Acme.Bot/1.0",
            "its first product 'Acme.Bot' is no robots token (letters, digits, '_' and '-'), "
            "so robots.txt and robots meta tags are read for 'Acme'",
        ),
    ],
)
def test_a_user_agent_read_short_is_said_on_load(user_agent: str, said: str) -> None:
    """Review 48b F4: "Acme News Bot/1.0" gave the token "Acme" without a word."""
    config = parse_config(f"user_agent: '{user_agent}'\n" + BASE, where="config.yaml")
    (notice,) = config.notices
    assert notice.startswith(f"config.yaml:1: user_agent: {said}: set robots_token"), notice
    given = parse_config(f"user_agent: '{user_agent}'\nrobots_token: AcmeNewsBot\n" + BASE)
    assert given.notices == () and given.robots_agent == "AcmeNewsBot"


@pytest.mark.parametrize("token", ["MJ12bot", "newsagg2", "360Spider", "acme_news-bot"])
def test_robots_token_key_takes_digits(token: str) -> None:
    assert parse_config(f"robots_token: {token}\n" + BASE).robots_agent == token


@pytest.mark.parametrize("token", ["'Acme Bot'", "Acme.Bot", "'Acme/1.0'"])
def test_robots_token_key_refuses_what_no_token_has(token: str) -> None:
    with pytest.raises(Exception, match="robots_token.*letters, digits, '_' and '-' only"):
        parse_config(f"robots_token: {token}\n" + BASE)
