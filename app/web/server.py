"""``aggregator serve``: Datasette with newsagg's plugin, in this process, until a signal stops it.

Datasette runs inside the serve process (uvicorn on a socket bound here), not
as a child: a SIGTERM to ``aggregator serve`` is a SIGTERM to the web server,
so nothing is left running after it (a child would outlive a parent killed by
anything but a terminal's process-group signal).
"""

from __future__ import annotations

import asyncio
import importlib.util
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aggregator.config import Config
from app.errors import WebViewUnavailable
from app.web.metadata import metadata

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
#: Requests still running this long after SIGTERM are cut off.
SHUTDOWN_GRACE_SECONDS = 5


def settings(*, allow_sql: bool) -> dict[str, object]:
    """Datasette settings: read-only and bounded (no SQL unless asked, no downloads, no streams)."""
    return {
        "default_allow_sql": allow_sql,
        "allow_download": False,  # the whole .db file
        "allow_csv_stream": False,  # ?_stream=on: every row of a table, past max_returned_rows
        "sql_time_limit_ms": 2000,
        # Datasette tries every column of a table view as a facet to suggest, each up to
        # facet_suggest_time_limit_ms: 2.6 s of the articles view's 3.1 s at 20,000
        # articles. The declared facets (app/web/metadata.py) stay, and any column is
        # still a facet by ?_facet=COLUMN.
        "suggest_facets": False,
    }


def listen(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:``port``, or one line saying why not."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise WebViewUnavailable(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"
        ) from None
    sock.listen(128)
    return sock


def build(config: Config, db_path: Path, *, allow_sql: bool = False) -> Any:
    """The Datasette instance of the web view, with newsagg's plugin (replacing any earlier one)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from app.web.plugin import PLUGIN_NAME, STATIC_MOUNT, NewsaggPlugin

    if pm.get_plugin(PLUGIN_NAME) is not None:
        pm.unregister(name=PLUGIN_NAME)
    pm.register(NewsaggPlugin(config), name=PLUGIN_NAME)
    return Datasette(
        [str(db_path)],
        metadata=metadata(db_path.stem),
        settings=settings(allow_sql=allow_sql),
        template_dir=str(TEMPLATES),
        static_mounts=[(STATIC_MOUNT, str(STATIC))],
    )


def serve(
    config: Config,
    db_path: Path,
    *,
    port: int,
    allow_sql: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the database on 127.0.0.1:``port`` until SIGINT or SIGTERM."""
    if importlib.util.find_spec("datasette") is None:
        raise WebViewUnavailable(
            "the web view needs Datasette: pip install 'newsagg[web]' (or pip install datasette)"
        )
    import uvicorn

    sock = listen(port)
    datasette = build(config, db_path, allow_sql=allow_sql)
    asyncio.run(datasette.invoke_startup())
    server = uvicorn.Server(
        uvicorn.Config(
            datasette.app(),
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        )
    )
    # uvicorn shuts down gracefully on SIGINT and SIGTERM, then raises the signal again for the
    # handler it found: a stop asked for is an ordinary end, exit status 0 (as for the daemon).
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, _stopped)
    announce(
        f"Serving {db_path} read-only on http://127.0.0.1:{port}/ (Ctrl-C or SIGTERM stops it)"
    )
    server.run(sockets=[sock])


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)
