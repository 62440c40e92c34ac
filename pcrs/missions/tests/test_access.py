"""Who sees and changes what, on pages and in the API: the permission matrix.

Roles: anonymous, another State's focal point, the owning State's focal point, the planner of
this mission, the planner of another mission, the Secretariat, an observer. Denied writes
assert that nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import (
    Ceiling,
    Contribution,
    ContributionImport,
    DeployedContingent,
    Mission,
    PersonnelType,
    Requirement,
)

pytestmark = pytest.mark.django_db

ROLES = ["fp_other", "fp_own", "planner_own", "planner_other", "secretariat", "observer"]
EDITORS = {"planner_own", "secretariat"}
SEES_BGD = {"fp_own", "planner_own", "secretariat"}
SEES_NPL = {"planner_own", "secretariat"}


@pytest.fixture
def world(
    roles: dict[str, User],
    minusca: Mission,
    make_contingent: Callable[..., DeployedContingent],
    capability: Callable[[str], Any],
    make_state: Callable[[str], Any],
) -> dict[str, Any]:
    today = dt.date.today()  # noqa: DTZ011
    bgd = make_contingent(
        minusca, "BGD", designation="BANBAT-7", next_rotation_on=today + dt.timedelta(days=30)
    )
    npl = make_contingent(
        minusca, "NPL", designation="NEPBAT-2", next_rotation_on=today + dt.timedelta(days=40)
    )
    requirement = Requirement.objects.create(
        mission=minusca,
        capability_type=capability("utility-helicopter-unit"),
        personnel=110,
        required_by=today + dt.timedelta(days=60),
        opened_on=today - dt.timedelta(days=100),
    )
    batch = ContributionImport.objects.create(file_name="t.csv", sha256="0" * 64)
    Contribution.objects.create(
        month=dt.date(2014, 2, 28),
        member_state=make_state("BGD"),
        mission=minusca,
        personnel_type=PersonnelType.TROOPS,
        male=800,
        female=50,
        total=850,
        batch=batch,
    )
    capability("qrf-company")
    return {"bgd": bgd, "npl": npl, "requirement": requirement, "roles": roles}


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def requirement_post() -> dict[str, Any]:
    return {
        "capability_type": "qrf-company",
        "units": 1,
        "personnel": 180,
        "required_by": "2027-01-31",
        "priority": "critical",
        "languages": "fr, en",
        "min_women_percent": "15",
        "major_equipment": "4 x Armoured personnel carrier",
        "self_sustainment": ["catering", "medical"],
    }


def snapshot() -> tuple[Any, ...]:
    return (
        list(Requirement.objects.order_by("pk").values()),
        list(Ceiling.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


# --- Pages -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(world: dict[str, Any], minusca: Mission) -> None:
    for url in [
        reverse("missions:list"),
        reverse("missions:detail", args=[minusca.acronym]),
        reverse("missions:gaps"),
        reverse("missions:state_contributions", args=["BGD"]),
        reverse("missions:contributions_upload"),
    ]:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_mission_page_is_public_contingent_detail_is_not(
    world: dict[str, Any], minusca: Mission, role: str
) -> None:
    response = client_for(world["roles"][role]).get(
        reverse("missions:detail", args=[minusca.acronym])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Utility helicopter unit" in html  # requirements are public
    assert "2 deployed contingents" in html  # so are totals
    assert ("BANBAT-7" in html) == (role in SEES_BGD)
    assert ("NEPBAT-2" in html) == (role in SEES_NPL)


@pytest.mark.parametrize("role", ROLES)
def test_gaps_dashboard_shows_state_lines_only_to_those_who_may_see_them(
    world: dict[str, Any], role: str
) -> None:
    html = client_for(world["roles"][role]).get(reverse("missions:gaps")).content.decode()
    assert "Critical capability requirements" in html
    assert "Utility helicopter unit" in html
    assert ("BANBAT-7" in html) == (role in SEES_BGD)
    assert ("NEPBAT-2" in html) == (role in SEES_NPL)


@pytest.mark.parametrize("role", ROLES)
def test_new_requirement_only_by_this_missions_planner_or_the_secretariat(
    world: dict[str, Any], minusca: Mission, role: str
) -> None:
    before = snapshot()
    url = reverse("missions:requirement_create", args=[minusca.acronym])
    response = client_for(world["roles"][role]).post(url, requirement_post())
    if role in EDITORS:
        assert response.status_code == 302
        created = Requirement.objects.get(capability_type__code="qrf-company")
        assert created.languages == ["fr", "en"]
        assert created.major_equipment == [{"item": "Armoured personnel carrier", "quantity": 4}]
        assert AuditEvent.objects.filter(action="requirement.create").count() == 1
    else:
        assert response.status_code == 403
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_requirement_is_denied_to_others_and_changes_nothing(
    world: dict[str, Any], role: str
) -> None:
    requirement = world["requirement"]
    before = snapshot()
    data = {**requirement_post(), "capability_type": "utility-helicopter-unit", "personnel": 99}
    response = client_for(world["roles"][role]).post(
        reverse("missions:requirement_edit", args=[requirement.pk]), data
    )
    if role in EDITORS:
        assert response.status_code == 302
        requirement.refresh_from_db()
        assert (requirement.personnel, requirement.version) == (99, 2)
    else:
        assert response.status_code == 403
        assert snapshot() == before


def test_status_change_follows_the_workflow(world: dict[str, Any]) -> None:
    requirement = world["requirement"]
    planner = client_for(world["roles"]["planner_own"])
    url = reverse("missions:requirement_status", args=[requirement.pk])
    planner.post(url, {"status": "filled"})
    requirement.refresh_from_db()
    assert requirement.status == "filled" and requirement.closed_on is not None
    # filled -> in generation is not a move the workflow allows
    planner.post(url, {"status": "in_generation"})
    requirement.refresh_from_db()
    assert requirement.status == "filled"


@pytest.mark.parametrize("role", ROLES)
def test_state_contribution_page_for_the_state_and_the_secretariat_only(
    world: dict[str, Any], role: str
) -> None:
    response = client_for(world["roles"][role]).get(
        reverse("missions:state_contributions", args=["BGD"])
    )
    if role in {"fp_own", "secretariat"}:
        assert response.status_code == 200
        assert "Bangladesh" in response.content.decode()
    else:
        assert response.status_code == 404


def test_focal_point_lands_on_its_own_state(world: dict[str, Any]) -> None:
    response = client_for(world["roles"]["fp_own"]).get(reverse("missions:contributions"))
    assert response["Location"] == reverse("missions:state_contributions", args=["BGD"])


@pytest.mark.parametrize("role", ROLES)
def test_upload_page_is_for_the_secretariat(world: dict[str, Any], role: str) -> None:
    before = Contribution.objects.count()
    client = client_for(world["roles"][role])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.csv", b"Contributor,Mission\r\nX,Y\r\n", "text/csv")
    response = client.post(reverse("missions:contributions_upload"), {"file": bad})
    if role == "secretariat":
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rejected: nothing was changed" in html
        assert "line 1: missing column(s)" in html
    else:
        assert response.status_code == 403
    assert Contribution.objects.count() == before


# --- API ---------------------------------------------------------------------------------------


def test_api_requires_authentication(world: dict[str, Any], api: Callable[..., Any]) -> None:
    for url in ["/api/v1/missions/", "/api/v1/contingents/", "/api/v1/requirements/"]:
        assert api(None).get(url).status_code in (401, 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_missions_and_ceilings_are_public(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    client = api(world["roles"][role])
    response = client.get("/api/v1/missions/MINUSCA/")
    assert response.status_code == 200
    assert response.json()["acronym"] == "MINUSCA"
    assert client.get("/api/v1/missions/MINUSCA/ceilings/").status_code == 200
    assert client.get("/api/v1/missions/NOPE/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_api_contingents_follow_visibility(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    client = api(world["roles"][role])
    listed = {c["designation"] for c in client.get("/api/v1/contingents/").json()["results"]}
    expected = {"BANBAT-7"} & ({"BANBAT-7"} if role in SEES_BGD else set())
    expected |= {"NEPBAT-2"} if role in SEES_NPL else set()
    assert listed == expected
    npl = world["npl"]
    detail = client.get(f"/api/v1/contingents/{npl.pk}/")
    assert detail.status_code == (200 if role in SEES_NPL else 404)
    # Not yours answers exactly like does not exist.
    assert client.get("/api/v1/contingents/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_api_requirement_writes_by_planner_of_the_mission_or_secretariat(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    client = api(world["roles"][role])
    before = snapshot()
    body = {
        "mission": "MINUSCA",
        "capability_type": "qrf-company",
        "personnel": 180,
        "required_by": "2027-01-31",
        "priority": "critical",
        "languages": ["fr"],
        "major_equipment": [{"item": "APC", "quantity": 4}],
    }
    created = client.post("/api/v1/requirements/", body, format="json")
    requirement = world["requirement"]
    patched = client.patch(
        f"/api/v1/requirements/{requirement.pk}/", {"personnel": 77}, format="json"
    )
    if role in EDITORS:
        assert created.status_code == 201, created.json()
        assert created.json()["capability_type"] == "qrf-company"
        assert patched.status_code == 200
        requirement.refresh_from_db()
        assert requirement.personnel == 77
    else:
        assert created.status_code == 403
        assert patched.status_code == 403
        assert snapshot() == before
    assert client.get("/api/v1/requirements/?mission=MINUSCA").status_code == 200


def test_api_bad_requirement_input_names_the_field(
    world: dict[str, Any], api: Callable[..., Any]
) -> None:
    client = api(world["roles"]["secretariat"])
    response = client.post(
        "/api/v1/requirements/",
        {"mission": "MINUSCA", "capability_type": "nope", "personnel": 0, "required_by": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert {"capability_type", "personnel", "required_by"} <= set(response.json()["errors"])


def test_api_illegal_status_move_is_a_400(world: dict[str, Any], api: Callable[..., Any]) -> None:
    client = api(world["roles"]["planner_own"])
    url = f"/api/v1/requirements/{world['requirement'].pk}/status/"
    assert client.post(url, {"status": "cancelled"}, format="json").status_code == 200
    response = client.post(url, {"status": "filled"}, format="json")
    assert response.status_code == 400
    assert "cannot become filled" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_api_ceilings_are_recorded_by_the_secretariat_only(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    before = snapshot()
    response = api(world["roles"][role]).post(
        "/api/v1/missions/MINUSCA/ceilings/",
        {
            "category": "troops",
            "authorized": 14400,
            "effective_from": "2023-11-15",
            "resolution": "S/RES/2709 (2023)",
        },
        format="json",
    )
    if role == "secretariat":
        assert response.status_code == 201
        assert Ceiling.objects.get().authorized == 14400
    else:
        assert response.status_code == 403
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_api_gaps_give_everyone_totals_and_contingent_lines_to_those_allowed(
    world: dict[str, Any], api: Callable[..., Any], role: str
) -> None:
    body = api(world["roles"][role]).get("/api/v1/missions/MINUSCA/gaps/").json()
    assert body["rotations_due_count"] == 2
    assert len(body["unfilled_requirements"]) == 1
    assert body["unfilled_requirements"][0]["days_open"] == 100
    states = {r["member_state"] for r in body["rotations_due"]}
    expected = ({"BGD"} if role in SEES_BGD else set()) | ({"NPL"} if role in SEES_NPL else set())
    assert states == expected
    assert {g["member_state"] for g in body["gender"]} == expected
    critical = api(world["roles"][role]).get("/api/v1/gaps/critical-capabilities/").json()
    assert critical["capabilities"][0]["capability_type"] == "utility-helicopter-unit"


@pytest.mark.parametrize("role", ROLES)
def test_contributions_are_in_the_navigation_of_those_who_may_open_them(
    world: dict[str, Any], role: str
) -> None:
    client = client_for(world["roles"][role])
    html = client.get(reverse("missions:list")).content.decode()
    offered = f'href="{reverse("missions:contributions")}"' in html
    assert offered == (role in {"fp_own", "fp_other", "secretariat"})
    opened = client.get(reverse("missions:contributions"))
    # A focal point without history still lands on its State's (empty) page.
    assert (opened.status_code in (200, 302)) == offered
