"""Reading config text into a document: YAML with each key's line and each key given twice
(its safe loader, aliases refused), JSON with a key given twice found; what the loader
(:mod:`aggregator.config.loading`) validates, and the one-line errors of the reading itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aggregator.config.model import ConfigError

# libyaml's loader, ten times the pure-Python one's speed; its nodes keep their lines too.
# PyYAML built without libyaml has only the pure-Python one.
_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIASES_REFUSED = "YAML aliases are not allowed"


class _AliasFound(Exception):
    """A node met twice while walking the document: an alias (refused: no billion laughs)."""


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Repeat:
    """A key given twice in one mapping: its path, the line of each, and the first one's
    value when it is a plain scalar (a source's first ``name``)."""

    path: FieldPath
    line: int
    first_line: int
    first_value: str | None

    def message(self, where: str, label: str = "") -> str:
        field = format_path(self.path) + (f" ({label})" if label else "")
        return f"{where}:{self.line}: {field} given twice (first at line {self.first_line})"


def _line_index(node: yaml.Node | None) -> tuple[dict[FieldPath, int], list[Repeat]]:
    """Map each field path to its 1-based line in the file; and each key given twice
    in one mapping (the constructor would keep the later value without a word).

    Raises _AliasFound at a node met a second time: the composer gives an alias the
    node of its anchor, so a document with aliases is a graph, not a tree.
    """
    lines: dict[FieldPath, int] = {}
    repeats: list[Repeat] = []
    seen: set[int] = set()
    # A stack, not recursion: a deeply nested file must not exhaust Python's stack.
    stack: list[tuple[yaml.Node, FieldPath]] = [(node, ())] if node is not None else []
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            raise _AliasFound
        seen.add(id(current))
        lines.setdefault(path, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            # Pushed last first, so that they are walked in the file's order.
            for key, value in reversed(current.value):
                stack.append((value, path + (key.value,)))
            repeats += _repeats_in(current, path)
            for key, _ in current.value:
                if id(key) in seen:  # an alias as a key
                    raise _AliasFound
                seen.add(id(key))
                lines.setdefault(path + (key.value,), key.start_mark.line + 1)
        elif isinstance(current, yaml.SequenceNode):
            items = list(enumerate(current.value))
            stack.extend((item, path + (i,)) for i, item in reversed(items))
    return lines, sorted(repeats, key=lambda r: r.line)


def _repeats_in(mapping: yaml.MappingNode, path: FieldPath) -> list[Repeat]:
    if len({key.value for key, _ in mapping.value}) == len(mapping.value):
        return []  # the common case, at the cost of one set
    first: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
    repeats = []
    for key, value in mapping.value:
        if key.value not in first:
            first[key.value] = (key, value)
            continue
        first_key, first_value = first[key.value]
        scalar = first_value.value if isinstance(first_value, yaml.ScalarNode) else None
        line = key.start_mark.line + 1
        repeats.append(Repeat(path + (key.value,), line, first_key.start_mark.line + 1, scalar))
    return repeats


class Lines:
    """Each field path's line, for error messages; of a JSON text, found on first use
    (by reading the text as YAML, which JSON is), since only an error needs one."""

    def __init__(self, index: dict[FieldPath, int] | None = None, text: str = "") -> None:
        self._index = index
        self._text = text

    @property
    def read(self) -> bool:
        """Are the lines at hand (YAML), rather than found by a parse on first use (JSON)?"""
        return self._index is not None

    def get(self, path: FieldPath) -> int | None:
        if self._index is None:
            try:
                self._index = read_yaml(self._text, "")[1]
            except ConfigError:
                self._index = {}
        return self._index.get(path)


class RepeatedKey(Exception):
    """A JSON object gives one key twice."""


def refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's ``object_pairs_hook``: a JSON object, refused when it gives a key twice."""
    document = dict(pairs)
    if len(document) != len(pairs):
        raise RepeatedKey
    return document


def format_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    """The one line of a file not in UTF-8: the line and column of its first bad byte, or
    that it is UTF-16 (what Windows editors call "Unicode")."""
    data = exc.object
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and _is_utf16(data):
        return f"{path}: the file is UTF-16; save it as UTF-8"
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = data[exc.start : exc.start + 1].hex()
    return f"{path}:{line}:{column}: byte 0x{byte} is not UTF-8; save the file as UTF-8"


def _is_utf16(data: bytes) -> bool:
    try:
        data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    return True


def read_yaml(text: str, where: str) -> tuple[Any, dict[FieldPath, int], list[Repeat]]:
    """The document of YAML ``text``, each field path's line and each key given twice,
    from one parse.

    Raises ConfigError naming the line of a syntax error, of a tag a safe loader
    refuses (``!!python/object``) and of the first alias.
    """
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines, repeats = _line_index(node)
        return loader.construct_document(node), lines, repeats
    except _AliasFound:
        raise ConfigError(f"{where}{_alias_line(text)}: YAML error: {ALIASES_REFUSED}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{where}{line}: YAML error: {problem}{_yaml_hint(text, exc)}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: YAML error: {exc}") from None
    finally:
        loader.dispose()


def _yaml_hint(text: str, exc: yaml.MarkedYAMLError) -> str:
    """What an operator wrote that YAML's own words do not name: a tab where it reads
    indentation, or an unquoted value starting with ``*`` (a cron), read as an alias."""
    if exc.context == "while scanning an alias":
        return (
            " (a value starting with * is read as an alias: quote it, as in cron: '*/20 * * * *')"
        )
    mark = exc.problem_mark
    lines = text.splitlines()
    if (
        mark is not None
        and mark.line < len(lines)
        and lines[mark.line][mark.column :].startswith("\t")
    ):
        return " (a tab: YAML indents with spaces)"
    return ""


def _alias_line(text: str) -> str:
    """``:<line>`` of the first alias in ``text`` (the composer keeps no mark of where an
    alias was written, only of its anchor), for the error message."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return f":{event.start_mark.line + 1}"
    return ""
