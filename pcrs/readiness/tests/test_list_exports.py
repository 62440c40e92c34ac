"""The readiness overview and "my pledges by level" exported: the page's rows for the user who
may see the page, and the page's refusal for everyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.readiness.tests.test_views import _to_level_1

pytestmark = pytest.mark.django_db

MINE_HEADER = [
    "Level",
    "Pledge id",
    "Member State",
    "Pledge",
    "Capability",
    "Personnel",
    "Renewal due",
    "Next step",
    "By",
    "What blocks it",
]


def _export(client: Any, user: Any, url: str) -> list[list[str]]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return exported_rows(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_my_pledges_export_has_only_the_own_states_pledges(
    client: Any,
    pledge: Any,
    fp_bgd: Any,
    fp_kaz: Any,
    secretariat: Any,
    make_pledge: Any,
    fmt: str,
) -> None:
    make_pledge("KAZ", title="KAZBAT-SECRET")
    _to_level_1(pledge, fp_bgd, secretariat)
    rows = _export(client, fp_bgd, reverse("readiness:mine") + f"?format={fmt}")
    assert rows[0] == MINE_HEADER
    assert [(r[0], r[1], r[2], r[7]) for r in rows[1:]] == [
        ("Level 1", str(pledge.pk), "BGD", "Grant Level 2")
    ]
    kaz = _export(client, fp_kaz, reverse("readiness:mine") + f"?format={fmt}")
    assert [r[2] for r in kaz[1:]] == ["KAZ"]
    assert str(pledge.pk) not in {r[1] for r in kaz[1:]}


def test_my_pledges_export_is_refused_like_the_page(
    client: Any, observer: Any, secretariat: Any, pledge: Any
) -> None:
    url = reverse("readiness:mine") + "?format=csv"
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(observer)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("readiness:queue")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_overview_export_has_every_cell_and_the_flow(
    client: Any, pledge: Any, fp_bgd: Any, secretariat: Any, fmt: str
) -> None:
    _to_level_1(pledge, fp_bgd, secretariat)
    url = reverse("readiness:overview") + f"?format={fmt}"
    rows = _export(client, secretariat, url)
    assert rows[0] == ["Level", "Capability type", "Region", "Pledges", "Personnel"]
    assert rows[1:] == [
        [
            "Level 1",
            pledge.capability_type.name,
            pledge.member_state.region,
            "1",
            "850",
        ]
    ]
    flow = _export(client, secretariat, url + "&list=flow")
    assert flow[0] == ["Month", "Moved up a level", "Dropped a level (expiry)", "Lapsed"]
    assert len(flow) == 1 + 13  # this month and the twelve before it
    assert sum(int(r[1]) for r in flow[1:]) == 1


def test_overview_export_is_refused_like_the_page(
    client: Any, fp_bgd: Any, observer: Any, pledge: Any
) -> None:
    url = reverse("readiness:overview") + "?format=csv"
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(fp_bgd)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("readiness:mine")
    client.force_login(observer)
    assert client.get(url).status_code == 403


def test_the_pages_offer_the_exports(
    client: Any, pledge: Any, fp_bgd: Any, secretariat: Any
) -> None:
    client.force_login(fp_bgd)
    assert "format=csv" in client.get(reverse("readiness:mine")).content.decode()
    client.force_login(secretariat)
    page = client.get(reverse("readiness:overview")).content.decode()
    assert "format=csv&amp;list=detail" in page
    assert "format=csv&amp;list=flow" in page
