"""Missions pages: list, mission page (map, strength chart, gaps), requirements, gaps
dashboard, a State's contribution history and the Secretariat's upload page.

Thin: selectors and permissions decide what a user sees, services change things.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcrs.accounts.rights import Right
from pcrs.core import exports as core_exports
from pcrs.core import freshness
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState
from pcrs.missions import exports, gaps, permissions, selectors, services
from pcrs.missions.forms import (
    ContingentForm,
    ContributionsUploadForm,
    GenderTargetForm,
    MissionRecordForm,
    MissionStatusForm,
    ReplacementForm,
    RequirementForm,
    RequirementStatusForm,
    apply_errors,
    requirement_initial,
)
from pcrs.missions.models import (
    GenderCategory,
    GenderTarget,
    MissionKind,
    Requirement,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _sees_pledges(request: HttpRequest) -> bool:
    """The Secretariat sees exact pledge counts; others not where few States stand behind one."""
    return request.user.has_right(Right.PLEDGE_VIEW_ALL)  # type: ignore[union-attr]


def mission_list(request: HttpRequest) -> HttpResponseBase:
    show_all = request.GET.get("all") == "1"
    queryset = selectors.missions_list(include_closed=show_all)
    if not show_all:
        queryset = queryset.filter(kind=MissionKind.PEACEKEEPING)
    missions = list(queryset)
    as_of = selectors.contributions_as_of()
    strengths = selectors.mission_strengths(missions, as_of=as_of)
    rows = [{"mission": m, "strength": strengths[m.pk]} for m in missions]
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.MISSION_COLUMNS, rows=rows, name="missions", fmt=fmt
        )
    return render(
        request,
        "missions/mission_list.html",
        {
            "rows": rows,
            "show_all": show_all,
            "as_of": as_of,
            "may_record_mission": permissions.may_edit_reference_data(request.user),
            "may_see_contributions": permissions.sees_all_states(request.user)
            or bool(getattr(request.user, "is_focal_point", False)),
        },
    )


def mission_detail(request: HttpRequest, acronym: str) -> HttpResponseBase:
    mission = selectors.access_mission(user=request.user, acronym=acronym)
    today = timezone.localdate()
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        # The mission's unfilled requirements as the page lists them (published counts
        # outside the Secretariat).
        return core_exports.export_response(
            columns=exports.GAP_COLUMNS,
            rows=gaps.unfilled_requirements(
                today=today, mission=mission, show_small_counts=_sees_pledges(request)
            ),
            name=f"requirements-{mission.acronym}",
            fmt=fmt,
        )
    try:
        horizon = max(
            1, min(int(request.GET.get("horizon", gaps.DEFAULT_ROTATION_HORIZON_DAYS)), 730)
        )
    except ValueError:
        horizon = gaps.DEFAULT_ROTATION_HORIZON_DAYS
    visible = selectors.contingents_visible_to(request.user).filter(mission=mission)
    all_contingents = mission.contingents.select_related("capability_type").filter(
        status="deployed"
    )
    statuses = gaps.gender_statuses(visible.filter(status="deployed"), year=today.year)
    locations = selectors.mission_locations(mission=mission)
    as_of = selectors.contributions_as_of()
    strength = selectors.mission_strength_history(mission=mission)
    strength["as_of"] = selectors.as_of_text(as_of)
    context: dict[str, Any] = {
        "mission": mission,
        "today": today,
        "horizon": horizon,
        "may_edit": permissions.may_edit_mission(request.user, mission),
        "may_record": permissions.may_record_contingents(request.user),
        "ceilings": gaps.ceiling_gaps(mission=mission, today=today),
        "unfilled": gaps.unfilled_requirements(
            today=today, mission=mission, show_small_counts=_sees_pledges(request)
        ),
        "closed_requirements": mission.requirements.exclude(
            status__in=["open", "in_generation"]
        ).select_related("capability_type"),
        "gender_rows": statuses,
        "gender_summary": gaps.gender_summary(
            gaps.gender_statuses(all_contingents, year=today.year)
        ),
        "contingent_total": all_contingents.count(),
        "contingent_personnel": all_contingents.aggregate(n=Sum("personnel"))["n"] or 0,
        "rotations": gaps.rotations_due(visible, today=today, horizon_days=horizon),
        "rotations_due_count": len(
            gaps.rotations_due(all_contingents, today=today, horizon_days=horizon)
        ),
        "sees_detail": visible.exists() or permissions.sees_all_states(request.user),
        "strength": strength,
        "as_of": as_of,
        "strength_now": selectors.mission_strengths([mission], as_of=as_of)[mission.pk],
        "correction": getattr(mission, "status_correction", None),
        "may_correct_status": permissions.may_edit_reference_data(request.user),
        "locations": locations,
        "map_data": {
            **locations,
            "hq": (
                {"lat": mission.hq_latitude, "lon": mission.hq_longitude}
                if mission.hq_latitude is not None
                else None
            ),
        },
        "synthetic": all_contingents.filter(is_synthetic=True).exists(),
        "show_replacement": selectors.may_see_replacement_pledge(request.user),
    }
    return render(request, "missions/mission_detail.html", context)


def _requirement_form_page(
    request: HttpRequest, *, mission: Any, requirement: Any | None
) -> HttpResponse:
    if not permissions.may_edit_mission(request.user, mission):
        raise PermissionDenied(_("Only this mission's planners or the Secretariat can do this."))
    if request.method == "POST":
        form = RequirementForm(request.POST)
        if form.is_valid():
            try:
                if requirement is None:
                    saved = services.requirement_create(
                        actor=request.user,  # type: ignore[arg-type]
                        mission=mission,
                        data=form.to_input(),
                    )
                else:
                    saved = services.requirement_update(
                        actor=request.user,  # type: ignore[arg-type]
                        requirement=requirement,
                        data=form.to_input(),
                        expected_version=form.cleaned_data.get("version"),
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Requirement saved: %(saved)s.") % {"saved": saved})
                return redirect("missions:detail", acronym=mission.acronym)
    else:
        form = RequirementForm(initial=requirement_initial(requirement) if requirement else None)
    return render(
        request,
        "missions/requirement_form.html",
        {"form": form, "mission": mission, "requirement": requirement},
    )


@require_http_methods(["GET", "POST"])
def requirement_create(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = selectors.access_mission(user=request.user, acronym=acronym)
    return _requirement_form_page(request, mission=mission, requirement=None)


@require_http_methods(["GET", "POST"])
def requirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = selectors.access_requirement(user=request.user, requirement_id=pk)
    return _requirement_form_page(request, mission=requirement.mission, requirement=requirement)


@require_POST
def requirement_status(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = selectors.access_requirement(user=request.user, requirement_id=pk)
    if not permissions.may_edit_mission(request.user, requirement.mission):
        raise PermissionDenied(_("Only this mission's planners or the Secretariat can do this."))
    form = RequirementStatusForm(request.POST)
    if form.is_valid():
        try:
            services.requirement_status_set(
                actor=request.user,  # type: ignore[arg-type]
                requirement=requirement,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data.get("version"),
            )
            messages.success(request, _("Status changed."))
        except (DomainError, ConcurrentChangeError) as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("missions:detail", acronym=requirement.mission.acronym)


# The gaps page lists this many rotations due, nearest first, and links to all of them.
ROTATIONS_SHOWN = 25


def gaps_dashboard(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        # The unfilled requirements as the page lists them: published counts outside the
        # Secretariat (suppressed cells stay suppressed).
        return core_exports.export_response(
            columns=exports.GAP_COLUMNS,
            rows=gaps.unfilled_requirements(today=today, show_small_counts=_sees_pledges(request)),
            name="gaps",
            fmt=fmt,
        )
    try:
        horizon = max(
            1, min(int(request.GET.get("horizon", gaps.DEFAULT_ROTATION_HORIZON_DAYS)), 730)
        )
    except ValueError:
        horizon = gaps.DEFAULT_ROTATION_HORIZON_DAYS
    show_all_rotations = request.GET.get("rotations") == "all"

    def body() -> str:
        active = list(selectors.missions_list(include_closed=False, kind=MissionKind.PEACEKEEPING))
        visible = selectors.contingents_visible_to(request.user)
        targets = gaps.TargetTable.load()
        # One read of each kind for every mission, not one per mission.
        ceilings = gaps.current_ceilings_of(active, today=today)
        deployed_of = gaps.deployed_of(active)
        unfilled_of = dict(
            Requirement.objects.filter(mission__in=active, status__in=["open", "in_generation"])
            .order_by()
            .values_list("mission_id")
            .annotate(n=Count("id"))
        )
        mission_rows = []
        for mission in active:
            deployed = deployed_of.get(mission.pk, [])
            mission_rows.append(
                {
                    "mission": mission,
                    "ceilings": gaps.ceiling_gaps(
                        mission=mission,
                        today=today,
                        ceilings=ceilings.get(mission.pk, {}),
                        deployed=gaps.strength_by_category(deployed),
                    ),
                    "gender": gaps.gender_summary(
                        gaps.gender_statuses(deployed, year=today.year, targets=targets)
                    ),
                    "rotations_due": gaps.count_rotations_due(
                        deployed, today=today, horizon_days=horizon
                    ),
                    "unfilled": unfilled_of.get(mission.pk, 0),
                }
            )
        sees_pledges = _sees_pledges(request)
        unfilled = gaps.unfilled_requirements(today=today, show_small_counts=sees_pledges)
        return render_to_string(
            "missions/_gaps_body.html",
            {
                "today": today,
                "horizon": horizon,
                "report": gaps.critical_capability_report(
                    today=today, show_small_counts=sees_pledges, unfilled=unfilled
                ),
                "unfilled": unfilled,
                "mission_rows": mission_rows,
                "rotations": gaps.rotations_due(
                    visible,
                    today=today,
                    horizon_days=horizon,
                    limit=None if show_all_rotations else ROTATIONS_SHOWN,
                ),
                "rotations_total": gaps.rotations_due_query(
                    visible, today=today, horizon_days=horizon
                ).count(),
                "sees_detail": permissions.sees_all_states(request.user) or visible.exists(),
                "may_record": permissions.may_record_contingents(request.user),
                "may_edit_targets": permissions.may_edit_reference_data(request.user),
                "as_of": selectors.contributions_as_of(),
            },
            request,
        )

    # Tens of queries over every mission: computed once per data version (core/freshness).
    html = freshness.fragment(request, "gaps", body, vary=(today, horizon, show_all_rotations))
    return render(request, "missions/gaps.html", {"body": mark_safe(html)})  # noqa: S308


def contributions_index(request: HttpRequest) -> HttpResponse:
    """A focal point goes straight to its State; the Secretariat picks one; others: 404."""
    user: Any = request.user
    if permissions.sees_all_states(user):
        states = MemberState.objects.filter(contributions__isnull=False).distinct()
        return render(
            request,
            "missions/contributions_index.html",
            {
                "states": states,
                "may_import": permissions.may_import(user),
                "as_of": selectors.contributions_as_of(),
            },
        )
    if user.is_focal_point and user.member_state_id:
        return redirect("missions:state_contributions", iso3=user.member_state.iso3)
    raise Http404(_("No contribution history for this account."))


def _contributions_export(
    history: dict[str, Any], *, iso3: str, which: str, fmt: str
) -> HttpResponseBase:
    """One of the page's tables (?list=months|latest|peaks), as the page shows it."""
    columns: tuple[core_exports.Column, ...]
    if which == "latest":
        columns, rows = exports.CONTRIBUTION_LATEST_COLUMNS, history["latest_rows"]
    elif which == "peaks":
        columns, rows = exports.CONTRIBUTION_PEAK_COLUMNS, history["peaks"]
    else:
        which = "months"
        columns = exports.contribution_month_columns(history["series"])
        rows = history["table"]
    return core_exports.export_response(
        columns=columns, rows=rows, name=f"contributions-{iso3}-{which}", fmt=fmt
    )


