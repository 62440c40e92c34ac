"""Reads from missions. Visibility is decided here (rules in pcrs.missions.permissions).

Mission data the UN publishes is open to every signed-in user; contingent detail and a
State's contribution history follow the rules of permissions.py, with the same 404 for
"does not exist" and "not yours".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pcrs.core.lookups import visible_one
from pcrs.memberstates.models import MemberState
from pcrs.missions import permissions
from pcrs.missions.models import (
    Contribution,
    DeployedContingent,
    DeploymentLocation,
    Fatality,
    FatalityImport,
    Mission,
    MissionKind,
    PersonnelType,
    Requirement,
)
from pcrs.registry.selectors import MIN_STATES_PER_CELL


def missions_list(*, include_closed: bool = True, kind: str | None = None) -> QuerySet[Mission]:
    qs = Mission.objects.select_related("host_country", "status_correction")
    if not include_closed:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def access_mission(*, user: Any, acronym: str) -> Mission:
    """Any signed-in user may read a mission; unknown acronyms are a 404."""
    mission = (
        Mission.objects.select_related("host_country", "status_correction")
        .filter(acronym=acronym)
        .first()
    )
    if mission is None or not getattr(user, "is_authenticated", False):
        raise Http404(_("No mission matches the given query."))
    return mission


def contingents_visible_to(user: Any) -> QuerySet[DeployedContingent]:
    base = DeployedContingent.objects.select_related(
        "mission", "member_state", "capability_type", "replacement_pledge"
    )
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if permissions.sees_all_states(user):
        return base
    if user.is_mission_planner and user.mission_id is not None:
        return base.filter(mission_id=user.mission_id)
    if user.is_focal_point and user.member_state_id is not None:
        return base.filter(member_state_id=user.member_state_id)
    return base.none()


def access_contingent(*, user: Any, contingent_id: Any) -> DeployedContingent:
    return visible_one(
        contingents_visible_to(user), contingent_id, _("No contingent matches the given query.")
    )


def may_see_replacement_pledge(user: Any) -> bool:
    """Which pledge will relieve a unit names a State's pledge: Secretariat only."""
    return permissions.sees_all_states(user)


def requirements_visible_to(user: Any) -> QuerySet[Requirement]:
    """Requirements are mission needs the Secretariat publishes to T/PCCs: every signed-in user."""
    base = Requirement.objects.select_related("mission", "capability_type")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    return base


def access_requirement(*, user: Any, requirement_id: Any) -> Requirement:
    return visible_one(
        requirements_visible_to(user),
        requirement_id,
        _("No requirement matches the given query."),
    )


def access_state_history(*, user: Any, iso3: str) -> MemberState:
    """A State whose contribution history this user may read (Secretariat, own focal point)."""
    state = MemberState.objects.filter(iso3=iso3.upper()).first()
    if state is None or not permissions.may_see_state_history(user, state.pk):
        raise Http404(_("No Member State matches the given query."))
    return state


def mission_strength_history(*, mission: Mission) -> dict[str, Any]:
    """Monthly totals of the mission by personnel type, and women's share (public UN data)."""
    rows = (
        Contribution.objects.filter(mission=mission)
        .values("month", "personnel_type")
        .annotate(total=Sum("total"), female=Sum("female"))
        .order_by("month")
    )
    return _series(rows)


def _series(rows: Any) -> dict[str, Any]:
    months: list[str] = []
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    women: dict[str, int] = defaultdict(int)
    everyone: dict[str, int] = defaultdict(int)
    for row in rows:
        month = row["month"].isoformat()
        if not months or months[-1] != month:
            months.append(month)
        totals[row["personnel_type"]][month] = row["total"]
        women[month] += row["female"]
        everyone[month] += row["total"]
    series = {
        ptype: [totals[ptype].get(m, 0) for m in months]
        for ptype in PersonnelType.values
        if ptype in totals
    }
    share = [round(100 * women[m] / everyone[m], 1) if everyone[m] else 0.0 for m in months]
    table = [
        {
            "month": m,
            "values": [series[p][i] for p in series],
            "total": everyone[m],
            "women_share": share[i],
        }
        for i, m in enumerate(months)
    ]
    return {
        "months": months,
        "series": series,
        "table": table,
        "labels": {p.value: str(p.label) for p in PersonnelType},
        "women_share": share,
        "total": [everyone[m] for m in months],
    }


