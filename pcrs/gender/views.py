"""Gender parity pages: thin; the selectors compute and decide who sees what."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from pcrs.core import exports as core_exports
from pcrs.gender import exports, selectors
from pcrs.missions.models import GenderTarget
from pcrs.missions.selectors import access_mission, access_state_history
from pcrs.registry.selectors import access_pledge


def _month(request: HttpRequest, months: list[dt.date]) -> tuple[dt.date | None, str]:
    """The month asked for (?month=YYYY-MM-DD, one of the imported months), else the latest."""
    raw = request.GET.get("month", "").strip()
    latest = months[0] if months else None
    if not raw:
        return latest, ""
    try:
        wanted = dt.date.fromisoformat(raw)
    except ValueError:
        return latest, _(
            "month: %(raw)r is not a date like 2014-02-28; showing the latest month."
        ) % {"raw": raw}
    if wanted not in months:
        return latest, _("month: no contributions for %(raw)s; showing the latest month.") % {
            "raw": raw
        }
    return wanted, ""


def overview(request: HttpRequest) -> HttpResponseBase:
    months = selectors.contribution_months()
    month, warning = _month(request, months)
    table = selectors.month_table(user=request.user, month=month)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        stamp = f"-{month:%Y-%m}" if month else ""
        if request.GET.get("list") == "counts":
            return core_exports.export_response(
                columns=exports.COUNT_COLUMNS,
                rows=table.count_rows(),
                name=f"gender-counts{stamp}",
                fmt=fmt,
            )
        return core_exports.export_response(
            columns=exports.STATE_COLUMNS,
            rows=exports.state_rows(table),
            name=f"gender-states{stamp}",
            fmt=fmt,
        )
    targets = list(GenderTarget.objects.order_by("category", "year"))
    return render(
        request,
        "gender/overview.html",
        {
            "table": table,
            "months": months,
            "warning": warning,
            "categories": [(c, selectors.CATEGORY_LABELS[c]) for c in selectors.CATEGORIES],
            "targets": targets,
            "labels": selectors.STATUS_LABELS,
        },
    )


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = access_state_history(user=request.user, iso3=iso3)
    cells = selectors.state_compliance(member_state=state)
    return render(
        request,
        "gender/state_detail.html",
        {
            "state": state,
            "cells": list(reversed(cells)),
            "trend": selectors.trend_data(cells),
        },
    )


def mission_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = access_mission(user=request.user, acronym=acronym)
    months = selectors.contribution_months()
    month, warning = _month(request, months)
    cells = selectors.mission_compliance(mission=mission)
    if not cells:
        month = None
    return render(
        request,
        "gender/mission_detail.html",
        {
            "mission": mission,
            "cells": list(reversed(cells)),
            "trend": selectors.trend_data(cells),
            "table": selectors.month_table(user=request.user, month=month, mission=mission),
            "months": months,
            "warning": warning,
            "categories": [(c, selectors.CATEGORY_LABELS[c]) for c in selectors.CATEGORIES],
        },
    )


def pledge_gap(request: HttpRequest, pledge_id: str) -> HttpResponse:
    pledge = access_pledge(user=request.user, pledge_id=pledge_id)
    gap = selectors.pledge_gender_gap(pledge=pledge)
    if gap is None:
        raise Http404(_("No gender target applies to this pledge."))
    return render(request, "gender/pledge_gap.html", {"pledge": pledge, "gap": gap})
