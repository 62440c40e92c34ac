"""Reports fixtures: missions with requirements, capability types (critical enablers or not),
users of every role, and a published statistics release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcrs.accounts.models import Role, User
from pcrs.missions.models import Mission, MissionKind, Requirement
from pcrs.registry.models import CapabilityCategory, CapabilityType

DAY = dt.date(2026, 11, 1)


@pytest.fixture
def make_mission(db: Any) -> Callable[..., Mission]:
    def make(acronym: str, **fields: Any) -> Mission:
        defaults: dict[str, Any] = {
            "name": f"Mission {acronym}",
            "is_active": True,
            "kind": MissionKind.PEACEKEEPING,
        }
        defaults.update(fields)
        return Mission.objects.get_or_create(acronym=acronym, defaults=defaults)[0]

    return make


@pytest.fixture
def minusca(make_mission: Callable[..., Mission]) -> Mission:
    return make_mission("MINUSCA", name="Central African Republic mission")


@pytest.fixture
def unmiss(make_mission: Callable[..., Mission]) -> Mission:
    return make_mission("UNMISS", name="South Sudan mission")


@pytest.fixture
def helicopters(db: Any) -> CapabilityType:
    return CapabilityType.objects.create(
        code="utility-helicopter",
        name="Utility helicopter unit",
        category=CapabilityCategory.MILITARY_UNIT,
        typical_size=100,
        is_critical_enabler=True,
    )


@pytest.fixture
def signals(db: Any) -> CapabilityType:
    return CapabilityType.objects.create(
        code="signals-company",
        name="Signals company",
        category=CapabilityCategory.MILITARY_UNIT,
        typical_size=150,
        is_critical_enabler=False,
    )


@pytest.fixture
def make_requirement(db: Any) -> Callable[..., Requirement]:
    def make(mission: Mission, capability_type: CapabilityType, **fields: Any) -> Requirement:
        today = timezone.localdate()
        defaults: dict[str, Any] = {
            "mission": mission,
            "capability_type": capability_type,
            "units": 1,
            "personnel": capability_type.typical_size,
            "required_by": today + dt.timedelta(days=90),
            "opened_on": today - dt.timedelta(days=30),
            "priority": "high",
        }
        defaults.update(fields)
        return Requirement.objects.create(**defaults)

    return make


@pytest.fixture
def planner(make_user: Callable[..., User], minusca: Mission) -> User:
    return make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)
