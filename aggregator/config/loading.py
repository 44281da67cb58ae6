"""Loading config.yaml: the document :mod:`aggregator.config.reading` reads, validated, and
any problem raised as a one-line :class:`ConfigError` naming the file, the line, the field
path and the value; each source entry validated on its own, so that a bad one is set aside.

A file named ``*.json`` (the daemon's config snapshot, :mod:`app.daemon.state`) is read
as JSON: the snapshot of 2,000 sources, every default written out, is 1.3 MB, and each
crawl child and ``status`` beside the daemon reads it. Its lines are looked up only when
an error names one.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, get_args

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
from aggregator.config.reading import (
    FieldPath,
    Lines,
    Repeat,
    RepeatedKey,
    format_path,
    not_utf8,
    read_yaml,
    refuse_repeats,
)
from aggregator.config.sources import DISCOVERY_KINDS, Defaults, Source
from aggregator.config.values import database_path, pattern_mismatch

DEFAULT_CONFIG_PATH = Path("config.yaml")

# The key an entry set aside for a key given twice carries in a snapshot.
_GIVEN_TWICE = "given_twice"


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


def _describe_error(err: ErrorDetails, raw: Any, lines: Lines, where: str) -> str:
    # pydantic puts union/validator tags in loc; keep only real keys and indexes.
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
    line = None
    probe = loc
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    prefix = f"{where}:{line}" if line else where
    field = format_path(loc)
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
    elif err["type"] == "string_pattern_mismatch":
        message = pattern_mismatch(str(err.get("ctx", {}).get("pattern")), err.get("input"))
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
        raise ConfigError(not_utf8(path, exc)) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    if _is_json(path):
        return parse_json_config(
            text, where=str(path), path=path, upgrades=upgrades, empty_ok=False
        )
    return parse_config(text, where=str(path), path=path, upgrades=upgrades, empty_ok=False)


def database_named_in(path: str | Path) -> Path | None:
    """The ``database`` a config file names, read without validating anything else.

    For ``aggregator status``, which must show the run history while the file
    is invalid. None when the file cannot be read or names no database. A file that
    does not parse (its commonest mistake, seldom on the ``database`` line) is read for
    its one ``"database": "…"`` pair (JSON, which a .yaml file may hold too) or, in a
    YAML file, its one top-level ``database:`` line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        raw = json.loads(text) if _is_json(path) else read_yaml(text, str(path))[0]
    except (ValueError, ConfigError):
        raw = {"database": _database_named_in_text(text, yaml=not _is_json(path))}
    value = raw.get("database") if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return Path(database_path(value))
    except ValueError:
        return None


#: A top-level ``database:`` line: its value, without quotes or a trailing comment. As
#: in YAML, a ``#`` starts a comment only after a space or tab (``news#1.db`` is a name).
_DATABASE_LINE = re.compile(
    r"""^database:[ \t]+(?:"(?P<double>[^"\n]*)"|'(?P<single>[^'\n]*)'|"""
    r"(?P<plain>[^#\s][^\n]*?))[ \t]*(?:[ \t]#.*)?$",
    re.MULTILINE,
)
#: A JSON ``"database": "…"`` pair: its string, escapes and all.
_DATABASE_PAIR = re.compile(r'"database"\s*:\s*(?P<string>"(?:[^"\\\n]|\\.)*")')
#: How YAML writes null as a plain value: a database named none.
_YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})


def _database_named_in_text(text: str, *, yaml: bool) -> str | None:
    """The database a file that does not parse names: its one JSON ``"database"`` pair,
    else (``yaml``) its one top-level ``database:`` line; None without exactly one (two
    would be refused by the loader as a key given twice)."""
    pairs = list(_DATABASE_PAIR.finditer(text))
    if len(pairs) == 1:
        try:
            return str(json.loads(pairs[0].group("string")))
        except ValueError:  # an escape JSON has not ("\q")
            return None
    found = list(_DATABASE_LINE.finditer(text)) if yaml and not pairs else []
    if len(found) != 1:
        return None
    match = found[0]
    if match.group("plain") in _YAML_NULLS:
        return None
    return match.group("double") or match.group("single") or match.group("plain") or None


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
    raw, lines, repeats = read_yaml(text, where)
    return _validated(raw, Lines(lines), where, path, upgrades, empty_ok, repeats)


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
        raw = json.loads(text, object_pairs_hook=refuse_repeats)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}:{exc.lineno}: JSON error: {exc.msg}") from None
    except RepeatedKey:
        return parse_config(text, where=where, path=path, upgrades=upgrades, empty_ok=empty_ok)
    return _validated(raw, Lines(text=text), where, path, upgrades, empty_ok)


