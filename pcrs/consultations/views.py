"""Consultation pages: list, record a meeting, a meeting's records, action items, notices.

Thin: selectors decide what a user sees (the same 404 for hidden and missing), services write.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcrs.accounts.models import User
from pcrs.consultations import exports, followup, forms, permissions, selectors, services
from pcrs.consultations.models import Notification
from pcrs.core import exports as core_exports
from pcrs.memberstates.models import MemberState
from pcrs.missions.forms import apply_errors
from pcrs.missions.models import Mission


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _errors(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        apply_errors(form, exc)
    elif isinstance(exc, services.DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def meeting_list(request: HttpRequest) -> HttpResponseBase:
    meetings = selectors.meetings_visible_to(request.user)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.MEETING_COLUMNS,
            rows=meetings.iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="consultations",
            fmt=fmt,
        )
    return render(
        request,
        "consultations/meeting_list.html",
        {"meetings": meetings, "may_record": permissions.may_record(request.user)},
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_record(request.user):
        raise PermissionDenied(_("Only the Secretariat can record consultations."))
    if request.method == "POST":
        form = forms.MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    actor=_actor(request),
                    mission=data["mission"],
                    kind=data["kind"],
                    date=data["date"],
                    chair=data["chair"],
                    agenda=data["agenda"],
                )
            except (services.DomainError, ValidationError) as exc:
                _errors(form, exc)
            else:
                messages.success(
                    request, _("Meeting recorded: %(meeting)s.") % {"meeting": meeting}
                )
                return redirect("consultations:meeting_detail", meeting_id=meeting.pk)
    else:
        form = forms.MeetingForm(
            initial={"mission": request.GET.get("mission"), "date": timezone.localdate()}
        )
    form.fields["mission"].queryset = Mission.objects.filter(is_active=True)  # type: ignore[attr-defined]
    return render(request, "consultations/meeting_form.html", {"form": form})


def meeting_detail(request: HttpRequest, meeting_id: str) -> HttpResponse:
    view = selectors.access_meeting(user=request.user, meeting_id=meeting_id)
    meeting = view.meeting
    may_record = permissions.may_record(request.user)
    context: dict[str, Any] = {"view": view, "meeting": meeting, "may_record": may_record}
    if view.participant:
        context.update(
            {
                "invitees": meeting.invitees.select_related("member_state"),
                "documents": selectors.meeting_documents(view),
                "decisions": meeting.decisions.all(),
                "action_items": meeting.action_items.select_related("owner_state"),
            }
        )
    if may_record:
        context.update(
            {
                "records_form": forms.RecordsForm(
                    initial={
                        "chair": meeting.chair,
                        "agenda": meeting.agenda,
                        "minutes": meeting.minutes,
                    }
                ),
                "invite_form": forms.InviteForm(),
                "decision_form": forms.DecisionForm(meeting=meeting),
                "summary_form": forms.SummaryForm(initial={"summary": meeting.public_summary}),
                "item_form": forms.ActionItemForm(meeting=meeting),
            }
        )
    return render(request, "consultations/meeting_detail.html", context)


def _secretariat_post(request: HttpRequest, meeting_id: str) -> Any:
    view = selectors.access_meeting(user=request.user, meeting_id=meeting_id)
    if not permissions.may_record(request.user):
        raise PermissionDenied(_("Only the Secretariat can change a meeting's records."))
    return view.meeting


def _done(request: HttpRequest, meeting: Any, form: Any, run: Any, ok: str) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except (services.DomainError, ValidationError) as exc:
            _errors(form, exc)
        else:
            messages.success(request, ok)
            return redirect("consultations:meeting_detail", meeting_id=meeting.pk)
    problems = [
        f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in form.errors.items()
    ]
    messages.error(request, _("Nothing was changed. ") + " ".join(problems))
    return redirect("consultations:meeting_detail", meeting_id=meeting.pk)


@require_POST
def meeting_records(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = _secretariat_post(request, meeting_id)
    return _done(
        request,
        meeting,
        forms.RecordsForm(request.POST),
        lambda d: services.meeting_update(
            actor=_actor(request),
            meeting=meeting,
            chair=d["chair"],
            agenda=d["agenda"],
            minutes=d["minutes"],  # type: ignore[arg-type]
        ),
        _("Records saved."),
    )


@require_POST
def meeting_invite(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = _secretariat_post(request, meeting_id)
    return _done(
        request,
        meeting,
        forms.InviteForm(request.POST),
        lambda d: services.invitee_add(
            actor=_actor(request),
            meeting=meeting,
            member_state=d["member_state"],
            office=d["office"],
            reason=d["reason"],
        ),
        _("Invitation added."),
    )


@require_POST
def meeting_decision(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = _secretariat_post(request, meeting_id)
    return _done(
        request,
        meeting,
        forms.DecisionForm(request.POST, meeting=meeting),
        lambda d: services.decision_record(
            actor=_actor(request),  # type: ignore[arg-type]
            meeting=meeting,
            text=d["text"],
            generation_case=d["generation_case"],
        ),
        _("Decision recorded."),
    )


@require_POST
def meeting_summary(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = _secretariat_post(request, meeting_id)
    return _done(
        request,
        meeting,
        forms.SummaryForm(request.POST),
        lambda d: services.meeting_summary_publish(
            actor=_actor(request),
            meeting=meeting,
            summary=d["summary"],  # type: ignore[arg-type]
        ),
        _("Public summary published."),
    )


def owner_from_choice(value: str) -> tuple[MemberState | None, str]:
    kind, _sep, key = value.partition(":")
    if kind == "state":
        state = MemberState.objects.filter(iso3=key).first()
        if state is None:
            raise services.DomainError(
                _("No Member State %(code)r.") % {"code": key}, field="owner"
            )
        return state, ""
    return None, key


@require_POST
def meeting_action_item(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = _secretariat_post(request, meeting_id)

    def run(d: dict[str, Any]) -> None:
        state, office = owner_from_choice(d["owner"])
        decision = meeting.decisions.filter(pk=d["decision"]).first() if d["decision"] else None
        services.action_item_create(
            actor=_actor(request),
            meeting=meeting,
            title=d["title"],
            due_on=d["due_on"],
            owner_state=state,
            owner_office=office,
            decision=decision,
        )

    return _done(
        request,
        meeting,
        forms.ActionItemForm(request.POST, meeting=meeting),
        run,
        _("Action item assigned."),
    )


def action_item_list(request: HttpRequest) -> HttpResponseBase:
    user: Any = request.user
    items = selectors.action_items_visible_to(user)
    state_id = permissions.focal_state_id(user)
    if state_id is not None:
        items = items.filter(owner_state_id=state_id)
    if request.GET.get("all") != "1":
        items = items.filter(status__in=["open", "in_progress"])
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.ACTION_ITEM_COLUMNS,
            rows=items.iterator(chunk_size=core_exports.CHUNK_SIZE),
            name="action-items",
            fmt=fmt,
        )
    return render(
        request,
        "consultations/action_item_list.html",
        {"items": items, "show_all": request.GET.get("all") == "1"},
    )


@require_http_methods(["GET", "POST"])
def action_item_detail(request: HttpRequest, item_id: str) -> HttpResponse:
    item = selectors.access_action_item(user=request.user, item_id=item_id)
    who = services.who_is(request.user, item)  # type: ignore[arg-type]
    form = forms.MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_move(
                actor=_actor(request),
                item=item,
                move=form.cleaned_data["move"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("version"),
            )
        except followup.MoveNotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except services.DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("consultations:action_item_detail", item_id=item.pk)
    return render(
        request,
        "consultations/action_item_detail.html",
        {
            "item": item,
            "form": form,
            "moves": followup.moves_for(who=who, status=item.status),
        },
    )


@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(actor=_actor(request))  # type: ignore[arg-type]
        return redirect("consultations:notifications")
    notices = Notification.objects.filter(user=request.user)[:100]  # type: ignore[misc]
    return render(request, "consultations/notifications.html", {"notices": notices})


# --- Panels other pages show (registered in apps.py) -------------------------------------------


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """A focal point's own State's open action items; the Secretariat's overdue count."""
    user: Any = request.user
    if permissions.focal_state_id(user) is not None:
        mine = list(selectors.state_open_action_items(user)[:20])
        return {"template": "consultations/_home_panel.html", "items": mine, "state": True}
    if permissions.is_secretariat(user):
        items = selectors.action_items_visible_to(user).filter(status__in=["open", "in_progress"])
        return {
            "template": "consultations/_home_panel.html",
            "state": False,
            "open": items.count(),
            "overdue": items.filter(overdue_since__isnull=False).count(),
        }
    return None


def notifications_panel(request: HttpRequest) -> dict[str, Any] | None:
    unread = selectors.unread_notifications(request.user)
    if not unread.exists():
        return None
    return {
        "template": "consultations/_notifications_panel.html",
        "notices": list(unread[:5]),
        "count": unread.count(),
    }


def mission_panel(request: HttpRequest, mission: Mission) -> dict[str, Any] | None:
    """The mission's consultation history, beside its gaps on the mission page."""
    meetings = list(selectors.mission_consultations(user=request.user, mission=mission))
    participant = {
        m.pk for m in selectors.participant_meetings(request.user).filter(mission=mission)
    }
    return {
        "template": "consultations/_mission_panel.html",
        "mission": mission,
        "rows": [{"meeting": m, "participant": m.pk in participant} for m in meetings],
        "may_record": permissions.may_record(request.user) and mission.is_active,
    }
