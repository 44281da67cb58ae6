"""newsagg installed as a package (QA report of stop 46): what a user's working
directory can and cannot change, and what the sdist and the wheel hold.

The crawl children are started as ``python -P -m app``: an ``app`` package in the
directory the operator runs ``aggregator`` from (a web project's is common) must not
run in their place. The parents here are the ``aggregator`` console script, as an
operator runs it, never ``python -m app`` (which would itself import the user's app).
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import tomllib
import venv
from pathlib import Path

import pytest
from conftest import REPO, demo_config_text
from faultserver import FaultServer
from test_daemon import finished, wait_for
from test_daemon_operator import _config

from app.demo import ground_truth

AGGREGATOR = Path(sys.executable).parent / "aggregator"

pytestmark = pytest.mark.timeout(120)


def user_project(tmp_path: Path) -> tuple[Path, Path]:
    """A working directory holding an ``app`` package of its own; its marker file."""
    home = tmp_path / "userproj"
    marker = tmp_path / "user-app-ran"
    (home / "app").mkdir(parents=True)
    (home / "app" / "__init__.py").write_text("")
    (home / "app" / "__main__.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
    )
    return home, marker


def _stored_paths(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
    finally:
        conn.close()
    return {"/" + url.split("/", 3)[3] for url in urls}


def test_crawl_processes_run_newsagg_not_an_app_package_in_the_working_directory(
    demo_network, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    home, marker = user_project(tmp_path)
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    result = subprocess.run(
        [str(AGGREGATOR), "--config", str(config), "crawl", "islandpulse", "--processes", "2"],
        cwd=home,
        capture_output=True,
        text=True,
        timeout=100,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not marker.exists(), "a crawl child ran the working directory's app package"
    expected = {a.path for a in ground_truth() if a.outlet == "islandpulse"}
    assert _stored_paths(db) == expected


def test_the_daemons_crawls_run_newsagg_not_an_app_package_in_the_working_directory(
    tmp_path: Path,
) -> None:
    home, marker = user_project(tmp_path)
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    with FaultServer() as fs:
        config.write_text(_config(fs, db, every="1h"))
        log = (tmp_path / "daemon.err").open("wb")
        daemon = subprocess.Popen(
            [str(AGGREGATOR), "--config", str(config), "daemon"],
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            first = wait_for(lambda: finished(db, "faulty"), timeout=60, what="the first crawl")
            daemon.send_signal(signal.SIGTERM)
            assert daemon.wait(30) == 0
        finally:
            if daemon.poll() is None:
                daemon.kill()
            log.close()
    assert not marker.exists(), "the daemon's crawl ran the working directory's app package"
    assert first[0]["status"] == "ok" and first[0]["articles_new"] == 2, first[0]


@pytest.mark.timeout(240)
def test_a_workers_crawls_run_newsagg_not_an_app_package_in_the_working_directory(
    demo_network, redis_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from clusterkit import Cluster
    from test_cluster_run import wait_finished, write_config

    home, marker = user_project(tmp_path)
    config = write_config(tmp_path / "cluster", demo_network, redis_url)
    db = tmp_path / "cluster" / "news.db"
    roles = Cluster(config, tmp_path / "cluster")
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [str(AGGREGATOR), "--config", str(config), "worker"],
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        roles.start("writer")
        roles.start("daemon")  # the coordinator: queues every source, due at once
        wait_finished(roles, db, redis_url, timeout=150)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        roles.stop()
    assert not marker.exists(), "a worker's crawl ran the working directory's app package"
    assert _stored_paths(db) == {a.path for a in ground_truth()}


# --- the sdist ---------------------------------------------------------------------

SDIST_FOLDERS = ("tests", "docs", "contrib", "scripts", "benchmarks")


def _project_files() -> set[str]:
    """What the sdist must hold beside the packages, as paths in the project."""
    files = {"LICENSE", "README.md", "config.yaml", "pyproject.toml", "scrapy.cfg"}
    for folder in SDIST_FOLDERS:
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(path.relative_to(REPO).as_posix())
    return files


LEFTOVERS = {".git", ".venv", "build", "dist", "data", "logs", "test-artifacts"}


def _not_project(folder: str, names: list[str]) -> set[str]:
    """What copying the project leaves out: caches anywhere, and at its top the build's
    and runs' leftovers and hidden folders (as .gitignore lists them), .ci/ kept."""
    caches = {name for name in names if name == "__pycache__" or name.endswith(".pyc")}
    if Path(folder) != REPO:
        return caches
    hidden = {name for name in names if name.startswith(".") and name not in {".ci", ".gitignore"}}
    built = {name for name in names if name in LEFTOVERS or name.endswith(".egg-info")}
    return caches | hidden | built


# One isolated build (`python -m build` installs setuptools into its own environment
# first): about 17 s here, bounded by the timeouts below.
@pytest.mark.timeout(200)
def test_the_sdist_holds_the_tests_with_their_helpers_the_docs_and_the_config(
    tmp_path: Path,
) -> None:
    pytest.importorskip("build", reason="the sdist is built with `build` (the test extra)")
    # From a copy without the build's leftovers: setuptools adds the files an old
    # *.egg-info lists, which would hide a MANIFEST.in that misses them.
    tree = tmp_path / "tree"
    shutil.copytree(REPO, tree, ignore=_not_project)
    result = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(tree)],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "deprecated" not in result.stdout + result.stderr
    (sdist,) = tmp_path.glob("newsagg-*.tar.gz")
    with tarfile.open(sdist) as archive:
        top = sdist.name.removesuffix(".tar.gz") + "/"
        held = {name.removeprefix(top) for name in archive.getnames()}
    assert {"tests/conftest.py", "tests/pageserver.py", "tests/faultserver.py"} <= held
    assert sorted(_project_files() - held) == []


# --- for a user's type checker ---------------------------------------------------


def test_py_typed_is_package_data_of_aggregator() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in declared["tool"]["setuptools"]["package-data"]["aggregator"]
    assert (REPO / "aggregator" / "py.typed").is_file()


@pytest.mark.timeout(180)  # one mypy run on a three-line script, cold cache
def test_a_type_checker_sees_the_signature_of_aggregator_extract(tmp_path: Path) -> None:
    """aggregator installed as a wheel installs it (a copy in a bare venv's site-packages),
    and a user's script calling ``aggregator.extract`` with wrong types is caught."""
    venv.create(tmp_path / "venv", with_pip=False, symlinks=True)
    (site,) = (tmp_path / "venv" / "lib").glob("python3*/site-packages")
    shutil.copytree(
        REPO / "aggregator", site / "aggregator", ignore=shutil.ignore_patterns("__pycache__")
    )
    script = tmp_path / "use.py"
    script.write_text("import aggregator\n\naggregator.extract(1, 2)\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--python-executable",
            str(tmp_path / "venv" / "bin" / "python"),
            str(script),
        ],  # fmt: skip
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=170,
        stdin=subprocess.DEVNULL,
    )
    assert 'Argument 1 to "extract" has incompatible type "int"' in result.stdout, result.stdout
    assert "py.typed" not in result.stdout, result.stdout
