"""Article extraction benchmark: newsagg beside trafilatura (and htmldate for dates).

    .venv/bin/python benchmarks/extraction.py [--sets aeb fundus ...] [--parts tuning validation]
        [--no-trafilatura] [--no-htmldate] [--per-page FILE] [--json-out FILE] [--limit N]
        [--miss-kinds] [--without-date-rules RULE ...]

Runs the seven shared development sets (aeb and fundus from ``extraction/``;
mercury, newspaper, newspaper4k, goose3 and trafilatura from ``extraction2/``)
found through ``NEWSAGG_DATA`` (see ``benchmarks/extraction_data.py``), and
prints the *tuning* and *validation* parts of the committed site split
separately. Every system runs on every page in the same process, page by page
(systems interleaved, so a slow spell of the machine hits all alike), and each
part reports the median milliseconds per page of each system in that run.

Scores come from the data sets' own scorers (``score.py``, ``score2.py``):
body shingle F1/P/R on full-text truth, "start found" and "contained" on body
prefixes, snippet F1/P/R on trafilatura's must-have / must-not-have snippets,
headline exact and normalised match, author-set F1 and same-day date.

``--per-page`` writes per-page rows of the *tuning* part only: validation pages
are read as aggregates, never one by one. ``--miss-kinds`` adds, per set, part and
system, how many pages miss the body in each way (``benchmarks/body_misses.py``):
counts only, so the validation part says which kind of miss dominates without
showing a page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.body_misses import (  # noqa: E402
    against_reference,
    format_counts,
    full_text_kinds,
    prefix_kind,
    standfirst_verdict,
)
from benchmarks.extraction_data import (  # noqa: E402
    DATASETS,
    PARTS,
    DataMissing,
    Dataset,
    data_root,
    load_datasets,
    load_split,
    page_digest,
    pages_in_part,
    read_html,
    require_data,
)
from benchmarks.extraction_data import load_scorer as _load_data_scorer  # noqa: E402

# For benchmarks/site_boilerplate.py, which reads the first benchmark's folder.
DEFAULT_DATA_ROOT = data_root() / "extraction"


def load_scorer(folder: Path) -> Any:
    """``score.py`` (or ``score2.py``) of one data folder, e.g. ``$NEWSAGG_DATA/extraction``."""
    name = "score2" if (folder / "score2.py").exists() else "score"
    return _load_data_scorer(folder.parent, folder.name, name)


def ours(html: str, url: str) -> dict[str, Any]:
    """newsagg, mapped onto the scorers' fields.

    Body: the standfirst first when it is printed on the page and not already
    in the body (the data sets count the lead as article text); byline: person
    names, then credits (a publisher or agency standing as author counts).
    """
    from aggregator.parser import extract

    article = extract(html, url)
    published = article.published_local or article.published_at
    paragraphs = list(article.body)
    printed = ""  # the standfirst put before the body, for --miss-kinds
    if article.standfirst and article.provenance.get("standfirst") in ("heuristic", "override"):
        lead = article.standfirst
        if not any(lead[:60] in p for p in paragraphs[:3]):
            paragraphs.insert(0, lead)
            printed = lead
    return {
        "body": "\n\n".join(paragraphs),
        "standfirst_printed": printed,
        "headline": article.headline,
        "byline": article.authors + article.credits,
        # The same instant, in the page's own offset when it gave one: its day as printed.
        "published": published.isoformat() if published else None,
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


def htmldate_system(html: str, url: str) -> dict[str, Any]:
    """htmldate alone, as trafilatura calls it (original date, extensive search)."""
    from htmldate import find_date

    return {"published": find_date(html, url=url, original_date=True)}


class System:
    """What the shared scorers' run/score functions expect of a system."""

    def __init__(
        self,
        name: str,
        func: Callable[[str, str], dict[str, Any]],
        version: str = "",
        fields: tuple[str, ...] = ("body", "headline", "byline", "published"),
    ):
        self.name = name
        self.spec = name
        self.version = version
        self.func = func
        self.fields = fields

    def warmup(self) -> None:
        self.func("<html><body><p>warm up</p></body></html>", "https://example.org/")

    def run(self, pid: str, path: Path, url: str, timeout: float) -> tuple[dict, str | None, float]:
        html = read_html(path)
        t0 = time.perf_counter()
        try:
            out, err = self.func(html, url), None
        except Exception as exc:  # noqa: BLE001 - a crash is scored as empty output
            out, err = {}, f"{type(exc).__name__}: {exc}"
        return out, err, time.perf_counter() - t0


