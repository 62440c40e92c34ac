"""The missions list and the gaps dashboard exported: the page's rows; outside the Secretariat
the pledge counts are the published cells (suppressed stays suppressed), never the live ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pcrs.core import disclosure
from pcrs.core.tests.helpers import exported_rows
from pcrs.missions.models import Mission, Priority, Requirement


@pytest.fixture
def gaps_setup(
    minusca: Mission,
    capability: Callable[[str], Any],
    make_pledge: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    heli, qrf = capability("utility-helicopter-unit"), capability("qrf-company")
    today = timezone.localdate()
    for ct in (heli, qrf):
        Requirement.objects.create(
            mission=minusca,
            capability_type=ct,
            personnel=100,
            required_by=today + dt.timedelta(days=90),
            opened_on=today - dt.timedelta(days=10),
            priority=Priority.HIGH,
        )
    past = today - dt.timedelta(days=30)
    for state in ("BGD", "KAZ", "NPL", "RWA"):
        make_pledge(state, capability_type=heli, readiness_level="2", available_from=past)
    make_pledge("BGD", capability_type=qrf, readiness_level="2", available_from=past)
    # The release said 3 helicopter pledges (a fourth came after it); the QRF cell is suppressed.
    published = {heli.pk: 3}
    monkeypatch.setattr(disclosure, "_PUBLISHERS", [published.get])
    return {"heli": heli.name, "qrf": qrf.name}


def _counts(rows: list[list[Any]]) -> dict[str, str]:
    header = rows[0]
    kind, count = header.index("Capability type"), header.index("Pledges at Level 2 or above")
    return {row[kind]: str(row[count]) for row in rows[1:]}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_observers_gap_export_equals_the_published_cells(
    client: Any, observer: Any, fp_kaz: Any, gaps_setup: dict[str, Any], fmt: str
) -> None:
    for user in (observer, fp_kaz):
        client.force_login(user)
        response = client.get(reverse("missions:gaps") + f"?format={fmt}")
        assert response.status_code == 200
        assert _counts(exported_rows(response)) == {
            gaps_setup["heli"]: "3",
            gaps_setup["qrf"]: "suppressed",
        }


def test_secretariats_gap_export_has_the_live_counts(
    client: Any, secretariat: Any, gaps_setup: dict[str, Any]
) -> None:
    client.force_login(secretariat)
    rows = exported_rows(client.get(reverse("missions:gaps") + "?format=csv"))
    assert _counts(rows) == {gaps_setup["heli"]: "4", gaps_setup["qrf"]: "1"}


def test_gaps_and_missions_exports_need_a_log_in(client: Any, minusca: Mission) -> None:
    for url in (reverse("missions:gaps"), reverse("missions:list")):
        response = client.get(url + "?format=csv")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_missions_export_lists_the_pages_missions(
    client: Any, observer: Any, minusca: Mission, make_mission: Callable[..., Mission], fmt: str
) -> None:
    make_mission("UNOLD", is_active=False)
    client.force_login(observer)
    rows = exported_rows(client.get(reverse("missions:list") + f"?format={fmt}"))
    assert rows[0][0] == "Mission"
    assert [r[0] for r in rows[1:]] == ["MINUSCA"]  # as the page: active peacekeeping only
    everything = exported_rows(client.get(reverse("missions:list") + f"?all=1&format={fmt}"))
    assert sorted(r[0] for r in everything[1:]) == ["MINUSCA", "UNOLD"]


def test_gaps_and_missions_pages_link_the_exports(
    client: Any, observer: Any, minusca: Mission
) -> None:
    client.force_login(observer)
    for url in (reverse("missions:gaps"), reverse("missions:list") + "?all=1"):
        page = client.get(url).content.decode()
        assert "format=csv" in page
        assert "format=xlsx" in page


def test_a_missions_requirements_export_has_its_published_counts(
    client: Any, observer: Any, secretariat: Any, gaps_setup: dict[str, Any]
) -> None:
    url = reverse("missions:detail", args=["MINUSCA"]) + "?format=xlsx"
    client.force_login(observer)
    published = {gaps_setup["heli"]: "3", gaps_setup["qrf"]: "suppressed"}
    assert _counts(exported_rows(client.get(url))) == published
    client.force_login(secretariat)
    assert _counts(exported_rows(client.get(url))) == {
        gaps_setup["heli"]: "4",
        gaps_setup["qrf"]: "1",
    }
    assert client.get(reverse("missions:detail", args=["NOPE"]) + "?format=csv").status_code == 404
