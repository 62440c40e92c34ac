from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.performance.models import (
    DecisionKind,
    EvaluationKind,
    EvaluatorRole,
    PerformanceStandard,
)
from pcrs.registry.models import CapabilityType

DATE = forms.DateInput(attrs={"type": "date"})


class StandardForm(forms.Form):
    capability_type = forms.ModelChoiceField(
        label=_("Capability type"), queryset=CapabilityType.objects.all(), to_field_name="code"
    )
    category = forms.CharField(label=_("Category"), max_length=80)
    task = forms.CharField(label=_("Task"), max_length=255)
    is_active = forms.BooleanField(label=_("Is active"), required=False, initial=True)
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


class EvaluationForm(forms.Form):
    """One score field per active standard of the unit type (chosen first, by GET)."""

    member_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=MemberState.objects.all(), to_field_name="iso3"
    )
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EvaluationKind.choices)
    unit_designation = forms.CharField(label=_("Unit designation"), max_length=120)
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    evaluator_role = forms.ChoiceField(label=_("Evaluator role"), choices=EvaluatorRole.choices)
    evaluator_name = forms.CharField(label=_("Evaluator name"), max_length=120)
    scale_min = forms.IntegerField(label=_("Scale min"), min_value=0, max_value=99, initial=1)
    scale_max = forms.IntegerField(label=_("Scale max"), min_value=1, max_value=100, initial=4)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, capability_type: CapabilityType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standards = list(
            PerformanceStandard.objects.filter(capability_type=capability_type, is_active=True)
        )
        for standard in self.standards:
            self.fields[f"score_{standard.pk}"] = forms.IntegerField(
                label=f"{standard.category}: {standard.task}",
                min_value=0,
                max_value=100,
                required=False,
            )

    def scores(self) -> dict[int, int]:
        return {
            s.pk: self.cleaned_data[f"score_{s.pk}"]
            for s in self.standards
            if self.cleaned_data.get(f"score_{s.pk}") is not None
        }


class AppraisalRoundForm(forms.Form):
    member_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=MemberState.objects.all(), to_field_name="iso3"
    )
    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=Mission.objects.all(), to_field_name="acronym"
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=DATE, help_text=_("30 June or 31 December.")
    )
    appraised = forms.IntegerField(label=_("Appraised"), min_value=0, max_value=5000)
    exceeds = forms.IntegerField(label=_("Exceeds"), min_value=0, max_value=5000)
    meets = forms.IntegerField(label=_("Meets"), min_value=0, max_value=5000)
    below = forms.IntegerField(label=_("Below"), min_value=0, max_value=5000)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
