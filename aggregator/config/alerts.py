"""Alerts: saved searches that fire once per new story they match, and how they are delivered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator

from aggregator.config.values import (
    ENV_NAME_PATTERN,
    NAME_PATTERN,
    Model,
    check_http_url,
    positive_duration,
)
from aggregator.page_kinds import KindWordError, read_kinds
from aggregator.schema import Kind
from aggregator.search_query import parse_query


class Alert(Model):
    """A saved search that fires once per new story it matches (docs/configuration.md)."""

    name: str = Field(pattern=NAME_PATTERN)
    # Matched as `aggregator search` matches it (aggregator.search_query): words, phrases,
    # prefixes, OR and exclusions, in headline or body.
    query: str
    sources: list[str] = []
    min_outlets: int = Field(1, ge=1)
    # Only stories with a copy of these page kinds, written as `--kind` reads them
    # (aggregator.page_kinds): [opinion, review], or [-sponsored] for every other kind.
    # None (not given, or an empty list): every kind.
    kinds: tuple[Kind, ...] | None = None
    # Fire when a story first matches even below min_outlets, and again when it reaches them.
    early: bool = False
    # "atom" (a feed served by `aggregator serve` at /alerts/NAME.atom) or a webhook URL.
    target: str
    # A webhook's HMAC-SHA256 key: in the file, or (better) named by an environment variable.
    secret: SecretStr | None = None
    secret_env: str | None = Field(None, pattern=ENV_NAME_PATTERN)

    @field_validator("query")
    @classmethod
    def _has_words(cls, value: str) -> str:
        parsed = parse_query(value)
        if parsed.problem is not None:  # exclusions alone: FTS5 cannot run "all but"
            besides = " besides the excluded ones" if parsed.excluded else ""
            raise ValueError(f"expected at least one word to search for{besides}")
        return value

    @field_validator("kinds", mode="before")
    @classmethod
    def _kinds(cls, value: Any) -> Any:
        words = [value] if isinstance(value, str) else value
        if (
            value is None
            or not isinstance(words, list)
            or not all(isinstance(w, str) for w in words)
        ):
            return value  # None, or the type's own error
        try:
            kinds = read_kinds(words)
        except KindWordError as exc:
            raise ValueError(str(exc)) from None
        if kinds == ():
            raise ValueError("leaves out every page kind: the alert could never fire")
        return kinds

    @field_validator("target")
    @classmethod
    def _target(cls, value: str) -> str:
        if value == "atom":
            return value
        try:
            return check_http_url(value)
        except ValueError:
            raise ValueError("expected 'atom' or an http(s) webhook URL") from None

    @model_validator(mode="after")
    def _secret_for_webhooks(self) -> Alert:
        if self.target == "atom":
            if self.secret is not None or self.secret_env is not None:
                raise ValueError("'secret' and 'secret_env' are for webhook targets only")
        elif (self.secret is None) == (self.secret_env is None):
            raise ValueError("a webhook target needs exactly one of 'secret' or 'secret_env'")
        if self.early and self.min_outlets == 1:
            raise ValueError("'early' needs min_outlets above 1")
        return self

    @property
    def is_webhook(self) -> bool:
        return self.target != "atom"

    @property
    def query_notice(self) -> str | None:
        """What of the query is not searched as written, and what is (``search``'s note
        for the same text: ``a NOT b`` searches the word NOT), or None: None too when
        the note only says symbols were ignored (``U.S. tariffs``, ``#MeToo``), which
        changes nothing the alert fires for."""
        query = parse_query(self.query)
        return query.notice if query.changes_search else None


#: How a ``trusted_hosts`` entry names the subdomains of a host (``*.example.org``).
SUBDOMAINS_OF = "*."


def _trusted_host(entry: str) -> str:
    """A ``trusted_hosts`` entry, lower-case: a host name, or ``*.`` and a host name; a
    wildcard anywhere else would trust more than its writer can see."""
    host = entry.strip().lower()
    name = host.removeprefix(SUBDOMAINS_OF)
    if not name or "*" in name or "/" in name:
        raise ValueError(
            "expected a host name (hooks.example.org) or *. and a host name "
            f"(*.example.org: its subdomains), not '{entry}'"
        )
    return host


class AlertDelivery(Model):
    """How the daemon (or `aggregator alerts deliver`) looks for matches and delivers them."""

    every: timedelta = timedelta(minutes=1)
    timeout: timedelta = timedelta(seconds=10)
    retry_delay: timedelta = timedelta(seconds=30)
    max_retry_delay: timedelta = timedelta(hours=1)
    max_attempts: int = Field(10, ge=1, le=100)
    # New articles each alert reads per pass: a pass after a long stop is bounded, and
    # the next goes on from there.
    max_articles_per_pass: int = Field(100_000, ge=1)
    # Webhook hosts allowed to be loopback or private addresses: each exactly as written (as
    # a source's own hosts are), a "*.example.org" entry for the subdomains of example.org.
    trusted_hosts: list[str] = []

    @field_validator("trusted_hosts")
    @classmethod
    def _hosts(cls, hosts: list[str]) -> list[str]:
        return [_trusted_host(h) for h in hosts]

    @field_validator("every", "timeout", "retry_delay", "max_retry_delay", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> timedelta:
        return positive_duration(value)
