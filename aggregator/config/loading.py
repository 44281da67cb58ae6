"""Reading config.yaml: YAML without aliases, each key's line kept, and any problem raised as a
one-line :class:`ConfigError` naming the file, the line, the field path and the value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from aggregator.config.model import (
    NAMELESS_LABELS,
    SET_ASIDE_NAMES,
    Config,
    ConfigError,
    RejectedSource,
)
from aggregator.config.sources import Source

DEFAULT_CONFIG_PATH = Path("config.yaml")


class _SafeLineLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no billion-laughs) and keeps node lines."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                "while reading", None, "YAML aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


FieldPath = tuple[str | int, ...]


def _line_index(node: yaml.Node | None, path: FieldPath = ()) -> dict[FieldPath, int]:
    """Map each field path to its 1-based line in the file."""
    lines: dict[FieldPath, int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            lines.update({k: v for k, v in _line_index(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, path + (i,)))
    return lines


def _format_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe_error(err: ErrorDetails, raw: Any, lines: dict[FieldPath, int], where: str) -> str:
    # pydantic puts union/validator tags in loc; keep only real keys and indexes.
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
    line = None
    probe = loc
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    prefix = f"{where}:{line}" if line else where
    field = _format_path(loc)
    if loc and loc[0] == "sources" and len(loc) > 1 and isinstance(loc[1], int):
        try:
            name = raw["sources"][loc[1]].get("name")
        except (KeyError, IndexError, TypeError, AttributeError):
            name = None
        if name and isinstance(name, str):  # else it is labelled by its place alone
            field = f"{field} (source '{name}')"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    elif err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] == "model_type":
        message = "expected a mapping of settings"
    value = err.get("input")
    shown = "" if err["type"] in ("missing",) or isinstance(value, dict | list) else f" = {value!r}"
    return f"{prefix}: {field}{shown}: {message}"


# Rewrites the raw YAML mapping of an older config format in place, before it is
# validated, and returns one notice per rewritten key ("… is deprecated: write …").
RawUpgrade = Callable[[dict[str, Any]], list[str]]


def load_config(
    path: str | Path = DEFAULT_CONFIG_PATH, *, upgrades: Sequence[RawUpgrade] = ()
) -> Config:
    """Read and validate a config file; raise :class:`ConfigError` (one line) on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    return parse_config(text, where=str(path), path=path, upgrades=upgrades, empty_ok=False)


def database_named_in(path: str | Path) -> Path | None:
    """The ``database`` a config file names, read without validating anything else.

    For ``aggregator status``, which must show the run history while the file
    is invalid. None when the file cannot be read or names no database.
    """
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_SafeLineLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = raw.get("database") if isinstance(raw, dict) else None
    return Path(value) if isinstance(value, str) and value.strip() else None


def parse_config(
    text: str,
    *,
    where: str = "config",
    path: Path | None = None,
    upgrades: Sequence[RawUpgrade] = (),
    empty_ok: bool = True,
) -> Config:
    """Validate configuration given as YAML text.

    ``upgrades`` rewrite keys of an older format first; what each rewrote is
    kept in ``Config.notices`` for the application to show. A file with no
    settings at all (empty, or only comments) is refused unless ``empty_ok``:
    every default then applies silently, which is never what was meant.
    """
    try:
        node = yaml.compose(text, Loader=_SafeLineLoader)
        raw = yaml.load(text, Loader=_SafeLineLoader) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{where}{line}: YAML error: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: YAML error: {exc}") from None
    if node is None or raw is None:
        if not empty_ok:
            raise ConfigError(
                f"{where}: config file is empty (no settings): "
                "write at least a sources list (see docs/configuration.md)"
            )
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}:1: (top level): expected a mapping of settings")
    notices: list[str] = []
    for upgrade in upgrades:
        notices += [f"{where}: {notice}" for notice in upgrade(raw)]
    lines = _line_index(node)
    base = path.parent if path is not None else Path.cwd()
    sources, rejected = _sources_apart(raw, lines, where, base)
    # Valid sources are passed validated (pydantic keeps model instances as they are).
    rest = raw if sources is None else {**raw, "sources": sources}
    try:
        context = {
            SET_ASIDE_NAMES: [r.name for r in rejected if r.name],
            NAMELESS_LABELS: [r.label for r in rejected if r.nameless],
        }
        config = Config.model_validate(rest, context=context)
    except ValidationError as exc:
        raise ConfigError(_describe_error(exc.errors()[0], raw, lines, where)) from None
    return config.model_copy(
        update={
            "path": path,
            "notices": tuple(notices),
            "rejected_sources": tuple(rejected),
        }
    )


def _sources_apart(
    raw: dict[str, Any], lines: dict[FieldPath, int], where: str, base: Path
) -> tuple[list[Source] | None, list[RejectedSource]]:
    """Each entry of ``sources`` validated on its own: the valid sources (their parser paths
    resolved) and the entries set aside, each with its one-line error.

    None for the sources when ``sources`` is not a list: that is the whole file's error.
    A later entry of a name already taken is the one set aside.
    """
    entries = raw.get("sources")
    if not isinstance(entries, list):
        return None, []
    sources: list[Source] = []
    rejected: list[RejectedSource] = []
    taken: dict[str, int] = {}  # name -> line of the valid entry holding it
    for index, entry in enumerate(entries):
        outcome = _validated_source(entry, index, taken, base)
        if isinstance(outcome, Source):
            sources.append(outcome)
            taken[outcome.name] = lines.get(("sources", index), 0)
            continue
        name = entry.get("name") if isinstance(entry, dict) else None
        duplicate = isinstance(name, str) and name in taken
        rejected.append(
            RejectedSource(
                name=name if isinstance(name, str) and not duplicate else None,
                index=index,
                error=_describe_error(outcome, raw, lines, where),
                entry=entry,
                duplicate=duplicate,
            )
        )
    return sources, rejected


def _validated_source(
    entry: Any, index: int, taken: dict[str, int], base: Path
) -> Source | ErrorDetails:
    """The validated source of one entry, or the first error found in it."""
    at: FieldPath = ("sources", index)
    try:
        source = Source.model_validate(entry)
    except ValidationError as exc:
        first = exc.errors()[0]
        return {**first, "loc": at + tuple(first["loc"])}
    if source.name in taken:
        message = f"duplicate of the entry at line {taken[source.name]}; ignored"
        return _error(at + ("name",), message, source.name)
    source = _resolve_parser_path(source, base)
    target = (source.parser or "").rpartition(":")[0]
    if target.endswith(".py") and not Path(target).is_file():
        return _error(at + ("parser",), f"no parser file {target}", entry.get("parser"))
    return source


def _error(loc: FieldPath, message: str, value: Any) -> ErrorDetails:
    """A problem found after pydantic's validation, in the shape of pydantic's errors."""
    return {"type": "value_error", "loc": loc, "msg": message, "input": value}


def _resolve_parser_path(source: Source, base: Path) -> Source:
    """A parser file named relative to the config file, made absolute once, here."""
    if source.parser is None:
        return source
    target, _, name = source.parser.rpartition(":")
    if not target.endswith(".py") or Path(target).is_absolute():
        return source
    return source.model_copy(update={"parser": f"{(base / target).resolve()}:{name}"})
