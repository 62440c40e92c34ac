"""The capability catalogue exported: every user gets the types in use, as the page shows them;
retired types only for those who edit the catalogue (the Secretariat), as on the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.registry.models import CapabilityCategory, CapabilityType

pytestmark = pytest.mark.django_db

HEADER = [
    "Code",
    "Category",
    "Type",
    "Typical size",
    "Typical major equipment",
    "Critical enabler",
    "In use",
]


@pytest.fixture
def catalogue(infantry: CapabilityType) -> list[CapabilityType]:
    infantry.typical_equipment = [{"item": "Armoured personnel carrier", "quantity": 12}]
    infantry.save()
    retired = CapabilityType.objects.create(
        code="=retired-unit",
        name="=HYPERLINK(1) retired unit",
        category=CapabilityCategory.MILITARY_UNIT,
        typical_size=100,
        is_active=False,
    )
    return [infantry, retired]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_everyone_exports_the_types_in_use(
    client: Any, fp_bgd: Any, observer: Any, catalogue: list[CapabilityType], fmt: str
) -> None:
    for user in (fp_bgd, observer):
        client.force_login(user)
        response = client.get(reverse("registry:catalogue") + f"?format={fmt}")
        assert response.status_code == 200
        rows = exported_rows(response)
        assert rows[0] == HEADER
        assert rows[1:] == [
            [
                "infantry-battalion",
                "Military unit",
                "Infantry battalion",
                "850",
                "12 \u00d7 Armoured personnel carrier",
                "yes",
                "yes",
            ]
        ]


def test_the_secretariat_exports_retired_types_too_neutralised(
    client: Any, secretariat: Any, catalogue: list[CapabilityType]
) -> None:
    client.force_login(secretariat)
    rows = exported_rows(client.get(reverse("registry:catalogue") + "?format=csv"))
    retired = [row for row in rows[1:] if row[-1] == "no"]
    # A formula-like name is written as text: a leading apostrophe in CSV.
    assert [row[:3] for row in retired] == [
        ["'=retired-unit", "Military unit", "'=HYPERLINK(1) retired unit"]
    ]


def test_the_catalogue_export_needs_a_log_in_and_is_offered(
    client: Any, observer: Any, catalogue: list[CapabilityType]
) -> None:
    url = reverse("registry:catalogue")
    assert client.get(url + "?format=csv").status_code == 302
    client.force_login(observer)
    page = client.get(url).content.decode()
    assert "format=csv" in page and "format=xlsx" in page
