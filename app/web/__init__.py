"""The web view: newsagg's pages on Datasette, over the article database, read-only.

``aggregator serve`` runs Datasette in its own process with the plugin of
:mod:`app.web.plugin` (the reader pages, the alert feeds and the hardening) and
the metadata of :mod:`app.web.metadata` (Datasette's own table views).
Datasette is an optional extra: nothing is imported from it until
:func:`serve` runs.
"""

from __future__ import annotations

from app.errors import WebViewUnavailable
from app.web.server import serve

__all__ = ["WebViewUnavailable", "serve"]
