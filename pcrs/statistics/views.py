"""The overview of pledges (protected aggregates) and the home-page panel of the statistics."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core import exports as core_exports
from pcrs.registry.models import PledgeStatus, ReadinessLevel
from pcrs.statistics import exports, selectors
from pcrs.statistics.conf import disclosure_params
from pcrs.statistics.tables import ALL, CRITICAL, EMPTY_GROUP

GROUP_LABELS = {
    "region": gettext_lazy("Region"),
    "subregion": gettext_lazy("Sub-region"),
    "level": gettext_lazy("Readiness level"),
    "status": gettext_lazy("Status"),
}


def _group_label(group_by: str, value: str) -> str:
    if group_by == "level":
        return str(dict(ReadinessLevel.choices).get("" if value == EMPTY_GROUP else value, value))
    if group_by == "status":
        return str(dict(PledgeStatus.choices).get(value, value))
    return value


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def aggregates(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    if not user.has_right(Right.AGGREGATES_VIEW):
        raise PermissionDenied(_("Your role has no access to the pledge overview."))
    group_by = request.GET.get("group_by", "region")
    if group_by not in GROUP_LABELS:
        group_by = "region"
    table = selectors.pledge_aggregates(user=user, group_by=group_by)
    fmt = core_exports.requested_format(request)
    if fmt is not None:
        as_of = (
            pgettext("statistics as of", "live")
            if table.live
            else (table.as_of.isoformat() if table.as_of else "")
        )
        return core_exports.export_response(
            columns=exports.columns(str(GROUP_LABELS[group_by])),
            rows=[(_group_label(group_by, cell.group), cell, as_of) for cell in table.cells],
            name=f"pledge-statistics-by-{group_by}",
            fmt=fmt,
        )
    groups: dict[str, list[Any]] = defaultdict(list)
    chart: dict[str, int] = defaultdict(int)
    suppressed = 0
    for cell in table.cells:
        groups[_group_label(group_by, cell.group)].append(cell)
        if cell.suppressed:
            suppressed += 1
        else:
            chart[cell.capability_type] += cell.personnel or 0
    chart_rows = sorted(chart.items(), key=lambda item: -item[1])
    return render(
        request,
        "statistics/aggregates.html",
        {
            "table": table,
            "group_by": group_by,
            "group_label": GROUP_LABELS[group_by],
            "group_choices": GROUP_LABELS.items(),
            "groups": dict(groups),
            "total": table.totals.get(ALL),
            "critical": table.totals.get(CRITICAL),
            "suppressed": suppressed,
            "min_states": disclosure_params().min_states,
            "chart_data": {
                "label": _("Personnel"),
                "labels": [label for label, _value in chart_rows],
                "values": [value for _label, value in chart_rows],
            },
            "chart_rows": chart_rows,
        },
    )


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """System-wide figures for the home page: live for the Secretariat, published otherwise."""
    user = request.user
    if not isinstance(user, User) or not user.has_right(Right.AGGREGATES_VIEW):
        return None
    table = selectors.pledge_aggregates(user=user, group_by="region")
    return {
        "template": "statistics/_home_panel.html",
        "table": table,
        "total": table.totals.get(ALL),
        "critical": table.totals.get(CRITICAL),
    }
