"""`manage.py tasks_reap`: tasks whose worker is gone end FAILED (pcrs/core/task_reaper.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pcrs.core.task_reaper import tasks_reap


class Command(BaseCommand):
    help = "Mark FAILED the RUNNING tasks whose worker process is gone."

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = tasks_reap()
        self.stdout.write(f"{len(reaped)} task(s) of dead workers marked failed.")
