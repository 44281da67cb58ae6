"""The value types of config.yaml and their checks, and ``Model``, the base of every section.
A check raises ValueError with the words the loader shows after the field's path."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict

from aggregator.selectors import compile_selector

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_LONGEST = timedelta(days=3660)  # beyond ten years a duration is a typo
# The name of a source or an alert: used on the command line, stored with each article.
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
# The name of an environment variable (an alert's secret_env).
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
# What each pattern a key must match allows, in words: an operator reads the error, and
# a regular expression is not what to show them.
_PATTERN_WORDS = {
    NAME_PATTERN: "expected a name of 1 to 64 lowercase letters a-z, digits, '-' and '_', "
    "starting with a letter or digit",
    ENV_NAME_PATTERN: "expected an environment variable's name: letters, digits and '_', "
    "not starting with a digit",
}


def pattern_mismatch(pattern: str, value: Any) -> str:
    """The error of ``value`` not matching ``pattern``, in words; for a name, the name it
    could be (``Alpha News`` -> ``alpha-news``)."""
    words = _PATTERN_WORDS.get(pattern)
    if words is None:
        return f"expected text matching {pattern}"
    if pattern == NAME_PATTERN and isinstance(value, str):
        written = re.sub(r"[^a-z0-9_-]+", "-", value.strip().lower()).strip("-_")[:64]
        if written and re.match(NAME_PATTERN, written):
            words += f" (such as '{written}')"
    return words


class DurationTooLong(ValueError):
    """A duration written right but longer than any a config or command means."""


def parse_duration(value: Any) -> timedelta:
    """'15m', '2h', '30s', '1d' or a number of seconds, as a timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 12:30 as the number 750: refuse bare numbers.
        raise ValueError(
            "expected a duration with a unit such as 30s, 15m, 2h or 1d, not a bare number"
        )
    if isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    else:
        raise ValueError("expected a duration such as 30s, 15m, 2h or 1d")
    if seconds > _LONGEST.total_seconds():
        raise DurationTooLong("expected a duration of at most 3660d")
    return timedelta(seconds=seconds)


def bare_seconds(value: Any) -> Any:
    """A key taking seconds as a number (``download_delay: 2``): a duration written there
    (``2s``) is named as such, not as pydantic's "unable to parse string as a number"."""
    if isinstance(value, str) and _DURATION.match(value):
        raise ValueError(
            f"takes seconds as a bare number (such as 2 or 0.5), not a duration such as {value!r}"
        )
    return value


def positive_duration(value: Any) -> timedelta:
    """A duration above zero (an interval, a timeout), parsed as :func:`parse_duration`."""
    duration = parse_duration(value)
    if duration.total_seconds() <= 0:
        raise ValueError("expected a positive duration such as 15m")
    return duration


def non_negative_duration(value: Any) -> timedelta:
    """A duration of zero or more (a jitter, a wait), parsed as :func:`parse_duration`."""
    duration = parse_duration(value)
    if duration.total_seconds() < 0:
        raise ValueError("expected a duration of zero or more")
    return duration


def format_duration(value: timedelta) -> str:
    """A duration in the largest unit that divides it ('30m', '2h', '1d'), else in seconds."""
    seconds = value.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def database_path(value: Any) -> Any:
    """A database path with ``~`` expanded to the home folder. ``$VARS`` are not expanded
    (a unit's environment is not the shell's): a ``$`` is refused, never a folder of that
    name made in the current directory."""
    if not isinstance(value, str | Path):
        return value
    if "$" in str(value):
        raise ValueError(
            "environment variables are not expanded here: write the path out (~ is the home folder)"
        )
    return Path(value).expanduser()


def check_http_url(value: str) -> str:
    """An absolute http(s) URL with a valid port, if any, stripped of surrounding blanks."""
    if not isinstance(value, str):
        raise ValueError("expected an http(s) URL")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("expected an absolute http(s) URL such as https://example.com/feed.xml")
    check_port(parts)
    return value.strip()


def check_port(parts: SplitResult) -> None:
    """A URL's port, when it gives one, is 1 to 65535 (urlsplit checks it only when read)."""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ValueError("expected a port from 1 to 65535 (or none)")


