"""The shared extraction page sets: where they are, and their split by site.

One setting finds the data: the environment variable ``NEWSAGG_DATA``, a folder
holding ``extraction/`` (aeb, fundus; scored by ``score.py``) and
``extraction2/`` (mercury, newspaper, newspaper4k, goose3, trafilatura; scored by
``score2.py``). Its default is ``<repo>/../shared/data``.

The development pages are split once more, by site, into a *tuning* part (about
two thirds of the sites) and a *validation* part (the rest), so that a rule
tuned on some sites is measured on others. The split is committed as data
(``benchmarks/extraction_split.json``) with the digest of the page set it was
made from; ``python benchmarks/extraction_data.py --write`` remakes it and
``--check`` verifies that the data still matches it.

A *site* is a registrable domain (``money.cnn.com`` counts as ``cnn.com``,
from the public-suffix snapshot that ships with tldextract, offline). Pages of
one publisher that the data labels as one group but that live on several
domains (a Fundus publisher with two hostnames) stay together: domains and
groups are joined into connected components, and a component is one site.
The part is decided by a hash of the component's name, so adding a page never
moves another site from one part to the other.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.devdata import data_root  # noqa: E402  (NEWSAGG_DATA: one setting)

SPLIT_FILE = REPO / "benchmarks" / "extraction_split.json"
SPLIT_SALT = "newsagg-extraction-split-v1"
#: The split's two parts, in the order the benchmarks print them.
PARTS = ("tuning", "validation")

# (dataset, folder under NEWSAGG_DATA, scorer): the order the benchmark prints them in.
DATASETS: tuple[tuple[str, str, str], ...] = (
    ("aeb", "extraction", "score"),
    ("fundus", "extraction", "score"),
    ("mercury", "extraction2", "score2"),
    ("newspaper", "extraction2", "score2"),
    ("newspaper4k", "extraction2", "score2"),
    ("goose3", "extraction2", "score2"),
    ("trafilatura", "extraction2", "score2"),
)


class DataMissing(Exception):
    """The shared page sets are not where NEWSAGG_DATA (or its default) says."""


def require_data(root: Path | None = None) -> Path:
    """The data root, or :class:`DataMissing` naming what is absent and the setting."""
    root = root or data_root()
    for _, folder, scorer in DATASETS:
        if not (root / folder / f"{scorer}.py").exists():
            raise DataMissing(
                f"extraction data not found: no {folder}/{scorer}.py under {root} "
                "(set NEWSAGG_DATA to the folder holding extraction/ and extraction2/)"
            )
    return root


def load_scorer(root: Path, folder: str, name: str) -> ModuleType:
    """Import the data set's own scorer (standard library only) from the data folder."""
    path = root / folder / f"{name}.py"
    if name == "score2":
        # score2.py imports ../extraction/score.py as "score".
        extraction = str(root / "extraction")
        if extraction not in sys.path:
            sys.path.insert(0, extraction)
    spec = importlib.util.spec_from_file_location(f"newsagg_{folder}_{name}", path)
    if spec is None or spec.loader is None:
        raise DataMissing(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Dataset:
    name: str
    folder: Path
    scorer: str  # "score" or "score2"
    pages: dict[str, dict[str, Any]]

    def html_path(self, pid: str) -> Path:
        return self.folder / "html" / f"{pid}.html"


def read_html(path: Path) -> str:
    """A page's HTML as every extractor of the benchmarks is given it (bad bytes replaced)."""
    return path.read_bytes().decode("utf8", "replace")


def load_datasets(root: Path) -> list[Dataset]:
    out = []
    for name, folder, scorer in DATASETS:
        doc = json.loads((root / folder / name / "ground-truth.json").read_text("utf8"))
        out.append(Dataset(name, root / folder / name, scorer, doc["pages"]))
    return out


@cache
def _extractor() -> Any:
    import tldextract

    # suffix_list_urls=(): the snapshot bundled with the package, never the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url: str) -> str:
    parts = _extractor()(url)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}".lower()
    return (parts.domain or url).lower()


