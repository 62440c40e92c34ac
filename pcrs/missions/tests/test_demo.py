"""The demo's derived contingents: real totals preserved, synthetic labels, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.missions.demo import requirements_load_demo
from pcrs.missions.derive import plan_units
from pcrs.missions.models import (
    Contribution,
    ContributionImport,
    DeployedContingent,
    Mission,
    PersonnelType,
    Requirement,
)
from pcrs.missions.services import contingents_derive_demo


@pytest.mark.parametrize(
    ("ptype", "total", "women"),
    [
        (PersonnelType.TROOPS, 2650, 130),
        (PersonnelType.TROOPS, 1930, 7),
        (PersonnelType.TROOPS, 35, 2),
        (PersonnelType.FPU, 421, 60),
        (PersonnelType.EXPERTS, 12, 3),
        (PersonnelType.IPO, 1, 1),
        (PersonnelType.STAFF, 12, 2),
        (PersonnelType.JUSTICE, 3, 1),
    ],
)
def test_planned_units_add_up_to_the_real_figures(ptype: str, total: int, women: int) -> None:
    units = plan_units(
        mission="UNMISS", state="NPL", personnel_type=ptype, total=total, women=women
    )
    assert sum(u.personnel for u in units) == total
    assert sum(u.women for u in units) == women
    assert all(0 <= u.women <= u.personnel for u in units)
    assert all(u.rotation_months in (6, 12) for u in units)
    assert units == plan_units(
        mission="UNMISS", state="NPL", personnel_type=ptype, total=total, women=women
    )


@pytest.mark.django_db
def test_derived_contingents_are_synthetic_and_derived_once(
    unmiss: Mission, make_state: Callable[[str], Any], capability: Callable[[str], Any]
) -> None:
    for code in ("infantry-battalion", "formed-police-unit", "military-observer", "staff-officer"):
        capability(code)
    batch = ContributionImport.objects.create(file_name="t.csv", sha256="0" * 64)
    for ptype, total, female in ((PersonnelType.TROOPS, 1700, 40), (PersonnelType.FPU, 280, 30)):
        Contribution.objects.create(
            month=dt.date(2014, 3, 31),
            member_state=make_state("NPL"),
            mission=unmiss,
            personnel_type=ptype,
            male=total - female,
            female=female,
            total=total,
            batch=batch,
        )
    created, _notes = contingents_derive_demo(actor=None, today=dt.date(2026, 3, 1))
    contingents = DeployedContingent.objects.all()
    assert created == contingents.count() == 4  # 2 battalions + 2 FPUs
    assert sum(c.personnel for c in contingents) == 1980
    assert all(c.is_synthetic and "2014-03-31" in c.source_note for c in contingents)
    assert contingents_derive_demo(actor=None, today=dt.date(2026, 3, 1))[0] == 0


@pytest.mark.django_db
def test_sample_requirements_load_once(minusca: Mission, capability: Callable[[str], Any]) -> None:
    capability("utility-helicopter-unit")
    capability("qrf-company")
    capability("level-2-hospital")
    out = io.StringIO()
    today = dt.date(2026, 3, 1)
    created = requirements_load_demo(today=today, stdout=out)
    assert created == Requirement.objects.count() == 3  # the MINUSCA samples with those types
    assert all(r.is_synthetic for r in Requirement.objects.all())
    assert requirements_load_demo(today=today, stdout=out) == 0
