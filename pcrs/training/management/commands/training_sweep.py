"""python manage.py training_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt

from pcrs.core.sweeps import SweepCommand
from pcrs.training.services import recognitions_sweep
from pcrs.training.tasks import training_sweep_task


class Command(SweepCommand):
    help = (
        "UN course recognitions: mark those entering their renewal window (reminder) and "
        "expire those past their validity. Idempotent; prints what it changed."
    )
    title = "Training sweep"
    task = training_sweep_task

    def sweep(self, today: dt.date) -> list[str]:
        return recognitions_sweep(today=today)
