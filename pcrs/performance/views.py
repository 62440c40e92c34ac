"""Performance pages: thin; selectors decide who sees what."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pcrs.core.errors import DomainError
from pcrs.performance import permissions, plans, selectors, services
from pcrs.performance.forms import StandardForm
from pcrs.performance.models import ImprovementPlan, PerformanceStandard, PlanStatus


def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluations = selectors.evaluations_visible_to(request.user).prefetch_related("scores")
    return render(
        request,
        "performance/evaluation_list.html",
        {
            "rows": [(e, selectors.normalised_score(e)) for e in evaluations],
            "aggregates": selectors.evaluation_aggregates(user=request.user),
            "appraisals": selectors.appraisals_visible_to(request.user),
            "may_edit": permissions.may_record(request.user),
        },
    )


def evaluation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    plan = getattr(evaluation, "improvement_plan", None)
    moves = (
        plans.moves_open_to(
            status=plan.status,
            is_state=permissions.own_state_id(request.user) == evaluation.member_state_id,
            is_secretariat=permissions.may_record(request.user),
        )
        if plan
        else []
    )
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
            "moves": [(to, PlanStatus(to).label) for to in moves],
        },
    )


@require_http_methods(["GET", "POST"])
def standards(request: HttpRequest) -> HttpResponse:
    """Task-based standards per unit type: the Secretariat adds them or switches them off."""
    if not permissions.may_record(request.user):
        raise PermissionDenied("Only the Secretariat can edit performance standards.")
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        standard = services.standard_set(actor=request.user, **data)  # type: ignore[arg-type]
        messages.success(request, f"Saved: {standard}.")
        return redirect("performance:standards")
    return render(
        request,
        "performance/standards.html",
        {"form": form, "standards": PerformanceStandard.objects.select_related("capability_type")},
    )


@require_http_methods(["POST"])
def plan_move(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    plan = ImprovementPlan.objects.filter(evaluation=evaluation).first()
    if plan is None:
        raise Http404("No improvement plan.")
    version = request.POST.get("version", "")
    try:
        services.improvement_plan_move(
            actor=request.user,  # type: ignore[arg-type]
            plan=plan,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
            expected_version=int(version) if version.isdigit() else None,
        )
    except services.NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except (DomainError, ValidationError) as exc:
        text = exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
        messages.error(request, f"Nothing changed: {text}")
    else:
        messages.success(request, "Improvement plan updated.")
    return redirect("performance:evaluation", pk=evaluation.pk)


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Open improvement plans among the evaluations the user may see."""
    user = request.user
    if not (permissions.sees_all(user) or permissions.own_state_id(user)):
        return None
    evaluations = selectors.evaluations_visible_to(user)
    open_plans = ImprovementPlan.objects.filter(evaluation__in=evaluations).exclude(
        status__in=[PlanStatus.CLOSED, PlanStatus.ESCALATED]
    )
    return {
        "template": "performance/_home_panel.html",
        "evaluations": evaluations.count(),
        "open_plans": open_plans.count(),
        "in_review": open_plans.filter(status=PlanStatus.REVIEW).count(),
    }
