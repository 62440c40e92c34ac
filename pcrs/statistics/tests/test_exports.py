"""The overview exported: outside the Secretariat, exactly the published cells (suppressed
ones as "suppressed"), never the live figures; the Secretariat's export is live."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.registry.models import CapabilityCategory, CapabilityType
from pcrs.statistics.services import publication_publish

DAY = dt.date(2026, 11, 1)
API = "/api/v1/pledges/aggregates/"


@pytest.fixture
def released(make_pledge, secretariat):
    engineers = CapabilityType.objects.create(
        code="engineer-company",
        name="Engineer company",
        category=CapabilityCategory.MILITARY_UNIT,
        typical_size=180,
    )
    for state in ("KAZ", "BGD", "NPL"):
        make_pledge(state)
    make_pledge("BGD", capability_type=engineers, personnel=180, women=10)  # one State: suppressed
    publication_publish(actor=secretariat, as_of=DAY)
    make_pledge("RWA", personnel=640)  # after the release: not in it


def _expected(cells, as_of):
    return sorted(
        [
            c["group"],
            c["capability_type"],
            *(
                ["suppressed"] * 4
                if c["suppressed"]
                else [str(c["pledges"]), str(c["personnel"]), str(c["women"]), str(c["states"])]
            ),
            as_of,
        ]
        for c in cells
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_observers_and_focal_points_export_equals_the_published_cells(
    client, api, observer, fp_kaz, released, fmt
):
    for user in (observer, fp_kaz):
        published = api(user).get(API + "?group_by=subregion").json()
        assert any(c["suppressed"] for c in published)
        client.force_login(user)
        response = client.get(
            reverse("statistics:aggregates") + f"?group_by=subregion&format={fmt}"
        )
        assert response.status_code == 200
        rows = exported_rows(response)
        assert rows[0][:2] == ["Sub-region", "Capability type"]
        assert sorted(rows[1:]) == _expected(published, "2026-11-01")
        assert not any("640" in cell for row in rows for cell in row)


def test_secretariats_export_is_live(client, api, secretariat, released):
    live = api(secretariat).get(API + "?group_by=region").json()
    client.force_login(secretariat)
    rows = exported_rows(
        client.get(reverse("statistics:aggregates") + "?group_by=region&format=csv")
    )
    assert sorted(rows[1:]) == _expected(live, "live")


def test_statistics_export_needs_a_log_in(client, released):
    response = client.get(reverse("statistics:aggregates") + "?format=csv")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