def state_contribution_history(*, member_state: MemberState) -> dict[str, Any]:
    """A State's monthly totals by personnel type, women's share, and its missions."""
    base = Contribution.objects.filter(member_state=member_state)
    history = _series(
        base.values("month", "personnel_type")
        .annotate(total=Sum("total"), female=Sum("female"))
        .order_by("month")
    )
    latest = base.aggregate(latest=Max("month"))["latest"]
    by_mission = list(
        base.values("mission__acronym", "personnel_type")
        .annotate(peak=Max("total"))
        .order_by("mission__acronym", "personnel_type")
    )
    latest_rows = list(
        base.filter(month=latest)
        .values("mission__acronym", "personnel_type", "male", "female", "total")
        .order_by("mission__acronym", "personnel_type")
        if latest
        else []
    )
    months_by_mission = dict(
        base.values_list("mission__acronym")
        .annotate(last=Max("month"))
        .values_list("mission__acronym", "last")
    )
    history.update(
        {
            "latest_month": latest,
            "latest_rows": latest_rows,
            "peaks": by_mission,
            "last_month_by_mission": months_by_mission,
        }
    )
    return history


def latest_contribution_month() -> Any:
    return Contribution.objects.aggregate(latest=Max("month"))["latest"]


def contributions_as_of() -> dt.date | None:
    """The day of the latest UN monthly report in PCRS: every figure built from contributions
    says it ("UN monthly data as of 31 March 2014")."""
    return latest_contribution_month()


def as_of_text(as_of: dt.date | None) -> str:
    if as_of is None:
        return "no UN monthly contribution data imported yet"
    return f"UN monthly data as of {as_of.day} {as_of:%B %Y}"


@dataclass(frozen=True)
class Strength:
    """A mission's strength in the latest month, or why there is no figure."""

    personnel: int | None
    reason: str = ""


def mission_strengths(missions: Iterable[Mission], *, as_of: dt.date | None) -> dict[int, Strength]:
    """Strength per mission at `as_of` (the latest month); a reason where there is none."""
    missions = list(missions)
    if as_of is None:
        return {m.pk: Strength(None, "no UN monthly data imported") for m in missions}
    ids = [m.pk for m in missions]
    at_month = dict(
        Contribution.objects.filter(month=as_of, mission_id__in=ids)
        .values_list("mission_id")
        .annotate(n=Sum("total"))
        .values_list("mission_id", "n")
    )
    spans = {
        row["mission_id"]: (row["first"], row["last"])
        for row in Contribution.objects.filter(mission_id__in=ids)
        .values("mission_id")
        .annotate(first=Min("month"), last=Max("month"))
    }
    first_month = Contribution.objects.aggregate(first=Min("month"))["first"]
    result: dict[int, Strength] = {}
    for mission in missions:
        if mission.pk in at_month:
            result[mission.pk] = Strength(at_month[mission.pk])
        else:
            result[mission.pk] = Strength(
                None,
                no_data_reason(
                    mission, as_of=as_of, span=spans.get(mission.pk), first_month=first_month
                ),
            )
    return result


def no_data_reason(
    mission: Mission,
    *,
    as_of: dt.date,
    span: tuple[dt.date, dt.date] | None,
    first_month: dt.date | None,
) -> str:
    """Why a mission has no figure for the latest month, in words a reader understands."""

    def month(day: dt.date) -> str:
        return date_format(day, "YEAR_MONTH_FORMAT")

    latest = date_format(as_of, "j F Y")
    if span is not None:
        return _("no UN monthly data after %(month)s (latest month in PCRS: %(latest)s)") % {
            "month": month(span[1]),
            "latest": latest,
        }
    if mission.start_date and mission.start_date > as_of:
        return _("began %(start)s, after the latest UN monthly data in PCRS (%(latest)s)") % {
            "start": f"{mission.start_date:%Y-%m-%d}",
            "latest": latest,
        }
    if mission.end_date and first_month and mission.end_date < first_month:
        return _("closed %(end)s, before the UN monthly data in PCRS begin (%(first)s)") % {
            "end": f"{mission.end_date:%Y-%m-%d}",
            "first": month(first_month),
        }
    if first_month:
        return _("not in the UN monthly data in PCRS (%(first)s to %(latest)s)") % {
            "first": month(first_month),
            "latest": latest,
        }
    return _("no UN monthly data")


