"""python manage.py readiness_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt

from pcrs.core.sweeps import SweepCommand
from pcrs.readiness.services import readiness_sweep
from pcrs.readiness.tasks import readiness_sweep_task


class Command(SweepCommand):
    help = (
        "Apply renewal and expiry to the readiness ladder: send reminders, lapse unrenewed "
        "pledges, drop levels whose AAV or RDL verification expired. Idempotent; prints what "
        "it changed."
    )
    title = "Readiness sweep"
    task = readiness_sweep_task

    def sweep(self, today: dt.date) -> list[str]:
        return readiness_sweep(today=today)
