"""Training pages: thin; selectors decide who sees what."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pcrs.core import exports as core_exports
from pcrs.registry.selectors import access_pledge
from pcrs.training import exports, permissions, selectors, services
from pcrs.training.forms import CriterionForm, DeliveryForm, PledgeTrainingForm
from pcrs.training.models import (
    CourseDelivery,
    PledgeTraining,
    RecognitionStatus,
    RegionalCriterion,
)
from pcrs.training.pathway import regional_path


def centre_list(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        centres = selectors.centres_visible_to(request.user).order_by("acronym")
        return core_exports.export_response(
            columns=exports.CENTRE_COLUMNS,
            rows=centres.iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="training-centres",
            fmt=fmt,
        )
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
            "may_record": permissions.may_record_for_state(request.user, centre.member_state_id),
        },
    )


def _to_form(form: Any, exc: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
def delivery_new(request: HttpRequest, pk: str) -> HttpResponse:
    """The Secretariat or the centre's State records a delivery with its trainees."""
    centre = selectors.access_centre(user=request.user, centre_id=pk)
    if not permissions.may_record_for_state(request.user, centre.member_state_id):
        raise PermissionDenied(
            _("Only the Secretariat or the centre's State can record deliveries.")
        )
    form = DeliveryForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delivery_record(
                actor=request.user,  # type: ignore[arg-type]
                course=data["course"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                trainees=data["trainees"],
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(
                request, _("Delivery of %(title)s recorded.") % {"title": data["course"].title}
            )
            return redirect("training:centre", pk=centre.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "training/delivery_form.html", {"centre": centre, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def pledge_training(request: HttpRequest, pledge_id: str) -> HttpResponse:
    pledge = access_pledge(user=request.user, pledge_id=pledge_id)
    may_record = permissions.may_record_for_state(request.user, pledge.member_state_id)
    if request.method == "POST" and not may_record:
        raise PermissionDenied(_("Only the Secretariat or the pledging State can record training."))
    form = (
        PledgeTrainingForm(
            request.POST or None, deliveries=selectors.deliveries_with_trainees_of(pledge)
        )
        if may_record
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.pledge_training_record(
                actor=request.user,  # type: ignore[arg-type]
                pledge=pledge,
                delivery=form.cleaned_data["delivery"],
                personnel=form.cleaned_data["personnel"],
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Training recorded."))
            return redirect("training:pledge", pledge_id=pledge.pk)
    summary = selectors.pledge_training_summary(pledge=pledge)
    records = PledgeTraining.objects.filter(pledge=pledge).select_related(
        "delivery__course__centre"
    )
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(
        request,
        "training/pledge_training.html",
        {"pledge": pledge, "summary": summary, "records": records, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest) -> HttpResponse:
    """The Secretariat edits the criteria for regional status."""
    if not permissions.may_edit_criteria(request.user):
        raise PermissionDenied(
            _("Only the Secretariat can change the criteria for regional status.")
        )
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
        messages.success(
            request, _("Saved: %(display)s.") % {"display": criterion.get_metric_display()}
        )
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
