"""Forms of the missions pages; services do the writing and the domain checks."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from pcrs.missions.models import Priority, RequirementStatus
from pcrs.missions.services import RequirementInput
from pcrs.registry.models import CapabilityType, SelfSustainment

EQUIPMENT_LINE = re.compile(r"^\s*(\d+)\s*[x\u00d7]\s*(.+?)\s*$")


class RequirementForm(forms.Form):
    capability_type = forms.ModelChoiceField(
        queryset=CapabilityType.objects.filter(is_active=True), to_field_name="code"
    )
    title = forms.CharField(max_length=120, required=False)
    units = forms.IntegerField(min_value=1, max_value=50, initial=1)
    personnel = forms.IntegerField(min_value=1, max_value=20000)
    required_by = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.HIGH)
    location = forms.CharField(max_length=120, required=False)
    languages = forms.CharField(
        required=False, help_text="ISO 639 codes separated by commas, e.g. en, fr"
    )
    min_women_percent = forms.DecimalField(
        min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=1, initial=0
    )
    major_equipment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One line per item: '3 x Utility helicopter (medium)'",
    )
    self_sustainment = forms.MultipleChoiceField(
        choices=SelfSustainment.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data.get("languages") or ""
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        bad = [c for c in codes if not re.fullmatch(r"[a-z]{2,3}", c)]
        if bad:
            raise ValidationError(f"Not ISO 639 codes: {', '.join(bad)}.")
        return codes

    def clean_major_equipment(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for number, line in enumerate(
            (self.cleaned_data.get("major_equipment") or "").splitlines()
        ):
            if not line.strip():
                continue
            match = EQUIPMENT_LINE.match(line)
            if not match:
                raise ValidationError(
                    f"Line {number + 1}: write it as '3 x Utility helicopter (medium)'."
                )
            items.append({"item": match.group(2)[:120], "quantity": int(match.group(1))})
        return items

    def to_input(self) -> RequirementInput:
        data = self.cleaned_data
        return RequirementInput(
            capability_type=data["capability_type"],
            title=data.get("title") or "",
            units=data["units"],
            personnel=data["personnel"],
            required_by=data["required_by"],
            priority=data["priority"],
            location=data.get("location") or "",
            languages=data["languages"],
            min_women_percent=data["min_women_percent"],
            major_equipment=data["major_equipment"],
            self_sustainment=list(data.get("self_sustainment") or []),
            notes=data.get("notes") or "",
        )


def requirement_initial(requirement: Any) -> dict[str, Any]:
    return {
        "capability_type": requirement.capability_type.code,
        "title": requirement.title,
        "units": requirement.units,
        "personnel": requirement.personnel,
        "required_by": requirement.required_by,
        "priority": requirement.priority,
        "location": requirement.location,
        "languages": ", ".join(requirement.languages),
        "min_women_percent": requirement.min_women_percent,
        "major_equipment": "\n".join(
            f"{i['quantity']} x {i['item']}" for i in requirement.major_equipment
        ),
        "self_sustainment": requirement.self_sustainment,
        "notes": requirement.notes,
        "version": requirement.version,
    }


class RequirementStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RequirementStatus.choices)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ContributionsUploadForm(forms.Form):
    file = forms.FileField(help_text="UN monthly contributions CSV (full_gender_data.csv layout)")
    strict = forms.BooleanField(
        required=False, help_text="Reject the file if a contributor is not a Member State"
    )


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
