"""The pledge journey in a real browser (issue 2, point 11).

A focal point logs in, creates a unit pledge with its annexes, submits it and sees it listed;
another State's focal point gets a 404 at its address; the Secretariat sees it and its history.
"""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.registry.models import Pledge, PledgeStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pledge_journey_from_focal_point_to_secretariat(
    live_server, page, fp_bgd, fp_kaz, secretariat, infantry
):
    base = live_server.url
    available = timezone.localdate() + dt.timedelta(days=90)

    # Bangladesh's focal point creates a unit pledge from the home page.
    log_in(page, base, "fp-bgd")
    page.get_by_role("button", name="New pledge").click()
    page.get_by_label("Capability type").select_option(label="Infantry battalion")
    page.get_by_label("National designation").fill("BANBAT-7")
    page.get_by_label("Personnel (total)").fill("150")
    page.get_by_label("of whom women").fill("10")
    page.get_by_label("Available from").fill(available.isoformat())
    page.get_by_label("Languages").fill("en, bn")
    page.get_by_label("Other ranks: men").fill("140")
    page.get_by_label("Other ranks: women").fill("10")
    page.get_by_label("Equipment line 1: item").fill("Armoured personnel carrier (wheeled)")
    page.get_by_label("Equipment line 1: quantity").fill("12")
    page.get_by_label("Catering").check()
    page.get_by_role("button", name="Save draft").click()

    page.get_by_text("Draft pledge saved").wait_for()
    page.get_by_role("button", name="Submit to the Secretariat").click()
    page.get_by_text("Pledge submitted").wait_for()
    pledge = Pledge.objects.get(title="BANBAT-7")
    assert pledge.status == PledgeStatus.SUBMITTED
    assert pledge.organization.get().men == 140
    assert pledge.equipment.get().quantity == 12
    address = f"{base}/registry/pledges/{pledge.pk}/"

    page.get_by_role("link", name="Pledges", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text="BANBAT-7")
    assert "Submitted" in row.inner_text()
    log_out(page)

    # Kazakhstan's focal point cannot tell the pledge exists.
    log_in(page, base, "fp-kaz")
    response = page.goto(address)
    assert response is not None
    assert response.status == 404
    assert "BANBAT" not in page.content()
    page.goto(f"{base}/")
    log_out(page)

    # The Secretariat sees it, with the State and the history.
    log_in(page, base, "secretariat")
    page.goto(address)
    assert page.get_by_role("heading", name="BANBAT-7").is_visible()
    assert "Bangladesh" in page.inner_text("hgroup")
    history = page.locator("table.history").inner_text()
    assert "Submitted" in history
    assert "Created" in history
    assert "fp-bgd" in history
