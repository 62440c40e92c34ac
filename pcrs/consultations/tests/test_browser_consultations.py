"""A triangular consultation in a real browser (issue 18, "Done when"): the Secretariat records
a meeting and assigns an action to a State; that State's focal point sees it on its home page
and closes it; another State's focal point cannot open the meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.consultations.models import ActionItem, FollowUp, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_meeting_assign_an_action_and_the_focal_point_closes_it(
    live_server: Any, page: Any, secretariat: Any, fp_bgd: Any, fp_kaz: Any, contingents: Any
) -> None:
    base = live_server.url
    today = timezone.localdate()

    # The Secretariat records a crisis meeting on MINUSCA from the mission page.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/missions/MINUSCA/")
    page.locator("#consultations-panel").get_by_role("button", name="Record a meeting").click()
    page.get_by_label("Type").select_option("crisis")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Chair").fill("Under-Secretary-General for Peace Operations")
    page.get_by_label("Agenda").fill("1. Attacks near Bambari")
    page.get_by_role("button", name="Record meeting").click()
    page.get_by_text("Meeting recorded").wait_for()
    invitees = page.locator("#invitees")
    # Bangladesh and Nepal are contributors (derived); Kazakhstan is not invited.
    assert invitees.get_by_role("cell", name="Bangladesh", exact=True).is_visible()
    assert invitees.get_by_role("cell", name="Nepal", exact=True).is_visible()
    assert invitees.get_by_role("cell", name="Kazakhstan", exact=True).count() == 0

    # A decision, then an action for Bangladesh due in two weeks.
    decisions = page.locator("#decisions")
    decisions.get_by_label("Decision").fill("Reinforce Bambari with a quick reaction force.")
    decisions.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded").wait_for()
    actions = page.locator("#action-items")
    actions.get_by_label("Action").fill("Confirm BANBAT-7 can move a company to Bambari")
    actions.get_by_label("Owner").select_option(label="Bangladesh")
    actions.get_by_label("Due date").fill((today + dt.timedelta(days=14)).isoformat())
    actions.get_by_label("Decision").select_option(index=1)
    actions.get_by_role("button", name="Assign action").click()
    page.get_by_text("Action item assigned").wait_for()
    meeting = Meeting.objects.get()
    log_out(page)

    # Kazakhstan was not invited: the meeting is a 404 for its focal point.
    log_in(page, base, "fp-kaz")
    response = page.goto(f"{base}/consultations/{meeting.pk}/")
    assert response is not None and response.status == 404
    page.goto(f"{base}/")
    log_out(page)

    # Bangladesh's focal point sees the action on its home page and closes it.
    log_in(page, base, "fp-bgd")
    panel = page.locator("#action-items-panel")
    panel.get_by_role("link", name="Confirm BANBAT-7 can move a company to Bambari").click()
    page.get_by_label("Note").fill("A company can be in Bambari within 72 hours.")
    page.get_by_role("button", name="Mark done").click()
    page.get_by_text("Follow-up recorded").wait_for()
    assert page.locator("#item-status").inner_text() == "Done"
    page.goto(f"{base}/")
    assert (
        page.locator("#action-items-panel")
        .get_by_text("Your State has no open action item.")
        .is_visible()
    )
    item = ActionItem.objects.get()
    assert item.status == FollowUp.DONE and item.owner_state == fp_bgd.member_state
