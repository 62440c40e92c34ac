"""Fixtures shared by every app's tests: States, users of each role, catalogue entries, pledges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState
from pcrs.registry.models import (
    CapabilityCategory,
    CapabilityType,
    Pledge,
    PledgeEquipment,
    PledgeStatus,
    TableOfOrganizationLine,
)

PASSWORD = "correct-horse-battery-2026"

STATES = {
    "BGD": ("BD", "050", "Bangladesh", "Asia", "Southern Asia"),
    "KAZ": ("KZ", "398", "Kazakhstan", "Asia", "Central Asia"),
    "NPL": ("NP", "524", "Nepal", "Asia", "Southern Asia"),
    "RWA": ("RW", "646", "Rwanda", "Africa", "Sub-Saharan Africa"),
    "FRA": ("FR", "250", "France", "Europe", "Western Europe"),
}


@pytest.fixture
def make_state(db: Any) -> Callable[[str], MemberState]:
    def make(iso3: str) -> MemberState:
        iso2, m49, name, region, subregion = STATES[iso3]
        state, _ = MemberState.objects.get_or_create(
            iso3=iso3,
            defaults={
                "iso2": iso2,
                "m49": m49,
                "name": name,
                "region": region,
                "subregion": subregion,
                "official_languages": ["en"],
            },
        )
        return state

    return make


@pytest.fixture
def make_user(db: Any, make_state: Callable[[str], MemberState]) -> Callable[..., User]:
    def make(username: str, role: str = Role.OBSERVER, state: str | None = None, **extra: Any):
        return User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            member_state=make_state(state) if state else None,
            **extra,
        )

    return make


@pytest.fixture
def fp_bgd(make_user: Callable[..., User]) -> User:
    return make_user("fp-bgd", Role.FOCAL_POINT, "BGD")


@pytest.fixture
def fp_kaz(make_user: Callable[..., User]) -> User:
    return make_user("fp-kaz", Role.FOCAL_POINT, "KAZ")


@pytest.fixture
def secretariat(make_user: Callable[..., User]) -> User:
    return make_user("secretariat", Role.FORCE_GENERATION)


@pytest.fixture
def administrator(make_user: Callable[..., User]) -> User:
    return make_user("admin", Role.ADMINISTRATOR)


@pytest.fixture
def observer(make_user: Callable[..., User]) -> User:
    return make_user("observer", Role.OBSERVER)


@pytest.fixture
def infantry(db: Any) -> CapabilityType:
    return CapabilityType.objects.get_or_create(
        code="infantry-battalion",
        defaults={
            "name": "Infantry battalion",
            "category": CapabilityCategory.MILITARY_UNIT,
            "typical_size": 850,
            "aav_domains": ["general", "training", "coe", "medical"],
            "is_critical_enabler": True,
        },
    )[0]


@pytest.fixture
def staff_officer(db: Any) -> CapabilityType:
    return CapabilityType.objects.get_or_create(
        code="staff-officer",
        defaults={
            "name": "Staff officer",
            "category": CapabilityCategory.INDIVIDUAL_MILITARY,
            "typical_size": 1,
        },
    )[0]


@pytest.fixture
def make_pledge(
    db: Any, make_state: Callable[[str], MemberState], infantry: CapabilityType
) -> Callable[..., Pledge]:
    """A pledge written straight to the database (for reads); writes are tested via services.

    Unit pledges come with complete annexes (B, C, D) unless `annexes=False`.
    """

    def make(state: str = "BGD", *, annexes: bool = True, **fields: Any) -> Pledge:
        defaults: dict[str, Any] = {
            "member_state": make_state(state),
            "capability_type": infantry,
            "title": f"{state}BAT",
            "personnel": 850,
            "women": 60,
            "available_from": timezone.localdate() + dt.timedelta(days=120),
            "status": PledgeStatus.SUBMITTED,
            "languages": ["en"],
        }
        defaults.update(fields)
        if annexes:
            defaults.setdefault("self_sustainment", ["catering", "medical"])
        pledge = Pledge.objects.create(**defaults)
        if annexes and not pledge.capability_type.is_individual:
            TableOfOrganizationLine.objects.create(
                pledge=pledge,
                rank_band="other_ranks",
                men=pledge.personnel - pledge.women,
                women=pledge.women,
            )
            PledgeEquipment.objects.create(pledge=pledge, item="APC (wheeled)", quantity=10)
        return pledge

    return make


def pledge_payload(**overrides: Any) -> dict[str, Any]:
    """A valid unit pledge as the API takes it (Kazakhstan's infantry battalion), to override."""
    payload: dict[str, Any] = {
        "capability_type": "infantry-battalion",
        "title": "KAZBAT",
        "personnel": 850,
        "women": 40,
        "organization": [
            {"rank_band": "officers", "men": 50, "women": 10},
            {"rank_band": "other_ranks", "men": 760, "women": 30},
        ],
        "equipment": [{"item": "APC (wheeled)", "quantity": 20, "lease": "dry"}],
        "self_sustainment": ["catering"],
        "languages": ["en"],
        "available_from": "2030-01-01",
        "notice_to_move_days": 60,
    }
    payload.update(overrides)
    return payload


def api_client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    return api_client_for


# ======================================================================================
# Browser tests (Playwright driving Debian's Chromium). Appended by the registry pages work.
# Use: mark a test @pytest.mark.browser and @pytest.mark.django_db(transaction=True), take
# the `live_server` and `page` fixtures, and open f"{live_server.url}/...".
# ======================================================================================

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Any:  # yields a playwright Browser
    """One headless Chromium for the whole session; fails under CI=true when it is missing."""
    import os

    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests cannot run under CI: {reason}")
        pytest.skip(f"Browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in this (the test) thread, so Django's
    # "async-unsafe" guard would refuse every ORM call the test itself makes (fixtures creating
    # users, assertions reading the database). The ORM calls are still plain synchronous calls
    # from one thread, which is what the guard exists to ensure, so it is safe to lift here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Any:  # yields a playwright Page
    """A fresh page in a fresh browser context (own cookies, so own login) for each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def browser_log_in(page: Any, base_url: str, username: str) -> None:
    """Log in through the login page, as a person would, and land on the home page."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def browser_log_out(page: Any) -> None:
    import re

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


# Accessibility audit (issue 17, point 5): axe-core, vendored, injected into the page by the
# test only (never linked from a page). WCAG 2.0 and 2.1, levels A and AA.
AXE_SCRIPT = Path(__file__).resolve().parent / "tests/vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_audit(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it stands; returns its violations (id, impact, nodes...).

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy (scripts from our own files only) does not block, so the page is
    audited under the policy it is served with.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(result["violations"])


def serious_violations(violations: list[dict[str, Any]]) -> list[str]:
    """The violations of impact serious or critical, one readable line per failing element."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
        f"{node.get('failureSummary', '').splitlines()[-1:]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


# ======================================================================================
# End of the browser-test section.
# ======================================================================================


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Log-in and API rate counters live in the cache: every test starts without any."""
    from django.core.cache import cache

    cache.clear()
