"""A task worker killed in the middle of a task: the task ends FAILED, never stuck RUNNING."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from pcrs.core.task_reaper import LOST, tasks_reap, worker_id

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def _enqueue(seconds: float) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="tests.worker_tasks.sleep_for",
        args_kwargs={"args": [seconds], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
        priority=0,
    )


def _start_worker() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.demo",
        "PYTHONPATH": str(ROOT),
    }
    python = ROOT / ".venv" / "bin" / "python"
    # exec: the worker's pid is the shell's, so its id can name it (as scripts/serve does).
    command = (
        f"exec {python} manage.py db_worker --no-startup-delay --interval 0.2 "
        f'--worker-id "$(hostname | cut -c1-40):$$:test"'
    )
    return subprocess.Popen(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(result: DBTaskResult, status: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result.refresh_from_db()
        if result.status == status:
            return
        time.sleep(0.2)
    pytest.fail(f"task still {result.status}, expected {status}")


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_killed_ends_failed_not_running():
    result = _enqueue(60)
    worker = _start_worker()
    try:
        _wait_for(result, TaskResultStatus.RUNNING)
        assert str(worker.pid) in result.worker_ids[-1]
        assert tasks_reap() == []  # the worker is alive: nothing to reap
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING  # what django-tasks-db leaves behind

    assert tasks_reap() == [result.pk]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == LOST
    assert result.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_next_worker_reaps_the_dead_ones_task_and_runs_new_work():
    dead = _enqueue(0)
    dead.claim("elsewhere-host:1:x")  # another machine's worker, silent for too long
    DBTaskResult.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=2)
    )
    here_dead = _enqueue(0)
    here_dead.claim(worker_id(pid=2**22 + 12345))  # this host, no such process
    fresh = _enqueue(0.1)
    worker = _start_worker()
    try:
        _wait_for(fresh, TaskResultStatus.SUCCESSFUL)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
    for result in (dead, here_dead):
        result.refresh_from_db()
        assert result.status == TaskResultStatus.FAILED
        assert result.exception_class_path == LOST
