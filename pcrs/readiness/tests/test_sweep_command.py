"""The sweep command and task: what they print, and that a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pcrs.readiness.models import ReadinessRecord
from pcrs.readiness.tasks import readiness_sweep_task
from pcrs.readiness.tests.conftest import DAY0, move

pytestmark = pytest.mark.django_db


def _sweep(*args: str) -> str:
    out = StringIO()
    call_command("readiness_sweep", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_lapse_then_nothing_on_a_second_run(pledge, fp_bgd, secretariat):
    for name, actor in (("submit", fp_bgd), ("acknowledge", secretariat), ("accept", secretariat)):
        move(actor, pledge, name, DAY0)
    first = _sweep("--today", "2027-03-03")
    assert "Level 1 -> Lapsed" in first
    assert "1 change(s) as of 2027-03-03" in first
    assert ReadinessRecord.objects.get(pledge=pledge).state == "lapsed"
    assert _sweep("--today", "2027-03-03") == "Nothing to change as of 2027-03-03.\n"


def test_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="not a date"):
        _sweep("--today", "31/03/2026")


def test_task_runs_the_same_sweep(pledge, fp_bgd, secretariat):
    for name, actor in (("submit", fp_bgd), ("acknowledge", secretariat), ("accept", secretariat)):
        move(actor, pledge, name, DAY0)
    result = readiness_sweep_task.enqueue("2027-02-20")
    assert result.return_value == [f"{pledge}: reminder sent, renewal due on 2027-03-02"]
    assert readiness_sweep_task.call(today=dt.date(2027, 2, 20).isoformat()) == []
