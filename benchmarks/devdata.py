"""Where the development benchmark data is: one setting, ``NEWSAGG_DATA``.

``NEWSAGG_DATA`` names a folder holding ``extraction/``, ``extraction2/`` and
``dedup/`` (the shared development sets with their scorers); unset, it is
``../shared/data`` beside the repository. Tests that need a set skip with a
reason when it is missing; benchmarks stop with one line.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "NEWSAGG_DATA"
REPO = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    return Path(os.environ.get(ENV) or REPO.parent / "shared" / "data")


def dataset(name: str) -> Path:
    """The folder (or file) ``name`` under the data root, whether it exists or not."""
    return data_root() / name


def require(name: str) -> Path:
    """``dataset(name)``, or exit with one line saying how to point at it."""
    path = dataset(name)
    if not path.exists():
        raise SystemExit(f"error: {path} not found: set {ENV} to the folder holding {name}")
    return path
