"""One agency, many spellings (stop 45): each agency's one name and its spellings are
declared once, in the parser's agency vocabulary."""

from __future__ import annotations

from aggregator.parser import vocab


def test_each_spelling_names_one_agency_and_the_parser_reads_it() -> None:
    # The table is the one declaration: a spelling given twice would name whichever agency
    # came last, and one not in lower case would never match a credit.
    spellings = [s for names in vocab.AGENCY_SPELLINGS.values() for s in names]
    assert len(spellings) == len(set(spellings))
    assert [s for s in spellings if s != s.strip().casefold()] == []
    assert set(spellings) <= vocab.AGENCIES
