"""Partnership pages: needs, matching, partnerships, offers, a State's support picture, a
region's view, TPP courses, a joint pledge's parts.

Thin: selectors decide what a user sees (the same 404 for hidden and missing), services write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcrs.core import exports as core_exports
from pcrs.core.errors import DomainError
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.partnerships import (
    deconfliction,
    exports,
    forms,
    lifecycle,
    permissions,
    selectors,
    services,
)
from pcrs.partnerships.matching import rank_offers
from pcrs.partnerships.models import PartnershipStatus
from pcrs.partnerships.profile import contributor_profile
from pcrs.readiness.ladder import MOVES
from pcrs.registry.selectors import access_pledge


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return " ".join(
                f"{name}: {m}" if name != "__all__" else str(m)
                for name, errs in exc.error_dict.items()
                for e in errs
                for m in e
            )
        return " ".join(exc.messages)
    if isinstance(exc, DomainError):
        return exc.message
    return str(exc)


def _apply_errors(form: Any, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errs in exc.error_dict.items():
            target = name if name in form.fields else None
            for e in errs:
                for m in e:
                    form.add_error(target, m if target else f"{name}: {m}")
    elif isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        form.add_error(None, _error_text(exc))


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """One of the page's lists (?list=needs|offers|partnerships), as the user sees it."""
    user = request.user
    which = request.GET.get("list", "needs")
    rows: Iterator[Any]
    if which == "offers":
        columns = exports.OFFER_COLUMNS
        rows = selectors.offers_visible_to(user).iterator(chunk_size=core_exports.CHUNK_SIZE)
    elif which == "partnerships":
        columns = exports.PARTNERSHIP_COLUMNS
        rows = selectors.partnerships_visible_to(user).iterator(chunk_size=core_exports.CHUNK_SIZE)
    else:
        which, columns, rows = "needs", exports.NEED_COLUMNS, iter(selectors.needs_visible_to(user))
    return core_exports.export_response(
        columns=columns, rows=rows, name=f"partnership-{which}", fmt=fmt
    )


