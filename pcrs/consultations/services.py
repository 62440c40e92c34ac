"""Writes of consultations. Every write is attributed, validated and audited in its transaction;
notifications leave on commit.

Meetings and their records are the Secretariat's to write (permissions.py); an action item's
follow-up goes through `action_item_move` only, which applies the table in followup.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import User
from pcrs.consultations import followup, notify, permissions
from pcrs.consultations.documents import gap_snapshot
from pcrs.consultations.importers.council import parse_council
from pcrs.consultations.invitees import derive_invitees
from pcrs.consultations.models import (
    OPEN_STATUSES,
    ActionItem,
    CouncilMembership,
    Decision,
    FollowUp,
    Invitee,
    Meeting,
    MeetingKind,
    Office,
)
from pcrs.core.audit import audit_record, audit_record_many, diff, snapshot
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.generation.models import GenerationCase
from pcrs.memberstates.models import MemberState
from pcrs.missions.importers.common import ImportReport, decode
from pcrs.missions.models import Mission

NOT_FOUND = "No consultation matches the given query."
ITEM_NOT_FOUND = "No action item matches the given query."
STALE = gettext_lazy(
    "The action item changed under you: someone else acted on it after you opened it. "
    "Nothing was applied; reload the page and try again."
)
MEETING_FIELDS = ("kind", "date", "chair", "agenda", "minutes")
SEAT_FIELDS = (
    "year",
    "source_name",
    "kind",
    "member_state_id",
    "is_permanent",
    "source_line",
    "source_updated",
    "mapping_note",
)


class NotPermitted(DomainError):
    """The actor's role may not make this change (the API answers 403, pages 403)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise NotPermitted(message)


# --- Security Council membership ------------------------------------------------------------


def council_membership_import(
    *, actor: User | None, data: bytes | str, file_name: str
) -> ImportReport:
    """Load DPPA-SCMembership.csv: all of it, or (with report.errors) nothing at all.

    Seats are keyed by the source id; a second run on the same file changes nothing. Seats in
    the database but not in the file are kept and reported.
    """
    if actor is not None:
        _require(permissions.may_record(actor), "Only the Secretariat can import Council data.")
    report = ImportReport(file_name=file_name, kind="Security Council membership")
    text = decode(data, report)
    if text is None:
        return report
    seats = parse_council(text, report=report)
    if not report.accepted:
        return report
    with transaction.atomic():
        existing = {
            s.source_id: s for s in CouncilMembership.objects.select_for_update(of=("self",))
        }
        created: list[CouncilMembership] = []
        changed: list[tuple[CouncilMembership, list[dict[str, Any]]]] = []
        for seat in seats:
            values = {
                "year": seat.year,
                "source_name": seat.source_name,
                "kind": seat.kind,
                "member_state_id": seat.member_state_id,
                "is_permanent": seat.is_permanent,
                "source_line": seat.line,
                "source_updated": seat.source_updated,
                "mapping_note": seat.mapping_note,
            }
            row = existing.get(seat.source_id)
            if row is None:
                row = CouncilMembership(source_id=seat.source_id, **values)
                row.full_clean(validate_unique=False)
                created.append(row)
                continue
            before = snapshot(row, SEAT_FIELDS)
            for name, value in values.items():
                setattr(row, name, value)
            changes = diff(before, snapshot(row, SEAT_FIELDS))
            if changes:
                row.full_clean(validate_unique=False)
                changed.append((row, changes))
        CouncilMembership.objects.bulk_create(created)
        if changed:
            CouncilMembership.objects.bulk_update([r for r, _ in changed], list(SEAT_FIELDS))
        note = f"import of {file_name}"
        audit_record_many(
            actor=actor,
            action="council_seat.create",
            changes=[(r, diff({}, snapshot(r, SEAT_FIELDS))) for r in created],
            note=note,
        )
        audit_record_many(actor=actor, action="council_seat.update", changes=changed, note=note)
    in_file = {s.source_id for s in seats}
    kept = sorted(set(existing) - in_file)
    if kept:
        report.warnings.append(
            f"{len(kept)} seat(s) in the database are not in this file and were kept "
            f"(source ids {', '.join(map(str, kept[:10]))})"
        )
    report.counts.update(
        {
            "created": len(created),
            "updated": len(changed),
            "unchanged": len(seats) - len(created) - len(changed),
        }
    )
    return report


