"""The recognition sweep as a Django task (django.tasks): reminders and expiry.

Schedule daily, by cron (`manage.py training_sweep`) or by enqueuing `training_sweep_task`
on the TASKS backend (`manage.py db_worker` works the queue). Idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from pcrs.training.services import recognitions_sweep


@task
def training_sweep_task(today: str | None = None) -> list[str]:
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return recognitions_sweep(today=day)
