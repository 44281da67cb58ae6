"""The root ``Config``: every section together, a source's settings with the defaults applied,
and the config as a document; and ``ConfigError``, the one error of the package."""

from __future__ import annotations

from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from aggregator.config.alerts import Alert, AlertDelivery
from aggregator.config.services import (
    ClusterSettings,
    DaemonSettings,
    RetentionSettings,
    WebSettings,
)
from aggregator.config.sources import (
    DISCOVERY_KINDS,
    WHEN_KEYS,
    Defaults,
    Limits,
    Politeness,
    Schedule,
    Source,
)
from aggregator.config.stories import BoilerplateSettings, DedupSettings
from aggregator.config.values import (
    Model,
    RobotsToken,
    database_path,
    format_duration,
    robots_token_of,
    robots_token_problem,
)

_Block = TypeVar("_Block", bound=Model)


def default_user_agent() -> str:
    """``newsagg/<the installed version>`` and the project's URL (``aggregator --version``
    reads the same version); plain ``newsagg`` when run from a tree never installed."""
    try:
        product = f"newsagg/{version('newsagg')}"
    except PackageNotFoundError:
        product = "newsagg"
    return f"{product} (+https://github.com/newsagg/newsagg)"


#: Validation context key: the names of the source entries the loader set aside.
SET_ASIDE_NAMES = "set_aside_names"
#: Validation context key: the labels (sources[3]) of set-aside entries without a readable name.
NAMELESS_LABELS = "nameless_labels"


class ConfigError(Exception):
    """A configuration problem, described in one line."""


class RejectedSource(Model):
    """A source entry of config.yaml set aside because it does not validate.

    The rest of the file still loads: one operator's typo in one entry must not
    stop every other source. ``name`` is None when the entry's name cannot be
    read; ``index`` is its place in ``sources``; ``error`` is its one-line
    error (file:line: field (source 'name'): message); ``entry`` is the entry as
    written, which the daemon's snapshot writes back so that its crawls set the
    entry aside again (an alert may name it).
    """

    name: str | None
    index: int
    error: str
    entry: Any = None
    #: A later entry of a name an earlier, valid entry holds (``name`` is then None: the
    #: name is the earlier entry's, and nothing of that source is this entry's).
    duplicate: bool = False

    @property
    def label(self) -> str:
        """The entry's name, or its place in the file (sources[3]) when it has none of its own."""
        return self.name if self.name is not None else f"sources[{self.index}]"

    @property
    def nameless(self) -> bool:
        """Its name cannot be read: it may be any source's entry."""
        return self.name is None and not self.duplicate

    def warning(self) -> str:
        # A duplicate's error already says it is ignored; the source itself loads.
        return self.error if self.duplicate else f"{self.error}; source not loaded"


