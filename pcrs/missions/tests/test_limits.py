"""Limits on a requirement's free text and lists: refused with the limit named, nothing changed,
and stated in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.missions.limits import EQUIPMENT_LINES_MAX, EQUIPMENT_QUANTITY_MAX, NOTES_MAX_CHARS
from pcrs.missions.tests.test_access import client_for, requirement_post, snapshot, world

__all__ = ["world"]  # the fixture, shared with test_access

API_BODY = {
    "mission": "MINUSCA",
    "capability_type": "qrf-company",
    "personnel": 180,
    "required_by": "2027-01-31",
}


@pytest.mark.parametrize(
    ("overrides", "field", "limit"),
    [
        ({"notes": "x" * (NOTES_MAX_CHARS + 1)}, "notes", str(NOTES_MAX_CHARS)),
        (
            {"major_equipment": [{"item": "APC", "quantity": 1}] * (EQUIPMENT_LINES_MAX + 1)},
            "major_equipment",
            str(EQUIPMENT_LINES_MAX),
        ),
        (
            {"major_equipment": [{"item": "APC", "quantity": 10**20}]},
            "major_equipment",
            str(EQUIPMENT_QUANTITY_MAX),
        ),
        ({"version": 10**20}, "version", ""),
        ({"languages": ["fr"] * 11}, "languages", "10"),
        ({"required_by": "9999-12-01"}, "required_by", "2199-12-31"),
    ],
)
def test_api_refuses_oversized_requirement_naming_the_limit(
    world: dict[str, Any], api: Any, overrides: dict[str, Any], field: str, limit: str
) -> None:
    before = snapshot()
    response = api(world["roles"]["secretariat"]).post(
        "/api/v1/requirements/", {**API_BODY, **overrides}, format="json"
    )
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors
    assert limit in str(errors[field])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"notes": "x" * (NOTES_MAX_CHARS + 1)}, f"at most {NOTES_MAX_CHARS} characters"),
        ({"major_equipment": "1 x APC\n" * (EQUIPMENT_LINES_MAX + 1)}, "At most 50 lines"),
        ({"major_equipment": "99999999999999999999 x APC"}, "a quantity from 1 to 10000"),
        ({"major_equipment": "9" * 5000 + " x APC"}, "a quantity from 1 to 10000"),
        ({"languages": ", ".join(["fr"] * 11)}, "At most 10 languages"),
        ({"version": "99999999999999999999"}, ""),
        ({"required_by": "9999-12-01"}, "2199-12-31"),
    ],
)
def test_page_refuses_oversized_requirement_naming_the_limit(
    world: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    before = snapshot()
    url = reverse("missions:requirement_create", args=["MINUSCA"])
    response = client_for(world["roles"]["secretariat"]).post(
        url, {**requirement_post(), **overrides}
    )
    assert response.status_code == 200  # the form again, with its errors
    assert message in response.content.decode()
    assert snapshot() == before


def test_schema_states_the_requirement_limits(client: Any, observer: Any) -> None:
    client.force_login(observer)
    schema = client.get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["RequirementCreateRequest"]["properties"]
    assert fields["notes"]["maxLength"] == NOTES_MAX_CHARS
    assert fields["major_equipment"]["maxItems"] == EQUIPMENT_LINES_MAX
    assert fields["languages"]["maxItems"] == 10
    assert fields["version"]["maximum"] == 2**31 - 1


HEADER = (
    "Date,Contributor,Contributor_ISO-3,Mission,Individual_Police_Male,Individual_Police_Female,"
    "Individual_Police_Total,Formed_Police_Units_Male,Formed_Police_Units_Female,"
    "Formed_Police_Units_Total,Experts_on_Mission_Male,Experts_on_Mission_Female,"
    "Experts_on_Mission_Total,Troops_Male,Troops_Female,Troops_Total,Total_Male,Total_Female,"
    "Total_Total\n"
)


@pytest.mark.parametrize(
    "huge",
    [
        "99999999999999999999",
        "9" * 5000,
    ],
)
def test_contributions_upload_with_a_huge_integer_is_refused_not_a_500(
    minusca: Any, make_state: Any, secretariat: Any, huge: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from pcrs.core.models import AuditEvent
    from pcrs.missions.models import Contribution

    make_state("BGD")
    row = (
        "2024-01-31,Bangladesh,BGD,MINUSCA,NA,NA,NA,NA,NA,NA,NA,NA,NA,"
        f"{huge},0,{huge},{huge},0,{huge}\n"
    )
    before = (Contribution.objects.count(), AuditEvent.objects.count())
    browser = Client(raise_request_exception=False)
    browser.force_login(secretariat)
    response = browser.post(
        reverse("missions:contributions_upload"),
        {"file": SimpleUploadedFile("c.csv", (HEADER + row).encode())},
    )
    assert response.status_code in (200, 400), response.status_code
    assert (Contribution.objects.count(), AuditEvent.objects.count()) == before
