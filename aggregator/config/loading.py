"""Reading config.yaml: YAML without aliases, each key's line kept, and any problem raised as a
one-line :class:`ConfigError` naming the file, the line, the field path and the value.

A file named ``*.json`` (the daemon's config snapshot, :mod:`app.daemon.state`) is read
as JSON: the snapshot of 2,000 sources, every default written out, is 1.3 MB, and each
crawl child and ``status`` beside the daemon reads it. Its lines are looked up only when
an error names one.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from aggregator.config.model import (
    NAMELESS_LABELS,
    SET_ASIDE_NAMES,
    Config,
    ConfigError,
    RejectedSource,
    merged_schedule,
)
from aggregator.config.sources import DISCOVERY_KINDS, Defaults, Source
from aggregator.config.values import database_path

DEFAULT_CONFIG_PATH = Path("config.yaml")

# libyaml's loader, ten times the pure-Python one's speed; its nodes keep their lines too.
# PyYAML built without libyaml has only the pure-Python one.
_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIASES_REFUSED = "YAML aliases are not allowed"
# The key an entry set aside for a key given twice carries in a snapshot.
_GIVEN_TWICE = "given_twice"


class _AliasFound(Exception):
    """A node met twice while walking the document: an alias (refused: no billion laughs)."""


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class _Repeat:
    """A key given twice in one mapping: its path, the line of each, and the first one's
    value when it is a plain scalar (a source's first ``name``)."""

    path: FieldPath
    line: int
    first_line: int
    first_value: str | None

    def message(self, where: str, label: str = "") -> str:
        field = _format_path(self.path) + (f" ({label})" if label else "")
        return f"{where}:{self.line}: {field} given twice (first at line {self.first_line})"


def _line_index(node: yaml.Node | None) -> tuple[dict[FieldPath, int], list[_Repeat]]:
    """Map each field path to its 1-based line in the file; and each key given twice
    in one mapping (the constructor would keep the later value without a word).

    Raises _AliasFound at a node met a second time: the composer gives an alias the
    node of its anchor, so a document with aliases is a graph, not a tree.
    """
    lines: dict[FieldPath, int] = {}
    repeats: list[_Repeat] = []
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


def _repeats_in(mapping: yaml.MappingNode, path: FieldPath) -> list[_Repeat]:
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
        repeats.append(_Repeat(path + (key.value,), line, first_key.start_mark.line + 1, scalar))
    return repeats


class _Lines:
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
                self._index = _read_yaml(self._text, "")[1]
            except ConfigError:
                self._index = {}
        return self._index.get(path)


class _RepeatedKey(Exception):
    """A JSON object gives one key twice."""


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's ``object_pairs_hook``: a JSON object, refused when it gives a key twice."""
    document = dict(pairs)
    if len(document) != len(pairs):
        raise _RepeatedKey
    return document


def _format_path(loc: FieldPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_UNKNOWN_BESIDE = "unknown_beside"


def _first_error(errors: list[ErrorDetails]) -> ErrorDetails:
    """The error the one-line message reports: the first one. A missing field's carries
    the unknown keys beside it, which a misspelt name (``nmae:``) is; alone, 'name:
    required field is missing' would not say why."""
    first = errors[0]
    if first["type"] != "missing":
        return first
    parent = first["loc"][:-1]
    unknown = [
        str(e["loc"][-1])
        for e in errors
        if e["type"] == "extra_forbidden" and e["loc"][:-1] == parent and e["loc"]
    ]
    return {**first, "ctx": {_UNKNOWN_BESIDE: unknown}} if unknown else first


def _describe_error(err: ErrorDetails, raw: Any, lines: _Lines, where: str) -> str:
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
        message = "unknown key" + _suggestion(loc)
    elif err["type"] == "missing":
        message = "required field is missing"
        if unknown := err.get("ctx", {}).get(_UNKNOWN_BESIDE):
            keys = "key" if len(unknown) == 1 else "keys"
            message += f"; unknown {keys} {', '.join(map(repr, unknown))} beside it"
    elif err["type"] == "model_type":
        message = "expected a mapping of settings"
    value = err.get("input")
    shown = "" if err["type"] in ("missing",) or isinstance(value, dict | list) else f" = {value!r}"
    return f"{prefix}: {field}{shown}: {message}"


def _suggestion(loc: FieldPath) -> str:
    """`` (did you mean 'feeds'?)`` for an unknown key like one of its block's own keys,
    else the block's keys listed; empty when the block is not found."""
    keys = _block_keys(loc[:-1])
    if not keys:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), keys, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (known keys: {', '.join(keys)})"


def _block_keys(path: FieldPath) -> list[str]:
    """The keys of the block of settings at ``path`` (list indexes skipped), by walking the
    models' fields from :class:`Config`."""
    model: type[BaseModel] | None = Config
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model is not None else None
        model = _model_in(field.annotation) if field is not None else None
    if model is None:
        return []
    return [name for name, field in model.model_fields.items() if not field.exclude]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The settings model an annotation holds (``Schedule | None``, ``list[Source]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (model := _model_in(arg)) is not None:
            return model
    return None


# Rewrites the raw YAML mapping of an older config format in place, before it is
# validated, and returns one notice per rewritten key ("… is deprecated: write …").
RawUpgrade = Callable[[dict[str, Any]], list[str]]


def load_config(
    path: str | Path = DEFAULT_CONFIG_PATH, *, upgrades: Sequence[RawUpgrade] = ()
) -> Config:
    """Read and validate a config file (``*.json`` as JSON, any other as YAML); raise
    :class:`ConfigError` (one line) on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(_not_utf8(path, exc)) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    if _is_json(path):
        return parse_json_config(
            text, where=str(path), path=path, upgrades=upgrades, empty_ok=False
        )
    return parse_config(text, where=str(path), path=path, upgrades=upgrades, empty_ok=False)


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    """The one line of a file not in UTF-8: the line and column of its first bad byte, or
    that it is UTF-16 (what Windows editors call "Unicode")."""
    data = exc.object
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return f"{path}: the file is UTF-16; save it as UTF-8"
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = data[exc.start : exc.start + 1].hex()
    return f"{path}:{line}:{column}: byte 0x{byte} is not UTF-8; save the file as UTF-8"


def database_named_in(path: str | Path) -> Path | None:
    """The ``database`` a config file names, read without validating anything else.

    For ``aggregator status``, which must show the run history while the file
    is invalid. None when the file cannot be read or names no database.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if _is_json(path) else _read_yaml(text, str(path))[0]
    except (OSError, UnicodeDecodeError, ValueError, ConfigError):
        return None
    value = raw.get("database") if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return Path(database_path(value))
    except ValueError:
        return None


def _is_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


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
    raw, lines, repeats = _read_yaml(text, where)
    return _validated(raw, _Lines(lines), where, path, upgrades, empty_ok, repeats)


def parse_json_config(
    text: str,
    *,
    where: str = "config",
    path: Path | None = None,
    upgrades: Sequence[RawUpgrade] = (),
    empty_ok: bool = True,
) -> Config:
    """Validate configuration given as JSON text, as :func:`parse_config` does YAML.

    JSON is read by json's parser (the YAML one takes seconds over a snapshot of
    thousands of sources); the lines an error names are looked up then. A text giving
    a key twice is read as YAML (which JSON is), whose reading names both lines.
    """
    try:
        raw = json.loads(text, object_pairs_hook=_refuse_repeats)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}:{exc.lineno}: JSON error: {exc.msg}") from None
    except _RepeatedKey:
        return parse_config(text, where=where, path=path, upgrades=upgrades, empty_ok=empty_ok)
    return _validated(raw, _Lines(text=text), where, path, upgrades, empty_ok)


def _read_yaml(text: str, where: str) -> tuple[Any, dict[FieldPath, int], list[_Repeat]]:
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


def _validated(
    raw: Any,
    lines: _Lines,
    where: str,
    path: Path | None,
    upgrades: Sequence[RawUpgrade],
    empty_ok: bool,
    repeats: Sequence[_Repeat] = (),
) -> Config:
    """The config of a document read from YAML or JSON text.

    A key given twice inside one source entry sets that entry aside; anywhere else it
    refuses the file (a second ``sources:`` would drop every source above it).
    """
    if raw is None:
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
    in_entries: dict[int, _Repeat] = {}
    for repeat in repeats:
        if (index := _entry_index(repeat.path)) is None:
            raise ConfigError(repeat.message(where))
        in_entries.setdefault(index, repeat)
    base = path.parent if path is not None else Path.cwd()
    sources, rejected = _sources_apart(raw, lines, where, base, in_entries)
    # Valid sources are passed validated (pydantic keeps model instances as they are).
    rest = raw if sources is None else {**raw, "sources": sources}
    try:
        context = {
            SET_ASIDE_NAMES: [r.name for r in rejected if r.name],
            NAMELESS_LABELS: [r.label for r in rejected if r.nameless],
        }
        config = Config.model_validate(rest, context=context)
    except ValidationError as exc:
        raise ConfigError(_describe_error(_first_error(exc.errors()), raw, lines, where)) from None
    return config.model_copy(
        update={
            "path": path,
            "notices": (
                *notices,
                *_shared_url_notices(sources or [], rejected, lines, where),
                *_alert_query_notices(config, lines, where),
            ),
            "rejected_sources": tuple(rejected),
        }
    )


def _shared_url_notices(
    sources: list[Source], rejected: list[RejectedSource], lines: _Lines, where: str
) -> list[str]:
    """A notice for each feed, sitemap or start page an earlier source also has: both
    crawl it (the later storing nothing new), each with its own politeness, so the site
    gets twice the requests (docs/configuration.md, "politeness"). Not an error: a
    source moved from one tool's entry to another's is briefly in two. None of a JSON
    text (the daemon's snapshot, whose file was warned of): finding their lines would
    parse it again as YAML, seconds for thousands of sources, in every crawl."""
    if not lines.read:
        return []
    set_aside = {r.index for r in rejected}
    indexes = [i for i in range(len(sources) + len(set_aside)) if i not in set_aside]
    first: dict[str, tuple[str, FieldPath]] = {}
    notices = []
    for index, source in zip(indexes, sources, strict=True):
        for kind in DISCOVERY_KINDS:
            for j, url in enumerate(getattr(source, kind)):
                path: FieldPath = ("sources", index, kind, j)
                if url not in first:
                    first[url] = (source.name, path)
                    continue
                owner, at = first[url]
                if owner == source.name:
                    continue
                line, owner_line = lines.get(path), lines.get(at)
                notices.append(
                    f"{f'{where}:{line}' if line else where}: {_format_path(path)} "
                    f"(source '{source.name}') is also in source '{owner}'"
                    f"{f' (line {owner_line})' if owner_line else ''}: both crawl it"
                )
    return notices


def _alert_query_notices(config: Config, lines: _Lines, where: str) -> list[str]:
    """A notice for each alert whose query is not searched as written (as ``search``
    would note it), naming the alert and its line: it would fire on what its owner
    did not mean, or never."""
    notices = []
    for i, alert in enumerate(config.alerts):
        if (notice := alert.query_notice) is not None:
            line = lines.get(("alerts", i, "query"))
            at = f"{where}:{line}" if line else where
            notices.append(f"{at}: alerts[{i}].query (alert '{alert.name}'): {notice}")
    return notices


def _entry_index(path: FieldPath) -> int | None:
    """The index of the source entry ``path`` lies inside (not ``sources`` itself), else None."""
    if len(path) > 2 and path[0] == "sources" and isinstance(path[1], int):
        return path[1]
    return None


def _sources_apart(
    raw: dict[str, Any],
    lines: _Lines,
    where: str,
    base: Path,
    repeats: dict[int, _Repeat] | None = None,
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
    taken: dict[str, int] = {}  # name -> index of the valid entry holding it
    defaults = _defaults_of(raw)
    for index, entry in enumerate(entries):
        if (repeat := (repeats or {}).get(index)) is not None:
            rejected.append(_given_twice(entry, index, repeat, where))
            continue
        outcome = _validated_source(entry, index, taken, base, lines, defaults)
        if isinstance(outcome, Source):
            sources.append(outcome)
            taken[outcome.name] = index
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


def _given_twice(entry: dict[str, Any], index: int, repeat: _Repeat, where: str) -> RejectedSource:
    """The entry set aside for a key it gives twice. A ``name`` given twice (a forgotten
    ``- `` between two sources) is the entry's first: the source it began as. The entry
    written back into a snapshot keeps a key that sets it aside again (its repeat is
    lost once read)."""
    of_name = repeat.path[2:] == ("name",)
    name = repeat.first_value if of_name else entry.get("name")
    name = name if isinstance(name, str) else None
    error = repeat.message(where, f"source '{name}'" if name and not of_name else "")
    marked = {**entry, "name": name, _GIVEN_TWICE: error}
    return RejectedSource(name=name, index=index, error=error, entry=marked)


def _defaults_of(raw: dict[str, Any]) -> Defaults | None:
    """The file's ``defaults``, for what a source's entry means only beside them; None when
    they do not validate (the whole file's error, raised with the rest)."""
    try:
        return Defaults.model_validate(raw.get("defaults") or {})
    except ValidationError:
        return None


def _validated_source(
    entry: Any,
    index: int,
    taken: dict[str, int],
    base: Path,
    lines: _Lines,
    defaults: Defaults | None,
) -> Source | ErrorDetails:
    """The validated source of one entry, or the first error found in it."""
    at: FieldPath = ("sources", index)
    try:
        source = Source.model_validate(entry)
    except ValidationError as exc:
        first = _first_error(exc.errors())
        return {**first, "loc": at + tuple(first["loc"])}
    if source.name in taken:
        line = lines.get(("sources", taken[source.name])) or 0
        message = f"duplicate of the entry at line {line}; ignored"
        return _error(at + ("name",), message, source.name)
    if defaults is not None and source.schedule is not None:
        merged = merged_schedule(defaults.schedule, source.schedule)
        if (problem := merged.jitter_problem()) is not None:
            return _error(at + ("schedule",), f"{problem} (with defaults.schedule)", None)
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
