"""Gender parity targets: the Secretariat's page and API, who may change them, and that a
changed target changes the colour the gap reports give a contingent."""

from __future__ import annotations

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
from pcrs.missions.models import DeployedContingent, GenderCategory, GenderTarget, Mission

pytestmark = pytest.mark.django_db

ROLES = ["fp_other", "fp_own", "planner_own", "planner_other", "secretariat", "observer"]
URL = "/missions/gender-targets/"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def world(
    roles: dict[str, User],
    minusca: Mission,
    make_contingent: Callable[..., DeployedContingent],
) -> dict[str, Any]:
    # 50 women of 850 is a share of 5.88%.
    unit = make_contingent(minusca, "BGD", designation="BANBAT-7", personnel=850, women=50)
    target = GenderTarget.objects.create(
        category=GenderCategory.CONTINGENTS,
        year=this_year(),
        target_percent=Decimal("13.0"),
        is_interpolated=True,
        source="interpolated between 2021 and 2028",
    )
    GenderTarget.objects.create(
        category=GenderCategory.FPU,
        year=this_year(),
        target_percent=Decimal("17.1"),
        source="Uniformed Gender Parity Strategy 2018-2028",
    )
    return {"unit": unit, "target": target, "roles": roles}


def state() -> tuple[Any, ...]:
    return (
        list(GenderTarget.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def colour_of(unit: DeployedContingent) -> str:
    return gaps.gender_statuses([unit], year=this_year())[0].status


def test_anonymous_is_sent_to_login() -> None:
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_page_lists_the_table_for_the_secretariat_only(world: dict[str, Any], role: str) -> None:
    response = client_for(world["roles"][role]).get(URL)
    if role == "secretariat":
        assert response.status_code == 200
        html = response.content.decode()
        assert "Military contingents" in html
        assert "13.0%" in html and "17.1%" in html
        assert "interpolated between 2021 and 2028" in html
        assert "Uniformed Gender Parity Strategy 2018-2028" in html
    else:
        assert response.status_code == 403


def test_edit_link_prefills_the_form_with_the_row(world: dict[str, Any]) -> None:
    response = client_for(world["roles"]["secretariat"]).get(
        URL, {"category": "contingents", "year": str(this_year())}
    )
    initial = response.context["form"].initial
    assert initial["category"] == "contingents"
    assert initial["target_percent"] == Decimal("13.0")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_sets_a_target(world: dict[str, Any], role: str) -> None:
    before = state()
    response = client_for(world["roles"][role]).post(
        URL,
        {
            "category": "contingents",
            "year": this_year(),
            "target_percent": "5.0",
            "source": "DPO decision",
        },
    )
    if role == "secretariat":
        assert response.status_code == 302
        target = GenderTarget.objects.get(category="contingents", year=this_year())
        assert (target.target_percent, target.source) == (Decimal("5.0"), "DPO decision")
        assert not target.is_interpolated
        event = AuditEvent.objects.get(action="gender_target.set")
        assert event.actor == world["roles"]["secretariat"]
        assert {"field": "target_percent", "old": "13.0", "new": "5.0"} in event.changes
    else:
        assert response.status_code == 403
        assert state() == before


def test_lowering_the_target_turns_the_contingent_green_raising_it_yellow(
    world: dict[str, Any], minusca: Mission
) -> None:
    unit, client = world["unit"], client_for(world["roles"]["secretariat"])
    # 5.88% against 13.0%: some women, below target.
    assert colour_of(unit) == gaps.YELLOW
    client.post(URL, {"category": "contingents", "year": this_year(), "target_percent": "5.8"})
    # 5.88% >= 5.8%
    assert colour_of(unit) == gaps.GREEN
    page = client.get(reverse("missions:detail", args=[minusca.acronym])).content.decode()
    assert "● Meets target" in page and "5.8%" in page
    client.post(URL, {"category": "contingents", "year": this_year(), "target_percent": "5.9"})
    # 5.88% < 5.9%
    assert colour_of(unit) == gaps.YELLOW
    assert AuditEvent.objects.filter(action="gender_target.set").count() == 2


def test_setting_a_year_without_a_row_creates_it(world: dict[str, Any]) -> None:
    client_for(world["roles"]["secretariat"]).post(
        URL, {"category": "ipo", "year": 2031, "target_percent": "33.5"}
    )
    target = GenderTarget.objects.get(category="ipo", year=2031)
    assert target.target_percent == Decimal("33.5")
    assert target.source == "set by secretariat"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_percent", "150", "between 0 and 100%"),
        ("target_percent", "-1", "between 0 and 100%"),
        ("target_percent", "many", "Enter a number."),
        ("category", "navy", "Unknown category navy."),
        ("year", "2040", "Year must be 2018-2035."),
        ("year", "2017", "Year must be 2018-2035."),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    world: dict[str, Any], field: str, value: str, message: str
) -> None:
    before = state()
    data = {"category": "contingents", "year": this_year(), "target_percent": "5.0"}
    data[field] = value
    response = client_for(world["roles"]["secretariat"]).post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode()
    assert state() == before


def test_service_refuses_a_year_outside_the_range(world: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    from pcrs.missions.services import gender_target_set

    with pytest.raises(ValidationError) as caught:
        gender_target_set(
            actor=world["roles"]["secretariat"],
            category="contingents",
            year=2050,
            target_percent=Decimal("10"),
        )
    assert set(caught.value.message_dict) == {"year"}


def test_unchanged_target_is_not_audited_again(world: dict[str, Any]) -> None:
    client = client_for(world["roles"]["secretariat"])
    data = {"category": "fpu", "year": this_year(), "target_percent": "17.1"}
    client.post(URL, {**data, "source": "Uniformed Gender Parity Strategy 2018-2028"})
    assert AuditEvent.objects.filter(action="gender_target.set").count() == 0


def test_gaps_dashboard_links_the_targets_for_the_secretariat(world: dict[str, Any]) -> None:
    gaps_url = reverse("missions:gaps")
    assert URL in client_for(world["roles"]["secretariat"]).get(gaps_url).content.decode()
    assert URL not in client_for(world["roles"]["planner_own"]).get(gaps_url).content.decode()


# --- API ---------------------------------------------------------------------------------------

API = "/api/v1/gender-targets/"


def test_api_requires_authentication(world: dict[str, Any], api: Callable[..., Any]) -> None:
    assert api(None).get(API).status_code in (401, 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_targets_to_everyone_signed_in(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    body = api(world["roles"][role]).get(API, {"year": this_year()}).json()
    rows = {(r["category"], r["target_percent"]) for r in body["results"]}
    assert rows == {("contingents", "13.0"), ("fpu", "17.1")}


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_by_the_secretariat_only(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    client = api(world["roles"][role])
    before = state()
    created = client.post(
        API, {"category": "ipo", "year": 2030, "target_percent": "31.0"}, format="json"
    )
    target = world["target"]
    patched = client.patch(
        f"{API}{target.pk}/", {"target_percent": "5.0", "source": "API"}, format="json"
    )
    if role == "secretariat":
        assert created.status_code == 201, created.json()
        assert created.json()["target_percent"] == "31.0"
        assert patched.status_code == 200, patched.json()
        assert patched.json()["target_percent"] == "5.0"
        assert colour_of(world["unit"]) == gaps.GREEN
        assert AuditEvent.objects.filter(action="gender_target.set").count() == 2
    else:
        assert created.status_code == 403
        assert patched.status_code == 403
        assert state() == before


def test_api_bad_input_names_the_fields(world: dict[str, Any], api: Callable[..., Any]) -> None:
    before = state()
    response = api(world["roles"]["secretariat"]).post(
        API, {"category": "navy", "year": 2040, "target_percent": "101"}, format="json"
    )
    assert response.status_code == 400
    assert {"category", "year", "target_percent"} <= set(response.json()["errors"])
    assert state() == before
