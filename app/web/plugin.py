"""newsagg's Datasette plugin: the reader pages, the alert feeds, a read-only, locked-down server.

Registered by :func:`app.web.server.serve` (not by an entry point, so other
Datasette instances on the machine are not affected). Datasette's hooks used:

* ``register_routes``: Home ``/``, ``/story/ID``, ``/search``, ``/sources``,
  ``/alerts/NAME.atom`` (an alert's feed), the time-zone switch, and ``/-/databases.json``
  without the database's path on disk.
* ``asgi_wrapper``: only the loopback host names and ``web.base_url``'s (else a 400),
  only GET and HEAD (a POST to a canned query was a 500; the
  view never writes), no raw full-text syntax in a table view's search
  (``_searchmode=raw``), and the security headers on every response; a CSV
  answer's formula cells guarded as the export guards them (:mod:`app.web.csv_cells`).
* ``prepare_connection``: the SQL function ``escape_fts`` a table view's
  ``?_search=`` goes through reads the text as newsagg's search does
  (:func:`table_search_match`).
* ``handle_exception``: Datasette's refusal of a table view's ``?_sort=`` or
  ``?_sort_desc=`` (a column it cannot sort by, or both at once), a 500, is the
  reader's mistake: a 400 and one line saying what to give instead.
* ``extra_js_urls``: Datasette's table page reads one global from an inline
  script, which the Content-Security-Policy blocks; a static file sets it.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.utils import escape_sqlite
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError
from sqlite_utils import Database

from aggregator.config import Config
from aggregator.search_query import parse_query
from app.alerts.feed import alert_feed
from app.web import pages
from app.web.csv_cells import guarding_csv
from storage import queries

Asgi = Callable[..., Awaitable[None]]

PLUGIN_NAME = "newsagg"
#: Where the plugin's static files are served (its CSS and scripts; no inline script anywhere).
STATIC_MOUNT = "newsagg-static"

#: Our pages: scripts and styles from this server's own files only, nothing inline.
STRICT_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: Datasette's own pages: the same, but its templates carry inline styles (never scripts).
DATASETTE_POLICY = STRICT_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
}
READ_METHODS = {"GET", "HEAD"}
#: Datasette's table views pass ?_search= text to FTS5 as typed with this: never a reader's
#: text raw (their default quotes each word; newsagg's /search reads the readers' syntax).
RAW_SEARCH = ("_searchmode", "raw")
RAW_SEARCH_REFUSED = (
    "Raw full-text syntax is off on this server: /search reads phrases, prefix*, "
    "OR and -exclusions.\n"
)
TZ_COOKIE = "newsagg_tz"
#: Host names of this machine's loopback the web view always answers to.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class NewsaggPlugin:
    """The hooks, bound to the validated config (time zone, sources, alerts)."""

    def __init__(self, config: Config) -> None:
        # Datasette lists plugins by __name__, which it expects of a module.
        self.__name__ = PLUGIN_NAME
        self.config = config
        self.zone = ZoneInfo(config.web.timezone)

    # --- hooks ---------------------------------------------------------------------

    @hookimpl
    def register_routes(self, datasette: Any) -> list[tuple[str, Callable[..., Any]]]:
        return [
            (r"^/$", self.home),
            (r"^/story/(?P<story_id>[0-9]{1,18})$", self.story),
            (r"^/search$", self.search),
            (r"^/sources$", self.sources),
            (r"^/alerts/(?P<name>[a-z0-9][a-z0-9_-]{0,63})\.atom$", self.alert_feed),
            (r"^/-/newsagg/timezone$", self.switch_timezone),
            (r"^/-/databases(?P<format>\.json)?$", self.databases),
        ]

    @hookimpl
    def asgi_wrapper(self, datasette: Any) -> Callable[[Asgi], Asgi]:
        hosts = known_hosts(self.config)
        return lambda app: read_only_and_headers(known_hosts_only(guarding_csv(app), hosts))

    # Last, so it replaces the escape_fts Datasette's own plugin registers.
    @hookimpl(trylast=True)
    def prepare_connection(self, conn: Any, database: str, datasette: Any) -> None:
        conn.create_function("escape_fts", 1, table_search_match, deterministic=True)

    @hookimpl
    def handle_exception(self, datasette: Any, request: Any, exception: Exception) -> Any:
        if not is_sort_refusal(exception, request):
            return None  # Datasette's own answer

        async def refusal() -> Response:
            problem = await sort_problem(datasette, request)
            if request.path.endswith(".json"):  # a reader app gets Datasette's shape of error
                return Response.json({"ok": False, "error": problem, "status": 400}, status=400)
            return Response.text(problem + "\n", status=400)

        return refusal

    @hookimpl
    def extra_js_urls(self, template: str, datasette: Any) -> list[str]:
        if template == "table.html":
            return [datasette.urls.path(f"/{STATIC_MOUNT}/table-settings.js")]
        return []

    # --- pages ---------------------------------------------------------------------

    def clock(self, request: Any) -> pages.Clock:
        """UTC or the configured zone, as the reader last chose (a cookie), else the configured."""
        wanted = request.cookies.get(TZ_COOKIE)
        return pages.Clock(ZoneInfo("UTC") if wanted == "UTC" else self.zone)

    async def _render(
        self, datasette: Any, request: Any, template: str, page: Any, status: int = 200
    ) -> Response:
        clock = self.clock(request)
        context = {
            "page": page,
            "clock": clock,
            "other_zone": "UTC" if clock.name != "UTC" else self.zone.key,
            "here": request.full_path,
            "static": f"/{STATIC_MOUNT}",
            "database": datasette.get_database().name,
        }
        html = await datasette.render_template(f"newsagg/{template}", context, request=request)
        return Response.html(
            html, status=status, headers={"Content-Security-Policy": STRICT_POLICY}
        )

    async def _query(self, datasette: Any, build: Callable[[Database], Any]) -> Any:
        """Run a page builder on one of Datasette's read-only connections."""
        return await datasette.get_database().execute_fn(lambda conn: build(Database(conn)))

    async def home(self, datasette: Any, request: Any) -> Response:
        filters = pages.read_filters(request.args)
        anchor = pages.read_anchor(request.args)
        clock = self.clock(request)
        page = await self._query(
            datasette, lambda db: pages.home_page(db, self.config, filters, clock, anchor)
        )
        return await self._render(datasette, request, "home.html", page)

    async def story(self, datasette: Any, request: Any) -> Response:
        story_id = int(request.url_vars["story_id"])
        clock = self.clock(request)
        page = await self._query(datasette, lambda db: pages.story_page(db, story_id, clock))
        if page is None:
            # A merged story's links (webhooks, feeds, bookmarks) lead to the story it became.
            heir = await self._query(datasette, lambda db: queries.merged_into(db, story_id))
            if heir is not None:
                # Under Datasette's base_url, with the request's query (?now=, filters) kept.
                query = f"?{request.query_string}" if request.query_string else ""
                return Response.redirect(datasette.urls.path(f"/story/{heir}") + query, status=301)
            return await self._render(
                datasette, request, "missing.html", f"No story {story_id} here.", status=404
            )
        return await self._render(datasette, request, "story.html", page)

    async def search(self, datasette: Any, request: Any) -> Response:
        query = request.args.get("q", "")
        filters = pages.read_filters(request.args)
        try:
            number = pages.read_page_number(request.args)
        except pages.PageOutOfRange as exc:
            return Response.text(f"{exc}\n", status=400)
        clock = self.clock(request)
        page = await self._query(
            datasette,
            lambda db: pages.search_page(db, self.config, query, filters, clock, number),
        )
        return await self._render(datasette, request, "search.html", page)

    async def sources(self, datasette: Any, request: Any) -> Response:
        clock = self.clock(request)
        now = datetime.now(UTC)
        # A Redis round trip in cluster mode: off the event loop, as the queries are.
        cluster = await asyncio.to_thread(pages.cluster_jobs, self.config)
        page = await self._query(
            datasette, lambda db: pages.sources_page(db, self.config, now, clock, cluster)
        )
        return await self._render(datasette, request, "sources.html", page)

    async def alert_feed(self, datasette: Any, request: Any) -> Response:
        """The Atom feed of an alert whose target is 'atom' (404 for any other name)."""
        alert = self.config.alert(request.url_vars["name"])
        if alert is None or alert.is_webhook:
            return Response.text("No such alert feed.\n", status=404)
        # Behind a proxy (web.base_url) the request came as http from it: readers
        # subscribe at the proxy's address, and some readers move to the self link.
        base_url = self.config.web.base_url
        root = base_url.rstrip("/") if base_url else f"{request.scheme}://{request.host}"
        url = f"{root}{request.path}"
        feed = await self._query(datasette, lambda db: alert_feed(db, alert, url))
        return Response(feed, content_type="application/atom+xml; charset=utf-8")

    async def switch_timezone(self, request: Any) -> Response:
        """Remember the reader's choice of zone and go back where they were (same site only)."""
        zone = "UTC" if request.args.get("zone") == "UTC" else self.zone.key
        back = request.args.get("next", "/")
        parts = urlsplit(back)
        if parts.scheme or parts.netloc or not back.startswith("/") or back.startswith("//"):
            back = "/"
        response = Response.redirect(quote(back, safe="/?=&%+-_.~"))
        response.set_cookie(TZ_COOKIE, zone, max_age=365 * 86400, samesite="lax")
        return response

    async def databases(self, datasette: Any) -> Response:
        """Datasette's list of databases without ``path``: where the file lives is not public."""
        listing = [
            {
                "name": db.name,
                "route": db.route,
                "is_mutable": db.is_mutable,
                "is_memory": db.is_memory,
                "hash": db.hash,
            }
            for name, db in datasette.databases.items()
            if name != "_internal"
        ]
        return Response.json(listing)


