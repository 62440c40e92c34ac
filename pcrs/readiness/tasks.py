"""The readiness sweep as a Django task (django.tasks), for deployments that run a worker.

Schedule it daily, either by cron calling the management command:

    15 2 * * *  cd /srv/pcrs && .venv/bin/python manage.py readiness_sweep

or from a scheduler that enqueues `readiness_sweep_task` on the configured TASKS backend
(ImmediateBackend in the demo runs it in-process). The sweep is idempotent, so a run
repeated by a retry or an overlapping schedule changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from pcrs.readiness.services import readiness_sweep


@task
def readiness_sweep_task(today: str | None = None) -> list[str]:
    """Run the sweep as of `today` (ISO date; default: the current date). Returns the changes."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return readiness_sweep(today=day)
