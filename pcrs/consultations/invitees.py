"""Who a meeting on a mission invites, derived from the data as of the meeting date.

- the Security Council members of that year (CouncilMembership, imported from the UN dataset);
- the mission's current contributors: the States in the latest UN monthly contribution report
  up to the meeting date (pcrs.missions Contribution) and the States with a deployed contingent;
- the Secretariat offices: military, police, operational support, and the lead department;
- the host country (and every Member State among the mission's host codes).
Seats that name no Member State (historical or unnamed) are reported, never invited.
Read-only: services.meeting_create stores the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max

from pcrs.consultations.models import CouncilMembership, Office, SeatKind
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import ContingentStatus, Contribution, DeployedContingent, Mission


@dataclass
class Derived:
    states: dict[int, list[str]] = field(default_factory=dict)  # State id -> reasons
    offices: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_state(self, state_id: int, reason: str) -> None:
        reasons = self.states.setdefault(state_id, [])
        if reason not in reasons:
            reasons.append(reason)


def secretariat_offices(mission: Mission) -> list[str]:
    offices = [Office.DPO_OMA, Office.DPO_POLICE, Office.DOS_UCSD]
    offices.append(Office.DPPA if mission.lead_department == "DPPA" else Office.DPO_OPERATIONS)
    return [str(o) for o in offices]


def latest_report_month(*, mission: Mission, on: dt.date) -> dt.date | None:
    month = Contribution.objects.filter(mission=mission, month__lte=on).aggregate(m=Max("month"))
    return month["m"]


def derive_invitees(*, mission: Mission, on: dt.date) -> Derived:
    derived = Derived()
    seats = CouncilMembership.objects.filter(year=on.year)
    if not seats.exists():
        derived.notes.append(
            f"No Security Council membership is loaded for {on.year}: no Council member "
            "was derived (import_council_membership)."
        )
    for seat in seats:
        if seat.kind == SeatKind.STATE and seat.member_state_id is not None:
            label = "permanent" if seat.is_permanent else "elected"
            derived.add_state(seat.member_state_id, f"Security Council member {on.year} ({label})")
        elif seat.kind == SeatKind.UNNAMED:
            derived.notes.append(
                f"One {on.year} Council seat is unnamed in the UN dataset (line "
                f"{seat.source_line}); add that member by hand."
            )
        else:
            derived.notes.append(
                f"{seat.source_name} held a {on.year} seat and has no successor Member State."
            )
    month = latest_report_month(mission=mission, on=on)
    if month is not None:
        for state_id in (
            Contribution.objects.filter(mission=mission, month=month, total__gt=0)
            .values_list("member_state_id", flat=True)
            .distinct()
        ):
            derived.add_state(state_id, f"contributor (UN monthly report {month:%Y-%m-%d})")
    for state_id in (
        DeployedContingent.objects.filter(mission=mission, status=ContingentStatus.DEPLOYED)
        .values_list("member_state_id", flat=True)
        .distinct()
    ):
        derived.add_state(state_id, "contributor (deployed contingent)")
    hosts = set(mission.host_codes or [])
    host_states = MemberState.objects.filter(iso3__in=hosts)
    if mission.host_country_id is not None:
        derived.add_state(mission.host_country_id, "host country")
    for state in host_states:
        derived.add_state(state.pk, "host country")
    if not mission.host_country_id and not host_states and mission.host_name:
        derived.notes.append(f"The host ({mission.host_name}) is not a Member State.")
    for office in secretariat_offices(mission):
        derived.offices[office] = ["Secretariat"]
    return derived