# --- Meetings -------------------------------------------------------------------------------


def meeting_link(meeting: Meeting) -> str:
    return reverse("consultations:meeting_detail", args=[meeting.pk])


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    mission: Mission,
    kind: str,
    date: dt.date,
    chair: str,
    agenda: str = "",
    add_states: list[MemberState] | None = None,
    add_offices: list[str] | None = None,
) -> Meeting:
    """Record a meeting on an active mission, with the invitees derived from the data as of
    its date (invitees.py), any additions, and the gap report snapshot of that date."""
    _require(permissions.may_record(actor), "Only the Secretariat can record consultations.")
    mission = Mission.objects.select_for_update(of=("self",)).get(pk=mission.pk)
    if not mission.is_active:
        raise DomainError(
            _("%(mission)s is closed: consultations are held on active missions only.")
            % {"mission": mission.acronym},
            field="mission",
        )
    if kind not in MeetingKind.values:
        raise DomainError(_("Unknown meeting type %(kind)r.") % {"kind": kind}, field="kind")
    meeting = Meeting(
        mission=mission,
        kind=kind,
        date=date,
        chair=chair.strip(),
        agenda=agenda.strip(),
        created_by=actor,
    )
    derived = derive_invitees(mission=mission, on=date)
    meeting.gap_snapshot = gap_snapshot(mission=mission, on=date)
    meeting.derivation_notes = derived.notes
    meeting.full_clean()
    meeting.save()
    rows = [
        Invitee(meeting=meeting, member_state_id=state_id, basis=reasons)
        for state_id, reasons in derived.states.items()
    ] + [
        Invitee(meeting=meeting, office=office, basis=reasons)
        for office, reasons in derived.offices.items()
    ]
    Invitee.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="meeting.create",
        target=meeting,
        changes=diff({}, snapshot(meeting, ("mission", *MEETING_FIELDS))),
        note=f"{len(derived.states)} States and {len(derived.offices)} offices derived",
    )
    for state in add_states or []:
        invitee_add(actor=actor, meeting=meeting, member_state=state)
    for office in add_offices or []:
        invitee_add(actor=actor, meeting=meeting, office=office)
    invited = list(
        meeting.invitees.exclude(member_state=None).values_list("member_state_id", flat=True)
    )
    notify.meeting_invitation(
        notify.state_focal_points(invited), meeting, link=meeting_link(meeting)
    )
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("mission").get(pk=meeting.pk)
    )


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, chair: str, agenda: str, minutes: str
) -> Meeting:
    _require(permissions.may_record(actor), "Only the Secretariat can edit consultations.")
    meeting = _locked_meeting(meeting)
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.chair, meeting.agenda, meeting.minutes = chair.strip(), agenda.strip(), minutes.strip()
    meeting.full_clean()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        meeting.save()
        audit_record(actor=actor, action="meeting.update", target=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_summary_publish(*, actor: User, meeting: Meeting, summary: str) -> Meeting:
    """Publish (or replace) the public summary every signed-in user may read."""
    _require(permissions.may_record(actor), "Only the Secretariat can publish a summary.")
    summary = summary.strip()
    if not summary:
        raise DomainError(_("Write the public summary before publishing it."), field="summary")
    meeting = _locked_meeting(meeting)
    before = snapshot(meeting, ("public_summary", "summary_published_at"))
    meeting.public_summary = summary
    meeting.summary_published_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        action="meeting.publish_summary",
        target=meeting,
        changes=diff(before, snapshot(meeting, ("public_summary", "summary_published_at"))),
    )
    return meeting


