"""Forms of the missions pages; services do the writing and the domain checks."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pcrs.core.bounds import INT32_MAX, date_validators
from pcrs.memberstates.models import MemberState
from pcrs.missions.limits import (
    EQUIPMENT_LINES_MAX,
    EQUIPMENT_QUANTITY_MAX,
    LANGUAGES_MAX,
    NOTES_MAX_CHARS,
)
from pcrs.missions.models import (
    ROTATION_PERIODS,
    DeployedContingent,
    GenderCategory,
    Mission,
    Priority,
    RequirementStatus,
)
from pcrs.missions.services import (
    GENDER_TARGET_FIRST_YEAR,
    GENDER_TARGET_LAST_YEAR,
    ContingentInput,
    RequirementInput,
)
from pcrs.registry.models import CapabilityType, Pledge, SelfSustainment

EQUIPMENT_LINE = re.compile(r"^\s*(\d+)\s*[x\u00d7]\s*(.+?)\s*$")


class RequirementForm(forms.Form):
    capability_type = forms.ModelChoiceField(
        queryset=CapabilityType.objects.filter(is_active=True), to_field_name="code"
    )
    title = forms.CharField(max_length=120, required=False, label=_("Title"))
    units = forms.IntegerField(min_value=1, max_value=50, initial=1, label=_("Units"))
    personnel = forms.IntegerField(min_value=1, max_value=20000, label=_("Personnel"))
    required_by = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=date_validators()
    )
    priority = forms.ChoiceField(
        choices=Priority.choices, initial=Priority.HIGH, label=_("Priority")
    )
    location = forms.CharField(max_length=120, required=False, label=_("Location"))
    languages = forms.CharField(
        required=False,
        label=_("Languages"),
        help_text=_("ISO 639 codes separated by commas, e.g. en, fr"),
    )
    min_women_percent = forms.DecimalField(
        min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=1, initial=0
    )
    major_equipment = forms.CharField(
        required=False,
        label=_("Major equipment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per item: '3 x Utility helicopter (medium)'"),
    )
    self_sustainment = forms.MultipleChoiceField(
        choices=SelfSustainment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Self-sustainment"),
    )
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Notes"),
    )
    version = forms.IntegerField(
        required=False, min_value=1, max_value=INT32_MAX, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Labels and fields as on the pledge form: label, input, error, help.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["capability_type"].label = gettext("Capability type")
        self.fields["required_by"].label = gettext("Needed by")
        self.fields["min_women_percent"].label = gettext("Women, at least (%)")

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data.get("languages") or ""
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        if len(codes) > LANGUAGES_MAX:
            raise ValidationError(gettext("At most %(max)s languages.") % {"max": LANGUAGES_MAX})
        bad = [c for c in codes if not re.fullmatch(r"[a-z]{2,3}", c)]
        if bad:
            raise ValidationError(
                gettext("Not ISO 639 codes: %(codes)s.") % {"codes": ", ".join(bad)[:200]}
            )
        return codes

    def clean_major_equipment(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for number, line in enumerate(
            (self.cleaned_data.get("major_equipment") or "").splitlines()
        ):
            if not line.strip():
                continue
            if len(items) == EQUIPMENT_LINES_MAX:
                raise ValidationError(
                    gettext("At most %(max)s lines of major equipment.")
                    % {"max": EQUIPMENT_LINES_MAX}
                )
            match = EQUIPMENT_LINE.match(line)
            if not match:
                raise ValidationError(
                    gettext("Line %(line)s: write it as '3 x Utility helicopter (medium)'.")
                    % {"line": number + 1}
                )
            digits = match.group(1)
            # Length first: int() refuses more than 4,300 digits with a ValueError.
            if len(digits) > 6 or not 1 <= int(digits) <= EQUIPMENT_QUANTITY_MAX:
                raise ValidationError(
                    gettext("Line %(line)s: a quantity from 1 to %(max)s.")
                    % {"line": number + 1, "max": EQUIPMENT_QUANTITY_MAX}
                )
            items.append({"item": match.group(2)[:120], "quantity": int(digits)})
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
    status = forms.ChoiceField(choices=RequirementStatus.choices, label=_("Status"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ContributionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "UN monthly contributions CSV: IPI full_gender_data.csv, or the UN Data Hub "
            "DPO-UCHISTORICAL layout (current or older export); the layout is read from the header"
        ),
    )
    strict = forms.BooleanField(
        required=False,
        label=_("Strict"),
        help_text=_("Reject the file if a contributor is not a Member State"),
    )
    replace_months = forms.BooleanField(
        required=False,
        label=_("Replace these months"),
        help_text=_(
            "Let the file replace stored months even where it has fewer contributors or "
            "records (without this, such a file is refused and the shrinking months are named)"
        ),
    )
    collapse_exact_duplicates = forms.BooleanField(
        required=False,
        label=_("Collapse exact duplicates"),
        help_text=_(
            "Keep one of rows repeated identically in every column, and list their lines "
            "(without this, such a file is refused)"
        ),
    )


_YEAR_RANGE = format_lazy(
    _("Year must be {first}-{last}."), first=GENDER_TARGET_FIRST_YEAR, last=GENDER_TARGET_LAST_YEAR
)


class GenderTargetForm(forms.Form):
    """Set the women's-share target of one category for one year."""

    category = forms.ChoiceField(
        choices=GenderCategory.choices,
        label=_("Category"),
        error_messages={"invalid_choice": _("Unknown category %(value)s.")},
    )
    year = forms.IntegerField(
        min_value=GENDER_TARGET_FIRST_YEAR,
        max_value=GENDER_TARGET_LAST_YEAR,
        label=_("Year"),
        error_messages={
            "min_value": _YEAR_RANGE,
            "max_value": _YEAR_RANGE,
        },
    )
    target_percent = forms.DecimalField(
        label=_("Target share of women (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "min_value": _("The share must be between 0 and 100%%."),
            "max_value": _("The share must be between 0 and 100%%."),
        },
    )
    source = forms.CharField(
        max_length=255,
        required=False,
        label=_("Source or note"),
        help_text=_("The document or decision behind this figure."),
    )


