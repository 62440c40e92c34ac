"""API shapes of consultations. Reads are plain dicts built from a selector's view of a record;
writes are parsed here and applied by services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.consultations import selectors
from pcrs.consultations.followup import MOVES
from pcrs.consultations.models import ActionItem, MeetingKind, Office
from pcrs.consultations.selectors import MeetingView


def action_item_data(item: ActionItem) -> dict[str, Any]:
    return {
        "id": str(item.pk),
        "meeting": str(item.meeting_id),
        "mission": item.meeting.mission.acronym,
        "title": item.title,
        "owner_state": item.owner_state.iso3 if item.owner_state else None,
        "owner_office": item.owner_office or None,
        "owner": item.owner_label,
        "due_on": item.due_on.isoformat(),
        "status": item.status,
        "overdue": item.overdue_since is not None,
        "overdue_since": item.overdue_since.isoformat() if item.overdue_since else None,
        "closed_on": item.closed_on.isoformat() if item.closed_on else None,
        "decision": item.decision_id,
        "last_note": item.last_note,
        "version": item.version,
    }


def meeting_data(view: MeetingView, *, records: bool = True) -> dict[str, Any]:
    """Public fields for everyone who may see the meeting; records for participants only."""
    m = view.meeting
    data: dict[str, Any] = {
        "id": str(m.pk),
        "mission": m.mission.acronym,
        "kind": m.kind,
        "date": m.date.isoformat(),
        "chair": m.chair,
        "public_summary": m.public_summary if m.summary_is_public else None,
        "summary_published_at": m.summary_published_at.isoformat()
        if m.summary_published_at
        else None,
        "participant": view.participant,
    }
    if view.participant and records:
        data.update(
            {
                "agenda": m.agenda,
                "minutes": m.minutes,
                "invitees": [
                    {
                        "member_state": i.member_state.iso3 if i.member_state else None,
                        "office": i.office or None,
                        "name": str(i),
                        "basis": i.basis,
                    }
                    for i in m.invitees.select_related("member_state")
                ],
                "derivation_notes": m.derivation_notes,
                "documents": selectors.meeting_documents(view),
                "decisions": [
                    {
                        "id": d.pk,
                        "text": d.text,
                        # The case names a State and a pledge: the Secretariat's only.
                        **(
                            {"generation_case": d.generation_case_id} if view.full_documents else {}
                        ),
                    }
                    for d in m.decisions.all()
                ],
                "action_items": [
                    action_item_data(i)
                    for i in m.action_items.select_related("owner_state", "meeting__mission")
                ],
            }
        )
    return data


class MeetingInputSerializer(serializers.Serializer[Any]):
    mission = serializers.CharField(max_length=32, help_text="Mission acronym, e.g. MINUSCA.")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    date = serializers.DateField()
    chair = serializers.CharField(max_length=200)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    add_states = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list
    )
    add_offices = serializers.ListField(
        child=serializers.ChoiceField(choices=Office.choices), required=False, default=list
    )


class ActionItemInputSerializer(serializers.Serializer[Any]):
    meeting = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    owner_state = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    # An office code (Office); the service checks it is an invited office.
    owner_office = serializers.CharField(
        max_length=16, required=False, allow_blank=True, default=""
    )
    due_on = serializers.DateField()
    decision = serializers.IntegerField(required=False, allow_null=True, default=None)


class FollowUpMoveInputSerializer(serializers.Serializer[Any]):
    move = serializers.ChoiceField(choices=list(MOVES))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RecordsInputSerializer(serializers.Serializer[Any]):
    chair = serializers.CharField(max_length=200)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=4000)
    generation_case = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A generation case of the mission."
    )


class InviteInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    office = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SummaryInputSerializer(serializers.Serializer[Any]):
    summary = serializers.CharField()
