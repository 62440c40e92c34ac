"""python manage.py training_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pcrs.training.services import recognitions_sweep
from pcrs.training.tasks import training_sweep_task


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date like 2026-03-31.") from None


class Command(BaseCommand):
    help = (
        "UN course recognitions: mark those entering their renewal window (reminder) and "
        "expire those past their validity. Idempotent; prints what it changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=str, help="Run as of this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the sweep to the task backend."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        if options["enqueue"]:
            result = training_sweep_task.enqueue(today.isoformat())
            self.stdout.write(f"Enqueued training sweep for {today} ({result.id}).")
            return
        changes = recognitions_sweep(today=today)
        for line in changes:
            self.stdout.write(line)
        self.stdout.write(f"Training sweep {today}: {len(changes)} change(s).")
