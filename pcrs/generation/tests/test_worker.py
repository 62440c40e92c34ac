"""A real `manage.py db_worker` killed mid-run: the run ends `failed` with what it had found.

Everything runs in subprocesses on a throw-away SQLite file (the test database of pytest is
not visible to another process), so this holds on SQLite and PostgreSQL runs alike.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow


def _manage(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def _run_row(db: Path, run_id: str) -> tuple[str, str, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "select status, progress, message from generation_generationrun where id = ?",
            (run_id.replace("-", ""),),
        ).fetchone()
    return row


def test_killing_the_worker_mid_run_ends_the_run_failed_never_stuck_running(tmp_path):
    db = tmp_path / "worker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    _manage(env, "migrate", "-v0")
    out = _manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from pcrs.generation.tests.worker_seed import main; main(pledges=2000, requirements=200)",
    )
    run_id = out.strip().splitlines()[-1]
    assert _run_row(db, run_id)[0] == "queued"

    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status, progress, _ = _run_row(db, run_id)
            if status == "running" and '"building"' not in progress:
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the worker never got into the solve: {status} {progress}")
        time.sleep(1)  # in the middle of the solve (time limit 60 s)
        worker.send_signal(signal.SIGKILL)  # the worker dies: no cleanup, no final write
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    status, progress, _ = _run_row(db, run_id)
    assert status == "running"  # what a dead worker leaves behind

    report = _manage(env, "generation_sweep", "--stale-after", "0")
    assert report.startswith("1 run(s) failed")
    status, progress, message = _run_row(db, run_id)
    assert status == "failed"
    assert "worker stopped" in message