def mission_locations(*, mission: Mission) -> dict[str, Any]:
    """The latest Geo-PKO year's locations of a mission, for the map."""
    latest = mission.locations.aggregate(year=Max("year"))["year"]
    if latest is None:
        return {"year": None, "points": []}
    points = [
        {
            "name": loc.name,
            "lat": loc.latitude,
            "lon": loc.longitude,
            "troops": loc.troops,
            "hq": loc.hq_level,
            "police": loc.has_police,
            "medical": loc.has_medical,
            "aviation": loc.has_aviation,
            "observers": loc.has_observers,
        }
        for loc in DeploymentLocation.objects.filter(mission=mission, year=latest)
    ]
    return {"year": latest, "points": points}


def peacekeeping_missions() -> QuerySet[Mission]:
    return Mission.objects.filter(kind=MissionKind.PEACEKEEPING)


# --- Fatalities ------------------------------------------------------------------------------


def fatalities_overview(
    *, user: Any, mission: Mission | None = None, member_state: MemberState | None = None
) -> dict[str, Any]:
    """Peacekeeper fatalities by year and type of incident, for a mission, a contributor or all.

    The Secretariat sees every figure. Everyone else sees protected aggregates: a cell (a year,
    a type of incident, a mission) drawing on fewer than MIN_STATES_PER_CELL contributing States
    is suppressed (None), as for pledge aggregates; a contributor's own series is shown to the
    Secretariat and to that State's focal point only (callers pass a State from
    access_state_history). People are counted once per casualty_id (the source lists a few
    people twice, under two nationalities).
    """
    full = permissions.sees_all_states(user) or (
        member_state is not None and permissions.may_see_state_history(user, member_state.pk)
    )
    base = Fatality.objects.all()
    if mission is not None:
        base = base.filter(mission=mission)
    if member_state is not None:
        base = base.filter(member_state=member_state)
    people = Count("casualty_id", distinct=True)
    states = Count("member_state", distinct=True)
    suppressed = 0

    def shown(count: int, n_states: int) -> int | None:
        nonlocal suppressed
        if full or n_states >= MIN_STATES_PER_CELL:
            return count
        suppressed += 1
        return None

    by_year = {
        row["year"]: shown(row["people"], row["states"])
        for row in base.annotate(year=ExtractYear("incident_date"))
        .values("year")
        .annotate(people=people, states=states)
        .order_by("year")
    }
    years = sorted(by_year)
    series: dict[str, list[int | None]] = {}
    if full:
        cells: dict[tuple[str, int], int] = {
            (row["incident_type"], row["year"]): row["people"]
            for row in base.annotate(year=ExtractYear("incident_date"))
            .values("incident_type", "year")
            .annotate(people=people)
        }
        for incident_type in sorted({key[0] for key in cells}):
            series[incident_type] = [cells.get((incident_type, y), 0) for y in years]
    by_type = [
        {"incident_type": row["incident_type"], "people": shown(row["people"], row["states"])}
        for row in base.values("incident_type")
        .annotate(people=people, states=states)
        .order_by("-people", "incident_type")
    ]
    by_mission = [
        {
            "mission": row["mission_acronym"],
            "linked": row["mission__acronym"] is not None,
            "people": shown(row["people"], row["states"]),
        }
        for row in base.values("mission_acronym", "mission__acronym")
        .annotate(people=people, states=states)
        .order_by("-people", "mission_acronym")
    ]
    latest = FatalityImport.objects.order_by("-imported_at").first()
    totals = base.aggregate(people=people, states=states)
    return {
        "scope": "mission" if mission else "contributor" if member_state else "all",
        "label": mission.acronym if mission else member_state.name if member_state else "",
        "detail": full,
        "years": years,
        "total": [by_year[y] for y in years],
        "series": series,
        "table": [
            {
                "year": y,
                "cells": [values[i] for values in series.values()],
                "total": by_year[y],
            }
            for i, y in enumerate(years)
        ],
        "by_type": by_type,
        "by_mission": by_mission if mission is None else [],
        "people": shown(totals["people"], totals["states"] or 0) if totals["people"] else 0,
        "suppressed_cells": suppressed,
        "min_states": MIN_STATES_PER_CELL,
        "source_updated": latest.source_updated if latest else None,
    }
