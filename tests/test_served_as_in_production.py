"""`make demo` serves as production does: scripts/serve runs granian (DEBUG off) and the task
worker, static files come from WhiteNoise, and stopping it stops everything it started."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("PCRS_TEST_SERVE_PORT", "8113"))


def _get(path: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _descendants(root: int) -> dict[int, str]:
    """Every process started (directly or not) by `root`: pid -> command line."""
    out = subprocess.run(
        ["ps", "-eo", "pid=,ppid=,args="],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    children: dict[int, list[tuple[int, str]]] = {}
    for line in out.splitlines():
        pid, ppid, *args = line.split(None, 2)
        children.setdefault(int(ppid), []).append((int(pid), args[0] if args else ""))
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        for child, command in children.get(todo.pop(), []):
            found[child] = command
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            os.kill(pid, 0)
            alive.add(pid)
        except ProcessLookupError:
            pass
    return alive


@pytest.mark.slow
def test_serve_runs_production_server_and_worker_and_stops_both(tmp_path):
    database = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": database,
        "PORT": str(PORT),
        "WEB_CONCURRENCY": "1",
        "THREADS": "2",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    started: dict[int, str] = {}
    try:
        # A fresh clone collects (and compresses) the static files first: allow for a slow machine.
        deadline = time.monotonic() + 300
        status = 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _, login = _get("/accounts/login/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        if status != 200:
            os.killpg(server.pid, signal.SIGINT)
            output, _ = server.communicate(timeout=40)
            pytest.fail(f"scripts/serve did not answer (last status {status}):\n{output}")

        # DEBUG off: the project's own 404 page, no list of URL patterns.
        status, _, body = _get("/no-such-page/")
        assert status == 404
        assert "There is nothing here, or nothing you may see." in body
        assert "URLconf" not in body

        # Static files by WhiteNoise: hashed names, cached for good.
        css = next(part.split('"')[0] for part in login.split('href="')[1:] if "pcrs." in part)
        assert ".css" in css
        assert css != "/static/css/pcrs.css"
        status, headers, _ = _get(css)
        assert status == 200
        assert "immutable" in headers.get("cache-control", "")

        started = _descendants(server.pid)
        running = " ".join(started.values())
        assert "granian" in running
        assert "db_worker" in running
        assert "runserver" not in running
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        server.wait(timeout=40)
    deadline = time.monotonic() + 30
    while _alive(set(started)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _alive(set(started)) == set(), "left running after Ctrl-C"
