"""Site-aware boilerplate: what learning a source's repeated blocks adds to page-only extraction.

    /tmp/venv/bin/python benchmarks/site_boilerplate.py [--data-root DIR] [--no-demo] \\
        [--show-removed]

Development pages (aeb, fundus), leave-one-out: pages are grouped by host; each
page's known blocks are learned from the OTHER pages of its host (stories
assigned among them by the dedup step, as storage would), then body F1 is scored
with and without :func:`aggregator.parser.site_boilerplate.strip_boilerplate`, for several
``min_stories`` (K) and with the length cap / edge window switched off, to show
what each rule does. Scored with the shared ``score.py``; "every <p>" is a weak
page-only extractor that leaves its furniture in, to show the step's effect when
there is furniture to remove.

Demo network: every article page goes through ``store_page`` into a fresh
database in publication order; reported per outlet are the candidate blocks
stored, those seen in >= K stories, and the paragraphs removed.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import re
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from aggregator.config import BoilerplateSettings, DedupSettings  # noqa: E402
from aggregator.dedup import MemoryLookup, build_profile, params_from_settings  # noqa: E402
from aggregator.parser import extract  # noqa: E402
from aggregator.parser.site_boilerplate import KnownBlocks, blocks_to_learn, strip_boilerplate  # noqa: E402
from aggregator.parser.text import clean, text_of  # noqa: E402
from aggregator.schema import Article, utc_now  # noqa: E402
from benchmarks.extraction import DEFAULT_DATA_ROOT, load_scorer  # noqa: E402

DEFAULT = BoilerplateSettings()
NO_CAP = 10**9
NO_WINDOW = 10**6


@dataclasses.dataclass(frozen=True)
class Rules:
    """Duck-typed BoilerplateSettings without the config bounds (to switch rules off)."""

    min_stories: int
    max_chars: int = DEFAULT.max_chars
    edge_paragraphs: int = DEFAULT.edge_paragraphs
    enabled: bool = True


VARIANTS: list[tuple[str, Callable[[int], Rules]]] = [
    ("default (cap 200, edge 6)", lambda k: Rules(k)),
    ("no length cap", lambda k: Rules(k, max_chars=NO_CAP)),
    ("no edge window", lambda k: Rules(k, edge_paragraphs=NO_WINDOW)),
    ("neither", lambda k: Rules(k, max_chars=NO_CAP, edge_paragraphs=NO_WINDOW)),
]


def as_text(article: Article) -> str:
    """The scored body, as benchmarks/extraction.py maps it (an on-page standfirst first)."""
    paragraphs = list(article.body)
    if (
        article.standfirst
        and article.provenance.get("standfirst") in ("heuristic", "override", "source-parser")
        and not any(article.standfirst[:60] in p for p in paragraphs[:3])
    ):
        paragraphs.insert(0, article.standfirst)
    return "\n\n".join(paragraphs)


def every_p(html: str, url: str) -> Article:
    """Every <p>'s text, in page order: a page-only extractor with no boilerplate rules."""
    from aggregator.parser.tree import parse

    page = parse(html, url)
    body = (
        []
        if page.root is None
        else [t for t in (clean(text_of(p)) for p in page.root.iter("p")) if t]
    )
    return Article(
        url=url, canonical_url=url, source="", headline="", body=body, fetched_at=utc_now()
    )


def ours(html: str, url: str) -> Article:
    return extract(html, url)


def assign_stories(articles: dict[str, Article]) -> dict[str, str]:
    """Story id per page among pages of one host, decided by the dedup step."""
    settings = DedupSettings()
    lookup = MemoryLookup(settings)
    params = params_from_settings(settings)
    for pid, article in sorted(articles.items()):
        lookup.ingest(pid, build_profile(article.body, params), article.headline)
    return {pid: str(lookup.story_of(pid)) for pid in articles}


