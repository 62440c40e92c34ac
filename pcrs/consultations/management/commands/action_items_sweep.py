"""python manage.py action_items_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pcrs.consultations.services import action_items_sweep
from pcrs.consultations.tasks import action_items_sweep_task


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date like 2026-03-31.") from None


class Command(BaseCommand):
    help = (
        "Flag open consultation action items past their due date and notify their owners and "
        "the Secretariat. Idempotent; prints what it flagged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=str, help="Run as of this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the sweep to the task backend (TASKS)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        if options["enqueue"]:
            result = action_items_sweep_task.enqueue(today.isoformat())
            self.stdout.write(f"Action-item sweep for {today} enqueued ({result.id}).")
            return
        lines = action_items_sweep(today=today)
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"{len(lines)} item(s) flagged overdue as of {today}.")
            if lines
            else f"Nothing overdue to flag as of {today}."
        )
