"""Training pages: thin; selectors decide who sees what."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pcrs.registry.selectors import access_pledge
from pcrs.training import selectors
from pcrs.training.models import CourseDelivery, PledgeTraining, RegionalCriterion
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
