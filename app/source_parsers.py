"""Checking the sources' ``parser:`` before their crawls start.

A parser that does not load fails every crawl of its source at its first page.
``aggregator crawl`` of several sources leaves such a source out; a daemon or a
worker sets it aside, as it does a source entry that does not validate, so the
other sources still run. This process loads the parsers the way its crawl children
will (``python -P``: the working directory is not on the path, app/child.py).
"""

from __future__ import annotations

from aggregator.config import Config, RejectedSource


def broken_parsers(config: Config, names: list[str]) -> dict[str, str]:
    """The named sources whose ``parser`` does not load, each with its one-line error.

    In one reactor a spider that cannot start would stop the crawl of every source
    named with it (``crawl --all``): one operator's typo in one parser file.
    """
    from aggregator.parser.sources import SourceParserError, load_parser

    broken: dict[str, str] = {}
    for name in names:
        spec = config.source(name).parser
        if spec:
            try:
                load_parser(spec)
            except SourceParserError as exc:
                broken[name] = str(exc)
    return broken


def set_aside_broken_parsers(config: Config) -> Config:
    """``config`` with each enabled source whose parser does not load set aside
    (in ``rejected_sources``, its error naming the source and the parser).

    Its entry stays in the daemon's snapshot, in its place in the file, as any
    set-aside entry's does.
    """
    names = [source.name for source in config.sources if source.enabled]
    broken = broken_parsers(config, names)
    if not broken:
        return config
    where = config.path or "config"
    indices = _entry_indices(config)
    set_aside = [
        RejectedSource(
            name=source.name,
            index=indices[source.name],
            error=f"{where}: source '{source.name}': {broken[source.name]}",
            entry=_entry(config, source.name),
        )
        for source in config.sources
        if source.name in broken
    ]
    return config.model_copy(
        update={
            "sources": [s for s in config.sources if s.name not in broken],
            "rejected_sources": (*config.rejected_sources, *set_aside),
        }
    )


def _entry_indices(config: Config) -> dict[str, int]:
    """Each valid source's place in the file's ``sources``: the places the set-aside
    entries leave, in order."""
    taken = {rejected.index for rejected in config.rejected_sources}
    free = (index for index in range(len(config.sources) + len(taken)) if index not in taken)
    return {source.name: next(free) for source in config.sources}


def _entry(config: Config, name: str) -> object:
    """The source's entry as the config's document writes it (durations as '30m')."""
    alone = config.model_copy(update={"sources": [config.source(name)], "rejected_sources": ()})
    return alone.to_document()["sources"][0]
