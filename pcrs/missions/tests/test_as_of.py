"""Honest dates: every page and API answer built from contributions says how old the data is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.missions.models import Contribution, Mission
from pcrs.missions.services import contributions_import

pytestmark = pytest.mark.django_db

DATAHUB = Path(__file__).parent / "fixtures" / "written-for-tests_datahub.csv"
AS_OF = "UN monthly data as of 29 February 2024"


@pytest.fixture
def data(make_mission: Callable[..., Mission], make_state: Callable[[str], Any]) -> None:
    make_mission("MINUSCA", start_date=dt.date(2014, 4, 10))
    make_mission("UNMISS", start_date=dt.date(2011, 7, 9))
    make_mission("UNTEST", name="A mission begun after the data", start_date=dt.date(2025, 5, 1))
    for iso3 in ("BGD", "NPL", "RWA"):
        make_state(iso3)
    result = contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    assert result.report.accepted, result.report.as_text()


def html(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("missions:list"),
        reverse("missions:detail", args=["MINUSCA"]),
        reverse("missions:gaps"),
        reverse("missions:contributions"),
        reverse("missions:state_contributions", args=["BGD"]),
        reverse("missions:contributions_upload"),
    ],
)
def test_every_page_built_from_contributions_says_the_month_of_the_data(
    data: None, secretariat: User, url: str
) -> None:
    assert AS_OF in html(secretariat, url)


def test_the_date_follows_the_latest_month_imported(data: None, secretariat: User) -> None:
    Contribution.objects.filter(month__month=2).delete()
    assert "UN monthly data as of 31 January 2024" in html(secretariat, reverse("missions:list"))


def test_pages_say_when_there_is_no_data_at_all(
    make_mission: Callable[..., Mission], secretariat: User
) -> None:
    make_mission("MINUSCA")
    assert "No UN monthly contribution data imported yet" in html(
        secretariat, reverse("missions:list")
    )


def test_api_answers_built_from_contributions_carry_the_date(
    data: None, observer: User, api: Callable[[User | None], Any]
) -> None:
    strength = api(observer).get("/api/v1/missions/MINUSCA/strength/").json()
    assert strength["data_as_of"] == "2024-02-29"
    assert strength["data_as_of_text"] == AS_OF
    assert strength["strength_at_data_as_of"] == 1190 + 47 + 905 + 61
    gaps = api(observer).get("/api/v1/missions/MINUSCA/gaps/").json()
    assert gaps["contributions_as_of"] == "2024-02-29"


def test_a_mission_without_data_in_the_latest_month_says_why_never_none(
    data: None, observer: User, api: Callable[[User | None], Any]
) -> None:
    listing = html(observer, reverse("missions:list"))
    assert "None" not in listing
    assert "began 2025-05-01, after the latest UN monthly data in PCRS (29 February 2024)" in (
        listing
    )
    # A mission whose last month of data is older than the latest month in PCRS.
    Contribution.objects.filter(mission__acronym="UNMISS", month__month=2).delete()
    listing = html(observer, reverse("missions:list"))
    assert "no UN monthly data after January 2024 (latest month in PCRS: 29 February 2024)" in (
        listing
    )
    detail = html(observer, reverse("missions:detail", args=["UNTEST"]))
    assert "No monthly contribution data for this mission: began 2025-05-01" in detail
    body = api(observer).get("/api/v1/missions/UNTEST/strength/").json()
    assert body["strength_at_data_as_of"] is None
    assert body["no_strength_reason"].startswith("began 2025-05-01")
