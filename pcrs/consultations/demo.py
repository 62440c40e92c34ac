"""The consultations part of `load_demo`: the real Security Council membership, and a few
meetings on real missions with decisions and action items owned by demo States.

Meetings, minutes, decisions and action items are synthetic (labelled "Demo" in their minutes);
invitees are derived from the real data like any other meeting. Idempotent: skipped when the
demo meetings exist. Goes through the product's services, so everything is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TextIO

from pcrs.accounts.models import Role, User
from pcrs.consultations import services
from pcrs.consultations.models import CouncilMembership, Invitee, Meeting, Office
from pcrs.generation.models import GenerationCase
from pcrs.missions.datafiles import real_data_file
from pcrs.missions.models import Mission

COUNCIL_FILE = "DPPA-SCMembership.csv"
DEMO_MARK = "Demo meeting (synthetic record)."


@dataclass(frozen=True)
class DemoMeeting:
    mission: str
    kind: str
    days_ago: int
    chair: str
    agenda: str
    minutes: str
    decisions: tuple[str, ...]
    # (title, days after the meeting it is due); owners are invited demo States in turn.
    actions: tuple[tuple[str, int], ...]
    summary: str = ""


MEETINGS: tuple[DemoMeeting, ...] = (
    DemoMeeting(
        "UNMISS",
        "mandate_renewal",
        40,
        "President of the Security Council",
        "1. Mandate renewal and force levels\n2. Protection of civilians sites\n3. Rotations due",
        "Contributors raised the rotation schedule and riverine mobility before the renewal.",
        (
            "Keep the troop ceiling; ask contributors for riverine and aviation units.",
            "The Secretariat reports monthly on rotations without replacement.",
        ),
        (("Confirm the next rotation dates of the contingents", 30), ("Offer a riverine unit", 60)),
        "Council members, contributors and the Secretariat backed renewing the mandate "
        "at the current ceilings.",
    ),
    DemoMeeting(
        "MONUSCO",
        "crisis",
        12,
        "Under-Secretary-General for Peace Operations",
        "1. Security situation in Ituri\n2. Quick reaction capacity",
        "The Secretariat briefed on the attacks; contributors asked for night-flying helicopters.",
        ("Generate a quick reaction force company within 90 days.",),
        (("State what night-flying aviation can be offered", 20),),
    ),
    DemoMeeting(
        "UNIFIL",
        "on_request",
        5,
        "Permanent Representative of the requesting contributor",
        "1. Force protection equipment\n2. Women in formed units",
        "Requested by contributors to discuss equipment reimbursement and women's share.",
        ("The Secretariat circulates the revised equipment guidance.",),
        (("Report the women's share of the next rotation", 45),),
    ),
)


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def council_load(stdout: TextIO | None = None) -> None:
    path = real_data_file(COUNCIL_FILE)
    if not path.is_file():
        _say(stdout, f"consultations demo: {path} not found; Council membership skipped")
        return
    report = services.council_membership_import(
        actor=None, data=path.read_bytes(), file_name=path.name
    )
    _say(stdout, report.summary_lines()[0] if report.accepted else report.as_text())


def _owners(meeting: Meeting) -> list[Invitee]:
    """Invited States that have a demo focal point, contributors first."""
    with_users = set(
        User.objects.filter(role=Role.FOCAL_POINT).values_list("member_state_id", flat=True)
    )
    states = [
        i
        for i in meeting.invitees.select_related("member_state").exclude(member_state=None)
        if i.member_state_id in with_users
    ]
    states.sort(key=lambda i: (not any("contributor" in b for b in i.basis), str(i)))
    return states


def consultations_load_demo(*, stdout: TextIO | None = None, today: dt.date) -> None:
    council_load(stdout)
    if not CouncilMembership.objects.exists():
        return
    if Meeting.objects.filter(minutes__startswith=DEMO_MARK).exists():
        _say(stdout, "consultations demo: meetings already present; left as they are")
        return
    actor = User.objects.filter(role=Role.FORCE_GENERATION, is_active=True).first()
    if actor is None:
        _say(stdout, "consultations demo: no Secretariat user; meetings skipped")
        return
    created = 0
    for spec in MEETINGS:
        mission = Mission.objects.filter(acronym=spec.mission, is_active=True).first()
        if mission is None:
            continue
        date = today - dt.timedelta(days=spec.days_ago)
        meeting = services.meeting_create(
            actor=actor,
            mission=mission,
            kind=spec.kind,
            date=date,
            chair=spec.chair,
            agenda=spec.agenda,
        )
        meeting = services.meeting_update(
            actor=actor,
            meeting=meeting,
            chair=spec.chair,
            agenda=spec.agenda,
            minutes=f"{DEMO_MARK}\n\n{spec.minutes}",
        )
        # The meeting's first decision concerns the mission's earliest request to a State,
        # where the generation demo opened one (load_demo runs it first).
        case = (
            GenerationCase.objects.filter(requirement__mission=mission)
            .order_by("created_at")
            .first()
        )
        decisions = [
            services.decision_record(
                actor=actor,
                meeting=meeting,
                text=text,
                generation_case=case if n == 0 else None,
            )
            for n, text in enumerate(spec.decisions)
        ]
        owners = _owners(meeting)
        for n, (title, due_in) in enumerate(spec.actions):
            owner = owners[n % len(owners)] if owners else None
            services.action_item_create(
                actor=actor,
                meeting=meeting,
                title=title,
                due_on=date + dt.timedelta(days=due_in),
                owner_state=owner.member_state if owner else None,
                owner_office="" if owner else Office.DPO_OMA,
                decision=decisions[0] if decisions else None,
            )
        if spec.summary:
            services.meeting_summary_publish(actor=actor, meeting=meeting, summary=spec.summary)
        created += 1
    flagged = services.action_items_sweep(today=today)
    _say(stdout, f"consultations: {created} demo meetings; {len(flagged)} action item(s) overdue")
