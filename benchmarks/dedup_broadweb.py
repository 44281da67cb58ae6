"""Both dedup tiers on pages no dedup rule was developed on: the extraction sets' pages.

    NEWSAGG_DATA=../shared/data .venv/bin/python benchmarks/dedup_broadweb.py [--warm] [--list]

The development pages of the extraction sets (benchmarks/extraction_data.py: seven sets,
some 890 article pages of about 600 sites, many languages, 2010 to 2023) are texts of
many outlets, none made from another's text as far as their truth says, with a few
groups of independent reports of one happening (one extractor's fixtures were saved in
one week of November 2019). Each page goes through ``aggregator.extract`` and then,
with the others, through ``aggregator ingest`` into a fresh SQLite file and
``export --articles`` (benchmarks/dedup.py's path, in the same arrival order). Printed:

* **story tier**: stories holding articles of two or more sites. The issue's first goal
  is that no independent report is merged into another's story; every such story is a
  merge to read by hand (a page set may still hold a real syndicated copy);
* **event tier**: events of two or more stories, and the stories in them. There is no
  event truth here: the counts say how much related coverage the tier links on the
  broad web, and ``--list`` shows what.

``--warm`` puts the wire-reuse development set (3,130 news articles) in the store as
well, so that the event tier's rarity table is that of a store of news rather than of
a few hundred pages. Counts are given per part of the extraction split (a story or
event whose pages are all of one part, or of both); ``--list`` prints the headlines of
the tuning part's only, by the split's rule.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup import through_cli  # noqa: E402
from dedup_data import load_rows, public  # noqa: E402
from extraction_data import (  # noqa: E402
    load_datasets,
    load_split,
    part_of,
    read_html,
    registrable_domain,
    require_data,
)

import aggregator  # noqa: E402
from aggregator.hygiene import clean_url  # noqa: E402

WARM = "warm-up"  # the part of a wire-reuse row


@dataclass(frozen=True)
class Page:
    """One article as the benchmark ingests it, with where it comes from."""

    record: dict
    site: str
    part: str  # "tuning", "validation", or WARM


def extracted_pages(root: Path) -> list[Page]:
    """Every development extraction page with a body, as an ingest record."""
    parts = part_of(load_split())
    pages: list[Page] = []
    seen: set[str] = set()
    for ds in load_datasets(root):
        for pid, truth in sorted(ds.pages.items()):
            url = clean_url(truth.get("url"))  # as ingest stores it, so the export matches
            if not url.startswith(("http://", "https://")) or url in seen:
                continue  # one article per address, as a store keeps it
            article = aggregator.extract(read_html(ds.html_path(pid)), url)
            if not article.body:
                continue
            seen.add(url)
            record = {
                "id": f"{ds.name}/{pid}",
                "url": url,
                "site": registrable_domain(url),
                "headline": article.headline,
                "byline": article.byline_raw or "",
                "body": "\n\n".join(article.body),
                "published": article.published_at.isoformat() if article.published_at else None,
            }
            pages.append(Page(record, record["site"], parts.get(record["id"], "tuning")))
    return pages


@dataclass(frozen=True)
class Group:
    """A story or event of several members: which pages, of which sites and parts."""

    members: tuple[int, ...]  # indices into the pages
    sites: frozenset[str]
    parts: frozenset[str]

    @property
    def part(self) -> str:
        own = self.parts - {WARM}
        return next(iter(own)) if len(own) == 1 else "both" if own else WARM


def groups_of(
    pages: Sequence[Page], ids: Sequence[str], *, members: Sequence[str] | None = None
) -> list[Group]:
    """The groups (by ``ids``, one per page) of two or more distinct ``members`` (by
    default the pages themselves; the stories, for events) that hold an extraction page."""
    keys = members if members is not None else [str(i) for i in range(len(pages))]
    by_group: dict[str, dict[str, int]] = collections.defaultdict(dict)
    for i, (group, member) in enumerate(zip(ids, keys, strict=True)):
        by_group[group].setdefault(member, i)
    found = []
    for first_pages in by_group.values():
        chosen = tuple(sorted(first_pages.values()))
        parts = frozenset(pages[i].part for i in chosen)
        if len(chosen) > 1 and parts != {WARM}:
            found.append(Group(chosen, frozenset(pages[i].site for i in chosen), parts))
    return found


def report(
    pages: Sequence[Page], stories: Sequence[str], events: Sequence[str], listing: bool
) -> None:
    merged = [g for g in groups_of(pages, stories) if len(g.sites) > 1]
    linked = groups_of(pages, events, members=stories)
    extraction = sum(1 for p in pages if p.part != WARM)
    print(
        f"{extraction} extraction pages ingested, "
        f"{len(pages) - extraction} wire-reuse rows beside them"
    )
    for label, groups in (
        ("stories of two or more sites", merged),
        ("events of two or more stories", linked),
    ):
        by_part = collections.Counter(g.part for g in groups)
        counts = ", ".join(
            f"{part} {by_part[part]}"
            for part in ("tuning", "validation", "both", WARM)
            if by_part[part]
        )
        linked_stories = sum(len(g.members) for g in groups)
        print(
            f"  {label}: {len(groups)} ({counts or 'none'}; "
            f"{linked_stories} stories or pages in them)"
        )
        if listing:
            for group in groups:
                if group.part == "tuning":
                    print(
                        "    - "
                        + " | ".join(
                            f"{pages[i].site}: {pages[i].record['headline'][:60]}"
                            for i in group.members
                        )
                    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", action="store_true", help="store the wire-reuse set as well")
    parser.add_argument("--list", action="store_true", help="headlines of the tuning part's groups")
    args = parser.parse_args(argv)
    pages = extracted_pages(require_data())
    if args.warm:
        pages += [Page(row, row["site"], WARM) for row in public(load_rows())]
    with tempfile.TemporaryDirectory(prefix="dedup-broadweb-") as tmp:
        stories, events, _ = through_cli([p.record for p in pages], Path(tmp))
    report(pages, stories, events, args.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
