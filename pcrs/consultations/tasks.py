"""The action-item sweep as a Django task (django.tasks), for deployments that run a worker.

Schedule it daily by cron (`manage.py action_items_sweep`) or enqueue `action_items_sweep_task`
on the TASKS backend (`manage.py action_items_sweep --enqueue`). Idempotent: an item already
flagged overdue is not flagged or announced again.
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from pcrs.consultations.services import action_items_sweep


@task
def action_items_sweep_task(today: str | None = None) -> list[str]:
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return action_items_sweep(today=day)
