"""``aggregator demo`` as the README's first command meets it (QA pass D, stop 45): a
port of the network taken by another program, and the network served alone
(``--serve``) for the docs' examples that need it running. Real processes on
127.0.0.1; every wait polls with a deadline.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, ctrl_c_delivered, demo_config_text, run_cli, wait_for

from app.demo import DemoNetwork, is_running, outlet_names

pytestmark = pytest.mark.timeout(120)


def _free_base() -> int:
    """A base port with the network's ports free (found by binding them once)."""
    with DemoNetwork(base_port=0) as probe:
        return probe.base_port


@contextmanager
def _taken(port: int) -> Iterator[None]:
    """Another program (not a demo network) listening on 127.0.0.1:``port``."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        yield


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("serve", [False, True], ids=["crawl", "serve"])
def test_a_taken_port_of_the_network_is_one_line_naming_it(tmp_path: Path, serve: bool) -> None:
    base = _free_base()
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(base, tmp_path / "news.db"), encoding="utf-8")
    with _taken(base + 1):
        result = run_cli(
            "--config", str(config), "demo", "--port", str(base), *(["--serve"] if serve else [])
        )  # fmt: skip
    line = _one_line(result.stderr)
    assert result.returncode == 1
    assert line.startswith(f"error: cannot bind demo outlet on 127.0.0.1:{base + 1}: "), line
    assert "give another --port" in line and "aggregator demo --print-config --port N" in line
    assert not (tmp_path / "news.db").exists()  # nothing crawled


def _serving(*command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_demo_serve_serves_the_network_until_stopped(tmp_path: Path, stop: int) -> None:
    base = _free_base()
    process = _serving("-m", "app", "demo", "--serve", "--port", str(base))
    try:
        wait_for(lambda: is_running(base) or process.poll() is not None, what="the network")
        assert process.poll() is None, process.communicate()
        # A second one on the same ports: one line, and the first goes on serving.
        again = run_cli("demo", "--serve", "--port", str(base))
        assert again.returncode == 1
        assert _one_line(again.stderr) == (
            f"error: a demo network is already running on 127.0.0.1:{base}-{base + 4}"
        )
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err  # a stop asked for is an ordinary end
    assert err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == outlet_names()
    assert lines[0].startswith(f"wirewire       http://127.0.0.1:{base}/ ")
    assert f"(feed http://127.0.0.1:{base}/rss.xml, " in lines[0]
    assert lines[-1] == "serving; Ctrl-C or SIGTERM stops it"
    assert not is_running(base)
    with DemoNetwork(base_port=base):  # its ports were released
        pass


def test_python_m_app_demo_serves_through_the_same_helper() -> None:
    base = _free_base()
    with _taken(base + 2):
        result = subprocess.run(
            [sys.executable, "-m", "app.demo", "--port", str(base)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith(
        f"error: cannot bind demo outlet on 127.0.0.1:{base + 2}: "
    )
    assert "give another --port" in result.stderr


@pytest.mark.parametrize(
    "doc", ["README.md", "docs/crawling.md", "docs/operations.md", "docs/scaling.md"]
)
def test_the_docs_that_need_the_network_running_say_how(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    assert "aggregator demo --serve" in text, f"{doc} does not say how to serve the network"
