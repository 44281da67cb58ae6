"""A folder a mirroring tool saved, ingested with ``--base-url`` (QA archive F5): the
pages of tests/fixtures/wget_mirror are real ``wget -q --mirror -l 2 --convert-links
--adjust-extension --page-requisites -np`` output of the demo network's wirewire outlet
(served on 127.0.0.1:19401), four of its files as wget wrote them: wget rewrote each
article's canonical link to the saved file's relative name (``X.html``) and kept its
og:url as served, and saved each folder's page ``/about/`` as ``about/index.html``."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import REPO, run_cli

MIRROR = REPO / "tests" / "fixtures" / "wget_mirror"
SITE = "http://127.0.0.1:19401/"


def test_a_wget_mirror_stores_the_served_urls_not_the_saved_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "mirror"
    shutil.copytree(MIRROR, folder)
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    db = tmp_path / "news.db"
    args = ("--config", str(config), "--db", str(db), "ingest", str(folder), "--base-url", SITE)
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == f"{folder}: 2 new, 0 updated, 0 unchanged, 2 skipped (2 not an article)\n"
    )
    with sqlite3.connect(db) as conn:
        urls = {row[0] for row in conn.execute("SELECT url FROM articles")}
    # The article by its og:url (no ".html"); the folders' pages by the folders' URLs
    # (with no source configured, the parser alone decides what is an article: since stop
    # 51 the "About us" page is the site's own page, not an article).
    assert urls == {
        f"{SITE}business/energy/kenya-opens-geothermal-plant-in-rift-valley",
        f"{SITE}world/",
    }
    # Ingested again: the same URLs, nothing new.
    again = run_cli(*args)
    assert again.stdout.startswith(f"{folder}: 0 new, 0 updated, 2 unchanged")


KENYA = "business/energy/kenya-opens-geothermal-plant-in-rift-valley"


def _stored_url_of_kenya_with(tmp_path: Path, og_url: str, canonical: str) -> list[str]:
    """The URLs stored from the mirror's Kenya article saved alone with its og:url and
    canonical link replaced, ingested with --base-url and no source configured."""
    html = (MIRROR / f"{KENYA}.html").read_text(encoding="utf-8")
    html = html.replace(f'content="{SITE}{KENYA}"', f'content="{og_url}"')
    html = html.replace(f'href="{KENYA.rsplit("/", 1)[1]}.html"', f'href="{canonical}"')
    saved = tmp_path / "saved" / "kenya.html"
    saved.parent.mkdir()
    saved.write_text(html, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = run_cli(
        "--config", str(config), "--db", str(db), "ingest", str(saved.parent), "--base-url", SITE
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT url FROM articles")]


def test_a_relative_canonical_link_still_wins_over_an_og_url_naming_the_home_page(
    tmp_path: Path,
) -> None:
    """A template's og:url default (the site's home page) is no page's URL: the relative
    canonical link, read against the file's place under --base-url, names the page."""
    urls = _stored_url_of_kenya_with(tmp_path, SITE, "/business/energy/kenya-geothermal")
    assert urls == [f"{SITE}business/energy/kenya-geothermal"]


def test_a_site_rooted_canonical_link_wins_over_an_og_url_naming_another_article(
    tmp_path: Path,
) -> None:
    """Review 50b R1: a mirroring tool rewrites a canonical link to the saved file's own
    name, never to a path from the site's root; a page saved by a browser whose og:url is
    stale (another article's) keeps the URL its ``/``-rooted canonical link names."""
    stale = f"{SITE}world/an-older-story-about-rain"
    urls = _stored_url_of_kenya_with(tmp_path, stale, "/business/energy/kenya-geothermal")
    assert urls == [f"{SITE}business/energy/kenya-geothermal"]