def known_from(others: list[tuple[Article, str]], source: str) -> KnownBlocks:
    """What storage would hold for the source after storing ``others``.

    Story ids are distinct per block.
    """
    stories: dict[str, set[str]] = collections.defaultdict(set)
    for article, story in others:
        for block in blocks_to_learn(article):
            stories[block.hash].add(story)
    return KnownBlocks(source, {h: len(s) for h, s in stories.items()})


def body_f1(score: Any, rows: list[tuple[str, str]]) -> float:
    return score.body_prf([score.body_counts(truth, pred) for truth, pred in rows])[2]


def dev_benchmark(data_root: Path, sets: list[str], ks: list[int], show_removed: bool) -> list[str]:
    score = load_scorer(data_root)
    split = json.loads((data_root / "split.json").read_text("utf8"))
    wanted = set(split["dev"])
    lines = [
        "| set | extractor | rule | K | body F1 (all pages) | body F1 (hosts ≥ 2 pages) "
        "| pages changed | paragraphs removed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in sets:
        dataset, pages = score.load_dataset(data_root / name)
        sel = {pid: rec for pid, rec in sorted(pages.items()) if f"{dataset}/{pid}" in wanted}
        by_host: dict[str, list[str]] = collections.defaultdict(list)
        for pid, rec in sel.items():
            by_host[urlsplit(rec["url"]).hostname or ""].append(pid)
        multi = {pid for pids in by_host.values() if len(pids) >= 2 for pid in pids}
        for ext_name, func in (("ours", ours), ("every <p>", every_p)):
            articles = {
                pid: func(
                    (data_root / name / "html" / f"{pid}.html").read_text("utf8", "replace"),
                    rec["url"],
                )
                for pid, rec in sel.items()
            }
            story = {}
            for pids in by_host.values():
                story.update(assign_stories({pid: articles[pid] for pid in pids}))
            truth = {pid: rec.get("body") or "" for pid, rec in sel.items()}
            base = {pid: as_text(a) for pid, a in articles.items()}
            hosts_multi = sum(len(p) >= 2 for p in by_host.values())
            lines.append(
                f"| {dataset} ({len(sel)}; {len(multi)} in {hosts_multi} hosts ≥ 2) "
                f"| {ext_name} | page only | – "
                f"| {body_f1(score, [(truth[p], base[p]) for p in sel]):.3f} "
                f"| {body_f1(score, [(truth[p], base[p]) for p in multi]):.3f} | – | – |"
            )
            for label, make in VARIANTS:
                for k in ks:
                    rules = make(k)
                    pred, changed, removed = {}, 0, 0
                    for host, pids in by_host.items():
                        for pid in pids:
                            others = [(articles[o], story[o]) for o in pids if o != pid]
                            out = strip_boilerplate(articles[pid], known_from(others, host), rules)  # type: ignore[arg-type]
                            pred[pid] = as_text(out.article)
                            if out.removed or out.standfirst_removed:
                                changed += 1
                                removed += len(out.removed) + out.standfirst_removed
                                if show_removed and label.startswith("default"):
                                    for p in out.removed:
                                        print(
                                            f"[{dataset} {ext_name} K={k}] {host}: "
                                            f"removed {p[:90]!r}",
                                            file=sys.stderr,
                                        )
                    lines.append(
                        f"| {dataset} | {ext_name} | {label} | {k} "
                        f"| {body_f1(score, [(truth[p], pred[p]) for p in sel]):.3f} "
                        f"| {body_f1(score, [(truth[p], pred[p]) for p in multi]):.3f} "
                        f"| {changed} | {removed} |"
                    )
    return lines


_WORD = re.compile(r"\w+")


def _in_truth(paragraph: str, truth_words: str) -> bool:
    words = " ".join(_WORD.findall(paragraph.casefold()))
    return bool(words) and words in truth_words


def length_evidence(data_root: Path, sets: list[str]) -> list[str]:
    """Why a length cap: furniture our parser leaves at the edges of a body is short, text is not.

    A paragraph is "furniture" when its words are not in the page's true body;
    "at an edge" when only furniture lies between it and the start or end.
    """
    score = load_scorer(data_root)
    split = set(json.loads((data_root / "split.json").read_text("utf8"))["dev"])
    furniture: list[int] = []
    text: list[int] = []
    for name in sets:
        dataset, pages = score.load_dataset(data_root / name)
        for pid, rec in sorted(pages.items()):
            if f"{dataset}/{pid}" not in split:
                continue
            article = ours(
                (data_root / name / "html" / f"{pid}.html").read_text("utf8", "replace"), rec["url"]
            )
            truth_words = " ".join(_WORD.findall((rec.get("body") or "").casefold()))
            flags = [_in_truth(p, truth_words) for p in article.body]
            first = next((i for i, f in enumerate(flags) if f), len(flags))
            last = max((i for i, f in enumerate(flags) if f), default=-1)
            for i, (paragraph, real) in enumerate(zip(article.body, flags, strict=True)):
                if real:
                    text.append(len(paragraph))
                elif i < first or i > last:
                    furniture.append(len(paragraph))
    lines = [
        f"| cap (chars) | furniture left at the body's edges under the cap ({len(furniture)}) "
        f"| real paragraphs under the cap ({len(text)}) |",
        "|---|---|---|",
    ]
    for cap in (100, 200, 300, 400, 600):
        furniture_under = sum(n <= cap for n in furniture) / len(furniture)
        text_under = sum(n <= cap for n in text) / len(text)
        lines.append(f"| {cap} | {furniture_under:.0%} | {text_under:.0%} |")
    return lines


def demo_benchmark() -> list[str]:
    """Crawl-order ingest of the demo network through store_page; blocks learned per outlet."""
    from aggregator.config import parse_config
    from aggregator.schema import FetchedPage
    from app.demo import DemoNetwork, ground_truth
    from storage.boilerplate import learned_blocks
    from storage.db import open_db
    from storage.pages import store_page

    config_text = (REPO / "config.yaml").read_text("utf8")
    order = sorted(
        ground_truth(), key=lambda a: (a.published_at is None, a.published_at or utc_now(), a.id)
    )
    lines = [
        "| outlet | pages | candidate blocks stored | seen in ≥ 2 stories | seen in ≥ K=3 stories "
        "| paragraphs removed | bodies equal to the truth | every <p>: blocks ≥ 3 stories "
        "| every <p>: F1 before → after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    score = load_scorer(DEFAULT_DATA_ROOT)
    with DemoNetwork(base_port=0).start() as net, tempfile.TemporaryDirectory() as tmp:
        config = parse_config(config_text.replace("base_port: 8801", f"base_port: {net.base_port}"))
        db = open_db(Path(tmp) / "news.db")
        stats: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        naive_known: dict[str, dict[str, set[str]]] = collections.defaultdict(
            lambda: collections.defaultdict(set)
        )
        naive_rows: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
        for a in order:
            url = net.outlet(a.outlet).base_url + a.path
            html = urllib.request.urlopen(url, timeout=10).read()
            page = FetchedPage(url=url, source=a.outlet, html=html, fetched_at=utc_now())
            result = store_page(db, page, config.source(a.outlet), config)
            stored = json.loads(
                db.execute(
                    "SELECT body FROM articles WHERE id = ?", [result.article_id]
                ).fetchone()[0]
            )
            prov = json.loads(
                db.execute(
                    "SELECT provenance FROM articles WHERE id = ?", [result.article_id]
                ).fetchone()[0]
            )
            s = stats[a.outlet]
            s["pages"] += 1
            s["equal"] += stored == list(a.body)
            if "site-boilerplate" in prov.get("body", ""):
                s["removed"] += int(prov["body"].split("removed ")[1].split(" ")[0])
            # The same crawl order with the every-<p> extractor, learning as it goes.
            naive = every_p(html.decode("utf8"), url)
            known = KnownBlocks(a.outlet, {h: len(v) for h, v in naive_known[a.outlet].items()})
            cleaned = strip_boilerplate(naive, known, DEFAULT).article
            truth = "\n\n".join(([a.standfirst] if a.standfirst else []) + list(a.body))
            naive_rows[a.outlet].append((truth, "\n\n".join(naive.body), "\n\n".join(cleaned.body)))
            for block in blocks_to_learn(naive):
                naive_known[a.outlet][block.hash].add(a.story_key)
        for outlet, s in sorted(stats.items()):
            blocks = learned_blocks(db, outlet)
            naive_learned = sum(
                1 for v in naive_known[outlet].values() if len(v) >= DEFAULT.min_stories
            )
            before = body_f1(score, [(t, b) for t, b, _ in naive_rows[outlet]])
            after = body_f1(score, [(t, c) for t, _, c in naive_rows[outlet]])
            lines.append(
                f"| {outlet} | {s['pages']} | {len(blocks)} "
                f"| {sum(b.stories >= 2 for b in blocks)} "
                f"| {sum(b.stories >= 3 for b in blocks)} | {s['removed']} "
                f"| {s['equal']}/{s['pages']} "
                f"| {naive_learned} | {before:.3f} → {after:.3f} |"
            )
        db.close()
    return lines


def timing(articles: int = 5000, sources: int = 10) -> list[str]:
    """Cost of the per-page read (known_blocks) and of learning one article (learn_blocks)."""
    import random
    import statistics
    import time

    from storage.boilerplate import known_blocks, learn_blocks
    from storage.db import open_db, write_transaction

    rng = random.Random(7)
    words = [f"w{a}{b}" for a in "abcdefghij" for b in "klmnopqrst"]
    furniture = [f"Shared furniture line {c} of this site." for c in "abcde"]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "news.db")
        learn_ms, read_ms = [], []
        now = utc_now().isoformat()
        for n in range(articles):
            body = [
                " ".join(rng.choice(words) for _ in range(rng.randint(8, 40))) for _ in range(18)
            ]
            body[-2:] = rng.sample(furniture, 2)
            article = Article(
                url=f"u{n}",
                canonical_url=f"u{n}",
                source=f"s{n % sources}",
                headline="",
                body=body,
                fetched_at=utc_now(),
                standfirst=" ".join(rng.choice(words) for _ in range(12)),
            )
            t0 = time.perf_counter()
            with write_transaction(db):
                learn_blocks(db, article, n, now)
            learn_ms.append((time.perf_counter() - t0) * 1000)
        for n in range(2000):
            t0 = time.perf_counter()
            known_blocks(db, f"s{n % sources}", 3)
            read_ms.append((time.perf_counter() - t0) * 1000)
        learned = db.execute("SELECT count(*) FROM source_blocks").fetchone()[0]
        once = db.execute("SELECT count(*) FROM block_sightings").fetchone()[0]
        db.close()
    return [
        "| source_blocks rows | block_sightings rows "
        "| learn_blocks per article (own transaction), median ms "
        "| known_blocks per page, median ms |",
        "|---|---|---|---|",
        f"| {learned} | {once} ({articles} articles, {sources} sources) "
        f"| {statistics.median(learn_ms):.3f} "
        f"| {statistics.median(read_ms):.3f} |",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data-root", type=Path, default=DEFAULT_DATA_ROOT)
    ap.add_argument("--sets", nargs="+", default=["aeb", "fundus"])
    ap.add_argument("--k", nargs="+", type=int, default=[1, 2, 3], help="min_stories values to try")
    ap.add_argument("--no-demo", action="store_true", help="skip the demo network part")
    ap.add_argument(
        "--timing", action="store_true", help="also time the per-page read and the learning write"
    )
    ap.add_argument(
        "--show-removed", action="store_true", help="print what the default rule removed (stderr)"
    )
    args = ap.parse_args(argv)
    print("\n".join(dev_benchmark(args.data_root, args.sets, args.k, args.show_removed)))
    print()
    print("\n".join(length_evidence(args.data_root, args.sets)))
    if args.timing:
        print()
        print("\n".join(timing()))
    if not args.no_demo:
        print()
        print("\n".join(demo_benchmark()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
