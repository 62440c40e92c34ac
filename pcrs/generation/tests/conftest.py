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
from pcrs.statistics.services import publication_publish

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


@pytest.fixture
def main_journeys(
    secretariat: Any,
    fp_bgd: Any,
    fp_kaz: Any,
    observer: Any,
    planner: Any,
    minusca: Mission,
    finished_run: GenerationRun,
    case: GenerationCase,
    make_pledge: Callable[..., Pledge],
    django_capture_on_commit_callbacks: Any,
) -> dict[str, list[tuple[str, str]]]:
    """Per user (empty: anonymous), the pages of the main journeys as (what, address): the
    accessibility audit and the page-weight budget go through the same list (issue 17)."""
    request = walk(case, secretariat, "send_note_verbale")  # a request the focal point answers
    # Its headquarters in Bangui: the mission page draws its map (the boundaries are fetched).
    minusca.hq_latitude, minusca.hq_longitude = 4.3612, 18.5550
    minusca.save(update_fields=["hq_latitude", "hq_longitude"])
    second_need = Requirement.objects.get(pk=case.requirement_id)
    second_need.pk = None  # another battalion for MINUSCA, for a second run to compare with
    second_need.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_start(
            actor=secretariat, request=RunRequest(missions=("MINUSCA",), time_limit=5)
        )
    draft = make_pledge("BGD", title="BANBAT-DRAFT", status=PledgeStatus.DRAFT)
    submitted = make_pledge("NPL", title="NEPBAT-1", status=PledgeStatus.SUBMITTED)
    publication_publish(actor=None, as_of=dt.date(2026, 11, 1))
    return {
        "": [("log-in page", "/accounts/login/")],
        "secretariat": [
            ("home", "/"),
            ("pledge list", "/registry/pledges/"),
            ("pledge page", f"/registry/pledges/{submitted.pk}/"),
            ("pledge form (edit)", f"/registry/pledges/{submitted.pk}/edit/"),
            ("readiness overview", "/readiness/"),
            ("readiness page with its moves", f"/readiness/pledges/{submitted.pk}/"),
            ("readiness work queue", "/readiness/queue/"),
            ("missions list", "/missions/"),
            ("mission page", "/missions/MINUSCA/"),
            ("gaps page", "/missions/gaps/"),
            ("generation", "/generation/"),
            ("generation run review", f"/generation/runs/{finished_run.pk}/"),
            ("generation case", f"/generation/cases/{request.pk}/"),
            ("statistics overview", "/registry/overview/"),
        ],
        "fp-bgd": [
            ("home", "/"),
            ("pledge list", "/registry/pledges/"),
            ("pledge form (new)", "/registry/pledges/new/"),
            ("pledge form (edit)", f"/registry/pledges/{draft.pk}/edit/"),
            ("pledge page", f"/registry/pledges/{draft.pk}/"),
            ("readiness page with its moves", f"/readiness/pledges/{draft.pk}/"),
            ("my pledges by level", "/readiness/mine/"),
            ("statistics overview", "/registry/overview/"),
        ],
        # The State the engine proposed answers the request.
        f"fp-{request.pledge.member_state.iso3.lower()}": [
            ("requests", "/generation/cases/"),
            ("request page", f"/generation/cases/{request.pk}/"),
        ],
        "observer": [
            ("home", "/"),
            ("statistics overview", "/registry/overview/"),
            ("missions list", "/missions/"),
            ("mission page", "/missions/MINUSCA/"),
        ],
        "planner-minusca": [
            ("home", "/"),
            ("mission page", "/missions/MINUSCA/"),
            ("gaps page", "/missions/gaps/"),
        ],
    }
