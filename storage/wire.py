"""Articles and run reports as text, for the article stream between workers and the writer.

In cluster mode a worker's crawl does not write SQLite: it pushes each parsed
article (an :class:`~aggregator.schema.ArticleWrite`) to Redis, and the writer
stores it. :func:`encode_write` and :func:`decode_write` are the one pair that
turns an ``ArticleWrite`` into text and back, on both sides; a finished crawl's
:class:`~storage.runs.RunReport` has its own pair. The text is JSON with a
version number, so a writer refuses (and sets aside) what it cannot read
instead of storing it wrong. The article's fingerprint, when the worker built
it, travels as the optional ``profile`` member (``{"built_with", "text"}``): a
writer of an earlier version ignores it, and one of this version rebuilds the
fingerprint when it is absent or was built otherwise. ``refresh: true`` marks a page
an operator's ``crawl --refresh`` asked for (stored even where retention pruned it);
an earlier writer ignores it and skips such a page, as it did. With
``retention.keep_pages`` the page the article was parsed from travels as ``page``
(its compressed bytes in base64); an earlier writer ignores it and keeps none. A stored article's
404 or 410 answer (:class:`~aggregator.schema.GoneAnswer`) has its own pair too; a
writer of an earlier version sets such an entry aside.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.schema import (
    Article,
    ArticleWrite,
    FeedHints,
    GoneAnswer,
    KeptPage,
    PrebuiltProfile,
)
from storage.files import write_atomically
from storage.runs import RunCounts, RunReport

WIRE_VERSION = 1


class WireError(ValueError):
    """Text that is not an article or report this version can read; the message says why."""


def encode_write(write: ArticleWrite) -> str:
    """An article on its way to storage, as one line of JSON."""
    article = write.article.to_dict()
    del article["content_hash"]  # derived from the body: recomputed on reading
    data: dict[str, Any] = {
        "v": WIRE_VERSION,
        "article": article,
        "etag": write.etag,
        "last_modified": write.last_modified,
        "aliases": list(write.aliases),
    }
    if write.profile is not None:
        data["profile"] = {"built_with": write.profile.built_with, "text": write.profile.text}
    if write.refresh:
        data["refresh"] = True
    if write.moved_permanently:
        data["moved_permanently"] = True
    if write.page is not None:
        data["page"] = _page_data(write.page)
    return _dumps(data)


def _page_data(page: KeptPage) -> dict[str, Any]:
    """A kept page as JSON: its compressed bytes in base64 (a third more than they are)."""
    data: dict[str, Any] = {
        "url": page.url,
        "content": base64.b64encode(page.content).decode("ascii"),
        "fetched_at": page.fetched_at.isoformat(),
        "size": page.size,
        "charset": page.charset,
        "hints": page.hints.to_json(),
    }
    if page.later:
        data["later"] = [_page_data(later) for later in page.later]
    return data


def _kept_page(value: Any) -> KeptPage | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError("page: expected an object")
    return KeptPage(
        url=str(value["url"]),
        content=base64.b64decode(value["content"], validate=True),
        fetched_at=datetime.fromisoformat(value["fetched_at"]),
        size=int(value["size"]),
        charset=_optional_text(value.get("charset"), "page.charset"),
        hints=FeedHints.from_json(value.get("hints", {})),
        later=tuple(_required_page(later) for later in value.get("later", [])),
    )


def _required_page(value: Any) -> KeptPage:
    page = _kept_page(value)
    if page is None:
        raise TypeError("page.later: expected pages")
    return page


def decode_write(text: str | bytes) -> ArticleWrite:
    """The ``ArticleWrite`` of :func:`encode_write` text; :class:`WireError` if it is not one."""
    data = _loads(text, "article")
    try:
        article = Article.from_dict(data["article"])
        aliases = tuple(_optional_text(a, "alias") or "" for a in data.get("aliases", []))
        return ArticleWrite(
            article,
            etag=_optional_text(data.get("etag"), "etag"),
            last_modified=_optional_text(data.get("last_modified"), "last_modified"),
            aliases=aliases,
            profile=_prebuilt_profile(data.get("profile")),
            refresh=data.get("refresh") is True,
            moved_permanently=data.get("moved_permanently") is True,
            page=_kept_page(data.get("page")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # binascii.Error too
        raise WireError(f"not an article: {exc}") from None


def encode_report(report: RunReport) -> str:
    """A finished crawl's report, as one line of JSON."""
    return _dumps(
        {
            "v": WIRE_VERSION,
            "source": report.source,
            "started_at": report.started_at.isoformat(),
            "ended_at": report.ended_at.isoformat(),
            "status": report.status,
            "counts": dataclasses.asdict(report.counts),
            "exit_code": report.exit_code,
            "stats": report.stats,
            "worker": report.worker,
        }
    )


