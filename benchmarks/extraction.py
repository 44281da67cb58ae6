"""Article extraction benchmark: our parser next to trafilatura, same pages, same process.

    /tmp/venv/bin/python benchmarks/extraction.py [--data-root DIR] [--per-page FILE]

Scores with the shared scorer (``score.py`` in the data root): body token F1,
precision and recall, headline accuracy, author F1, date accuracy and median
milliseconds per page, per dataset (aeb, fundus), dev split.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.devdata import dataset  # noqa: E402

DEFAULT_DATA_ROOT = dataset("extraction")  # NEWSAGG_DATA


def load_scorer(data_root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_score", data_root / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {data_root}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours(html: str, url: str) -> dict[str, Any]:
    """Our parser, mapped onto the scorer's fields.

    Body: the standfirst first when it is printed on the page and not already
    in the body (both datasets count the lead as article text); byline: person
    names, then credits (a publisher or agency standing as author counts).
    """
    from aggregator.parser import extract

    article = extract(html, url)
    paragraphs = list(article.body)
    if article.standfirst and article.provenance.get("standfirst") in ("heuristic", "override"):
        lead = article.standfirst
        if not any(lead[:60] in p for p in paragraphs[:3]):
            paragraphs.insert(0, lead)
    return {
        "body": "\n\n".join(paragraphs),
        "headline": article.headline,
        "byline": article.authors + article.credits,
        "published": article.published_at.isoformat() if article.published_at else None,
    }


def trafilatura_system(html: str, url: str) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {"body": ""}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "body": d.get("text") or "",
        "headline": d.get("title"),
        "byline": d.get("author"),
        "published": d.get("date"),
    }


class System:
    """What the shared scorer's run/score functions expect of a system."""

    def __init__(self, name: str, func: Callable[[str, str], dict[str, Any]], version: str = ""):
        self.name = name
        self.spec = name
        self.version = version
        self.func = func

    def warmup(self) -> None:
        self.func("<html><body><p>warm up</p></body></html>", "https://example.org/")

    def run(self, pid: str, path: Path, url: str, timeout: float) -> tuple[dict, str | None, float]:
        html = path.read_bytes().decode("utf8", "replace")
        t0 = time.perf_counter()
        try:
            out, err = self.func(html, url), None
        except Exception as exc:  # noqa: BLE001 - a crash is scored as empty output
            out, err = {}, f"{type(exc).__name__}: {exc}"
        return out, err, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data-root",
        type=Path,
        default=DEFAULT_DATA_ROOT,
        help="folder with score.py, split.json and the datasets (default: %(default)s)",
    )
    ap.add_argument("--sets", nargs="+", default=["aeb", "fundus"])
    ap.add_argument("--split", choices=["dev", "holdout", "all"], default="dev")
    ap.add_argument("--no-trafilatura", action="store_true", help="score our parser only")
    ap.add_argument("--per-page", type=Path, help="write per-page scores as JSON lines")
    ap.add_argument("--json-out", type=Path, help="write the aggregate results as JSON")
    ap.add_argument("--limit", type=int, help="first N pages per set (smoke test)")
    ap.add_argument("--bootstrap", type=int, default=200)
    args = ap.parse_args(argv)

    score = load_scorer(args.data_root)
    split = json.loads((args.data_root / "split.json").read_text("utf8"))
    wanted = None if args.split == "all" else set(split[args.split])
    systems = [System("ours", ours)]
    if not args.no_trafilatura:
        import trafilatura

        systems.append(System("trafilatura", trafilatura_system, trafilatura.__version__))
    opts = SimpleNamespace(timeout=120.0, bootstrap=args.bootstrap)
    tables, rows, results = [], [], {}
    for name in args.sets:
        ddir = args.data_root / name
        dataset, pages = score.load_dataset(ddir)
        sel = [
            (pid, rec)
            for pid, rec in sorted(pages.items())
            if wanted is None or f"{dataset}/{pid}" in wanted
        ]
        if args.limit:
            sel = sel[: args.limit]
        runs = score.run_systems(systems, sel, ddir, opts)
        res = []
        for system, system_runs in zip(systems, runs):
            page_rows: list[dict] = []
            r = score.score_system(system, sel, system_runs, opts, page_rows)
            rows += [{"dataset": dataset, **row} for row in page_rows]
            res.append(r)
            for err in r["error_examples"]:
                print(f"[{dataset}] {system.name} error: {err[:200]}", file=sys.stderr)
        results[dataset] = res
        tables.append(score.fmt_table(dataset, args.split, res))
    print("\n\n".join(tables))
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    if args.json_out:
        args.json_out.write_text(
            json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
