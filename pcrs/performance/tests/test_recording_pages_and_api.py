"""Recording an evaluation (page), appraisal rounds and decisions (pages and API): the
Secretariat's writes; another State's evaluation is the one 404; bad input is named and
changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Contribution, ContributionImport, Mission, PersonnelType
from pcrs.performance.models import (
    EvaluationScore,
    PerformanceDecision,
    PerformanceStandard,
    PoliceAppraisalRound,
    UnitEvaluation,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        UnitEvaluation.objects.count(),
        EvaluationScore.objects.count(),
        PerformanceDecision.objects.count(),
        PoliceAppraisalRound.objects.count(),
        AuditEvent.objects.count(),
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def evaluation_form(standards: list[PerformanceStandard], **change: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "capability_type": standards[0].capability_type.code,
        "member_state": "BGD",
        "mission": "MINUSCA",
        "kind": "military_unit",
        "unit_designation": "BANBAT-2",
        "evaluated_on": "2026-05-04",
        "evaluator_role": "force_commander",
        "evaluator_name": "Force Commander MINUSCA",
        "scale_min": 1,
        "scale_max": 4,
        "summary": "",
    }
    data |= {f"score_{s.pk}": 3 for s in standards}
    return data | change


def test_the_secretariat_records_an_evaluation_on_the_page(
    secretariat: User, standards: list[PerformanceStandard], minusca: Mission, make_state: Any
) -> None:
    make_state("BGD")
    client = logged_in(secretariat)
    code = standards[0].capability_type.code
    page = client.get(f"/performance/evaluations/new/?capability_type={code}").content.decode()
    assert standards[0].task in page
    response = client.post("/performance/evaluations/new/", evaluation_form(standards))
    assert response.status_code == 302
    evaluation = UnitEvaluation.objects.get()
    assert sorted(evaluation.scores.values_list("score", flat=True)) == [3, 3, 3]
    assert AuditEvent.objects.filter(action="evaluation.record").count() == 1


def test_a_score_outside_the_scale_is_named_and_changes_nothing(
    secretariat: User, standards: list[PerformanceStandard], minusca: Mission, make_state: Any
) -> None:
    make_state("BGD")
    before = counts()
    response = logged_in(secretariat).post(
        "/performance/evaluations/new/",
        evaluation_form(standards, **{f"score_{standards[1].pk}": 7}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body and "score 7 is outside the scale 1-4" in body
    assert counts() == before


@pytest.mark.parametrize("role", ["fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_may_open_the_evaluation_form(
    role: str, people: dict[str, User], standards: list[PerformanceStandard], minusca: Mission
) -> None:
    before = counts()
    client = logged_in(people[role])
    assert client.get("/performance/evaluations/new/").status_code == 403
    response = client.post("/performance/evaluations/new/", evaluation_form(standards))
    assert response.status_code == 403
    assert counts() == before


def test_the_secretariat_records_a_decision_on_page_and_api(
    evaluate: Callable[..., UnitEvaluation], secretariat: User, api: Callable[..., Any]
) -> None:
    evaluation = evaluate()
    client = logged_in(secretariat)
    assert (
        "Record a decision"
        in client.get(f"/performance/evaluations/{evaluation.pk}/").content.decode()
    )
    response = client.post(
        f"/performance/evaluations/{evaluation.pk}/decisions/",
        {"kind": "mentoring", "decided_on": "2026-06-15", "note": "Mobile training team"},
    )
    assert response.status_code == 302
    created = api(secretariat).post(
        f"/api/v1/evaluations/{evaluation.pk}/decisions/",
        {"kind": "repatriation", "decided_on": "2026-07-01"},
        "json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "repatriation"
    assert sorted(evaluation.decisions.values_list("kind", flat=True)) == [
        "mentoring",
        "repatriation",
    ]
    assert AuditEvent.objects.filter(action="performance_decision.record").count() == 2


def test_a_decision_before_the_evaluation_is_named_and_changes_nothing(
    evaluate: Callable[..., UnitEvaluation], secretariat: User, api: Callable[..., Any]
) -> None:
    evaluation = evaluate()
    before = counts()
    page = logged_in(secretariat).post(
        f"/performance/evaluations/{evaluation.pk}/decisions/",
        {"kind": "mentoring", "decided_on": "2026-01-01"},
    )
    assert page.status_code == 400
    assert "A decision cannot precede the evaluation." in page.content.decode()
    assert 'href="#id_decided_on"' in page.content.decode()
    response = api(secretariat).post(
        f"/api/v1/evaluations/{evaluation.pk}/decisions/",
        {"kind": "mentoring", "decided_on": "2026-01-01"},
        "json",
    )
    assert response.status_code == 400 and "decided_on" in response.json()["errors"]
    bad_kind = api(secretariat).post(
        f"/api/v1/evaluations/{evaluation.pk}/decisions/",
        {"kind": "promotion", "decided_on": "2026-07-01"},
        "json",
    )
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["errors"]
    assert counts() == before


def test_decisions_on_another_states_evaluation_are_the_one_404(
    evaluate: Callable[..., UnitEvaluation],
    fp_kaz: User,
    fp_bgd: User,
    api: Callable[..., Any],
) -> None:
    evaluation = evaluate("BGD")
    before = counts()
    body = {"kind": "mentoring", "decided_on": "2026-07-01"}
    theirs = api(fp_kaz).post(f"/api/v1/evaluations/{evaluation.pk}/decisions/", body, "json")
    nobody = api(fp_kaz).post("/api/v1/evaluations/999999/decisions/", body, "json")
    assert theirs.status_code == nobody.status_code == 404 and theirs.json() == nobody.json()
    page = logged_in(fp_kaz).post(f"/performance/evaluations/{evaluation.pk}/decisions/", body)
    assert page.status_code == 404
    # The evaluated State sees its evaluation but decisions are the Secretariat's.
    own = api(fp_bgd).post(f"/api/v1/evaluations/{evaluation.pk}/decisions/", body, "json")
    assert own.status_code == 403
    assert (
        "Record a decision"
        not in logged_in(fp_bgd).get(f"/performance/evaluations/{evaluation.pk}/").content.decode()
    )
    assert counts() == before


@pytest.fixture
def bgd_police_in_minusca(minusca: Mission, make_state: Callable[[str], Any]) -> None:
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


ROUND = {"member_state": "BGD", "mission": "MINUSCA", "period_end": "2026-06-30",
         "appraised": 40, "exceeds": 5, "meets": 33, "below": 2}  # fmt: skip


def test_the_secretariat_records_an_appraisal_round_on_page_and_api(
    bgd_police_in_minusca: None, secretariat: User, fp_bgd: User, fp_kaz: User, api: Callable
) -> None:
    response = logged_in(secretariat).post("/performance/appraisals/new/", ROUND)
    assert response.status_code == 302
    assert PoliceAppraisalRound.objects.get().below == 2
    again = api(secretariat).post("/api/v1/police-appraisals/", ROUND, "json")
    assert again.status_code == 400  # one round per State, mission and period
    later = api(secretariat).post(
        "/api/v1/police-appraisals/", ROUND | {"period_end": "2026-12-31"}, "json"
    )
    assert later.status_code == 400 and "member_state" in later.json()["errors"]
    assert api(fp_bgd).get("/api/v1/police-appraisals/").json()["count"] == 1
    assert api(fp_kaz).get("/api/v1/police-appraisals/").json()["count"] == 0


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"period_end": "2026-05-31"}, "period_end", "30 June or 31 December"),
        ({"below": 3}, "appraised", "do not add up to 40"),
        ({"member_state": "KAZ"}, "member_state", "had no police deployed in MINUSCA"),
    ],
)
def test_a_bad_appraisal_round_is_named_and_changes_nothing(
    bgd_police_in_minusca: None,
    secretariat: User,
    make_state: Any,
    api: Callable[..., Any],
    change: dict[str, Any],
    field: str,
    text: str,
) -> None:
    make_state("KAZ")
    before = counts()
    page = logged_in(secretariat).post("/performance/appraisals/new/", ROUND | change)
    assert page.status_code == 400
    assert text in page.content.decode() and f'href="#id_{field}"' in page.content.decode()
    response = api(secretariat).post("/api/v1/police-appraisals/", ROUND | change, "json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert counts() == before


@pytest.mark.parametrize("role", ["fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_records_appraisal_rounds(
    role: str, people: dict[str, User], bgd_police_in_minusca: None, api: Callable[..., Any]
) -> None:
    before = counts()
    assert logged_in(people[role]).post("/performance/appraisals/new/", ROUND).status_code == 403
    assert api(people[role]).post("/api/v1/police-appraisals/", ROUND, "json").status_code == 403
    assert counts() == before
