"""Registry pages: pledges, the overview of aggregates and the capability catalogue.

Thin: selectors decide what a user may read (a pledge of another State answers 404, exactly
like one that does not exist), services make every change; views parse, call and render.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core import exports as core_exports
from pcrs.core import freshness
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState
from pcrs.registry import annex, exports, selectors, services
from pcrs.registry.filters import PledgeFilter
from pcrs.registry.forms import (
    SECTION_LABELS,
    AnnotationForm,
    CapabilityTypeForm,
    EquipmentFormSet,
    OrganizationFormSet,
    PledgeForm,
    TypicalEquipmentFormSet,
    WithdrawForm,
    apply_service_errors,
    equipment_initial,
    organization_initial,
    pledge_input,
    sections_valid,
    typical_equipment,
)
from pcrs.registry.models import (
    CapabilityCategory,
    CapabilityType,
    ChangeStatus,
    Pledge,
    PledgeKind,
    PledgeStatus,
    ReadinessLevel,
    RestrictedTask,
    SelfSustainment,
    by_seniority,
)
from pcrs.registry.validation import M49_REGIONS

PAGE_SIZE = 50

# ?sort= value -> ordering; a leading "-" reverses. Anything else falls back to the default.
SORTS = {
    "title": ("title",),
    "state": ("member_state__name",),
    "capability": ("capability_type__name",),
    "personnel": ("personnel",),
    "available": ("available_from",),
    "status": ("status",),
    "level": ("readiness_level",),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-updated"

ACTION_LABELS = {
    "pledge.create": "Created",
    "pledge.update": "Edited",
    "pledge.submit": "Submitted",
    "pledge.withdraw": "Withdrawn",
    "pledge.activate": "Activated",
    "pledge.deploy": "Deployed",
    "pledge.annotate": "Secretariat note",
    "pledge.readiness_level": "Readiness level changed",
    "pledge.change_requested": "Change requested (pending the Secretariat)",
    "pledge.change_accepted": "Change accepted",
    "pledge.change_rejected": "Change rejected",
    # Moves of the readiness ladder, which owns the status and level.
    "readiness.submit": "Submitted",
    "readiness.acknowledge": "Receipt acknowledged",
    "readiness.return": "Returned with guidance",
    "readiness.resubmit": "Resubmitted",
    "readiness.accept": "Accepted at Level 1",
    "readiness.grant_level_2": "Granted Level 2",
    "readiness.grant_level_3": "Granted Level 3",
    "readiness.grant_rdl": "Granted the Rapid Deployment Level",
    "readiness.lapse": "Lapsed (renewal overdue)",
    "readiness.reinstate": "Renewed and reinstated",
    "readiness.renew": "Renewed",
    "readiness.aav_expired": "Dropped (Level 2 evidence expired)",
    "readiness.verification_expired": "Dropped (RDL verification expired)",
    "readiness.reassess": "Level re-assessed against the evidence",
    "readiness.deploy": "Deployed",
    "readiness.repatriate": "Repatriated",
    "readiness.withdraw": "Withdrawn",
    "readiness.visit.aav": "Assessment and Advisory Visit recorded",
    "readiness.visit.ams": "Assessment for Mission Service recorded",
    "readiness.visit.nomination": "Nomination and vetting recorded",
    "readiness.visit.rdl_verification": "RDL verification recorded",
    "readiness.sur_alignment": "SUR alignment recorded",
    "readiness.rdl_agreement": "RDL agreement recorded",
}
# Codes shown in the history as the words of their field.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {str(k): str(v) for k, v in PledgeStatus.choices},
    "readiness_level": {str(k): str(v) for k, v in ReadinessLevel.choices},
    "kind": {str(k): str(v) for k, v in PledgeKind.choices},
}


def _words(field: str, value: Any) -> Any:
    """A history value in words: statuses, levels and ladder states are not shown as codes."""
    if field in VALUE_LABELS and isinstance(value, str):
        return VALUE_LABELS[field].get(value, value)
    if field == "readiness" and isinstance(value, str):
        return value.replace("_", " ").capitalize()
    return value


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # LoginRequiredMiddleware lets no anonymous user this far
        raise PermissionDenied(gettext("Log in first."))
    return user


def _reads_pledges(user: User) -> bool:
    return user.has_right(Right.PLEDGE_VIEW_ALL) or user.has_right(Right.PLEDGE_VIEW_OWN)


def _may_pledge(user: User) -> bool:
    return user.has_right(Right.PLEDGE_EDIT_ALL) or (
        user.has_right(Right.PLEDGE_EDIT_OWN) and user.member_state_id is not None
    )


def _is_owner(user: User, pledge: Pledge) -> bool:
    return user.has_right(Right.PLEDGE_EDIT_OWN) and user.member_state_id == pledge.member_state_id


def _may_edit(user: User, pledge: Pledge) -> bool:
    return pledge.is_editable and (_is_owner(user, pledge) or user.has_right(Right.PLEDGE_EDIT_ALL))


# ---------------------------------------------------------------- list, search, export


def _visible_filtered(request: HttpRequest) -> tuple[PledgeFilter, QuerySet[Pledge]]:
    """The user's visible pledges, narrowed by the query string (search, filters)."""
    user = _user(request)
    visible = selectors.pledge_search(user=user, query=request.GET.get("q", "")[:200])
    filterset = PledgeFilter(request.GET or None, queryset=visible)
    return filterset, filterset.qs


