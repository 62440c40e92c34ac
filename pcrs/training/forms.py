from __future__ import annotations

from django import forms

from pcrs.training.models import CriterionMetric


class CriterionForm(forms.Form):
    metric = forms.ChoiceField(choices=CriterionMetric.choices)
    threshold = forms.IntegerField(min_value=0, max_value=100_000)
    is_active = forms.BooleanField(required=False, initial=True)
    source = forms.CharField(max_length=255, required=False)
