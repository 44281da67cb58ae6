"""The web view says the language of stored text on its element (QA readers 52, finding 2).

The pages are ``lang="en"``; an Arabic, Japanese or Chinese story was served inside
them with no ``lang`` of its own (a screen reader read it with an English voice, Han
characters got no font hint) and Arabic was laid out left to right. Now the element
holding an article's text (headline, paragraphs, snippet, a copy's headline, the
reuse map's rows) carries the article's stored ``language``, and ``dir="rtl"`` for a
right-to-left one. A real database filled through ``aggregator ingest``, the served
HTML read with lxml.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import html
from test_web_view import Web

from app.cli import cli
from app.config_loader import load_app_config
from storage import open_db, queries

RECORDS = [
    {
        "url": "https://akhbar.example/port",
        "site": "Akhbar",
        "language": "ar",
        "headline": "محمّد أحمد يفتتح توسعة ميناء الإسكندرية",
        "body": [
            "افتتح وزير النقل محمّد أحمد اليوم توسعة ميناء الإسكندرية التي تضاعف طاقته.",
            "وقال الوزير إن التوسعة ستخدم السفن الكبيرة اعتبارا من الشهر المقبل.",
        ],
    },
    {
        "url": "https://toto.example/stadium",
        "site": "Toto Shimbun",
        "language": "ja",
        "headline": "東京都、新しい競技場の建設を発表",
        "body": ["東京都は新しい競技場の建設計画を発表した。完成は三年後の予定である。"],
    },
    {
        "url": "https://herald.example/ferry",
        "site": "Herald",
        "language": "en",
        "headline": "Harbour ferry returns after dredging",
        "body": ["The harbour ferry returned to service after the channel was dredged."],
    },
]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Web:
    folder = tmp_path_factory.mktemp("languages")
    config, db, records = folder / "config.yaml", folder / "news.db", folder / "in.jsonl"
    config.write_text("sources: []\n", encoding="utf-8")
    records.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output
    return Web(load_app_config(config, db), db)


def _story_id(web: Web, headline: str) -> int:
    database = open_db(web.db, read_only=True)
    try:
        (story,) = [s for s in queries.stories(database) if s.headline == headline]
    finally:
        database.close()
    return story.story_id


def _attributes(element: html.HtmlElement) -> tuple[str | None, str | None]:
    return element.get("lang"), element.get("dir")


@pytest.mark.parametrize(
    "record, expected",
    [(RECORDS[0], ("ar", "rtl")), (RECORDS[1], ("ja", None)), (RECORDS[2], ("en", None))],
)
def test_the_story_page_says_its_texts_language_on_the_text(
    web: Web, record: dict[str, object], expected: tuple[str | None, str | None]
) -> None:
    page = html.fromstring(web.get(f"/story/{_story_id(web, str(record['headline']))}").text)
    assert page.get("lang") == "en"  # the page's own words stay English
    (h1,) = page.xpath("//h1")
    assert _attributes(h1) == expected
    (body,) = page.xpath("//div[@class='body']")
    assert _attributes(body) == expected and len(body.xpath("p")) == len(record["body"])  # type: ignore[arg-type]
    for element in page.xpath("//p[@class='copy-headline'] | //span[@class='ptext']"):
        assert _attributes(element) == expected
    assert page.xpath("//h2[@id='text-h']")[0].get("lang") is None  # a label of the page


@pytest.mark.parametrize(
    "path", ["/", "/search?q=%D8%A7%D9%84%D8%A5%D8%B3%D9%83%D9%86%D8%AF%D8%B1%D9%8A%D8%A9"]
)
def test_a_card_says_its_headlines_and_snippets_language(web: Web, path: str) -> None:
    page = html.fromstring(web.get(path).text)
    cards = {
        card.xpath("string(.//h2)").strip(): card for card in page.xpath("//li[@class='card']")
    }
    arabic = cards[str(RECORDS[0]["headline"])]
    assert _attributes(arabic.xpath(".//h2")[0]) == ("ar", "rtl")
    if path.startswith("/search"):
        assert list(cards) == [RECORDS[0]["headline"]]
        assert _attributes(arabic.xpath(".//p[@class='snippet']")[0]) == ("ar", "rtl")
    else:
        assert _attributes(cards[str(RECORDS[1]["headline"])].xpath(".//h2")[0]) == ("ja", None)
