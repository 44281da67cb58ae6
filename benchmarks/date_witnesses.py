"""Every rule of the published-date chain as a witness, against the truth and htmldate.

    .venv/bin/python benchmarks/date_witnesses.py [--sets fundus mercury ...]
        [--parts tuning validation] [--per-page FILE] [--where | --support]

For each page with a date truth, each rule of ``dates.PUBLISHED_RULES`` (and the
witnesses ``dates.corroborate.corroborated`` weighs) is asked on its own, on the same view
``aggregator.extract`` builds, and htmldate runs on the whole page as trafilatura
calls it (original date, extensive search). Per rule and part: how often it fires,
how often its day is right, how often it *decides* (is the chain's first hit) and is
right then, and, where it and htmldate give different days, who is right ("won": the
rule; "lost": htmldate; "neither"), over all pages and over the pages it decides.
Days are compared with the data sets' own scorers.

``--per-page`` writes per-page rows of the *tuning* part only: validation pages
are read as aggregates, never one by one.

``--where`` classifies the pages where htmldate on the whole page is right and our
chain gives no date or another day: where in the page the day htmldate read is
written (``<head>``, before the headline, in the headline's own block, after it),
and what keeps our rules from reading it there (a chrome block, a link to another
page, an update stamp, the part before the headline). Tuning pages are listed one
by one, with the elements and their ancestors; validation pages only as counts.

``--support`` is the chain's rule support instead: which rule decided each page's
published date in the whole chain (``find_dates``, corroboration included: a JSON-LD
or meta date the other witnesses overrule is counted as replaced, by the kind of
witness that won), and how many of the pages each decided it got right or wrong, per
set and part (pages with no date under "none"). On the tuning part it adds, per rule,
on how many distinct sites (registrable domains) it decided, was right and was wrong,
and the pages (sites) where htmldate alone would have been right where the rule was
not, and the other way round; the validation part keeps the counts alone.
``--per-page`` then writes the tuning pages' rule, value, verdict, site and htmldate's day.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    PARTS,
    load_datasets,
    load_scorer,
    pages_in_part,
    read_html,
    registrable_domain,
    require_data,
)

DATED_SETS = ("fundus", "mercury", "newspaper4k", "trafilatura")
# A data set's day scorer (score.date_match, score2.date_equal): (truth, prediction) -> 1.0/0.0.
SameDay = Callable[[str, str | None], float]


def page_view(html: str, url: str) -> Any:
    """The view ``extract`` builds, with every field step before the dates run."""
    from aggregator.parser import fields
    from aggregator.parser.tree import parse
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    fetched_at = datetime.now(UTC)
    page = parse(html, url)
    if page.root is None:
        return None
    article = Article(
        url=url, canonical_url=url, source="", headline="", body=[], fetched_at=fetched_at
    )
    view = PageView(page, article, fetched_at)
    for step in fields.STEPS[: fields.STEPS.index(fields.dates_field)]:
        step(view)
    return view


def witnesses() -> list[tuple[str, Callable[[Any], datetime | None]]]:
    """(name, rule) of every published-date rule, in chain order, then the extra witnesses."""
    from aggregator.parser import dates

    names = [
        "json-ld",
        "meta",
        "meta json (parsely-page)",
        "microdata",
        "app state",
        "time near headline",
        "feed",
        "url",
        "labelled",
        "classed",
        "byline",
        "labelled published line",
        "htmldate on article",
        "htmldate beside scope",
        "htmldate written near title",
        "slug date",
    ]
    chain = [(name, rule) for name, (_, rule) in zip(names, dates.PUBLISHED_RULES, strict=True)]

    def whole_chain(view: Any) -> datetime | None:
        found = dates.find_dates(view, dates.PUBLISHED_RULES, ())[0]
        return found[0] if found else None

    return [*chain, ("visible (corroboration)", dates.visible_date), ("newsagg", whole_chain)]


def chain_rules() -> tuple[tuple[str, Callable[[Any], datetime | None]], ...]:
    """The published chain with each rule under its own name (``find_dates`` keeps the
    names "json-ld" and "meta", which it corroborates, as they are)."""
    from aggregator.parser import dates

    return tuple(witnesses()[: len(dates.PUBLISHED_RULES)])


def decided_by(view: Any) -> tuple[str, datetime | None]:
    """The rule that decided the chain's published date, and the date (as ``extract``)."""
    from aggregator.parser import dates
    from aggregator.parser.dates.chain import first_date

    rules = chain_rules()
    first = first_date(view, rules) if view is not None else None
    found = dates.find_dates(view, rules, ())[0] if first is not None else None
    if first is None or found is None:
        return "none", None
    if found[1] != first[1]:  # the metadata's date overruled by other witnesses
        return f"{first[1]}, replaced ({found[1]})", found[0]
    return first[1], found[0]


