"""Fatalities: the real DPPADPOSS-FATALITIES file through the importer, broken copies that
change nothing, and the figures each user may see."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Fatality, FatalityImport, Mission
from pcrs.missions.services import fatalities_import
from pcrs.missions.tests.conftest import all_states_from_iso, real_path

pytestmark = pytest.mark.django_db

FILE = "dppadposs-fatalities.csv"
HEADER = (
    "id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
    "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\r\n"
)


def real_lines() -> list[str]:
    return real_path(FILE).read_bytes().decode("utf-8").splitlines(keepends=True)


@functools.cache
def _codes() -> frozenset[str]:
    with real_path(FILE).open(encoding="utf-8-sig", newline="") as handle:
        return frozenset(row["isocode3"] for row in csv.DictReader(handle) if row["isocode3"])


@pytest.fixture
def fatality_states(db: Any) -> None:
    all_states_from_iso(set(_codes()) | {"CIV", "MUS", "VNM"})


def database() -> tuple[int, int, int]:
    return Fatality.objects.count(), FatalityImport.objects.count(), AuditEvent.objects.count()


def test_real_fatalities_file_imports_whole_with_its_quirks_reported(
    real_missions: None, fatality_states: None
) -> None:
    path = real_path(FILE)
    result = fatalities_import(actor=None, data=path.read_bytes(), file_name=path.name)
    report = result.report
    assert report.accepted, report.as_text()
    assert report.counts["rows_read"] == Fatality.objects.count() == 4350
    assert report.counts["distinct_casualties"] == 4344
    assert result.batch is not None and result.batch.source_updated == dt.date(2023, 11, 28)
    dates = Fatality.objects.order_by("incident_date").values_list("incident_date", flat=True)
    assert (dates.first(), dates.last()) == (dt.date(1948, 7, 6), dt.date(2023, 11, 21))
    text = report.as_text()
    assert "spaces around casualty_personnel_type removed ('Local ')" in text
    assert "nationality undetermined (ZZ [Undetermined])" in text
    assert "nationality 'Côte dIvoire' given without a code; CIV used" in text
    assert "6 casualty_id values appear on two rows" in text
    # "Local " is stored without its space; MINUSMA's fatalities are linked to the mission.
    assert not Fatality.objects.filter(personnel_type="Local ").exists()
    assert Fatality.objects.filter(personnel_type="Local").count() == 534
    assert Fatality.objects.filter(mission__acronym="MINUSMA").count() == 311
    # Political missions the mission list does not carry are kept under the source's acronym.
    assert Fatality.objects.filter(mission_acronym="UNSecretariat", mission=None).count() == 9
    assert Fatality.objects.filter(member_state__iso3="CIV").count() >= 29
    # Importing again replaces, never doubles.
    again = fatalities_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert again.replaced == 4350 and Fatality.objects.count() == 4350


def _rejected(lines: list[str], *, expect: str, **options: Any) -> None:
    before = database()
    result = fatalities_import(actor=None, data="".join(lines), file_name="broken.csv", **options)
    assert not result.report.accepted
    assert any(expect in e for e in result.report.errors), result.report.errors
    assert database() == before


@pytest.fixture
def first_hundred(real_missions: None, fatality_states: None) -> list[str]:
    lines = real_lines()[:101]
    result = fatalities_import(actor=None, data="".join(lines), file_name="part.csv")
    assert result.report.accepted, result.report.as_text()
    return lines


def test_broken_copies_are_rejected_naming_the_line(first_hundred: list[str]) -> None:
    lines = list(first_hundred)
    lines[5] = lines[5].replace("1948-", "48-", 1)
    _rejected(lines, expect="line 6: incident_date '48-")
    lines = [*first_hundred, first_hundred[7]]
    _rejected(lines, expect="line 102: id 7 already on line 8")
    lines = list(first_hundred)
    lines[9] = lines[9].replace(",Fatality,", ",Injury,")
    _rejected(lines, expect="line 10: type_of_casualty 'Injury'")
    lines = list(first_hundred)
    lines[3] = lines[3].replace("250.0", "25x")
    _rejected(lines, expect="line 4: m49_code '25x'")
    _rejected([HEADER], expect="no data rows")
    _rejected([HEADER.replace(",gender", "")], expect="line 1: missing column(s) gender")


def test_a_cut_file_is_refused_unless_replace(first_hundred: list[str], tmp_path: Path) -> None:
    _rejected(first_hundred[:60], expect="the file has 59 fatalities where PCRS holds 100 (-41)")
    cut = tmp_path / "cut.csv"
    cut.write_text("".join(first_hundred[:60]), newline="")
    with pytest.raises(CommandError):
        call_command("import_fatalities", str(cut))
    call_command("import_fatalities", str(cut), "--replace")
    assert Fatality.objects.count() == 59


# --- Who sees what ---------------------------------------------------------------------------


@pytest.fixture
def small_history(
    make_mission: Callable[..., Mission], make_state: Callable[[str], Any]
) -> Mission:
    """A mission with fatalities from three States in 2020 and from one State in 2021."""
    mission = make_mission("UNMISS")
    lines = [HEADER]
    rows = [
        ("2020-03-01", "BGD", "Malicious Act"),
        ("2020-04-01", "NPL", "Accident"),
        ("2020-05-01", "RWA", "Illness"),
        ("2021-06-01", "BGD", "Malicious Act"),
    ]
    for i, (day, iso3, incident) in enumerate(rows, start=1):
        make_state(iso3)
        lines.append(
            f"{i},{day},UNMISS-{i},UNMISS,Fatality,M,{iso3},Military,{incident},1.0,{iso3},"
            "2023-11-28\r\n"
        )
    result = fatalities_import(actor=None, data="".join(lines), file_name="small.csv")
    assert result.report.accepted, result.report.as_text()
    return mission


def overview(user: User, api: Callable[[User | None], Any], query: str) -> Any:
    return api(user).get(f"/api/v1/fatalities/?{query}")


def test_secretariat_sees_every_year_by_type_of_incident(
    small_history: Mission, secretariat: User, api: Callable[[User | None], Any]
) -> None:
    body = overview(secretariat, api, "mission=UNMISS").json()
    assert body["years"] == [2020, 2021]
    assert body["total"] == [3, 1]
    assert body["series"]["Malicious Act"] == [1, 1]
    assert body["suppressed_cells"] == 0


def test_others_see_protected_aggregates_a_one_state_year_is_suppressed(
    small_history: Mission, observer: User, api: Callable[[User | None], Any]
) -> None:
    body = overview(observer, api, "mission=UNMISS").json()
    # 2020 draws on three States, 2021 on one: that year would single out Bangladesh.
    assert body["total"] == [3, None]
    assert body["series"] == {}
    assert all(row["people"] is None for row in body["by_type"])
    client = Client()
    client.force_login(observer)
    page = client.get(reverse("missions:fatalities") + "?mission=UNMISS").content.decode()
    assert "Protected aggregates" in page
    assert "suppressed" in page
    assert 'id="fatalities-data"' in page
    assert "<script>" not in page  # data goes through json_script and a static file


def test_a_contributors_series_is_for_the_secretariat_and_its_own_focal_point(
    small_history: Mission,
    secretariat: User,
    fp_bgd: User,
    fp_kaz: User,
    observer: User,
    api: Callable[[User | None], Any],
) -> None:
    assert overview(secretariat, api, "state=BGD").json()["total"] == [1, 1]
    own = overview(fp_bgd, api, "state=BGD").json()
    assert own["total"] == [1, 1] and own["detail"] is True
    assert overview(fp_kaz, api, "state=BGD").status_code == 404
    assert overview(observer, api, "state=BGD").status_code == 404
    client = Client()
    client.force_login(fp_kaz)
    assert client.get(reverse("missions:fatalities") + "?state=BGD").status_code == 404


def test_fatalities_page_draws_the_chart_from_a_static_script(
    small_history: Mission, secretariat: User
) -> None:
    client = Client()
    client.force_login(secretariat)
    page = client.get(reverse("missions:fatalities") + "?mission=UNMISS").content.decode()
    assert "missions/fatalities_chart.js" in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "Malicious Act" in page