def systems_from(args: argparse.Namespace) -> list[System]:
    systems = [System("newsagg", ours)]
    if not args.no_trafilatura:
        import trafilatura

        systems.append(System("trafilatura", trafilatura_system, trafilatura.__version__))
    if not args.no_htmldate:
        import htmldate

        systems.append(
            System("htmldate", htmldate_system, htmldate.__version__, fields=("published",))
        )
    return systems


def _row(dataset: str, part: str, system: System, res: dict[str, Any]) -> dict[str, Any]:
    """One flat row of figures from either scorer's result dict."""
    row: dict[str, Any] = {
        "set": dataset,
        "part": part,
        "system": system.name,
        "version": system.version,
        "pages": res["pages"],
        "errors": res["errors"],
        "fields": list(system.fields),
    }
    body = res.get("body")
    if isinstance(body, dict):
        row["body"] = {k: body[k] for k in ("f1", "precision", "recall") if k in body}
        row["body"]["n"] = body.get("n", res["pages"])
    row["empty"] = body.get("empty") if isinstance(body, dict) and "empty" in body else None
    if row["empty"] is None:
        row["empty"] = res.get("empty_body")
    for key in ("body_prefix", "snippets", "headline", "byline", "published"):
        if key in res:
            row[key] = {k: v for k, v in res[key].items() if k != "supported"}
    return row


def run_part(
    ds: Dataset,
    part: str,
    sel: list[tuple[str, dict[str, Any]]],
    systems: list[System],
    scorers: dict[str, Any],
    per_page: list[dict[str, Any]] | None,
    misses: list[str] | None = None,
) -> list[dict[str, Any]]:
    base = scorers["score"]
    opts = SimpleNamespace(timeout=120.0, bootstrap=0)
    runs = base.run_systems(systems, sel, ds.folder, opts)
    if misses is not None:
        misses += miss_kinds(f"{ds.name}/{part}", base, sel, systems, runs)
    rows = []
    for system, system_runs in zip(systems, runs, strict=True):
        page_rows: list[dict[str, Any]] = []
        if ds.scorer == "score":
            res = base.score_system(system, sel, system_runs, opts, page_rows)
        else:
            res = scorers["score2"].score_dataset(system, sel, system_runs)
            page_rows = _score2_page_rows(scorers["score2"], system, sel, system_runs)
        times = [t for _, _, t in system_runs]
        row = _row(ds.name, part, system, res)
        row["ms_median"] = 1000 * statistics.median(times) if times else None
        for pid, err in zip((p for p, _ in sel), (e for _, e, _ in system_runs), strict=True):
            if err:
                message = f"[{ds.name}/{part}] {system.name} error on {pid}: {err[:200]}"
                print(message, file=sys.stderr)
        rows.append(row)
        if per_page is not None and part == "tuning":
            per_page += [{"set": ds.name, **r} for r in page_rows]
    return rows


def miss_kinds(
    title: str, base: Any, sel: list, systems: list[System], runs: list[list]
) -> list[str]:
    """Count lines of body misses by kind (benchmarks/body_misses.py), per system.

    Then whether the truth holds the standfirst that ``ours`` prints before the
    body (a data set's convention more than a page's), and last newsagg's misses
    on the pages where trafilatura has no miss, or only an early start (its body
    contains the truth's start): the kinds that trafilatura shows can be avoided.
    """
    per_system: dict[str, list[list[str]]] = {}
    bodies = {
        system.name: [base.canonical(raw).get("body") or "" for raw, _, _ in system_runs]
        for system, system_runs in zip(systems, runs, strict=True)
        if "body" in system.fields
    }
    reference = bodies.get("trafilatura")
    for name, system_bodies in bodies.items():
        kinds = []
        for i, ((_, rec), body) in enumerate(zip(sel, system_bodies, strict=True)):
            if "body_prefix" in rec:
                kind = prefix_kind(rec["body_prefix"], body)
                if reference and name != "trafilatura":
                    kind = against_reference(kind, rec["body_prefix"], body, reference[i])
                kinds.append([kind] if kind else [])
            elif "body" in rec:
                tp, fp, fn = base.body_counts(rec["body"], body)
                f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
                kinds.append(full_text_kinds(rec["body"], body, f1))
        per_system[name] = kinds
    lines = [
        format_counts(f"{title} {name}", Counter(k for page in kinds for k in page), len(kinds))
        for name, kinds in per_system.items()
        if kinds
    ]
    standfirsts = Counter(
        standfirst_verdict(raw["standfirst_printed"], rec)
        for system, system_runs in zip(systems, runs, strict=True)
        if system.name == "newsagg"
        for (_, rec), (raw, _, _) in zip(sel, system_runs, strict=True)
        if raw.get("standfirst_printed")
    )
    if standfirsts:
        printed = sum(standfirsts.values())
        lines.append(format_counts(f"{title} newsagg's printed standfirst", standfirsts, printed))
    if per_system.get("newsagg") and per_system.get("trafilatura"):
        pairs = zip(per_system["newsagg"], per_system["trafilatura"], strict=True)
        clean = [ours for ours, theirs in pairs if all(k.startswith("early") for k in theirs)]
        avoidable = Counter(k for ours in clean for k in ours)
        title = f"{title} newsagg where trafilatura has no miss (or an early start)"
        lines.append(format_counts(title, avoidable, len(clean)))
    return lines


