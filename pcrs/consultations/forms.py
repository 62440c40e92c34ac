"""Forms of the consultation pages; the services validate again and have the last word."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pcrs.consultations.followup import MOVES
from pcrs.consultations.models import MeetingKind, Office
from pcrs.generation.models import GenerationCase
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission

DATE = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.all(), to_field_name="acronym", label=_("Mission")
    )
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_("Type"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    chair = forms.CharField(label=_("Chair"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class RecordsForm(forms.Form):
    chair = forms.CharField(label=_("Chair"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class InviteForm(forms.Form):
    member_state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(), required=False, label=_("Member State")
    )
    office = forms.ChoiceField(
        label=_("Office"), choices=[("", "---------"), *Office.choices], required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Decision"), max_length=4000
    )
    generation_case = forms.ModelChoiceField(
        queryset=GenerationCase.objects.none(),
        required=False,
        label=_("Generation case it concerns (optional)"),
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
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Public summary"))


class ActionItemForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Action"))
    owner = forms.ChoiceField(label=_("Owner"))
    due_on = forms.DateField(widget=DATE, label=_("Due date"))
    decision = forms.TypedChoiceField(
        label=_("Decision"), required=False, coerce=int, empty_value=None
    )

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
    move = forms.ChoiceField(
        label=pgettext_lazy("action item", "Move"), choices=[(k, m.label) for k, m in MOVES.items()]
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(required=False)