def support_rows(
    ds: Any, sel: list[tuple[str, dict[str, Any]]], same_day: SameDay
) -> list[dict[str, Any]]:
    """Per page: the deciding rule, the chain's date and whether its day is right."""
    out = []
    for pid, rec in sel:
        html = read_html(ds.html_path(pid))
        url = rec.get("url") or ""
        rule, found = decided_by(page_view(html, url))
        value = found.isoformat() if found is not None else None
        right = bool(value and same_day(rec["published"], value))
        reference = htmldate_page(html, url)
        out.append(
            {
                "id": pid,
                "site": registrable_domain(url) if url else f"{ds.name}/{pid}",
                "truth": rec["published"],
                "rule": rule,
                "value": value,
                "right": right,
                "htmldate": reference,
                "htmldate_right": bool(reference and same_day(rec["published"], reference)),
            }
        )
    return out


def support_table(title: str, rows: list[dict[str, Any]], by_site: bool = False) -> str:
    """Per rule, in chain order: the pages it decided, right and wrong.

    ``by_site`` (tuning only) adds on how many distinct sites the rule decided and was
    right or wrong, and the pages where htmldate alone (whole page, original date) would
    have been right where the rule was not ("htmldate wins") and the other way round.
    """
    order = [name for name, _ in chain_rules()]
    decided = Counter(r["rule"] for r in rows)
    right = Counter(r["rule"] for r in rows if r["right"])

    def rank(rule: str) -> tuple[int, str]:
        base = rule.split(",")[0]
        return (order.index(base) if base in order else len(order), rule)

    head = "| rule | decided | right | wrong |"
    if by_site:
        head += " sites | sites right | sites wrong | htmldate wins (sites) | rule wins (sites) |"
    lines = [
        f"{title} ({len(rows)} pages, {sum(right.values())} right)",
        head,
        "|" + "---|" * (head.count("|") - 1),
    ]
    for rule in sorted(decided, key=rank):
        line = f"| {rule} | {decided[rule]} | {right[rule]} | {decided[rule] - right[rule]} |"
        if by_site:
            mine = [r for r in rows if r["rule"] == rule]
            theirs = [r for r in mine if r["htmldate_right"] and not r["right"]]
            ours = [r for r in mine if r["right"] and not r["htmldate_right"]]

            def sites(rs: list[dict[str, Any]]) -> int:
                return len({r["site"] for r in rs})

            line += (
                f" {sites(mine)} | {sites([r for r in mine if r['right']])}"
                f" | {sites([r for r in mine if not r['right']])}"
                f" | {len(theirs)} ({sites(theirs)}) | {len(ours)} ({sites(ours)}) |"
            )
        lines.append(line)
    return "\n".join(lines)


def htmldate_page(html: str, url: str) -> str | None:
    from htmldate import find_date

    try:
        found: str | None = find_date(html, url=url, original_date=True)
    except Exception:  # noqa: BLE001 - scored as no date
        return None
    return found


def page_rows(
    ds: Any, sel: list[tuple[str, dict[str, Any]]], same_day: SameDay, where: bool = False
) -> list[dict]:
    from aggregator.parser import dates

    rules = witnesses()
    out = []
    for pid, rec in sel:
        html = read_html(ds.html_path(pid))
        url = rec.get("url") or ""
        view = page_view(html, url)
        reference = htmldate_page(html, url)
        row: dict[str, Any] = {"id": pid, "truth": rec["published"], "htmldate": reference}
        row["htmldate_right"] = bool(same_day(rec["published"], reference))
        chain_names = {name for name, _ in rules[: len(dates.PUBLISHED_RULES)]}
        decided = False
        for name, rule in rules:
            found = rule(view) if view is not None else None
            value = dates.in_page_offset(view, found).isoformat() if found else None
            cell = {"value": value, "right": bool(value and same_day(rec["published"], value))}
            if value and name in chain_names and not decided:
                cell["decides"], decided = True, True
            if value and reference:
                cell["differs"] = not same_day(value, reference)
            row[name] = cell
        if where and view is not None and row["htmldate_right"] and not row["newsagg"]["right"]:
            kind, row["located"] = page_kind(view, reference or "")
            chain = "chain: other day" if row["newsagg"]["value"] else "chain: none"
            row["where"] = f"{kind} / {chain}"
            title = view.headline_element
            row["headline element"] = _label(title) if title is not None else None
        out.append(row)
    return out