#: An FTS5 expression that is valid and matches no row (an empty phrase).
NO_MATCH = '""'


def table_search_match(text: str | None) -> str:
    """A table view's ``?_search=`` text as the FTS5 expression of one row's match, read
    by :func:`parse_query` as ``aggregator search`` reads it (phrases, ``prefix*``,
    ``OR``, ``-exclusions``, any other syntax searched as words).

    Datasette's own escape_fts made ``"`` (or ``""``, ``\"\"\"``) into an empty
    expression, which FTS5 refused with a 400 "fts5: syntax error"; text holding no
    word to search for now matches no row. An exclusion leaves out the rows that hold
    it (a row is one article here, where search leaves out the whole story). A word
    with a combining mark cannot be found in ``articles_fts``, the one index a table
    view reads (it would be searched as its pieces: ``दिल्ली`` as ``द ल ल``): a query
    that needs one matches no row there (the search page finds it)."""
    query = parse_query(text or "")
    if not query.match:  # nothing to search, or only words articles_fts cannot hold
        return NO_MATCH
    if query.excluding:
        return f"({query.match}) NOT ({query.excluding})"
    return query.match


#: How Datasette's table view words its refusals of a sort (DatasetteError, status 500).
SORT_REFUSALS = ("Cannot sort table by ", "Cannot use _sort and _sort_desc")
#: The longest part of a reader's ``_sort`` value a refusal shows back.
SHOWN_SORT_CHARS = 80


