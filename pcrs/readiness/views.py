"""Readiness pages. Thin: selectors read (and decide visibility), services write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core import exports as core_exports
from pcrs.core.errors import DomainError, NotVisible
from pcrs.readiness import exports, ladder, notify, selectors, services
from pcrs.readiness.forms import (
    ChangeDecisionForm,
    MoveForm,
    RdlAgreementForm,
    RenewForm,
    SurAlignmentForm,
    VersionedForm,
    VisitForm,
)
from pcrs.readiness.ladder import Who
from pcrs.readiness.models import LadderState, ReadinessRecord, UnitRequirement, VisitPurpose
from pcrs.registry import services as registry_services
from pcrs.registry.forms import VersionForm, WithdrawForm
from pcrs.registry.models import Pledge


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_manager(request: HttpRequest) -> None:
    if not _user(request).has_right(Right.READINESS_MANAGE):
        raise PermissionDenied(_("The Secretariat's readiness pages."))


# ---------------------------------------------------------------------------------------------
# Lists.


@require_GET
def overview(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not user.has_right(Right.READINESS_MANAGE):
        if user.has_right(Right.PLEDGE_EDIT_OWN):
            return redirect("readiness:mine")
        raise PermissionDenied(_("The readiness overview is for the Secretariat."))
    today = timezone.localdate()
    data = selectors.readiness_overview(user=user, today=today)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        if request.GET.get("list") == "flow":
            columns, rows, name = exports.OVERVIEW_FLOW_COLUMNS, data["flow"], "flow"
        else:
            columns, rows, name = exports.OVERVIEW_DETAIL_COLUMNS, data["detail"], "by-level"
        return core_exports.export_response(
            columns=columns, rows=rows, name=f"readiness-{name}", fmt=fmt
        )
    chart = {
        "levels": [str(label) for _code, label in data["columns"]],
        "pledges": [cell[0] for cell in data["totals"]],
        "personnel": [cell[1] for cell in data["totals"]],
        "months": [formats.date_format(month, "YEAR_MONTH_FORMAT") for month, _v in data["flow"]],
        "up": [v["up"] for _month, v in data["flow"]],
        "down": [v["down"] for _month, v in data["flow"]],
        "lapsed": [v["lapsed"] for _month, v in data["flow"]],
        # The charts' legends, in the page's language.
        "labels": {
            "pledges": _("Pledges"),
            "up": _("Moved up"),
            "down": _("Dropped (expiry)"),
            "lapsed": _("Lapsed"),
        },
    }
    return render(
        request,
        "readiness/overview.html",
        {
            **data,
            "chart": chart,
            "level_rows": list(
                zip(chart["levels"], chart["pledges"], chart["personnel"], strict=True)
            ),
            "pivots": [
                (_("By capability type"), data["by_type"], "by-type"),
                (_("By region"), data["by_region"], "by-region"),
            ],
            "today": today,
        },
    )


QUEUE_PAGE_SIZE = 50


@require_GET
def queue(request: HttpRequest) -> HttpResponseBase:
    """The work queue; every list pages through all its items (?<list>_page=N)."""
    _require_manager(request)
    today = timezone.localdate()
    q = selectors.work_queue(user=_user(request), today=today)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.QUEUE_COLUMNS,
            rows=exports.queue_rows(q),
            name="readiness-queue",
            fmt=fmt,
        )

    def page(name: str, items: Any) -> Any:
        key = f"{name}_page"
        result: Any = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get(key))

        def url(number: int) -> str:
            query = request.GET.copy()
            query[key] = str(number)
            return f"?{query.urlencode()}"

        result.prev_url = url(result.previous_page_number()) if result.has_previous() else ""
        result.next_url = url(result.next_page_number()) if result.has_next() else ""
        return result

    pages = {
        name: page(name, q[name])
        for name in (
            "changes_to_decide",
            "to_acknowledge",
            "to_decide",
            "aav_to_record",
            "verification_to_record",
            "overdue",
        )
    }
    expiring = [(days, page(f"due_{days}", records)) for days, records in q["expiring"]]
    return render(
        request,
        "readiness/queue.html",
        {"q": q, "pages": pages, "expiring": expiring, "today": today},
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if user.has_right(Right.READINESS_MANAGE):
        return redirect("readiness:queue")
    if not user.has_right(Right.PLEDGE_VIEW_OWN):
        raise PermissionDenied(_("Pledges by level are shown to the pledging State."))
    today = timezone.localdate()
    groups = [
        (state, ladder.state_label(state), rows)
        for state, rows in selectors.pledges_by_level(user=user, today=today)
    ]
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.MINE_COLUMNS,
            rows=exports.mine_rows(groups),
            name="my-pledges-by-level",
            fmt=fmt,
        )
    return render(request, "readiness/mine.html", {"groups": groups, "today": today})


# ---------------------------------------------------------------------------------------------
# One pledge: the page and its forms.


def _page(
    request: HttpRequest, pledge_id: str, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    pledge, record = selectors.access_readiness(user=user, pledge_id=pledge_id)
    today = timezone.localdate()
    view = selectors.pledge_readiness(user=user, pledge=pledge, today=today)
    version = record.version
    forms = forms or {}
    registry_url = notify.pledge_links(pledge.pk)[1].removeprefix(settings.SITE_URL.rstrip("/"))
    context: dict[str, Any] = {
        "r": view,
        "registry_url": registry_url,
        "today": today,
        "policy": ladder.policy_on(today),
        "move_form": forms.get("move") or MoveForm(initial={"version": version}),
        "renew_form": forms.get("renew") or RenewForm(initial={"version": version}),
        "is_secretariat": view.who == Who.SECRETARIAT,
        "change_request": registry_services.pending_change_request(pledge),
        "can_renew": view.who in (Who.STATE, Who.SECRETARIAT)
        and (record.is_level or record.state == LadderState.LAPSED),
    }
    if view.who == Who.SECRETARIAT:
        level_2 = ladder.level_2_purpose(pledge)
        context["level_2_name"] = VisitPurpose(level_2).label
        context["aav_form"] = forms.get(level_2) or VisitForm(
            domains=view.domains,
            purpose=level_2,
            initial={"version": version, "purpose": level_2, "end_date": today},
        )
        context["verification_form"] = forms.get("rdl_verification") or VisitForm(
            domains=[],
            purpose=VisitPurpose.RDL_VERIFICATION,
            initial={"version": version, "purpose": VisitPurpose.RDL_VERIFICATION},
        )
        context["sur_form"] = forms.get("sur") or SurAlignmentForm(
            surs=_surs(pledge), initial={"version": version, "agreed_on": today}
        )
        context["rdl_form"] = forms.get("rdl") or RdlAgreementForm(
            initial={"version": version, "signed_on": today}
        )
        context["show_aav"] = record.is_level
        context["show_verification"] = record.state in (LadderState.LEVEL_3, LadderState.RDL)
        context["show_sur"] = record.state in (
            LadderState.LEVEL_2,
            LadderState.LEVEL_3,
            LadderState.RDL,
        )
        context["show_rdl"] = record.state in (LadderState.LEVEL_3, LadderState.RDL)
    return render(request, "readiness/pledge.html", context, status=status)


def _surs(pledge: Pledge) -> Any:
    return UnitRequirement.objects.filter(
        capability_type_id=pledge.capability_type_id, is_current=True
    )


@require_GET
def pledge_readiness(request: HttpRequest, pledge_id: str) -> HttpResponse:
    return _page(request, pledge_id)


def _done(request: HttpRequest, pledge_id: str, message: str) -> HttpResponseRedirect:
    messages.success(request, message)
    return redirect(reverse("readiness:pledge", args=[pledge_id]))


def _refused(
    request: HttpRequest, pledge_id: str, key: str, form: VersionedForm, exc: Exception
) -> HttpResponse:
    form.apply_error(exc)
    messages.error(request, _("Nothing was changed: see the messages on the form below."))
    return _page(request, pledge_id, forms={key: form}, status=400)


REFUSALS = (DomainError, ValidationError)


@require_POST
def pledge_move(request: HttpRequest, pledge_id: str) -> HttpResponse:
    pledge, _record = selectors.access_readiness(user=_user(request), pledge_id=pledge_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, pledge_id, forms={"move": form}, status=400)
    try:
        outcome = services.readiness_move(
            actor=_user(request),
            pledge=pledge,
            move=form.cleaned_data["move"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except REFUSALS as exc:
        return _refused(request, pledge_id, "move", form, exc)
    label = ladder.MOVES[form.cleaned_data["move"]].label
    return _done(
        request,
        pledge_id,
        _("%(move)s: done. The pledge is now %(level)s.")
        % {"move": label, "level": ladder.state_label(outcome.record.state)},
    )


@require_POST
def pledge_renew(request: HttpRequest, pledge_id: str) -> HttpResponse:
    pledge, _record = selectors.access_readiness(user=_user(request), pledge_id=pledge_id)
    form = RenewForm(request.POST)
    if not form.is_valid():
        return _page(request, pledge_id, forms={"renew": form}, status=400)
    try:
        record: ReadinessRecord = services.readiness_renew(
            actor=_user(request),
            pledge=pledge,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except REFUSALS as exc:
        return _refused(request, pledge_id, "renew", form, exc)
    return _done(
        request,
        pledge_id,
        _("Renewed: the next renewal is due by %(date)s.")
        % {
            "date": formats.date_format(record.renewal_due, "DATE_FORMAT")
            if record.renewal_due
            else ""
        },
    )


@require_POST
def pledge_visit(request: HttpRequest, pledge_id: str) -> HttpResponse:
    _require_manager(request)
    pledge, _record = selectors.access_readiness(user=_user(request), pledge_id=pledge_id)
    purpose = request.POST.get("purpose", VisitPurpose.AAV)
    if purpose not in VisitPurpose.values:
        purpose = VisitPurpose.AAV
    level_2 = purpose in services.LEVEL_2_PURPOSES
    domains = services.applicable_domains(pledge) if level_2 else []
    form = VisitForm(request.POST, domains=domains, purpose=purpose)
    if not form.is_valid():
        return _page(request, pledge_id, forms={purpose: form}, status=400)
    try:
        visit = services.visit_record(
            actor=_user(request),
            pledge=pledge,
            purpose=purpose,
            start_date=form.cleaned_data["start_date"],
            end_date=form.cleaned_data["end_date"],
            team=form.team_members(),
            successful=form.cleaned_data["successful"],
            summary=form.cleaned_data["summary"],
            results=form.results(),
            candidates_presented=form.cleaned_data.get("candidates_presented"),
            candidates_passed=form.cleaned_data.get("candidates_passed"),
            expected_version=form.cleaned_data["version"],
        )
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except REFUSALS as exc:
        return _refused(request, pledge_id, purpose, form, exc)
    return _done(request, pledge_id, _("Recorded: %(what)s.") % {"what": visit})


@require_POST
def pledge_sur_alignment(request: HttpRequest, pledge_id: str) -> HttpResponse:
    _require_manager(request)
    user = _user(request)
    pledge, _record = selectors.access_readiness(user=user, pledge_id=pledge_id)
    form = SurAlignmentForm(request.POST, surs=_surs(pledge))
    if not form.is_valid():
        return _page(request, pledge_id, forms={"sur": form}, status=400)
    try:
        alignment = services.sur_alignment_record(
            actor=user,
            pledge=pledge,
            sur=form.cleaned_data["sur"],
            agreed_on=form.cleaned_data["agreed_on"],
            variations=form.variation_lines(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except REFUSALS as exc:
        return _refused(request, pledge_id, "sur", form, exc)
    return _done(request, pledge_id, _("Recorded: %(what)s.") % {"what": alignment})


@require_POST
def pledge_rdl_agreement(request: HttpRequest, pledge_id: str) -> HttpResponse:
    _require_manager(request)
    pledge, _record = selectors.access_readiness(user=_user(request), pledge_id=pledge_id)
    form = RdlAgreementForm(request.POST)
    if not form.is_valid():
        return _page(request, pledge_id, forms={"rdl": form}, status=400)
    try:
        agreement = services.rdl_agreement_record(
            actor=_user(request),
            pledge=pledge,
            signed_on=form.cleaned_data["signed_on"],
            deploy_within_days=form.cleaned_data["deploy_within_days"],
            reference=form.cleaned_data["reference"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except REFUSALS as exc:
        return _refused(request, pledge_id, "rdl", form, exc)
    return _done(request, pledge_id, _("Recorded: %(what)s.") % {"what": agreement})


# ---------------------------------------------------------------------------------------------
# The registry pledge page's lifecycle buttons (submit, withdraw) and change-request decisions:
# they post here, because the ladder owns the pledge's status (ADR 0040), and come back.


def _owner_pledge(request: HttpRequest, pk: Any) -> Pledge:
    """A State's own act on its pledge: 404 if not visible, 403 if not its own."""
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    if not (
        user.has_right(Right.PLEDGE_EDIT_OWN) and user.member_state_id == pledge.member_state_id
    ):
        raise PermissionDenied(_("Only the pledging State's focal point can do this."))
    return pledge