# --- where the day htmldate read is written (--where) ----------------------------------


def _writes_day(el: Any, day: str) -> str | None:
    """How ``el`` itself writes ``day``: in an attribute (its name) or its short text."""
    from aggregator.parser.dates import days_written
    from aggregator.parser.text import text_of

    wanted = date.fromisoformat(day)
    for name, value in el.attrib.items():
        if wanted in days_written(value[:300]):
            return f"@{name}"
    text = text_of(el)
    if len(text) <= 300 and wanted in days_written(text):
        return "text"
    return None


def day_locations(view: Any, day: str) -> list[tuple[Any, str]]:
    """(element, how) of the innermost elements that write ``day``, in document order."""
    out: list[tuple[Any, str]] = []
    for el in view.root.iter():
        if not isinstance(el.tag, str):
            continue
        how = _writes_day(el, day)
        if how == "text" and any(_writes_day(child, day) == "text" for child in el):
            continue  # a child writes it whole: the innermost is listed
        if how:
            out.append((el, how))
    return out


def _label(el: Any) -> str:
    ident = f"#{el.get('id')}" if el.get("id") else ""
    cls = "." + ".".join((el.get("class") or "").split()[:2]) if el.get("class") else ""
    return f"{el.tag}{ident}{cls}"


def _blocked_by(view: Any, el: Any) -> str:
    """What keeps the parser's rules from reading ``el`` (the first that applies)."""
    from aggregator.parser import scope
    from aggregator.parser.dates.article_copy import update_stamp

    title = view.headline_element
    node = el
    while node is not None and node.tag not in ("body", "html"):
        if title is not None and scope.within(title, node):
            break  # a block that holds the headline is the article's header
        if scope.chrome_block(node):
            return f"chrome block {_label(node)}"
        node = node.getparent()
    if scope.in_foreign_link(view, el) or el.tag == "a" and not scope.links_here(view, el):
        return "link to another page"
    if update_stamp(el):
        return "update stamp"
    if _day_lost_with_links(view, el):
        return "a link in it, removed with the text after it"
    if view.scope is not None and not scope.within(el, view.scope):
        return "outside the scope"
    return "nothing"


def _element_kind(el: Any, how: str) -> str:
    """The element's tag, whether its class or id names a date, and whether the parser
    reads the day from it alone."""
    from aggregator.parser import dates
    from aggregator.parser.text import text_of

    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    named = "date-named" if re.search(r"date|time|publi|posted|update|modif", names) else "unnamed"
    value = el.get(how[1:]) if how.startswith("@") else text_of(el)
    reads = "parsed" if dates.parse_local(value) is not None else "not parsed"
    return f"<{el.tag}> {how.split('=')[0]}, {named}, {reads}"


def _day_lost_with_links(view: Any, el: Any) -> bool:
    """``el`` writes the day in its text, but not once its links to other pages are
    left out together with the text that follows each (as round 5's copy did)."""
    import copy

    from aggregator.parser import scope
    from aggregator.parser.dates import days_written
    from aggregator.parser.text import text_of

    links = [a for a in el.iter("a") if a is not el and not scope.links_here(view, a)]
    if not links:
        return False
    written = days_written(text_of(el))
    trimmed = copy.deepcopy(el)
    for a in [a for a in trimmed.iter("a") if a is not trimmed and not scope.links_here(view, a)]:
        if a.getparent() is not None:
            a.getparent().remove(a)  # lxml drops the tail with the element
    return bool(written - days_written(text_of(trimmed)))


def where_written(view: Any, el: Any) -> str:
    """Where ``el`` sits: in the head, or before, in the block of, or after the headline."""
    from aggregator.parser import scope

    if next((a for a in el.iterancestors("head")), None) is not None or el.tag == "head":
        return "head"
    title = view.headline_element
    if title is None:
        return "body, no headline element"
    if scope.within(el, scope.headline_block(title)):
        return "headline's block"
    return "after the headline" if view.position(el) > view.position(title) else "before it"


# A page's kind is that of its most article-like location, in this order.
WHERE_ORDER = (
    "after the headline",
    "headline's block",
    "before it",
    "body, no headline element",
    "head",
)


