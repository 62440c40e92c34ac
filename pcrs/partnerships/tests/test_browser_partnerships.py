"""In a real browser: a pledge blocked for lack of equipment, a matched offer, a partnership both
States accept, and the pledge reaching Level 2 through the readiness ladder after delivery
(issue 14, "Done when"; the joint pledge a generation run proposes is in
pcrs/generation/tests/test_browser_joint_pledge.py, as pcrs.generation is a higher layer)."""

from __future__ import annotations

import pytest

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.partnerships.tests.conftest import record_aav
from pcrs.readiness.models import LevelChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_equipment_partnership_takes_a_pledge_to_level_two(
    live_server, page, blocked, make_offer, secretariat, fp_bgd, fp_fra, fp_kaz
):
    base = live_server.url
    make_offer("FRA", title="APCs on wet lease from France")

    # Bangladesh's focal point sees what blocks its battalion.
    log_in(page, base, "fp-bgd")
    page.get_by_role("link", name="Needs, offers and partnerships").click()
    needs = page.locator("#needs")
    needs.get_by_text("20 x APC (wheeled) missing").wait_for()
    assert "reaching Level 2" in needs.inner_text()
    log_out(page)

    # The Secretariat matches the need to France's offer and proposes a partnership.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/partnerships/")
    row = page.locator("#needs tr", has_text="20 x APC (wheeled) missing")
    row.get_by_role("link", name="Match offers").click()
    matches = page.locator("#matches")
    matches.get_by_text("fit: offers APC (wheeled)").wait_for()
    matches.get_by_role("button", name="Propose partnership").click()
    page.get_by_text("Partnership proposed").wait_for()
    assert "Proposed" in page.locator("#status").inner_text()
    address = page.url
    log_out(page)

    # Another State's focal point gets a 404 there.
    log_in(page, base, "fp-kaz")
    response = page.goto(address)
    assert response is not None and response.status == 404
    page.goto(f"{base}/")
    log_out(page)

    # Both parties accept, each for itself; France starts delivery.
    for username, party in (("fp-bgd", "recipient"), ("fp-fra", "provider")):
        log_in(page, base, username)
        page.goto(address)
        page.get_by_role("button", name=f"Accept as {party}").click()
        page.get_by_text("Accepted.").wait_for()
        if party == "provider":
            assert "Agreed" in page.locator("#status").inner_text()
            page.get_by_role("button", name="Start delivery").click()
            page.get_by_text("Delivering").first.wait_for()
        log_out(page)

    # The APCs arrive and a new AAV passes (recorded on the readiness pages, tested there).
    blocked.equipment.update(quantity=30)
    record_aav(blocked, secretariat, coe="pass")

    # The Secretariat records delivery and asks the ladder for Level 2.
    log_in(page, base, "secretariat")
    page.goto(address)
    page.get_by_label("Readiness ladder move").select_option("grant_level_2")
    page.get_by_role("button", name="Record as delivered and completed").click()
    page.locator("#outcome").get_by_text("Level 1 -> Level 2 after equipment delivered").wait_for()
    blocked.refresh_from_db()
    assert blocked.readiness_level == "2"
    assert LevelChange.objects.filter(pledge=blocked, move="grant_level_2").exists()
