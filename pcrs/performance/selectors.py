"""Reads of unit performance, and who may see them.

An evaluation, its scores, plan and decisions, and a State's appraisal counts are seen by
that State's focal points and by the Secretariat; for anyone else they do not exist (the same
404). Observers, planners and other States see per unit type how many evaluations there were
and their mean score, suppressed when fewer than 3 States are behind the figure (ADR 0030).

`pledge_performance_score` is the one number the force-generation adapter reads (ADR 0102).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from pcrs.core.lookups import visible_one
from pcrs.performance import permissions
from pcrs.performance.models import (
    PerformanceStandard,
    PoliceAppraisalRound,
    ScoringPolicy,
    UnitEvaluation,
)
from pcrs.registry.models import Pledge


def standards_list() -> QuerySet[PerformanceStandard]:
    """The task-based standards, as the standards page lists them (the Secretariat's page)."""
    return PerformanceStandard.objects.select_related("capability_type")


NOT_FOUND = "No evaluation matches the given query."
SMALL_CELL = 3


def evaluations_visible_to(user: Any) -> QuerySet[UnitEvaluation]:
    base = UnitEvaluation.objects.select_related("member_state", "mission", "capability_type")
    if permissions.sees_all(user):
        return base
    state_id = permissions.own_state_id(user)
    if state_id is not None:
        return base.filter(member_state_id=state_id)
    return base.none()


def access_evaluation(*, user: Any, evaluation_id: Any) -> UnitEvaluation:
    return visible_one(evaluations_visible_to(user), evaluation_id, NOT_FOUND)


def appraisals_visible_to(user: Any) -> QuerySet[PoliceAppraisalRound]:
    base = PoliceAppraisalRound.objects.select_related("member_state", "mission")
    if permissions.sees_all(user):
        return base
    state_id = permissions.own_state_id(user)
    if state_id is not None:
        return base.filter(member_state_id=state_id)
    return base.none()


def normalised_score(evaluation: UnitEvaluation) -> float | None:
    """The evaluation's mean score mapped from its scale onto [0, 1]."""
    scores = [s.score for s in evaluation.scores.all()]
    if not scores:
        return None
    span = evaluation.scale_max - evaluation.scale_min
    return (sum(scores) / len(scores) - evaluation.scale_min) / span


@dataclass(frozen=True)
class TypeAggregate:
    capability_type: str
    evaluations: int | None
    mean_score: float | None  # [0, 1]


def evaluation_aggregates(*, user: Any) -> list[TypeAggregate]:
    """Per unit type: number of evaluations and mean normalised score (protected)."""
    rows: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for e in UnitEvaluation.objects.select_related("capability_type").prefetch_related("scores"):
        score = normalised_score(e)
        if score is not None:
            rows[e.capability_type.name].append((e.member_state_id, score))
    open_ = permissions.sees_all(user)
    out = []
    for name, items in sorted(rows.items()):
        shown = open_ or len({state for state, _ in items}) >= SMALL_CELL
        out.append(
            TypeAggregate(
                capability_type=name,
                evaluations=len(items) if shown else None,
                mean_score=round(sum(s for _, s in items) / len(items), 2) if shown else None,
            )
        )
    return out


def scoring_policy_on(day: dt.date) -> ScoringPolicy | None:
    return ScoringPolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def _same_unit(evaluation: UnitEvaluation, pledge: Pledge) -> bool:
    if evaluation.pledge_id is not None:
        return evaluation.pledge_id == pledge.pk
    return bool(
        evaluation.capability_type_id == pledge.capability_type_id
        and evaluation.unit_designation.strip().casefold() == pledge.title.strip().casefold()
    )


def pledge_performance_score(*, pledge: Pledge, on: dt.date) -> float | None:
    """A pledge's performance in [0, 1] from the record known on `on`, or None without one.

    The weighted mean of the normalised scores of every evaluation of the pledge's State
    up to `on`. Each weighs 0.5 ** (age in days / half-life); the same unit's own evaluations
    (linked to the pledge, or the same designation and unit type: a rotating unit) weigh
    `unit_weight` times more. Half-life and unit weight come from the ScoringPolicy in force
    on `on`. Example: one evaluation of 3 on a 1-4 scale (0.667) two half-lives old and one
    of the same unit of 4 (1.0) today, unit weight 3: (0.25*0.667 + 3*1.0) / 3.25 = 0.974.
    Reads no user: the caller (the force-generation adapter) already works on visible pledges.
    """
    policy = scoring_policy_on(on)
    if policy is None:
        return None
    evaluations = UnitEvaluation.objects.filter(
        member_state_id=pledge.member_state_id, evaluated_on__lte=on
    ).prefetch_related("scores")
    return _score(list(evaluations), pledge=pledge, on=on, policy=policy)


def pledge_performance_scores(*, pledges: Iterable[Pledge], on: dt.date) -> dict[Any, float | None]:
    """`pledge_performance_score` for many pledges, {pledge id: score}, in three queries
    (policy, evaluations, scores) whatever their number."""
    pledges = list(pledges)
    policy = scoring_policy_on(on)
    if policy is None:
        return {p.pk: None for p in pledges}
    by_state: dict[int, list[UnitEvaluation]] = defaultdict(list)
    evaluations = UnitEvaluation.objects.filter(
        member_state_id__in={p.member_state_id for p in pledges}, evaluated_on__lte=on
    ).prefetch_related("scores")
    for evaluation in evaluations:
        by_state[evaluation.member_state_id].append(evaluation)
    return {
        p.pk: _score(by_state.get(p.member_state_id, []), pledge=p, on=on, policy=policy)
        for p in pledges
    }


def _score(
    evaluations: list[UnitEvaluation], *, pledge: Pledge, on: dt.date, policy: ScoringPolicy
) -> float | None:
    half_life = float(policy.half_life_days)
    total_weight = 0.0
    weighted = 0.0
    for evaluation in evaluations:
        score = normalised_score(evaluation)
        if score is None:
            continue
        age = (on - evaluation.evaluated_on).days
        weight = 0.5 ** (age / half_life)
        if _same_unit(evaluation, pledge):
            weight *= float(policy.unit_weight)
        total_weight += weight
        weighted += weight * score
    if total_weight == 0:
        return None
    return min(1.0, max(0.0, weighted / total_weight))
