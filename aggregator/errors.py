"""The core's named errors that the application turns into one line (``app.errors``).

Declared here, apart from the parser and the record reader that raise them, so that
every command can catch them without importing either: importing the parser compiles
its patterns, about a third of a second a command that reads no page never needs.
"""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested at all (unreadable, no records); the message names it."""


class SourceParserError(Exception):
    """A source parser that is declared wrongly (unknown field, bad selector); names the class."""
