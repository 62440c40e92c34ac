"""Fatalities and a State's contribution history exported: exactly what the page shows to that
user. Fatalities outside the Secretariat are protected aggregates, and a suppressed cell stays
suppressed in the file (ADR 0083); a State's history is for the Secretariat and that State's
focal point, and anyone else gets the page's 404 for the export too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.missions.models import Contribution, ContributionImport, Mission, PersonnelType
from pcrs.missions.tests.test_fatalities import small_history

pytestmark = pytest.mark.django_db
__all__ = ["small_history"]


def _export(client: Any, user: Any, url: str) -> list[list[str]]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return exported_rows(response)


def _fatalities(query: str) -> str:
    return reverse("missions:fatalities") + "?" + query


# --- Fatalities ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_secretariats_fatality_export_has_every_figure_by_type(
    client: Any, secretariat: Any, small_history: Mission, fmt: str
) -> None:
    rows = _export(client, secretariat, _fatalities(f"mission=UNMISS&format={fmt}"))
    assert rows == [
        ["Year", "Accident", "Illness", "Malicious Act", "Fatalities"],
        ["2020", "1", "1", "1", "3"],
        ["2021", "0", "0", "1", "1"],
    ]
    types = _export(client, secretariat, _fatalities(f"mission=UNMISS&format={fmt}&list=types"))
    assert types[0] == ["Type of incident", "Fatalities"]
    assert dict(r for r in types[1:]) == {"Malicious Act": "2", "Accident": "1", "Illness": "1"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_others_fatality_export_keeps_the_suppressed_cells_suppressed(
    client: Any, observer: Any, fp_kaz: Any, small_history: Mission, fmt: str
) -> None:
    for user in (observer, fp_kaz):
        # 2021 draws on one State (it would single out Bangladesh); no series by type.
        rows = _export(client, user, _fatalities(f"mission=UNMISS&format={fmt}"))
        assert rows == [["Year", "Fatalities"], ["2020", "3"], ["2021", "suppressed"]]
        types = _export(client, user, _fatalities(f"mission=UNMISS&format={fmt}&list=types"))
        assert [r[1] for r in types[1:]] == ["suppressed"] * 3


def test_fatality_export_of_all_missions_matches_the_protected_page(
    client: Any, observer: Any, small_history: Mission
) -> None:
    # Four fatalities from three States: the total and the mission row are shown.
    rows = _export(client, observer, _fatalities("format=csv&list=missions"))
    assert rows == [["Mission", "Fatalities"], ["UNMISS", "4"]]


def test_a_contributors_fatality_export_is_for_its_own_focal_point_only(
    client: Any, fp_bgd: Any, fp_kaz: Any, observer: Any, small_history: Mission
) -> None:
    rows = _export(client, fp_bgd, _fatalities("state=BGD&format=csv"))
    assert rows == [["Year", "Malicious Act", "Fatalities"], ["2020", "1", "1"], ["2021", "1", "1"]]
    for user in (fp_kaz, observer):
        client.force_login(user)
        assert client.get(_fatalities("state=BGD&format=csv")).status_code == 404


def test_the_fatalities_page_offers_an_export_per_table(
    client: Any, observer: Any, small_history: Mission
) -> None:
    client.force_login(observer)
    page = client.get(_fatalities("")).content.decode()
    for name in ("years", "types", "missions"):
        assert f"format=csv&amp;list={name}" in page


# --- A State's contribution history ----------------------------------------------------------


@pytest.fixture
def contributions(minusca: Mission, make_state: Callable[[str], Any]) -> None:
    batch = ContributionImport.objects.create(file_name="t.csv", sha256="0" * 64)
    for iso3, male, female in (("BGD", 800, 50), ("KAZ", 30, 10)):
        Contribution.objects.create(
            month=dt.date(2014, 2, 28),
            member_state=make_state(iso3),
            mission=minusca,
            personnel_type=PersonnelType.TROOPS,
            male=male,
            female=female,
            total=male + female,
            batch=batch,
        )


def _history(iso3: str, query: str) -> str:
    return reverse("missions:state_contributions", args=[iso3]) + "?" + query


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_contribution_export_has_the_states_own_figures(
    client: Any, secretariat: Any, fp_bgd: Any, contributions: None, fmt: str
) -> None:
    for user in (secretariat, fp_bgd):
        months = _export(client, user, _history("BGD", f"format={fmt}"))
        assert months == [
            ["Month", "troops", "Total", "Women %"],
            ["2014-02-28", "850", "850", "5.9"],
        ]
        latest = _export(client, user, _history("BGD", f"format={fmt}&list=latest"))
        assert latest == [
            ["Mission", "Personnel type", "Men", "Women", "Total", "Women %"],
            ["MINUSCA", "troops", "800", "50", "850", "6"],
        ]
        peaks = _export(client, user, _history("BGD", f"format={fmt}&list=peaks"))
        assert peaks == [
            ["Mission", "Personnel type", "Peak in one month"],
            ["MINUSCA", "troops", "850"],
        ]


@pytest.mark.parametrize("list_name", ["months", "latest", "peaks"])
def test_another_states_contribution_export_is_the_pages_404(
    client: Any, fp_kaz: Any, observer: Any, contributions: None, list_name: str
) -> None:
    for user in (fp_kaz, observer):
        client.force_login(user)
        assert client.get(_history("BGD", f"format=csv&list={list_name}")).status_code == 404
    client.logout()
    response = client.get(_history("BGD", "format=csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_contributions_page_offers_an_export_per_table(
    client: Any, fp_bgd: Any, contributions: None
) -> None:
    client.force_login(fp_bgd)
    page = client.get(_history("BGD", "")).content.decode()
    for name in ("months", "latest", "peaks"):
        assert f"format=csv&amp;list={name}" in page
