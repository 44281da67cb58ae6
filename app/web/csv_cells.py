"""The web view's CSV (Datasette's ``.csv`` of a table or a query, the link on every table
page) with its formula cells guarded as ``aggregator export --format csv`` guards them.

A headline a site wrote as ``=HYPERLINK(…)`` is a formula to Excel and LibreOffice; the
export writes it ``'=HYPERLINK(…)`` (:func:`app.export.guard_formula`), and so does this
view now. Datasette writes the CSV itself, so its answer is read whole and written again:
it is bounded, because ``allow_csv_stream`` is off (at most ``max_returned_rows`` rows).
Datasette's CSV has no types: a cell that is a plain number is a number, as the export
writes numbers, and is left as it is (``-3`` is not a formula).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from app.export import guard_formula

Asgi = Callable[..., Awaitable[None]]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_csv_request(scope: dict[str, Any]) -> bool:
    """Does this request ask Datasette for CSV (``/db/table.csv``, ``?_format=csv``)?"""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
    return str(scope.get("path", "")).endswith(".csv") or ("_format", "csv") in query


def guard_csv(text: str) -> str:
    """``text`` (CSV, a header row first) with every data cell passed through
    :func:`~app.export.guard_formula`, numbers aside."""
    rows = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for number, row in enumerate(rows):
        writer.writerow(row if number == 0 else [_guarded(cell) for cell in row])
    return out.getvalue()


def _guarded(cell: str) -> str:
    return cell if _NUMBER.fullmatch(cell) else guard_formula(cell)


def guarding_csv(app: Asgi) -> Asgi:
    """``app`` whose CSV answers (status 200) are read whole and sent with guarded cells."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not is_csv_request(scope):
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def collecting(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if message.get("status") != 200:
                    await send(message)
                return
            if start.get("status") != 200:
                await send(message)
                return
            body.append(message.get("body", b""))
            if not message.get("more_body", False):
                await _send_guarded(send, start, b"".join(body))

        await app(scope, receive, collecting)

    return wrapped


async def _send_guarded(send: Any, start: dict[str, Any], body: bytes) -> None:
    text = guard_csv(body.decode("utf-8"))
    data = text.encode("utf-8")
    headers = [
        [name, value]
        for name, value in start.get("headers", [])
        if bytes(name).lower() != b"content-length"
    ]
    headers.append([b"content-length", str(len(data)).encode()])
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": data, "more_body": False})
