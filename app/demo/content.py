"""The demo network's content and ground truth, loaded from ``content/*.yaml``.

Articles are data, not code, so the text can be edited without touching the
templates. A copy of a wire story is written in YAML as a list of edits of its
original (``{from: 3, prefix: ..., replace: [[old, new]]}``, or a literal new
paragraph), the way a real site trims and rewrites agency copy; the expected
body of every article is exactly the list of paragraphs that results, which is
what the templates render as the article body. Boxes such as "Read more:" are
kept apart (``read_more``) because they are on the page but are not body text.

The module checks its own data on load (unique ids and paths, copies newer
than their originals, 6-14 paragraphs, no date on undated pages) so a bad edit
fails loudly instead of silently breaking the tests that use this as truth.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from aggregator.schema import RelatedLink

CONTENT_DIR = Path(__file__).parent / "content"
ARTICLE_FILES = (
    "summit.yaml",
    "eu_methane.yaml",
    "chile_quake.yaml",
    "rail_strike.yaml",
    "coffee_frost.yaml",
    "singletons.yaml",
)
KINDS = ("original", "copy", "independent", "singleton")
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 6, 14
# Used as Last-Modified for resources that carry no date of their own (the
# seed page): fixed, so ETags and 304s are reproducible between runs.
SITE_EPOCH = datetime(2026, 10, 15, 0, 0, tzinfo=UTC)


class ContentError(ValueError):
    """The demo content in ``content/*.yaml`` is inconsistent."""


@dataclass(frozen=True)
class FeedSpec:
    path: str
    format: str  # "rss" | "atom"


@dataclass(frozen=True)
class PrivatePage:
    path: str
    title: str
    text: str


@dataclass(frozen=True)
class OutletSpec:
    """Static description of one outlet (its port is decided at start-up)."""

    index: int
    name: str
    site_name: str
    short_name: str
    kind: str  # template: jsonld | opengraph | plain | wordpress | regional
    tagline: str
    feed: FeedSpec
    sitemap: str  # news | urlset | index
    discovery: tuple[str, ...]
    nav: tuple[str, ...]
    robots_disallow: tuple[str, ...]
    page_size: int | None = None
    sections: tuple[tuple[str, str], ...] = ()
    private_pages: tuple[PrivatePage, ...] = ()


@dataclass(frozen=True)
class ReadMore:
    """A "Read more:" box rendered inside the body after paragraph ``after``."""

    after: int
    target: str  # article id on the same outlet


@dataclass(frozen=True)
class DemoArticle:
    """One article page of the demo network and what a perfect parser extracts from it.

    ``story_key`` is shared by every copy of one text (the original included);
    ``event_key`` is shared by every report of one event, so independent reports
    have the same ``event_key`` but their own ``story_key``.
    """

    id: str
    outlet: str
    path: str
    kind: str
    story_key: str
    event_key: str
    copy_of: str | None
    section: str
    headline: str
    standfirst: str | None
    authors: tuple[str, ...]
    credits: tuple[str, ...]
    byline: str | None  # explicit visible byline text, else the template builds one
    published_local: datetime | None  # with the outlet's own UTC offset, as rendered
    updated_local: datetime | None
    body: tuple[str, ...]
    related_ids: tuple[str, ...]  # the related-articles block only; see related()
    read_more: tuple[ReadMore, ...] = ()

    @property
    def published_at(self) -> datetime | None:
        """Publication time in UTC (None when the page shows no date)."""
        local = self.published_local
        return None if local is None else local.astimezone(UTC)

    @property
    def updated_at(self) -> datetime | None:
        local = self.updated_local
        return None if local is None else local.astimezone(UTC)

    def url(self, base_port: int, host: str = "127.0.0.1") -> str:
        """Absolute URL of this page for a network started on ``base_port``."""
        return outlet_base_url(self.outlet, base_port, host) + self.path

    def related(self) -> list[tuple[str, str]]:
        """(path, link text) of every link the page presents as related reading.

        That is the related-articles block (``related_ids``, in block order),
        then the targets of "Read more:" boxes not already in it. Trending
        widgets, nav and listings are not related reading. Compare as a set if
        a parser's order differs (boxes come first on the page).
        """
        by_id = articles_by_id()
        ids = list(self.related_ids)
        ids += [box.target for box in self.read_more if box.target not in ids]
        return [(by_id[i].path, by_id[i].headline) for i in ids]

    def related_links(self, base_port: int, host: str = "127.0.0.1") -> list[RelatedLink]:
        """The related-articles block as absolute :class:`RelatedLink` values."""
        base = outlet_base_url(self.outlet, base_port, host)
        return [RelatedLink(base + path, text) for path, text in self.related()]


# --- loading -------------------------------------------------------------------


def _load_yaml(name: str) -> dict[str, Any]:
    with open(CONTENT_DIR / name, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping at the top level")
    return data


def _as_datetime(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ContentError(f"{where}: expected an ISO 8601 datetime with a UTC offset")
    return value


@functools.lru_cache(maxsize=1)
def outlet_specs() -> tuple[OutletSpec, ...]:
    """The outlets in port order (outlet i listens on base_port + i)."""
    data = _load_yaml("outlets.yaml")
    specs = []
    for i, raw in enumerate(data["outlets"]):
        specs.append(
            OutletSpec(
                index=i,
                name=raw["name"],
                site_name=raw["site_name"],
                short_name=raw["short_name"],
                kind=raw["kind"],
                tagline=raw["tagline"],
                feed=FeedSpec(**raw["feed"]),
                sitemap=raw["sitemap"],
                discovery=tuple(raw["discovery"]),
                nav=tuple(raw["nav"]),
                robots_disallow=tuple(raw.get("robots_disallow", ())),
                page_size=raw.get("page_size"),
                sections=tuple((raw.get("sections") or {}).items()),
                private_pages=tuple(PrivatePage(**p) for p in raw.get("private_pages", ())),
            )
        )
    return tuple(specs)


@functools.lru_cache(maxsize=1)
def author_bios() -> dict[str, str]:
    return dict(_load_yaml("outlets.yaml").get("bios") or {})


def outlet_spec(name: str) -> OutletSpec:
    for spec in outlet_specs():
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in outlet_specs())
    raise KeyError(f"no demo outlet named {name!r} (known: {known})")


def outlet_base_url(name: str, base_port: int, host: str = "127.0.0.1") -> str:
    """Where outlet ``name`` lives for a network on ``base_port`` (no trailing slash)."""
    return f"http://{host}:{base_port + outlet_spec(name).index}"


def _derive_body(raw_body: list[Any], original: DemoArticle | None, where: str) -> tuple[str, ...]:
    """Apply a copy's edit list to its original's paragraphs."""
    out: list[str] = []
    for n, item in enumerate(raw_body):
        if isinstance(item, str):
            out.append(" ".join(item.split()))
            continue
        if not isinstance(item, dict) or "from" not in item:
            raise ContentError(f"{where}: body[{n}] must be a paragraph or a {{from: i}} edit")
        if original is None:
            raise ContentError(f"{where}: body[{n}] uses 'from' but the article has no copy_of")
        text = original.body[item["from"]]
        for old, new in item.get("replace", ()):
            if old not in text:
                raise ContentError(f"{where}: body[{n}]: {old!r} not in paragraph {item['from']}")
            text = text.replace(old, new, 1)
        out.append(item.get("prefix", "") + text)
    return tuple(out)


def _build(raw: dict[str, Any], by_id: dict[str, DemoArticle], where: str) -> DemoArticle:
    copy_of = raw.get("copy_of")
    original = by_id.get(copy_of) if copy_of else None
    if copy_of and original is None:
        raise ContentError(f"{where}: copy_of {copy_of!r} must be defined earlier")
    story_key = raw.get("story_key") or (original.story_key if original else raw["id"])
    event_key = raw.get("event_key") or (original.event_key if original else story_key)
    return DemoArticle(
        id=raw["id"],
        outlet=raw["outlet"],
        path=raw["path"],
        kind=raw["kind"],
        story_key=story_key,
        event_key=event_key,
        copy_of=copy_of,
        section=raw["section"],
        headline=raw["headline"],
        standfirst=" ".join(raw["standfirst"].split()) if raw.get("standfirst") else None,
        authors=tuple(raw.get("authors") or ()),
        credits=tuple(raw.get("credits") or ()),
        byline=raw.get("byline"),
        published_local=_as_datetime(raw.get("published"), f"{where}.published"),
        updated_local=_as_datetime(raw.get("updated"), f"{where}.updated"),
        body=_derive_body(raw["body"], original, where),
        related_ids=tuple(raw.get("related") or ()),
        read_more=tuple(ReadMore(**r) for r in raw.get("read_more") or ()),
    )


@functools.lru_cache(maxsize=1)
def _articles() -> tuple[DemoArticle, ...]:
    by_id: dict[str, DemoArticle] = {}
    for name in ARTICLE_FILES:
        for n, raw in enumerate(_load_yaml(name)["articles"]):
            article = _build(raw, by_id, f"{name}: articles[{n}] ({raw.get('id')})")
            if article.id in by_id:
                raise ContentError(f"{name}: duplicate article id {article.id!r}")
            by_id[article.id] = article
    articles = tuple(by_id.values())
    _validate(articles)
    return articles


def _validate(articles: tuple[DemoArticle, ...]) -> None:
    """Raise :class:`ContentError` at the first inconsistency, checking article by article."""
    by_id = {a.id: a for a in articles}
    names = {s.name for s in outlet_specs()}
    seen_paths: set[tuple[str, str]] = set()
    for a in articles:
        where = f"article {a.id!r}"
        _validate_identity(a, where, names, seen_paths)
        _validate_body_and_links(a, where, by_id)
        _validate_dates(a, where, by_id)


def _validate_identity(
    a: DemoArticle, where: str, names: set[str], seen_paths: set[tuple[str, str]]
) -> None:
    """Known outlet, kind agreeing with copy_of, and a unique absolute path (recorded)."""
    if a.outlet not in names:
        raise ContentError(f"{where}: unknown outlet {a.outlet!r}")
    if a.kind not in KINDS or (a.kind == "copy") != (a.copy_of is not None):
        raise ContentError(f"{where}: kind {a.kind!r} does not match copy_of")
    if (a.outlet, a.path) in seen_paths or not a.path.startswith("/"):
        raise ContentError(f"{where}: path {a.path!r} is duplicate or not absolute")
    seen_paths.add((a.outlet, a.path))


def _validate_body_and_links(a: DemoArticle, where: str, by_id: dict[str, DemoArticle]) -> None:
    """Body length in range; related links and read-more boxes point inside the outlet/body."""
    if not MIN_PARAGRAPHS <= len(a.body) <= MAX_PARAGRAPHS:
        raise ContentError(f"{where}: {len(a.body)} paragraphs, want 6-14")
    for rid in a.related_ids + tuple(r.target for r in a.read_more):
        if rid not in by_id or by_id[rid].outlet != a.outlet or rid == a.id:
            raise ContentError(f"{where}: link target {rid!r} is not another article of {a.outlet}")
    for box in a.read_more:
        if not 0 <= box.after < len(a.body) - 1:
            raise ContentError(f"{where}: read_more after={box.after} is not inside the body")


def _validate_dates(a: DemoArticle, where: str, by_id: dict[str, DemoArticle]) -> None:
    """A copy follows its dated original; every date falls in a year the demo uses."""
    if a.copy_of:
        original = by_id[a.copy_of]
        if original.published_at is None:
            raise ContentError(f"{where}: the original of a copy must be dated")
        if a.published_at is not None and a.published_at <= original.published_at:
            raise ContentError(f"{where}: a copy must be published after its original")
    if a.published_at is not None and a.published_at.year not in (2019, 2026):
        raise ContentError(f"{where}: unexpected publication year")


# --- public accessors ------------------------------------------------------------


def ground_truth() -> list[DemoArticle]:
    """Every article page of the network with what a perfect parser extracts from it."""
    return list(_articles())


@functools.lru_cache(maxsize=1)
def articles_by_id() -> dict[str, DemoArticle]:
    return {a.id: a for a in _articles()}


def articles_of(outlet: str) -> list[DemoArticle]:
    """An outlet's articles, newest first (undated pages last), as its listings show them."""
    items = [a for a in _articles() if a.outlet == outlet]
    return sorted(items, key=_sort_key, reverse=True)


def _sort_key(article: DemoArticle) -> tuple[int, datetime]:
    return (article.published_at is not None, article.published_at or SITE_EPOCH)


def stories() -> dict[str, list[str]]:
    """story_key -> article ids of every copy of that text (original first)."""
    out: dict[str, list[str]] = {}
    for a in sorted(_articles(), key=lambda a: (a.copy_of is not None, a.id)):
        out.setdefault(a.story_key, []).append(a.id)
    return out


def events() -> dict[str, list[str]]:
    """event_key -> story keys reporting that event (more than one = independent reports)."""
    out: dict[str, list[str]] = {}
    for a in _articles():
        keys = out.setdefault(a.event_key, [])
        if a.story_key not in keys:
            keys.append(a.story_key)
    return out