class Config(Model):
    """The whole validated configuration."""

    database: Path = Path("data/news.db")
    user_agent: str = Field(default_factory=default_user_agent)
    # The name robots.txt groups and robots meta tags are matched on; None: the user
    # agent's product token (robots_agent).
    robots_token: RobotsToken | None = None
    defaults: Defaults = Defaults()
    dedup: DedupSettings = DedupSettings()
    daemon: DaemonSettings = DaemonSettings()
    boilerplate: BoilerplateSettings = BoilerplateSettings()
    cluster: ClusterSettings | None = None
    # Always present: without ``retention.keep`` every story is kept (no prune runs
    # unless asked with a window); the bound on versions applies all the same.
    retention: RetentionSettings = RetentionSettings()
    web: WebSettings = WebSettings()
    sources: list[Source] = []
    alerts: list[Alert] = []
    alert_delivery: AlertDelivery = AlertDelivery()
    path: Path | None = Field(None, exclude=True)
    # What the upgrades of an older config format rewrote, for the application to show.
    notices: tuple[str, ...] = Field((), exclude=True)
    # Source entries that did not validate, left out of ``sources`` (set by the loader).
    rejected_sources: tuple[RejectedSource, ...] = Field((), exclude=True)

    @field_validator("database", mode="before")
    @classmethod
    def _database(cls, value: Any) -> Any:
        return database_path(value)

    @field_validator("retention", mode="before")
    @classmethod
    def _retention(cls, value: Any) -> Any:
        # `retention:` written empty (YAML null) keeps everything, as before stop 48.
        return {} if value is None else value

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
    def _alert_sources_exist(self, info: ValidationInfo) -> Config:
        # A source set aside by the loader is still the operator's: an alert may name it.
        context = info.context or {}
        known = {s.name for s in self.sources} | set(context.get(SET_ASIDE_NAMES, ()))
        for i, alert in enumerate(self.alerts):
            for j, name in enumerate(alert.sources):
                if name not in known:
                    message = f"alert '{alert.name}' names unknown source '{name}'"
                    if nameless := context.get(NAMELESS_LABELS):
                        # Entries are matched by name: a typo in 'name' itself hides which.
                        message += (
                            f"; it may be the entry set aside without a readable name "
                            f"({', '.join(nameless)})"
                        )
                    # Raised with the alert's place, so the loader's line names the alert.
                    raise ValidationError.from_exception_data(
                        "Config",
                        [
                            InitErrorDetails(
                                type=PydanticCustomError("value_error", message),
                                loc=("alerts", i, "sources", j),
                                input=name,
                            )
                        ],
                    )
        return self

    @property
    def robots_agent(self) -> str:
        """The crawler's name in robots.txt and robots meta tags: ``robots_token``, else
        the product token of ``user_agent`` (``robots_token_of``)."""
        return self.robots_token or robots_token_of(self.user_agent)

    def robots_agent_problem(self) -> str | None:
        """Why the robots token taken from ``user_agent`` is not the crawler's own name
        (``robots_token_problem``), in one line; None when it is, or ``robots_token`` is given."""
        return None if self.robots_token is not None else robots_token_problem(self.user_agent)

    def alert(self, name: str) -> Alert | None:
        return next((a for a in self.alerts if a.name == name), None)

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        if (rejected := self.rejected(name)) is not None:
            raise ConfigError(rejected.warning())
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"{self.path or 'config'}: no source named '{name}' (known: {known})")

    def rejected(self, name: str) -> RejectedSource | None:
        """The set-aside entry named ``name`` (the first, if several), or None."""
        return next((r for r in self.rejected_sources if r.name == name), None)

    def entry_names(self) -> set[str] | None:
        """The names the file's source entries hold, valid or set aside; None while an
        entry's name cannot be read (it may be any source's): what decides whether a
        source is gone from the file, and its kept feeds with it."""
        if any(rejected.nameless for rejected in self.rejected_sources):
            return None
        names = {source.name for source in self.sources}
        return names | {r.name for r in self.rejected_sources if r.name is not None}

    def no_source_loads(self) -> str | None:
        """The one-line error of a file whose every source entry is set aside, else None.

        The daemon refuses to start on it (and a reload refuses it), ``crawl --all``
        too: there is nothing to run, which is never what was meant.
        """
        if self.sources or not self.rejected_sources:
            return None
        count = len(self.rejected_sources)
        return (
            f"{self.path or 'config'}: no source entry loads "
            f"({count} set aside, each named above); nothing to crawl"
        )

    def warnings(self) -> list[str]:
        """What every command says on loading: the notices, then each set-aside entry (so a
        file whose every entry is bad says so once per entry, and nothing more)."""
        return [*self.notices, *(r.warning() for r in self.rejected_sources)]

    def keeping_previous_entries(self, previous: Config) -> tuple[Config, list[RejectedSource]]:
        """This config, where each source set aside here but valid in ``previous`` keeps its
        previous entry; and the set-aside entries so kept.

        For a running daemon or worker re-reading its file: the operator's typo in one
        entry must not stop a source that is running. An entry whose name cannot be read
        (``nmae: cc``) is that previous source's when its feeds, sitemaps and start pages
        are the ones of exactly one previous source no other entry names; it is then
        named so.
        """
        valid = {s.name for s in self.sources}
        named = valid | {r.name for r in self.rejected_sources if r.name is not None}
        entries: list[RejectedSource] = []
        kept: list[Source] = []
        kept_for: list[RejectedSource] = []
        for rejected in self.rejected_sources:
            if rejected.nameless and (name := _previous_of(rejected.entry, previous, named)):
                rejected = rejected.model_copy(update={"name": name})
                named.add(name)
            entries.append(rejected)
            if rejected.name is None or rejected.name in valid:
                continue
            try:
                kept.append(previous.source(rejected.name))
            except ConfigError:  # not valid before either
                continue
            valid.add(rejected.name)
            kept_for.append(rejected)
        if not kept:
            return self, []
        update = {"sources": [*self.sources, *kept], "rejected_sources": tuple(entries)}
        return self.model_copy(update=update), kept_for

    # A source's block is merged key by key over ``defaults`` (each a built-in default
    # where the operator gives none): a source writing `limits: {max_pages: 5}` still has
    # the operator's max_age and run_timeout, as an operator reads the file.

    def schedule_for(self, source: Source) -> Schedule:
        # every and cron are one choice, when the source runs: a source giving either
        # replaces both; one giving neither (only a jitter or a zone) keeps the defaults'.
        return merged_schedule(self.defaults.schedule, source.schedule)

    def politeness_for(self, source: Source) -> Politeness:
        return _merged(self.defaults.politeness, source.politeness)

    def limits_for(self, source: Source) -> Limits:
        return _merged(self.defaults.limits, source.limits)

    def crawl_settings(self, source: Source) -> dict[str, Any]:
        """The source's politeness and limits as its crawls use them (merged over
        ``defaults``), in the config's own units ('30m'): for an operator to check."""
        return {
            "politeness": _document_value(self.politeness_for(source).model_dump()),
            "limits": _document_value(self.limits_for(source).model_dump()),
        }

    def to_document(self) -> dict[str, Any]:
        """The validated config as a JSON-ready config document that validates to an equal Config.

        Durations are written in the config's own units ('30m', '0.25s'), so the
        document is itself a valid config file (JSON is YAML): the daemon hands
        its crawls such a snapshot instead of the file on disk, which may have
        been edited since (docs/operations.md).
        """
        document: dict[str, Any] = _document_value(self.model_dump(mode="python"))
        document["sources"] = self._source_entries(document["sources"])
        return document

    def _source_entries(self, valid: list[Any]) -> list[Any]:
        """The valid sources' entries with each set-aside entry back in its place, so the
        document sets them aside again; one whose name a valid source holds (a duplicate,
        or an entry a running daemon replaced by the previous one) stays out."""
        entries = list(valid)
        taken = {s.name for s in self.sources}
        for rejected in sorted(self.rejected_sources, key=lambda r: r.index):
            if rejected.name is None or rejected.name not in taken:
                entries.insert(min(rejected.index, len(entries)), _document_value(rejected.entry))
        return entries


