"""The improvement plan's life cycle (one table, one locked service), the six-monthly police
appraisal counts, decisions taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Contribution, ContributionImport, PersonnelType
from pcrs.performance.models import (
    ImprovementPlan,
    PlanEvent,
    PoliceAppraisalRound,
    UnitEvaluation,
)
from pcrs.performance.services import (
    IllegalMove,
    NotPermitted,
    appraisal_round_record,
    decision_record,
    improvement_plan_move,
    improvement_plan_open,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(evaluate: Callable[..., UnitEvaluation], secretariat: User) -> ImprovementPlan:
    evaluation = evaluate("BGD", (2, 1, 2), kind="fpu_paer", evaluator_role="police_commander")
    return improvement_plan_open(
        actor=secretariat,
        evaluation=evaluation,
        actions="Refresher training in crowd control; night patrol SOP",
        due_on=dt.date(2026, 12, 1),
    )


def plan_state() -> tuple[Any, ...]:
    return (
        list(ImprovementPlan.objects.values()),
        PlanEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_plan_is_tracked_to_closure(plan: ImprovementPlan, fp_bgd: User, secretariat: User):
    plan = improvement_plan_move(actor=fp_bgd, plan=plan, to="in_progress")
    plan = improvement_plan_move(actor=fp_bgd, plan=plan, to="review", note="Training done")
    plan = improvement_plan_move(actor=secretariat, plan=plan, to="in_progress", note="Not yet")
    plan = improvement_plan_move(actor=fp_bgd, plan=plan, to="review", note="SOP issued")
    plan = improvement_plan_move(actor=secretariat, plan=plan, to="closed", note="Verified")
    assert plan.status == "closed" and plan.closed_on is not None
    assert list(plan.events.values_list("to_status", flat=True)) == [
        "in_progress",
        "review",
        "in_progress",
        "review",
        "closed",
    ]
    assert AuditEvent.objects.filter(action="improvement_plan.move").count() == 5


@pytest.mark.parametrize(
    ("actor_name", "to", "error"),
    [
        ("fp_bgd", "closed", IllegalMove),  # open -> closed is not a move
        ("fp_kaz", "in_progress", NotPermitted),  # another State
        ("secretariat", "in_progress", NotPermitted),  # the State reports progress
        ("fp_bgd", "escalated", NotPermitted),  # the Secretariat escalates
    ],
)
def test_illegal_or_unpermitted_moves_change_nothing(
    plan: ImprovementPlan, actor_name: str, to: str, error: type[Exception], request: Any
) -> None:
    actor = request.getfixturevalue(actor_name)
    before = plan_state()
    with pytest.raises(error):
        improvement_plan_move(actor=actor, plan=plan, to=to, note="x")
    assert plan_state() == before


def test_a_move_needing_a_note_is_refused_without_one(plan: ImprovementPlan, fp_bgd: User):
    improvement_plan_move(actor=fp_bgd, plan=plan, to="in_progress")
    before = plan_state()
    with pytest.raises(ValidationError, match="needs a note"):
        improvement_plan_move(actor=fp_bgd, plan=plan, to="review")
    assert plan_state() == before


def test_a_closed_plan_cannot_move_again(plan: ImprovementPlan, fp_bgd: User, secretariat: User):
    improvement_plan_move(actor=fp_bgd, plan=plan, to="in_progress")
    improvement_plan_move(actor=fp_bgd, plan=plan, to="review", note="done")
    improvement_plan_move(actor=secretariat, plan=plan, to="closed", note="ok")
    with pytest.raises(IllegalMove):
        improvement_plan_move(actor=secretariat, plan=plan, to="escalated", note="late")


def test_the_plan_moves_through_the_api_for_its_state_only(
    plan: ImprovementPlan, api: Callable[..., Any], fp_bgd: User, fp_kaz: User
) -> None:
    url = f"/api/v1/evaluations/{plan.evaluation_id}/plan-move/"
    before = plan_state()
    assert api(fp_kaz).post(url, {"to": "in_progress"}).status_code == 404
    assert plan_state() == before
    response = api(fp_bgd).post(url, {"to": "in_progress", "version": 1})
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    stale = api(fp_bgd).post(url, {"to": "review", "note": "x", "version": 1})
    assert stale.status_code == 409


@pytest.fixture
def bgd_police_in_minusca(minusca: Any, make_state: Callable[[str], Any]) -> None:
    batch = ContributionImport.objects.create(file_name="test.csv", sha256="0" * 64)
    Contribution.objects.create(
        month=dt.date(2026, 3, 31),
        member_state=make_state("BGD"),
        mission=minusca,
        personnel_type=PersonnelType.IPO,
        male=30,
        female=10,
        total=40,
        batch=batch,
    )


def test_appraisal_counts_for_a_deployed_state(
    bgd_police_in_minusca: None, secretariat: User, make_state: Any, minusca: Any
) -> None:
    row = appraisal_round_record(
        actor=secretariat,
        member_state=make_state("BGD"),
        mission=minusca,
        period_end=dt.date(2026, 6, 30),
        appraised=40,
        exceeds=6,
        meets=31,
        below=3,
    )
    assert row.appraised == 40


def test_an_appraisal_for_a_state_with_no_deployment_there_is_refused(
    bgd_police_in_minusca: None, secretariat: User, make_state: Any, minusca: Any
) -> None:
    before = (list(PoliceAppraisalRound.objects.values()), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        appraisal_round_record(
            actor=secretariat,
            member_state=make_state("KAZ"),
            mission=minusca,
            period_end=dt.date(2026, 6, 30),
            appraised=5,
            exceeds=0,
            meets=5,
            below=0,
        )
    assert (
        "Kazakhstan had no police deployed in MINUSCA between 2026-01-01 and 2026-06-30"
        in (exc.value.message_dict["member_state"][0])
    )
    # The wrong half-year for Bangladesh is refused too.
    with pytest.raises(ValidationError):
        appraisal_round_record(
            actor=secretariat,
            member_state=make_state("BGD"),
            mission=minusca,
            period_end=dt.date(2025, 12, 31),
            appraised=5,
            exceeds=0,
            meets=5,
            below=0,
        )
    assert (list(PoliceAppraisalRound.objects.values()), AuditEvent.objects.count()) == before


def test_appraisal_outcomes_must_add_up(
    bgd_police_in_minusca: None, secretariat: User, make_state: Any, minusca: Any
) -> None:
    with pytest.raises(ValidationError, match="do not add up to 40"):
        appraisal_round_record(
            actor=secretariat,
            member_state=make_state("BGD"),
            mission=minusca,
            period_end=dt.date(2026, 6, 30),
            appraised=40,
            exceeds=1,
            meets=1,
            below=1,
        )


def test_a_repatriation_decision_is_recorded_against_the_evaluation(
    evaluate: Callable[..., UnitEvaluation], secretariat: User
) -> None:
    evaluation = evaluate("BGD", (1, 1, 1))
    decision_record(
        actor=secretariat,
        evaluation=evaluation,
        kind="repatriation",
        decided_on=dt.date(2026, 7, 1),
        note="Repeated failure to patrol",
    )
    assert evaluation.decisions.get().get_kind_display() == "Repatriation"
    with pytest.raises(ValidationError, match="precede"):
        decision_record(
            actor=secretariat,
            evaluation=evaluation,
            kind="mentoring",
            decided_on=dt.date(2026, 1, 1),
        )


def test_the_state_reports_progress_from_the_page_and_others_get_the_404(
    plan: ImprovementPlan, fp_bgd: User, fp_kaz: User
) -> None:
    from django.test import Client

    own, other = Client(), Client()
    own.force_login(fp_bgd)
    other.force_login(fp_kaz)
    url = f"/performance/evaluations/{plan.evaluation_id}/"
    page = own.get(url).content.decode()
    assert 'value="in_progress"' in page and 'value="closed"' not in page
    before = plan_state()
    assert other.post(url + "plan/", {"to": "in_progress"}).status_code == 404
    assert plan_state() == before
    refused = own.post(url + "plan/", {"to": "review", "version": "1"}, follow=True)
    assert "Nothing changed: An improvement plan cannot move from Open" in refused.content.decode()
    assert plan_state() == before
    own.post(url + "plan/", {"to": "in_progress", "version": "1"})
    plan.refresh_from_db()
    assert plan.status == "in_progress"


def test_the_home_panel_counts_open_plans_for_the_state_only(
    plan: ImprovementPlan, fp_bgd: User, fp_kaz: User, observer: User
) -> None:
    from django.test import Client

    pages = {}
    for user in (fp_bgd, fp_kaz, observer):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get("/").content.decode()
    assert "performance-panel" in pages["fp-bgd"]
    assert 'Improvement plans open</td><td class="num">1<' in pages["fp-bgd"]
    assert 'Improvement plans open</td><td class="num">0<' in pages["fp-kaz"]
    assert "performance-panel" not in pages["observer"]
