"""The web view in process, for tests: Datasette with newsagg's plugin over a test's
database, asked through Datasette's own ASGI client (the whole app, the plugin's wrapper
included), so no port is opened."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from aggregator.config import Config
from app.config_loader import load_app_config
from app.web.server import build


class Web:
    """One Datasette instance of the web view, and a synchronous way to ask it things."""

    def __init__(self, config: Config, db: Path) -> None:
        self.db = db
        self.datasette = build(config, db)
        self.name = db.stem

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            await self.datasette.invoke_startup()
            return await self.datasette.client.request(method, path, **kwargs)

        return asyncio.run(go())

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)


def web_get(folder: Path, path: str) -> httpx.Response:
    """``path`` of the web view over ``folder``'s config.yaml and news.db (the database
    read as it is: never migrated)."""
    db = folder / "news.db"
    return Web(load_app_config(folder / "config.yaml", db), db).get(path)