def state_contributions(request: HttpRequest, iso3: str) -> HttpResponseBase:
    state = selectors.access_state_history(user=request.user, iso3=iso3)
    history = selectors.state_contribution_history(member_state=state)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return _contributions_export(
            history, iso3=state.iso3, which=request.GET.get("list", "months"), fmt=fmt
        )
    as_of = selectors.contributions_as_of()
    history["as_of"] = selectors.as_of_text(as_of)
    return render(
        request,
        "missions/state_contributions.html",
        {"state": state, "history": history, "as_of": as_of},
    )


@require_http_methods(["GET", "POST"])
def contributions_upload(request: HttpRequest) -> HttpResponse:
    if not permissions.may_import(request.user):
        raise PermissionDenied(_("Only the Secretariat can import contributions."))
    report = None
    if request.method == "POST":
        form = ContributionsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is larger than 20 MB."))
            else:
                try:
                    result = services.contributions_import(
                        actor=request.user,  # type: ignore[arg-type]
                        data=upload.read(),
                        file_name=upload.name,
                        strict=form.cleaned_data.get("strict", False),
                        replace_months=form.cleaned_data.get("replace_months", False),
                        collapse_exact_duplicates=form.cleaned_data.get(
                            "collapse_exact_duplicates", False
                        ),
                    )
                except DomainError as exc:
                    raise PermissionDenied(exc.message) from exc
                report = result.report
                if report.accepted:
                    messages.success(request, report.summary_lines()[0])
                else:
                    messages.error(request, _("The file was rejected; nothing was changed."))
    else:
        form = ContributionsUploadForm()
    return render(
        request,
        "missions/contributions_upload.html",
        {"form": form, "report": report, "as_of": selectors.contributions_as_of()},
    )


