"""Evaluations: visible to the evaluated State and the Secretariat only (one 404 otherwise);
scores on the stated scale; observers see protected aggregates only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.performance import selectors
from pcrs.performance.models import EvaluationScore, PerformanceStandard, UnitEvaluation

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "secretariat", "fp_own", "fp_other", "observer", "planner"]


def db_state() -> tuple[Any, ...]:
    return (
        list(UnitEvaluation.objects.order_by("pk").values()),
        list(EvaluationScore.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def unmasked(body: bytes) -> str:
    text = re.sub(r'X-CSRFToken": "[^"]+"', "", body.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.parametrize("role", ROLES)
def test_evaluation_visibility_matrix(
    role: str,
    people: dict[str, User | None],
    evaluate: Callable[..., UnitEvaluation],
    api: Callable[..., Any],
) -> None:
    evaluation = evaluate("BGD", (4, 3, 2))
    user = people[role]
    client = api(user)
    detail = client.get(f"/api/v1/evaluations/{evaluation.pk}/")
    listing = client.get("/api/v1/evaluations/")
    if user is None:
        assert detail.status_code in (401, 403)
        return
    page_client = Client()
    page_client.force_login(user)
    page = page_client.get(f"/performance/evaluations/{evaluation.pk}/")
    if role in ("secretariat", "fp_own"):
        assert detail.status_code == 200
        assert [s["score"] for s in detail.json()["scores"]] == [4, 3, 2]
        assert listing.json()["count"] == 1
        assert page.status_code == 200 and "BGDBAT" in page.content.decode()
    else:
        missing = client.get("/api/v1/evaluations/999999/")
        assert detail.status_code == missing.status_code == 404
        assert detail.json() == missing.json()
        assert listing.json()["count"] == 0
        page_missing = page_client.get("/performance/evaluations/0/")
        assert page.status_code == 404
        assert unmasked(page.content) == unmasked(page_missing.content)
        listing_page = page_client.get("/performance/").content.decode()
        assert "BGDBAT" not in listing_page and "fewer than 3 States" in listing_page


@pytest.mark.parametrize("role", ["fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_records_an_evaluation(
    role: str,
    people: dict[str, User | None],
    standards: list[PerformanceStandard],
    api: Callable[..., Any],
    minusca: Any,
) -> None:
    before = db_state()
    response = api(people[role]).post(
        "/api/v1/evaluations/",
        {
            "member_state": "BGD",
            "mission": "MINUSCA",
            "capability_type": "infantry-battalion",
            "kind": "military_unit",
            "unit_designation": "BANBAT-1",
            "evaluated_on": "2026-05-01",
            "evaluator_role": "force_commander",
            "evaluator_name": "FC",
            "scores": [{"standard": standards[0].pk, "score": 3}],
        },
    )
    assert response.status_code == 403
    assert db_state() == before


def test_a_score_outside_the_scale_is_refused_naming_the_standard(
    secretariat: User,
    standards: list[PerformanceStandard],
    api: Callable[..., Any],
    make_state: Any,
    minusca: Any,
) -> None:
    make_state("BGD")
    before = db_state()
    response = api(secretariat).post(
        "/api/v1/evaluations/",
        {
            "member_state": "BGD",
            "mission": "MINUSCA",
            "capability_type": "infantry-battalion",
            "kind": "military_unit",
            "unit_designation": "BANBAT-1",
            "evaluated_on": "2026-05-01",
            "evaluator_role": "force_commander",
            "evaluator_name": "FC",
            "scale_min": 1,
            "scale_max": 4,
            "scores": [
                {"standard": standards[0].pk, "score": 3},
                {"standard": standards[1].pk, "score": 5},
            ],
        },
    )
    assert response.status_code == 400
    message = response.json()["errors"]["scores"][0]
    assert "Secure the company operating base: score 5 is outside the scale 1-4" in message
    assert db_state() == before


def test_a_score_under_the_scale_is_refused(evaluate: Callable[..., UnitEvaluation]) -> None:
    before = db_state()
    with pytest.raises(ValidationError, match="outside the scale"):
        evaluate("BGD", (0, 3, 3))
    assert db_state() == before


def test_standards_are_editable_data(secretariat: User, standards: Any, infantry: Any) -> None:
    from pcrs.performance.services import standard_set

    standard_set(
        actor=secretariat,
        capability_type=infantry,
        category="Protection of civilians",
        task="Conduct long-range patrols",
        is_active=False,
    )
    assert not PerformanceStandard.objects.get(pk=standards[0].pk).is_active
    assert AuditEvent.objects.filter(action="performance_standard.set").count() == 1


def test_observers_see_the_mean_only_once_three_states_are_evaluated(
    evaluate: Callable[..., UnitEvaluation], observer: User, secretariat: User
) -> None:
    evaluate("BGD", (4, 4, 4))
    evaluate("KAZ", (1, 1, 1))
    assert selectors.evaluation_aggregates(user=observer)[0].mean_score is None
    assert selectors.evaluation_aggregates(user=secretariat)[0].mean_score == 0.5
    evaluate("NPL", (4, 4, 4), evaluated_on=dt.date(2026, 6, 2))
    shown = selectors.evaluation_aggregates(user=observer)[0]
    assert (shown.evaluations, shown.mean_score) == (3, 0.67)


@pytest.mark.parametrize("role", ["secretariat", "fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_adds_a_standard(
    role: str, people: dict[str, User | None], infantry: Any
) -> None:
    user = people[role]
    assert user is not None
    client = Client()
    client.force_login(user)
    before = (list(PerformanceStandard.objects.values()), AuditEvent.objects.count())
    response = client.post(
        "/performance/standards/",
        {"capability_type": "infantry-battalion", "category": "Mobility", "task": "Move 50 km"},
    )
    if role == "secretariat":
        assert response.status_code == 302
        assert PerformanceStandard.objects.filter(task="Move 50 km", is_active=False).exists()
    else:
        assert response.status_code == 403
        assert (list(PerformanceStandard.objects.values()), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999999"])
def test_odd_ids_are_the_same_404(pk: str, secretariat: User, api: Callable[..., Any]) -> None:
    for url in (
        f"/api/v1/evaluations/{pk}/",
        f"/api/v1/training-centres/{pk}/",
        f"/api/v1/course-recognitions/{pk}/",
    ):
        assert api(secretariat).get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/evaluations/", {}),
        ("/api/v1/evaluations/", {"scores": "many"}),
        ("/api/v1/evaluations/", {"scores": [{"standard": 10**30, "score": 2}]}),
        ("/api/v1/evaluations/", {"member_state": "ZZZ", "scale_min": 5, "scale_max": 1}),
        ("/api/v1/training-centres/", {"member_state": "BGD", "established_on": "yesterday"}),
        ("/api/v1/training-centres/", []),
        ("/api/v1/course-recognitions/", {"course": 10**30, "recognised_on": "2024-01-01"}),
        ("/api/v1/course-recognitions/", {"course": 1, "recognised_on": "2024-13-01"}),
    ],
)
def test_odd_bodies_get_a_400_naming_the_problem(
    url: str, body: Any, secretariat: User, api: Callable[..., Any]
) -> None:
    before = AuditEvent.objects.count()
    response = api(secretariat).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert AuditEvent.objects.count() == before
