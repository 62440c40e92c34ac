"""The Member States and regional organizations lists exported: the page's rows with the page's
filters, in CSV and XLSX; a visitor who is not logged in is sent to log in as for the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.memberstates.models import RegionalOrganization

STATE_HEADER = [
    "Name",
    "ISO3",
    "ISO2",
    "M49",
    "Region",
    "Sub-region (intermediate)",
    "Working languages",
    "Organizations",
]
ORGANIZATION_HEADER = ["Code", "Name", "UN Member States", "Other members", "As of", "Note"]


def _export(client: Any, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return exported_rows(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_state_export_has_the_pages_states_and_filters(
    client: Any, observer: Any, member_states: Any, fmt: str
) -> None:
    client.force_login(observer)
    rows = _export(client, reverse("memberstates:list") + f"?format={fmt}")
    assert rows[0] == STATE_HEADER
    assert len(rows) == 1 + 193
    rows = _export(client, reverse("memberstates:list") + f"?format={fmt}&region=Oceania")
    assert len(rows) == 1 + 14
    assert "FJI" in [r[1] for r in rows[1:]]
    nato = _export(client, reverse("memberstates:list") + f"?format={fmt}&organization=NATO")
    assert all("NATO" in r[7].split() for r in nato[1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organization_export_has_every_organization_with_its_member_count(
    client: Any, observer: Any, member_states: Any, fmt: str
) -> None:
    client.force_login(observer)
    rows = _export(client, reverse("memberstates:organizations") + f"?format={fmt}")
    assert rows[0] == ORGANIZATION_HEADER
    assert len(rows) == 1 + RegionalOrganization.objects.count()
    assert {r[0]: r[2] for r in rows[1:]}["NATO"] == "32"


@pytest.mark.parametrize("name", ["memberstates:list", "memberstates:organizations"])
def test_anonymous_export_is_sent_to_log_in_like_the_page(client: Any, name: str) -> None:
    response = client.get(reverse(name) + "?format=csv")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_lists_offer_the_export_links(client: Any, observer: Any) -> None:
    client.force_login(observer)
    for name in ("memberstates:list", "memberstates:organizations"):
        page = client.get(reverse(name) + "?region=Oceania").content.decode()
        assert "format=csv" in page
        assert "format=xlsx" in page