HttpUrl = Annotated[str, AfterValidator(check_http_url)]


_HOST_PORT = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$")


def _check_host_port(value: str) -> str:
    if not isinstance(value, str) or not (m := _HOST_PORT.match(value.strip().lower())):
        raise ValueError("expected a host name, optionally with a port (example.com:8080)")
    if m.group(1) and not 1 <= int(m.group(1)) <= 65535:
        raise ValueError("expected a port from 1 to 65535")
    return value.strip().lower()


HostPort = Annotated[str, AfterValidator(_check_host_port)]


_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an RFC 9110 token
# Headers the crawl sets itself: the source's user_agent, the conditional GET's
# validators, what the downloader negotiates, and what framing depends on.
_OWN_HEADERS = {
    "user-agent": "give it as the source's user_agent",
    "if-none-match": "the crawl sends it for a stored page",
    "if-modified-since": "the crawl sends it for a stored page",
    "accept-encoding": "the downloader negotiates it",
    "host": "it comes from the URL",
    "content-length": "it is set per request",
    "transfer-encoding": "it is set per request",
    "connection": "it is set per connection",
}


def _check_headers(value: dict[str, str]) -> dict[str, str]:
    seen: set[str] = set()
    for name, header in value.items():
        if not _HEADER_NAME.match(name):
            raise ValueError(f"{name!r} is not an HTTP header name")
        if (why := _OWN_HEADERS.get(name.lower())) is not None:
            raise ValueError(f"header {name!r} cannot be set here: {why}")
        if name.lower() in seen:
            raise ValueError(f"header {name!r} is given twice")
        seen.add(name.lower())
        if any(c in header for c in "\r\n\0"):
            raise ValueError(f"header {name!r}: a value cannot hold a line break or NUL")
        if not header.isascii():
            # Sent as UTF-8, read by servers as Latin-1: "café" arrives as "cafÃ©".
            raise ValueError(f"header {name!r}: a value must be ASCII (percent-encode it)")
    return value


RequestHeaders = Annotated[dict[str, str], AfterValidator(_check_headers)]


def _check_user_agent(value: str) -> str:
    if not value.strip() or any(c in value for c in "\r\n\0"):
        raise ValueError("expected a non-empty user agent on one line")
    return value.strip()


UserAgent = Annotated[str, AfterValidator(_check_user_agent)]

# A crawler's robots token: the name robots.txt groups and robots meta tags are matched
# on. RFC 9309 §2.2.1 gives letters, "_" and "-"; digits are allowed too, as real crawlers'
# names have them (MJ12bot, 360Spider, the "008" crawler) and robots.txt files name them
# so, and Protego, our robots.txt parser, matches such a group by the whole name.
_PRODUCT_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_TOKEN_RULE = "letters, digits, '_' and '-'"
# The first product of a browser's user agent, and of a bot's that copies one ("Mozilla/5.0
# (compatible; Googlebot/2.1; +…)"): robots.txt groups for them are browsers', not ours.
BROWSER_TOKENS = frozenset({"mozilla", "opera", "applewebkit", "gecko", "chrome", "safari"})
_COMMENT = re.compile(r"\(([^()]*)\)")


def robots_token_of(user_agent: str) -> str:
    """The product token of a user agent, as robots.txt groups name a crawler (RFC 9309
    §2.2.1): the first product's name ("newsagg" of "newsagg/0.2 (+…)"), or, when that
    is a browser's, the product after "compatible;" in a comment, as bots that copy a
    browser's form write theirs ("AcmeNewsBot" of "Mozilla/5.0 (compatible;
    AcmeNewsBot/1.0; +…)"). A first product that is no robots token is read up to its
    first character the rule refuses ("Acme" of "Acme News Bot/1.0", said by
    :func:`robots_token_problem`). "*" for an empty one."""
    first = _first_product(user_agent)
    if first.lower() in BROWSER_TOKENS and (named := _compatible_product(user_agent)):
        return named
    return _token_part(first) or "*"


