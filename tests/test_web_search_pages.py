"""The web search's page numbers and its bound, said on the page (stop 46).

Past its last page a search had said nothing (a reader took 1,200 results for all of
them), and a page number out of range served page 1, so a script walking the pages
looped. Now the last reachable page says results are left, a page past the last
result is empty and says so (as ``search --offset`` past them lists nothing), and a
number below 1 or past the last page is a 400 with one line. A real database filled
through ``aggregator ingest`` (test_web_paging's records), asked through Datasette's
own client.
"""

from __future__ import annotations

import pytest
from test_web_paging import _ingest, _page
from test_web_view import Web

from app.config_loader import load_app_config
from app.web.pages import MAX_SEARCH_PAGES, PAGE_SIZE

# One story more than the pages can show.
STORIES = MAX_SEARCH_PAGES * PAGE_SIZE + 1


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Web:
    folder = tmp_path_factory.mktemp("many")
    config, db = folder / "config.yaml", folder / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    _ingest(config, db, 0, STORIES)
    return Web(load_app_config(config, db), db)


def test_the_last_page_says_results_are_left(many: Web) -> None:
    before_last = many.get(f"/search?q=dispatch&page={MAX_SEARCH_PAGES - 1}").text
    assert "results are shown here" not in before_last
    headlines, links = _page(many, f"/search?q=dispatch&page={MAX_SEARCH_PAGES}")
    assert len(headlines) == PAGE_SIZE and "next" not in links and "prev" in links
    text = many.get(f"/search?q=dispatch&page={MAX_SEARCH_PAGES}").text
    assert f"Only the first {MAX_SEARCH_PAGES * PAGE_SIZE:,} results are shown here" in text


@pytest.mark.parametrize("page", ["0", "-1", str(MAX_SEARCH_PAGES + 1), "999"])
def test_a_page_number_out_of_range_is_refused_in_one_line(many: Web, page: str) -> None:
    answer = many.get(f"/search?q=dispatch&page={page}")
    assert answer.status_code == 400
    assert answer.text == (
        f"page={page}: a search page is 1 to {MAX_SEARCH_PAGES} (the first "
        f"{MAX_SEARCH_PAGES * PAGE_SIZE:,} results; `aggregator search --offset` pages further)\n"
    )


def test_a_page_past_the_last_result_is_empty_and_says_so(many: Web) -> None:
    # the odd-numbered stories are from source alpha: 600, 10 full pages
    alpha = STORIES // 2
    last = alpha // PAGE_SIZE
    assert len(_page(many, f"/search?q=dispatch&source=alpha&page={last}")[0]) == PAGE_SIZE
    past = f"/search?q=dispatch&source=alpha&page={last + 1}"
    assert _page(many, past)[0] == []
    assert f"No results on page {last + 1}: the results end before it." in many.get(past).text


def test_an_unknown_source_is_noted(many: Web) -> None:
    text = many.get("/search?q=dispatch&source=gamma").text
    assert "No stored article is from source “gamma”." in text
    assert "No stored article" not in many.get("/search?q=dispatch&source=alpha").text
