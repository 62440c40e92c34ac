"""A regional organization's page and the TPP courses exported: the members for everyone, the
members' live pledges for the Secretariat only (others get the page's "no such list": 404); the
courses with the trainee rows each user may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.partnerships.tests.test_access import users, world

pytestmark = pytest.mark.django_db
__all__ = ["users", "world"]

TPP_HEADER = [
    "Project",
    "Course",
    "Starts on",
    "Ends on",
    "Place",
    "Funded by",
    "Trainers",
    "Trainees",
]


def _region(query):
    return reverse("partnerships:region", args=["AU"]) + "?" + query


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_region_pledge_export_is_the_secretariats(
    client, level_1, au, secretariat, observer, fp_bgd, fmt
):
    level_1("RWA")
    client.force_login(secretariat)
    rows = exported_rows(client.get(_region(f"format={fmt}&list=pledges")))
    assert rows[0] == ["State", "Pledge", "Personnel", "Level"]
    assert [r[0] for r in rows[1:]] == ["RWA"]
    assert "RWABAT" in rows[1][1]
    for user in (observer, fp_bgd):
        client.force_login(user)
        assert client.get(_region(f"format={fmt}&list=pledges")).status_code == 404
        members = exported_rows(client.get(_region(f"format={fmt}&list=members")))
        assert members == [["Member State", "ISO3"], ["Rwanda", "RWA"]]


def test_region_export_sends_anonymous_to_log_in(client, au):
    response = client.get(_region("format=csv&list=members"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_tpp_export_has_only_the_trainees_the_user_may_see(client, world, users, fmt):
    url = reverse("partnerships:tpp") + f"?format={fmt}"
    client.force_login(users["secretariat"])
    rows = exported_rows(client.get(url))
    assert rows[0] == TPP_HEADER
    assert [r[1] for r in rows[1:]] == ["Heavy engineering equipment operators"]
    assert "BGD: 18 men, 4 women" in rows[1][7] and "NPL: 20 men, 2 women" in rows[1][7]
    assert rows[1][5] == "FRA"
    client.force_login(users["own"])
    own = exported_rows(client.get(url))
    assert "BGD: 18 men, 4 women" in own[1][7] and "NPL" not in own[1][7]
    client.force_login(users["other"])
    assert exported_rows(client.get(url)) == [TPP_HEADER]
    for who in ("observer", "planner"):
        client.force_login(users[who])
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_pages_offer_the_exports(client, world, level_1, au, secretariat):
    client.force_login(secretariat)
    region = client.get(_region("")).content.decode()
    assert "format=csv&amp;list=members" in region and "format=csv&amp;list=pledges" in region
    assert "format=csv" in client.get(reverse("partnerships:tpp")).content.decode()
