"""An ingested record without a ``language`` gets its text's, as the parser detects it for
a page that declares none (QA stop 48, finding F8): records of a backfill were stored
without one, and ``export --language de`` left them out. A given language stands, even
over a text in another. Records go through ``aggregator ingest`` into a real SQLite file
and are read back through ``export --articles``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_store import ingest, invoke

GERMAN = [
    "Der Stadtrat hat am Dienstagabend den Haushalt für das kommende Jahr beschlossen. Nach "
    "monatelangen Beratungen stimmte eine breite Mehrheit für den Entwurf der Verwaltung.",
    "Den größten Posten bilden die Sanierung der Grundschule am Markt und der Ausbau der "
    "Radwege entlang der Bundesstraße, für die das Land einen Zuschuss zugesagt hat.",
    "Die Opposition kritisierte die neuen Schulden, trug den Beschluss aber mit. Die "
    "Kämmerin kündigte an, im Frühjahr einen Nachtragshaushalt vorzulegen.",
    "Die Bürgerinnen und Bürger können den Haushaltsplan ab der kommenden Woche im Rathaus "
    "und auf der Internetseite der Stadt einsehen.",
]
FRENCH = [
    "Le conseil municipal a adopté mardi soir le budget de l'année prochaine. Après des mois "
    "de débats, une large majorité a voté pour le projet présenté par le maire.",
    "Le plus gros poste concerne la rénovation de l'école du centre et l'aménagement des "
    "pistes cyclables le long de la route départementale, pour lesquelles la région a promis "
    "une aide.",
    "L'opposition a critiqué la hausse de la dette, mais a voté le texte. L'adjointe aux "
    "finances a annoncé un budget rectificatif pour le printemps.",
]
RUSSIAN = [
    "Городской совет во вторник вечером утвердил бюджет на следующий год. После нескольких "
    "месяцев обсуждений большинство депутатов проголосовало за проект администрации.",
    "Основные расходы пойдут на ремонт школы в центре города и строительство велосипедных "
    "дорожек вдоль трассы, на которые область обещала выделить субсидию.",
]


def _record(path: str, body: list[str], **given: str) -> dict[str, object]:
    return {
        "url": f"https://archiv.example/{path}",
        "site": "Kreisbote Archiv",
        "headline": path.replace("-", " ").title(),
        "body": body,
        "published": "2026-11-24T18:00:00+01:00",
        **given,
    }


def _articles(tmp_path: Path, *args: str) -> dict[str, dict[str, object]]:
    rows = invoke(tmp_path, "export", "--articles", *args).splitlines()
    return {str(row["url"]).rsplit("/", 1)[-1]: row for row in map(json.loads, rows)}


def test_a_record_without_a_language_gets_its_texts(tmp_path: Path) -> None:
    ingest(
        tmp_path,
        _record("haushalt", GERMAN),
        _record("budget", FRENCH),
        _record("byudzhet", RUSSIAN),
        _record("haushalt-en", GERMAN, language="en"),  # the record's word stands
        _record("kurz", ["Der Rat tagt."]),  # too short to tell
    )
    articles = _articles(tmp_path)
    assert {path: a["language"] for path, a in articles.items()} == {
        "haushalt": "de",
        "budget": "fr",
        "byudzhet": "ru",
        "haushalt-en": "en",
        "kurz": None,
    }
    for path in ("haushalt", "budget", "byudzhet"):
        assert articles[path]["provenance"] == {"all": "ingest", "language": "text"}
    for path in ("haushalt-en", "kurz"):
        assert articles[path]["provenance"] == {"all": "ingest"}
    assert set(_articles(tmp_path, "--language", "de")) == {"haushalt"}
    assert set(_articles(tmp_path, "--language", "fr")) == {"budget"}
