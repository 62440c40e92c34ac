"""Who sees a meeting's records and who may change them, on pages and in the API.

Roles: anonymous, the Secretariat, an invited State's focal point, a non-invited State's focal
point, an observer, a mission planner. Only participants see non-public records; others see
a meeting only once its public summary is published, and then only that; a hidden meeting is
the same 404 as one that does not exist; denied writes change nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.consultations import services
from pcrs.consultations.models import ActionItem, Decision, Invitee, Meeting, Notification
from pcrs.consultations.tests.conftest import MEETING_DAY
from pcrs.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "fp_invited", "fp_not_invited", "observer", "planner"]
PARTICIPANTS = {"secretariat", "fp_invited"}
MINUTES = "NEPBAT-2 asked for night-flying helicopters before the renewal."


@pytest.fixture
def users(
    secretariat: User, fp_bgd: User, fp_kaz: User, observer: User, planner: User
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "secretariat": secretariat,
        "fp_invited": fp_bgd,
        "fp_not_invited": fp_kaz,
        "observer": observer,
        "planner": planner,
    }


@pytest.fixture
def recorded(meeting: Meeting, secretariat: User, action_item: ActionItem) -> Meeting:
    return services.meeting_update(
        actor=secretariat,
        meeting=meeting,
        chair=meeting.chair,
        agenda=meeting.agenda,
        minutes=MINUTES,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def unmasked(response: Any) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", response.content.decode())


def db_state() -> tuple[Any, ...]:
    return (
        Meeting.objects.count(),
        Invitee.objects.count(),
        Decision.objects.count(),
        ActionItem.objects.count(),
        list(ActionItem.objects.values_list("status", flat=True)),
        list(Meeting.objects.values_list("minutes", "public_summary")),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_shows_records_to_participants_only(
    users: dict[str, Any], recorded: Meeting, role: str
) -> None:
    response = client_for(users[role]).get(
        reverse("consultations:meeting_detail", args=[recorded.pk])
    )
    if role in PARTICIPANTS:
        assert response.status_code == 200
        body = response.content.decode()
        assert MINUTES in body
        assert "Confirm the rotation date of BANBAT-7" in body
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_after_publication_others_see_the_summary_and_nothing_else(
    users: dict[str, Any], recorded: Meeting, secretariat: User, role: str
) -> None:
    services.meeting_summary_publish(
        actor=secretariat, meeting=recorded, summary="Contributors backed the renewal."
    )
    response = client_for(users[role]).get(
        reverse("consultations:meeting_detail", args=[recorded.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Contributors backed the renewal." in body
    assert (MINUTES in body) == (role in PARTICIPANTS)
    assert ("Aviation gaps" in body) == (role in PARTICIPANTS)  # the agenda
    assert ("BANBAT-7" in body) == (role in PARTICIPANTS)  # the action item


def test_anonymous_is_sent_to_log_in(recorded: Meeting) -> None:
    response = Client().get(reverse("consultations:meeting_detail", args=[recorded.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get("/api/v1/consultations/").status_code in (401, 403)


def test_hidden_and_missing_meetings_give_the_same_404(
    users: dict[str, Any], recorded: Meeting
) -> None:
    client = client_for(users["fp_not_invited"])
    hidden = client.get(reverse("consultations:meeting_detail", args=[recorded.pk]))
    missing = client.get(reverse("consultations:meeting_detail", args=[uuid.uuid4()]))
    garbage = client.get(reverse("consultations:meeting_detail", args=["not-a-uuid"]))
    assert hidden.status_code == missing.status_code == garbage.status_code == 404
    # Pages differ only by the per-response mask of the CSRF token.
    assert unmasked(hidden) == unmasked(missing) == unmasked(garbage)
    api = client_for(users["fp_not_invited"])
    a = api.get(f"/api/v1/consultations/{recorded.pk}/")
    b = api.get(f"/api/v1/consultations/{uuid.uuid4()}/")
    assert a.status_code == b.status_code == 404 and a.content == b.content


def test_participants_outside_the_secretariat_see_aggregates_never_another_states_figures(
    users: dict[str, Any], recorded: Meeting
) -> None:
    """NEPBAT-2 (Nepal) rotates without replacement; Bangladesh's focal point sees a count."""
    fp = client_for(users["fp_invited"]).get(f"/api/v1/consultations/{recorded.pk}/").json()
    sec = client_for(users["secretariat"]).get(f"/api/v1/consultations/{recorded.pk}/").json()
    assert "detail" not in fp["documents"]
    assert fp["documents"]["aggregate"]["rotations_due_without_replacement"] == 2
    assert "Nepal" not in str(fp["documents"])
    assert {r["state"] for r in sec["documents"]["detail"]["rotations"]} == {"Bangladesh", "Nepal"}
    page = client_for(users["fp_invited"]).get(
        reverse("consultations:meeting_detail", args=[recorded.pk])
    )
    assert "NEPBAT-2" not in page.content.decode().split('id="documents"')[1].split("</section>")[0]


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_details_follow_the_same_rules(
    users: dict[str, Any], recorded: Meeting, role: str
) -> None:
    client = client_for(users[role])
    listed = client.get("/api/v1/consultations/").json()["results"]
    assert (len(listed) == 1) == (role in PARTICIPANTS)
    detail = client.get(f"/api/v1/consultations/{recorded.pk}/")
    assert detail.status_code == (200 if role in PARTICIPANTS else 404)
    if role in PARTICIPANTS:
        assert detail.json()["minutes"] == MINUTES
    items = client.get("/api/v1/action-items/").json()["results"]
    assert (len(items) == 1) == (role in PARTICIPANTS)


