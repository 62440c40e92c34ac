from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.accounts.models import User
from pcrs.missions.models import Mission
from pcrs.training.models import Course, CourseKind, TrainingCentre


@pytest.fixture
def kazcent(make_state: Callable[[str], Any]) -> TrainingCentre:
    return TrainingCentre.objects.create(
        member_state=make_state("KAZ"),
        name="Kazakhstan peacekeeping training centre",
        acronym="KAZCENT",
        established_on=dt.date(2006, 5, 1),
    )


@pytest.fixture
def course(kazcent: TrainingCentre) -> Course:
    return Course.objects.create(
        centre=kazcent, title="UN Staff Officers Course", kind=CourseKind.CORE_PREDEPLOYMENT
    )


@pytest.fixture
def people(
    fp_kaz: User, fp_bgd: User, secretariat: User, observer: User, make_user: Callable[..., Any]
) -> dict[str, User]:
    return {
        "anonymous": None,  # type: ignore[dict-item]
        "secretariat": secretariat,
        "fp_own": fp_kaz,
        "fp_other": fp_bgd,
        "observer": observer,
        "planner": make_user(
            "planner",
            "mission_planner",
            mission=Mission.objects.get_or_create(acronym="UNMISS", defaults={"name": "UNMISS"})[0],
        ),
    }