@transaction.atomic
def invitee_add(
    *,
    actor: User,
    meeting: Meeting,
    member_state: MemberState | None = None,
    office: str = "",
    reason: str = "",
) -> Invitee:
    """Invite a State or an office beyond those derived; an existing invitee is refused."""
    reason = reason.strip()
    _require(permissions.may_record(actor), "Only the Secretariat can invite participants.")
    meeting = _locked_meeting(meeting)
    if (member_state is None) == (not office):
        raise DomainError(_("Invite either a Member State or an office."), field="member_state")
    if office and office not in Office.values:
        raise DomainError(_("Unknown office %(office)r.") % {"office": office}, field="office")
    existing = (
        meeting.invitees.filter(member_state=member_state)
        if member_state
        else meeting.invitees.filter(office=office)
    )
    if existing.exists():
        who = member_state.name if member_state else Office(office).label
        raise DomainError(
            _("%(who)s is already invited.") % {"who": who},
            field="member_state" if member_state else "office",
        )
    invitee = Invitee(
        meeting=meeting,
        member_state=member_state,
        office=office,
        basis=[f"added by the Secretariat: {reason}" if reason else "added by the Secretariat"],
        added_by_hand=True,
    )
    invitee.full_clean()
    invitee.save()
    audit_record(
        actor=actor,
        action="meeting.invite",
        target=meeting,
        changes=[{"field": "invitees", "old": None, "new": str(invitee)}],
        note=reason,
    )
    return invitee


@transaction.atomic
def decision_record(
    *, actor: User, meeting: Meeting, text: str, generation_case: GenerationCase | None = None
) -> Decision:
    _require(permissions.may_record(actor), "Only the Secretariat can record decisions.")
    meeting = _locked_meeting(meeting)
    if generation_case is not None and generation_case.requirement.mission_id != meeting.mission_id:
        raise DomainError(
            _(
                "The generation case is for %(case_mission)s, not %(mission)s: link a case of "
                "this meeting's mission."
            )
            % {
                "case_mission": generation_case.requirement.mission.acronym,
                "mission": meeting.mission.acronym,
            },
            field="generation_case",
        )
    decision = Decision(meeting=meeting, text=text.strip(), generation_case=generation_case)
    decision.full_clean()
    decision.save()
    changes = [{"field": "text", "old": None, "new": decision.text}]
    if generation_case is not None:
        changes.append({"field": "generation_case", "old": None, "new": str(generation_case.pk)})
    audit_record(
        actor=actor, action="decision.create", target=decision, changes=changes, note=str(meeting)
    )
    return decision


# --- Action items ---------------------------------------------------------------------------

ITEM_FIELDS = ("title", "owner_state", "owner_office", "due_on", "status", "decision")


def item_link(item: ActionItem) -> str:
    return reverse("consultations:action_item_detail", args=[item.pk])


def _owners(item: ActionItem) -> list[User]:
    if item.owner_state_id:
        return notify.state_focal_points([item.owner_state_id])
    return notify.secretariat_users()


@transaction.atomic
def action_item_create(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    due_on: dt.date,
    owner_state: MemberState | None = None,
    owner_office: str = "",
    decision: Decision | None = None,
) -> ActionItem:
    """Assign an action to an invited State or office, due on or after the meeting."""
    _require(permissions.may_record(actor), "Only the Secretariat can assign action items.")
    meeting = _locked_meeting(meeting)
    if (owner_state is None) == (not owner_office):
        raise DomainError(_("An action item is owned by one State or one office."), field="owner")
    if owner_state is not None and not meeting.invitees.filter(member_state=owner_state).exists():
        raise DomainError(
            _(
                "%(state)s is not invited to this meeting: an action item is owned by a "
                "participant. Invite the State first."
            )
            % {"state": owner_state.name},
            field="owner_state",
        )
    if owner_office and not meeting.invitees.filter(office=owner_office).exists():
        raise DomainError(_("That office is not invited to this meeting."), field="owner_office")
    if due_on < meeting.date:
        raise DomainError(
            _("The due date %(due)s is before the meeting (%(date)s).")
            % {"due": f"{due_on:%Y-%m-%d}", "date": f"{meeting.date:%Y-%m-%d}"},
            field="due_on",
        )
    if decision is not None and decision.meeting_id != meeting.pk:
        raise DomainError(_("That decision belongs to another meeting."), field="decision")
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        title=title.strip(),
        owner_state=owner_state,
        owner_office=owner_office,
        due_on=due_on,
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="action_item.create",
        target=item,
        changes=diff({}, snapshot(item, ITEM_FIELDS)),
        note=str(meeting),
    )
    notify.action_assigned(_owners(item), item, link=item_link(item))
    return item


