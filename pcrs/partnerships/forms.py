"""Page forms; the services do the checking that matters (and name the field)."""

from __future__ import annotations

from django import forms

from pcrs.partnerships.models import CommitmentArea, OfferKind, SupportType


class OfferForm(forms.Form):
    kind = forms.ChoiceField(choices=OfferKind.choices)
    support_type = forms.ChoiceField(choices=SupportType.choices)
    title = forms.CharField(max_length=160)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    item = forms.CharField(max_length=120, required=False, help_text="Equipment: the item.")
    quantity = forms.IntegerField(required=False, help_text="Equipment: how many.")
    lease = forms.ChoiceField(choices=[("", "-"), ("wet", "Wet"), ("dry", "Dry")], required=False)
    lease_months = forms.IntegerField(required=False)
    course = forms.CharField(max_length=160, required=False)
    capacity = forms.IntegerField(required=False)
    place = forms.CharField(max_length=120, required=False)
    language = forms.CharField(max_length=8, required=False)
    amount_usd = forms.DecimalField(required=False, max_digits=14, decimal_places=2)
    commitment_area = forms.ChoiceField(
        choices=[("", "-"), *CommitmentArea.choices], required=False
    )
    available_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    available_until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    announced_at = forms.CharField(max_length=160, required=False)
    announced_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class NeedForm(forms.Form):
    support_type = forms.ChoiceField(choices=SupportType.choices)
    description = forms.CharField(max_length=300)
    needed_by = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ProposeForm(forms.Form):
    need = forms.CharField(max_length=200, widget=forms.HiddenInput)
    offer = forms.UUIDField(widget=forms.HiddenInput)
    start_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    recipient_brings = forms.CharField(max_length=300, required=False)