WRITES = [
    ("records", {"chair": "x", "agenda": "", "minutes": "rewritten"}),
    ("decision", {"text": "Council to be briefed monthly."}),
    ("summary", {"summary": "leaked"}),
    ("invite", {"office": "dppa"}),
]


@pytest.mark.parametrize("role", ["fp_invited", "fp_not_invited", "observer", "planner"])
@pytest.mark.parametrize(("action", "payload"), WRITES)
def test_denied_page_writes_change_nothing(
    users: dict[str, Any], recorded: Meeting, role: str, action: str, payload: dict[str, str]
) -> None:
    before = db_state()
    url = reverse(f"consultations:meeting_{action}", args=[recorded.pk])
    response = client_for(users[role]).post(url, payload)
    # A participant learns it may not; anyone else learns nothing (404).
    assert response.status_code == (403 if role == "fp_invited" else 404)
    assert db_state() == before


@pytest.mark.parametrize("role", ["fp_invited", "fp_not_invited", "observer", "planner"])
def test_denied_api_writes_change_nothing(
    users: dict[str, Any], recorded: Meeting, bgd: Any, role: str
) -> None:
    client = client_for(users[role])
    before = db_state()
    created = client.post(
        "/api/v1/consultations/",
        {"mission": "MINUSCA", "kind": "crisis", "date": "2026-07-01", "chair": "x"},
        content_type="application/json",
    )
    assert created.status_code == 403
    item = client.post(
        "/api/v1/action-items/",
        {"meeting": str(recorded.pk), "title": "x", "owner_state": "BGD", "due_on": "2026-07-01"},
        content_type="application/json",
    )
    assert item.status_code == (403 if role == "fp_invited" else 404)
    assert db_state() == before


def test_only_the_owner_or_the_secretariat_closes_an_action_item(
    users: dict[str, Any], action_item: ActionItem, make_state: Any, secretariat: User
) -> None:
    # Kazakhstan is invited too, so its focal point can see the item but not close it.
    services.invitee_add(
        actor=secretariat, meeting=action_item.meeting, member_state=make_state("KAZ")
    )
    url = f"/api/v1/action-items/{action_item.pk}/moves/"
    body = {"move": "complete", "note": "done"}
    for role, status in [("observer", 404), ("planner", 404), ("fp_not_invited", 403)]:
        before = db_state()
        response = client_for(users[role]).post(url, body, content_type="application/json")
        assert response.status_code == status, role
        assert db_state() == before
    response = client_for(users["fp_invited"]).post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"


def test_bad_api_input_names_the_field_and_changes_nothing(
    users: dict[str, Any], recorded: Meeting, closed_mission: Any, make_state: Any
) -> None:
    client = client_for(users["secretariat"])
    make_state("KAZ")
    before = db_state()
    meetings, items = "/api/v1/consultations/", "/api/v1/action-items/"
    late = (MEETING_DAY - dt.timedelta(days=1)).isoformat()
    new = {"date": "2026-07-01", "chair": "x"}
    item = {"meeting": str(recorded.pk), "title": "x", "due_on": "2026-07-01"}
    cases = [
        (meetings, {**new, "mission": "MINURCAT", "kind": "crisis"}, "mission"),
        (meetings, {**new, "mission": "MINUSCA", "kind": "party"}, "kind"),
        (items, {**item, "owner_state": "KAZ"}, "owner_state"),
        (items, {**item, "owner_state": "BGD", "due_on": late}, "due_on"),
        (items, {**item, "owner_state": "ZZZ"}, "owner_state"),
    ]
    for url, payload, field in cases:
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json()["errors"], response.json()
    assert db_state() == before


def test_a_bad_page_post_shows_the_message_and_changes_nothing(
    users: dict[str, Any], recorded: Meeting
) -> None:
    before = db_state()
    response = client_for(users["secretariat"]).post(
        reverse("consultations:meeting_action_item", args=[recorded.pk]),
        {"title": "x", "owner": "state:BGD", "due_on": "2020-01-01"},
        follow=True,
    )
    assert "is before the meeting" in response.content.decode()
    assert db_state() == before
