"""What a query means, said where it is saved and searched as a reader means it (stop 46).

An alert's query is read as ``aggregator search`` reads it, and a note of that
reading that changes what is searched is a config warning naming the alert (one
that only ignores a symbol is not). A symbol inside a word (``3.5%``, ``AT&T``,
``O’Brien``) keeps the word one phrase of its parts, typographic quotes are phrase
quotes (outside a ``"`` phrase), an OR typed twice is one OR, and a watchlist of
names OR'ed is not cut at the twelve-word bound. One real database, filled through
``aggregator ingest``; searches through the CLI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from storage.queries import MAX_QUERY_WORDS, parse_query

STORIES = {
    "Inflation eases to 3.5%": "Consumer prices rose 3.5% in the year to May, the office said.",
    "Bus fleet grows": "The city adds 3 new depots and 5 routes to its bus network this year.",
    "AT&T settles suit": "The carrier AT&T agreed to settle the lawsuit over its billing.",
    "Carrier at odds with T-Mobile": "Analysts at the bank said T-Mobile will gain customers.",
    "O’Brien wins seat": "Sinead O’Brien won the by-election on Thursday by a wide margin.",
    "Brien Street closes": "Brien Street in O'Connell district closes for repairs next week.",
    "Leaders plan a second summit": "The leaders agreed to hold a second summit next month.",
    "Summit delayed": "The summit was postponed; a second date was not set.",
    "Quake near Fiji prompts tsunami warning": "A strong quake struck near Fiji; a tsunami "
    "warning was issued for the coast.",
    "Zalando raises forecast": "The online retailer Zalando raised its forecast for the year.",
    "Minister calls plan ‘unworkable’ in vote": "The minister spoke before the vote.",
    "Minister calls plan a success": "Critics said it was unworkable; it passed in vote.",
    "Mayor: he said “no” today": "The mayor turned down the stadium offer.",
    "He said no more": "The coach said there would be no training today.",
}
QUOTING, SPLIT = "Minister calls plan ‘unworkable’ in vote", "Minister calls plan a success"
SAID_NO = "Mayor: he said “no” today"
INFLATION, BUS = "Inflation eases to 3.5%", "Bus fleet grows"
ATT, TMOBILE = "AT&T settles suit", "Carrier at odds with T-Mobile"
OBRIEN, STREET = "O’Brien wins seat", "Brien Street closes"
SUMMIT, DELAYED = "Leaders plan a second summit", "Summit delayed"
ZALANDO = "Zalando raises forecast"
WATCHLIST = (
    "Siemens OR BASF OR Allianz OR Bayer OR BMW OR Continental OR Daimler OR Henkel "
    "OR Linde OR Merck OR Puma OR Adidas OR Infineon OR Zalando"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reading")
    config = folder / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    records = folder / "in.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {"url": f"https://news.example/{n}", "site": "news", "headline": h, "body": b}
            )
            + "\n"
            for n, (h, b) in enumerate(STORIES.items())
        ),
        encoding="utf-8",
    )
    db = folder / "news.db"
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output
    return config, db


def search(corpus: tuple[Path, Path], query: str) -> tuple[set[str], list[str]]:
    config, db = corpus
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "search", query, "--json"]
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    return {hit["headline"] for hit in json.loads(result.stdout)}, notes


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("3.5%", {INFLATION}),  # not 3 AND 5 (the bus fleet's "3 new depots and 5 routes")
        ("AT&T", {ATT}),  # not at AND t
        ("O’Brien", {OBRIEN}),  # the typographic apostrophe: the phrase "o brien"
        ("O'Brien", {OBRIEN}),
        ("“second summit”", {SUMMIT}),  # typographic quotes make a phrase
        ("„second summit“", {SUMMIT}),
        ("«second summit»", {SUMMIT}),
        ("‘second summit’", {SUMMIT}),
        ("«second» summit", {SUMMIT, DELAYED}),
        # typographic quotes inside an ASCII phrase are symbols, not phrase quotes
        ('"Minister calls plan ‘unworkable’ in vote"', {QUOTING}),
        ('"he said “no” today"', {SAID_NO}),
        ("minister “calls plan”", {QUOTING, SPLIT}),
        ('"second summit"', {SUMMIT}),
        ("second summit", {SUMMIT, DELAYED}),
    ],
)
def test_a_symbol_inside_a_word_and_typographic_quotes_make_a_phrase(
    corpus: tuple[Path, Path], query: str, found: set[str]
) -> None:
    hits, _ = search(corpus, query)
    assert hits == found


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("3.5%", ("3.5",)),
        ("£1.5bn", ("1.5bn",)),
        ("U.S.", ("U.S",)),
        ("9/11", ("9/11",)),
        ("AT&T", ("AT&T",)),
        ("O’Brien", ("O’Brien",)),
        ("“a b”", ("a", "b")),
    ],
)
def test_a_symbol_between_letters_or_digits_keeps_one_term(
    text: str, words: tuple[str, ...]
) -> None:
    parsed = parse_query(text)
    assert len(parsed.terms) == 1 and parsed.terms[0].words == words


def test_a_doubled_or_is_one_or_and_says_so(corpus: tuple[Path, Path]) -> None:
    hits, notes = search(corpus, "zalando OR OR fiji")
    assert hits == {ZALANDO, "Quake near Fiji prompts tsunami warning"}
    assert len(notes) == 1 and "a doubled OR was read as one" in notes[0], notes


def test_a_star_inside_a_word_is_noted() -> None:
    notice = parse_query("earth*quake").notice
    assert notice and "earth*quake searched as earth* quake" in notice


def test_a_watchlist_of_names_ored_is_searched_whole(corpus: tuple[Path, Path]) -> None:
    assert len(WATCHLIST.split(" OR ")) > MAX_QUERY_WORDS
    assert len(WATCHLIST.split(" OR ")) == 14
    hits, notes = search(corpus, WATCHLIST)
    assert hits == {ZALANDO} and notes == []


def test_an_alert_query_not_searched_as_written_is_a_warning_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        "alerts:\n"
        "  - {name: fine, query: 'quake -tsunami', target: atom}\n"
        "  - {name: notgolf, query: 'quake NOT tsunami', target: atom}\n"
        "  - {name: column, query: 'headline:quake', target: atom}\n"
        f"  - {{name: dax, query: '{WATCHLIST}', target: atom}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "alerts", "list"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2, warnings
    assert "alerts[1].query (alert 'notgolf')" in warnings[0]
    assert "NOT searched as a word" in warnings[0] and ":4:" in warnings[0]
    assert "alerts[2].query (alert 'column')" in warnings[1]
    assert "headline: is not a column filter" in warnings[1]
    out = result.stdout.splitlines()
    assert out[0].startswith("fine: 'quake -tsunami' -> ")
    assert out[1].startswith("notgolf: 'quake NOT tsunami' -> ")
    # each note once: the warnings on stderr, no note under the alert on stdout
    assert out[2].startswith("column: 'headline:quake' -> ")
    assert out[3].startswith("dax: ") and len(out) == 4


def test_an_alert_on_a_watchlist_fires_for_its_fourteenth_name(tmp_path: Path) -> None:
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text(
        f"alerts:\n  - {{name: dax, query: '{WATCHLIST}', target: atom}}\n", encoding="utf-8"
    )
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps(
            {
                "url": "https://news.example/z",
                "site": "news",
                "headline": ZALANDO,
                "body": STORIES[ZALANDO],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    base = ["--config", str(config), "--db", str(db)]
    runner = CliRunner()
    assert runner.invoke(cli, [*base, "alerts", "deliver"]).exit_code == 0
    assert runner.invoke(cli, [*base, "ingest", str(records)]).exit_code == 0
    delivered = runner.invoke(cli, [*base, "alerts", "deliver"])
    assert delivered.exit_code == 0, delivered.output
    assert delivered.stdout.splitlines()[0] == "dax: 1 fired"
    assert "warning" not in delivered.stderr


@pytest.mark.parametrize("text", ["a." * 5000, "a-" * 5000, "a&" * 5000, "1/" * 5000])
def test_a_word_of_many_parts_is_held_to_the_word_bound(text: str) -> None:
    # each part is a word of the phrase FTS5 reads: the bound counts them
    parsed = parse_query(text)
    [term] = parsed.terms
    assert len(re.findall(r"\w+", " ".join(term.words))) == MAX_QUERY_WORDS
    assert parsed.notice and f"only the first {MAX_QUERY_WORDS} of 5000 words" in parsed.notice


def test_a_column_note_is_for_a_name_not_a_time() -> None:
    assert "column filter" in (parse_query("title:summit").notice or "")
    assert "column filter" not in (parse_query("10:30 kickoff").notice or "")


def test_quotes_inside_a_phrase_are_ignored_symbols_and_noted() -> None:
    parsed = parse_query('"Minister calls plan ‘unworkable’ in vote"')
    assert [term.words for term in parsed.terms] == [
        ("Minister", "calls", "plan", "unworkable", "in", "vote")
    ]
    assert parsed.notice and parsed.notice.startswith("ignored ‘ ’:")
    parsed = parse_query('"he said “no” today" “mayor”')
    assert [term.words for term in parsed.terms] == [("he", "said", "no", "today"), ("mayor",)]


@pytest.mark.parametrize("text", ["gcium.a*", "W-a*", "W.x*", "O’B*", "don't*"])
def test_a_prefix_needs_its_letters_in_the_last_part_of_the_word(text: str) -> None:
    # FTS5 reads W.x* as "W x"*: a one-letter prefix, however long the word
    parsed = parse_query(text)
    [term] = parsed.terms
    assert not term.prefix and "*" not in parsed.match
    assert parsed.notice and "a prefix needs 3 letters before *" in parsed.notice
    assert parse_query("W-abc*").terms[0].prefix


def test_a_column_note_is_not_for_a_colon_inside_a_phrase() -> None:
    assert "column filter" not in (parse_query('"Breaking:News live"').notice or "")
    assert "column filter" in (parse_query('headline:"news live"').notice or "")
    assert "column filter" in (parse_query("headline:“news live”").notice or "")


@pytest.mark.parametrize("query", ["U.S. tariffs", "#MeToo", "inflation 3.5%", "Tesla, Ford"])
def test_an_alert_whose_query_only_ignores_symbols_loads_without_a_warning(
    tmp_path: Path, query: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        f"alerts:\n  - {{name: quiet, query: {json.dumps(query)}, target: atom}}\n",
        encoding="utf-8",
    )
    assert parse_query(query).notice  # search still notes the ignored symbol
    for command in (["alerts", "list"], ["status"]):
        result = CliRunner().invoke(cli, ["--config", str(config), *command])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr and "note:" not in result.stdout, result.output
