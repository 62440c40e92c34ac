"""The briefing pack's gender parity: mission totals from the UN data, and States per colour
as anyone outside the Secretariat sees them (small counts suppressed), whoever reads it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest
from django.utils import timezone

from pcrs.gender import selectors as gender
from pcrs.missions.models import GenderTarget, Mission
from pcrs.missions.services import (
    contributions_import,
    gender_targets_load_defaults,
    missions_import,
)
from pcrs.missions.tests.conftest import all_states_from_iso, real_path
from pcrs.reports import selectors

JANUARY_2014 = "2014-01-31"


@pytest.fixture
def january_2014(db: Any) -> None:
    """One real month of the UN's monthly contributions (the gender app's fixture)."""
    path = real_path("DPPADPOSS-PKO.csv")
    assert missions_import(actor=None, data=path.read_bytes(), file_name=path.name).accepted
    with real_path("full_gender_data.csv").open(encoding="utf-8", newline="") as handle:
        lines = handle.readlines()
    text = "".join([lines[0], *(line for line in lines[1:] if line.startswith(JANUARY_2014))])
    codes = {line.split(",")[2].strip("'") for line in text.splitlines()[1:]}
    all_states_from_iso(codes - {"all"})
    result = contributions_import(actor=None, data=text, file_name="january-2014.csv")
    assert result.report.accepted, result.report.as_text()
    gender_targets_load_defaults()


def test_states_per_colour_are_the_protected_counts_for_every_reader(
    client, january_2014, observer, secretariat
):
    month = dt.date.fromisoformat(JANUARY_2014)
    # Given a target that exactly two States' formed police units meet (the 2018 row stands
    # for 2014, before the strategy): a count below three, which only the Secretariat sees.
    shares = sorted(
        (
            cells["fpu"].share
            for _, cells in gender.month_table(user=secretariat, month=month).rows
            if "fpu" in cells and cells["fpu"].women
        ),
        reverse=True,
    )
    target = shares[1].quantize(Decimal("0.1"), ROUND_DOWN)
    assert target > shares[2]
    GenderTarget.objects.filter(category="fpu", year=2018).update(target_percent=target)
    protected = gender.month_table(user=observer, month=month).count_rows()
    unprotected = gender.month_table(user=secretariat, month=month).count_rows()
    assert protected != unprotected, "the month has small counts to suppress"

    for user in (observer, secretariat):
        pack = selectors.briefing_pack(user=user, today=timezone.localdate())
        assert pack.gender_month == month
        assert pack.gender_colour_counts == protected, user.username
        client.force_login(user)
        page = client.get("/reports/briefing/").content.decode()
        colours = page[page.index('id="gender-colours"') : page.index('id="rapid-deployment"')]
        assert "suppressed" in colours, user.username


def test_each_missions_share_is_its_latest_month_of_un_totals(january_2014, observer):
    pack = selectors.briefing_pack(user=observer, today=timezone.localdate())
    lines = {line.acronym: line for line in pack.gender_lines}
    assert lines, "active missions with contributions have a line"
    for acronym, line in lines.items():
        mission = Mission.objects.get(acronym=acronym)
        expected = [
            (c.category, c.women, c.total)
            for c in gender.mission_compliance(mission=mission)
            if c.month == line.month
        ]
        assert [(c.category, c.women, c.total) for c in line.cells] == expected
