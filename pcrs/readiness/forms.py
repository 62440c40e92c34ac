"""Forms of the readiness pages. They only parse input; the services decide and validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pcrs.core.errors import DomainError
from pcrs.readiness import ladder
from pcrs.readiness.models import AavDomain, DomainResult, UnitRequirement, VisitPurpose
from pcrs.readiness.services import DomainResultInput

DATE = forms.DateInput(attrs={"type": "date"})


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def apply_error(self, exc: Exception) -> None:
        """Put a service's refusal on the field it names, or on the form."""
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                field = self.field_for(name)
                for message in errors:
                    self.add_error(field, message)
        elif isinstance(exc, ValidationError):
            for message in exc.messages:
                self.add_error(None, message)
        elif isinstance(exc, DomainError):
            field = self.field_for(exc.field) if exc.field else None
            self.add_error(field, exc.message)
        else:
            raise exc

    def field_for(self, name: str) -> str | None:
        if name.startswith("results."):
            name = f"result_{name.removeprefix('results.')}"
        return name if name in self.fields else None


class MoveForm(VersionedForm):
    move = forms.ChoiceField(choices=[(name, m.label) for name, m in ladder.MOVES.items()])
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class RenewForm(VersionedForm):
    note = forms.CharField(
        required=False, label=_("Note (what changed, if anything)"), max_length=4000
    )


class VisitForm(VersionedForm):
    purpose = forms.ChoiceField(choices=VisitPurpose.choices, widget=forms.HiddenInput)
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    team = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("One team member per line: rank, name, function."),
    )
    successful = forms.TypedChoiceField(
        choices=[("yes", "Successful"), ("no", "Not successful")],
        coerce=lambda value: value == "yes",
        label=_("Overall outcome"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    candidates_presented = forms.IntegerField(
        required=False, min_value=0, max_value=5000, label=_("Candidates presented")
    )
    candidates_passed = forms.IntegerField(
        required=False, min_value=0, max_value=5000, label=_("Candidates who passed")
    )

    def __init__(self, *args: Any, domains: list[str], purpose: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        self.visit_purpose = purpose
        self.fields["purpose"].initial = purpose
        if purpose != VisitPurpose.AMS:
            del self.fields["candidates_presented"], self.fields["candidates_passed"]
        if purpose == VisitPurpose.NOMINATION:
            self.fields["team"].label = _("Reviewed by")
            self.fields["team"].help_text = _("Who reviewed the documents, one per line.")
            self.fields["summary"].label = _("Documents received and vetting outcome")
        elif purpose == VisitPurpose.AMS:
            self.fields["team"].label = _("Selection team")
        required = purpose == VisitPurpose.AAV
        for domain in domains:
            label = AavDomain(domain).label
            self.fields[f"result_{domain}"] = forms.ChoiceField(
                choices=[("", "-"), *DomainResult.choices],
                required=required,
                label=format_lazy(_("{domain}: result"), domain=label),
            )
            self.fields[f"findings_{domain}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                label=format_lazy(_("{domain}: findings"), domain=label),
            )

    def domain_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"result_{d}"], self[f"findings_{d}"]) for d in self.domains]

    def results(self) -> list[DomainResultInput]:
        data = self.cleaned_data
        return [
            DomainResultInput(
                domain=d, result=data[f"result_{d}"], findings=data.get(f"findings_{d}", "")
            )
            for d in self.domains
            if data.get(f"result_{d}")
        ]

    def team_members(self) -> list[str]:
        return _lines(self.cleaned_data["team"])


class SurAlignmentForm(VersionedForm):
    sur = forms.ModelChoiceField(
        queryset=UnitRequirement.objects.none(), label=_("Statement of Unit Requirements")
    )
    agreed_on = forms.DateField(widget=DATE)
    variations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
        help_text=_("One agreed variation from the SUR per line."),
    )
    note = forms.CharField(required=False, max_length=4000)

    def __init__(self, *args: Any, surs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sur"].queryset = surs  # type: ignore[attr-defined]

    def variation_lines(self) -> list[str]:
        return _lines(self.cleaned_data.get("variations", ""))


class RdlAgreementForm(VersionedForm):
    signed_on = forms.DateField(widget=DATE)
    deploy_within_days = forms.IntegerField(min_value=1, max_value=365, initial=60)
    reference = forms.CharField(required=False, max_length=80)
    note = forms.CharField(required=False, max_length=4000)


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason (required to reject; shown to the State)"),
    )
