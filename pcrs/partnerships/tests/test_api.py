"""The API journey and bad input: a clear message naming the field, nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.core.models import AuditEvent
from pcrs.partnerships.models import Offer, Partnership

pytestmark = pytest.mark.django_db


def totals():
    return Offer.objects.count(), Partnership.objects.count(), AuditEvent.objects.count()


def offer_body(today, **extra):
    body = {
        "kind": "equipment",
        "support_type": "equipment",
        "title": "APCs",
        "items": [{"item": "APC (wheeled)", "quantity": 20}],
        "lease": "wet",
        "available_from": str(today),
        "announced_at": "Berlin peacekeeping ministerial 2025",
    }
    body.update(extra)
    return body


def test_focal_point_offers_for_its_own_state(api, fp_fra, today):
    response = api(fp_fra).post("/api/v1/offers/", offer_body(today), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["provider"] == "FRA"
    assert response.json()["announced_at"] == "Berlin peacekeeping ministerial 2025"


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"items": [{"item": "APC (wheeled)", "quantity": 0}]}, "items.1", "1 to 10000"),
        ({"items": [{"item": "APC (wheeled)", "quantity": 999999}]}, "items.1", "1 to 10000"),
        ({"items": []}, "items", "at least one item"),
        ({"available_until": "2000-01-01"}, "available_until", "end before it starts"),
        ({"announced_on": "2999-01-01"}, "announced_on", "future"),
        ({"kind": "training", "course": "", "items": []}, "course", "Name the course"),
        ({"kind": "commitment", "commitment_area": "", "items": []}, "commitment_area", "Choose"),
    ],
)
def test_impossible_offers_are_refused_naming_the_field(api, fp_fra, today, extra, field, text):
    before = totals()
    response = api(fp_fra).post("/api/v1/offers/", offer_body(today, **extra), format="json")
    assert response.status_code == 400, response.content
    assert text in " ".join(response.json()["errors"][field])
    assert totals() == before


def test_journey_propose_accept_deliver_over_the_api(
    blocked, api, secretariat, fp_bgd, fp_fra, today
):
    offer = api(fp_fra).post("/api/v1/offers/", offer_body(today), format="json").json()
    needs = api(fp_bgd).get("/api/v1/needs/").json()["results"]
    need = next(n for n in needs if n["source"] == "equipment")
    assert need["quantity"] == 20
    created = api(secretariat).post(
        "/api/v1/partnerships/",
        {
            "need": need["key"],
            "offer": offer["id"],
            "start_on": str(today),
            "end_on": str(today + dt.timedelta(days=30)),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    # BGD may not accept for FRA.
    refused = api(fp_bgd).post(
        f"/api/v1/partnerships/{pid}/accept/", {"party": "provider"}, format="json"
    )
    assert refused.status_code == 403
    for user, party in ((fp_bgd, "recipient"), (fp_fra, "provider")):
        ok = api(user).post(f"/api/v1/partnerships/{pid}/accept/", {"party": party}, format="json")
        assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "agreed"
    bad = api(secretariat).post(
        f"/api/v1/partnerships/{pid}/move/", {"move": "complete"}, format="json"
    )
    assert bad.status_code == 400
    assert "agreed partnership cannot be moved to completed" in bad.json()["detail"]


def test_proposal_with_reversed_dates_names_the_field(blocked, api, secretariat, make_offer, today):
    offer = make_offer("FRA")
    before = totals()
    response = api(secretariat).post(
        "/api/v1/partnerships/",
        {
            "need": f"{blocked.pk}:equipment:apc (wheeled)",
            "offer": str(offer.pk),
            "start_on": str(today),
            "end_on": str(today - dt.timedelta(days=1)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "end before it starts" in response.json()["errors"]["end_on"][0]
    assert totals() == before


def test_unknown_need_key_is_a_404_not_a_500(api, secretariat):
    for key in (
        "nonsense",
        "declared:abc",
        "declared:99",
        "00000000-0000-0000-0000-000000000000:x",
    ):
        response = api(secretariat).post(
            "/api/v1/partnerships/",
            {
                "need": key,
                "offer": "00000000-0000-0000-0000-000000000000",
                "start_on": "2027-01-01",
                "end_on": "2027-02-01",
            },
            format="json",
        )
        assert response.status_code == 404, key
