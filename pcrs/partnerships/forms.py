"""Page forms; the services do the checking that matters (and name the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pcrs.partnerships.models import CommitmentArea, OfferKind, SupportType


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices)
    support_type = forms.ChoiceField(label=_("Support type"), choices=SupportType.choices)
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    item = forms.CharField(
        label=_("Item"), max_length=120, required=False, help_text=_("Equipment: the item.")
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, help_text=_("Equipment: how many.")
    )
    lease = forms.ChoiceField(
        label=_("Lease"), choices=[("", "-"), ("wet", "Wet"), ("dry", "Dry")], required=False
    )
    lease_months = forms.IntegerField(label=_("Lease months"), required=False)
    course = forms.CharField(label=_("Course"), max_length=160, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    language = forms.CharField(label=_("Language"), max_length=8, required=False)
    amount_usd = forms.DecimalField(
        label=_("Amount usd"), required=False, max_digits=14, decimal_places=2
    )
    commitment_area = forms.ChoiceField(
        label=_("Commitment area"), choices=[("", "-"), *CommitmentArea.choices], required=False
    )
    available_from = forms.DateField(
        label=_("Available from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    announced_at = forms.CharField(label=_("Announced at"), max_length=160, required=False)
    announced_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NeedForm(forms.Form):
    support_type = forms.ChoiceField(label=_("Support type"), choices=SupportType.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    needed_by = forms.DateField(
        label=_("Needed by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ProposeForm(forms.Form):
    need = forms.CharField(max_length=200, widget=forms.HiddenInput)
    offer = forms.UUIDField(widget=forms.HiddenInput)
    start_on = forms.DateField(label=_("Start on"), widget=forms.DateInput(attrs={"type": "date"}))
    end_on = forms.DateField(label=_("End on"), widget=forms.DateInput(attrs={"type": "date"}))
    recipient_brings = forms.CharField(label=_("Recipient brings"), max_length=300, required=False)