def _previous_of(entry: Any, previous: Config, named: set[str]) -> str | None:
    """The name of the one source of ``previous`` that no entry names and whose feeds,
    sitemaps and start pages are those ``entry`` writes (at least one), else None."""
    if not isinstance(entry, dict):
        return None
    written = {kind: entry.get(kind) or [] for kind in DISCOVERY_KINDS}
    if not all(isinstance(urls, list) for urls in written.values()) or not any(written.values()):
        return None
    written = {kind: [str(url).strip() for url in urls] for kind, urls in written.items()}
    matches = [
        source.name
        for source in previous.sources
        if source.name not in named
        and all(getattr(source, kind) == written[kind] for kind in DISCOVERY_KINDS)
    ]
    return matches[0] if len(matches) == 1 else None


def merged_schedule(default: Schedule, given: Schedule | None) -> Schedule:
    """A source's schedule over the defaults': ``every`` and ``cron`` are one choice, so a
    source giving either replaces both; one giving neither keeps the defaults'."""
    when = WHEN_KEYS if given is not None and given.model_fields_set & WHEN_KEYS else None
    return _merged(default, given, always=when)


def _merged(
    default: _Block, given: _Block | None, *, always: frozenset[str] | None = None
) -> _Block:
    """``default`` with the keys ``given`` sets (and those in ``always``) taken from it."""
    if given is None:
        return default
    keys = given.model_fields_set | (always or set())
    return default.model_copy(update={key: getattr(given, key) for key in keys})


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
