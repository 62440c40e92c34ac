"""Every write of the training domain: keyword-only, atomic, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pcrs.accounts.models import User
from pcrs.core.audit import audit_record
from pcrs.core.dates import add_months
from pcrs.core.errors import DomainError
from pcrs.memberstates.models import MemberState
from pcrs.registry.models import Pledge
from pcrs.training import notify, permissions
from pcrs.training.models import (
    CURRENT_STATUSES,
    Course,
    CourseDelivery,
    CourseRecognition,
    DeliveryTrainees,
    PledgeTraining,
    RecognitionPolicy,
    RecognitionStatus,
    RegionalCriterion,
    TrainingCentre,
)


class NotPermitted(DomainError):
    """The actor's role may not make this write (the edge answers 403)."""


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotPermitted(message)


def policy_on(day: dt.date) -> RecognitionPolicy:
    policy = (
        RecognitionPolicy.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    if policy is None:
        raise ValidationError(
            {"recognised_on": _("No recognition validity is in force on %(day)s.") % {"day": day}}
        )
    return policy


@transaction.atomic
def centre_create(
    *,
    actor: User,
    member_state: MemberState,
    name: str,
    acronym: str,
    established_on: dt.date,
    status: str = "national",
    is_synthetic: bool = False,
    source_note: str = "",
) -> TrainingCentre:
    _ensure(
        permissions.may_record_for_state(actor, member_state.pk),
        _("Only the Secretariat or the State's focal point can register its training centre."),
    )
    centre = TrainingCentre(
        member_state=member_state,
        name=name.strip(),
        acronym=acronym.strip().upper(),
        established_on=established_on,
        status=status,
        is_synthetic=is_synthetic,
        source_note=source_note,
    )
    centre.full_clean()
    centre.save()
    audit_record(actor=actor, action="training_centre.create", target=centre)
    return centre


@transaction.atomic
def course_create(*, actor: User, centre: TrainingCentre, title: str, kind: str) -> Course:
    _ensure(
        permissions.may_record_for_state(actor, centre.member_state_id),
        _("Only the Secretariat or the centre's State can add its courses."),
    )
    course = Course(centre=centre, title=title.strip(), kind=kind)
    course.full_clean()
    course.save()
    audit_record(actor=actor, action="course.create", target=course)
    return course


def _check_recognition_date(course: Course, recognised_on: dt.date) -> None:
    established = course.centre.established_on
    if recognised_on < established:
        raise ValidationError(
            {
                "recognised_on": (
                    f"{recognised_on} is before {course.centre.acronym} existed "
                    f"(established {established})."
                )
            }
        )


@transaction.atomic
def recognition_grant(
    *,
    actor: User,
    course: Course,
    recognised_on: dt.date,
    reference: str = "",
    renews: CourseRecognition | None = None,
) -> CourseRecognition:
    """Record a UN recognition of `course`; its validity comes from the policy in force."""
    _ensure(
        permissions.may_grant_recognition(actor),
        _("Only the Secretariat can record a UN course recognition."),
    )
    _check_recognition_date(course, recognised_on)
    policy = policy_on(recognised_on)
    recognition = CourseRecognition(
        course=course,
        recognised_on=recognised_on,
        valid_until=add_months(recognised_on, 12 * policy.validity_years) - dt.timedelta(days=1),
        reference=reference.strip(),
        renews=renews,
        granted_by=actor if actor.pk else None,
    )
    recognition.full_clean()
    recognition.save()
    audit_record(
        actor=actor,
        action="course_recognition.renew" if renews else "course_recognition.grant",
        target=recognition,
        changes=[{"field": "valid_until", "old": None, "new": recognition.valid_until.isoformat()}],
    )
    return recognition


@transaction.atomic
def recognition_renew(
    *, actor: User, recognition: CourseRecognition, recognised_on: dt.date, reference: str = ""
) -> CourseRecognition:
    """Renew a recognition: a new certificate from `recognised_on`; the old one is superseded."""
    _ensure(
        permissions.may_grant_recognition(actor),
        _("Only the Secretariat can renew a UN course recognition."),
    )
    current = CourseRecognition.objects.select_for_update().get(pk=recognition.pk)
    if current.status == RecognitionStatus.RENEWED:
        raise ValidationError({"recognition": _("This recognition has already been renewed.")})
    if recognised_on < current.recognised_on:
        raise ValidationError(
            {
                "recognised_on": f"A renewal cannot precede the recognition it renews "
                f"({current.recognised_on})."
            }
        )
    renewal = recognition_grant(
        actor=actor,
        course=current.course,
        recognised_on=recognised_on,
        reference=reference,
        renews=current,
    )
    old = current.status
    current.status = RecognitionStatus.RENEWED
    current.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="course_recognition.superseded",
        target=current,
        changes=[{"field": "status", "old": old, "new": current.status}],
    )
    return renewal