# --- Gender targets and contingents (the Secretariat) ---------------------------------------


@require_http_methods(["GET", "POST"])
def gender_targets(request: HttpRequest) -> HttpResponse:
    """The parity-strategy targets, year by category, and a form to set one."""
    if not permissions.may_edit_reference_data(request.user):
        raise PermissionDenied(_("Only the Secretariat can manage gender targets."))
    if request.method == "POST":
        form = GenderTargetForm(request.POST)
        if form.is_valid():
            try:
                target = services.gender_target_set(
                    actor=request.user,  # type: ignore[arg-type]
                    category=form.cleaned_data["category"],
                    year=form.cleaned_data["year"],
                    target_percent=form.cleaned_data["target_percent"],
                    source=form.cleaned_data.get("source") or "",
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Target saved: %(target)s.") % {"target": target})
                return redirect("missions:gender_targets")
    else:
        # "Edit" links on the table prefill the form with that row.
        initial: dict[str, Any] = {"year": timezone.localdate().year}
        category, year = request.GET.get("category", ""), request.GET.get("year", "")
        if category in GenderCategory.values and year.isdigit():
            initial = {"category": category, "year": int(year)}
            existing = GenderTarget.objects.filter(category=category, year=int(year)).first()
            if existing is not None:
                initial["target_percent"] = existing.target_percent
                initial["source"] = existing.source
        form = GenderTargetForm(initial=initial)
    targets = list(GenderTarget.objects.order_by("year", "category"))
    years = sorted({t.year for t in targets})
    cells = {(t.year, t.category): t for t in targets}
    matrix = [
        {"year": y, "cells": [cells.get((y, c)) for c in GenderCategory.values]} for y in years
    ]
    return render(
        request,
        "missions/gender_targets.html",
        {
            "form": form,
            "targets": targets,
            "matrix": matrix,
            "categories": GenderCategory.choices,
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
def contingent_create(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = selectors.access_mission(user=request.user, acronym=acronym)
    if not permissions.may_record_contingents(request.user):
        raise PermissionDenied(_("Only the Secretariat can record deployed contingents."))
    if request.method == "POST":
        form = ContingentForm(request.POST)
        if form.is_valid():
            try:
                contingent = services.contingent_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data=form.to_input(mission),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _("Contingent recorded: %(contingent)s; next rotation %(date)s.")
                    % {"contingent": contingent, "date": f"{contingent.next_rotation_on:%Y-%m-%d}"},
                )
                return redirect("missions:detail", acronym=mission.acronym)
    else:
        form = ContingentForm()
    locations = selectors.mission_locations(mission=mission)
    return render(
        request,
        "missions/contingent_form.html",
        {
            "form": form,
            "mission": mission,
            "location_names": sorted({p["name"] for p in locations["points"]}),
        },
    )


@require_http_methods(["GET", "POST"])
def contingent_replacement(request: HttpRequest, pk: int) -> HttpResponse:
    # Not visible is a 404 like "does not exist"; visible but not the Secretariat is a 403.
    contingent = selectors.access_contingent(user=request.user, contingent_id=pk)
    if not permissions.may_record_contingents(request.user):
        raise PermissionDenied(_("Only the Secretariat can identify replacements."))
    if request.method == "POST":
        form = ReplacementForm(request.POST, contingent=contingent)
        if form.is_valid():
            try:
                services.contingent_replacement_set(
                    actor=request.user,  # type: ignore[arg-type]
                    contingent=contingent,
                    pledge=form.cleaned_data.get("replacement_pledge"),
                    note=form.cleaned_data.get("note") or "",
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Replacement identified for %(contingent)s.") % {"contingent": contingent},
                )
                return redirect("missions:detail", acronym=contingent.mission.acronym)
    else:
        form = ReplacementForm(
            contingent=contingent,
            initial={
                "replacement_pledge": contingent.replacement_pledge_id,
                "note": contingent.replacement_note,
            },
        )
    return render(
        request,
        "missions/contingent_replacement.html",
        {"form": form, "contingent": contingent, "today": timezone.localdate()},
    )


# --- Mission status the Secretariat corrects ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def mission_status(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = selectors.access_mission(user=request.user, acronym=acronym)
    if not permissions.may_edit_reference_data(request.user):
        raise PermissionDenied(_("Only the Secretariat can correct a mission's status."))
    correction = getattr(mission, "status_correction", None)
    if request.method == "POST":
        form = MissionStatusForm(request.POST)
        if form.is_valid():
            try:
                services.mission_status_correct(
                    actor=request.user,  # type: ignore[arg-type]
                    mission=mission,
                    is_active=form.cleaned_data["status"] == "active",
                    end_date=form.cleaned_data.get("end_date"),
                    resolution=form.cleaned_data.get("resolution") or "",
                    source=form.cleaned_data["source"],
                    note=form.cleaned_data.get("note") or "",
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request, _("Status of %(acronym)s recorded.") % {"acronym": mission.acronym}
                )
                return redirect("missions:detail", acronym=mission.acronym)
    else:
        form = MissionStatusForm(
            initial={
                "status": "active" if mission.is_active else "closed",
                "end_date": mission.end_date,
                "resolution": correction.resolution if correction else "",
                "source": correction.source if correction else "",
                "note": correction.note if correction else "",
            }
        )
    return render(
        request,
        "missions/mission_status_form.html",
        {"form": form, "mission": mission, "correction": correction},
    )


@require_http_methods(["GET", "POST"])
def mission_new(request: HttpRequest) -> HttpResponse:
    if not permissions.may_edit_reference_data(request.user):
        raise PermissionDenied(_("Only the Secretariat can record a mission."))
    if request.method == "POST":
        form = MissionRecordForm(request.POST)
        if form.is_valid():
            try:
                mission = services.mission_record(
                    actor=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request, _("Mission %(acronym)s recorded.") % {"acronym": mission.acronym}
                )
                return redirect("missions:detail", acronym=mission.acronym)
    else:
        form = MissionRecordForm()
    return render(request, "missions/mission_new.html", {"form": form})


# --- Fatalities ------------------------------------------------------------------------------


def _fatalities_export(
    overview: dict[str, Any], *, scope: str, which: str, fmt: str
) -> HttpResponseBase:
    """One of the page's tables (?list=years|types|missions), exactly as the page shows it to
    this user: protected aggregates stay suppressed (ADR 0083)."""
    columns: tuple[core_exports.Column, ...]
    if which == "types":
        columns, rows = exports.FATALITY_TYPE_COLUMNS, overview["by_type"]
    elif which == "missions":
        columns, rows = exports.FATALITY_MISSION_COLUMNS, overview["by_mission"]
    else:
        which = "years"
        columns, rows = exports.fatality_year_columns(overview["series"]), overview["table"]
    return core_exports.export_response(
        columns=columns, rows=rows, name=f"fatalities-{scope}-{which}", fmt=fmt
    )


def fatalities(request: HttpRequest) -> HttpResponseBase:
    """Peacekeeper fatalities over time, for all missions, one mission (?mission=) or one
    contributor (?state=, the Secretariat and that State's focal point only)."""
    mission = state = None
    if request.GET.get("mission"):
        mission = selectors.access_mission(user=request.user, acronym=request.GET["mission"])
    elif request.GET.get("state"):
        state = selectors.access_state_history(user=request.user, iso3=request.GET["state"])
    overview = selectors.fatalities_overview(user=request.user, mission=mission, member_state=state)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        scope = mission.acronym if mission else state.iso3 if state else "all"
        return _fatalities_export(
            overview, scope=scope, which=request.GET.get("list", "years"), fmt=fmt
        )
    user: Any = request.user
    own_state = (
        user.member_state
        if getattr(user, "is_focal_point", False) and user.member_state_id
        else None
    )
    return render(
        request,
        "missions/fatalities.html",
        {
            "overview": overview,
            "mission": mission,
            "state": state,
            "own_state": own_state,
            "states": MemberState.objects.filter(fatalities__isnull=False).distinct()
            if permissions.sees_all_states(user)
            else [],
        },
    )
