"""config.yaml, validated once into typed objects.

This is the only package that reads the configuration file. Every error is
raised as :class:`ConfigError`, whose message is one line naming the file, the
line where known, the field path, the value and what was expected.

The modules, each importing only those above it:
``values`` (the value types and their checks: durations, URLs and ports, hosts, headers,
the user agent, regular expressions, selectors, parser specs, time zones; ``Model``, the
base of every section),
``sources`` (what a source is: ``Schedule``, ``Politeness``, ``Limits``, ``LinkRules``,
``Selectors``, ``Source``, ``Defaults``),
``stories`` (``DedupSettings``, ``BoilerplateSettings``),
``services`` (``DaemonSettings``, ``RetentionSettings``, ``WebSettings``, ``ClusterSettings``),
``alerts`` (``Alert``, ``AlertDelivery``),
``model`` (the root ``Config``, ``RejectedSource`` (a source entry set aside), and
``ConfigError``),
``reading`` (the text read into a document: YAML with each key's line and each key given
twice, aliases refused; JSON; the reading's own one-line errors),
``loading`` (``load_config``, ``parse_config``, ``parse_json_config``, ``database_named_in``:
YAML with each key's line (a ``*.json`` file, the daemon's snapshot, as JSON), one-line
errors, a source's parser path resolved, each source entry validated on its own so that
a bad one is set aside instead of refusing the file).
"""

from __future__ import annotations

from aggregator.config.alerts import Alert, AlertDelivery
from aggregator.config.loading import (
    DEFAULT_CONFIG_PATH,
    RawUpgrade,
    database_named_in,
    load_config,
    parse_config,
    parse_json_config,
)
from aggregator.config.model import Config, ConfigError, RejectedSource
from aggregator.config.services import (
    MIN_RETENTION,
    ClusterSettings,
    DaemonSettings,
    RetentionSettings,
    WebSettings,
    retention_window,
)
from aggregator.config.sources import (
    DISCOVERY_KINDS,
    Defaults,
    Limits,
    LinkRules,
    Politeness,
    Schedule,
    Selectors,
    Source,
)
from aggregator.config.stories import BoilerplateSettings, DedupSettings
from aggregator.config.values import NAME_PATTERN, DurationTooLong, parse_duration

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "DISCOVERY_KINDS",
    "NAME_PATTERN",
    "DurationTooLong",
    "Alert",
    "AlertDelivery",
    "BoilerplateSettings",
    "ClusterSettings",
    "Config",
    "ConfigError",
    "DaemonSettings",
    "DedupSettings",
    "Defaults",
    "Limits",
    "LinkRules",
    "Politeness",
    "RawUpgrade",
    "RejectedSource",
    "MIN_RETENTION",
    "RetentionSettings",
    "Schedule",
    "Selectors",
    "Source",
    "WebSettings",
    "database_named_in",
    "load_config",
    "parse_config",
    "parse_json_config",
    "parse_duration",
    "retention_window",
]
