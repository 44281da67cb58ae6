"""Regenerate the parser's golden files after a deliberate change.

    /tmp/venv/bin/python scripts/regen_golden.py          # rewrite HTML and JSON
    /tmp/venv/bin/python scripts/regen_golden.py --check  # exit 1 if any JSON would change

For each demo outlet template (one article per template) and the seed page it
writes ``tests/golden/<outlet>/<id>.html`` and the parser's output as
``<id>.json``. Review the diff before committing: the JSON is what
tests/test_parser_golden.py holds the parser to.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GOLDEN = REPO / "tests" / "golden"
FETCHED_AT = datetime(2026, 7, 1, tzinfo=UTC)
DEMO_PORT = 8801
SEED = (
    "seed",
    "seed_copy",
    GOLDEN / "seed" / "seed_copy.html",
    "https://caribbeandailyherald.example/2019/01/trump-kim-to-hold-a-second-summit/",
)


def golden_json(html: str | bytes, url: str) -> dict:
    """The parser's output in the stable form the golden files hold."""
    from aggregator.parser import extract

    data = extract(html, url, fetched_at=FETCHED_AT).to_dict()
    data.pop("fetched_at", None)
    return data


def demo_pages() -> list[tuple[str, str, str, str]]:
    """(outlet, id, html, url): the first original-or-independent article of every template."""
    from app.demo import ground_truth, outlet_base_url
    from app.demo.content import outlet_spec
    from app.demo.templates import render_article

    pages, seen = [], set()
    for article in ground_truth():
        spec = outlet_spec(article.outlet)
        if spec.kind in seen:
            continue
        seen.add(spec.kind)
        html = render_article(spec, article, outlet_base_url(article.outlet, DEMO_PORT))
        pages.append((article.outlet, article.id, html, article.url(DEMO_PORT)))
    return pages


def all_pages() -> list[tuple[str, str, str | bytes, str]]:
    outlet, pid, path, url = SEED
    return [*demo_pages(), (outlet, pid, path.read_bytes(), url)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--check", action="store_true", help="only report files that would change")
    args = ap.parse_args(argv)
    changed = 0
    for outlet, pid, html, url in all_pages():
        folder = GOLDEN / outlet
        html_path, json_path = folder / f"{pid}.html", folder / f"{pid}.json"
        meta_path = folder / f"{pid}.url"
        text = (
            json.dumps(golden_json(html, url), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        )
        if json_path.exists() and json_path.read_text("utf8") == text:
            continue
        changed += 1
        print(("would change " if args.check else "wrote ") + str(json_path.relative_to(REPO)))
        if not args.check:
            folder.mkdir(parents=True, exist_ok=True)
            html_path.write_bytes(html if isinstance(html, bytes) else html.encode("utf8"))
            meta_path.write_text(url + "\n", "utf8")
            json_path.write_text(text, "utf8")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