def _score2_page_rows(score2: Any, system: System, sel: list, runs: list) -> list[dict[str, Any]]:
    """Per-page rows for the extraction2 sets (score2.py only aggregates)."""
    out = []
    for (pid, rec), (raw, err, _) in zip(sel, runs, strict=True):
        one = score2.score_dataset(system, [(pid, rec)], [(raw, err, 0.0)])
        canonical = score2.base.canonical(raw)
        row: dict[str, Any] = {"system": system.name, "id": pid, "error": err}
        for key in ("body", "body_prefix", "snippets", "headline", "byline", "published"):
            if key in one:
                row[key] = {k: v for k, v in one[key].items() if k not in ("n", "supported")}
        for key in ("headline", "byline", "published"):
            if key in rec:
                row[f"{key}_pred"] = canonical.get(key)
        row["empty"] = one["empty_body"]
        out.append(row)
    return out


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


COLUMNS = (
    "set",
    "system",
    "n",
    "body F1",
    "P",
    "R",
    "start",
    "contained",
    "snip F1",
    "snip P",
    "snip R",
    "empty",
    "err",
    "head exact",
    "head norm",
    "author F1",
    "date",
    "ms med",
)


def _cells(row: dict[str, Any]) -> list[str]:
    body = row.get("body") if "body" in row["fields"] else None
    prefix = row.get("body_prefix") if "body" in row["fields"] else None
    snip = row.get("snippets") if "body" in row["fields"] else None
    head = row.get("headline") if "headline" in row["fields"] else None
    byl = row.get("byline") if "byline" in row["fields"] else None
    date = row.get("published") if "published" in row["fields"] else None
    return [
        row["set"],
        row["system"],
        str(row["pages"]),
        _f(body and body["f1"]),
        _f(body and body["precision"]),
        _f(body and body["recall"]),
        _f(prefix and prefix["start"]),
        _f(prefix and prefix["contained"]),
        _f(snip and snip["f1"]),
        _f(snip and snip["precision"]),
        _f(snip and snip["recall"]),
        str(row["empty"]) if "body" in row["fields"] else "–",
        str(row["errors"]),
        _f(head and head["exact"]),
        _f(head and head["norm_match"]),
        _f(byl and byl["f1"]),
        _f(date and date["day_match"]),
        _f(row.get("ms_median"), 1),
    ]


