"""Recording meetings and following up action items: bad input changes nothing, the follow-up
table is the only way an item moves, the sweep flags overdue items once, people are told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from pcrs.accounts.models import User
from pcrs.consultations import followup, services
from pcrs.consultations.models import (
    ActionItem,
    Decision,
    FollowUp,
    Invitee,
    Meeting,
    Notification,
    Office,
)
from pcrs.consultations.tests.conftest import MEETING_DAY
from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission

pytestmark = pytest.mark.django_db


def state_of_db() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Invitee.objects.count(),
        Decision.objects.count(),
        ActionItem.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Bad input: a clear message, nothing changed -----------------------------------------------


def test_a_meeting_for_a_closed_mission_is_refused(
    secretariat: User, closed_mission: Mission
) -> None:
    before = state_of_db()
    with pytest.raises(DomainError, match="MINURCAT is closed") as exc:
        services.meeting_create(
            actor=secretariat,
            mission=closed_mission,
            kind="crisis",
            date=MEETING_DAY,
            chair="DPO",
        )
    assert exc.value.field == "mission"
    assert state_of_db() == before


def test_an_action_item_owned_by_a_state_not_invited_is_refused(
    secretariat: User, meeting: Meeting, make_state: Callable[[str], MemberState]
) -> None:
    kaz = make_state("KAZ")
    before = state_of_db()
    with pytest.raises(DomainError, match="Kazakhstan is not invited") as exc:
        services.action_item_create(
            actor=secretariat,
            meeting=meeting,
            title="Offer a helicopter unit",
            due_on=MEETING_DAY + dt.timedelta(days=10),
            owner_state=kaz,
        )
    assert exc.value.field == "owner_state"
    assert state_of_db() == before


def test_an_action_item_due_before_the_meeting_is_refused(
    secretariat: User, meeting: Meeting, bgd: MemberState
) -> None:
    before = state_of_db()
    with pytest.raises(DomainError, match="is before the meeting") as exc:
        services.action_item_create(
            actor=secretariat,
            meeting=meeting,
            title="Too late already",
            due_on=MEETING_DAY - dt.timedelta(days=1),
            owner_state=bgd,
        )
    assert exc.value.field == "due_on"
    assert state_of_db() == before


def test_only_the_secretariat_records_meetings(fp_bgd: User, minusca: Mission) -> None:
    before = state_of_db()
    with pytest.raises(services.NotPermitted):
        services.meeting_create(
            actor=fp_bgd, mission=minusca, kind="crisis", date=MEETING_DAY, chair="x"
        )
    assert state_of_db() == before


def test_inviting_a_state_lets_it_own_an_action_item(
    secretariat: User, meeting: Meeting, make_state: Callable[[str], MemberState]
) -> None:
    kaz = make_state("KAZ")
    services.invitee_add(actor=secretariat, meeting=meeting, member_state=kaz, reason="CSC")
    item = services.action_item_create(
        actor=secretariat,
        meeting=meeting,
        title="Brief on the QRF pledge",
        due_on=MEETING_DAY,
        owner_state=kaz,
    )
    assert item.owner_label == "Kazakhstan"
    invitee = meeting.invitees.get(member_state=kaz)
    assert invitee.added_by_hand and invitee.basis == ["added by the Secretariat: CSC"]
    with pytest.raises(DomainError, match="already invited"):
        services.invitee_add(actor=secretariat, meeting=meeting, member_state=kaz)


# --- The follow-up life cycle ----------------------------------------------------------------


def test_owner_starts_and_closes_its_action_item_and_the_secretariat_is_told(
    fp_bgd: User,
    secretariat: User,
    action_item: ActionItem,
    django_capture_on_commit_callbacks: Any,
) -> None:
    secretariat.email = "sec@example.org"
    secretariat.save()
    item = services.action_item_move(actor=fp_bgd, item=action_item, move="start")
    assert item.status == FollowUp.IN_PROGRESS
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.action_item_move(
            actor=fp_bgd, item=item, move="complete", note="Rotation confirmed for 2026-09-01."
        )
    assert item.status == FollowUp.DONE and item.closed_on is not None
    assert [m.to for m in mail.outbox] == [["sec@example.org"]]
    assert Notification.objects.filter(user=secretariat, subject__contains="done").exists()
    assert AuditEvent.objects.filter(action="action_item.complete", target_id=str(item.pk)).exists()


def test_closing_needs_a_note_and_changes_nothing_without_one(
    fp_bgd: User, action_item: ActionItem
) -> None:
    before = state_of_db()
    with pytest.raises(DomainError, match="say what was done"):
        services.action_item_move(actor=fp_bgd, item=action_item, move="complete", note=" ")
    action_item.refresh_from_db()
    assert action_item.status == FollowUp.OPEN
    assert state_of_db() == before


def test_the_owner_may_not_cancel_or_reopen_only_the_secretariat(
    fp_bgd: User, secretariat: User, action_item: ActionItem
) -> None:
    with pytest.raises(followup.MoveNotPermitted, match="only the Secretariat"):
        services.action_item_move(actor=fp_bgd, item=action_item, move="cancel", note="no")
    item = services.action_item_move(
        actor=secretariat, item=action_item, move="cancel", note="superseded by the new mandate"
    )
    assert item.status == FollowUp.CANCELLED
    with pytest.raises(followup.MoveNotAllowed, match="is Cancelled"):
        services.action_item_move(actor=secretariat, item=item, move="start")
    item = services.action_item_move(actor=secretariat, item=item, move="reopen", note="needed")
    assert item.status == FollowUp.OPEN and item.closed_on is None


def test_another_states_focal_point_may_not_move_the_item(
    fp_kaz: User, action_item: ActionItem
) -> None:
    before = state_of_db()
    with pytest.raises(followup.MoveNotPermitted):
        services.action_item_move(actor=fp_kaz, item=action_item, move="complete", note="done")
    action_item.refresh_from_db()
    assert action_item.status == FollowUp.OPEN
    assert state_of_db() == before


def test_a_stale_version_is_refused(fp_bgd: User, action_item: ActionItem) -> None:
    services.action_item_move(actor=fp_bgd, item=action_item, move="start", expected_version=1)
    with pytest.raises(services.ConcurrentChangeError):
        services.action_item_move(
            actor=fp_bgd, item=action_item, move="complete", note="x", expected_version=1
        )


def test_an_office_item_is_followed_up_by_the_secretariat(
    secretariat: User, meeting: Meeting
) -> None:
    item = services.action_item_create(
        actor=secretariat,
        meeting=meeting,
        title="Circulate the revised CONOPS",
        due_on=MEETING_DAY,
        owner_office=Office.DPO_OMA,
    )
    item = services.action_item_move(actor=secretariat, item=item, move="complete", note="sent")
    assert item.status == FollowUp.DONE


# --- The overdue sweep ------------------------------------------------------------------------


def test_sweep_flags_overdue_items_once_and_tells_the_owner(
    fp_bgd: User, action_item: ActionItem, django_capture_on_commit_callbacks: Any
) -> None:
    fp_bgd.email = "fp@example.org"
    fp_bgd.save()
    on_due_day = action_item.due_on
    assert services.action_items_sweep(today=on_due_day) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lines = services.action_items_sweep(today=on_due_day + dt.timedelta(days=1))
    assert len(lines) == 1 and "overdue" in lines[0]
    action_item.refresh_from_db()
    assert action_item.overdue_since == on_due_day + dt.timedelta(days=1)
    assert [m.to for m in mail.outbox] == [["fp@example.org"]]
    assert Notification.objects.filter(user=fp_bgd, subject__startswith="Overdue").count() == 1
    before = state_of_db()
    assert services.action_items_sweep(today=on_due_day + dt.timedelta(days=2)) == []
    assert state_of_db() == before
    # Closing clears the flag; a closed item is never flagged.
    services.action_item_move(actor=fp_bgd, item=action_item, move="complete", note="done")
    action_item.refresh_from_db()
    assert action_item.overdue_since is None
    assert services.action_items_sweep(today=on_due_day + dt.timedelta(days=3)) == []


def test_sweep_command_and_task(action_item: ActionItem, capsys: Any) -> None:
    from django.core.management import call_command

    late = (action_item.due_on + dt.timedelta(days=5)).isoformat()
    call_command("action_items_sweep", "--today", late)
    assert "1 item(s) flagged overdue" in capsys.readouterr().out
    action_item.refresh_from_db()
    assert action_item.overdue_since is not None
    call_command("action_items_sweep", "--today", late, "--enqueue")
    assert "enqueued" in capsys.readouterr().out


def test_invited_focal_points_are_notified_of_the_meeting_on_commit(
    secretariat: User,
    fp_bgd: User,
    fp_kaz: User,
    minusca: Mission,
    contingents: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    fp_bgd.email, fp_kaz.email = "bgd@example.org", "kaz@example.org"
    fp_bgd.save()
    fp_kaz.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_create(
            actor=secretariat, mission=minusca, kind="crisis", date=MEETING_DAY, chair="DPO"
        )
    assert [m.to for m in mail.outbox] == [["bgd@example.org"]]
    assert Notification.objects.filter(user=fp_bgd).count() == 1
    assert Notification.objects.filter(user=fp_kaz).count() == 0
