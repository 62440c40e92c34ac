"""A pledge from submission to Level 2 in a real browser, as the focal point and the
Secretariat would take it (issue 4, "Done when")."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.readiness.models import ReadinessRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pledge_from_submission_to_level_two(
    live_server, page, complete_pledge, fp_bgd, fp_kaz, secretariat
):
    base = live_server.url
    pledge = complete_pledge(title="BANBAT-9")
    today = timezone.localdate()

    # The focal point finds the draft under "My pledges by level" and submits it.
    log_in(page, base, "fp-bgd")
    page.locator("#readiness-panel").get_by_role("link", name="My pledges by level").click()
    page.get_by_role("link", name="BGD · BANBAT-9").click()
    page.get_by_role("button", name="Submit to the Secretariat").click()
    page.get_by_text("The pledge is now Submitted").wait_for()
    log_out(page)

    # Another State's focal point gets a 404 at the pledge's readiness address.
    log_in(page, base, "fp-kaz")
    response = page.goto(f"{base}/readiness/pledges/{pledge.pk}/")
    assert response is not None and response.status == 404
    page.goto(f"{base}/")
    log_out(page)

    # The Secretariat acknowledges, accepts, records a successful AAV and grants Level 2.
    log_in(page, base, "secretariat")
    page.get_by_role("link", name="Open the work queue").click()
    page.locator("#to-acknowledge").get_by_role("link", name="BGD · BANBAT-9").click()
    page.get_by_role("button", name="Acknowledge receipt").click()
    page.get_by_text("The pledge is now Acknowledged").wait_for()
    page.get_by_role("button", name="Accept at Level 1").click()
    page.get_by_text("The pledge is now Level 1").wait_for()
    assert page.get_by_role("button", name="Grant Level 2").is_disabled()

    page.get_by_text("Assessment and Advisory Visit", exact=True).click()
    form = page.locator("#aav-form")
    form.get_by_label("Start date").fill(today.isoformat())  # not before the submission
    form.get_by_label("End date").fill(today.isoformat())
    form.get_by_label("Team").fill("Col. A. Okafor (OMA), team leader\nDr B. Haddad, medical")
    for domain in ("General", "Training", "Medical"):
        form.get_by_label(f"{domain}: result").select_option("pass")
    form.get_by_label("Contingent-owned equipment: result").select_option("conditional")
    form.get_by_role("button", name="Record the AAV").click()
    # The conditional domain needs findings: the error names the field, nothing is recorded.
    page.get_by_text("Contingent-owned equipment: result: Record the findings").wait_for()
    form = page.locator("#aav-form")
    form.get_by_label("Contingent-owned equipment: findings").fill("Two APCs unserviceable.")
    form.get_by_label("Overall outcome").select_option("yes")
    form.get_by_role("button", name="Record the AAV").click()
    page.get_by_text("Recorded: Assessment and Advisory Visit").wait_for()

    page.get_by_role("button", name="Grant Level 2").click()
    page.get_by_text("The pledge is now Level 2").wait_for()
    assert "Two APCs unserviceable." in page.locator("#findings").inner_text()
    record = ReadinessRecord.objects.get(pledge=pledge)
    pledge.refresh_from_db()
    assert (record.state, pledge.status, pledge.readiness_level) == ("level_2", "active", "2")
    log_out(page)

    # Back to the focal point: the pledge is listed at Level 2 with its next step.
    log_in(page, base, "fp-bgd")
    page.goto(f"{base}/readiness/mine/")
    level_2 = page.locator("#state-level_2")
    assert "BANBAT-9" in level_2.inner_text()
    assert "Grant Level 3" in level_2.inner_text()
