"""Every text field of an article gets the one text hygiene, found by its declared type.

QA stop 46 (newcomer, finding 1): ``clean_article`` named each field by hand, so a field
added to the schema (``rights``) was stored with a bidi override and a BEL while its
neighbours came out clean, and no test noticed. It now walks the schema's fields by
type. The tests fill every text field with control and bidi characters through the
public paths (``aggregator ingest`` of a JSON line, ``aggregator.extract``) and check
every text field, found by type too (tests/article_text.py), for them.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import aggregator
from aggregator.hygiene import clean_article
from aggregator.schema import Article, RelatedLink
from app.cli import cli
from tests.article_text import text_values

HOSTILE = "\u202e\x07\u2066\x1b"  # a bidi override, a BEL, a bidi isolate, an ESC


def _h(text: str) -> str:
    """``text`` with the hostile characters after its first word."""
    return text.replace(" ", HOSTILE + " ", 1)


def _assert_every_text_field_clean_and_filled(article: Article, *, decided: set[str]) -> None:
    values = text_values(article)
    unfilled = {name for name, texts in values.items() if not any(texts)} - decided
    assert not unfilled, f"fields the hostile input did not fill (extend it): {unfilled}"
    dirty = {
        name: texts
        for name, texts in values.items()
        if any(ch in text for text in texts for ch in HOSTILE)
    }
    assert not dirty, dirty


def _record() -> dict[str, object]:
    return {
        "url": f"https://harbour.example/news/kestrel{HOSTILE}-reopens",
        "canonical_url": f"https://harbour.example/news/kestrel{HOSTILE}-reopens",
        "source": f"harbour{HOSTILE}-archive",
        "headline": _h("Kestrel Point ferry reopens after dredging"),
        "body": [_h("The ferry at Kestrel Point reopened on Thursday after a month of work.")],
        "fetched_at": "2026-12-03T10:00:00+00:00",
        "site_name": _h("Harbour Gazette"),
        "standfirst": _h("The silted channel is clear again, the authority says."),
        "authors": [_h("Ann Lee")],
        "credits": [f"Reuters{HOSTILE}"],
        "byline_raw": _h("By Ann Lee, with Reuters"),
        "related": [
            {"url": f"https://harbour.example/news/silt{HOSTILE}", "text": _h("Silt closes it")}
        ],
        "language": f"en{HOSTILE}",
        "section": _h("Local news"),
        "tags": [_h("ferry boats")],
        "image_url": f"https://harbour.example/img/kestrel{HOSTILE}.jpg",
        "is_based_on": f"https://wire.example/2026/12/03/kestrel{HOSTILE}",
        "live_entries": [
            {
                "posted_at": "2026-12-03T07:05:00+00:00",
                "headline": _h("Channel open"),
                "paragraphs": [_h("The first ferry crossed at five past seven.")],
            }
        ],
        "key_points": [_h("The ferry runs again")],
    }


def test_every_text_field_of_an_ingested_record_is_stored_clean(tmp_path: Path) -> None:
    record = _record()
    # The record fills every text field the schema has but those ingest decides itself.
    fields = {name.split(".")[0] for name in text_values(Article.from_dict(record))}
    assert fields - set(record) == {"provenance"}
    lines = tmp_path / "hostile.jsonl"
    lines.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "ingest", str(lines)], prog_name="aggregator")
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["--db", str(db), "export", "--articles", "--format", "jsonl"], prog_name="aggregator"
    )
    assert result.exit_code == 0, result.output
    [exported] = [json.loads(line) for line in result.stdout.splitlines()]
    stored = Article.from_dict({k: v for k, v in exported.items() if k in Article.dict_keys()})
    _assert_every_text_field_clean_and_filled(stored, decided=set())


def _page() -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",  # a live blog: its entries and key points are text too
        "headline": _h("Kestrel Point ferry reopens after dredging"),
        "description": _h("The silted channel is clear again, the authority says."),
        "author": [
            {"@type": "Person", "name": _h("Ann Lee")},
            {"@type": "Organization", "name": f"Reuters{HOSTILE}"},
        ],
        "datePublished": "2026-12-03T06:15:00+01:00",
        "articleSection": _h("Local news"),
        "keywords": [_h("ferry boats"), _h("Kestrel Point")],
        "inLanguage": f"en{HOSTILE}",
        "image": f"https://harbour.example/img/kes{HOSTILE}trel.jpg",
        "isBasedOn": f"https://wire.example/2026/12/03/kes{HOSTILE}trel",
        "liveBlogUpdate": {
            "@type": "BlogPosting",
            "headline": _h("Channel open"),
            "datePublished": "2026-12-03T07:05:00+01:00",
            "articleBody": _h("The first ferry crossed at five past seven."),
        },
    }
    paragraph = _h("The ferry at Kestrel Point reopened on Thursday after a month of dredging,")
    body = "".join(
        f"<p>{paragraph} said the harbour authority, paragraph {i}.</p>" for i in range(6)
    )
    return f"""<!doctype html><html lang="en"><head><title>{_h("Kestrel Point")}</title>
<meta property="og:site_name" content="{_h("Harbour Gazette")}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><article><h1>{_h("Kestrel Point ferry reopens after dredging")}</h1>
<p class="byline">{_h("By Ann Lee, with Reuters")}</p>
<div><h2>Key points</h2><ul><li>{_h("The ferry runs again")}</li></ul></div>{body}
<aside class="related"><h2>Related</h2><ul><li>
<a href="/news/silt{HOSTILE}-closes">{_h("Silt closes the channel")}</a></li></ul></aside>
</article></body></html>"""


def test_every_text_field_of_an_extracted_page_comes_out_clean() -> None:
    # The caller's url and source kept their control characters (found writing this test).
    article = aggregator.extract(
        _page(),
        f"https://harbour.example/news/kestrel{HOSTILE}-reopens",
        source=f"harbour{HOSTILE}",
    )
    _assert_every_text_field_clean_and_filled(article, decided=set())


@dataclasses.dataclass
class _WithRights(Article):
    """An Article with one more field, as a schema change would add it (a test cannot
    change the schema itself)."""

    rights: str | None = None
    rights_holders: list[str] = dataclasses.field(default_factory=list)


def test_a_field_added_to_the_schema_is_cleaned_without_a_hygiene_edit() -> None:
    article = _WithRights(
        url="https://harbour.example/a",
        canonical_url="https://harbour.example/a",
        source="harbour",
        headline="Headline",
        body=[],
        fetched_at=datetime(2026, 12, 3, tzinfo=UTC),
        related=[RelatedLink(f"https://harbour.example/b{HOSTILE}", _h("Read this"))],
        rights=_h("Harbour Gazette Ltd"),
        rights_holders=[_h("Harbour Gazette Ltd")],
    )
    cleaned = clean_article(article)
    assert cleaned.rights == "Harbour Gazette Ltd"  # type: ignore[attr-defined]
    assert cleaned.rights_holders == ["Harbour Gazette Ltd"]  # type: ignore[attr-defined]
    assert cleaned.related == [RelatedLink("https://harbour.example/b", "Read this")]


@dataclasses.dataclass
class _WithUnknownShape(Article):
    notes: tuple[str, ...] = ()


def test_a_text_field_of_a_shape_hygiene_does_not_know_is_an_error_not_skipped() -> None:
    article = _WithUnknownShape(
        url="u",
        canonical_url="u",
        source="s",
        headline="h",
        body=[],
        fetched_at=datetime(2026, 12, 3, tzinfo=UTC),
        notes=(HOSTILE,),
    )
    with pytest.raises(TypeError, match="no hygiene for field 'notes'"):
        clean_article(article)
