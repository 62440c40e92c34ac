"""Forms of the consultation pages; the services validate again and have the last word."""

from __future__ import annotations

from typing import Any

from django import forms

from pcrs.consultations.followup import MOVES
from pcrs.consultations.models import MeetingKind, Office
from pcrs.generation.models import GenerationCase
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission

DATE = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.all(), to_field_name="acronym", label="Mission"
    )
    kind = forms.ChoiceField(choices=MeetingKind.choices, label="Type")
    date = forms.DateField(widget=DATE)
    chair = forms.CharField(max_length=200)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class RecordsForm(forms.Form):
    chair = forms.CharField(max_length=200)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class InviteForm(forms.Form):
    member_state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(), required=False, label="Member State"
    )
    office = forms.ChoiceField(choices=[("", "---------"), *Office.choices], required=False)
    reason = forms.CharField(max_length=200, required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Decision", max_length=4000
    )
    generation_case = forms.ModelChoiceField(
        queryset=GenerationCase.objects.none(),
        required=False,
        label="Generation case it concerns (optional)",
    )

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meeting is not None:
            field = self.fields["generation_case"]
            field.queryset = GenerationCase.objects.filter(  # type: ignore[attr-defined]
                requirement__mission=meeting.mission
            ).select_related("member_state", "requirement__capability_type")
            field.label_from_instance = lambda case: (  # type: ignore[attr-defined]
                f"{case.member_state.iso3}: {case.requirement} ({case.get_state_display()})"
            )


class SummaryForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Public summary")


class ActionItemForm(forms.Form):
    title = forms.CharField(max_length=200, label="Action")
    owner = forms.ChoiceField(label="Owner")
    due_on = forms.DateField(widget=DATE, label="Due date")
    decision = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, meeting: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        invitees = meeting.invitees.select_related("member_state")  # type: ignore[attr-defined]
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            (f"state:{i.member_state.iso3}" if i.member_state else f"office:{i.office}", str(i))
            for i in invitees
        ]
        decisions = meeting.decisions.all()  # type: ignore[attr-defined]
        choices = [("", "---------"), *((d.pk, d.text[:60]) for d in decisions)]
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    move = forms.ChoiceField(choices=[(k, m.label) for k, m in MOVES.items()])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(required=False)
