"""UN course recognition: validity from dated data, renewal reminder, expiry by the sweep,
renewal; bad input names the field and changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.training.models import Course, CourseRecognition, RecognitionPolicy
from pcrs.training.services import NotPermitted, recognition_grant, recognition_renew
from pcrs.training.tasks import training_sweep_task

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[Any, ...]:
    return (
        list(CourseRecognition.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_a_recognition_is_valid_four_years_from_the_policy_in_force(
    course: Course, secretariat: User
) -> None:
    r = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2024, 3, 15))
    assert r.valid_until == dt.date(2028, 3, 14)
    assert AuditEvent.objects.filter(action="course_recognition.grant").count() == 1


def test_a_changed_policy_applies_to_recognitions_from_its_date(
    course: Course, secretariat: User
) -> None:
    RecognitionPolicy.objects.create(
        effective_from=dt.date(2026, 1, 1), validity_years=5, source="new SOP"
    )
    old = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2025, 6, 1))
    new = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2026, 6, 1))
    assert (old.valid_until, new.valid_until) == (dt.date(2029, 5, 31), dt.date(2031, 5, 31))


def test_a_recognition_dated_before_the_centre_existed_is_refused(
    course: Course, secretariat: User
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2005, 1, 1))
    assert "before KAZCENT existed (established 2006-05-01)" in str(exc.value.message_dict)
    assert snapshot() == before


def test_a_focal_point_cannot_recognise_its_own_course(course: Course, fp_kaz: User) -> None:
    before = snapshot()
    with pytest.raises(NotPermitted):
        recognition_grant(actor=fp_kaz, course=course, recognised_on=dt.date(2024, 1, 1))
    assert snapshot() == before


def test_the_sweep_reminds_then_expires_and_is_idempotent(
    course: Course, secretariat: User
) -> None:
    r = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2020, 1, 10))
    assert r.valid_until == dt.date(2024, 1, 9)
    # 180 days before the end: renewal due, reminded once.
    out = StringIO()
    call_command("training_sweep", "--today", "2023-07-13", stdout=out)
    r.refresh_from_db()
    assert (r.status, r.reminder_sent_on) == ("renewal_due", dt.date(2023, 7, 13))
    assert "renewal due" in out.getvalue()
    again = snapshot()
    call_command("training_sweep", "--today", "2023-07-14", stdout=StringIO())
    assert snapshot() == again
    # The day after its last valid day, the task expires it.
    training_sweep_task.enqueue("2024-01-10")
    r.refresh_from_db()
    assert r.status == "expired"
    assert AuditEvent.objects.filter(action="course_recognition.expire").count() == 1


def test_the_reminder_mails_the_states_focal_points_once(
    course: Course,
    secretariat: User,
    fp_kaz: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    fp_kaz.email = "fp@kaz.example"
    fp_kaz.save()
    recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2020, 1, 10))
    for day in ("2023-08-01", "2023-08-02"):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("training_sweep", "--today", day, stdout=StringIO())
    assert [m.to for m in mailoutbox] == [["fp@kaz.example"]]
    assert "valid until 2024-01-09" in mailoutbox[0].body


def test_the_day_before_the_window_sends_no_reminder(course: Course, secretariat: User) -> None:
    r = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2020, 1, 10))
    call_command("training_sweep", "--today", "2023-07-12", stdout=StringIO())
    r.refresh_from_db()
    assert r.status == "valid" and r.reminder_sent_on is None


def test_renewal_supersedes_the_old_certificate_and_the_sweep_leaves_it(
    course: Course, secretariat: User
) -> None:
    r = recognition_grant(actor=secretariat, course=course, recognised_on=dt.date(2020, 1, 10))
    renewal = recognition_renew(
        actor=secretariat, recognition=r, recognised_on=dt.date(2023, 12, 1)
    )
    r.refresh_from_db()
    assert r.status == "renewed" and renewal.renews == r
    assert renewal.valid_until == dt.date(2027, 11, 30)
    call_command("training_sweep", "--today", "2024-02-01", stdout=StringIO())
    r.refresh_from_db()
    renewal.refresh_from_db()
    assert (r.status, renewal.status) == ("renewed", "valid")
    before = snapshot()
    with pytest.raises(ValidationError):
        recognition_renew(actor=secretariat, recognition=r, recognised_on=dt.date(2024, 3, 1))
    assert snapshot() == before


def test_the_command_names_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("training_sweep", "--today", "tomorrow")


def test_the_demo_gives_kazcent_recognised_courses_over_several_states(
    secretariat: User, make_state: Any
) -> None:
    import pycountry

    from pcrs.memberstates.models import MemberState
    from pcrs.training.demo import CENTRES, training_load_demo
    from pcrs.training.models import TrainingCentre

    codes = {c[0] for c in CENTRES} | {g for c in CENTRES for g in c[5]}
    for code in codes:
        country = pycountry.countries.get(alpha_3=code)
        assert country is not None
        MemberState.objects.get_or_create(
            iso3=code,
            defaults={
                "iso2": country.alpha_2,
                "m49": country.numeric,
                "name": country.name,
                "region": "Test",
                "subregion": "Test",
            },
        )
    today = dt.date(2026, 12, 1)
    training_load_demo(stdout=StringIO(), today=today)
    training_load_demo(stdout=StringIO(), today=today)  # idempotent
    kazcent = TrainingCentre.objects.get(acronym="KAZCENT")
    current = CourseRecognition.objects.filter(course__centre=kazcent, valid_until__gte=today)
    assert current.count() == 2
    assert TrainingCentre.objects.values("member_state").distinct().count() == 5
