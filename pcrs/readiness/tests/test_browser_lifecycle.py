"""Issue 9, "Done when", in a real browser: a verified pledge cannot change silently, and
individual officers (a Kazakh military observer, a police officer) climb to Level 3."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.readiness.models import UnitRequirement
from pcrs.readiness.tests.test_change_control import verify_to_rdl
from pcrs.registry.models import CapabilityType, Pledge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verified_pledge_change_waits_for_the_secretariat_and_the_level_follows_the_evidence(
    live_server, page, complete_pledge, fp_bgd, secretariat, generic_sur
):
    base = live_server.url
    CapabilityType.objects.create(
        code="attack-helicopter-unit",
        name="Attack helicopter unit",
        category="military_unit",
        typical_size=120,
        aav_domains=["general", "training", "coe", "aviation"],
    )
    pledge = verify_to_rdl(complete_pledge(title="BANENGR-1"), fp_bgd, secretariat, generic_sur)

    # The focal point turns the verified infantry battalion into 380 attack-helicopter crew.
    log_in(page, base, "fp-bgd")
    page.goto(f"{base}/registry/pledges/{pledge.pk}/")
    page.get_by_role("button", name="Edit").click()
    page.get_by_label("Capability type").select_option(label="Attack helicopter unit")
    page.get_by_label("Personnel (total)").fill("380")
    page.get_by_label("of whom women").fill("0")
    for row, (men, women) in {1: ("40", "0"), 3: ("340", "0")}.items():
        page.locator(f"[name='org-{row}-men']").fill(men)
        page.locator(f"[name='org-{row}-women']").fill(women)
    page.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_text("change request pending the Secretariat's decision").wait_for()
    # Still the verified figures, at the Rapid Deployment Level, the request beside them.
    header = page.locator("hgroup").inner_text()
    assert "Rapid Deployment Level" in header and "Infantry battalion" in header
    request = page.locator("#change-request")
    assert "Attack helicopter unit" in request.inner_text()
    assert "380" in request.inner_text()
    assert request.get_by_role("button", name="Accept the change").count() == 0
    log_out(page)

    # The Secretariat accepts: the level drops to what the evidence still supports.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/registry/pledges/{pledge.pk}/")
    page.get_by_role("button", name="Accept the change").click()
    page.get_by_text("Change accepted. The pledge is now Level 1").wait_for()
    page.get_by_role("button", name="Readiness").click()
    timeline = page.locator("#timeline")
    assert "Re-assess the level against the evidence" in timeline.inner_text()
    assert "verified a Infantry battalion" in timeline.inner_text()
    assert "No longer matches the pledge" in page.locator("#evidence").inner_text()
    log_out(page)

    # The State sees the new level and why.
    log_in(page, base, "fp-bgd")
    page.goto(f"{base}/registry/pledges/{pledge.pk}/")
    header = page.locator("hgroup").inner_text()
    assert "Level 1" in header and "Attack helicopter unit" in header
    assert "accepted" in page.locator(".change-decided").inner_text()
    page.get_by_role("button", name="Readiness").click()
    assert "verified a Infantry battalion" in page.locator("#timeline").inner_text()
    assert Pledge.objects.get(pk=pledge.pk).readiness_level == "1"


def _officers(make_pledge, code: str, name: str, category: str, state: str, title: str):
    kind = CapabilityType.objects.create(
        code=code, name=name, category=category, typical_size=1, aav_domains=[]
    )
    UnitRequirement.objects.create(
        capability_type=kind,
        reference=f"SUR-GEN-{code}",
        title=f"Generic SUR: {name}",
        issued_on=dt.date(2024, 1, 15),
        personnel=1,
    )
    return make_pledge(
        state,
        capability_type=kind,
        kind="individual",
        title=title,
        personnel=4,
        women=2,
        ranks=["Major", "Captain"],
        status="draft",
    )


def _to_level_3(page, base, pledge, evidence) -> None:
    """The Secretariat's steps from submitted to Level 3 on the readiness page."""
    today = timezone.localdate().isoformat()
    page.goto(f"{base}/readiness/pledges/{pledge.pk}/")
    page.get_by_role("button", name="Acknowledge receipt").click()
    page.get_by_text("The pledge is now Acknowledged").wait_for()
    page.get_by_role("button", name="Accept at Level 1").click()
    page.get_by_text("The pledge is now Level 1").wait_for()
    page.get_by_text(evidence["name"], exact=True).click()
    form = page.locator("#aav-form")
    form.get_by_label("Start date").fill(today)
    form.get_by_label("End date").fill(today)
    form.get_by_label(evidence["team_label"]).fill("Lt Col. A. Selector (DPO)")
    for label, value in evidence.get("fields", {}).items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name=f"Record the {evidence['name']}").click()
    page.get_by_text("Recorded:").wait_for()
    page.get_by_role("button", name="Grant Level 2").click()
    page.get_by_text("The pledge is now Level 2").wait_for()
    page.get_by_text("Alignment with a Statement of Unit Requirements", exact=True).click()
    sur = page.locator("#sur-form")
    sur.get_by_label("Statement of Unit Requirements").select_option(index=1)
    sur.get_by_label("Agreed on").fill(today)
    sur.get_by_role("button", name="Record the alignment").click()
    page.get_by_text("Recorded: Aligned").wait_for()
    page.get_by_role("button", name="Grant Level 3").click()
    page.get_by_text("The pledge is now Level 3").wait_for()


def test_kazakh_military_observers_and_police_officers_climb_to_level_three(
    live_server, page, make_pledge, fp_kaz, secretariat
):
    base = live_server.url
    observers = _officers(
        make_pledge,
        "military-observer",
        "Military observer",
        "individual_military",
        "KAZ",
        "KAZ UNMO",
    )
    police = _officers(
        make_pledge,
        "individual-police-officer",
        "Individual police officer",
        "individual_police",
        "KAZ",
        "KAZ IPO",
    )

    log_in(page, base, "fp-kaz")
    for pledge in (observers, police):
        page.goto(f"{base}/registry/pledges/{pledge.pk}/")
        page.get_by_role("button", name="Submit to the Secretariat").click()
        page.get_by_text("Pledge submitted to the Secretariat").wait_for()
    log_out(page)

    log_in(page, base, "secretariat")
    _to_level_3(
        page,
        base,
        observers,
        {
            "name": "Nomination and vetting",
            "team_label": "Reviewed by",
            "fields": {
                "Documents received and vetting outcome": (
                    "National nomination letters, CVs, human-rights screening: all cleared."
                )
            },
        },
    )
    _to_level_3(
        page,
        base,
        police,
        {
            "name": "Assessment for Mission Service",
            "team_label": "Selection team",
            "fields": {"Candidates presented": "6", "Candidates who passed": "4"},
        },
    )
    log_out(page)

    # The State sees both at Level 3.
    log_in(page, base, "fp-kaz")
    for pledge in (observers, police):
        page.goto(f"{base}/registry/pledges/{pledge.pk}/")
        assert "Level 3" in page.locator("hgroup").inner_text()
    assert set(
        Pledge.objects.filter(member_state__iso3="KAZ").values_list("readiness_level", flat=True)
    ) == {"3"}
