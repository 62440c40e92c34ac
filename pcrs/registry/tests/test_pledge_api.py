"""The pledge API, through HTTP, with the rights of the pages."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import pledge_payload
from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge, PledgeStatus

FUTURE = (timezone.localdate() + dt.timedelta(days=60)).isoformat()


def unit_payload(**overrides):
    return pledge_payload(**{"languages": ["en", "ru"], "available_from": FUTURE, **overrides})


def token_client(username, password):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    return client


def test_token_then_bearer_requests(fp_kaz, infantry):
    from conftest import PASSWORD

    client = token_client("fp-kaz", PASSWORD)
    response = client.post("/api/v1/pledges/", unit_payload(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member_state"] == "KAZ"
    assert body["status"] == "draft"
    assert len(body["organization"]) == 2


def test_wrong_password_gets_400_and_no_token(fp_kaz):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "fp-kaz", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_repeated_failed_token_requests_lock_the_account(fp_kaz, settings):
    from conftest import PASSWORD

    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "fp-kaz", "password": "x"}, format="json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "fp-kaz", "password": PASSWORD}, format="json"
    )
    assert response.status_code in (403, 429)
    assert "token" not in (response.json() if response.content else {})


def test_anonymous_api_request_gets_401(db):
    response = APIClient().get("/api/v1/pledges/")
    assert response.status_code == 401


def test_expired_token_is_refused(fp_kaz, settings):
    from pcrs.accounts.models import ApiToken
    from pcrs.accounts.tokens import token_issue

    token, key = token_issue(user=fp_kaz)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/pledges/").status_code == 401


def test_list_shows_only_own_state_whatever_the_filter(api, fp_kaz, make_pledge):
    own = make_pledge("KAZ")
    make_pledge("BGD", title="Secret BGD battalion")

    client = api(fp_kaz)
    for query in ("", "?member_state=BGD", "?q=Bangladesh", "?q=Secret", "?region=Asia"):
        response = client.get(f"/api/v1/pledges/{query}")
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["results"]}
        assert ids <= {str(own.id)}, query
        assert response.json()["count"] == len(ids)
    assert b"Secret BGD" not in client.get("/api/v1/pledges/?q=Secret").content


def test_secretariat_lists_and_filters_all(api, secretariat, make_pledge):
    make_pledge("KAZ")
    make_pledge("BGD")
    client = api(secretariat)
    assert client.get("/api/v1/pledges/").json()["count"] == 2
    filtered = client.get("/api/v1/pledges/?member_state=bgd").json()
    assert [row["member_state"] for row in filtered["results"]] == ["BGD"]


def test_list_is_paginated(api, secretariat, make_pledge):
    for _ in range(3):
        make_pledge("KAZ")
    body = api(secretariat).get("/api/v1/pledges/?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_other_states_pledge_looks_like_a_missing_one(api, fp_kaz, make_pledge):
    theirs = make_pledge("BGD")
    client = api(fp_kaz)
    not_yours = client.get(f"/api/v1/pledges/{theirs.id}/")
    missing = client.get(f"/api/v1/pledges/{uuid.uuid4()}/")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.json() == missing.json()


@pytest.mark.parametrize(
    ("method", "suffix", "payload"),
    [
        ("patch", "", {"title": "Hijacked"}),
        ("put", "", unit_payload(title="Hijacked")),
        ("post", "submit/", {}),
        ("post", "withdraw/", {"reason": "x"}),
        ("get", "history/", None),
        ("get", "annotations/", None),
    ],
)
def test_other_state_cannot_act_on_a_pledge(api, fp_kaz, make_pledge, method, suffix, payload):
    theirs = make_pledge("BGD", status=PledgeStatus.DRAFT)
    before = AuditEvent.objects.count()
    response = getattr(api(fp_kaz), method)(
        f"/api/v1/pledges/{theirs.id}/{suffix}", payload, format="json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status, theirs.version) == ("BGDBAT", PledgeStatus.DRAFT, 1)
    assert AuditEvent.objects.count() == before


def test_focal_point_edits_submits_and_withdraws(api, fp_kaz, infantry):
    client = api(fp_kaz)
    pledge_id = client.post("/api/v1/pledges/", unit_payload(), format="json").json()["id"]

    patched = client.patch(f"/api/v1/pledges/{pledge_id}/", {"notice_to_move_days": 30})
    assert patched.status_code == 200, patched.content
    assert patched.json()["notice_to_move_days"] == 30
    assert patched.json()["equipment"] == [
        {"item": "APC (wheeled)", "quantity": 20, "lease": "dry"}
    ]

    submitted = client.post(f"/api/v1/pledges/{pledge_id}/submit/", {"version": 2})
    assert submitted.json()["status"] == "submitted"
    withdrawn = client.post(f"/api/v1/pledges/{pledge_id}/withdraw/", {"reason": "re-tasked"})
    assert withdrawn.json()["status"] == "withdrawn"

    history = client.get(f"/api/v1/pledges/{pledge_id}/history/").json()
    actions = [event["action"] for event in history]
    # Submitting and withdrawing are readiness moves: the ladder writes the status, and its
    # one audit row records both the ladder state and the registry status (ADR 0040).
    assert [a for a in actions if a.startswith("pledge.")] == ["pledge.update", "pledge.create"]
    assert [a for a in actions if a.startswith("readiness.")] == [
        "readiness.withdraw",
        "readiness.submit",
    ]
    assert {"field": "status", "old": "submitted", "new": "withdrawn"} in history[0]["changes"]
    history = [event for event in history if event["action"].startswith("pledge.")]
    assert history[0]["changes"] == [{"field": "notice_to_move_days", "old": 60, "new": 30}]


def test_stale_version_gets_409_and_changes_nothing(api, fp_kaz, infantry):
    client = api(fp_kaz)
    pledge_id = client.post("/api/v1/pledges/", unit_payload(), format="json").json()["id"]
    client.patch(f"/api/v1/pledges/{pledge_id}/", {"title": "First"})

    response = client.patch(f"/api/v1/pledges/{pledge_id}/", {"title": "Second", "version": 1})
    assert response.status_code == 409
    assert Pledge.objects.get(pk=pledge_id).title == "First"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"personnel": -5}, "personnel"),
        ({"personnel": 10**9}, "personnel"),
        ({"women": 900}, "women"),
        ({"capability_type": "space-marines"}, "capability_type"),
        ({"languages": ["klingon"]}, "languages"),
        ({"available_from": "2001-01-01"}, "available_from"),
        ({"available_from": "not a date"}, "available_from"),
        ({"caveat_missions": ["NOPE"]}, "caveat_missions"),
        ({"organization": [{"rank_band": "generals", "men": 1, "women": 0}]}, "organization"),
        ({"member_state": "BGD"}, "member_state"),
        ({"member_state": "ZZZ"}, "member_state"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, fp_kaz, infantry, overrides, field):
    response = api(fp_kaz).post("/api/v1/pledges/", unit_payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Pledge.objects.count() == 0


def test_malformed_json_is_a_400(api, fp_kaz):
    response = api(fp_kaz).generic(
        "POST", "/api/v1/pledges/", '{"personnel": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_oversized_body_is_refused_without_a_500(api, fp_kaz, infantry, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = unit_payload(caveat_notes="x" * 5000)
    response = api(fp_kaz).post("/api/v1/pledges/", body, format="json")
    assert response.status_code in (400, 413)
    assert Pledge.objects.count() == 0


def test_secretariat_annotates_and_state_sees_only_shared_notes(
    api, secretariat, fp_kaz, make_pledge
):
    pledge = make_pledge("KAZ")
    staff = api(secretariat)
    staff.post(f"/api/v1/pledges/{pledge.id}/annotations/", {"text": "internal"}, format="json")
    staff.post(
        f"/api/v1/pledges/{pledge.id}/annotations/",
        {"text": "please add a Level II hospital", "shared_with_state": True},
        format="json",
    )
    state_view = api(fp_kaz).get(f"/api/v1/pledges/{pledge.id}/annotations/").json()
    assert [note["text"] for note in state_view] == ["please add a Level II hospital"]
    denied = api(fp_kaz).post(
        f"/api/v1/pledges/{pledge.id}/annotations/", {"text": "x"}, format="json"
    )
    assert denied.status_code == 403
    history = api(fp_kaz).get(f"/api/v1/pledges/{pledge.id}/history/").json()
    assert all(event["changes"][0]["new"] != "internal" for event in history)


def test_catalogue_is_read_by_all_and_edited_by_the_secretariat(
    api, observer, secretariat, infantry
):
    assert api(observer).get("/api/v1/capability-types/").json()["count"] == 1
    denied = api(observer).patch(
        "/api/v1/capability-types/infantry-battalion/", {"typical_size": 1}
    )
    assert denied.status_code == 403
    infantry.refresh_from_db()
    assert infantry.typical_size == 850

    done = api(secretariat).patch(
        "/api/v1/capability-types/infantry-battalion/", {"typical_size": 800}
    )
    assert done.status_code == 200
    infantry.refresh_from_db()
    assert infantry.typical_size == 800
    assert AuditEvent.objects.filter(action="catalogue.update").count() == 1


def test_schema_and_docs_are_served_to_logged_in_users(client, observer):
    assert client.get("/api/schema/").status_code in (302, 401, 403)
    client.force_login(observer)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/pledges/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_api_docs_load_their_assets_locally_not_from_a_cdn(client, observer):
    client.force_login(observer)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in page
