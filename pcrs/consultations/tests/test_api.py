"""The API journey: `/api/v1/consultations/` and `/api/v1/action-items/` end to end, and the
Secretariat-only writes refused to everyone else with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from pcrs.accounts.models import User
from pcrs.consultations.models import Meeting
from pcrs.consultations.tests.test_access import db_state
from pcrs.memberstates.models import MemberState

pytestmark = pytest.mark.django_db


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_secretariat_records_a_meeting_and_the_owner_closes_its_action(
    secretariat: User, fp_bgd: User, fp_kaz: User, contingents: list[Any], make_state: Any
) -> None:
    make_state("KAZ")
    api = client_for(secretariat)
    created = api.post(
        "/api/v1/consultations/",
        {
            "mission": "MINUSCA",
            "kind": "on_request",
            "date": "2026-07-01",
            "chair": "DPO",
            "add_states": ["KAZ"],
            "add_offices": ["dppa"],
        },
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    invited = {i["member_state"] or i["office"] for i in meeting["invitees"]}
    assert {"BGD", "NPL", "KAZ", "dppa", "dpo_oma"} <= invited
    url = f"/api/v1/consultations/{meeting['id']}/"
    assert api.put(url, {"chair": "DPO", "minutes": "Agreed."}).json()["minutes"] == "Agreed."
    decided = api.post(f"{url}decisions/", {"text": "Deploy a QRF."})
    assert decided.status_code == 201
    decision = decided.json()["decisions"][0]["id"]
    item = api.post(
        "/api/v1/action-items/",
        {
            "meeting": meeting["id"],
            "title": "Offer a QRF company",
            "owner_state": "BGD",
            "due_on": "2026-08-01",
            "decision": decision,
        },
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    mine = client_for(fp_bgd).get("/api/v1/action-items/?state=BGD&open=1").json()["results"]
    assert [i["id"] for i in mine] == [item_id]
    moved = client_for(fp_bgd).post(
        f"/api/v1/action-items/{item_id}/moves/", {"move": "complete", "note": "Offered."}
    )
    assert moved.status_code == 200 and moved.json()["status"] == "done"
    published = api.post(f"{url}summary/", {"summary": "A QRF will be generated."})
    assert published.json()["public_summary"] == "A QRF will be generated."
    # Kazakhstan was added, so its focal point reads the records too.
    assert client_for(fp_kaz).get(url).json()["minutes"] == "Agreed."


@pytest.mark.parametrize("role", ["fp_invited", "fp_not_invited", "observer", "planner"])
def test_secretariat_writes_are_refused_to_others_and_change_nothing(
    meeting: Meeting,
    fp_bgd: User,
    fp_kaz: User,
    observer: User,
    planner: User,
    bgd: MemberState,
    role: str,
) -> None:
    user = {"fp_invited": fp_bgd, "fp_not_invited": fp_kaz, "observer": observer}.get(role, planner)
    api = client_for(user)
    url = f"/api/v1/consultations/{meeting.pk}/"
    expected = 403 if role == "fp_invited" else 404
    before = db_state()
    for method, path, body in [
        ("put", url, {"chair": "x", "minutes": "rewritten"}),
        ("post", f"{url}decisions/", {"text": "x"}),
        ("post", f"{url}invitees/", {"office": "dppa"}),
        ("post", f"{url}summary/", {"summary": "leaked"}),
    ]:
        response = getattr(api, method)(path, body)
        assert response.status_code == expected, (path, response.content)
    assert db_state() == before