class ContingentForm(forms.Form):
    """A contingent deployed in a mission (the mission comes from the page)."""

    member_state = forms.ModelChoiceField(
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        label=_("Member State"),
    )
    capability_type = forms.ModelChoiceField(
        queryset=CapabilityType.objects.filter(is_active=True).order_by("name"),
        to_field_name="code",
        label=_("Capability type"),
    )
    designation = forms.CharField(
        max_length=120, required=False, label=_("Designation"), help_text=_("e.g. BANBAT-7")
    )
    personnel = forms.IntegerField(min_value=1, max_value=5000, label=_("Personnel"))
    women = forms.IntegerField(min_value=0, max_value=5000, initial=0, label=_("Women"))
    deployed_on = forms.DateField(
        label=_("Deployed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=date_validators(),
    )
    rotation_months = forms.TypedChoiceField(
        choices=[(m, format_lazy(_("{months} months"), months=m)) for m in ROTATION_PERIODS],
        coerce=int,
        initial=12,
        label=_("Rotation period"),
    )
    next_rotation_on = forms.DateField(
        required=False,
        label=_("Next rotation on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=date_validators(),
        help_text=_("Leave empty: the deployment date plus the rotation period."),
    )
    location = forms.CharField(
        max_length=120,
        required=False,
        label=_("Location"),
        widget=forms.TextInput(attrs={"list": "mission-locations"}),
        help_text=_("Suggestions: the mission's Geo-PKO deployment locations."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        personnel, women = data.get("personnel"), data.get("women")
        if personnel is not None and women is not None and women > personnel:
            self.add_error(
                "women",
                gettext("Women (%(women)s) cannot exceed the personnel (%(personnel)s).")
                % {"women": women, "personnel": personnel},
            )
        deployed, following = data.get("deployed_on"), data.get("next_rotation_on")
        if deployed and following and following <= deployed:
            self.add_error(
                "next_rotation_on", gettext("The next rotation must come after deployment.")
            )
        return data

    def to_input(self, mission: Mission) -> ContingentInput:
        data = self.cleaned_data
        return ContingentInput(
            mission=mission,
            member_state=data["member_state"],
            capability_type=data["capability_type"],
            personnel=data["personnel"],
            women=data["women"],
            deployed_on=data["deployed_on"],
            rotation_months=data["rotation_months"],
            next_rotation_on=data.get("next_rotation_on"),
            designation=data.get("designation") or "",
            location=data.get("location") or "",
        )


class ReplacementForm(forms.Form):
    """The pledge (or, in words, the unit) that will relieve a contingent."""

    replacement_pledge = forms.ModelChoiceField(
        queryset=Pledge.objects.none(),
        required=False,
        label=_("Pledge"),
        help_text=_("Live pledges of the same capability type."),
    )
    note = forms.CharField(
        max_length=255,
        required=False,
        label=_("Or describe the replacement"),
        help_text=_("e.g. 'BANBAT-8, note verbale of 3 March'."),
    )

    def __init__(self, *args: Any, contingent: DeployedContingent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["replacement_pledge"]
        field.queryset = (
            Pledge.objects.live()
            .filter(capability_type_id=contingent.capability_type_id)
            .select_related("member_state", "capability_type")
            .order_by("member_state__name", "title")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("replacement_pledge") or "replacement_pledge" in self.errors
        if not chosen and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Choose a pledge or describe the replacement."))
        return data


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class MissionStatusForm(forms.Form):
    """The Secretariat's correction of a mission's status over the source file."""

    status = forms.ChoiceField(
        choices=[("closed", _("Closed")), ("active", pgettext_lazy("mission", "Active"))],
        label=_("Status"),
    )
    end_date = forms.DateField(
        required=False, label=_("Closed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    resolution = forms.CharField(
        max_length=120,
        required=False,
        label=_("Resolution"),
        help_text=_("e.g. S/RES/2690 (2023)"),
    )
    source = forms.CharField(
        max_length=255,
        label=_("Source"),
        help_text=_("Where this comes from: the resolution, a UN page or document"),
    )
    note = forms.CharField(
        max_length=2000, required=False, label=_("Note"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MissionRecordForm(forms.Form):
    """A mission the source file does not list yet."""

    acronym = forms.CharField(max_length=32, label=_("Acronym"))
    name = forms.CharField(max_length=255, label=_("Name"))
    host_name = forms.CharField(max_length=120, required=False, label=_("Host"))
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    resolution = forms.CharField(
        max_length=120,
        label=_("Resolution"),
        help_text=_("The resolution that established it, e.g. S/RES/2149 (2014)"),
    )
    source = forms.CharField(max_length=255, label=_("Source"))