def is_sort_refusal(exception: Exception, request: Any) -> bool:
    """Whether ``exception`` is Datasette refusing a table view's ``?_sort=`` or
    ``?_sort_desc=`` (not the table's own sort in app/web/metadata.py: our bug, a 500)."""
    return (
        isinstance(exception, DatasetteError)
        and str(exception.message).startswith(SORT_REFUSALS)
        and bool(request.args.get("_sort") or request.args.get("_sort_desc"))
    )


async def sort_problem(datasette: Any, request: Any) -> str:
    """One line on what is wrong with a refused ``?_sort=``/``?_sort_desc=``: both given, a
    column the table lacks, or one it has that it is not sorted by (SQLite's ``rowid`` of
    a table with a primary key, a column left out of ``sortable_columns``)."""
    sort, sort_desc = request.args.get("_sort"), request.args.get("_sort_desc")
    if sort and sort_desc:
        return "Cannot sort by _sort and _sort_desc at once: give one of them."
    wanted = str(sort or sort_desc)
    column = wanted[:SHOWN_SORT_CHARS]
    table = request.url_vars.get("table", "this table")
    db = datasette.get_database(route=request.url_vars.get("database"))
    columns = await db.table_columns(table)
    if wanted not in columns and not await _rowid_of(db, table, wanted):
        return (
            f"Cannot sort by {column!r}: {table} has no such column to sort by "
            "(?_sort= and ?_sort_desc= take one of its columns)."
        )
    sortable = datasette.table_metadata(db.name, table).get("sortable_columns") or columns
    return (
        f"Cannot sort by {column!r}: {table} cannot be sorted by that column "
        f"(?_sort= and ?_sort_desc= take one of its sortable columns, such as {sortable[0]})."
    )