def index(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    secretariat = permissions.is_secretariat(user)
    own = permissions.focal_state_id(user)
    if not secretariat and own is None:
        raise Http404(selectors.NOT_FOUND)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return _export(request, fmt)
    return render(
        request,
        "partnerships/index.html",
        {
            "secretariat": secretariat,
            "own_state": MemberState.objects.filter(pk=own).first() if own else None,
            "needs": selectors.needs_visible_to(user),
            "partnerships": selectors.partnerships_visible_to(user)[:200],
            "offers": selectors.offers_visible_to(user)[:200],
            "courses": selectors.tpp_courses_visible_to(user)[:50],
            "organizations": RegionalOrganization.objects.all(),
        },
    )


def match(request: HttpRequest) -> HttpResponse:
    """The Secretariat's ranked offers for one need, with the reasons, and a propose form."""
    if not permissions.may_propose(request.user):
        raise Http404(selectors.NOT_FOUND)
    today = timezone.localdate()
    need = selectors.access_need(user=request.user, key=request.GET.get("need", ""), today=today)
    matches = rank_offers(need, selectors.open_offers(), today=today)
    return render(
        request,
        "partnerships/match.html",
        {
            "need": need,
            "matches": matches,
            "start_on": today,
            "end_on": today + dt.timedelta(days=90),
        },
    )


@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    if not permissions.may_propose(request.user):
        raise PermissionDenied(_("Only the Secretariat proposes partnerships."))
    form = forms.ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the start and end dates."))
        return redirect(f"{reverse('partnerships:match')}?need={request.POST.get('need', '')}")
    data = form.cleaned_data
    today = timezone.localdate()
    need = selectors.access_need(user=request.user, key=data["need"], today=today)
    offer = selectors.access_offer(user=request.user, offer_id=data["offer"])
    try:
        partnership = services.partnership_propose(
            actor=request.user,
            offer=offer,
            need=need,
            start_on=data["start_on"],
            end_on=data["end_on"],
            recipient_brings=data["recipient_brings"],
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, _error_text(exc))
        return redirect(f"{reverse('partnerships:match')}?need={need.key}")
    messages.success(request, _("Partnership proposed: both parties now accept it."))
    return redirect("partnerships:detail", partnership_id=partnership.pk)


def detail(request: HttpRequest, partnership_id: str) -> HttpResponse:
    partnership = selectors.access_partnership(user=request.user, partnership_id=partnership_id)
    who = services.parties_of(request.user, partnership)
    accept_as = []
    if partnership.status == PartnershipStatus.PROPOSED:
        if not partnership.provider_accepted_on and (
            lifecycle.Party.PROVIDER in who
            or (lifecycle.Party.SECRETARIAT in who and partnership.provider_organization_id)
        ):
            accept_as.append("provider")
        if not partnership.recipient_accepted_on and lifecycle.Party.RECIPIENT in who:
            accept_as.append("recipient")
    moves = [
        (name, spec.label, spec.needs_note)
        for name, spec in lifecycle.TRANSITIONS.items()
        if partnership.status in spec.sources and spec.who & who
    ]
    ladder_moves = [("", "no ladder move")] + [
        (n, MOVES[n].label) for n in ("grant_level_2", "grant_level_3", "grant_rdl")
    ]
    return render(
        request,
        "partnerships/detail.html",
        {
            "p": partnership,
            "accept_as": accept_as,
            "moves": moves,
            "ladder_moves": ladder_moves if lifecycle.Party.SECRETARIAT in who else [],
        },
    )


@require_POST
def accept(request: HttpRequest, partnership_id: str) -> HttpResponse:
    partnership = selectors.access_partnership(user=request.user, partnership_id=partnership_id)
    try:
        services.partnership_accept(
            actor=request.user,
            partnership=partnership,
            party=request.POST.get("party", ""),
            expected_version=_version(request),
        )
    except services.NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except (ValidationError, DomainError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Accepted."))
    return redirect("partnerships:detail", partnership_id=partnership.pk)


@require_POST
def move(request: HttpRequest, partnership_id: str) -> HttpResponse:
    partnership = selectors.access_partnership(user=request.user, partnership_id=partnership_id)
    try:
        services.partnership_move(
            actor=request.user,
            partnership=partnership,
            move=request.POST.get("move", ""),
            note=request.POST.get("note", ""),
            ladder_move=request.POST.get("ladder_move", ""),
            expected_version=_version(request),
        )
    except (services.NotPermitted, lifecycle.TransitionNotPermitted) as exc:
        raise PermissionDenied(exc.message) from exc
    except (ValidationError, DomainError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("partnerships:detail", partnership_id=partnership.pk)


@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    own = permissions.focal_state_id(request.user)
    if own is None:
        # The Secretariat records offers for States and organizations through the API.
        raise PermissionDenied(_("A focal point makes offers for its own State here."))
    form = forms.OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        items = [{"item": d["item"], "quantity": d["quantity"]}] if d["item"] else []
        data = services.OfferInput(
            kind=d["kind"],
            support_type=d["support_type"],
            title=d["title"],
            available_from=d["available_from"],
            available_until=d["available_until"],
            provider_state=MemberState.objects.get(pk=own),
            description=d["description"],
            items=items,
            lease=d["lease"],
            lease_months=d["lease_months"],
            course=d["course"],
            capacity=d["capacity"],
            place=d["place"],
            language=d["language"],
            amount_usd=d["amount_usd"],
            commitment_area=d["commitment_area"],
            announced_at=d["announced_at"],
            announced_on=d["announced_on"],
        )
        try:
            services.offer_create(actor=request.user, data=data)
        except (ValidationError, DomainError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Offer recorded."))
            return redirect("partnerships:index")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "partnerships/form.html", {"form": form, "title": "Make an offer"}, status=status
    )


@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    own = permissions.focal_state_id(request.user)
    if own is None:
        raise PermissionDenied(_("A focal point declares its own State's needs."))
    form = forms.NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.need_declare(
                actor=request.user,
                member_state=MemberState.objects.get(pk=own),
                support_type=d["support_type"],
                description=d["description"],
                needed_by=d["needed_by"],
            )
        except (ValidationError, DomainError) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Need recorded."))
            return redirect("partnerships:index")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "partnerships/form.html", {"form": form, "title": "Declare a need"}, status=status
    )


def state_picture(request: HttpRequest, iso3: str) -> HttpResponse:
    """A State's whole support picture: needs, offers, partnerships, courses, overlaps, profile."""
    state = selectors.access_state(user=request.user, iso3=iso3)
    user = request.user
    partnerships = selectors.partnerships_visible_to(user).filter(recipient_state=state)
    given = selectors.partnerships_visible_to(user).filter(provider_state=state)
    return render(
        request,
        "partnerships/state.html",
        {
            "state": state,
            "needs": selectors.needs_visible_to(user, member_state_id=state.pk),
            "received": partnerships,
            "given": given,
            "offers_made": selectors.offers_visible_to(user).filter(provider_state=state),
            "offers_to": selectors.offers_visible_to(user).filter(recipient_state=state),
            "trainees": state.tpp_trainees.select_related("course", "pledge"),
            "overlaps": deconfliction.state_overlaps(recipient_id=state.pk),
            "profile": contributor_profile(member_state_id=state.pk),
        },
    )


def region(request: HttpRequest, code: str) -> HttpResponseBase:
    organization = get_object_or_404(RegionalOrganization, code=code)
    view = selectors.region_view(user=request.user, organization=organization)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        if request.GET.get("list") == "pledges":
            if not view["detail"]:
                # The page shows no pledge list to this user: nor does the export.
                raise Http404(selectors.NOT_FOUND)
            columns, rows, which = exports.REGION_PLEDGE_COLUMNS, view["pledges"], "pledges"
        else:
            columns, rows, which = exports.REGION_MEMBER_COLUMNS, view["members"], "members"
        return core_exports.export_response(
            columns=columns, rows=rows, name=f"region-{organization.code}-{which}", fmt=fmt
        )
    return render(request, "partnerships/region.html", {"org": organization, **view})


def tpp_list(request: HttpRequest) -> HttpResponseBase:
    courses = selectors.tpp_courses_visible_to(request.user)
    if not (permissions.is_secretariat(request.user) or permissions.focal_state_id(request.user)):
        raise Http404(selectors.NOT_FOUND)
    rows = [(c, selectors.course_trainees_for(user=request.user, course=c)) for c in courses]
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        return core_exports.export_response(
            columns=exports.TPP_COLUMNS, rows=rows, name="tpp-courses", fmt=fmt
        )
    return render(request, "partnerships/tpp.html", {"rows": rows})


def joint_pledge(request: HttpRequest, pledge_id: str) -> HttpResponse:
    """Each partner's part of a joint pledge (visible to each partner's focal point)."""
    pledge = access_pledge(user=request.user, pledge_id=pledge_id)
    shares = selectors.joint_shares(pledge)
    if not shares:
        raise Http404(selectors.NOT_FOUND)
    return render(request, "partnerships/joint.html", {"pledge": pledge, "shares": shares})


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """A focal point's open partnerships and derived needs; the Secretariat's proposals waiting."""
    user = request.user
    if permissions.focal_state_id(user) is None and not permissions.is_secretariat(user):
        return None
    open_ = selectors.partnerships_visible_to(user).exclude(
        status__in=[PartnershipStatus.COMPLETED, PartnershipStatus.CANCELLED]
    )
    return {
        "template": "partnerships/_home_panel.html",
        "open": open_.count(),
        "proposed": open_.filter(status=PartnershipStatus.PROPOSED).count(),
        "secretariat": permissions.is_secretariat(user),
    }
