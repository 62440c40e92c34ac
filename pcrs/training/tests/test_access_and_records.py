"""Who sees centres and recognitions (pages and API), deliveries, pledge training and the
path to regional status."""

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
from pcrs.training.models import (
    Course,
    CourseDelivery,
    CourseKind,
    PledgeTraining,
    RegionalCriterion,
    TrainingCentre,
)
from pcrs.training.selectors import pledge_training_summary
from pcrs.training.services import (
    TraineeInput,
    centre_status_set,
    criterion_set,
    delivery_record,
    pledge_training_record,
    recognition_grant,
)

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "secretariat", "fp_own", "fp_other", "observer", "planner"]
SEES = {"secretariat", "fp_own"}


def unmasked(body: bytes) -> str:
    text = re.sub(r'X-CSRFToken": "[^"]+"', "", body.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.fixture
def recognised(course: Course, secretariat: User) -> Any:
    return recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2024, 2, 1))


@pytest.mark.parametrize("role", ROLES)
def test_centre_and_recognition_visible_to_own_state_and_secretariat_only(
    role: str, people: dict[str, User], recognised: Any, api: Callable[..., Any]
) -> None:
    user = people[role]
    client = api(user)
    centre = recognised.course.centre
    detail = client.get(f"/api/v1/training-centres/{centre.pk}/")
    rec = client.get(f"/api/v1/course-recognitions/{recognised.pk}/")
    listing = client.get("/api/v1/course-recognitions/")
    if role == "anonymous":
        assert detail.status_code in (401, 403)
        return
    if role in SEES:
        assert detail.status_code == 200 and detail.json()["acronym"] == "KAZCENT"
        assert rec.json()["valid_until"] == "2028-01-31"
        assert listing.json()["count"] == 1
    else:
        missing = client.get("/api/v1/training-centres/999999/")
        assert detail.status_code == missing.status_code == 404
        assert detail.json() == missing.json()
        assert rec.status_code == 404
        assert listing.json()["count"] == 0


@pytest.mark.parametrize("role", ["fp_other", "observer", "planner"])
def test_centre_page_is_the_same_404_as_a_missing_one(
    role: str, people: dict[str, User], recognised: Any
) -> None:
    client = Client()
    client.force_login(people[role])
    pk = recognised.course.centre.pk
    # A missing id of the same length, so that the two pages can be compared byte for byte
    # (database sequences are not reset between tests on PostgreSQL).
    digits = len(str(pk))
    absent = next(
        n
        for n in range(10 ** (digits - 1), 10**digits)
        if not TrainingCentre.objects.filter(pk=n).exists()
    )
    other = client.get(f"/training/centres/{pk}/")
    missing = client.get(f"/training/centres/{absent}/")
    assert other.status_code == missing.status_code == 404
    assert unmasked(other.content) == unmasked(missing.content)
    listing = client.get("/training/").content.decode()
    assert "KAZCENT" not in listing and "fewer than 3 States" in listing