async def _rowid_of(db: Any, table: str, column: str) -> bool:
    """Whether ``column`` is one of SQLite's names for ``table``'s rowid (a table made
    WITHOUT ROWID, or a view, has none)."""
    if column.casefold() not in ("rowid", "oid", "_rowid_"):
        return False
    try:
        await db.execute(f"select rowid from {escape_sqlite(table)} limit 0")
    except sqlite3.Error:  # no such column: no rowid
        return False
    return True


def known_hosts(config: Config) -> frozenset[str]:
    """The host names the web view answers to: this machine's loopback names (the server
    listens on 127.0.0.1; an SSH tunnel arrives as localhost) and ``web.base_url``'s host
    (a reverse proxy in front of it)."""
    hosts = set(LOOPBACK_HOSTS)
    if config.web.base_url:
        hosts.add((urlsplit(config.web.base_url).hostname or "").lower())
    return frozenset(hosts - {""})


#: What a Host header is: a name (letters, digits, dots, hyphens) or a bracketed IPv6
#: address, then at most a colon and a port's digits. Nothing else is cleaned up first.
# An underscore is no DNS host name's, but container and compose service names carry it
# ("news_web") and urlsplit reads it as part of the name.
HOST_HEADER = re.compile(r"(?:\[[0-9a-f:.]*\]|[a-z0-9._-]*)(?::[0-9]*)?", re.IGNORECASE)


def request_host(scope: dict[str, Any]) -> str | None:
    """The host name of the request's Host header, lower-case, without its port; None
    when there is no Host header (HTTP/1.0 by hand: no browser, so no rebinding)."""
    for name, value in scope.get("headers", []):
        if bytes(name).lower() == b"host":
            # Only the spaces and tabs HTTP allows around a value are not the value's.
            return host_name(bytes(value).decode("latin-1").strip(" \t").lower())
    return None


def host_name(host: str) -> str:
    """A Host header's host name (``[::1]:8001`` is ``::1``), as ``urlsplit`` reads a URL's.
    What is not a Host header's shape (:data:`HOST_HEADER`) is kept whole, so it matches
    no known name, where urlsplit would drop a character, read past one or take it for
    another part: a bare IPv6 address (``::1``, unbracketed: written by hand, never by a
    browser), ``@``, ``/``, ``?``, ``#``, a second colon, an unclosed bracket, anything
    after a bracket but a port (``[::1]x``), any other character (a tab or a line
    break inside the name). So is an empty name (``:8001``)."""
    if not HOST_HEADER.fullmatch(host):
        return host
    try:
        return urlsplit("//" + host).hostname or host
    except ValueError:  # "[x]": no IPv6 address between the brackets
        return host


def known_hosts_only(app: Asgi, hosts: frozenset[str]) -> Asgi:
    """Answer a request for any other host name with a 400 (DNS rebinding: a page on an
    attacker's name that comes to resolve to 127.0.0.1 would read the store as its own)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        host = request_host(scope) if scope["type"] == "http" else None
        if host is not None and host not in hosts:
            refusal = Response.text(
                f"Unknown host {host!r}: this web view answers {', '.join(sorted(hosts))} "
                "(web.base_url names the one a proxy uses).\n",
                status=400,
            )
            await refusal.asgi_send(send)
            return
        await app(scope, receive, send)

    return wrapped


def read_only_and_headers(app: Asgi) -> Asgi:
    """Refuse every method but GET and HEAD; add the security headers to every response."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if scope["method"] not in READ_METHODS:
            refusal = Response.text(
                "This server is read-only: GET and HEAD only.\n",
                status=405,
                headers={"Allow": "GET, HEAD"},
            )
            await refusal.asgi_send(send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append([b"content-security-policy", DATASETTE_POLICY.encode()])
                for name, value in SECURITY_HEADERS.items():
                    if name not in present:
                        headers.append([name, value])
                message = {**message, "headers": headers}
            await send(message)

        if RAW_SEARCH in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
            await Response.text(RAW_SEARCH_REFUSED, status=400).asgi_send(send_with_headers)
            return
        await app(scope, receive, send_with_headers)

    return wrapped
