"""The body's steps switched off one at a time: what each earns, tuning against validation.

    .venv/bin/python benchmarks/body_steps.py [--sets mercury newspaper ...]
        [--steps NAME ...] [--per-page FILE] [--json-out FILE] [--list]

The steps that decide where the body starts, what is cut from its top (and its other
lines) and which container holds the text each have a name here (``STEPS``), with the
answer the step gives when it is switched off: no dek left out of the walk, no lead
paragraphs, no line filter of that kind, only the first candidate, and so on. Switching
a step off replaces one function of the parser (``aggregator.parser``) for the run's
duration and puts it back after; the parser has no code path of its own for this.

For every set and part, newsagg's figure with every step on and with each step off, as
``benchmarks/extraction.py`` maps our output onto the scorers (the standfirst printed
before the body) and as the data sets' own scorers score it: body F1 (aeb, fundus,
newspaper, newspaper4k), start found ("contained") and strict start (mercury, goose3),
snippet F1 (trafilatura's pages). On the tuning part, the pages whose score the step
changes, where it is right (the page scores better with it) and where wrong, and on how
many sites (``benchmarks/extraction_data.py``'s sites); on the validation part only the
set's figures and how many pages moved. ``--per-page`` writes the tuning pages' changes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    PARTS,
    load_datasets,
    load_scorer,
    page_sites,
    pages_in_part,
    read_html,
    require_data,
)


def _no(*_: Any) -> bool:
    return False


def _nothing(*_: Any) -> None:
    return None


def _first_candidate(root: Any, scores: Any) -> Iterator[Any]:
    from aggregator.parser.body.container import candidates

    return itertools.islice(candidates(root, scores), 1)


def _related_only(view: Any) -> set[Any]:
    return set(view.related_blocks)


@dataclass(frozen=True)
class Step:
    """A step of the body by name: what it does, and the parser's functions that stand for
    it, each with its answer when the step is off (module, attribute, stand-in)."""

    name: str
    what: str
    switches: tuple[tuple[str, str, Callable[..., Any]], ...]


_LINES = "aggregator.parser.body.lines"
_HEURISTIC = "aggregator.parser.body.heuristic"
_WALK = "aggregator.parser.body.walk"

STEPS: tuple[Step, ...] = (
    # The dek: what the standfirst takes from the body's top.
    Step(
        "dek",
        "the standfirst's element left out of the body's walk",
        (("aggregator.parser.view", "PageView.found_apart", _related_only),),
    ),
    Step(
        "dek-text-opening",
        "a lead-classed box that is the text's opening is no dek (round 19 A)",
        (("aggregator.parser.metadata.dek", "_text_opening", _no),),
    ),
    Step(
        "dek-after-body",
        "a dek after the body or a picture block is none (fields._no_dek)",
        (("aggregator.parser.fields", "_no_dek", _no),),
    ),
    # The lead: the text's opening outside the container.
    Step(
        "lead",
        "prose between the headline and the container opens the body",
        ((_HEURISTIC, "lead_paragraphs", lambda view, parts: []),),
    ),
    Step(
        "lead-description",
        "a lead paragraph equal to the description is the dek, not the body (round 19 B)",
        (("aggregator.parser.body.lead", "_without_description", lambda view, ps: ps),),
    ),
    Step(
        "capital-label",
        "a label in capitals over the text is dropped",
        ((_HEURISTIC, "capital_label", _no),),
    ),
    # The walk: what it keeps at the top and how it cuts paragraphs.
    Step(
        "lead-caption",
        "the lead picture's caption before any text opens the body",
        ((_WALK, "Walker._lead_caption", _no),),
    ),
    Step(
        "opening-dateline",
        "a dateline-classed element opening a paragraph is its first words",
        ((_WALK, "opening_dateline", _no),),
    ),
    Step(
        "br-paragraphs",
        "two <br> after a sentence's end end a paragraph (round 19 D)",
        ((_WALK, "_line_ended", _no),),
    ),
    # The line filters.
    Step(
        "headline-again",
        "the title again (or kicker + title) is dropped",
        ((_LINES, "_headline_again", _no),),
    ),
    Step(
        "opening-credit",
        "a caption's credit or a dated byline before the first paragraph (round 19 C2)",
        ((_LINES, "_opening_credit", _no),),
    ),
    Step(
        "furniture-line",
        "every furniture line: label, reading time, byline, stamp, credit, contact",
        ((_LINES, "_furniture_line", _no),),
    ),
    Step("byline-line", "a by-word and names", ((_LINES, "_byline_line", _no),)),
    Step("date-line", "a date or time stamp", ((_LINES, "_date_line", _no),)),
    Step("label-line", "a picture credit, a tag list", ((_LINES, "_label_line", _no),)),
    Step(
        "split-from-text",
        "a line <br><br> parts from the text's paragraph is no furniture (round 19 D)",
        ((_LINES, "_split_from_text", _no),),
    ),
    Step("link-line", "a line mostly of links", ((_LINES, "_link_line", _no),)),
    Step("related-label", "a related-reading label", ((_LINES, "_related_label_line", _no),)),
    Step("cta-box", "a sign-up box between paragraphs", ((_LINES, "_call_to_action_box", _no),)),
    Step(
        "closing-line",
        "calls to action, a bare subheading, a credit note closing the text",
        ((_LINES, "_closing_line", _no),),
    ),
    # The container.
    Step(
        "next-candidates",
        "the next candidates walked when the best keeps little of its text",
        ((_HEURISTIC, "candidates", _first_candidate),),
    ),
    Step(
        "parts",
        "sibling blocks and template twins continue the container",
        ((_HEURISTIC, "parts_of", lambda root, best, score, scores: [best]),),
    ),
    Step(
        "declared-parts",
        "blocks JSON-LD's hasPart names are text whatever their class",
        ((_HEURISTIC, "declared_parts", lambda view: frozenset()),),
    ),
    Step(
        "json-ld-richer",
        "JSON-LD articleBody instead of a walk that missed much of it",
        ((_HEURISTIC, "ld_body_if_richer", _nothing),),
    ),
    # The body chain's last resorts (their provenance names).
    Step(
        "densest-block",
        "the densest block, when the walk found nothing",
        (("aggregator.parser.body", "densest_block", _nothing),),
    ),
    Step(
        "ld-article-body",
        "JSON-LD articleBody however short, when nothing else was found",
        (("aggregator.parser.body", "ld_article_body", _nothing),),
    ),
    Step(
        "meta-description",
        "the page's description, last resort",
        (("aggregator.parser.body", "meta_description", _nothing),),
    ),
)
STEP_NAMES = tuple(step.name for step in STEPS)


def _owner(module: str, attribute: str) -> tuple[Any, str]:
    """The object holding ``attribute`` ("Class.method" names a class's) and its last name."""
    owner: Any = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    if not hasattr(owner, name):
        raise AttributeError(f"{module}.{attribute}: no such function to switch off")
    return owner, name


@contextlib.contextmanager
def switched_off(names: list[str] | tuple[str, ...]) -> Iterator[None]:
    """The parser with the named steps off for the block's duration; an unknown name
    stops the run."""
    unknown = sorted(set(names) - set(STEP_NAMES))
    if unknown:
        raise SystemExit(f"no body step {unknown}; the steps: {list(STEP_NAMES)}")
    saved: list[tuple[Any, str, Any]] = []
    try:
        for step in STEPS:
            if step.name not in names:
                continue
            for module, attribute, stand_in in step.switches:
                owner, name = _owner(module, attribute)
                saved.append((owner, name, owner.__dict__[name]))
                setattr(owner, name, stand_in)
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    key: str  # "set/id"
    site: str
    html: str
    url: str
    record: dict[str, Any]


def body_text(html: str, url: str) -> str:
    """Our body as ``benchmarks/extraction.py`` gives it to the scorers."""
    from benchmarks.extraction import ours

    return str(ours(html, url)["body"])


class SetScorer:
    """One set's figure and per-page score, from the data set's own scorer."""

    def __init__(self, name: str, root: Path, folder: str) -> None:
        self.name = name
        self.base = load_scorer(root, "extraction", "score")
        extraction2 = folder == "extraction2"
        self.score2 = load_scorer(root, "extraction2", "score2") if extraction2 else None

    def page(self, rec: dict[str, Any], body: str) -> dict[str, float]:
        """A page's scores, higher is better: body F1; contained and strict start; the
        snippets found right less those found wrong."""
        if "body_prefix" in rec and self.score2 is not None:
            found = self.score2.prefix_scores(rec["body_prefix"], body) or (0.0, 0.0)
            return {"contained": found[0], "start": found[1]}
        if ("body_with" in rec or "body_without" in rec) and self.score2 is not None:
            tp, fp, _, _ = self.score2.snippet_counts(
                rec.get("body_with", []), rec.get("body_without", []), body
            )
            return {"snippets": float(tp - fp)}
        if "body" not in rec:
            return {}  # no body truth on this page
        tp, fp, fn = self.base.body_counts(rec["body"], body)
        p, r = self.base._prec(tp, fp, fn), self.base._rec(tp, fp, fn)
        return {"F1": 2 * p * r / (p + r) if p + r else 0.0}

    def figure(self, pages: list[Page], bodies: list[str]) -> dict[str, float]:
        """The set's aggregate figures, as its scorer computes them."""
        if self.score2 is None:
            counts = [
                self.base.body_counts(p.record["body"], b)
                for p, b in zip(pages, bodies, strict=True)
            ]
            return {"body F1": self.base.body_prf(counts)[2]}
        system = argparse.Namespace(name="newsagg", version="")
        runs = [({"body": b}, None, 0.0) for b in bodies]
        res = self.score2.score_dataset(system, [(p.key, p.record) for p in pages], runs)
        if "body_prefix" in res:
            return {k: res["body_prefix"][k] for k in ("contained", "start")}
        if "snippets" in res:
            return {"snippet F1": res["snippets"]["f1"], "snippet R": res["snippets"]["recall"]}
        return {"body F1": res["body"]["f1"]}


def load_pages(sets: list[str]) -> dict[tuple[str, str], list[Page]]:
    """(set, part) -> its pages, in the split's order."""
    root = require_data()
    datasets = load_datasets(root)
    sites = page_sites(datasets)
    out: dict[tuple[str, str], list[Page]] = {}
    for ds in datasets:
        if ds.name not in sets:
            continue
        for part in PARTS:
            out[ds.name, part] = [
                Page(
                    f"{ds.name}/{pid}",
                    sites[f"{ds.name}/{pid}"],
                    read_html(ds.html_path(pid)),
                    rec.get("url") or "",
                    rec,
                )
                for pid, rec in pages_in_part(ds, part)
            ]
    return out


def _scorers(sets: list[str]) -> dict[str, SetScorer]:
    from benchmarks.extraction_data import DATASETS

    root = require_data()
    return {name: SetScorer(name, root, folder) for name, folder, _ in DATASETS if name in sets}


def step_rows(
    pages: dict[tuple[str, str], list[Page]],
    scorers: dict[str, SetScorer],
    steps: list[str],
    per_page: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Per step, set and part: the figures with the step on and off, and on the tuning
    part the pages (and sites) where the step is right and wrong."""
    bodies_on = {key: [body_text(p.html, p.url) for p in ps] for key, ps in pages.items()}
    rows = []
    for name in steps:
        with switched_off([name]):
            bodies_off = {key: [body_text(p.html, p.url) for p in ps] for key, ps in pages.items()}
        for (set_name, part), ps in pages.items():
            scorer = scorers[set_name]
            on, off = bodies_on[set_name, part], bodies_off[set_name, part]
            row: dict[str, Any] = {
                "step": name,
                "set": set_name,
                "part": part,
                "pages": len(ps),
                "moved": sum(a != b for a, b in zip(on, off, strict=True)),
                "on": scorer.figure(ps, on),
                "off": scorer.figure(ps, off),
            }
            if part == "tuning":
                row["verdicts"] = _verdicts(name, ps, scorer, on, off, per_page)
            rows.append(row)
    return rows


def _verdicts(
    name: str,
    pages: list[Page],
    scorer: SetScorer,
    on: list[str],
    off: list[str],
    per_page: list[dict[str, Any]],
) -> dict[str, dict[str, int]]:
    """Per score: the tuning pages (and their sites) that score better with the step
    (right) and worse (wrong)."""
    right: dict[str, list[Page]] = {}
    wrong: dict[str, list[Page]] = {}
    for page, with_step, without in zip(pages, on, off, strict=True):
        if with_step == without:
            continue
        a, b = scorer.page(page.record, with_step), scorer.page(page.record, without)
        for metric in a:
            right.setdefault(metric, [])
            wrong.setdefault(metric, [])
            if a[metric] != b[metric]:
                (right if a[metric] > b[metric] else wrong)[metric].append(page)
        per_page.append(
            {
                "step": name,
                "page": page.key,
                "site": page.site,
                "on": a,
                "off": b,
                "on_start": with_step[:300],
                "off_start": without[:300],
            }
        )
    return {
        metric: {
            "right": len(right[metric]),
            "right_sites": len({p.site for p in right[metric]}),
            "wrong": len(wrong[metric]),
            "wrong_sites": len({p.site for p in wrong[metric]}),
        }
        for metric in right
    }


def _cell(figures: dict[str, float]) -> str:
    return " / ".join(f"{v:.3f}" for v in figures.values())


def _judged(verdicts: dict[str, dict[str, int]]) -> tuple[str, str]:
    """The right and wrong cells: pages (sites) per score, "contained 1 (1), start 0"."""
    cells = []
    for side in ("right", "wrong"):
        parts = [
            f"{metric} {v[side]} ({v[side + '_sites']})"
            if len(verdicts) > 1
            else f"{v[side]} ({v[side + '_sites']})"
            for metric, v in verdicts.items()
        ]
        cells.append(", ".join(parts) or "0")
    return cells[0], cells[1]


def table(rows: list[dict[str, Any]]) -> str:
    """One line per step and set that moved a page: tuning pages right and wrong (sites),
    the figure with the step and without it on both parts, validation pages moved."""
    lines = [
        "| step | set | tuning moved | right (sites) | wrong (sites) | tuning on → off "
        "| validation moved | validation on → off |",
        "|---|---|---|---|---|---|---|---|",
    ]
    by_key = {(r["step"], r["set"], r["part"]): r for r in rows}
    for step, set_name, part in by_key:
        if part != "tuning":
            continue
        t = by_key[step, set_name, "tuning"]
        v = by_key.get((step, set_name, "validation"))
        if not t["moved"] and not (v and v["moved"]):
            continue
        right, wrong = _judged(t["verdicts"])
        lines.append(
            f"| {step} | {set_name} | {t['moved']} | {right} | {wrong} "
            f"| {_cell(t['on'])} → {_cell(t['off'])} | {v['moved'] if v else '–'} | "
            + (f"{_cell(v['on'])} → {_cell(v['off'])}" if v else "–")
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=None, help="data sets (default: all seven)")
    ap.add_argument("--steps", nargs="+", default=list(STEP_NAMES), metavar="NAME")
    ap.add_argument("--per-page", type=Path, help="tuning pages' changes, JSON lines")
    ap.add_argument("--json-out", type=Path, help="every row as JSON")
    ap.add_argument("--list", action="store_true", help="print the steps and stop")
    args = ap.parse_args(argv)
    if args.list:
        for step in STEPS:
            print(f"{step.name}: {step.what}")
        return 0
    from benchmarks.extraction_data import DATASETS

    sets = args.sets or [name for name, _, _ in DATASETS]
    with switched_off(args.steps):
        pass  # every name known and every function there, before the long run
    pages = load_pages(sets)
    per_page: list[dict[str, Any]] = []
    rows = step_rows(pages, _scorers(sets), args.steps, per_page)
    print(table(rows))
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf8")
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as fh:
            for row in per_page:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