def _validated(
    raw: Any,
    lines: Lines,
    where: str,
    path: Path | None,
    upgrades: Sequence[RawUpgrade],
    empty_ok: bool,
    repeats: Sequence[Repeat] = (),
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
    moved_notices, moved = _moved_keys(raw, lines, where)
    notices += moved_notices
    in_entries: dict[int, Repeat] = {}
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
        error = _as_written(_first_error(exc.errors()), moved)
        raise ConfigError(_describe_error(error, raw, lines, where)) from None
    return config.model_copy(
        update={
            "path": path,
            "notices": (
                *notices,
                *_shared_url_notices(sources or [], rejected, lines, where),
                *_alert_query_notices(config, lines, where),
                *_robots_agent_notices(config, lines, where),
            ),
            "rejected_sources": tuple(rejected),
        }
    )


# Keys moved to another section, (old, new): the old one is still read, as a deprecated
# alias of the new one, with a notice naming it; both given must agree.
_MOVED_KEYS: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    # Stop 48: the bound on stored versions is looked for beside what retention keeps.
    (("dedup", "versions_kept"), ("retention", "versions_per_article")),
)


def _moved_keys(
    raw: dict[str, Any], lines: Lines, where: str
) -> tuple[list[str], dict[FieldPath, FieldPath]]:
    """Move each deprecated key of ``raw`` to its new place, one notice each; a
    :class:`ConfigError` when the new key is given too, with another value. Also the
    places moved to that only the old key filled (new place -> old key), so that an
    error in the value names the key and line the operator wrote."""
    notices = []
    moved: dict[FieldPath, FieldPath] = {}
    for old, new in _MOVED_KEYS:
        block = raw.get(old[0])
        if not isinstance(block, dict) or old[1] not in block:
            continue
        value = block.pop(old[1])
        line = lines.get(old)
        at = f"{where}:{line}" if line else where
        target = raw.get(new[0])
        if target is None:
            target = raw[new[0]] = {}
        if isinstance(target, dict):  # else the new section's own error is reported
            if new[1] in target and target[new[1]] != value:
                new_line = lines.get(new)
                raise ConfigError(
                    f"{at}: {format_path(old)} = {value!r} and {format_path(new)} = "
                    f"{target[new[1]]!r}{f' (line {new_line})' if new_line else ''} disagree: "
                    f"{format_path(old)} is deprecated, keep {format_path(new)} only"
                )
            if new[1] not in target:
                moved[new] = old
            target[new[1]] = value
        notices.append(
            f"{at}: {format_path(old)} is deprecated: write {format_path(new)} (the same setting)"
        )
    return notices, moved


def _as_written(error: ErrorDetails, moved: dict[FieldPath, FieldPath]) -> ErrorDetails:
    """``error`` placed at the deprecated key the operator wrote when it lies in a place
    :func:`_moved_keys` filled from one (``dedup.versions_kept``, not
    ``retention.versions_per_article``, with the old key's line)."""
    loc = tuple(error["loc"])
    for new, old in moved.items():
        if loc[: len(new)] == new:
            return {**error, "loc": (*old, *loc[len(new) :])}
    return error


def _shared_url_notices(
    sources: list[Source], rejected: list[RejectedSource], lines: Lines, where: str
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
                    f"{f'{where}:{line}' if line else where}: {format_path(path)} "
                    f"(source '{source.name}') is also in source '{owner}'"
                    f"{f' (line {owner_line})' if owner_line else ''}: both crawl it"
                )
    return notices


def _alert_query_notices(config: Config, lines: Lines, where: str) -> list[str]:
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


def _robots_agent_notices(config: Config, lines: Lines, where: str) -> list[str]:
    """A notice when robots.txt would be read for a browser's token (``user_agent`` in a
    browser's form without a "compatible;" product, and no ``robots_token``). None of a
    JSON text (the daemon's snapshot): its file was warned of."""
    if not lines.read or (problem := config.robots_agent_problem()) is None:
        return []
    line = lines.get(("user_agent",))
    return [f"{f'{where}:{line}' if line else where}: {problem}"]


def _entry_index(path: FieldPath) -> int | None:
    """The index of the source entry ``path`` lies inside (not ``sources`` itself), else None."""
    if len(path) > 2 and path[0] == "sources" and isinstance(path[1], int):
        return path[1]
    return None


def _sources_apart(
    raw: dict[str, Any],
    lines: Lines,
    where: str,
    base: Path,
    repeats: dict[int, Repeat] | None = None,
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


def _given_twice(entry: dict[str, Any], index: int, repeat: Repeat, where: str) -> RejectedSource:
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
    lines: Lines,
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
            return _error(
                at + ("schedule",), f"{problem} (with defaults.schedule)", entry.get("schedule")
            )
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
