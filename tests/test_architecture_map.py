"""docs/architecture.md's map of the packages names every module where it belongs, so the
map stays true as modules are added.

A module is named either by its file (`` `name.py` ``, `` `dates/name.py` ``) in its top
package's part of the map, or by its bare name in the list that follows its own folder
(`` `dates/` is a package of small modules …: `formats`, `parse`, … ``), up to the next
folder the map names.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("aggregator", "storage", "spiders", "app")


def _sections() -> dict[str, str]:
    """Each top package's part of the map: from its bold heading to the next heading."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    text = text.split("\n## Packages\n", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"\*\*`(\w+)/`", text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _named(module: Path, section: str) -> bool:
    parts = module.relative_to(REPO).parts[1:]  # below the top package
    tokens = re.findall(r"`([^`\n]+)`", section)
    for token in tokens:
        if token.endswith(".py") and "/".join(parts).endswith(token):
            return True
    folder = module.parent.name
    for match in re.finditer(rf"`{re.escape(folder)}/`", section):
        rest = section[match.end() :]
        other = re.search(r"`(?!" + re.escape(folder) + r"/)\w+/`", rest)
        span = rest[: other.start()] if other else rest
        if re.search(rf"`{re.escape(module.stem)}`", span):
            return True
    return False


def test_every_module_is_on_the_map() -> None:
    sections = _sections()
    assert set(sections) == set(PACKAGES)
    missing = [
        str(path.relative_to(REPO))
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
        if path.name not in {"__init__.py", "__main__.py"} and not _named(path, sections[package])
    ]
    assert missing == []
