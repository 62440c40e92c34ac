"""Reads from missions. Visibility is decided here (rules in pcrs.missions.permissions).

Mission data the UN publishes is open to every signed-in user; contingent detail and a
State's contribution history follow the rules of permissions.py, with the same 404 for
"does not exist" and "not yours".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max, QuerySet, Sum
from django.http import Http404

from pcrs.memberstates.models import MemberState
from pcrs.missions import permissions
from pcrs.missions.models import (
    Contribution,
    DeployedContingent,
    DeploymentLocation,
    Mission,
    MissionKind,
    PersonnelType,
    Requirement,
)


def missions_list(*, include_closed: bool = True, kind: str | None = None) -> QuerySet[Mission]:
    qs = Mission.objects.select_related("host_country")
    if not include_closed:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def access_mission(*, user: Any, acronym: str) -> Mission:
    """Any signed-in user may read a mission; unknown acronyms are a 404."""
    mission = Mission.objects.select_related("host_country").filter(acronym=acronym).first()
    if mission is None or not getattr(user, "is_authenticated", False):
        raise Http404("No mission matches the given query.")
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
    try:
        key = int(contingent_id)
    except (TypeError, ValueError):
        raise Http404("No contingent matches the given query.") from None
    contingent = contingents_visible_to(user).filter(pk=key).first()
    if contingent is None:
        raise Http404("No contingent matches the given query.")
    return contingent


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
    try:
        key = int(requirement_id)
    except (TypeError, ValueError):
        raise Http404("No requirement matches the given query.") from None
    requirement = requirements_visible_to(user).filter(pk=key).first()
    if requirement is None:
        raise Http404("No requirement matches the given query.")
    return requirement


def access_state_history(*, user: Any, iso3: str) -> MemberState:
    """A State whose contribution history this user may read (Secretariat, own focal point)."""
    state = MemberState.objects.filter(iso3=iso3.upper()).first()
    if state is None or not permissions.may_see_state_history(user, state.pk):
        raise Http404("No Member State matches the given query.")
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
