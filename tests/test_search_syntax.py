"""Search syntax (readers round 37): phrases, prefixes, OR, exclusions, ß and ss, hostile text.

One real database, filled through `aggregator ingest`, one story per record;
every case asks `aggregator search --json` (and the alerts' saved searches
the same query) and compares the stories returned by headline.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.config import ConfigError, parse_config
from aggregator.search_query import MAX_OR_WORDS, MAX_SPELLINGS
from app.cli import cli
from storage import open_db, queries
from storage.queries import MAX_QUERY_WORDS, parse_query

STORIES = {
    "Leaders plan a second summit": "The two leaders agreed to hold a second summit in Hanoi "
    "next month, officials in both capitals said on Tuesday.",
    "Talks reversed": "Officials said the summit was only the second meeting this year between "
    "the delegations, and no date was set for another.",
    "Heat records broken": "A summer heatwave broke temperature records across the southern "
    "region on Monday, the weather service reported.",
    "Rathaus closed for works": "Die Straße am Rathaus bleibt wegen Bauarbeiten bis Freitag "
    "gesperrt, teilte die Stadtverwaltung mit.",
    "Zurich reopens road": "In Zürich wird die Strasse zum Bahnhof ab Montag wieder für den "
    "Verkehr geöffnet, meldet die Polizei.",
    "Frost lifts coffee": "Arabica coffee prices rose sharply after frost hit the growing "
    "regions of Brazil over the weekend.",
    "Tea falls in Kenya": "Tea prices fell at the Mombasa auction as the harvest grew larger "
    "than traders had expected this season.",
    "Ships wait out storm": "Cargo ships waited near the harbour while the storm passed over "
    "the coast during the night.",
    "Report renamed": "The title of the annual report was changed by the editors shortly "
    "before it went to the printers.",
    # two paragraphs: a phrase may run from the end of one into the next
    "Quay reopens": [
        "The mayor spoke about the running of the harbour ferry",
        "Council members met later to approve the budget for the quay.",
    ],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("syntax")
    config = folder / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    records = folder / "in.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://news.example/{n}",
                    "site": "news",
                    "headline": headline,
                    "body": body,
                }
            )
            + "\n"
            for n, (headline, body) in enumerate(STORIES.items())
        ),
        encoding="utf-8",
    )
    db = folder / "news.db"
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output
    assert queries.totals(open_db(db, read_only=True)).stories == len(STORIES)
    return config, db


@dataclass(frozen=True)
class Case:
    query: str
    found: frozenset[str]
    noted: str = ""  # a part of the note on stderr ("" : no note)


def case(query: str, *found: str, noted: str = "") -> Case:
    return Case(query, frozenset(found), noted)


SUMMIT, REVERSED, HEAT = "Leaders plan a second summit", "Talks reversed", "Heat records broken"
RATHAUS, ZURICH = "Rathaus closed for works", "Zurich reopens road"
COFFEE, TEA, SHIPS, RENAMED = (
    "Frost lifts coffee",
    "Tea falls in Kenya",
    "Ships wait out storm",
    "Report renamed",
)
QUAY = "Quay reopens"

CASES = [
    # words, all required, in any order; a phrase only with its words adjacent, in order
    case("second summit", SUMMIT, REVERSED),
    case('"second summit"', SUMMIT),
    case('"summit second"'),
    case('officials "summit was"', REVERSED),
    # a prefix, and one too short to be one
    case("summ*", SUMMIT, REVERSED, HEAT),
    case("hanoi summ*", SUMMIT),
    case("su*", noted="a prefix needs 3 letters before * (su searched as typed)"),
    case("fr* co* fr*", noted="a prefix needs 3 letters before * (fr, co searched as typed):"),
    # OR between two terms; 'a b OR c' is a AND (b OR c)
    case("coffee OR tea", COFFEE, TEA),
    case("frost coffee OR tea", COFFEE),
    case("prices coffee OR tea", COFFEE, TEA),
    case("kenya OR brazil OR hanoi", COFFEE, TEA, SUMMIT),
    case('"second summit" OR heatwave', SUMMIT, HEAT),
    case("coffee or tea"),  # "or" in lower case is a word
    # words and prefixes match stems: runn* misses running (run), running* is run*
    case("runn*"),
    case("running*", QUAY),
    case("runs", QUAY),
    case('"ferry council"', QUAY),
    # exclusions: a word, a phrase
    case("summit -hanoi", REVERSED),
    case('summit -"second summit"', REVERSED),
    case('prices -"coffee"', TEA),
    case("summ* -summer -hanoi", REVERSED),
    # "-" excludes only at the start or after a space; after a symbol it is one, ignored
    case("harbour -storm", QUAY),
    case("-storm harbour", QUAY),
    case("harbour (-storm)", SHIPS, noted="ignored ( ) -: searched for harbour storm"),
    case("harbour,-storm", SHIPS, noted="ignored , -: searched for harbour storm"),
    case("harbour --storm", SHIPS, noted="ignored -: searched for harbour storm"),
    # ß and ss, both ways, and inside a phrase
    case("strasse", RATHAUS, ZURICH),
    case("Straße", RATHAUS, ZURICH),
    case("STRASSE rathaus", RATHAUS),
    case('"die straße"', RATHAUS, ZURICH),
    case("straß*", RATHAUS, ZURICH),
    case("strasse -zürich", RATHAUS),
    # hostile text: never FTS5 syntax, never an error
    case('"coffee', COFFEE, noted='an unmatched "'),
    case('coffee "', COFFEE, noted='an unmatched "'),
    case("coffee OR", COFFEE, noted="an OR without a term on each side was ignored"),
    case("OR coffee OR OR", COFFEE, noted="an OR without a term on each side was ignored"),
    case("coffee\x00frost\x07\u202e\n", COFFEE),
    case("harbour NEAR storm", SHIPS, noted="NEAR searched as a word"),
    case("NEAR(harbour storm)", SHIPS, noted="ignored ( )"),
    case("coffee AND frost", noted="AND searched as a word"),
    case("title:report", RENAMED, noted="ignored :"),
    case("title:coffee", noted="ignored :"),
    case("{headline}:coffee", noted="ignored : { }"),
    case("coffee^ frost", COFFEE, noted="ignored ^"),
    case("frost*- -coffee-", noted="ignored -"),  # frost*, and not coffee
    case(" ".join(["coffee"] * 200), COFFEE, noted=f"only the first {MAX_QUERY_WORDS} of 200"),
    # a note names each word once, and at most NOTED_WORDS of them (QA readers 52: a
    # 60,001-character a*a*a… made a 1.2 MB note)
    case(
        "frost*coffee frost*coffee",
        COFFEE,
        noted="note: * ends a prefix (frost*coffee searched as frost* coffee): searched for",
    ),
    case(
        " ".join(f"heat{n}*wave" for n in range(8)),
        noted="heat4*wave searched as heat4* wave and 3 more)",
    ),
    case(" ".join(f"x{n}*" for n in range(8)), noted="(x0, x1, x2, x3, x4 and 3 more searched"),
    case(" ".join(["frost", *(f"filler{i}" for i in range(199))]), noted="of 200 words"),
]


@pytest.mark.parametrize("c", CASES, ids=[repr(c.query[:40]) for c in CASES])
def test_a_query_finds_the_stories_it_means(corpus: tuple[Path, Path], c: Case) -> None:
    config, db = corpus
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "--db", str(db), "search", c.query, "--json"],
        prog_name="aggregator",
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    hits = json.loads(result.stdout)
    assert {hit["headline"] for hit in hits} == c.found
    if c.noted:
        assert len(notes) == 1 and c.noted in notes[0], notes
    else:
        assert notes == []


def test_the_note_of_a_huge_query_is_one_short_line(corpus: tuple[Path, Path]) -> None:
    config, db = corpus
    query = "a" + "*a" * 30_000 + " " + " ".join(f"w{n}*x c{n}:y" for n in range(3_000))
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "search", "--json", query]
    )
    assert result.exit_code == 0, result.output
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: ") and len(note) < 1_000, note[:2_000]


@pytest.mark.parametrize(
    "query, problem",
    [
        ("", "holds no word to search for"),
        ('"', "holds no word to search for"),
        ("*", "holds no word to search for"),
        ("-", "holds no word to search for"),
        ("OR OR", "holds no word to search for"),
        ("-coffee", "only excludes words: give a word to search for too"),
        ('-"second summit" -tea', "only excludes words: give a word to search for too"),
    ],
)
def test_a_query_with_nothing_to_find_is_one_line(
    corpus: tuple[Path, Path], query: str, problem: str
) -> None:
    config, db = corpus
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "search", query], prog_name="aggregator"
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: Invalid value for QUERY: '{query}' {problem} (see 'aggregator search --help')\n"
    )


@pytest.mark.parametrize(
    "args, found",
    [
        (["summ*", "-summer", "-hanoi"], {REVERSED}),
        (["-hanoi", "summit", "-summer"], {REVERSED}),
        # the quoted query's grouping: '-coffee OR tea' has no term left of OR (ignored)
        (["heatwave", "-coffee", "OR", "tea"], set()),
        (["--limit", "5", "summ*", "-summer", "--json", "-hanoi"], {REVERSED}),
    ],
)
def test_unquoted_words_are_the_query_in_their_order(
    corpus: tuple[Path, Path], args: list[str], found: set[str]
) -> None:
    """QA readers 52, finding 1: a second unquoted exclusion was "No such option '-V'", and
    the first one was moved to the end, which changed how OR grouped."""
    config, db = corpus
    words = [arg for arg in args if arg not in ("--limit", "5", "--json")]

    def search(*given: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(
            cli,
            ["--config", str(config), "--db", str(db), "search", "--json", *given],
            prog_name="aggregator",
        )
        return result.exit_code, result.stdout, result.stderr

    unquoted, quoted = search(*args), search(" ".join(words))
    assert unquoted == quoted
    assert unquoted[0] == 0, unquoted
    assert {hit["headline"] for hit in json.loads(unquoted[1])} == found


def test_the_snippet_marks_the_other_spelling_and_the_phrase(corpus: tuple[Path, Path]) -> None:
    db = open_db(corpus[1], read_only=True)
    (zurich,) = queries.search(db, "zürich strasse")
    (rathaus,) = queries.search(db, "rathaus strasse")
    (summit,) = queries.search(db, '"second summit" hanoi')
    (heat,) = queries.search(db, "summ* heat*")
    db.close()
    assert "[Strasse]" in zurich.snippet and "[Zürich]" in zurich.snippet
    assert "[Straße]" in rathaus.snippet and "[Rathaus]" in rathaus.snippet
    assert "[second summit]" in summit.snippet and "[Hanoi]" in summit.snippet
    assert "[summer]" in heat.snippet and "[heatwave]" in heat.snippet


# --- the alerts' saved searches read their query the same way ------------------------------


ALERT_QUERIES = {
    "phrase": '"second summit"',
    "either": "frost coffee OR tea",
    "excluding": "summit -hanoi",
    "spelling": "strasse",
    "prefix": "summ* -summer",
}


def test_an_alert_matches_as_search_does(tmp_path: Path, corpus: tuple[Path, Path]) -> None:
    alerts = "".join(
        f"  - {{name: {name}, query: '{query}', target: atom}}\n"
        for name, query in ALERT_QUERIES.items()
    )
    config = tmp_path / "config.yaml"
    config.write_text(f"sources: []\nalerts:\n{alerts}", encoding="utf-8")
    db = tmp_path / "news.db"
    runner = CliRunner()
    base = ["--config", str(config), "--db", str(db)]
    assert runner.invoke(cli, [*base, "migrate"]).exit_code == 0
    first = runner.invoke(cli, [*base, "alerts", "deliver"])  # the alerts start here
    assert first.exit_code == 0, first.output
    records = corpus[1].parent / "in.jsonl"
    assert runner.invoke(cli, [*base, "ingest", str(records)]).exit_code == 0
    fired = runner.invoke(cli, [*base, "alerts", "deliver"])
    assert fired.exit_code == 0, fired.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT d.alert, s.headline FROM alert_deliveries d JOIN stories s ON s.id = d.story_id"
        ).fetchall()
    got = {name: {h for a, h in rows if a == name} for name in ALERT_QUERIES}
    searched = {}
    for name, query in ALERT_QUERIES.items():
        result = runner.invoke(cli, [*base, "search", query, "--json"])
        searched[name] = {hit["headline"] for hit in json.loads(result.stdout)}
    assert got == searched
    assert got == {
        "phrase": {SUMMIT},
        "either": {COFFEE},
        "excluding": {REVERSED},
        "spelling": {RATHAUS, ZURICH},
        "prefix": {SUMMIT, REVERSED},
    }


def test_an_alert_that_only_excludes_is_refused_naming_it() -> None:
    text = "alerts:\n  - {name: quiet, query: '-golf -tennis', target: atom}\n"
    with pytest.raises(ConfigError) as refused:
        parse_config(text)
    message = str(refused.value)
    assert "alerts[0].query" in message or "alerts.0.query" in message, message
    assert "besides the excluded ones" in message and "\n" not in message


# --- any text at all: an expression FTS5 runs, or one line saying why there is none --------


SYNTAX = st.sampled_from(['"', "*", "-", " OR ", " AND ", " NEAR ", "(", ")", ":", "^", "{", "ß"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), SYNTAX), max_size=30).map("".join))
def test_any_text_is_an_expression_fts5_runs_or_a_reason(text: str) -> None:
    parsed = parse_query(text)
    # Every query with something to search is searched in the folded index; one whose
    # words all hold a combining mark (which articles_fts reads as a space) only there.
    assert (parsed.folded_match == "") == (parsed.problem is not None)
    assert not parsed.match or parsed.problem is None
    if parsed.match:
        index = sqlite3.connect(":memory:")
        index.execute("CREATE VIRTUAL TABLE t USING fts5(headline, body, tokenize='porter')")
        index.execute("INSERT INTO t VALUES ('Die Straße', 'second summit in summer')")
        index.execute("SELECT rowid FROM t WHERE t MATCH ?", [parsed.match]).fetchall()
        index.execute(
            "SELECT rowid FROM t WHERE t MATCH ?", ["{headline} : (" + parsed.match + ")"]
        )
        if parsed.excluding:
            index.execute("SELECT rowid FROM t WHERE t MATCH ?", [parsed.excluding]).fetchall()
        # words past MAX_QUERY_WORDS only as alternatives joined by OR (stop 46)
        assert len(parsed.words) <= MAX_OR_WORDS
        assert sum(len(g[0].words) for g in parsed.groups) <= MAX_QUERY_WORDS
    assert parsed.notice is None or "\n" not in parsed.notice


# --- an exclusion leaves out the story, whichever copy holds the word -----------------------


SUMMIT_COPY = (
    "Leaders met at the summit on Tuesday to discuss trade, tariffs and the long border "
    "dispute, officials said after a day of talks that ran late into the evening. The "
    "delegations agreed to meet again next month and to set up working groups on shipping, "
    "fisheries and energy, according to a joint statement released afterwards. The talks "
    "were held in {place} at the government guest house."
)


def test_an_exclusion_leaves_out_a_story_any_copy_of_which_holds_it(tmp_path: Path) -> None:
    """Two outlets' copies of one story, only one naming Hanoi: `summit -hanoi` finds
    neither the story nor (as a saved search) fires for it; `summit -tokyo` finds it."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "sources: []\nalerts:\n"
        "  - {name: not_hanoi, query: 'summit -hanoi', target: atom}\n"
        "  - {name: not_tokyo, query: 'summit -tokyo', target: atom}\n",
        encoding="utf-8",
    )
    records = tmp_path / "in.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://{site}.example/summit",
                    "site": site,
                    "headline": "Leaders meet at summit",
                    "body": [SUMMIT_COPY.format(place=place)],
                }
            )
            + "\n"
            for site, place in (("wirea", "Hanoi"), ("wireb", "the capital"))
        ),
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    runner = CliRunner()
    base = ["--config", str(config), "--db", str(db)]
    assert runner.invoke(cli, [*base, "migrate"]).exit_code == 0
    assert runner.invoke(cli, [*base, "alerts", "deliver"]).exit_code == 0
    assert runner.invoke(cli, [*base, "ingest", str(records)]).exit_code == 0
    assert queries.totals(open_db(db, read_only=True)).stories == 1  # one story, two copies

    def found(query: str) -> list[str]:
        result = runner.invoke(cli, [*base, "search", query, "--json"])
        assert result.exit_code == 0, result.output
        return [hit["headline"] for hit in json.loads(result.stdout)]

    assert found("summit hanoi") == ["Leaders meet at summit"]
    assert found("summit -hanoi") == []
    assert found("summit -tokyo") == ["Leaders meet at summit"]
    assert runner.invoke(cli, [*base, "alerts", "deliver"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        fired = {alert for (alert,) in conn.execute("SELECT alert FROM alert_deliveries")}
    assert fired == {"not_tokyo"}


# --- ß and ss: each place its own choice, words and phrases alike -------------------------

SPELLED = {
    "Road works old spelling": "Die Schloßstraße ist gesperrt, sagte die Polizei in Weimar.",
    "Road works new spelling": "In Potsdam bleibt die Schlossstraße bis zum Sommer zu.",
    "Closure sharp s": "Der Schloßstraßenschluß wird teurer, meldete das Bauamt am Montag.",
    "Closure reformed": "Ein neuer Kostenplan für den Schlossstraßenschluss liegt vor.",
    "Closure swiss": "Zürich prüft, ob der Schlossstrassenschluss Geld sparen kann.",
    "Group swiss": "Die Grosse Strasse Schloss Gruppe plant einen Umbau im Zentrum.",
    "Group german": "Im Norden kauft die Große Straße Schloß Gruppe zwei Hotels.",
}


@pytest.fixture(scope="module")
def spelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spelled")
    records = folder / "in.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {"url": f"https://s{n}.example/a", "site": f"s{n}", "headline": h, "body": b}
            )
            + "\n"
            for n, (h, b) in enumerate(SPELLED.items())
        ),
        encoding="utf-8",
    )
    (folder / "config.yaml").write_text("sources: []\n", encoding="utf-8")
    db = folder / "news.db"
    base = ["--config", str(folder / "config.yaml"), "--db", str(db)]
    assert CliRunner().invoke(cli, [*base, "ingest", str(records)]).exit_code == 0
    assert queries.totals(open_db(db, read_only=True)).stories == len(SPELLED)
    return db