def who_is(actor: User, item: ActionItem) -> frozenset[followup.Who]:
    """The actor's standing on the item: owner, Secretariat, both or neither."""
    who: set[followup.Who] = set()
    if permissions.is_secretariat(actor):
        who.add(followup.Who.SECRETARIAT)
        if item.owner_office:
            who.add(followup.Who.OWNER)
    state_id = permissions.focal_state_id(actor)
    if state_id is not None and state_id == item.owner_state_id:
        who.add(followup.Who.OWNER)
    return frozenset(who)


@transaction.atomic
def action_item_move(
    *,
    actor: User,
    item: ActionItem,
    move: str,
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ActionItem:
    """Apply one follow-up move (followup.MOVES) under a row lock, or raise why not."""
    today = today or timezone.localdate()
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("owner_state", "meeting__mission")
        .get(pk=item.pk)
    )
    spec = followup.check_move(move, who=who_is(actor, item), status=item.status, note=note)
    if expected_version is not None and int(expected_version) != item.version:
        raise ConcurrentChangeError(str(STALE))
    before = snapshot(item, ("status", "overdue_since", "closed_on", "last_note"))
    item.status = spec.target
    item.last_note = note.strip()
    if spec.target in (FollowUp.DONE, FollowUp.CANCELLED):
        item.closed_on = today
        item.overdue_since = None
    else:
        item.closed_on = None
    item.version += 1
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=f"action_item.{move}",
        target=item,
        changes=diff(before, snapshot(item, ("status", "overdue_since", "closed_on", "last_note"))),
        note=note.strip(),
    )
    told = (
        notify.secretariat_users()
        if followup.Who.SECRETARIAT not in who_is(actor, item)
        else _owners(item)
    )
    notify.action_moved(
        [u for u in told if u.pk != actor.pk],
        item,
        status=lambda: FollowUp(item.status).label,
        move=lambda: spec.label,
        link=item_link(item),
    )
    return item


@transaction.atomic
def action_items_sweep(*, today: dt.date) -> list[str]:
    """Flag open action items past their due date, once each, and tell their owners and the
    Secretariat. Idempotent: an item already flagged is left alone."""
    lines: list[str] = []
    due = (
        ActionItem.objects.select_for_update(of=("self",))
        .filter(status__in=OPEN_STATUSES, due_on__lt=today, overdue_since__isnull=True)
        .select_related("owner_state", "meeting__mission")
    )
    secretariat = notify.secretariat_users()
    for item in due:
        item.overdue_since = today
        item.save(update_fields=["overdue_since"])
        audit_record(
            actor=None,
            action="action_item.overdue",
            target=item,
            changes=[{"field": "overdue_since", "old": None, "new": today.isoformat()}],
            note="sweep",
        )
        notify.action_overdue([*_owners(item), *secretariat], item, link=item_link(item))
        lines.append(
            f"{item.meeting.mission} {item.owner_label}: {item.title} "
            f"overdue since {item.due_on:%Y-%m-%d}"
        )
    return lines


@transaction.atomic
def notifications_mark_read(*, actor: User) -> int:
    """Mark the actor's unread in-app notices read (their own notices only)."""
    from pcrs.consultations.models import Notification

    count = Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit_record(actor=actor, action="notifications.read", target=actor, note=f"{count} read")
    return count
