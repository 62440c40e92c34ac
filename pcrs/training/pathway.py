"""The path from national to regional training centre: each editable criterion measured
against the centre's own record (read-only; services and selectors both use it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from pcrs.training.models import (
    CourseDelivery,
    CourseRecognition,
    CriterionMetric,
    DeliveryTrainees,
    RegionalCriterion,
    TrainingCentre,
)

WINDOW_YEARS = 3


@dataclass(frozen=True)
class CriterionResult:
    label: str
    threshold: int
    value: int

    @property
    def met(self) -> bool:
        return self.value >= self.threshold


def measure(centre: TrainingCentre, metric: str, *, today: dt.date) -> int:
    since = today.replace(year=today.year - WINDOW_YEARS)
    if metric == CriterionMetric.RECOGNISED_COURSES:
        return (
            CourseRecognition.objects.filter(
                course__centre=centre, recognised_on__lte=today, valid_until__gte=today
            )
            .values("course")
            .distinct()
            .count()
        )
    deliveries = CourseDelivery.objects.filter(course__centre=centre, starts_on__gte=since)
    if metric == CriterionMetric.DELIVERIES:
        return deliveries.count()
    foreign = DeliveryTrainees.objects.filter(delivery__in=deliveries).filter(
        ~Q(member_state_id=centre.member_state_id)
    )
    if metric == CriterionMetric.PARTICIPANT_STATES:
        return foreign.values("member_state").distinct().count()
    if metric == CriterionMetric.REGIONAL_TRAINEES:
        sums = foreign.aggregate(men=Sum("men"), women=Sum("women"))
        return int((sums["men"] or 0) + (sums["women"] or 0))
    return 0


def regional_path(centre: TrainingCentre, *, today: dt.date) -> list[CriterionResult]:
    return [
        CriterionResult(
            label=c.get_metric_display(),
            threshold=c.threshold,
            value=measure(centre, c.metric, today=today),
        )
        for c in RegionalCriterion.objects.filter(is_active=True)
    ]
