"""Generation fixtures: a mission with open requirements and pledges at Level 2+ to fill them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcrs.accounts.models import Role, User
from pcrs.generation import services
from pcrs.generation.adapter import RunRequest
from pcrs.generation.models import GenerationCase, GenerationRun
from pcrs.missions.models import Mission, Priority, Requirement
from pcrs.registry.models import CapabilityType, Pledge, PledgeStatus

TODAY = timezone.localdate()


@pytest.fixture
def minusca(make_state: Callable[[str], Any]) -> Mission:
    make_state("FRA")
    host = make_state("RWA")  # stands in for the host in these tests
    return Mission.objects.create(
        acronym="MINUSCA", name="MINUSCA", host_country=host, is_active=True
    )


@pytest.fixture
def need(minusca: Mission, infantry: CapabilityType) -> Requirement:
    return Requirement.objects.create(
        mission=minusca,
        capability_type=infantry,
        units=1,
        personnel=850,
        required_by=TODAY + dt.timedelta(days=200),
        priority=Priority.CRITICAL,
        languages=["en"],
        opened_on=TODAY - dt.timedelta(days=100),
    )


@pytest.fixture
def ready_pledge(make_pledge: Callable[..., Pledge]) -> Callable[..., Pledge]:
    def make(state: str = "BGD", level: str = "2", **fields: Any) -> Pledge:
        fields.setdefault("available_from", TODAY + dt.timedelta(days=10))
        fields.setdefault("notice_to_move_days", 30)
        return make_pledge(state, status=PledgeStatus.ACTIVE, readiness_level=level, **fields)

    return make


@pytest.fixture
def fp_bgd_mail(fp_bgd: User) -> User:
    fp_bgd.email = "fp-bgd@example.org"
    fp_bgd.save()
    return fp_bgd


@pytest.fixture
def planner(make_user: Callable[..., User], minusca: Mission) -> User:
    return make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)


@pytest.fixture
def finished_run(
    secretariat: User,
    need: Requirement,
    ready_pledge: Callable[..., Pledge],
    django_capture_on_commit_callbacks: Any,
) -> GenerationRun:
    ready_pledge("BGD")
    ready_pledge("KAZ", level="3")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            actor=secretariat, request=RunRequest(missions=("MINUSCA",), time_limit=5)
        )
    run.refresh_from_db()
    return run


@pytest.fixture
def case(secretariat: User, finished_run: GenerationRun) -> GenerationCase:
    a = finished_run.assignments.get()
    return services.case_create(
        actor=secretariat, run=finished_run, requirement=a.requirement, pledge=a.pledge
    )


def walk(case: GenerationCase, actor: User, *moves: str) -> GenerationCase:
    """Take a case through steps with valid data."""
    data: dict[str, dict[str, Any]] = {
        "send_note_verbale": {
            "nv_reference": "NV/2026/123",
            "nv_date": TODAY,
            "answer_deadline": TODAY + dt.timedelta(days=30),
        },
        "decline": {"decline_reason": "Units committed at home"},
        "reconnaissance": {"reconnaissance_on": TODAY},
        "pre_deployment_visit": {
            "pre_deployment_on": TODAY,
            "pre_deployment_result": "ready",
            "military_skills_passed": True,
        },
        "agree_mou": {"mou_on": TODAY, "lift": "un", "self_sufficiency_days": 90},
        "deploy": {"deployed_on": TODAY},
        "close": {"close_reason": "Mission drawdown"},
    }
    for move in moves:
        case = services.case_move(actor=actor, case=case, move=move, data=data.get(move, {}))
    return case
