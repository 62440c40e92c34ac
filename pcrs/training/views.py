"""Training pages: thin; selectors decide who sees what."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pcrs.registry.selectors import access_pledge
from pcrs.training import permissions, selectors, services
from pcrs.training.forms import CriterionForm
from pcrs.training.models import (
    CourseDelivery,
    PledgeTraining,
    RecognitionStatus,
    RegionalCriterion,
)
from pcrs.training.pathway import regional_path


def centre_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "training/centre_list.html",
        {
            "centres": selectors.centres_visible_to(request.user).prefetch_related("courses"),
            "counts": selectors.centre_counts_by_region(user=request.user, today=today),
            "criteria": RegionalCriterion.objects.all(),
            "may_edit": permissions.may_edit_criteria(request.user),
        },
    )


def centre_detail(request: HttpRequest, pk: str) -> HttpResponse:
    centre = selectors.access_centre(user=request.user, centre_id=pk)
    today = timezone.localdate()
    return render(
        request,
        "training/centre_detail.html",
        {
            "centre": centre,
            "courses": centre.courses.prefetch_related("recognitions"),
            "deliveries": CourseDelivery.objects.filter(course__centre=centre)
            .select_related("course")
            .prefetch_related("trainees__member_state"),
            "path": regional_path(centre, today=today),
        },
    )


def pledge_training(request: HttpRequest, pledge_id: str) -> HttpResponse:
    pledge = access_pledge(user=request.user, pledge_id=pledge_id)
    summary = selectors.pledge_training_summary(pledge=pledge)
    records = PledgeTraining.objects.filter(pledge=pledge).select_related(
        "delivery__course__centre"
    )
    return render(
        request,
        "training/pledge_training.html",
        {"pledge": pledge, "summary": summary, "records": records},
    )


@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest) -> HttpResponse:
    """The Secretariat edits the criteria for regional status."""
    if not permissions.may_edit_criteria(request.user):
        raise PermissionDenied("Only the Secretariat can change the criteria for regional status.")
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criterion = RegionalCriterion.objects.get(metric=data["metric"])
        services.criterion_set(
            actor=request.user,  # type: ignore[arg-type]
            criterion=criterion,
            threshold=data["threshold"],
            is_active=data["is_active"],
            source=data["source"],
        )
        messages.success(request, f"Saved: {criterion.get_metric_display()}.")
        return redirect("training:criteria")
    return render(
        request,
        "training/criteria.html",
        {"form": form, "criteria": RegionalCriterion.objects.all()},
    )


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Recognitions the user's centres must renew; only for those who see centres."""
    user = request.user
    if not (permissions.sees_all(user) or permissions.own_state_id(user)):
        return None
    recognitions = selectors.recognitions_visible_to(user)
    return {
        "template": "training/_home_panel.html",
        "due": recognitions.filter(status=RecognitionStatus.RENEWAL_DUE).count(),
        "expired": recognitions.filter(status=RecognitionStatus.EXPIRED).count(),
        "current": recognitions.filter(status=RecognitionStatus.VALID).count(),
    }
