from __future__ import annotations

from django import forms

from pcrs.registry.models import CapabilityType


class StandardForm(forms.Form):
    capability_type = forms.ModelChoiceField(
        queryset=CapabilityType.objects.all(), to_field_name="code"
    )
    category = forms.CharField(max_length=80)
    task = forms.CharField(max_length=255)
    is_active = forms.BooleanField(required=False, initial=True)
    source = forms.CharField(max_length=255, required=False)