def recognitions_sweep(*, today: dt.date) -> list[str]:
    """Send renewal reminders and expire lapsed recognitions. Idempotent: a second run on the
    same day changes nothing. Returns one line per change."""
    changes: list[str] = []
    with transaction.atomic():
        current = CourseRecognition.objects.select_for_update().filter(status__in=CURRENT_STATUSES)
        for recognition in current.select_related("course__centre"):
            if recognition.valid_until < today:
                old = recognition.status
                recognition.status = RecognitionStatus.EXPIRED
                recognition.save(update_fields=["status"])
                audit_record(
                    actor=None,
                    action="course_recognition.expire",
                    target=recognition,
                    changes=[{"field": "status", "old": old, "new": recognition.status}],
                )
                changes.append(f"expired: {recognition}")
                continue
            reminder_from = recognition.valid_until - dt.timedelta(
                days=policy_on(recognition.recognised_on).reminder_days
            )
            if recognition.status == RecognitionStatus.VALID and today >= reminder_from:
                recognition.status = RecognitionStatus.RENEWAL_DUE
                recognition.reminder_sent_on = today
                recognition.save(update_fields=["status", "reminder_sent_on"])
                audit_record(
                    actor=None,
                    action="course_recognition.reminder",
                    target=recognition,
                    changes=[{"field": "status", "old": "valid", "new": recognition.status}],
                    note=f"valid until {recognition.valid_until}: renewal due",
                )
                notify.renewal_reminder(recognition)
                changes.append(f"renewal due: {recognition}")
    return changes


@dataclass(frozen=True)
class TraineeInput:
    member_state: MemberState
    men: int
    women: int


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    course: Course,
    starts_on: dt.date,
    ends_on: dt.date,
    trainees: Iterable[TraineeInput],
    is_synthetic: bool = False,
) -> CourseDelivery:
    _ensure(
        permissions.may_record_for_state(actor, course.centre.member_state_id),
        _("Only the Secretariat or the centre's State can record its course deliveries."),
    )
    rows = list(trainees)
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The course ends (%(on)s) before it starts (%(on2)s).") % {
            "on": ends_on,
            "on2": starts_on,
        }
    if starts_on < course.centre.established_on:
        errors["starts_on"] = (
            f"{starts_on} is before {course.centre.acronym} existed "
            f"(established {course.centre.established_on})."
        )
    seen = [r.member_state.pk for r in rows]
    if len(seen) != len(set(seen)):
        errors["trainees"] = _("A State appears twice among the trainees.")
    if not rows or not any(r.men + r.women for r in rows):
        errors["trainees"] = _("A delivery needs at least one trainee.")
    if errors:
        raise ValidationError(errors)
    delivery = CourseDelivery(
        course=course, starts_on=starts_on, ends_on=ends_on, is_synthetic=is_synthetic
    )
    delivery.full_clean()
    delivery.save()
    lines = [
        DeliveryTrainees(delivery=delivery, member_state=r.member_state, men=r.men, women=r.women)
        for r in rows
    ]
    for line in lines:
        line.full_clean(exclude=["delivery"])
    DeliveryTrainees.objects.bulk_create(lines)
    audit_record(
        actor=actor,
        action="course_delivery.record",
        target=delivery,
        changes=[{"field": "trainees", "old": None, "new": sum(r.men + r.women for r in rows)}],
    )
    return delivery