def robots_token_problem(user_agent: str) -> str | None:
    """Why the robots token read from ``user_agent`` is not the crawler's own name, in one
    line: a browser's ("Mozilla"), or a first product with spaces ("Acme News Bot/1.0")
    or with characters no robots token has ("Acme.Bot/1.0"); None when it is one."""
    token, first = robots_token_of(user_agent), _first_product(user_agent)
    before_version = user_agent.strip().split("/", 1)[0].split()
    # "newsagg (+URL)": a comment follows the product; "Acme News Bot/1.0": words do.
    spaced = len(before_version) > 1 and not before_version[1].startswith("(")
    fix = "set robots_token to the crawler's name, or write user_agent as 'Name/1.0 (+URL)'"
    if token.lower() in BROWSER_TOKENS:
        return (
            f"user_agent: its product token '{token}' is a browser's, so robots.txt would be "
            "read for browsers, not for this crawler: set robots_token to the crawler's "
            "name, or write user_agent as 'Name/1.0 (+URL)' or 'Mozilla/5.0 (compatible; "
            "Name/1.0; +URL)'"
        )
    if spaced:
        return (
            f"user_agent: its first product '{' '.join(before_version)}' has spaces, so "
            f"robots.txt and robots meta tags are read for '{token}' only: {fix}"
        )
    if _token_part(first) != first:
        return (
            f"user_agent: its first product '{first}' is no robots "
            f"token ({_TOKEN_RULE}), so robots.txt and robots meta tags are read for "
            f"'{token}': {fix}"
        )
    return None


def _first_product(user_agent: str) -> str:
    """The name of a user agent's first product, up to its version or a space."""
    words = user_agent.strip().split("/", 1)[0].split()
    return words[0] if words else ""


def _token_part(name: str) -> str:
    """``name`` up to its first character a robots token has not."""
    match = _PRODUCT_TOKEN.match(name)
    return match.group() if match else ""


def _compatible_product(user_agent: str) -> str | None:
    """The product after "compatible;" in a comment, when its name is a robots token."""
    comments: list[str] = _COMMENT.findall(user_agent)
    for comment in comments:
        parts = [part.strip() for part in comment.split(";")]
        for before, after in zip(parts, parts[1:], strict=False):
            name = after.split("/", 1)[0].strip()
            if before.lower() == "compatible" and _PRODUCT_TOKEN.fullmatch(name):
                return name
    return None


def _check_robots_token(value: str) -> str:
    value = value.strip()
    if not _PRODUCT_TOKEN.fullmatch(value):
        raise ValueError(f"expected the crawler's product token: {_TOKEN_RULE} only")
    if value.lower() in BROWSER_TOKENS:
        raise ValueError(
            f"'{value}' is a browser's product token: robots.txt groups for it are not "
            "this crawler's; give the crawler's own name"
        )
    return value


RobotsToken = Annotated[str, AfterValidator(_check_robots_token)]


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    return value


Regex = Annotated[str, AfterValidator(_check_regex)]


def _check_selector(value: str) -> str:
    """'css:…', 'xpath:…' or a bare CSS selector; checked by compiling it."""
    try:
        compile_selector(value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    return value


Selector = Annotated[str, AfterValidator(_check_selector)]

_PARSER_SPEC = re.compile(r"^(?:[A-Za-z_][\w.]*|[^:]+\.py):[A-Za-z_][\w.]*$")


def _check_parser_spec(value: str) -> str:
    if not _PARSER_SPEC.match(value):
        raise ValueError("expected module:Name or path/to/file.py:Name")
    return value


ParserSpec = Annotated[str, AfterValidator(_check_parser_spec)]


def _check_timezone(value: str) -> str:
    # "localtime" names whatever /etc/localtime is on the host reading the file: two
    # hosts of one cluster would read one config in two zones.
    if value.lower() == "localtime":
        raise ValueError("expected an IANA time zone such as UTC or Europe/Berlin, not the host's")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("expected an IANA time zone such as UTC or Europe/Berlin") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]


class Model(BaseModel):
    """A section of config.yaml: an unknown key is refused, and it is frozen once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
