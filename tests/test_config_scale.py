"""A config of 2,000 sources and the daemon's snapshot of it (QA s43, G1).

The snapshot (``<database>.daemon/config-N.json``) is read by every crawl child and by
``status`` beside a running daemon: it is read as JSON, and the operator's YAML in one
parse; errors still name their line either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.config import ConfigError, load_config
from app.daemon.state import snapshot_text

SOURCES = 2000


def config_text(n: int = SOURCES) -> str:
    """A config of ``n`` feed sources, as an operator of many sites writes one."""
    lines = [
        "database: news.db",
        "defaults:",
        "  schedule: {every: 30m, jitter: 1m}",
        "  limits: {max_pages: 20, run_timeout: 2m}",
        "daemon: {max_parallel_crawls: 2}",
        "sources:",
    ]
    for i in range(n):
        lines += [
            f"  - name: site{i:04d}",
            f"    site_name: Site {i}",
            f"    feeds: [http://127.0.0.1:9/s/{i}/feed.xml]",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big_yaml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "config.yaml"
    path.write_text(config_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def snapshot(big_yaml: Path) -> Path:
    path = big_yaml.parent / "news.db.daemon" / "config-1.json"
    path.parent.mkdir()
    path.write_text(snapshot_text(load_config(big_yaml)), encoding="utf-8")
    return path


def test_the_snapshot_of_2000_sources_loads_as_the_yaml_it_was_made_from(
    big_yaml: Path, snapshot: Path
) -> None:
    from_yaml = load_config(big_yaml)
    from_snapshot = load_config(snapshot)
    assert len(from_snapshot.sources) == SOURCES
    assert from_snapshot.to_document() == from_yaml.to_document()
    assert from_snapshot.rejected_sources == ()


def test_a_broken_snapshot_is_read_as_json_and_names_its_line(snapshot: Path) -> None:
    """The JSON reader's error, not YAML's: the snapshot is not parsed as YAML."""
    broken = snapshot.with_name("config-2.json")
    lines = snapshot.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40] + " ,,"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(broken)
    assert str(caught.value).startswith(f"{broken}:41: JSON error: ")
    assert "\n" not in str(caught.value)


def test_a_bad_source_in_a_snapshot_is_set_aside_naming_its_line(snapshot: Path) -> None:
    """A snapshot keeps set-aside entries as read: their error still names the line."""
    text = snapshot.read_text(encoding="utf-8")
    feed = '"http://127.0.0.1:9/s/1999/feed.xml"'
    edited = snapshot.with_name("config-3.json")
    edited.write_text(text.replace(feed, '"not a url"'), encoding="utf-8")
    line = 1 + text[: text.index(feed)].count("\n")
    config = load_config(edited)
    assert [r.name for r in config.rejected_sources] == ["site1999"]
    error = config.rejected_sources[0].error
    assert error.startswith(f"{edited}:{line}: sources[1999].feeds[0] (source 'site1999')")
    assert len(config.sources) == SOURCES - 1


def test_a_bad_value_deep_in_a_big_yaml_names_its_line(tmp_path: Path) -> None:
    text = config_text().replace(
        "site_name: Site 1500\n", "site_name: Site 1500\n    shedule: 5m\n"
    )
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    line = 1 + text[: text.index("shedule")].count("\n")
    config = load_config(path)
    assert config.rejected_sources[0].error == (
        f"{path}:{line}: sources[1500].shedule (source 'site1500') = '5m': "
        "unknown key (did you mean 'schedule'?)"
    )


def test_a_yaml_alias_is_refused_naming_the_line_of_the_alias(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(config_text(3) + "web: &w {port: 8001}\nx:\n  - 1\n  - *w\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:19: YAML error: YAML aliases are not allowed"


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = config_text(10).replace("site_name: Site 7\n", "site_name: [Site 7\n")
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and ": YAML error: " in message
    named = int(message.removeprefix(f"{path}:").split(":")[0])
    assert named in (29, 30)  # the line opened, or the next, where the parser gave up


def test_an_empty_json_config_is_refused_as_an_empty_yaml_one_is(tmp_path: Path) -> None:
    """A ``*.json`` config holding ``null`` has no settings: every default would apply
    silently, which is never what was meant (the review of stop 43)."""
    path = tmp_path / "config.json"
    path.write_text("null\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="config file is empty"):
        load_config(path)
