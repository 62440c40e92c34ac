"""Forms of the registry pages. They parse what a person typed; the services judge it.

Domain rules (women within personnel, dates in the future, known language codes, Table of
Organization totals) live in pcrs.registry.services and come back as a ValidationError naming
the field; `apply_service_errors` puts each message next to the field it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import formset_factory
from django.utils.translation import gettext, gettext_lazy

from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.registry import validation
from pcrs.registry.models import (
    CapabilityCategory,
    CapabilityType,
    Lease,
    Pledge,
    RankBand,
    RestrictedTask,
    SelfSustainment,
)
from pcrs.registry.services import EquipmentLine, OrganizationLine, PledgeInput, content_values
from pcrs.registry.validation import M49_REGIONS

MAX_PERSONNEL = 5000
MAX_QUANTITY = 10000
MAX_NOTICE_DAYS = 730


def split_list(text: str) -> list[str]:
    """'en, fr ;ar' -> ['en', 'fr', 'ar']: commas, semicolons or spaces separate items."""
    return [part for part in re.split(r"[,;\s]+", text or "") if part]


def capability_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Active catalogue entries grouped by category, for a select with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ct in CapabilityType.objects.filter(is_active=True).order_by("category", "name"):
        groups[ct.category].append((str(ct.pk), ct.name))
    return [
        (str(label), groups[value])
        for value, label in CapabilityCategory.choices
        if groups.get(value)
    ]


class RegistryForm(forms.Form):
    """Labels without colons, each field rendered label, input, error, then help (Pico's order)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "registry/field.html"  # type: ignore[attr-defined]


class MissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.acronym} ({obj.host_name or obj.name})"

    def _check_values(self, value: Any) -> Any:
        # An id no database integer holds (99999999999999999999) is refused here, by name,
        # before it reaches a query (SQLite raises OverflowError on it).
        for item in value:
            text = str(item).strip()
            if not text.isdigit() or not 0 < int(text) <= validation.MAX_ID:
                raise ValidationError(
                    gettext("%(mission)s is not a mission you can choose.") % {"mission": text[:30]}
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in the stubs


class PledgeForm(RegistryForm):
    member_state = forms.ModelChoiceField(
        queryset=MemberState.objects.order_by("name"),
        label=gettext_lazy("Member State"),
        help_text=gettext_lazy(
            "The State making the pledge (the Secretariat records it on the State's behalf)."
        ),
    )
    capability_type = forms.TypedChoiceField(
        label=gettext_lazy("Capability type"), coerce=int, choices=[], empty_value=None
    )
    title = forms.CharField(
        label=gettext_lazy("National designation"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("For example BANBAT-3."),
    )
    personnel = forms.IntegerField(
        label=gettext_lazy("Personnel (total)"),
        min_value=1,
        max_value=MAX_PERSONNEL,
        help_text=gettext_lazy("For individual pledges: the number of officers offered."),
    )
    women = forms.IntegerField(
        label=gettext_lazy("of whom women"), min_value=0, max_value=MAX_PERSONNEL, initial=0
    )
    ranks = forms.CharField(
        label=gettext_lazy("Ranks offered (individual pledges)"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Comma-separated, for example: Major, Lieutenant Colonel."),
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("ISO 639 codes, comma-separated, for example: en, fr, ar."),
    )
    self_sustainment = forms.MultipleChoiceField(
        label=gettext_lazy("Self-sustainment capabilities (Annex D)"),
        choices=SelfSustainment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = forms.DateField(
        label=gettext_lazy("Available from"),
        validators=[validation.date_validator(gettext_lazy("Available from"))],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Earliest date the unit or officers can deploy."),
    )
    notice_to_move_days = forms.IntegerField(
        label=gettext_lazy("Notice to move (days)"),
        min_value=0,
        max_value=MAX_NOTICE_DAYS,
        initial=90,
    )
    caveat_missions = MissionChoiceField(
        label=gettext_lazy("Will not deploy to these missions"),
        queryset=Mission.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    caveat_regions = forms.MultipleChoiceField(
        label=gettext_lazy("Will not deploy to these regions"),
        choices=[(region, region) for region in sorted(M49_REGIONS)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    restricted_tasks = forms.MultipleChoiceField(
        label=gettext_lazy("Will not perform these tasks"),
        choices=RestrictedTask.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    caveat_notes = forms.CharField(
        label=gettext_lazy("Other caveats"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Contact name"), required=False, max_length=120
    )
    contact_email = forms.EmailField(label=gettext_lazy("Contact email"), required=False)
    contact_phone = forms.CharField(
        label=gettext_lazy("Contact telephone"), required=False, max_length=40
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=validation.MAX_ID
    )
    # One key per new-pledge form: saving the same form twice (back, then save) updates the
    # draft it made instead of making a second one.
    draft_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args: Any,
        choose_state: bool = False,
        keep_missions: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not choose_state:
            del self.fields["member_state"]
        field = cast(forms.TypedChoiceField, self.fields["capability_type"])
        field.choices = [("", gettext("Choose a capability type")), *capability_choices()]
        missions = cast(MissionChoiceField, self.fields["caveat_missions"])
        # Current missions, and any ended one the pledge already names (kept, not offered).
        missions.queryset = (
            Mission.objects.peacekeeping()
            .filter(Q(is_active=True) | Q(pk__in=keep_missions or []))
            .order_by("-is_active", "acronym")
        )

    def clean_languages(self) -> str:
        # Checked here as well as in the service, so that every error shows at the first try.
        text = self.cleaned_data["languages"]
        try:
            validation.clean_languages(split_list(text))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["languages"]) from None
        return text

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        personnel, women = data.get("personnel"), data.get("women")
        if personnel is not None and women is not None and women > personnel:
            self.add_error(
                "women",
                gettext("Women (%(women)s) cannot exceed personnel (%(personnel)s).")
                % {"women": women, "personnel": personnel},
            )
        return data

    def clean_capability_type(self) -> CapabilityType:
        pk = self.cleaned_data["capability_type"]
        capability = CapabilityType.objects.filter(pk=pk, is_active=True).first()
        if capability is None:
            raise ValidationError(gettext("Choose a capability type from the catalogue."))
        return capability

    @staticmethod
    def initial_for(pledge: Pledge) -> dict[str, Any]:
        """The form's initial values, from the pledge's content (services.content_values):
        every PledgeInput field but the two formsets, in the form's text shapes."""
        values = content_values(pledge)
        initial = {k: v for k, v in values.items() if k not in ("organization", "equipment")}
        initial["ranks"] = ", ".join(pledge.ranks)
        initial["languages"] = ", ".join(pledge.languages)
        initial["available_from"] = pledge.available_from
        initial["caveat_missions"] = list(pledge.caveat_missions.all())
        initial["version"] = pledge.version
        return initial


class OrganizationLineForm(forms.Form):
    """One rank band of the Table of Organization (Annex B); the rank band is fixed per row."""

    rank_band = forms.ChoiceField(choices=RankBand.choices, widget=forms.HiddenInput)
    men = forms.IntegerField(min_value=0, max_value=MAX_PERSONNEL, required=False)
    women = forms.IntegerField(min_value=0, max_value=MAX_PERSONNEL, required=False)

    @property
    def rank_band_label(self) -> str:
        value = self["rank_band"].value()
        return str(RankBand(value).label) if value in RankBand.values else str(value)


OrganizationFormSet = formset_factory(OrganizationLineForm, extra=0, max_num=len(RankBand))


def organization_initial(pledge: Pledge | None) -> list[dict[str, Any]]:
    """One row per rank band, filled from the pledge's Table of Organization if any."""
    lines = {line.rank_band: line for line in pledge.organization.all()} if pledge else {}
    rows: list[dict[str, Any]] = []
    for band in RankBand.values:
        line = lines.get(band)
        rows.append(
            {
                "rank_band": band,
                "men": line.men if line else None,
                "women": line.women if line else None,
            }
        )
    return rows


class EquipmentLineForm(forms.Form):
    """One line of major equipment (Annex C)."""

    item = forms.CharField(max_length=120)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    lease = forms.ChoiceField(choices=Lease.choices, initial=Lease.WET)


EquipmentFormSet = formset_factory(EquipmentLineForm, extra=2, can_delete=True, max_num=200)


def equipment_initial(pledge: Pledge | None) -> list[dict[str, Any]]:
    if pledge is None:
        return []
    return [
        {"item": line.item, "quantity": line.quantity, "lease": line.lease}
        for line in pledge.equipment.all()
    ]


def organization_lines(formset: Any) -> list[OrganizationLine]:
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        men, women = data.get("men") or 0, data.get("women") or 0
        if men or women:
            lines.append(OrganizationLine(rank_band=data["rank_band"], men=men, women=women))
    return lines


def equipment_lines(formset: Any) -> list[EquipmentLine]:
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        lines.append(
            EquipmentLine(item=data["item"], quantity=data["quantity"], lease=data["lease"])
        )
    return lines


def applies_to(form: PledgeForm) -> tuple[bool, bool]:
    """(unit sections apply, ranks apply) for the capability type chosen in a valid form.

    Switching a draft from a unit to individual officers (or back) hides a section of the page;
    what it still holds no longer applies and is cleared, not refused.
    """
    capability = form.cleaned_data.get("capability_type")
    individual = bool(capability is not None and capability.is_individual)
    return not individual, individual


def sections_valid(form: PledgeForm, organization: Any, equipment: Any) -> bool:
    """The formsets are checked only when they apply (a unit); every error shows at once."""
    valid = form.is_valid()
    unit, _ = applies_to(form) if valid else (True, False)
    if unit:
        valid = organization.is_valid() & equipment.is_valid() & valid
    return valid


def pledge_input(form: PledgeForm, organization: Any, equipment: Any) -> PledgeInput:
    """The service's input from a valid form and its two formsets (when they apply)."""
    data = form.cleaned_data
    unit, individual = applies_to(form)
    return PledgeInput(
        capability_type=data["capability_type"],
        title=data["title"],
        personnel=data["personnel"],
        women=data["women"] or 0,
        ranks=[rank.strip() for rank in (data["ranks"] or "").split(",") if rank.strip()]
        if individual
        else [],
        languages=split_list(data["languages"]),
        self_sustainment=list(data["self_sustainment"]),
        caveat_missions=list(data["caveat_missions"]),
        caveat_regions=list(data["caveat_regions"]),
        restricted_tasks=list(data["restricted_tasks"]),
        caveat_notes=data["caveat_notes"],
        available_from=data["available_from"],
        notice_to_move_days=data["notice_to_move_days"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        organization=organization_lines(organization) if unit else [],
        equipment=equipment_lines(equipment) if unit else [],
    )


# Service error keys that are sections of the page, not fields of the main form.
SECTION_LABELS = {
    "organization": gettext_lazy("Table of Organization"),
    "equipment": gettext_lazy("Major equipment"),
    "typical_equipment": gettext_lazy("Typical equipment"),
}


def apply_service_errors(
    form: forms.Form, error: ValidationError, sections: dict[str, list[str]]
) -> None:
    """Put a service's ValidationError onto the form: each message next to the field it names.

    Keys naming a section (Table of Organization, equipment) go to `sections`; keys the form
    does not know become non-field errors that still name the field.
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        if key in form.fields:
            for message in messages:
                form.add_error(key, message)
        elif key in SECTION_LABELS:
            sections.setdefault(key, []).extend(messages)
        elif key == "__all__":
            for message in messages:
                form.add_error(None, message)
        else:
            label = key.replace("_", " ").capitalize()
            for message in messages:
                form.add_error(None, f"{label}: {message}")


class WithdrawForm(RegistryForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnnotationForm(RegistryForm):
    text = forms.CharField(
        label=gettext_lazy("Secretariat note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_with_state = forms.BooleanField(
        label=gettext_lazy("Share this note with the pledging State"), required=False
    )


class CapabilityTypeForm(RegistryForm):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    typical_size = forms.IntegerField(
        label=gettext_lazy("Typical size (personnel)"), min_value=1, max_value=MAX_PERSONNEL
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("In the catalogue (new pledges may use it)"), required=False
    )


class TypicalEquipmentForm(forms.Form):
    item = forms.CharField(max_length=120)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY)


TypicalEquipmentFormSet = formset_factory(
    TypicalEquipmentForm, extra=2, can_delete=True, max_num=100
)


def typical_equipment(formset: Any) -> list[dict[str, Any]]:
    return [
        {"item": form.cleaned_data["item"].strip(), "quantity": form.cleaned_data["quantity"]}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
