"""config.yaml, validated once into typed objects (``values`` holds the whole of it for now).

The package re-exports every name used outside it, so ``from aggregator.config import X``
works as it did when it was one module.
"""

from __future__ import annotations

from aggregator.config.values import (
    DEFAULT_CONFIG_PATH,
    Alert,
    AlertDelivery,
    BoilerplateSettings,
    ClusterSettings,
    Config,
    ConfigError,
    DaemonSettings,
    DedupSettings,
    Defaults,
    Limits,
    LinkRules,
    Politeness,
    RawUpgrade,
    Schedule,
    Selectors,
    Source,
    WebSettings,
    database_named_in,
    load_config,
    parse_config,
    parse_duration,
)

__all__ = [
    "DEFAULT_CONFIG_PATH",
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
    "Schedule",
    "Selectors",
    "Source",
    "WebSettings",
    "database_named_in",
    "load_config",
    "parse_config",
    "parse_duration",
]
