"""Reads of the training domain, and who may see them.

The Secretariat sees every centre; a focal point its own State's centres (their courses,
recognitions, deliveries and trainees); everybody else counts per region, suppressed under
3 States (ADR 0030). The same 404 for a centre that is missing or not yours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from pcrs.core.lookups import visible_one
from pcrs.registry.models import Pledge
from pcrs.training import permissions
from pcrs.training.models import (
    CURRENT_STATUSES,
    CourseDelivery,
    CourseRecognition,
    PledgeTraining,
    TrainingCentre,
)

NOT_FOUND = "No training centre matches the given query."
SMALL_CELL = 3


def centres_visible_to(user: Any) -> QuerySet[TrainingCentre]:
    base = TrainingCentre.objects.select_related("member_state")
    if permissions.sees_all(user):
        return base
    state_id = permissions.own_state_id(user)
    if state_id is not None:
        return base.filter(member_state_id=state_id)
    return base.none()


def access_centre(*, user: Any, centre_id: Any) -> TrainingCentre:
    return visible_one(centres_visible_to(user), centre_id, NOT_FOUND)


def recognitions_visible_to(user: Any) -> QuerySet[CourseRecognition]:
    return CourseRecognition.objects.select_related("course__centre__member_state").filter(
        course__centre__in=centres_visible_to(user)
    )


def access_recognition(*, user: Any, recognition_id: Any) -> CourseRecognition:
    return visible_one(
        recognitions_visible_to(user),
        recognition_id,
        _("No course recognition matches the given query."),
    )


@dataclass(frozen=True)
class RegionCount:
    region: str
    centres: int | None
    recognised_courses: int | None


def centre_counts_by_region(*, user: Any, today: dt.date) -> list[RegionCount]:
    """Centres and courses recognised today per region; a region with centres in fewer than 3
    States is suppressed for everyone but the Secretariat."""
    rows = (
        TrainingCentre.objects.values("member_state__region")
        .annotate(
            centres=Count("pk", distinct=True),
            states=Count("member_state", distinct=True),
            recognised=Count(
                "courses",
                distinct=True,
                filter=Q(
                    courses__recognitions__recognised_on__lte=today,
                    courses__recognitions__valid_until__gte=today,
                    courses__recognitions__status__in=CURRENT_STATUSES,
                ),
            ),
        )
        .order_by("member_state__region")
    )
    open_ = permissions.sees_all(user)
    return [
        RegionCount(
            region=r["member_state__region"],
            centres=r["centres"] if open_ or r["states"] >= SMALL_CELL else None,
            recognised_courses=r["recognised"] if open_ or r["states"] >= SMALL_CELL else None,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class PledgeTrainingSummary:
    personnel: int
    trained: int  # holding recognised pre-deployment training (capped at the pledge's size)

    @property
    def share(self) -> float:
        return self.trained / self.personnel if self.personnel else 0.0


def pledge_training_summary(*, pledge: Pledge) -> PledgeTrainingSummary:
    """How many of the pledge's personnel hold recognised pre-deployment training. The caller
    has checked that the user may see the pledge (pcrs.registry.selectors.access_pledge).

    Known limitation (issue 15, open): records are counts per delivery with no identity of the
    people, so someone trained at two deliveries is added twice; the cap at the pledge's size
    only hides the worst of it. Fixing it needs the recorder to say how many are not already
    counted (a field on PledgeTraining), not a different sum here."""
    total = sum(PledgeTraining.objects.filter(pledge=pledge).values_list("personnel", flat=True))
    return PledgeTrainingSummary(personnel=pledge.personnel, trained=min(total, pledge.personnel))


def deliveries_with_trainees_of(pledge: Pledge) -> QuerySet[CourseDelivery]:
    """Deliveries the pledging State sent trainees to (at its own or another State's centre):
    the ones its pledge's training can be recorded against. The caller checked the pledge."""
    return (
        CourseDelivery.objects.filter(trainees__member_state_id=pledge.member_state_id)
        .select_related("course__centre")
        .distinct()
    )
