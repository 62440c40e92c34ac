from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcrs.memberstates.models import MemberState
from pcrs.training.models import Course, CourseDelivery, CriterionMetric
from pcrs.training.services import TraineeInput

MAX_TRAINEE_LINES = 200
MAX_TRAINEES = 5000  # of each gender, per State and delivery


class CriterionForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=CriterionMetric.choices)
    threshold = forms.IntegerField(label=_("Threshold"), min_value=0, max_value=100_000)
    is_active = forms.BooleanField(label=_("Is active"), required=False, initial=True)
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


def parse_trainees(text: str) -> list[TraineeInput]:
    """'KAZ 20 5' per line: a State's ISO3 code, men, women. Raises ValidationError naming the
    line; the trainees of States other than the centre's are its regional participants."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_TRAINEE_LINES:
        raise forms.ValidationError(
            _("At most %(max)s States per delivery.") % {"max": MAX_TRAINEE_LINES}
        )
    codes = {parts[0].upper() for parts in lines if parts}
    states = {s.iso3: s for s in MemberState.objects.filter(iso3__in=codes)}
    rows = []
    for number, parts in enumerate(lines, start=1):
        if len(parts) != 3 or not (parts[1].isdigit() and parts[2].isdigit()):
            raise forms.ValidationError(
                _(
                    "Line %(line)s: write a State's ISO3 code, then men, then women "
                    "(e.g. KAZ 20 5)."
                ),
                params={"line": number},
            )
        state = states.get(parts[0].upper())
        if state is None:
            raise forms.ValidationError(
                _("Line %(line)s: %(code)s is not a Member State."),
                params={"line": number, "code": parts[0]},
            )
        men, women = int(parts[1]), int(parts[2])
        if men > MAX_TRAINEES or women > MAX_TRAINEES:
            raise forms.ValidationError(
                _("Line %(line)s: at most %(max)s men and %(max)s women."),
                params={"line": number, "max": MAX_TRAINEES},
            )
        rows.append(TraineeInput(member_state=state, men=men, women=women))
    return rows


class DeliveryForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    trainees = forms.CharField(
        label=_("Trainees"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_(
            "One line per State: ISO3 code, men, women (e.g. KAZ 20 5). Trainees of "
            "other States are the centre's regional participants."
        ),
    )

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(centre=centre)  # type: ignore[attr-defined]

    def clean_trainees(self) -> list[TraineeInput]:
        return parse_trainees(self.cleaned_data["trainees"])


class PledgeTrainingForm(forms.Form):
    delivery = forms.ModelChoiceField(label=_("Delivery"), queryset=CourseDelivery.objects.none())
    personnel = forms.IntegerField(label=_("Personnel"), min_value=1, max_value=100_000)

    def __init__(self, *args: Any, deliveries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery"].queryset = deliveries  # type: ignore[attr-defined]
