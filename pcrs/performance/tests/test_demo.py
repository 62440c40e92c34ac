from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest

from pcrs.missions.models import DeployedContingent
from pcrs.performance.demo import performance_load_demo
from pcrs.performance.models import UnitEvaluation

pytestmark = pytest.mark.django_db


def test_the_demo_evaluates_deployed_units_once(
    secretariat: Any, minusca: Any, infantry: Any, make_state: Any
) -> None:
    DeployedContingent.objects.create(
        mission=minusca,
        member_state=make_state("BGD"),
        capability_type=infantry,
        designation="BGD-INFA-1",
        personnel=850,
        women=40,
        deployed_on=dt.date(2025, 1, 1),
        rotation_months=12,
        next_rotation_on=dt.date(2026, 1, 1),
    )
    today = dt.date(2026, 12, 1)
    performance_load_demo(stdout=StringIO(), today=today)
    performance_load_demo(stdout=StringIO(), today=today)
    evaluation = UnitEvaluation.objects.get()
    assert evaluation.is_synthetic and evaluation.unit_designation == "BGD-INFA-1"
    assert evaluation.scores.count() == 4
