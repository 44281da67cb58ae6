"""One agency, many spellings (stop 45): "EFE", "Agencia EFE" and "Efe" are one agency when a
story's copies vote for its origin and when a copy's byline is checked against it, and an
agency's own site holds the origin's copy. Each case ingests JSON Lines records into a real
SQLite file through the CLI and reads the story back through ``export`` and ``show``."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.parser import vocab
from tests.agency_cases import Case, Copy, stored_story
from tests.cli_store import invoke

CASES = [
    Case(
        "efe-three-spellings",
        (
            Copy("La Voz", "https://lavoz.example/a", "EFE", 10),
            Copy("El Diario", "https://eldiario.example/a", "Por Ana Ruiz, Agencia EFE", 11),
            Copy("Hoy", "https://hoy.example/a", "Efe", 12),
        ),
        origin="EFE",
        kind="agency",
        origin_site="La Voz",
        flags={},
        votes=3,
    ),
    Case(
        "ap-and-the-associated-press",
        (
            Copy("Town Post", "https://townpost.example/a", "AP", 10),
            Copy("City Star", "https://star.example/a", "By Jane Doe, The Associated Press", 11),
            Copy("Copycat Daily", "https://copycat.example/a", "By John Smith", 12),
        ),
        origin="AP",
        kind="agency",
        origin_site="Town Post",
        flags={"Copycat Daily": "names John Smith over AP text without crediting AP"},
        votes=2,
    ),
    Case(
        "afp-long-names",
        (
            Copy("Le Soir", "https://lesoir.example/a", "Agence France Presse", 9),
            Copy("Die Zeit", "https://zeit.example/a", "Von Max Muster, AFP", 10),
            Copy("Le Jour", "https://jour.example/a", "Par Jean Dupont, Agence France-Presse", 11),
        ),
        origin="AFP",
        kind="agency",
        origin_site="Le Soir",
        flags={},
        votes=3,
    ),
    Case(
        "dpa-and-deutsche-presse-agentur",
        (
            Copy("Berliner Blatt", "https://blatt.example/a", "dpa", 9),
            Copy("Kurier", "https://k.example/a", "Von Max Muster, Deutsche Presse-Agentur", 10),
        ),
        origin="dpa",
        kind="agency",
        origin_site="Berliner Blatt",
        flags={},
        votes=2,
    ),
    Case(
        "bernama-a-credit-not-a-person",
        (
            Copy("The Star", "https://thestar.example/a", "Bernama", 9),
            Copy("Daily Post", "https://dailypost.example/a", "By Ali Bin, Bernama", 10),
            Copy("Copycat Daily", "https://copycat.example/a", "By John Smith", 11),
        ),
        origin="Bernama",
        kind="agency",
        origin_site="The Star",
        flags={"Copycat Daily": "names John Smith over Bernama text without crediting Bernama"},
        votes=2,
    ),
    Case(
        "the-agency-among-other-credits",
        (
            Copy("La Voz", "https://lavoz.example/a", "EFE", 10),
            Copy("El Diario", "https://eldiario.example/a", "Agencia EFE", 11),
            Copy("Hoy", "https://hoy.example/a", "Por Ana Ruiz, Reuters / Agencia EFE", 12),
        ),
        origin="EFE",
        kind="agency",
        origin_site="La Voz",
        flags={},
        votes=2,  # Hoy's copy votes for Reuters, the short list's agency it credits first
    ),
    Case(
        "a-desk-credit-is-no-agency",
        (
            Copy("Harbor Post", "https://harborpost.example/a", "By Metro Desk", 10),
            Copy("Copycat Daily", "https://copycat.example/a", "By John Smith", 11),
            Copy("Third Times", "https://third.example/a", "Wire Staff", 12),
        ),
        origin="Harbor Post",
        kind="outlet",
        origin_site="Harbor Post",
        flags={"Copycat Daily": "names John Smith over text first published by Harbor Post"},
    ),
    Case(
        "the-agencys-own-site-over-an-earlier-credit",
        (
            Copy("La Voz", "https://lavoz.example/a", "EFE", 8),
            Copy("EFE Noticias", "https://efe.com/a", "Por Luis Gil, EFE", 10),
            Copy("Hoy", "https://hoy.example/a", "Agencia EFE", 11),
        ),
        origin="EFE",
        kind="agency",
        origin_site="EFE Noticias",
        flags={},
        votes=3,
    ),
    Case(
        "europa-press-own-site",
        (
            Copy("El Norte", "https://elnorte.example/a", "Europa Press", 7),
            Copy("Europa Press", "https://europapress.es/a", "europapress", 9),
        ),
        origin="Europa Press",
        kind="agency",
        origin_site="Europa Press",
        flags={},
        votes=2,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_agency_under_each_of_its_spellings(tmp_path: Path, case: Case) -> None:
    stored = stored_story(tmp_path, case, CASES.index(case))
    assert stored.origin_sites == {case.origin_site}
    shown = invoke(tmp_path, "show", str(stored.story["story_id"]))
    assert f"Origin: {case.origin} " in shown
    # What each copy's page printed stays as printed: the credit, not the agency's name.
    assert {a["site_name"]: a["byline_raw"] for a in stored.articles.values()} == {
        c.site: c.byline for c in case.copies
    }


def test_each_spelling_names_one_agency_and_the_parser_reads_it() -> None:
    # The table is the one declaration: a spelling given twice would name whichever agency
    # came last, and one not in lower case would never match a credit.
    spellings = [s for names in vocab.AGENCY_SPELLINGS.values() for s in names]
    assert len(spellings) == len(set(spellings))
    assert [s for s in spellings if s != s.strip().casefold()] == []
    assert set(spellings) <= vocab.AGENCIES
