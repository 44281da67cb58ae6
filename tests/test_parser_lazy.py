"""Discovery canonicalises URLs with ``aggregator.parser.urls``: importing it must not load
the whole parser (every step, the vocabularies), which only extraction needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Prints which of the parser's modules an import left loaded.
_LOADED = (
    "import sys; import {module}; "
    "print(' '.join(sorted(m for m in sys.modules if m.startswith('aggregator.parser.'))))"
)


@pytest.mark.parametrize("module", ["aggregator.discovery", "aggregator.parser.urls"])
def test_a_stage_importing_urls_does_not_load_the_extraction(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED.format(module=module)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    loaded = set(result.stdout.split())
    assert "aggregator.parser.urls" in loaded
    assert not loaded & {"aggregator.parser.fields", "aggregator.parser.body"}, loaded


def test_the_documented_names_still_import() -> None:
    import aggregator.parser
    from aggregator import ExtractionError, extract
    from aggregator.parser import ExtractionError as parser_error
    from aggregator.parser import extract as parser_extract

    assert parser_extract is extract and parser_error is ExtractionError
    assert aggregator.parser.extract is extract
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        aggregator.parser.nothing  # noqa: B018
