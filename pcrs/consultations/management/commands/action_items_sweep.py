"""python manage.py action_items_sweep [--today YYYY-MM-DD] [--enqueue]"""

from __future__ import annotations

import datetime as dt

from pcrs.consultations.services import action_items_sweep
from pcrs.consultations.tasks import action_items_sweep_task
from pcrs.core.sweeps import SweepCommand


class Command(SweepCommand):
    help = (
        "Flag open consultation action items past their due date and notify their owners and "
        "the Secretariat. Idempotent; prints what it flagged."
    )
    title = "Action-item sweep"
    task = action_items_sweep_task
    changed = "{count} item(s) flagged overdue as of {today}."
    nothing = "Nothing overdue to flag as of {today}."

    def sweep(self, today: dt.date) -> list[str]:
        return action_items_sweep(today=today)
