from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.accounts.models import User
from pcrs.missions.models import Mission
from pcrs.performance.models import PerformanceStandard, UnitEvaluation
from pcrs.performance.services import evaluation_record
from pcrs.registry.models import CapabilityType


@pytest.fixture
def minusca(db: Any) -> Mission:
    return Mission.objects.get_or_create(acronym="MINUSCA", defaults={"name": "MINUSCA"})[0]


@pytest.fixture
def standards(infantry: CapabilityType) -> list[PerformanceStandard]:
    return [
        PerformanceStandard.objects.create(
            capability_type=infantry, category=category, task=task, source="test"
        )
        for category, task in [
            ("Protection of civilians", "Conduct long-range patrols"),
            ("Force protection", "Secure the company operating base"),
            ("Command and control", "Report incidents within 24 hours"),
        ]
    ]


@pytest.fixture
def evaluate(
    secretariat: User,
    minusca: Mission,
    infantry: CapabilityType,
    standards: list[PerformanceStandard],
    make_state: Callable[[str], Any],
) -> Callable[..., UnitEvaluation]:
    def make(state: str = "BGD", scores: tuple[int, ...] = (3, 3, 3), **extra: Any):
        fields: dict[str, Any] = {
            "member_state": make_state(state),
            "mission": minusca,
            "capability_type": infantry,
            "kind": "military_unit",
            "unit_designation": f"{state}BAT",
            "evaluated_on": dt.date(2026, 6, 1),
            "evaluator_role": "force_commander",
            "evaluator_name": "Force Commander MINUSCA",
        }
        fields.update(extra)
        return evaluation_record(
            actor=secretariat,
            scores={s.pk: v for s, v in zip(standards, scores, strict=False)},
            **fields,
        )

    return make


@pytest.fixture
def people(
    fp_bgd: User,
    fp_kaz: User,
    secretariat: User,
    observer: User,
    make_user: Callable[..., Any],
    minusca: Mission,
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "fp_own": fp_bgd,
        "fp_other": fp_kaz,
        "observer": observer,
        "planner": make_user("planner-minusca", "mission_planner", mission=minusca),
    }