@pytest.mark.parametrize("role", ["fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_grants_recognition_through_the_api(
    role: str, people: dict[str, User], course: Course, api: Callable[..., Any]
) -> None:
    before = AuditEvent.objects.count()
    response = api(people[role]).post(
        "/api/v1/course-recognitions/", {"course": course.pk, "recognised_on": "2024-01-01"}
    )
    assert response.status_code in (400, 403)
    assert course.recognitions.count() == 0 and AuditEvent.objects.count() == before


def test_the_api_names_the_date_before_the_centre_existed(
    secretariat: User, course: Course, api: Callable[..., Any]
) -> None:
    before = AuditEvent.objects.count()
    response = api(secretariat).post(
        "/api/v1/course-recognitions/", {"course": course.pk, "recognised_on": "2001-01-01"}
    )
    assert response.status_code == 400
    assert "before KAZCENT existed" in response.json()["errors"]["recognised_on"][0]
    assert course.recognitions.count() == 0 and AuditEvent.objects.count() == before
    renewal = api(secretariat).post(
        "/api/v1/course-recognitions/", {"course": course.pk, "recognised_on": "2024-01-01"}
    )
    assert renewal.status_code == 201


@pytest.fixture
def delivery(recognised: Any, fp_kaz: User, make_state: Callable[[str], Any]) -> CourseDelivery:
    return delivery_record(
        actor=fp_kaz,
        course=recognised.course,
        starts_on=dt.date(2024, 9, 2),
        ends_on=dt.date(2024, 9, 27),
        trainees=[
            TraineeInput(make_state("KAZ"), men=20, women=6),
            TraineeInput(make_state("BGD"), men=8, women=2),
            TraineeInput(make_state("NPL"), men=4, women=1),
        ],
    )


def test_a_pledge_records_recognised_training_up_to_its_states_trainees(
    delivery: CourseDelivery, make_pledge: Callable[..., Any], fp_kaz: User
) -> None:
    pledge = make_pledge("KAZ", personnel=120, women=10)
    pledge_training_record(actor=fp_kaz, pledge=pledge, delivery=delivery, personnel=26)
    assert pledge_training_summary(pledge=pledge).trained == 26
    before = (list(PledgeTraining.objects.values()), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        pledge_training_record(actor=fp_kaz, pledge=pledge, delivery=delivery, personnel=27)
    assert "26 trainees" in exc.value.message_dict["personnel"][0]
    assert (list(PledgeTraining.objects.values()), AuditEvent.objects.count()) == before


def test_an_unrecognised_course_does_not_count(
    kazcent: TrainingCentre, fp_kaz: User, make_pledge: Callable[..., Any], make_state: Any
) -> None:
    course = Course.objects.create(
        centre=kazcent, title="Protection of civilians", kind=CourseKind.SPECIALIZED
    )
    d = delivery_record(
        actor=fp_kaz,
        course=course,
        starts_on=dt.date(2024, 1, 8),
        ends_on=dt.date(2024, 1, 19),
        trainees=[TraineeInput(make_state("KAZ"), men=10, women=2)],
    )
    with pytest.raises(ValidationError, match="held no UN recognition"):
        pledge_training_record(actor=fp_kaz, pledge=make_pledge("KAZ"), delivery=d, personnel=5)


def test_another_state_cannot_record_a_delivery_at_kazcent(
    recognised: Any, fp_bgd: User, make_state: Callable[[str], Any]
) -> None:
    from pcrs.training.services import NotPermitted

    with pytest.raises(NotPermitted):
        delivery_record(
            actor=fp_bgd,
            course=recognised.course,
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2024, 1, 5),
            trainees=[TraineeInput(make_state("BGD"), 1, 1)],
        )
    assert CourseDelivery.objects.count() == 0


def test_the_path_to_regional_status_follows_the_editable_criteria(
    delivery: CourseDelivery, secretariat: User
) -> None:
    centre = delivery.course.centre
    today = dt.date(2025, 1, 15)
    # One recognised course (needs 2), 2 other States (needs 3), 15 regional trainees (30),
    # 1 delivery (4): refused, each shortfall named, nothing changed.
    with pytest.raises(ValidationError) as exc:
        centre_status_set(actor=secretariat, centre=centre, status="regional", today=today)
    message = exc.value.message_dict["status"][0]
    assert "Other States that sent trainees (last 3 years): 2 of 3" in message
    centre.refresh_from_db()
    assert centre.status == "national"
    for c in RegionalCriterion.objects.all():
        criterion_set(actor=secretariat, criterion=c, threshold=1, is_active=True, source="test")
    centre_status_set(actor=secretariat, centre=centre, status="regional", today=today)
    centre.refresh_from_db()
    assert centre.status == "regional"


def test_the_pledge_training_page_is_the_pledging_states(
    delivery: CourseDelivery, make_pledge: Callable[..., Any], fp_kaz: User, fp_bgd: User
) -> None:
    pledge = make_pledge("KAZ", personnel=120, women=10)
    pledge_training_record(actor=fp_kaz, pledge=pledge, delivery=delivery, personnel=20)
    own, other = Client(), Client()
    own.force_login(fp_kaz)
    other.force_login(fp_bgd)
    page = own.get(f"/training/pledges/{pledge.pk}/")
    assert "20 of 120 personnel" in page.content.decode()
    assert other.get(f"/training/pledges/{pledge.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "fp_own", "fp_other", "observer", "planner"])
def test_only_the_secretariat_edits_the_criteria_page(role: str, people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people[role])
    before = (list(RegionalCriterion.objects.values()), AuditEvent.objects.count())
    response = client.post(
        "/training/criteria/", {"metric": "deliveries", "threshold": "6", "is_active": "on"}
    )
    criterion = RegionalCriterion.objects.get(metric="deliveries")
    if role == "secretariat":
        assert response.status_code == 302 and criterion.threshold == 6
    else:
        assert response.status_code == 403
        assert (list(RegionalCriterion.objects.values()), AuditEvent.objects.count()) == before


def test_a_negative_threshold_is_named_and_nothing_changes(secretariat: User) -> None:
    client = Client()
    client.force_login(secretariat)
    before = (list(RegionalCriterion.objects.values()), AuditEvent.objects.count())
    response = client.post("/training/criteria/", {"metric": "deliveries", "threshold": "-1"})
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert (list(RegionalCriterion.objects.values()), AuditEvent.objects.count()) == before
