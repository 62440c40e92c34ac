"""In a real browser: the Secretariat closes a mission the source still flags active, and the
fatalities chart draws from json_script data and a static script (no inline script)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conftest import browser_log_in as log_in
from pcrs.missions.models import Mission
from pcrs.missions.services import fatalities_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
    "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\r\n"
)


def test_secretariat_closes_a_mission_and_reads_its_fatalities_chart(
    live_server: Any,
    page: Any,
    secretariat: Any,
    make_mission: Callable[..., Mission],
    make_state: Callable[[str], Any],
) -> None:
    make_mission("MINUSMA", name="MINUSMA", start_date=dt.date(2013, 4, 25), source_is_active=True)
    rows = [HEADER]
    for i, (day, iso3) in enumerate(
        (("2019-01-20", "BGD"), ("2019-06-01", "NPL"), ("2020-02-03", "RWA")), start=1
    ):
        make_state(iso3)
        rows.append(
            f"{i},{day},MINUSMA-{i},MINUSMA,Fatality,M,{iso3},Military,Malicious Act,1.0,"
            f"{iso3},2023-11-28\r\n"
        )
    assert fatalities_import(actor=None, data="".join(rows), file_name="f.csv").report.accepted
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # a script that threw

    base = live_server.url
    log_in(page, base, "secretariat")
    page.goto(f"{base}/missions/MINUSMA/")
    page.get_by_role("link", name="Correct the status").click()
    page.get_by_label("Status").select_option("closed")
    page.get_by_label("Closed on").fill("2023-12-31")
    page.get_by_label("Resolution").fill("S/RES/2690 (2023)")
    page.get_by_label("Source").fill("Security Council resolution 2690 (2023)")
    page.get_by_role("button", name="Record status").click()
    page.get_by_text("Status of MINUSMA recorded").wait_for()
    assert "closed on 2023-12-31 (S/RES/2690 (2023))" in page.content()
    assert Mission.objects.get(acronym="MINUSMA").is_active is False

    page.goto(f"{base}/missions/fatalities/?mission=MINUSMA")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('fatalities-chart'))"
    )
    labels = page.evaluate(
        "() => Chart.getChart(document.getElementById('fatalities-chart')).data.labels"
    )
    assert labels == ["2019", "2020"]
    assert errors == []
