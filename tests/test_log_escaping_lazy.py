"""The log escaping (aggregator.hygiene.escape_log_records) costs nothing for a record no
handler writes, and writes what it wrote before for one a handler does."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from aggregator.hygiene import escape_log_records


class Counted:
    """An argument that counts how often it is formatted."""

    def __init__(self) -> None:
        self.formatted = 0

    def __str__(self) -> str:
        self.formatted += 1
        return "value\x1b[2J"


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    factory = logging.getLogRecordFactory()
    escape_log_records()
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setLevel(logging.INFO)  # as Scrapy's: the logger passes DEBUG, the handler drops it
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    # A logger of its own, outside the hierarchy: pytest's capturing handlers format
    # every record of the named loggers.
    log = logging.Logger("newsagg.test.lazy_escaping", logging.DEBUG)
    log.addHandler(handler)
    try:
        yield log, written
    finally:
        logging.setLogRecordFactory(factory)


def test_a_record_no_handler_writes_is_not_formatted(
    logger: tuple[logging.Logger, io.StringIO],
) -> None:
    log, written = logger
    argument = Counted()
    log.debug("Crawled %s", argument)
    assert argument.formatted == 0
    assert written.getvalue() == ""


def test_a_written_record_and_its_exception_are_escaped(
    logger: tuple[logging.Logger, io.StringIO],
) -> None:
    log, written = logger
    argument = Counted()
    log.info("Crawled %s", argument)
    try:
        raise ValueError("bad\x07cookie\x9b31m")
    except ValueError:
        log.exception("failed at %s", "url\x1b]8;;")
    lines = written.getvalue()
    assert "INFO Crawled value\\x1b[2J\n" in lines
    assert "ERROR failed at url\\x1b]8;;\n" in lines
    assert "ValueError: bad\\x07cookie\\x9b31m" in lines
    assert "\x1b" not in lines and "\x07" not in lines and "\x9b" not in lines
    assert argument.formatted == 1
