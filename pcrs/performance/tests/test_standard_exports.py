"""The task-based standards page exported: the Secretariat's list; everyone else gets the page's
refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.performance.models import PerformanceStandard

pytestmark = pytest.mark.django_db

HEADER = ["Unit type", "Category", "Task", "Applied", "Source"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_secretariat_exports_every_standard(
    client: Any, secretariat: Any, standards: list[PerformanceStandard], fmt: str
) -> None:
    PerformanceStandard.objects.filter(pk=standards[2].pk).update(is_active=False)
    client.force_login(secretariat)
    response = client.get(reverse("performance:standards") + f"?format={fmt}")
    assert response.status_code == 200
    rows = exported_rows(response)
    assert rows[0] == HEADER
    assert sorted((r[2], r[3]) for r in rows[1:]) == [
        ("Conduct long-range patrols", "yes"),
        ("Report incidents within 24 hours", "no"),
        ("Secure the company operating base", "yes"),
    ]


def test_standard_export_is_refused_like_the_page(
    client: Any, fp_bgd: Any, observer: Any, standards: list[PerformanceStandard]
) -> None:
    url = reverse("performance:standards") + "?format=csv"
    assert client.get(url).status_code == 302  # to the log-in page
    for user in (fp_bgd, observer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert b"long-range patrols" not in response.content


def test_the_standards_page_offers_the_export(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    page = client.get(reverse("performance:standards")).content.decode()
    assert "format=csv" in page and "format=xlsx" in page
