"""Issue 12, "Done when": from MINUSCA's gaps to a unit deployed, in a real browser.

The Secretariat runs generation for MINUSCA, watches the run progress (htmx, no reload),
reviews and accepts a proposal, sends the note verbale; the focal point accepts the request;
the Secretariat records the visits, the MOU and the deployment; the gap leaves the dashboard.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.generation import services
from pcrs.generation.models import CaseState, GenerationCase, GenerationRun
from pcrs.missions.models import RequirementStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_gap_to_a_unit_on_the_ground(
    live_server, page, settings, need, ready_pledge, secretariat, fp_bgd
):
    # The run waits in the queue until "the worker" (this test) takes it, so that the page's
    # live progress can be seen.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    base = live_server.url
    ready_pledge("BGD", title="BANBAT-7")
    today = timezone.localdate()

    log_in(page, base, "secretariat")
    page.goto(f"{base}/missions/gaps/")
    assert page.get_by_role("cell", name="Infantry battalion").count() >= 1
    page.get_by_role("link", name="Generation").first.click()
    page.get_by_label("MINUSCA").check()
    page.get_by_label("Time limit").fill("5")
    page.get_by_role("button", name="Run generation").click()
    page.get_by_text("Waiting for the task worker").wait_for()
    run = GenerationRun.objects.get()
    url = page.url
    services.run_execute(run_id=run.pk)  # the worker
    page.locator(".run-status", has_text="Optimal").wait_for()
    assert page.url == url  # updated in place by htmx polling, then the review shown
    page.get_by_text("Proposed: BGD BANBAT-7").wait_for()
    page.get_by_role("button", name="Accept for outreach").click()
    page.get_by_text("Shortlisted for outreach").wait_for()

    page.get_by_label("Note verbale reference").fill("NV/FGS/2026/042")
    page.get_by_label("Note verbale date").fill(today.isoformat())
    page.get_by_label("Answer deadline").fill((today + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Send the note verbale").click()
    page.get_by_text("Recorded: Send the note verbale").wait_for()
    log_out(page)

    log_in(page, base, "fp-bgd")
    page.get_by_role("link", name="Requests").first.click()
    page.get_by_text("new").first.wait_for()  # the notification
    page.get_by_role("link", name="Infantry battalion", exact=True).click()
    page.get_by_text("NV/FGS/2026/042").first.wait_for()
    page.get_by_role("button", name="Accept the request").click()
    page.get_by_text("Recorded: Accept the request").wait_for()
    log_out(page)

    log_in(page, base, "secretariat")
    case = GenerationCase.objects.get()
    page.goto(f"{base}/generation/cases/{case.pk}/")
    page.get_by_label("Reconnaissance visit on").fill(today.isoformat())
    page.get_by_role("button", name="Record the reconnaissance visit").click()
    page.get_by_label("Pre-deployment visit on").fill(today.isoformat())
    page.get_by_label("Pre deployment result").select_option("ready")
    page.get_by_label("Military skills check passed").select_option("true")
    page.get_by_role("button", name="Record the pre-deployment visit").click()
    page.get_by_label("MOU agreed on").fill(today.isoformat())
    page.get_by_label("Lift").select_option("un")
    page.get_by_label("Self sufficiency days").fill("90")
    page.get_by_role("button", name="Record the MOU agreed").click()
    page.get_by_label("Deployed on").fill(today.isoformat())
    page.get_by_role("button", name="Record the unit deployed").click()
    page.locator(".case-state", has_text="Deployed").wait_for()

    case.refresh_from_db()
    need.refresh_from_db()
    assert case.state == CaseState.DEPLOYED and need.status == RequirementStatus.FILLED
    page.goto(f"{base}/missions/gaps/")
    assert page.get_by_text("No unfilled requirement.").count() >= 1
    # The gap is gone from the gap tables (the timelines below still name the capability).
    gaps = page.locator("#critical-capabilities, #unfilled-requirements")
    assert gaps.get_by_role("cell", name="Infantry battalion").count() == 0
    assert page.locator("#generation-metrics").get_by_text("Infantry battalion").count() == 1