def page_kind(view: Any, day: str) -> tuple[str, list[str]]:
    """The page's kind ("where / blocked by") and a line per location (tuning only)."""
    located = []
    for el, how in day_locations(view, day):
        where = where_written(view, el)
        blocked = "-" if where == "head" else _blocked_by(view, el)
        path = " < ".join(_label(a) for a in [el, *el.iterancestors()][:6])
        kind = _element_kind(el, how)
        located.append(
            (WHERE_ORDER.index(where), where, blocked, kind, f"{where}; {blocked}; {kind}; {path}")
        )
    if not located:
        return "not written in the tree (image path, script, URL)", []
    best = min(located, key=lambda loc: (loc[0], loc[2] != "nothing"))
    head = "in <head> too" if any(loc[1] == "head" for loc in located) else "not in <head>"
    return f"{best[1]} / {best[2]} / {best[3]} / {head}", [loc[4] for loc in located]


def tally(rows: list[dict], names: list[str]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {name: Counter() for name in [*names, "htmldate (page)"]}
    for row in rows:
        counts["htmldate (page)"]["fires"] += row["htmldate"] is not None
        counts["htmldate (page)"]["right"] += row["htmldate_right"]
        for name in names:
            cell, c = row[name], counts[name]
            if cell["value"] is None:
                continue
            c["fires"] += 1
            c["right"] += cell["right"]
            if cell.get("decides"):
                c["decides"] += 1
                c["decides_right"] += cell["right"]
            if cell.get("differs"):
                c["differs"] += 1
                key = "won" if cell["right"] else "lost" if row["htmldate_right"] else "neither"
                c[key] += 1
                if cell.get("decides"):
                    c[f"decides_{key}"] += 1
    return counts


def table(title: str, pages: int, counts: dict[str, Counter]) -> str:
    lines = [
        f"{title} ({pages} pages)",
        "| witness | fires | right | decides (right) | differs from htmldate | won | lost "
        "| neither | deciding: won / lost |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, c in counts.items():
        lines.append(
            f"| {name} | {c['fires']} | {c['right']} | {c['decides']} ({c['decides_right']}) "
            f"| {c['differs']} | {c['won']} | {c['lost']} | {c['neither']} "
            f"| {c['decides_won']} / {c['decides_lost']} |"
        )
    return "\n".join(lines)


def where_report(part: str, rows: list[dict]) -> str:
    """Counts of the pages' kinds; for tuning, each page with its locations too."""
    flagged = [r for r in rows if "where" in r]
    lines = [f"{part}: htmldate right, the chain not ({len(flagged)} pages), by where its day is"]
    lines += [f"  {n} | {kind}" for kind, n in Counter(r["where"] for r in flagged).most_common()]
    if part == "tuning":
        for r in flagged:
            lines.append(f"  page {r['id']} (headline element {r['headline element']}):")
            lines += [f"    {loc}" for loc in r["located"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=list(DATED_SETS))
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--per-page", type=Path, help="per-page rows, tuning part only (JSON lines)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument(
        "--where",
        action="store_true",
        help="where the day is written on pages htmldate gets right and the chain does not",
    )
    mode.add_argument(
        "--support",
        action="store_true",
        help="per rule of the chain: the pages it decided, right and wrong",
    )
    args = ap.parse_args(argv)
    root = require_data()
    scorers = {
        "score": load_scorer(root, "extraction", "score").date_match,
        "score2": load_scorer(root, "extraction2", "score2").date_equal,
    }
    names = [name for name, _ in witnesses()]
    per_page: list[dict] = []
    for part in args.parts:
        all_rows: list[dict] = []
        for ds in (ds for ds in load_datasets(root) if ds.name in args.sets):
            sel = [(p, r) for p, r in pages_in_part(ds, part) if r.get("published")]
            if args.support:
                rows = support_rows(ds, sel, scorers[ds.scorer])
                print(support_table(f"{part} / {ds.name}", rows, part == "tuning") + "\n")
            else:
                rows = page_rows(ds, sel, scorers[ds.scorer], args.where)
                print(table(f"{part} / {ds.name}", len(rows), tally(rows, names)) + "\n")
            all_rows += rows
            if part == "tuning":
                per_page += [{"set": ds.name, **r} for r in rows]
        if args.support:
            print(support_table(f"{part} / all dated sets", all_rows, part == "tuning") + "\n")
            continue
        print(table(f"{part} / all dated sets", len(all_rows), tally(all_rows, names)) + "\n")
        if args.where:
            print(where_report(part, all_rows) + "\n")
    if args.per_page:
        with args.per_page.open("w", encoding="utf8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in per_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