def _back_to_pledge(pledge: Pledge) -> HttpResponseRedirect:
    return redirect(reverse("registry:pledge_detail", args=[pledge.pk]))


@require_POST
def pledge_submit(request: HttpRequest, pk: Any) -> HttpResponse:
    pledge = _owner_pledge(request, pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.readiness_submit(actor=_user(request), pledge=pledge, expected_version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Pledge submitted to the Secretariat; it will acknowledge receipt.")
        )
    return _back_to_pledge(pledge)


@require_POST
def pledge_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    pledge = _owner_pledge(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = _("Reason") if field == "reason" else field
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return _back_to_pledge(pledge)
    try:
        services.readiness_withdraw(
            actor=_user(request),
            pledge=pledge,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pledge withdrawn. It stays in the registry with its history."))
    return _back_to_pledge(pledge)


@require_POST
def change_request_decide(request: HttpRequest, pk: Any, request_id: int) -> HttpResponse:
    """Accept (the level is re-assessed) or reject (with a reason) a pending change request."""
    user = _user(request)
    pledge = selectors.access_pledge(user=user, pledge_id=pk)
    change = pledge.change_requests.filter(pk=request_id).first()
    if change is None:
        raise NotVisible()
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
        return _back_to_pledge(pledge)
    try:
        if form.cleaned_data["decision"] == "accept":
            outcome = services.change_request_accept(
                actor=user, change_request=change, note=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Change accepted. The pledge is now %(level)s: %(note)s")
                % {"level": ladder.state_label(outcome.record.state), "note": outcome.change.note},
            )
        else:
            registry_services.change_request_reject(
                actor=user, change_request=change, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Change rejected; the State sees your reason."))
    except ladder.MoveNotPermitted as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_pledge(pledge)


# ---------------------------------------------------------------------------------------------
# Home panel.


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    if user.has_right(Right.READINESS_MANAGE):  # type: ignore[union-attr]
        q = selectors.work_queue(user=user, today=today)  # type: ignore[arg-type]
        return {
            "template": "readiness/_home_panel.html",
            "secretariat": True,
            # The same querysets as the queue's lists, each linking to its list.
            "counts": [
                (
                    "Changes to verified pledges, to decide",
                    q["changes_to_decide"].count(),
                    "changes",
                ),
                ("Submitted, to acknowledge", q["to_acknowledge"].count(), "to-acknowledge"),
                ("Acknowledged, to accept or return", q["to_decide"].count(), "to-decide"),
                ("Level 1, waiting for Level 2 evidence", q["aav_to_record"].count(), "visits"),
                ("Renewals overdue", q["overdue"].count(), "overdue"),
                ("Renewals due within 30 days", q["expiring"][0][1].count(), "expiring"),
            ],
        }
    if user.has_right(Right.PLEDGE_EDIT_OWN) and user.member_state_id:  # type: ignore[union-attr]
        counts = selectors.own_counts(user=user, today=today)  # type: ignore[arg-type]
        return {"template": "readiness/_home_panel.html", "secretariat": False, **counts}
    return None
