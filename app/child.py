"""The command line of a child ``aggregator`` process: a crawl of the daemon, of a
cluster worker or of ``crawl --processes``.

``python -m app`` alone would put the working directory first on ``sys.path``, so
an ``app``, ``storage`` or ``spiders`` package there (a web project's ``app/`` is
common) would run instead of newsagg's, and a module there would import in the
children but not in the parent. ``-P`` (Python 3.11, our floor) leaves it off:
a child imports what the parent imports.
"""

from __future__ import annotations

import sys


def app_command(*args: str) -> list[str]:
    """``python -P -m app ARGS`` with this process's interpreter."""
    return [sys.executable, "-P", "-m", "app", *args]