def recognition_in_force(course: Course, day: dt.date) -> CourseRecognition | None:
    """The recognition (any status but a later expiry) whose validity covers `day`."""
    return (
        CourseRecognition.objects.filter(
            course=course, recognised_on__lte=day, valid_until__gte=day
        )
        .order_by("-recognised_on")
        .first()
    )


@transaction.atomic
def pledge_training_record(
    *, actor: User, pledge: Pledge, delivery: CourseDelivery, personnel: int
) -> PledgeTraining:
    """Record that `personnel` of the pledge's people completed `delivery`, a recognised
    pre-deployment course."""
    _ensure(
        permissions.may_record_for_state(actor, pledge.member_state_id),
        _("Only the Secretariat or the pledging State can record its pledge's training."),
    )
    errors: dict[str, str] = {}
    course = delivery.course
    if not course.is_pre_deployment:
        errors["delivery"] = _("%(title)s is not a pre-deployment course.") % {
            "title": course.title
        }
    elif recognition_in_force(course, delivery.starts_on) is None:
        errors["delivery"] = (
            f"{course} held no UN recognition when this delivery began ({delivery.starts_on})."
        )
    trained = (
        DeliveryTrainees.objects.filter(delivery=delivery, member_state_id=pledge.member_state_id)
        .values_list("men", "women")
        .first()
    )
    available = sum(trained) if trained else 0
    if personnel < 1:
        errors["personnel"] = _("Record at least one trained person.")
    elif personnel > pledge.personnel:
        errors["personnel"] = _(
            "%(personnel)s is more than the pledge's %(personnel2)s personnel."
        ) % {"personnel": personnel, "personnel2": pledge.personnel}
    elif personnel > available:
        errors["personnel"] = (
            f"{personnel} is more than the {available} trainees the pledging State sent "
            "to this delivery."
        )
    if errors:
        raise ValidationError(errors)
    record, created = PledgeTraining.objects.get_or_create(
        pledge=pledge, delivery=delivery, defaults={"personnel": personnel}
    )
    old = None if created else record.personnel
    record.personnel = personnel
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="pledge_training.record",
        target=record,
        changes=[{"field": "personnel", "old": old, "new": personnel}],
    )
    return record


@transaction.atomic
def criterion_set(
    *, actor: User, criterion: RegionalCriterion, threshold: int, is_active: bool, source: str
) -> RegionalCriterion:
    _ensure(
        permissions.may_edit_criteria(actor),
        _("Only the Secretariat can change the criteria for regional status."),
    )
    locked = RegionalCriterion.objects.select_for_update().get(pk=criterion.pk)
    before = {"threshold": locked.threshold, "is_active": locked.is_active}
    locked.threshold, locked.is_active, locked.source = threshold, is_active, source.strip()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="regional_criterion.set",
        target=locked,
        changes=[
            {"field": k, "old": v, "new": getattr(locked, k)}
            for k, v in before.items()
            if getattr(locked, k) != v
        ],
    )
    return locked


@transaction.atomic
def centre_status_set(
    *, actor: User, centre: TrainingCentre, status: str, today: dt.date
) -> TrainingCentre:
    """Move a centre between national and regional status; regional needs every active
    criterion met on `today`."""
    from pcrs.training.pathway import regional_path

    _ensure(
        permissions.may_grant_recognition(actor),
        _("Only the Secretariat can change a centre's status."),
    )
    locked = TrainingCentre.objects.select_for_update().get(pk=centre.pk)
    if status == "regional":
        unmet = [r for r in regional_path(locked, today=today) if not r.met]
        if unmet:
            raise ValidationError(
                {
                    "status": "Not yet regional: "
                    + "; ".join(f"{r.label}: {r.value} of {r.threshold}" for r in unmet)
                }
            )
    old = locked.status
    locked.status = status
    locked.full_clean()
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="training_centre.status",
        target=locked,
        changes=[{"field": "status", "old": old, "new": status}],
    )
    return locked