@pytest.mark.parametrize(
    "query, found",
    [
        ("Schloßstraße", {"Road works old spelling", "Road works new spelling"}),
        ("Schlossstraße", {"Road works old spelling", "Road works new spelling"}),
        ("Schlossstrasse", {"Road works old spelling", "Road works new spelling"}),
        ("Schloßstraßenschluß", {"Closure sharp s", "Closure reformed", "Closure swiss"}),
        ('"Große Straße Schloß"', {"Group swiss", "Group german"}),
        ('"Grosse Strasse Schloss"', {"Group swiss", "Group german"}),
        ("Große Straße Schloß", {"Group swiss", "Group german"}),
    ],
)
def test_each_sharp_s_place_is_searched_both_ways(
    spelled: Path, query: str, found: set[str]
) -> None:
    db = open_db(spelled, read_only=True)
    try:
        assert {hit.story.headline for hit in queries.search(db, query)} == found
    finally:
        db.close()


def test_sharp_s_spellings_come_as_typed_all_ss_all_sharp_then_mixed() -> None:
    (term,) = parse_query("Schlossstraße").terms
    assert term.spellings()[:3] == (("Schlossstraße",), ("Schlossstrasse",), ("Schloßstraße",))
    assert len(term.spellings()) == MAX_SPELLINGS
    (phrase,) = parse_query('"Große Straße"').terms
    assert phrase.spellings()[:2] == (("Große", "Straße"), ("Grosse", "Strasse"))
    assert parse_query("STRASSE").terms[0].spellings() == (("STRASSE",), ("STRAßE",))


@pytest.mark.parametrize("text", ['harbour "OR" council', '"OR"', 'harbour -"OR"', "harbour -OR"])
def test_a_quoted_or_is_the_word_never_the_operator(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.problem is None
    assert '"OR"' in parsed.match + parsed.excluding
    assert not any(len(group) > 1 for group in parsed.groups)  # nothing joined by OR


def test_the_query_a_notice_shows_reads_back_as_the_query_searched() -> None:
    """A notice's "searched for …" is the reader's syntax: typed again, it is the same
    query (the word OR is shown as "OR", which must then be the word)."""
    parsed = parse_query('harbour "OR" -OR AND (ferry OR tea)')
    assert parsed.notice is not None
    shown = parsed.notice.rsplit(": searched for ", 1)[1]
    assert shown == 'harbour "OR" "AND" (ferry OR tea) -"OR"'
    again = parse_query(shown)
    assert (again.groups, again.excluded) == (parsed.groups, parsed.excluded)
