"""The daily sweeps (readiness renewal and expiry, course recognitions, overdue action items)
as management commands: one shape, each app saying only what its sweep is.

``manage.py <sweep> [--today YYYY-MM-DD] [--enqueue]`` runs the sweep as of ``--today``
(default: today) and prints one line per change, then a summary; with ``--enqueue`` it hands
the same sweep to the task backend (``TASKS``; ``manage.py db_worker`` works the queue).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import Task
from django.utils import timezone


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date like 2026-03-31.") from None


class SweepCommand(BaseCommand):
    """Subclasses set ``help``, ``title`` (``"Readiness sweep"``), ``task`` (the sweep as a
    task taking the ISO date) and :meth:`sweep`; ``changed`` and ``nothing`` word the summary."""

    title: str
    task: Task[[str], list[str]]
    changed = "{count} change(s) as of {today}."
    nothing = "Nothing to change as of {today}."

    def sweep(self, today: dt.date) -> list[str]:
        """Run the sweep as of ``today``: one line per change (idempotent)."""
        raise NotImplementedError

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
            result = self.task.enqueue(today.isoformat())
            self.stdout.write(f"{self.title} for {today} enqueued ({result.id}).")
            return
        lines = self.sweep(today)
        for line in lines:
            self.stdout.write(line)
        if lines:
            self.stdout.write(
                self.style.SUCCESS(self.changed.format(count=len(lines), today=today))
            )
        else:
            self.stdout.write(self.nothing.format(today=today))
