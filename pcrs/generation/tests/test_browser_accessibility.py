"""Issue 17, point 5: the main journeys pass an automated WCAG 2.1 AA audit (axe-core, vendored,
injected by the test only), for each role, in a real browser under the Content-Security-Policy.

The pages span every domain up to generation, so the test lives here, with the fixtures that
build a mission with a gap, Level 2 pledges, a finished generation run and a request to a State.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from conftest import axe_audit, serious_violations
from conftest import browser_log_in as log_in
from conftest import browser_log_out as log_out
from pcrs.readiness.models import ReadinessRecord
from pcrs.registry.models import Pledge, PledgeStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_journeys_have_no_serious_accessibility_violation(
    live_server: Any, page: Any, main_journeys: dict[str, list[tuple[str, str]]]
) -> None:
    base = live_server.url
    found: dict[str, list[str]] = {}
    for username, pages in main_journeys.items():
        if username:
            log_in(page, base, username)
        for what, path in pages:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, (username, what, path)
            page.wait_for_load_state("load")
            problems = serious_violations(axe_audit(page))
            if problems:
                found[f"{username or 'anonymous'}: {what} ({path})"] = problems
        if username:
            log_out(page)
    assert found == {}, "\n".join(f"{k}\n  " + "\n  ".join(v) for k, v in found.items())


def test_a_form_with_errors_is_audited_too(live_server: Any, page: Any, fp_bgd: Any) -> None:
    """The pledge form sent empty: the error summary and the invalid fields pass the audit."""
    log_in(page, live_server.url, "fp-bgd")
    page.goto(f"{live_server.url}/registry/pledges/new/")
    page.get_by_role("button", name="Save draft").click()
    page.locator(".error-summary").wait_for()
    assert serious_violations(axe_audit(page)) == []


# ---- Keyboard only (issue 17, point 5): Tab, Shift+Tab, typing, Space, Enter; no clicks ----


def tab_to(
    page: Any, selector: str, *, text: str = "", backwards: bool = False, limit: int = 150
) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` (and showing `text`,
    when given) has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate(
            "([s, t]) => { const e = document.activeElement;"
            " return !!e && e.matches(s) && (!t || e.textContent.trim() === t); }",
            [selector, text],
        ):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} {text} never took the focus with {key}")


def focus_ring(page: Any) -> tuple[str, float]:
    """The focused element's outline style and width in pixels: what makes the focus seen."""
    style, width = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    return style, width


def label_id(page: Any, label: str) -> str:
    """The id of the field a label names (read from the page, nothing clicked)."""
    return "#" + page.get_by_label(label, exact=True).get_attribute("id")


def test_a_focal_point_fills_and_submits_the_pledge_form_with_the_keyboard_only(
    live_server: Any, page: Any, fp_bgd: Any, infantry: Any
) -> None:
    log_in(page, live_server.url, "fp-bgd")
    page.goto(f"{live_server.url}/registry/pledges/new/")

    # The skip link comes first and jumps over the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert focus_ring(page)[0] == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    tab_to(page, "#id_capability_type")
    assert focus_ring(page) >= ("solid", 2.0)
    page.keyboard.type("Infantry")  # a closed select chooses by typing, as with a keyboard
    tab_to(page, "#id_title")
    page.keyboard.type("BANBAT-KB")
    page.keyboard.press("Enter")  # sent without the personnel: the errors must be announced

    summary = page.locator(".error-summary")
    summary.wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert "Personnel (total)" in summary.inner_text()
    personnel = page.locator("#id_personnel")
    assert personnel.get_attribute("aria-invalid") == "true"
    described = personnel.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described.split() if i.endswith("_error")]
    assert error_ids and page.locator(f"#{error_ids[0]}").inner_text().strip()
    assert page.locator("#id_title").input_value() == "BANBAT-KB"  # nothing typed is lost

    # The summary's link takes the focus to the field in error.
    tab_to(page, '.error-summary a[href="#id_personnel"]')
    page.keyboard.press("Enter")
    tab_to(page, "#id_personnel")
    page.keyboard.type("150")
    tab_to(page, "#id_women")
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    available = timezone.localdate() + dt.timedelta(days=120)
    tab_to(page, "#id_available_from")
    page.keyboard.type(available.strftime("%m%d%Y"))  # Chromium's en-US date field: mm dd yyyy
    tab_to(page, "#id_languages")
    page.keyboard.type("en, bn")
    tab_to(page, label_id(page, "Other ranks: men"))
    page.keyboard.type("140")
    tab_to(page, label_id(page, "Other ranks: women"))
    page.keyboard.type("10")
    tab_to(page, label_id(page, "Equipment line 1: item"))
    page.keyboard.type("Armoured personnel carrier (wheeled)")
    tab_to(page, label_id(page, "Equipment line 1: quantity"))
    page.keyboard.type("12")
    tab_to(page, label_id(page, "Catering"))
    page.keyboard.press("Space")
    # Shift+Tab walks back: the equipment quantity is still there.
    tab_to(page, label_id(page, "Equipment line 1: quantity"), backwards=True)
    tab_to(page, 'button[type="submit"]')
    assert focus_ring(page) >= ("solid", 2.0)
    page.keyboard.press("Enter")
    page.get_by_text("Submit to the Secretariat").first.wait_for()

    pledge = Pledge.objects.get(title="BANBAT-KB")
    assert (pledge.member_state.iso3, pledge.personnel, pledge.women) == ("BGD", 150, 10)
    assert pledge.available_from == available and pledge.status == PledgeStatus.DRAFT
    assert pledge.self_sustainment == ["catering"]
    assert pledge.equipment.get().quantity == 12


def test_readiness_moves_are_made_with_the_keyboard_only(
    live_server: Any,
    page: Any,
    fp_bgd: Any,
    secretariat: Any,
    make_pledge: Callable[..., Pledge],
) -> None:
    pledge = make_pledge("BGD", title="BANBAT-KEYS", status=PledgeStatus.DRAFT)
    base = live_server.url

    log_in(page, base, "fp-bgd")
    page.goto(f"{base}/readiness/pledges/{pledge.pk}/")
    tab_to(page, "button", text="Submit to the Secretariat")
    assert focus_ring(page) >= ("solid", 2.0)
    page.keyboard.press("Enter")
    page.get_by_text("The pledge is now Submitted").wait_for()
    log_out(page)

    log_in(page, base, "secretariat")
    page.goto(f"{base}/readiness/pledges/{pledge.pk}/")
    tab_to(page, "button", text="Acknowledge receipt")
    page.keyboard.press("Space")
    page.get_by_text("The pledge is now Acknowledged").wait_for()
    assert ReadinessRecord.objects.get(pledge=pledge).state == "acknowledged"