def _sorted(queryset: QuerySet[Pledge], sort: str) -> tuple[QuerySet[Pledge], str]:
    key = sort.removeprefix("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.removeprefix("-")
    fields = SORTS[key]
    ordering = [f"-{f}" for f in fields] if sort.startswith("-") else list(fields)
    return queryset.order_by(*ordering, "pk"), sort


def _aggregates_instead(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _("Your role sees pledges as aggregates only; here is the overview."),
    )
    return redirect("statistics:aggregates")


def _list_header(sort: str, sees_all: bool) -> list[dict[str, Any]]:
    """The table's columns with the sort each header link asks for (and its aria-sort)."""
    columns = [
        ("title", _("Pledge")),
        *([("state", _("Member State"))] if sees_all else []),
        ("capability", _("Capability type")),
        ("personnel", _("Personnel")),
        ("available", _("Available from")),
        ("status", _("Status")),
        ("level", _("Level")),
        ("updated", _("Updated")),
    ]
    current_key = sort.removeprefix("-")
    descending = sort.startswith("-")
    return [
        {
            "key": key,
            "label": label,
            "next_sort": f"-{key}" if key == current_key and not descending else key,
            "aria_sort": (
                ("descending" if descending else "ascending") if key == current_key else None
            ),
        }
        for key, label in columns
    ]


FILTERS = ("q", "status", "kind", "capability_type", "readiness_level", "member_state", "region")
LIST_FIELDS = (
    *("title", "kind", "personnel", "women", "available_from", "status", "readiness_level"),
    *("updated_at", "is_synthetic", "member_state__name", "capability_type__name"),
)


def pledge_list(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not _reads_pledges(user):
        return _aggregates_instead(request)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return pledge_export(request, fmt)
    filterset, queryset = _visible_filtered(request)
    queryset, sort = _sorted(queryset, request.GET.get("sort", DEFAULT_SORT))
    sees_all = user.has_right(Right.PLEDGE_VIEW_ALL)
    filtered = any(request.GET.get(k) for k in FILTERS)

    def body() -> str:
        # The columns the table shows, not the annexes (JSON read and decoded for nothing).
        page = Paginator(queryset.only(*LIST_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
        form = filterset.form
        return render_to_string(
            "registry/_pledge_list_body.html",
            {
                "page": page,
                "columns": _list_header(sort, sees_all),
                "sort": sort,
                "sees_all": sees_all,
                "may_pledge": _may_pledge(user),
                "filter_errors": form.errors if form.is_bound else {},
                "q": request.GET.get("q", ""),
                "selected_status": request.GET.getlist("status"),
                "selected_level": request.GET.getlist("readiness_level"),
                "selected": request.GET,
                "statuses": PledgeStatus.choices,
                "levels": ReadinessLevel.choices,
                "kinds": PledgeKind.choices,
                "capability_types": selectors.capability_types(include_inactive=True),
                # A semi-join: DISTINCT over the join with every pledge was the slowest read.
                "states": MemberState.objects.filter(
                    pk__in=Pledge.objects.values("member_state_id")
                )
                if sees_all
                else [],
                "regions": sorted(M49_REGIONS),
                "filtered": filtered,
            },
            request,
        )

    # Fifty rows and the filters' options take most of the page's time: rendered once per data
    # version and query for this session (core/freshness, ADR 0065).
    html = freshness.fragment(request, "pledge-list", body, vary=(request.GET.urlencode(),))
    return render(
        request,
        "registry/pledge_list.html",
        {"body": mark_safe(html)},  # noqa: S308 - rendered by our template just above
    )


def pledge_export(request: HttpRequest, fmt: str = core_exports.CSV) -> HttpResponseBase:
    """The list as the user sees it (same selector, search, filters and order), streamed."""
    user = _user(request)
    if not _reads_pledges(user):
        return _aggregates_instead(request)
    _filters, queryset = _visible_filtered(request)
    queryset, _sort = _sorted(queryset, request.GET.get("sort", DEFAULT_SORT))
    return core_exports.export_response(
        columns=exports.PLEDGE_COLUMNS,
        rows=queryset.iterator(chunk_size=core_exports.CHUNK_SIZE),
        name=exports.EXPORT_NAME,
        fmt=core_exports.requested_format(request, default=fmt) or fmt,
    )


# ---------------------------------------------------------------- create and edit


def _formsets(
    request: HttpRequest, pledge: Pledge | None
) -> tuple[Any, Any]:  # (OrganizationFormSet, EquipmentFormSet)
    if request.method == "POST":
        return (
            OrganizationFormSet(request.POST, prefix="org"),
            EquipmentFormSet(request.POST, prefix="equipment"),
        )
    return (
        OrganizationFormSet(initial=organization_initial(pledge), prefix="org"),
        EquipmentFormSet(initial=equipment_initial(pledge), prefix="equipment"),
    )


def _individual_types() -> list[int]:
    return [ct.pk for ct in CapabilityType.objects.all() if ct.is_individual]


def _render_form(
    request: HttpRequest,
    *,
    form: PledgeForm,
    organization: Any,
    equipment: Any,
    sections: dict[str, list[str]],
    pledge: Pledge | None,
) -> HttpResponse:
    return render(
        request,
        "registry/pledge_form.html",
        {
            "form": form,
            "organization": organization,
            "equipment": equipment,
            "sections": sections,
            "section_errors": [
                (key, SECTION_LABELS.get(key, key), errors) for key, errors in sections.items()
            ],
            "pledge": pledge,
            "individual_types": _individual_types(),
            "has_errors": request.method == "POST",
        },
    )


def _draft_made_by(request: HttpRequest, user: User, key: str) -> Pledge | None:
    """The draft an earlier save of this same form made, if it is still an editable draft."""
    pledge_id = request.session.get(f"pledge_draft:{key}") if key else None
    if not pledge_id:
        return None
    pledge = selectors.pledges_visible_to(user).filter(pk=pledge_id).first()
    return pledge if pledge is not None and pledge.status == PledgeStatus.DRAFT else None


def _state_named(request: HttpRequest, choose_state: bool) -> MemberState | None:
    """A State a focal point's request names although the form offers no choice: handed to the
    service, which answers as the API does (only your own State)."""
    iso3 = str(request.POST.get("member_state", ""))[:3].upper()
    if choose_state or not iso3:
        return None
    return MemberState.objects.filter(iso3=iso3).first()


@require_http_methods(["GET", "POST"])
def pledge_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_pledge(user):
        raise PermissionDenied(gettext("Your role cannot make pledges."))
    choose_state = user.has_right(Right.PLEDGE_EDIT_ALL)
    form = PledgeForm(
        request.POST or None, choose_state=choose_state, initial={"draft_key": uuid.uuid4().hex}
    )
    organization, equipment = _formsets(request, None)
    sections: dict[str, list[str]] = {}
    if request.method == "POST":
        valid = sections_valid(form, organization, equipment)
        if valid:
            key = form.cleaned_data.get("draft_key", "")
            earlier = _draft_made_by(request, user, key)
            try:
                if earlier is not None:
                    pledge = services.pledge_update(
                        actor=user,
                        pledge=earlier,
                        data=pledge_input(form, organization, equipment),
                    )
                else:
                    pledge = services.pledge_create(
                        actor=user,
                        data=pledge_input(form, organization, equipment),
                        member_state=form.cleaned_data.get("member_state")
                        or _state_named(request, choose_state),
                    )
            except ValidationError as exc:
                apply_service_errors(form, exc, sections)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if key:
                    request.session[f"pledge_draft:{key}"] = str(pledge.pk)
                messages.success(
                    request,
                    gettext(
                        "Draft pledge saved. Check it below, then submit it to the Secretariat."
                    )
                    if earlier is None
                    else gettext("This form had already been saved: the same draft was updated."),
                )
                return redirect("registry:pledge_detail", pk=pledge.pk)
    return _render_form(
        request,
        form=form,
        organization=organization,
        equipment=equipment,
        sections=sections,
        pledge=None,
    )


@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    if not (_is_owner(user, pledge) or user.has_right(Right.PLEDGE_EDIT_ALL)):
        raise PermissionDenied(gettext("Your role cannot change pledges."))
    if not pledge.is_editable:
        messages.error(
            request,
            gettext("This pledge is %(status)s: it can no longer be edited.")
            % {"status": str(pledge.get_status_display()).lower()},
        )
        return redirect("registry:pledge_detail", pk=pledge.pk)
    keep = list(pledge.caveat_missions.values_list("pk", flat=True))
    if request.method == "POST":
        form = PledgeForm(request.POST, keep_missions=keep)
    else:
        form = PledgeForm(initial=PledgeForm.initial_for(pledge), keep_missions=keep)
    organization, equipment = _formsets(request, pledge)
    sections: dict[str, list[str]] = {}
    if request.method == "POST":
        valid = sections_valid(form, organization, equipment)
        if valid:
            try:
                services.pledge_update(
                    actor=user,
                    pledge=pledge,
                    data=pledge_input(form, organization, equipment),
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConcurrentChangeError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_service_errors(form, exc, sections)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if services.pending_change_request(pledge) is not None:
                    messages.warning(
                        request,
                        gettext(
                            "This pledge is verified: the changes that matter to its level are "
                            "now a change request pending the Secretariat's decision (see below). "
                            "Any other changes were saved."
                        ),
                    )
                else:
                    messages.success(
                        request, gettext("Changes saved; the history below records them.")
                    )
                return redirect("registry:pledge_detail", pk=pledge.pk)
        return _render_form(
            request,
            form=form,
            organization=organization,
            equipment=equipment,
            sections=sections,
            pledge=pledge,
        )
    return _render_form(
        request,
        form=form,
        organization=organization,
        equipment=equipment,
        sections=sections,
        pledge=pledge,
    )


# ---------------------------------------------------------------- detail and actions


def _display(value: Any) -> str:
    if value is None or value in ("", []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _history_rows(events: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        rows.append(
            {
                "at": event.at,
                "who": event.actor.username if event.actor else "system",
                "action": ACTION_LABELS.get(
                    event.action, event.action.split(".")[-1].replace("_", " ").capitalize()
                ),
                "note": event.note,
                "changes": [
                    {
                        "field": str(change.get("field", "")).replace("_", " "),
                        "old": _display(_words(str(change.get("field")), change.get("old"))),
                        "new": _display(_words(str(change.get("field")), change.get("new"))),
                        "created": event.action == "pledge.create",
                    }
                    for change in event.changes
                ],
            }
        )
    return rows


def pledge_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    owner = _is_owner(user, pledge)
    return render(
        request,
        "registry/pledge_detail.html",
        {
            "pledge": pledge,
            "organization": by_seniority(list(pledge.organization.all())),
            "equipment": list(pledge.equipment.all()),
            "caveat_missions": list(pledge.caveat_missions.all()),
            "self_sustainment": _labels(pledge.self_sustainment, SelfSustainment.choices),
            "restricted_tasks": _labels(pledge.restricted_tasks, RestrictedTask.choices),
            "annotations": selectors.pledge_annotations_for(user=user, pledge=pledge),
            "history": _history_rows(selectors.pledge_history_for(user=user, pledge=pledge)),
            "may_edit": _may_edit(user, pledge),
            "may_submit": owner and pledge.status == PledgeStatus.DRAFT,
            "may_withdraw": owner and pledge.is_editable,
            "may_annotate": user.has_right(Right.PLEDGE_ANNOTATE),
            "change_request": services.pending_change_request(pledge),
            "decided_requests": pledge.change_requests.exclude(status=ChangeStatus.PENDING)[:3],
            "may_decide": user.has_right(Right.PLEDGE_EDIT_ALL),
            "sees_all": user.has_right(Right.PLEDGE_VIEW_ALL),
            "withdraw_form": WithdrawForm(initial={"version": pledge.version}),
            "annotation_form": AnnotationForm(),
        },
    )


# ---------------------------------------------------------------- the annex workbook


def pledge_annex_download(request: HttpRequest, pk: Any) -> HttpResponse:
    pledge = selectors.access_pledge(user=_user(request), pledge_id=pk)
    response = HttpResponse(annex.build_workbook(pledge), content_type=annex.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{annex.filename(pledge)}"'
    response["Cache-Control"] = "no-store"
    return response


def _annex_report(request: HttpRequest, pledge: Pledge, problems: list[Any]) -> HttpResponse:
    return render(
        request,
        "registry/annex_report.html",
        {"pledge": pledge, "problems": problems},
        status=400,
    )


@require_POST
def pledge_annex_upload(request: HttpRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    if not _may_edit(user, pledge):
        raise PermissionDenied(_("You cannot change this pledge."))
    # The declared size is checked before the body is parsed (a 50 MB file is never read).
    declared = str(request.META.get("CONTENT_LENGTH") or "0")
    if declared.isdigit() and int(declared) > annex.max_upload_bytes() + MULTIPART_SLACK:
        return _annex_report(request, pledge, [annex.too_large_problem(int(declared))])
    upload = request.FILES.get("workbook")
    if upload is None:
        problem = annex.Problem("", None, "", _("Choose the filled annex workbook (.xlsx)."))
        return _annex_report(request, pledge, [problem])
    if upload.size is not None and upload.size > annex.max_upload_bytes():
        return _annex_report(request, pledge, [annex.too_large_problem(upload.size)])
    try:
        annex.annex_apply(actor=user, pledge=pledge, content=upload.read())
    except annex.AnnexInvalid as exc:
        return _annex_report(request, pledge, exc.problems)
    pledge.refresh_from_db()
    if services.pending_change_request(pledge) is not None:
        messages.info(
            request,
            _(
                "The workbook was read. Its material changes wait for the Secretariat's "
                "decision as a change request; the other changes apply now."
            ),
        )
    else:
        messages.success(request, _("The workbook was read and the pledge updated."))
    return redirect("registry:pledge_detail", pk=pledge.pk)


# A multipart body carries its boundaries and headers around the file.
MULTIPART_SLACK = 64 * 1024


def _labels(values: list[str], choices: list[tuple[str, Any]]) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(v, v)) for v in values]


@require_POST
def pledge_annotate(request: HttpRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    if not user.has_right(Right.PLEDGE_ANNOTATE):
        raise PermissionDenied(gettext("Only the Secretariat annotates pledges."))
    form = AnnotationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(
                request,
                gettext("Secretariat note: %(errors)s")
                % {"errors": " ".join(str(e) for e in errors)},
            )
        return redirect("registry:pledge_detail", pk=pledge.pk)
    try:
        services.pledge_annotate(
            actor=user,
            pledge=pledge,
            text=form.cleaned_data["text"],
            shared_with_state=form.cleaned_data["shared_with_state"],
        )
    except ValidationError as exc:
        messages.error(
            request, gettext("Secretariat note: %(errors)s") % {"errors": " ".join(exc.messages)}
        )
    else:
        shared = form.cleaned_data["shared_with_state"]
        messages.success(
            request,
            gettext("Note added and shared with the State.")
            if shared
            else gettext("Note added (Secretariat only)."),
        )
    return redirect("registry:pledge_detail", pk=pledge.pk)


# ---------------------------------------------------------------- capability catalogue


def catalogue(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    may_edit = user.has_right(Right.CATALOGUE_EDIT)
    entries = selectors.capability_types(include_inactive=may_edit)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.CATALOGUE_COLUMNS, rows=entries, name="capability-catalogue", fmt=fmt
        )
    by_category: dict[str, list[CapabilityType]] = defaultdict(list)
    for entry in entries:
        by_category[entry.category].append(entry)
    sections = [
        (label, by_category[value])
        for value, label in CapabilityCategory.choices
        if by_category.get(value)
    ]
    return render(request, "registry/catalogue.html", {"sections": sections, "may_edit": may_edit})


@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    if not user.has_right(Right.CATALOGUE_EDIT):
        raise PermissionDenied(gettext("Only the Secretariat edits the capability catalogue."))
    entry = get_object_or_404(selectors.capability_types(include_inactive=True), code=code)
    sections: dict[str, list[str]] = {}
    if request.method == "POST":
        form = CapabilityTypeForm(request.POST)
        equipment = TypicalEquipmentFormSet(request.POST, prefix="equipment")
        if form.is_valid() & equipment.is_valid():
            try:
                services.capability_type_update(
                    actor=user,
                    capability_type=entry,
                    changes={
                        **form.cleaned_data,
                        "typical_equipment": typical_equipment(equipment),
                    },
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, sections)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, gettext("%(name)s saved.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("registry:catalogue")
    else:
        form = CapabilityTypeForm(
            initial={
                "name": entry.name,
                "description": entry.description,
                "typical_size": entry.typical_size,
                "is_active": entry.is_active,
            }
        )
        equipment = TypicalEquipmentFormSet(initial=entry.typical_equipment, prefix="equipment")
    return render(
        request,
        "registry/catalogue_form.html",
        {"entry": entry, "form": form, "equipment": equipment, "sections": sections},
    )


# ---------------------------------------------------------------- home page panel


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """What the registry puts on each user's home page (registered in RegistryConfig.ready)."""
    user = request.user
    if not isinstance(user, User) or not user.has_right(Right.AGGREGATES_VIEW):
        return None
    totals = selectors.pledge_totals(user=user)
    panel: dict[str, Any] = {"template": "registry/_home_panel.html", "totals": totals}
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        panel["mode"] = "secretariat"
    elif user.has_right(Right.PLEDGE_VIEW_OWN) and user.member_state_id:
        own = totals.get("own_by_status", {})
        panel["mode"] = "state"
        panel["state"] = user.member_state
        panel["by_status"] = [
            (value, label, own.get(value, 0)) for value, label in PledgeStatus.choices
        ]
        panel["own_total"] = sum(own.values())
    else:
        return None  # system-wide figures: the statistics panel (published, ADR 0050)
    return panel
