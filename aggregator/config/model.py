"""The root ``Config``: every section together, a source's settings with the defaults applied,
and the config as a document; and ``ConfigError``, the one error of the package."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from aggregator.config.alerts import Alert, AlertDelivery
from aggregator.config.services import (
    ClusterSettings,
    DaemonSettings,
    RetentionSettings,
    WebSettings,
)
from aggregator.config.sources import Defaults, Limits, Politeness, Schedule, Source
from aggregator.config.stories import BoilerplateSettings, DedupSettings
from aggregator.config.values import Model, format_duration


class ConfigError(Exception):
    """A configuration problem, described in one line."""


class Config(Model):
    """The whole validated configuration."""

    database: Path = Path("data/news.db")
    user_agent: str = "newsagg/0.1 (+https://github.com/newsagg/newsagg)"
    defaults: Defaults = Defaults()
    dedup: DedupSettings = DedupSettings()
    daemon: DaemonSettings = DaemonSettings()
    boilerplate: BoilerplateSettings = BoilerplateSettings()
    cluster: ClusterSettings | None = None
    # Absent: every story is kept (no prune runs unless asked with a window).
    retention: RetentionSettings | None = None
    web: WebSettings = WebSettings()
    sources: list[Source] = []
    alerts: list[Alert] = []
    alert_delivery: AlertDelivery = AlertDelivery()
    path: Path | None = Field(None, exclude=True)
    # What the upgrades of an older config format rewrote, for the application to show.
    notices: tuple[str, ...] = Field((), exclude=True)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[Source]) -> list[Source]:
        _refuse_duplicates("source", [s.name for s in sources])
        return sources

    @field_validator("alerts")
    @classmethod
    def _unique_alerts(cls, alerts: list[Alert]) -> list[Alert]:
        _refuse_duplicates("alert", [a.name for a in alerts])
        return alerts

    @model_validator(mode="after")
    def _alert_sources_exist(self) -> Config:
        known = {s.name for s in self.sources}
        for alert in self.alerts:
            for name in alert.sources:
                if name not in known:
                    raise ValueError(f"alert '{alert.name}' names unknown source '{name}'")
        return self

    def alert(self, name: str) -> Alert | None:
        return next((a for a in self.alerts if a.name == name), None)

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"{self.path or 'config'}: no source named '{name}' (known: {known})")

    def schedule_for(self, source: Source) -> Schedule:
        return source.schedule or self.defaults.schedule

    def politeness_for(self, source: Source) -> Politeness:
        return source.politeness or self.defaults.politeness

    def limits_for(self, source: Source) -> Limits:
        return source.limits or self.defaults.limits

    def to_document(self) -> dict[str, Any]:
        """The validated config as a JSON-ready config document that validates to an equal Config.

        Durations are written in the config's own units ('30m', '0.25s'), so the
        document is itself a valid config file (JSON is YAML): the daemon hands
        its crawls such a snapshot instead of the file on disk, which may have
        been edited since (docs/operations.md).
        """
        document: dict[str, Any] = _document_value(self.model_dump(mode="python"))
        return document


def _duration_text(value: timedelta) -> str:
    if value.microseconds == 0:
        return format_duration(value)
    return f"{value.total_seconds():.6f}".rstrip("0") + "s"


def _document_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _document_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_document_value(item) for item in value]
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, Path):
        return str(value)
    return value


def _refuse_duplicates(kind: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"duplicate {kind} name '{name}'")
        seen.add(name)
