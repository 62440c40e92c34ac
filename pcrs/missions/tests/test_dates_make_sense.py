"""Dates that make sense (issue 9, point 4): a new requirement is not needed by a past date; a
contingent deploying in the future is not recorded as deployed now."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pcrs.core.models import AuditEvent
from pcrs.missions.models import DeployedContingent, Requirement
from pcrs.missions.services import (
    ContingentInput,
    RequirementInput,
    contingent_create,
    requirement_create,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_new_requirement_needed_by_a_past_date_is_refused_by_name(
    minusca, planner_minusca, capability
):
    audits = AuditEvent.objects.count()
    data = RequirementInput(
        capability_type=capability("qrf-company"),
        personnel=180,
        required_by=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        requirement_create(actor=planner_minusca, mission=minusca, data=data)
    assert "already past" in error.value.message_dict["required_by"][0]
    assert (Requirement.objects.count(), AuditEvent.objects.count()) == (0, audits)
    data.required_by = TODAY
    requirement_create(actor=planner_minusca, mission=minusca, data=data)
    assert Requirement.objects.count() == 1


def test_a_contingent_deploying_in_the_future_is_not_deployed_now(
    minusca, secretariat, make_state, capability
):
    audits = AuditEvent.objects.count()
    data = ContingentInput(
        mission=minusca,
        member_state=make_state("NPL"),
        capability_type=capability("formed-police-unit"),
        designation="NEPFPU-4",
        personnel=140,
        women=10,
        deployed_on=TODAY + dt.timedelta(days=20),
        rotation_months=12,
    )
    with pytest.raises(ValidationError) as error:
        contingent_create(actor=secretariat, data=data)
    assert "not deployed yet" in error.value.message_dict["deployed_on"][0]
    assert (DeployedContingent.objects.count(), AuditEvent.objects.count()) == (0, audits)


def test_the_planners_requirement_form_summarises_errors_and_shows_the_title(
    client, minusca, planner_minusca, capability
):
    capability("qrf-company")
    client.force_login(planner_minusca)
    url = reverse("missions:requirement_create", args=[minusca.acronym])
    post = {
        "capability_type": "qrf-company",
        "title": "QRF for Bria",
        "units": "1",
        "personnel": "180",
        "required_by": (TODAY - dt.timedelta(days=3)).isoformat(),
        "priority": "high",
        "min_women_percent": "0",
    }
    refused = client.post(url, post).content.decode()
    assert "The requirement was not saved" in refused
    assert "already past" in refused
    post["required_by"] = (TODAY + dt.timedelta(days=30)).isoformat()
    assert client.post(url, post).status_code == 302
    page = client.get(reverse("missions:detail", args=[minusca.acronym])).content.decode()
    assert "QRF for Bria" in page
