"""Deployed contingents: the Secretariat adds them and identifies their replacements; the
mission's planners and the contributing State's focal point read; the gaps follow.

Decision: recording a deployment and naming its relief are the Secretariat's (a deployment
follows the Secretariat's note verbale and MOU; a replacement names a State's pledge, which
only the Secretariat may see). Planners of the mission view their mission's contingents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions import gaps
from pcrs.missions.models import DeployedContingent, GenderTarget, Mission
from pcrs.registry.models import Pledge, PledgeStatus

pytestmark = pytest.mark.django_db

ROLES = ["fp_other", "fp_own", "planner_own", "planner_other", "secretariat", "observer"]
SEES_BGD = {"fp_own", "planner_own", "secretariat"}


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(
    roles: dict[str, User],
    minusca: Mission,
    make_contingent: Callable[..., DeployedContingent],
    capability: Callable[[str], Any],
) -> dict[str, Any]:
    today = timezone.localdate()
    bgd = make_contingent(
        minusca, "BGD", designation="BANBAT-7", next_rotation_on=today + dt.timedelta(days=30)
    )
    capability("formed-police-unit")
    return {"bgd": bgd, "roles": roles, "today": today}


def state() -> tuple[Any, ...]:
    return (
        list(DeployedContingent.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def contingent_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "member_state": "NPL",
        "capability_type": "formed-police-unit",
        "designation": "NEPFPU-3",
        "personnel": "140",
        "women": "0",
        "deployed_on": "2026-03-31",
        "rotation_months": "6",
        "next_rotation_on": "",
        "location": "Bangui",
    }
    data.update(overrides)
    return data


# --- Add contingent ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(world: dict[str, Any], minusca: Mission) -> None:
    for url in [
        reverse("missions:contingent_create", args=[minusca.acronym]),
        reverse("missions:contingent_replacement", args=[world["bgd"].pk]),
    ]:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_add_contingent_button_and_page_for_the_secretariat_only(
    world: dict[str, Any], minusca: Mission, role: str, make_state: Callable[[str], Any]
) -> None:
    client = client_for(world["roles"][role])
    url = reverse("missions:contingent_create", args=[minusca.acronym])
    page = client.get(reverse("missions:detail", args=[minusca.acronym])).content.decode()
    assert (url in page) == (role == "secretariat")
    response = client.get(url)
    assert response.status_code == (200 if role == "secretariat" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_adds_a_contingent(
    world: dict[str, Any], minusca: Mission, role: str, make_state: Callable[[str], Any]
) -> None:
    make_state("NPL")
    before = state()
    strength_before = gaps.deployed_by_category(mission=minusca)
    response = client_for(world["roles"][role]).post(
        reverse("missions:contingent_create", args=[minusca.acronym]), contingent_post()
    )
    if role == "secretariat":
        assert response.status_code == 302
        unit = DeployedContingent.objects.get(designation="NEPFPU-3")
        assert (unit.mission, unit.member_state.iso3, unit.personnel) == (minusca, "NPL", 140)
        # 31 March + 6 months: 30 September (clamped to the month's last day).
        assert unit.next_rotation_on == dt.date(2026, 9, 30)
        assert unit.location == "Bangui"
        event = AuditEvent.objects.get(action="contingent.create")
        assert event.actor == world["roles"]["secretariat"]
        # The gaps follow: 140 more formed police, and a unit with no women is red.
        assert gaps.deployed_by_category(mission=minusca)["fpu"] == (
            strength_before.get("fpu", 0) + 140
        )
        GenderTarget.objects.create(category="fpu", year=2026, target_percent=Decimal("12.1"))
        assert gaps.gender_statuses([unit], year=2026)[0].status == gaps.RED
    else:
        assert response.status_code == 403
        assert state() == before


def test_a_given_next_rotation_date_is_kept(
    world: dict[str, Any], minusca: Mission, make_state: Callable[[str], Any]
) -> None:
    make_state("NPL")
    client_for(world["roles"]["secretariat"]).post(
        reverse("missions:contingent_create", args=[minusca.acronym]),
        contingent_post(next_rotation_on="2026-08-15"),
    )
    assert DeployedContingent.objects.get(designation="NEPFPU-3").next_rotation_on == dt.date(
        2026, 8, 15
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"women": "141"}, "women", "Women (141) cannot exceed the personnel (140)."),
        ({"rotation_months": "9"}, "rotation_months", "Select a valid choice."),
        ({"personnel": "0"}, "personnel", "greater than or equal to 1"),
        ({"member_state": "XXX"}, "member_state", "Select a valid choice."),
        ({"capability_type": "nope"}, "capability_type", "Select a valid choice."),
        ({"deployed_on": "yesterday"}, "deployed_on", "Enter a valid date."),
        (
            {"next_rotation_on": "2026-01-01"},
            "next_rotation_on",
            "The next rotation must come after deployment.",
        ),
    ],
)
def test_bad_contingent_input_names_the_field_and_changes_nothing(
    world: dict[str, Any],
    minusca: Mission,
    make_state: Callable[[str], Any],
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    make_state("NPL")
    before = state()
    response = client_for(world["roles"]["secretariat"]).post(
        reverse("missions:contingent_create", args=[minusca.acronym]),
        contingent_post(**overrides),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert state() == before


# --- Identify replacement ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_replacement_page_is_404_when_not_visible_and_403_when_visible_but_not_secretariat(
    world: dict[str, Any], role: str
) -> None:
    response = client_for(world["roles"][role]).get(
        reverse("missions:contingent_replacement", args=[world["bgd"].pk])
    )
    if role == "secretariat":
        assert response.status_code == 200
        assert "BANBAT-7" in response.content.decode()
    elif role in SEES_BGD:
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    missing = client_for(world["roles"][role]).get(
        reverse("missions:contingent_replacement", args=[999999])
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_identifying_a_replacement_takes_the_rotation_off_the_gaps(
    world: dict[str, Any], minusca: Mission, role: str
) -> None:
    bgd, today = world["bgd"], world["today"]
    due = gaps.rotations_due(DeployedContingent.objects.all(), today=today)
    assert [r.contingent for r in due] == [bgd]
    before = state()
    response = client_for(world["roles"][role]).post(
        reverse("missions:contingent_replacement", args=[bgd.pk]),
        {"note": "BANBAT-8, note verbale of 3 March"},
    )
    due = gaps.rotations_due(DeployedContingent.objects.all(), today=today)
    if role == "secretariat":
        assert response.status_code == 302
        assert due == []
        bgd.refresh_from_db()
        assert bgd.replacement_note == "BANBAT-8, note verbale of 3 March"
        event = AuditEvent.objects.get(action="contingent.replacement")
        assert {
            "field": "replacement_note",
            "old": "",
            "new": "BANBAT-8, note verbale of 3 March",
        } in event.changes
        page = client_for(world["roles"]["planner_own"]).get(
            reverse("missions:detail", args=[minusca.acronym])
        )
        assert "0 rotate within 180 days with no replacement identified" in page.content.decode()
    else:
        assert response.status_code in (403, 404)
        assert [r.contingent for r in due] == [bgd]
        assert state() == before


def test_rotations_table_offers_the_replacement_link_to_the_secretariat_only(
    world: dict[str, Any], minusca: Mission
) -> None:
    link = reverse("missions:contingent_replacement", args=[world["bgd"].pk])
    for role, shown in [("secretariat", True), ("planner_own", False), ("fp_own", False)]:
        for url in [reverse("missions:detail", args=[minusca.acronym]), reverse("missions:gaps")]:
            html = client_for(world["roles"][role]).get(url).content.decode()
            assert (link in html) == shown, (role, url)


def test_replacement_by_a_pledge_of_the_same_type(
    world: dict[str, Any], make_pledge: Callable[..., Pledge]
) -> None:
    pledge = make_pledge("BGD", title="BANBAT-8", capability_type=world["bgd"].capability_type)
    client_for(world["roles"]["secretariat"]).post(
        reverse("missions:contingent_replacement", args=[world["bgd"].pk]),
        {"replacement_pledge": str(pledge.pk)},
    )
    world["bgd"].refresh_from_db()
    assert world["bgd"].replacement_pledge == pledge
    assert gaps.rotations_due(DeployedContingent.objects.all(), today=world["today"]) == []


def test_replacement_refuses_another_type_a_withdrawn_pledge_or_nothing(
    world: dict[str, Any], make_pledge: Callable[..., Pledge], capability: Callable[[str], Any]
) -> None:
    other_type = make_pledge("NPL", capability_type=capability("level-2-hospital"), personnel=65)
    withdrawn = make_pledge(
        "NPL", capability_type=world["bgd"].capability_type, status=PledgeStatus.WITHDRAWN
    )
    client = client_for(world["roles"]["secretariat"])
    url = reverse("missions:contingent_replacement", args=[world["bgd"].pk])
    before = state()
    for data, field in [
        ({"replacement_pledge": str(other_type.pk)}, "replacement_pledge"),
        ({"replacement_pledge": str(withdrawn.pk)}, "replacement_pledge"),
        ({"note": "  "}, "note"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert list(response.context["form"].errors) == [field]
    assert state() == before


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_contingent_writes_by_the_secretariat_only(
    world: dict[str, Any],
    api: Callable[..., Any],
    role: str,
    make_state: Callable[[str], Any],
) -> None:
    make_state("NPL")
    client = api(world["roles"][role])
    before = state()
    created = client.post(
        "/api/v1/contingents/",
        {
            "mission": "MINUSCA",
            "member_state": "NPL",
            "capability_type": "formed-police-unit",
            "personnel": 140,
            "women": 28,
            "deployed_on": "2026-01-31",
            "rotation_months": 12,
        },
        format="json",
    )
    replaced = client.post(
        f"/api/v1/contingents/{world['bgd'].pk}/replacement/",
        {"note": "BANBAT-8"},
        format="json",
    )
    if role == "secretariat":
        assert created.status_code == 201, created.json()
        assert created.json()["next_rotation_on"] == "2027-01-31"
        assert replaced.status_code == 200
        assert replaced.json()["has_replacement"] is True
        assert AuditEvent.objects.filter(action__startswith="contingent.").count() == 2
    else:
        assert created.status_code == 403
        assert replaced.status_code == (403 if role in SEES_BGD else 404)
        assert state() == before


def test_api_bad_contingent_input_names_the_fields(
    world: dict[str, Any], api: Callable[..., Any]
) -> None:
    before = state()
    response = api(world["roles"]["secretariat"]).post(
        "/api/v1/contingents/",
        {
            "mission": "NOPE",
            "member_state": "BGD",
            "capability_type": "formed-police-unit",
            "personnel": 140,
            "deployed_on": "2026-01-31",
            "rotation_months": 9,
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"mission", "rotation_months"} <= set(response.json()["errors"])
    women = api(world["roles"]["secretariat"]).post(
        "/api/v1/contingents/",
        {
            "mission": "MINUSCA",
            "member_state": "BGD",
            "capability_type": "formed-police-unit",
            "personnel": 140,
            "women": 141,
            "deployed_on": "2026-01-31",
        },
        format="json",
    )
    assert women.status_code == 400
    assert set(women.json()["errors"]) == {"women"}
    assert state() == before


def test_api_replacement_of_another_type_is_refused_by_the_service(
    world: dict[str, Any],
    api: Callable[..., Any],
    make_pledge: Callable[..., Pledge],
    capability: Callable[[str], Any],
) -> None:
    hospital = make_pledge("NPL", capability_type=capability("level-2-hospital"), personnel=65)
    before = state()
    response = api(world["roles"]["secretariat"]).post(
        f"/api/v1/contingents/{world['bgd'].pk}/replacement/",
        {"pledge": str(hospital.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"replacement_pledge"}
    assert state() == before