def page_digest(datasets: list[Dataset]) -> str:
    """sha256 over every page's id, HTML bytes and truth record, in a fixed order."""
    h = hashlib.sha256()
    for ds in datasets:
        for pid in sorted(ds.pages):
            h.update(f"{ds.name}/{pid}\n".encode())
            h.update(hashlib.sha256(ds.html_path(pid).read_bytes()).digest())
            h.update(json.dumps(ds.pages[pid], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def page_sites(datasets: list[Dataset]) -> dict[str, str]:
    """Page key ("set/id") -> site name: components of registrable domains and data groups."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # The smaller name is the root, so a component's name is its least domain.
            parent[max(ra, rb)] = min(ra, rb)

    page_domain = {}
    for ds in datasets:
        for pid, rec in ds.pages.items():
            domain = "d:" + registrable_domain(rec.get("url") or pid)
            page_domain[f"{ds.name}/{pid}"] = domain
            find(domain)
            if rec.get("group"):
                union(domain, f"g:{ds.name}:{rec['group']}")
    return {key: find(domain)[2:] for key, domain in page_domain.items()}


def is_validation_site(site: str) -> bool:
    digest = hashlib.sha256(f"{SPLIT_SALT}:{site}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 3 == 0


def make_split(datasets: list[Dataset]) -> dict[str, Any]:
    sites = page_sites(datasets)
    parts: dict[str, list[str]] = {"tuning": [], "validation": []}
    counts: dict[str, dict[str, Any]] = {}
    for key in sorted(sites):
        part = "validation" if is_validation_site(sites[key]) else "tuning"
        parts[part].append(key)
        ds_name = key.split("/", 1)[0]
        c = counts.setdefault(ds_name, {"tuning": 0, "validation": 0, "sites": {}})
        c[part] += 1
        c["sites"].setdefault(part, set()).add(sites[key])
    per_set = {
        name: {
            "tuning_pages": c["tuning"],
            "validation_pages": c["validation"],
            "tuning_sites": len(c["sites"].get("tuning", ())),
            "validation_sites": len(c["sites"].get("validation", ())),
        }
        for name, c in counts.items()
    }
    return {
        "rule": (
            "site = registrable domain (tldextract's bundled public-suffix snapshot), joined "
            "with the data's group label; validation if sha256(salt:site) mod 3 == 0"
        ),
        "salt": SPLIT_SALT,
        "pages_digest": page_digest(datasets),
        "datasets": per_set,
        "tuning": parts["tuning"],
        "validation": parts["validation"],
    }


def load_split() -> dict[str, Any]:
    return json.loads(SPLIT_FILE.read_text("utf8"))


def part_of(split: dict[str, Any]) -> dict[str, str]:
    """Page key -> "tuning" or "validation"."""
    out = {key: "tuning" for key in split["tuning"]}
    out.update({key: "validation" for key in split["validation"]})
    return out


@cache
def _committed_parts() -> dict[str, str]:
    return part_of(load_split())


def pages_in_part(ds: Dataset, part: str | None) -> list[tuple[str, dict[str, Any]]]:
    """A data set's (page id, record) pairs in a fixed order: of one part of the
    committed split, or all of them for ``None``."""
    parts = _committed_parts()
    return [
        (pid, rec)
        for pid, rec in sorted(ds.pages.items())
        if part is None or parts.get(f"{ds.name}/{pid}") == part
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help=f"write {SPLIT_FILE.name}")
    group.add_argument("--check", action="store_true", help="verify the data against it")
    args = ap.parse_args(argv)
    try:
        root = require_data()
    except DataMissing as exc:
        print(exc)
        return 2
    datasets = load_datasets(root)
    if args.write:
        split = make_split(datasets)
        SPLIT_FILE.write_text(json.dumps(split, indent=1) + "\n", encoding="utf8")
        for name, c in split["datasets"].items():
            print(f"{name}: {c}")
        return 0
    split = load_split()
    digest = page_digest(datasets)
    if digest != split["pages_digest"]:
        print(f"the data differ from the split's: {digest} != {split['pages_digest']}")
        return 1
    print("split matches the data")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
