"""Performance pages: thin; selectors decide who sees what."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pcrs.performance import selectors


def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluations = selectors.evaluations_visible_to(request.user).prefetch_related("scores")
    return render(
        request,
        "performance/evaluation_list.html",
        {
            "rows": [(e, selectors.normalised_score(e)) for e in evaluations],
            "aggregates": selectors.evaluation_aggregates(user=request.user),
            "appraisals": selectors.appraisals_visible_to(request.user),
        },
    )


def evaluation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    plan = getattr(evaluation, "improvement_plan", None)
    return render(
        request,
        "performance/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "score": selectors.normalised_score(evaluation),
            "scores": evaluation.scores.select_related("standard"),
            "plan": plan,
            "events": plan.events.all() if plan else [],
            "decisions": evaluation.decisions.all(),
        },
    )
