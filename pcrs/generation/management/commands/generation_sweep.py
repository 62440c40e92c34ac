"""`manage.py generation_sweep`: fail runs whose worker died, record unanswered notes verbales.

Run it from cron every few minutes (the run pages and API also reap dead runs when read).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from pcrs.generation.conf import setting
from pcrs.generation.services import cases_sweep_deadlines, runs_reap_stale


class Command(BaseCommand):
    help = "Fail runs with no heartbeat; record 'no answer' on notes verbales past deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            help="Seconds without heartbeat before a run is failed (default: the setting).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["stale_after"] is not None:
            # Same rule, another threshold: shift "now" instead of the setting.
            now += dt.timedelta(seconds=setting("STALE_AFTER_SECONDS") - options["stale_after"])
        reaped = runs_reap_stale(now=now)
        cases = cases_sweep_deadlines()
        self.stdout.write(
            f"{reaped} run(s) failed for a dead worker; {len(cases)} case(s) unanswered."
        )