def decode_report(text: str | bytes) -> RunReport:
    """The ``RunReport`` of :func:`encode_report` text; :class:`WireError` if it is not one."""
    data = _loads(text, "run report")
    try:
        counts = data["counts"]
        return RunReport(
            source=str(data["source"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            ended_at=datetime.fromisoformat(data["ended_at"]),
            status=str(data["status"]),
            counts=RunCounts(
                pages_fetched=int(counts["pages_fetched"]),
                articles_new=int(counts["articles_new"]),
                articles_updated=int(counts["articles_updated"]),
                articles_unchanged=int(counts["articles_unchanged"]),
                articles_failed=int(counts["articles_failed"]),
                errors={str(k): int(v) for k, v in counts["errors"].items()},
            ),
            exit_code=None if data["exit_code"] is None else int(data["exit_code"]),
            stats=dict(data["stats"]),
            worker=str(data["worker"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise WireError(f"not a run report: {exc!r}") from None


def encode_gone(answer: GoneAnswer) -> str:
    """A stored article's 404 or 410 answer, on its way to the store, as one line of JSON."""
    return _dumps(
        {
            "v": WIRE_VERSION,
            "article_id": answer.article_id,
            "url": answer.url,
            "source": answer.source,
            "status": answer.status,
            "answered_at": answer.answered_at.isoformat(),
        }
    )


def decode_gone(text: str | bytes) -> GoneAnswer:
    """The ``GoneAnswer`` of :func:`encode_gone` text; :class:`WireError` if it is not one."""
    data = _loads(text, "removal")
    try:
        return GoneAnswer(
            article_id=int(data["article_id"]),
            url=str(data["url"]),
            source=str(data["source"]),
            status=int(data["status"]),
            answered_at=datetime.fromisoformat(data["answered_at"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"not a removal: {exc!r}") from None


def save_report(path: str | Path, report: RunReport) -> None:
    """Write a report to a file whole (a crawl hands its report to its worker this way)."""
    write_atomically(Path(path), encode_report(report))


def load_report(path: str | Path) -> RunReport | None:
    """The report a crawl saved, or None when it saved none (it was killed, or never started)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return decode_report(text)


def _dumps(value: dict[str, Any]) -> str:
    # Scrapy's stats hold datetimes (start_time): written as their text.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _loads(text: str | bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise WireError(f"not a {what}: invalid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise WireError(f"not a {what}: expected a JSON object")
    if data.get("v") != WIRE_VERSION:
        raise WireError(
            f"{what} of wire version {data.get('v')!r}; this version reads {WIRE_VERSION}"
        )
    return data


def _prebuilt_profile(value: Any) -> PrebuiltProfile | None:
    if value is None:
        return None
    built_with = _optional_text(value["built_with"], "profile.built_with")
    text = _optional_text(value["text"], "profile.text")
    if built_with is None or text is None:
        raise TypeError("profile: built_with and text expected")
    return PrebuiltProfile(built_with, text)


def _optional_text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected a string")
