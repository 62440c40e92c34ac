"""Tasks whose worker died mid-run end FAILED, never stuck RUNNING (django-tasks-db has no reaper).

A worker started by scripts/serve is named `<host>:<pid>:<nonce>` (see `worker_id`). A RUNNING
result is reaped when its worker ran on this host and that process no longer exists, or, for a
worker on another machine (or not named this way), when it has been running longer than
settings.PCRS_TASK_RUNNING_TIMEOUT seconds. `manage.py tasks_reap` runs it; scripts/serve runs it
before starting the worker (the usual moment: a worker restarted after a crash), and every
worker runs it before each task it starts (so a surviving worker reaps a dead sibling's task).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("pcrs.tasks")

LOST = "pcrs.core.task_reaper.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task ended (killed, crashed, machine lost) before the task did."""


def _host() -> str:
    return socket.gethostname()[:40]


def worker_id(pid: int | None = None) -> str:
    """The id this host's worker process `pid` should run under (under 64 characters)."""
    return f"{_host()}:{pid or os.getpid()}:{secrets.token_hex(4)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_gone(result: DBTaskResult, *, now: dt.datetime, timeout: dt.timedelta) -> bool:
    started = result.started_at or result.enqueued_at
    if started is not None and now - started > timeout:
        return True
    last = result.worker_ids[-1] if result.worker_ids else ""
    host, _, rest = str(last).partition(":")
    pid = rest.partition(":")[0]
    if host != _host() or not pid.isdigit():
        return False
    return not _process_alive(int(pid))


def tasks_reap(*, now: dt.datetime | None = None) -> list[Any]:
    """Mark FAILED every RUNNING task whose worker is gone; returns the ids reaped."""
    now = now or timezone.now()
    timeout = dt.timedelta(seconds=settings.PCRS_TASK_RUNNING_TIMEOUT)
    reaped: list[Any] = []
    for result in DBTaskResult.objects.running().only(
        "id", "status", "started_at", "enqueued_at", "worker_ids", "task_path"
    ):
        if not _worker_gone(result, now=now, timeout=timeout):
            continue
        with transaction.atomic():
            # Only if it is still RUNNING: a live worker may have finished it meanwhile.
            updated = (
                DBTaskResult.objects.running()
                .filter(pk=result.pk)
                .update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=LOST,
                    traceback=(
                        f"{LOST}: the worker {result.worker_ids[-1] if result.worker_ids else '?'} "
                        "ended before the task did; enqueue it again to retry.\n"
                    ),
                )
            )
        if updated:
            logger.warning("Task %s (%s) failed: its worker is gone", result.pk, result.task_path)
            reaped.append(result.pk)
    return reaped


def reap_before_task(sender: Any, **_: Any) -> None:
    """task_started receiver: each worker reaps dead siblings' tasks before running one."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(sender, DatabaseBackend):
        return  # the immediate backend (tests) has no workers to lose
    try:
        tasks_reap()
    except Exception:  # the task itself must still run
        logger.exception("Reaping tasks of dead workers failed")
