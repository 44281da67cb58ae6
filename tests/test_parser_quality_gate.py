"""Quality gate: the parser's scores on the shared dev pages never drop below these floors.

Floors sit slightly under the measured scores (see docs/parser.md); raise them
when the parser improves, never lower them to make a change pass.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("EXTRACTION_DATA", REPO.parent / "shared" / "data" / "extraction"))

pytestmark = pytest.mark.skipif(
    not (DATA / "score.py").exists(),
    reason=f"extraction dev data not found at {DATA} (set EXTRACTION_DATA to its folder)",
)

FLOORS = {
    "aeb": {"f1": 0.978},
    "fundus": {"f1": 0.963, "headline": 0.905, "byline": 0.92, "date": 0.99},
}


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    sys.path.insert(0, str(REPO))
    from benchmarks.extraction import System, load_scorer, ours

    score = load_scorer(DATA)
    import json
    from types import SimpleNamespace

    split = set(json.loads((DATA / "split.json").read_text("utf8"))["dev"])
    opts = SimpleNamespace(timeout=60.0, bootstrap=0)
    system = System("ours", ours)
    out = {}
    for name in FLOORS:
        dataset, pages = score.load_dataset(DATA / name)
        sel = [(pid, rec) for pid, rec in sorted(pages.items()) if f"{dataset}/{pid}" in split]
        runs = score.run_systems([system], sel, DATA / name, opts)
        out[name] = score.score_system(system, sel, runs[0], opts, [])
    return out


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_errors(results: dict, name: str) -> None:
    assert results[name]["errors"] == 0, results[name]["error_examples"]


@pytest.mark.parametrize(("name", "metric"), [(n, m) for n, f in FLOORS.items() for m in f])
def test_floor(results: dict, name: str, metric: str) -> None:
    r = results[name]
    value = {
        "f1": r["body"]["f1"],
        "headline": r.get("headline", {}).get("norm_match"),
        "byline": r.get("byline", {}).get("f1"),
        "date": r.get("published", {}).get("day_match"),
    }[metric]
    assert value is not None and value >= FLOORS[name][metric], f"{name} {metric} = {value:.3f}"
