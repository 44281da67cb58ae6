"""How the application reads config.yaml: the core loader, older formats upgraded.

Every command and the daemon load the config here, so the upgrades of older
formats (with their deprecation notices) and the ``--db`` override are applied
in one place, and ``Config.database`` is the one database path from then on.
"""

from __future__ import annotations

from pathlib import Path

from aggregator.config import Config, RawUpgrade, load_config
from app.demo.config import upgrade_demo_outlets

UPGRADES: tuple[RawUpgrade, ...] = (upgrade_demo_outlets,)


def load_app_config(path: Path, db_override: Path | None = None) -> Config:
    """The validated config of ``path``; ``db_override`` (``--db``) replaces its database."""
    config = load_config(path, upgrades=UPGRADES)
    if db_override is not None:
        config = config.model_copy(update={"database": db_override})
    return config
