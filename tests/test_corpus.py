"""What a researcher building a corpus reads from a store (QA pass R, stop 44): whose text a
story is, each copy's provenance in the export, and search results that say when they are
partial. Each test ingests JSON Lines records into a real SQLite file through the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from aggregator.schema import Copy
from app.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _ingest(tmp_path: Path, name: str) -> Path:
    db = tmp_path / "news.db"
    _run(db, "ingest", str(FIXTURES / name))
    return db


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_desk_byline_is_the_outlets_own_not_an_agency_origin(tmp_path: Path) -> None:
    # Harbor Post publishes "By Staff Reporter" at 10:00; Copycat Daily ("By John Smith")
    # and Third Times ("By News Desk") copy it later. A desk or staff credit names no
    # agency: the text is Harbor Post's, and Copycat's flag says so.
    db = _ingest(tmp_path, "staff.jsonl")
    [story] = _jsonl(_run(db, "export"))
    assert story["origin"] == "Harbor Post"
    assert story["origin_evidence"]["kind"] == "outlet"
    articles = {a["site_name"]: a for a in _jsonl(_run(db, "export", "--articles"))}
    assert story["origin_evidence"]["article_id"] == articles["Harbor Post"]["article_id"]
    assert articles["Copycat Daily"]["byline_flag"] == (
        "names John Smith over text first published by Harbor Post"
    )
    assert articles["Third Times"]["byline_flag"] is None


DEDUP_KEYS = Copy.DEDUP_KEYS


def test_export_articles_carries_each_copys_provenance_as_show_does(tmp_path: Path) -> None:
    db = _ingest(tmp_path, "add.jsonl")
    _run(db, "ingest", str(FIXTURES / "staff.jsonl"))
    exported = {a["article_id"]: a for a in _jsonl(_run(db, "export", "--articles"))}
    stories = _jsonl(_run(db, "export"))
    assert len(stories) == 2
    for story in stories:
        shown = json.loads(_run(db, "show", str(story["story_id"]), "--json"))
        for copy in shown["copies"]:
            row = exported[copy["article_id"]]
            assert {k: row[k] for k in DEDUP_KEYS} == {k: copy[k] for k in DEDUP_KEYS}
            assert row["is_canonical"] == (copy["article_id"] == story["canonical_article_id"])
            assert row["is_origin"] == (
                copy["article_id"] == story["origin_evidence"]["article_id"]
            )
    by_site = {a["site_name"]: a for a in exported.values()}
    assert by_site["Global Wire"]["credit"] == "Reuters"
    assert by_site["Harbor Post"]["credit"] is None  # "By Staff Reporter" names no agency
    assert (
        by_site["Copycat Daily"]["dedup_evidence"]["matched_article"]
        == (by_site["Harbor Post"]["article_id"])
    )
    assert sum(a["is_origin"] for a in exported.values()) == 2


def test_every_export_column_is_documented_in_readers_md(tmp_path: Path) -> None:
    import csv
    import io

    db = _ingest(tmp_path, "add.jsonl")
    readers = (Path(__file__).parent.parent / "docs" / "readers.md").read_text(encoding="utf-8")
    section = readers.split("### Export columns", 1)[1].split("\n### ", 1)[0]
    for args in (["export"], ["export", "--articles"]):
        header = next(csv.reader(io.StringIO(_run(db, *args, "--format", "csv"))))
        assert [c for c in header if f"`{c}`" not in section] == []
    assert set(DEDUP_KEYS) <= set(header)  # the articles' header


def test_a_csv_is_utf8_without_a_bom_as_readers_md_says(tmp_path: Path) -> None:
    """QA readers 52, finding 8: the CSV's encoding and how to open it in Excel were not
    written anywhere; Excel reads a CSV without a BOM in the ANSI code page."""
    db = tmp_path / "news.db"
    records = tmp_path / "in.jsonl"
    record = {"url": "https://z.example/a", "site": "Zürcher Tagblatt", "headline": "東都"}
    records.write_text(json.dumps({**record, "body": "Straße gesperrt."}) + "\n", "utf-8")
    _run(db, "ingest", str(records))
    out = tmp_path / "stories.csv"
    _run(db, "export", "--format", "csv", "-o", str(out))
    written = out.read_bytes()
    assert written.startswith(b"story_id,") and "Zürcher Tagblatt" in written.decode("utf-8")
    readers = (Path(__file__).parent.parent / "docs" / "readers.md").read_text(encoding="utf-8")
    said = " ".join(readers.split())
    assert "A CSV is UTF-8 without a byte-order mark" in said
    assert "through Data › From Text/CSV" in said


def _distinct_articles(path: Path, count: int, word: str) -> Path:
    """``count`` articles of unrelated text (each its own story), every one holding ``word``;
    the even ones from "Even Post", the odd ones from "Odd Times"."""
    import random

    rng = random.Random(44)
    syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "qua", "dre"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=4)) for _ in range(3000)})
    records = []
    for n in range(count):
        paragraphs = [" ".join(rng.choices(vocabulary, k=40)) + "." for _ in range(3)]
        paragraphs[1] += f" The {word} was there."
        records.append(
            {
                "url": f"https://news{n % 2}.example/{n}",
                "site": "Even Post" if n % 2 == 0 else "Odd Times",
                "headline": " ".join(rng.choices(vocabulary, k=6)),
                "body": "\n\n".join(paragraphs),
                "published": f"2026-12-01T{n % 24:02d}:00:00+00:00",
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _search(db: Path, *args: str) -> tuple[list[int], str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "search", "--json", *args])
    assert result.exit_code == 0, result.output
    return [hit["story_id"] for hit in json.loads(result.stdout)], result.stderr


def test_search_says_when_its_bound_left_matches_unread(tmp_path: Path) -> None:
    import sqlite3

    from storage import queries
    from storage.db import open_db

    db = tmp_path / "news.db"
    _run(db, "ingest", str(_distinct_articles(tmp_path / "many.jsonl", 30, "quayside")))
    with sqlite3.connect(db) as conn:
        matching = {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a "
                "ON a.id = f.rowid WHERE articles_fts MATCH 'quayside'"
            )
        }
    assert len(matching) == 30
    # The default bound (20,000) looks at all 30: every story, no note.
    every, note = _search(db, "quayside", "--limit", "1000")
    assert set(every) == matching and note == ""
    # A bound of 10: the 10 newest matches, and a note saying there are more.
    cut, note = _search(db, "quayside", "--limit", "1000", "--scan", "10")
    assert len(cut) == 10 and set(cut) < matching
    assert "more than 10 articles match; only the newest 10 were looked at" in note
    assert "--scan 0" in note
    # A filter that leaves few in the first 10 matches, and a page past the cut: noted too.
    odd, note = _search(db, "quayside", "--source", "Odd Times", "--limit", "1000", "--scan", "10")
    assert len(odd) == 5 and "more than 10 articles match" in note
    past, note = _search(db, "quayside", "--offset", "10", "--scan", "10")
    assert past == [] and "more than 10 articles match" in note
    # --scan 0 looks at every match; a page the bound fills says nothing.
    unbounded, note = _search(db, "quayside", "--limit", "1000", "--scan", "0")
    assert set(unbounded) == matching and note == ""
    odd_all, _ = _search(db, "quayside", "--source", "Odd Times", "--limit", "1000", "--scan", "0")
    assert len(odd_all) == 15
    first, note = _search(db, "quayside", "--limit", "5", "--scan", "10")
    assert first == cut[:5] and note == ""
    # The query layer says the same, through its argument.
    store = open_db(db)
    try:
        assert queries.search(store, "quayside", limit=1000, scan=10).cut_at == 10
        assert queries.search(store, "quayside", limit=1000).cut_at is None
    finally:
        store.close()


def _measures(db: Path) -> dict[str, tuple]:
    return {
        a["site_name"]: (
            a["similarity"],
            a["shared_paragraphs"],
            len(a["added_paragraphs"]),
            len(a["cut_paragraphs"]),
            a["compared_with"],
        )
        for a in _jsonl(_run(db, "export", "--articles"))
    }


def test_copies_are_measured_against_the_origins_own_copy(tmp_path: Path) -> None:
    # The Reuters copy (10:00, six paragraphs) is the origin; Town Post (12:00) adds three
    # local paragraphs, City Star (13:00) cuts it to four. Town Post's longer copy is
    # canonical, the one shown; what each outlet added or cut is measured against the wire.
    db = _ingest(tmp_path, "add.jsonl")
    [story] = _jsonl(_run(db, "export"))
    articles = {a["site_name"]: a for a in _jsonl(_run(db, "export", "--articles"))}
    wire, town, city = (
        articles[s]["article_id"] for s in ("Global Wire", "Town Post", "City Star")
    )
    assert story["canonical_article_id"] == town and story["headline"] == "Wire story, local angle"
    assert story["origin_evidence"]["article_id"] == wire
    measures = _measures(db)
    assert measures["Global Wire"][1:] == (6, 0, 0, wire)
    assert measures["Town Post"][1:] == (6, 3, 0, wire)
    assert measures["City Star"][1:] == (4, 0, 2, wire)
    shown = json.loads(_run(db, "show", str(story["story_id"]), "--json"))
    reuse = shown["reuse_map"]
    assert len(reuse["paragraphs"]) == 6
    columns = {c["article_id"]: c for c in reuse["copies"]}
    assert len(columns[town]["added"]) == 3 and "cut" not in columns[town]["states"]
    assert columns[city]["states"].count("cut") == 2
    # Copies arriving one at a time (each join compares only the new copy when the
    # reference stays) end with the same numbers as all at once.
    records = (FIXTURES / "add.jsonl").read_text(encoding="utf-8").splitlines()
    one_by_one = tmp_path / "one" / "news.db"
    one_by_one.parent.mkdir()
    for n, record in enumerate(reversed(records)):
        part = tmp_path / f"part{n}.jsonl"
        part.write_text(record + "\n", encoding="utf-8")
        _run(one_by_one, "ingest", str(part))
    again = _measures(one_by_one)
    ids = {
        a["site_name"]: a["article_id"] for a in _jsonl(_run(one_by_one, "export", "--articles"))
    }
    assert {site: m[:4] for site, m in again.items()} == {
        site: m[:4] for site, m in measures.items()
    }
    assert {m[4] for m in again.values()} == {ids["Global Wire"]}


def test_adjacent_first_seen_windows_split_the_articles(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = tmp_path / "news.db"
    first = (FIXTURES / "staff.jsonl").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.jsonl"
    part.write_text(first[0] + "\n", encoding="utf-8")
    _run(db, "ingest", str(part))
    t1 = datetime.now(UTC).isoformat()
    # After T1: the first article is edited (a correction), and two copies arrive.
    edited = json.loads(first[0])
    edited["body"] += "\n\nA correction paragraph added later by the outlet."
    part.write_text("\n".join([json.dumps(edited), *first[1:]]) + "\n", encoding="utf-8")
    _run(db, "ingest", str(part))
    t2 = datetime.now(UTC).isoformat()

    def ids(*args: str) -> list[int]:
        return [r["article_id"] for r in _jsonl(_run(db, "export", "--articles", *args))]

    def story_ids(*args: str) -> list[int]:
        return [r["story_id"] for r in _jsonl(_run(db, "export", *args))]

    before = ids("--by", "first-seen", "--until", t1)
    after = ids("--by", "first-seen", "--since", t1, "--until", t2)
    assert before == [1] and after == [2, 3]
    assert story_ids("--by", "first-seen", "--until", t1) == [1]
    assert story_ids("--by", "first-seen", "--since", t1, "--until", t2) == []
    # --by seen (the default) still counts the edit and the joins since T1, as a reader
    # catching up wants (docs/readers.md, "Syncing"): article 1 is in both windows.
    assert ids("--until", t1) == [1] and ids("--since", t1, "--until", t2) == [1, 2, 3]
    assert story_ids("--since", t1, "--until", t2) == [1]
    stories = json.loads(_run(db, "stories", "--json", "--by", "first-seen", "--since", t1))
    assert stories == []


def test_thai_search_finds_a_run_and_its_prefix_as_documented(tmp_path: Path) -> None:
    # docs/readers.md, "Not promised": a word inside running Thai text is not found; a
    # whole run between spaces is, and a prefix of one.
    db = _ingest(tmp_path, "thai.jsonl")

    def found(query: str) -> int:
        return len(json.loads(_run(db, "search", "--json", query)))

    assert found("นายกรัฐมนตรีประกาศมาตรการใหม่") == 1
    assert found("นายกรัฐมนตรี*") == 1
    assert found("กรุงเทพมหานคร") == 0
    readers = (Path(__file__).parent.parent / "docs" / "readers.md").read_text(encoding="utf-8")
    assert "running Thai, Lao, Khmer or Myanmar text" in readers


ZWNJ = "\u200c"
PERSIAN_BODY = "".join(
    f"<p>وزیر اقتصاد گفت که دولت می{ZWNJ}خواهد قیمت{ZWNJ}ها را در ماه{ZWNJ}های آینده "
    f"کاهش دهد. بند {i}</p>"
    for i in range(4)
)
PERSIAN_PAGE = (
    '<html lang="fa"><head><meta charset="utf-8"><title>خبر</title></head><body><article>'
    f"<h1>دولت می{ZWNJ}خواهد قیمت{ZWNJ}ها را کاهش دهد</h1>"
    f"<div class=article-body>{PERSIAN_BODY}</div></article></body></html>"
)


def test_a_persian_page_keeps_its_zwnj_and_either_spelling_finds_it(tmp_path: Path) -> None:
    import aggregator

    article = aggregator.extract(PERSIAN_PAGE, "http://127.0.0.1:9/fa/1")
    assert f"می{ZWNJ}خواهد" in article.headline
    assert all(f"قیمت{ZWNJ}ها" in p for p in article.body)
    records = tmp_path / "fa.jsonl"
    records.write_text(
        json.dumps(
            {
                "url": "https://fa.example/1",
                "site": "Tehran Daily",
                "headline": article.headline,
                "body": "\n\n".join([*article.body, "👩\u200d👩\u200d👧 خانواده"]),
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    db = _ingest(tmp_path, str(records))
    [stored] = _jsonl(_run(db, "export", "--articles"))
    assert stored["headline"] == article.headline
    assert stored["body"][-1] == "👩\u200d👩\u200d👧 خانواده"

    def found(query: str) -> int:
        return len(json.loads(_run(db, "search", "--json", query)))

    for word in ("خواهد", "قیمت"):
        spelled = {f"می{ZWNJ}خواهد", "میخواهد"} if word == "خواهد" else {f"قیمت{ZWNJ}ها", "قیمتها"}
        assert [found(q) for q in sorted(spelled)] == [1, 1]
    assert found(f'"دولت می{ZWNJ}خواهد"') == 1 and found('"دولت میخواهد"') == 1
    assert found("میخواهیم") == 0


def test_m019_indexes_an_article_stored_with_joiners_before_for_either_spelling(
    tmp_path: Path,
) -> None:
    import sqlite3

    records = tmp_path / "fa.jsonl"
    body = f"دولت می{ZWNJ}خواهد قیمت{ZWNJ}ها را کاهش دهد و وزیر اقتصاد گفت."
    records.write_text(
        json.dumps({"url": "https://fa.example/2", "headline": "خبر", "body": body}) + "\n",
        encoding="utf-8",
    )
    db = _ingest(tmp_path, str(records))
    # As a store from before m019: its row in the folded index as m016's fold left it
    # (the joiner kept, so the word index's two pieces), and m019 not applied.
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM articles_fold_fts")
        conn.execute(
            "INSERT INTO articles_fold_fts (rowid, headline, body_text) "
            "SELECT id, headline, body_text FROM articles"
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm019_search_joiners'")
        conn.execute("PRAGMA user_version = 15")

    def found(query: str) -> int:
        return len(json.loads(_run(db, "search", "--json", query)))

    assert found("میخواهد") == 0 and found(f"می{ZWNJ}خواهد") == 1
    _run(db, "migrate")
    assert found("میخواهد") == 1 and found(f"می{ZWNJ}خواهد") == 1


def test_export_language_and_the_csv_note_on_guarded_cells(tmp_path: Path) -> None:
    records = tmp_path / "langs.jsonl"
    rows = [
        ("https://es.example/1", "es", "-5% de caída en Valparaíso", "Mercado de Valparaíso"),
        ("https://mx.example/1", "es-MX", "Lluvias en Monterrey", "Clima"),
        ("https://en.example/1", "en-GB", "=Harbour fees rise", "Harbour"),
        ("https://xx.example/1", None, "No language given", "Other"),
    ]
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": url,
                    "headline": headline,
                    "site": site,
                    "body": f"{headline}: the council voted on the matter today, {n} times.",
                    **({"language": language} if language else {}),
                },
                ensure_ascii=False,
            )
            + "\n"
            for n, (url, language, headline, site) in enumerate(rows)
        ),
        encoding="utf-8",
    )
    db = _ingest(tmp_path, str(records))
    spanish = _jsonl(_run(db, "export", "--articles", "--language", "es"))
    assert sorted(a["url"] for a in spanish) == ["https://es.example/1", "https://mx.example/1"]
    assert [a["url"] for a in _jsonl(_run(db, "export", "--articles", "--language", "EN"))] == [
        "https://en.example/1"
    ]
    assert len(_jsonl(_run(db, "export", "--language", "es"))) == 2  # stories with such a copy
    bad = CliRunner().invoke(cli, ["--db", str(db), "export", "--language", "es;drop"])
    assert bad.exit_code == 2 and "is not a language code" in bad.output

    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--articles", "--format", "csv"])
    assert result.exit_code == 0
    assert (
        "note: 2 cells starting with = + - @, a tab or a carriage return got a ' before it"
        in result.stderr
    )
    assert "--raw-cells" in result.stderr
    raw = CliRunner().invoke(
        cli, ["--db", str(db), "export", "--articles", "--format", "csv", "--raw-cells"]
    )
    assert raw.exit_code == 0 and raw.stderr == ""
    # An export whose cells need no guard says nothing.
    args = ["--db", str(db), "export", "--articles", "--format", "csv", "--language", "es-MX"]
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == 0 and plain.stderr == "" and "Lluvias" in plain.stdout


def test_an_agency_the_parser_knows_is_the_origin_beside_the_dedup_short_list(
    tmp_path: Path,
) -> None:
    # The review's case after F1: EFE (like ANSA, Lusa, PA Wire) is in the parser's list of
    # agencies, not in dedup's short list of display names. Two copies crediting EFE make
    # EFE the story's origin, as before F1; only desk and staff credits stopped counting.
    records = (FIXTURES / "staff.jsonl").read_text(encoding="utf-8")
    records = records.replace('"By Staff Reporter"', '"EFE"').replace('"By News Desk"', '"EFE"')
    source = tmp_path / "efe.jsonl"
    source.write_text(records, encoding="utf-8")
    db = tmp_path / "news.db"
    _run(db, "ingest", str(source))
    [story] = _jsonl(_run(db, "export"))
    assert story["origin"] == "EFE"
    assert story["origin_evidence"]["kind"] == "agency"
    articles = {a["site_name"]: a for a in _jsonl(_run(db, "export", "--articles"))}
    assert articles["Copycat Daily"]["byline_flag"] == (
        "names John Smith over EFE text without crediting EFE"
    )


def _similarity_lines(show_text: str) -> dict[str, bool]:
    """Each copy of ``aggregator show``'s copy list (by outlet): whether a similarity line
    follows it."""
    shown: dict[str, bool] = {}
    site = None
    for line in show_text.split("Copies:", 1)[1].splitlines():
        if line.startswith("  ["):
            site = line.split("] ", 1)[1].split(" — ", 1)[0]
            shown[site] = False
        elif site and line.strip().startswith("similarity "):
            shown[site] = True
    return shown


def test_a_diff_stored_before_it_named_its_reference_reads_as_against_the_canonical(
    tmp_path: Path,
) -> None:
    # A store written before the diff recorded what it was measured against (stop 44's
    # review): its copies were measured against the canonical copy (Town Post here, the
    # longest), not against the origin's (Global Wire). The copy hidden as the reference
    # is each diff's own: Town Post's in the old store, the origin's in a new one.
    db = _ingest(tmp_path, "add.jsonl")
    fresh = _similarity_lines(_run(db, "show", "1"))
    assert fresh == {"Global Wire": False, "Town Post": True, "City Star": True}
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET paragraph_diff = json_remove(paragraph_diff, '$.against')"
        )
    old = _similarity_lines(_run(db, "show", "1"))
    assert old == {"Global Wire": True, "Town Post": False, "City Star": True}
