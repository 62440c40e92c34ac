"""Recording a course delivery and a pledge's training from the pages and the API: the
rights of the services, one 404 for another State's records, bad input named and nothing
changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.training.models import (
    Course,
    CourseDelivery,
    DeliveryTrainees,
    PledgeTraining,
    TrainingCentre,
)
from pcrs.training.services import TraineeInput, delivery_record, recognition_grant

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        CourseDelivery.objects.count(),
        DeliveryTrainees.objects.count(),
        PledgeTraining.objects.count(),
        AuditEvent.objects.count(),
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def recognised_course(course: Course, secretariat: User) -> Course:
    recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2024, 2, 1))
    return course


@pytest.fixture
def delivery(
    recognised_course: Course, fp_kaz: User, make_state: Callable[[str], Any]
) -> CourseDelivery:
    return delivery_record(
        actor=fp_kaz,
        course=recognised_course,
        starts_on=dt.date(2024, 9, 2),
        ends_on=dt.date(2024, 9, 27),
        trainees=[
            TraineeInput(make_state("KAZ"), men=20, women=6),
            TraineeInput(make_state("BGD"), men=8, women=2),
        ],
    )


def test_the_centres_state_records_a_delivery_with_regional_participants_on_the_page(
    recognised_course: Course, fp_kaz: User, make_state: Callable[[str], Any]
) -> None:
    make_state("NPL")
    centre = recognised_course.centre
    response = logged_in(fp_kaz).post(
        f"/training/centres/{centre.pk}/deliveries/new/",
        {
            "course": recognised_course.pk,
            "starts_on": "2025-03-03",
            "ends_on": "2025-03-28",
            "trainees": "KAZ 20 5\nnpl 3 1\n",
        },
    )
    assert response.status_code == 302
    delivery = CourseDelivery.objects.get()
    assert sorted((t.member_state.iso3, t.men, t.women) for t in delivery.trainees.all()) == [
        ("KAZ", 20, 5),
        ("NPL", 3, 1),
    ]
    assert AuditEvent.objects.filter(action="course_delivery.record").count() == 1
    page = logged_in(fp_kaz).get(f"/training/centres/{centre.pk}/").content.decode()
    assert "NPL 3/1 (regional)" in page


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"ends_on": "2025-02-01"}, "ends_on", "before it starts"),
        ({"starts_on": "1999-01-04", "ends_on": "1999-01-20"}, "starts_on", "before KAZCENT"),
        ({"trainees": "KAZ twenty 5"}, "trainees", "Line 1"),
        ({"trainees": "XXX 2 1"}, "trainees", "XXX is not a Member State"),
        ({"trainees": "KAZ 0 0"}, "trainees", "at least one trainee"),
    ],
)
def test_a_bad_delivery_names_the_field_and_changes_nothing(
    recognised_course: Course, fp_kaz: User, data: dict[str, str], field: str, text: str
) -> None:
    before = counts()
    form = {
        "course": recognised_course.pk,
        "starts_on": "2025-03-03",
        "ends_on": "2025-03-28",
        "trainees": "KAZ 20 5",
    } | data
    response = logged_in(fp_kaz).post(
        f"/training/centres/{recognised_course.centre.pk}/deliveries/new/", form
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body and text in body
    assert f'href="#id_{field}"' in body
    assert counts() == before


def test_another_state_gets_the_same_404_on_the_delivery_page_and_endpoint(
    recognised_course: Course, fp_bgd: User, api: Callable[..., Any]
) -> None:
    before = counts()
    centre = recognised_course.centre
    page = logged_in(fp_bgd).post(f"/training/centres/{centre.pk}/deliveries/new/", {})
    missing = logged_in(fp_bgd).post("/training/centres/999999/deliveries/new/", {})
    assert page.status_code == missing.status_code == 404
    body = {"course": recognised_course.pk, "starts_on": "2025-03-03", "ends_on": "2025-03-28",
            "trainees": [{"member_state": "BGD", "men": 3, "women": 1}]}  # fmt: skip
    theirs = api(fp_bgd).post(f"/api/v1/training-centres/{centre.pk}/deliveries/", body, "json")
    nobody = api(fp_bgd).post("/api/v1/training-centres/999999/deliveries/", body, "json")
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json() == nobody.json()
    assert counts() == before


def test_an_observer_may_not_record_a_delivery(
    recognised_course: Course, observer: User, secretariat: User, api: Callable[..., Any]
) -> None:
    # The observer sees no centre at all (404); the Secretariat sees and records.
    centre = recognised_course.centre
    body = {"course": recognised_course.pk, "starts_on": "2025-03-03", "ends_on": "2025-03-28",
            "trainees": [{"member_state": "KAZ", "men": 3, "women": 1}]}  # fmt: skip
    url = f"/api/v1/training-centres/{centre.pk}/deliveries/"
    assert api(observer).post(url, body, "json").status_code == 404
    created = api(secretariat).post(url, body, "json")
    assert created.status_code == 201
    assert created.json()["trainees"] == [{"member_state": "KAZ", "men": 3, "women": 1}]


def test_the_delivery_api_names_the_field_and_changes_nothing(
    recognised_course: Course, fp_kaz: User, make_state: Callable[[str], Any], api: Callable
) -> None:
    other = Course.objects.create(
        centre=TrainingCentre.objects.create(
            member_state=make_state("BGD"), name="BIPSOT", acronym="BIPSOT",
            established_on=dt.date(2002, 1, 1),
        ),
        title="Other", kind="other",
    )  # fmt: skip
    url = f"/api/v1/training-centres/{recognised_course.centre.pk}/deliveries/"
    good: dict[str, Any] = {
        "course": recognised_course.pk,
        "starts_on": "2025-03-03",
        "ends_on": "2025-03-28",
        "trainees": [{"member_state": "KAZ", "men": 3, "women": 1}],
    }
    before = counts()
    changes: list[tuple[dict[str, Any], str]] = [
        ({"ends_on": "2025-01-01"}, "ends_on"),
        ({"course": other.pk}, "course"),
        ({"trainees": [{"member_state": "KAZ", "men": -1, "women": 1}]}, "trainees"),
    ]
    for change, field in changes:
        response = api(fp_kaz).post(url, good | change, "json")
        assert response.status_code == 400, change
        assert field in response.json()["errors"], response.json()
    assert counts() == before


def test_the_pledging_state_records_its_training_on_the_page(
    delivery: CourseDelivery, make_pledge: Callable[..., Any], fp_kaz: User
) -> None:
    pledge = make_pledge("KAZ", personnel=120, women=10)
    client = logged_in(fp_kaz)
    assert "Record the training" in client.get(f"/training/pledges/{pledge.pk}/").content.decode()
    response = client.post(
        f"/training/pledges/{pledge.pk}/", {"delivery": delivery.pk, "personnel": 24}
    )
    assert response.status_code == 302
    assert PledgeTraining.objects.get(pledge=pledge).personnel == 24
    page = client.get(f"/training/pledges/{pledge.pk}/").content.decode()
    assert "24 of 120 personnel" in page


def test_more_than_the_states_trainees_is_named_and_changes_nothing(
    delivery: CourseDelivery, make_pledge: Callable[..., Any], fp_kaz: User, api: Callable
) -> None:
    pledge = make_pledge("KAZ", personnel=120, women=10)
    before = counts()
    page = logged_in(fp_kaz).post(
        f"/training/pledges/{pledge.pk}/", {"delivery": delivery.pk, "personnel": 27}
    )
    assert page.status_code == 400
    assert "more than the 26 trainees" in page.content.decode()
    assert 'href="#id_personnel"' in page.content.decode()
    response = api(fp_kaz).post(
        "/api/v1/pledge-trainings/",
        {"pledge": str(pledge.pk), "delivery": delivery.pk, "personnel": 27},
        "json",
    )
    assert response.status_code == 400
    assert "26 trainees" in response.json()["errors"]["personnel"][0]
    assert counts() == before


def test_pledge_training_api_rights_follow_the_service(
    delivery: CourseDelivery,
    make_pledge: Callable[..., Any],
    fp_kaz: User,
    fp_bgd: User,
    observer: User,
    secretariat: User,
    api: Callable[..., Any],
) -> None:
    pledge = make_pledge("KAZ", personnel=120, women=10)
    body = {"pledge": str(pledge.pk), "delivery": delivery.pk, "personnel": 5}
    before = counts()
    other = api(fp_bgd).post("/api/v1/pledge-trainings/", body, "json")
    missing = api(fp_bgd).post(
        "/api/v1/pledge-trainings/",
        body | {"pledge": "00000000-0000-0000-0000-000000000000"},
        "json",
    )
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert logged_in(fp_bgd).post(f"/training/pledges/{pledge.pk}/", body).status_code == 404
    assert api(None).post("/api/v1/pledge-trainings/", body, "json").status_code in (401, 403)
    assert counts() == before
    assert api(fp_kaz).post("/api/v1/pledge-trainings/", body, "json").status_code == 201
    again = api(secretariat).post("/api/v1/pledge-trainings/", body | {"personnel": 6}, "json")
    assert again.status_code == 201 and again.json()["personnel"] == 6
