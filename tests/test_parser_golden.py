"""Golden files (one page per demo template, plus the seed page) and the demo ground truth.

After a deliberate parser change, regenerate with ``scripts/regen_golden.py``
and review the JSON diff.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
sys.path.insert(0, str(REPO))

from scripts.regen_golden import golden_json  # noqa: E402

CASES = sorted(GOLDEN.glob("*/*.html"))


@pytest.mark.parametrize("page", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_golden(page: Path) -> None:
    url = page.with_suffix(".url").read_text("utf8").strip()
    expected = json.loads(page.with_suffix(".json").read_text("utf8"))
    assert golden_json(page.read_bytes(), url) == expected


def test_every_template_has_a_golden_file() -> None:
    from app.demo.content import outlet_specs

    assert {p.parent.name for p in CASES} >= {spec.name for spec in outlet_specs()} | {"seed"}


def _demo_articles():
    from app.demo import ground_truth

    return ground_truth()


@pytest.mark.parametrize("demo", _demo_articles(), ids=lambda a: a.id)
def test_demo_ground_truth(demo) -> None:
    from aggregator.parser import extract
    from app.demo import outlet_base_url
    from app.demo.content import outlet_spec
    from app.demo.templates import render_article

    port = 8801
    html = render_article(outlet_spec(demo.outlet), demo, outlet_base_url(demo.outlet, port))
    art = extract(html, demo.url(port), fetched_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert art.headline == demo.headline
    assert art.standfirst == demo.standfirst
    assert art.authors == list(demo.authors)
    assert sorted(art.credits) == sorted(demo.credits)
    assert art.published_at == demo.published_at
    assert art.updated_at == demo.updated_at
    assert art.body == list(demo.body)
    assert {(r.url, r.text) for r in art.related} == {
        (r.url, r.text) for r in demo.related_links(port)
    }
