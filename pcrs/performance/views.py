"""Performance pages: thin; selectors decide who sees what."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pcrs.core import exports as core_exports
from pcrs.core.errors import DomainError
from pcrs.performance import exports, permissions, plans, selectors, services
from pcrs.performance.forms import AppraisalRoundForm, DecisionForm, EvaluationForm, StandardForm
from pcrs.performance.models import ImprovementPlan, PlanStatus
from pcrs.registry.models import CapabilityType


def evaluation_list(request: HttpRequest) -> HttpResponseBase:
    evaluations = selectors.evaluations_visible_to(request.user).prefetch_related("scores")
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.EVALUATION_COLUMNS,
            rows=(
                (e, selectors.normalised_score(e))
                for e in evaluations.iterator(chunk_size=core_exports.CHUNK_SIZE)
            ),
            name="unit-evaluations",
            fmt=fmt,
        )
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


def _to_form(form: Any, exc: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _ensure_recorder(request: HttpRequest) -> None:
    if not permissions.may_record(request.user):
        raise PermissionDenied(_("Only the Secretariat records what the commanders report."))


def evaluation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    form = DecisionForm() if permissions.may_record(request.user) else None
    return _detail(request, evaluation, form)


def _detail(
    request: HttpRequest, evaluation: Any, decision_form: DecisionForm | None, status: int = 200
) -> HttpResponse:
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
            "decision_form": decision_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest) -> HttpResponse:
    """The Secretariat records a Force or Police Commander's evaluation: the unit type first
    (its standards become the score fields), then the evaluation."""
    _ensure_recorder(request)
    params = request.POST if request.method == "POST" else request.GET
    capability_type = CapabilityType.objects.filter(
        code=str(params.get("capability_type", ""))[:64]
    ).first()
    form = None
    if capability_type is not None:
        form = EvaluationForm(request.POST or None, capability_type=capability_type)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("score_")}
            try:
                evaluation = services.evaluation_record(
                    actor=request.user,  # type: ignore[arg-type]
                    capability_type=capability_type,
                    scores=form.scores(),
                    **data,
                )
            except services.NotPermitted as exc:
                raise PermissionDenied(exc.message) from exc
            except ValidationError as exc:
                _to_form(form, exc)
            else:
                messages.success(request, _("Evaluation recorded."))
                return redirect("performance:evaluation", pk=evaluation.pk)
    elif request.method == "POST":
        messages.error(request, _("Nothing changed: choose a unit type."))
    bad = request.method == "POST" and (form is None or bool(form.errors))
    return render(
        request,
        "performance/evaluation_form.html",
        {"form": form, "capability_type": capability_type, "types": CapabilityType.objects.all()},
        status=400 if bad else 200,
    )


@require_http_methods(["POST"])
def decision_new(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    _ensure_recorder(request)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_record(
                actor=request.user,  # type: ignore[arg-type]
                evaluation=evaluation,
                **form.cleaned_data,
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("performance:evaluation", pk=evaluation.pk)
    return _detail(request, evaluation, form, status=400)


@require_http_methods(["GET", "POST"])
def appraisal_new(request: HttpRequest) -> HttpResponse:
    """The Secretariat records a six-monthly appraisal round (counts, not personal files)."""
    _ensure_recorder(request)
    form = AppraisalRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appraisal_round_record(
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Appraisal round recorded."))
            return redirect("performance:list")
    return render(
        request,
        "performance/appraisal_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def standards(request: HttpRequest) -> HttpResponseBase:
    """Task-based standards per unit type: the Secretariat adds them or switches them off."""
    if not permissions.may_record(request.user):
        raise PermissionDenied(_("Only the Secretariat can edit performance standards."))
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        standard = services.standard_set(actor=request.user, **data)  # type: ignore[arg-type]
        messages.success(request, _("Saved: %(standard)s.") % {"standard": standard})
        return redirect("performance:standards")
    fmt = core_exports.requested_format(request) if request.method == "GET" else None
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.STANDARD_COLUMNS,
            rows=selectors.standards_list().iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="performance-standards",
            fmt=fmt,
        )
    return render(
        request,
        "performance/standards.html",
        {"form": form, "standards": selectors.standards_list()},
    )


@require_http_methods(["POST"])
def plan_move(request: HttpRequest, pk: str) -> HttpResponse:
    evaluation = selectors.access_evaluation(user=request.user, evaluation_id=pk)
    plan = ImprovementPlan.objects.filter(evaluation=evaluation).first()
    if plan is None:
        raise Http404(_("No improvement plan."))
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
        messages.error(request, _("Nothing changed: %(text)s") % {"text": text})
    else:
        messages.success(request, _("Improvement plan updated."))
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
