"""python manage.py readiness_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pcrs.readiness.services import readiness_sweep
from pcrs.readiness.tasks import readiness_sweep_task


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date like 2026-03-31.") from None


class Command(BaseCommand):
    help = (
        "Apply renewal and expiry to the readiness ladder: send reminders, lapse unrenewed "
        "pledges, drop levels whose AAV or RDL verification expired. Idempotent; prints what "
        "it changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=str, help="Run as of this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the sweep to the task backend (TASKS) instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        if options["enqueue"]:
            result = readiness_sweep_task.enqueue(today.isoformat())
            self.stdout.write(f"Readiness sweep for {today} enqueued ({result.id}).")
            return
        lines = readiness_sweep(today=today)
        for line in lines:
            self.stdout.write(line)
        if lines:
            self.stdout.write(self.style.SUCCESS(f"{len(lines)} change(s) as of {today}."))
        else:
            self.stdout.write(f"Nothing to change as of {today}.")
