"""Credits compared by one key (review of stop 45): an outlet the spellings table does not
name votes under one key whatever its letter case, spacing or a leading "The", and an
agency's own site is known by its declared domains or a label that is its whole long name,
never by a two- or three-letter code ("www.tt.com" is no TT's). Each case ingests JSON Lines
records into a real SQLite file through the CLI, with the checks of
tests/agency_cases.py that every agency case shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.parser import vocab
from tests.agency_cases import Case, Copy, stored_story
from tests.cli_store import invoke

CASES = [
    Case(
        "an-outlet-in-capitals-and-not",
        (
            Copy("Doha Daily", "https://doha.example/a", "AL JAZEERA", 9),
            Copy("Gulf Times", "https://gulf.example/a", "Al Jazeera", 10),
            Copy("Desert Star", "https://desert.example/a", "By Jane Roe, Al Jazeera", 11),
            Copy("Copycat Daily", "https://copycat.example/a", "By John Smith", 12),
        ),
        origin="AL JAZEERA",  # as the earliest copy credits it
        kind="agency",
        origin_site="Doha Daily",
        flags={
            "Copycat Daily": "names John Smith over AL JAZEERA text without crediting AL JAZEERA"
        },
        votes=3,
    ),
    Case(
        "an-outlet-with-and-without-the",
        (
            Copy("Metro Ledger", "https://ledger.example/a", "Washington Post", 9),
            Copy("River Courier", "https://courier.example/a", "The Washington Post", 10),
            Copy("Hill Herald", "https://hill.example/a", "By Ann Lee, The Washington Post", 11),
        ),
        origin="Washington Post",
        kind="agency",
        origin_site="Metro Ledger",
        flags={},
        votes=3,
    ),
]


def _sites(own: str, credit: str) -> Case:
    """An agency's copies: two crediting it, then one on the site ``own`` at a later hour."""
    return Case(
        f"{credit}-on-{own}",
        (
            Copy("Town Post", "https://townpost.example/a", credit, 8),
            Copy("City Star", "https://star.example/a", credit, 9),
            Copy("Third Paper", f"https://{own}/a", credit, 10),
        ),
        origin=vocab.AGENCY_NAME[credit.casefold()],
        kind="agency",
        origin_site="",
        flags={},
        votes=3,
    )


# (host, credit, whether the host is the agency's own site)
SITES = [
    ("www.tt.com", "TT", False),  # Tiroler Tageszeitung, not the Swedish agency
    ("cp.example.org", "The Canadian Press", False),
    ("aa.example.net", "Anadolu", False),
    ("www.efe.com", "EFE", True),
    ("apnews.com", "AP", True),
    ("www.reuters.com", "Reuters", True),
    ("uk.reuters.com", "Reuters", True),
    ("tt.se", "TT", True),
    ("www.epd.de", "epd", True),  # a short name: known by its declared domain only
    ("www.kathpress.at", "KAP", True),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_outlet_votes_under_one_key(tmp_path: Path, case: Case) -> None:
    stored = stored_story(tmp_path, case, 100 + CASES.index(case))
    assert stored.origin_sites == {case.origin_site}
    assert f"Origin: {case.origin} " in invoke(tmp_path, "show", "1")


@pytest.mark.parametrize(("host", "credit", "own"), SITES, ids=[s[0] for s in SITES])
def test_an_agencys_own_site_by_its_domains_or_long_name(
    tmp_path: Path, host: str, credit: str, own: bool
) -> None:
    stored = stored_story(tmp_path, _sites(host, credit), 200 + SITES.index((host, credit, own)))
    assert stored.origin_sites == {"Third Paper" if own else "Town Post"}


def test_each_agency_site_is_declared_under_an_agency_of_the_spellings_table() -> None:
    assert set(vocab.AGENCY_SITES) <= set(vocab.AGENCY_SPELLINGS)
    domains = [d for names in vocab.AGENCY_SITES.values() for d in names]
    assert len(domains) == len(set(domains))
    assert [d for d in domains if d != d.casefold() or d.startswith("www.")] == []