def format_table(part: str, rows: list[dict[str, Any]]) -> str:
    cells = [_cells(r) for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(COLUMNS)]
    pages = sum(r["pages"] for r in rows if r["system"] == "newsagg")
    lines = [
        f"## {part} part ({pages} pages)",
        "",
        "| " + " | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for r in cells:
        lines.append("| " + " | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) + " |")
    return "\n".join(lines)


def _doc_cell(row: dict[str, Any], key: str) -> str:
    fields = row["fields"]
    value = row.get(key)
    if not value or (key in ("body", "body_prefix", "snippets") and "body" not in fields):
        return "–"
    if key == "body":
        return _f(value["f1"])
    if key == "body_prefix":
        return _f(value["contained"])
    if key == "snippets":
        return f"{_f(value['f1'])} ({_f(value['recall'])})"
    if key == "headline" and "headline" in fields:
        return f"{_f(value['norm_match'])} ({_f(value['exact'])})"
    if key == "byline" and "byline" in fields:
        return _f(value["f1"])
    if key == "published" and "published" in fields:
        return _f(value["day_match"])
    return "–"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The compact table of docs/benchmarks.md: one row per part, set and system."""
    head = (
        "| part | set (pages) | system | body F1 | start found | snippet F1 (R) | empty "
        "| headline (raw exact) | author F1 | date | ms median |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in sorted(rows, key=lambda r: PARTS.index(r["part"])):  # stable: sets keep their order
        empty = str(r["empty"]) if "body" in r["fields"] else "–"
        cells = [
            r["part"],
            f"{r['set']} ({r['pages']})",
            r["system"],
            _doc_cell(r, "body"),
            _doc_cell(r, "body_prefix"),
            _doc_cell(r, "snippets"),
            empty,
            _doc_cell(r, "headline"),
            _doc_cell(r, "byline"),
            _doc_cell(r, "published"),
            _f(r.get("ms_median"), 1),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sets", nargs="+", default=[name for name, _, _ in DATASETS])
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--no-trafilatura", action="store_true", help="leave trafilatura out")
    ap.add_argument("--no-htmldate", action="store_true", help="leave htmldate out")
    ap.add_argument(
        "--no-htmldate-fallback",
        action="store_true",
        help="newsagg without its last date rule (htmldate on the article), to measure it",
    )
    ap.add_argument(
        "--without-date-rules",
        nargs="+",
        default=[],
        metavar="RULE",
        help="newsagg's published chain without these rules (benchmarks/date_witnesses.py's "
        "names: classed, byline, ...), to measure what they earn",
    )
    ap.add_argument("--per-page", type=Path, help="per-page rows (tuning part only), JSON lines")
    ap.add_argument("--json-out", type=Path, help="write every row as JSON")
    ap.add_argument("--limit", type=int, help="first N pages per set and part (smoke test)")
    ap.add_argument("--markdown", action="store_true", help="print the docs' compact table too")
    ap.add_argument(
        "--miss-kinds",
        action="store_true",
        help="count body misses by kind per set, part and system (benchmarks/body_misses.py)",
    )
    ap.add_argument("--render", type=Path, help="print a --json-out file's tables; run nothing")
    return ap.parse_args(argv)


def _print(rows: list[dict[str, Any]], parts: list[str], with_markdown: bool) -> None:
    print("\n\n".join(format_table(p, [r for r in rows if r["part"] == p]) for p in parts))
    if with_markdown:
        print("\n" + markdown(rows))


def _write(args: argparse.Namespace, rows: list[dict[str, Any]], per_page: list[Any]) -> None:
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            for row in per_page:
                f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1, default=str) + "\n", encoding="utf8")


def published_rules_without(names: list[str]) -> tuple[Any, ...]:
    """The published chain (``dates.PUBLISHED_RULES``) less the rules named as
    ``date_witnesses.chain_rules`` names them; an unknown name stops the run."""
    from aggregator.parser import dates
    from benchmarks.date_witnesses import chain_rules

    known = [name for name, _ in chain_rules()]
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise SystemExit(f"--without-date-rules: no rule {unknown}; the rules: {known}")
    kept = zip(known, dates.PUBLISHED_RULES, strict=True)
    return tuple(rule for name, rule in kept if name not in names)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.render:
        _print(json.loads(args.render.read_text("utf8")), list(PARTS), True)
        return 0
    try:
        root = require_data()
    except DataMissing as exc:
        print(exc)
        return 2
    split = load_split()
    if page_digest(load_datasets(root)) != split["pages_digest"]:
        print("the data differ from benchmarks/extraction_split.json's; remake the split first")
        return 2
    scorers = {
        "score": _load_data_scorer(root, "extraction", "score"),
        "score2": _load_data_scorer(root, "extraction2", "score2"),
    }
    if args.no_htmldate_fallback:
        from aggregator.parser.dates import fallback  # where the switch is read

        fallback.HTMLDATE_FALLBACK = False
    if args.without_date_rules:
        from aggregator.parser import dates  # the chain ``fields.dates_field`` reads

        dates.PUBLISHED_RULES = published_rules_without(args.without_date_rules)
    systems = systems_from(args)
    per_page: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    misses: list[str] | None = [] if args.miss_kinds else None
    for ds in (ds for ds in load_datasets(root) if ds.name in args.sets):
        for part in args.parts:
            sel = pages_in_part(ds, part)
            sel = sel[: args.limit] if args.limit else sel
            if sel:
                rows += run_part(ds, part, sel, systems, scorers, per_page, misses)
    _print(rows, args.parts, args.markdown)
    if misses:
        print("\nBody misses by kind (benchmarks/body_misses.py):\n" + "\n".join(misses))
    _write(args, rows, per_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
