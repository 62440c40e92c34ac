"""The permission matrix: every registry endpoint, for every kind of user.

Rows are requests; columns are who sends them. A pledge of Bangladesh (BGD) is the object:
fp-bgd owns it, fp-kaz is "another State". A denied write must change nothing: the pledge's
content, status and version, and the audit trail, are compared before and after.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pcrs.accounts.models import Role
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Mission
from pcrs.registry.models import Pledge, PledgeStatus

ANON, OTHER, OWN, SEC, OBS, PLANNER = (
    "anonymous",
    "other",
    "own",
    "secretariat",
    "observer",
    "planner",
)
WHO = (ANON, OTHER, OWN, SEC, OBS, PLANNER)
FUTURE = (timezone.localdate() + dt.timedelta(days=90)).isoformat()

NEW_PLEDGE = {
    "capability_type": "infantry-battalion",
    "personnel": 800,
    "women": 40,
    "available_from": FUTURE,
}

# (name, method, path with {id}, payload, expected status per user kind)
MATRIX = [
    (
        "list pledges",
        "get",
        "/api/v1/pledges/",
        None,
        {ANON: 401, OTHER: 200, OWN: 200, SEC: 200, OBS: 403},
    ),
    (
        "read pledge",
        "get",
        "/api/v1/pledges/{id}/",
        None,
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "pledge history",
        "get",
        "/api/v1/pledges/{id}/history/",
        None,
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "pledge notes",
        "get",
        "/api/v1/pledges/{id}/annotations/",
        None,
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "aggregates",
        "get",
        "/api/v1/pledges/aggregates/",
        None,
        {ANON: 401, OTHER: 200, OWN: 200, SEC: 200, OBS: 200},
    ),
    (
        "catalogue",
        "get",
        "/api/v1/capability-types/",
        None,
        {ANON: 401, OTHER: 200, OWN: 200, SEC: 200, OBS: 200},
    ),
    (
        "member states",
        "get",
        "/api/v1/member-states/",
        None,
        {ANON: 401, OTHER: 200, OWN: 200, SEC: 200, OBS: 200},
    ),
    ("schema", "get", "/api/schema/", None, {ANON: 401, OTHER: 200, OWN: 200, SEC: 200, OBS: 200}),
]

WRITES = [
    (
        "edit pledge",
        "patch",
        "/api/v1/pledges/{id}/",
        {"title": "Changed"},
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "replace pledge",
        "put",
        "/api/v1/pledges/{id}/",
        {**NEW_PLEDGE, "title": "Changed"},
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "submit pledge",
        "post",
        "/api/v1/pledges/{id}/submit/",
        {},
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "withdraw pledge",
        "post",
        "/api/v1/pledges/{id}/withdraw/",
        {"reason": "test"},
        {ANON: 401, OTHER: 404, OWN: 200, SEC: 200, OBS: 404},
    ),
    (
        "annotate pledge",
        "post",
        "/api/v1/pledges/{id}/annotations/",
        {"text": "note"},
        {ANON: 401, OTHER: 404, OWN: 403, SEC: 201, OBS: 404},
    ),
    (
        "create pledge",
        "post",
        "/api/v1/pledges/",
        NEW_PLEDGE,
        {ANON: 401, OTHER: 201, OWN: 201, SEC: 400, OBS: 403},
    ),
    (
        "edit catalogue",
        "patch",
        "/api/v1/capability-types/infantry-battalion/",
        {"typical_size": 900},
        {ANON: 401, OTHER: 403, OWN: 403, SEC: 200, OBS: 403},
    ),
    (
        "delete pledge",
        "delete",
        "/api/v1/pledges/{id}/",
        None,
        {ANON: 401, OTHER: 405, OWN: 405, SEC: 405, OBS: 405},
    ),
]


@pytest.fixture
def actors(make_user):
    return {
        ANON: None,
        OTHER: make_user("fp-kaz", Role.FOCAL_POINT, "KAZ"),
        OWN: make_user("fp-bgd", Role.FOCAL_POINT, "BGD"),
        SEC: make_user("secretariat", Role.FORCE_GENERATION),
        OBS: make_user("observer", Role.OBSERVER),
        PLANNER: make_user(
            "planner-minusca",
            Role.MISSION_PLANNER,
            mission=Mission.objects.create(acronym="MINUSCA", name="MINUSCA"),
        ),
    }


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _state_of(pledge: Pledge) -> tuple:
    pledge.refresh_from_db()
    return (
        pledge.title,
        pledge.status,
        pledge.version,
        pledge.personnel,
        pledge.annotations.count(),
        AuditEvent.objects.count(),
        Pledge.objects.count(),
    )


def _cases(rows):
    # A mission planner has no rights on pledges: it sees what an observer sees.
    return [
        pytest.param(
            name, method, path, payload, who, expected.get(who, expected[OBS]), id=f"{name}-{who}"
        )
        for name, method, path, payload, expected in rows
        for who in WHO
    ]


@pytest.mark.parametrize(("name", "method", "path", "payload", "who", "status"), _cases(MATRIX))
def test_reads(actors, make_pledge, name, method, path, payload, who, status):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    response = getattr(_client(actors[who]), method)(path.format(id=pledge.id))
    assert response.status_code == status, response.content[:300]
    if status == 200 and name == "list pledges":
        ids = {row["id"] for row in response.json()["results"]}
        assert (str(pledge.id) in ids) == (who in (OWN, SEC))


@pytest.mark.parametrize(("name", "method", "path", "payload", "who", "status"), _cases(WRITES))
def test_writes(actors, make_pledge, name, method, path, payload, who, status):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    before = _state_of(pledge)
    response = getattr(_client(actors[who]), method)(
        path.format(id=pledge.id), payload, format="json"
    )
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        assert _state_of(pledge) == before, f"{name} by {who} changed something"
    else:
        assert AuditEvent.objects.count() > before[5], f"{name} by {who} was not audited"


def test_denied_answers_reveal_nothing(actors, make_pledge):
    """Another State's pledge and a missing one give byte-identical 404 answers."""
    import uuid

    pledge = make_pledge("BGD")
    client = _client(actors[OTHER])
    for suffix in ("", "history/", "annotations/"):
        theirs = client.get(f"/api/v1/pledges/{pledge.id}/{suffix}")
        missing = client.get(f"/api/v1/pledges/{uuid.uuid4()}/{suffix}")
        garbage = client.get(f"/api/v1/pledges/not-a-uuid/{suffix}")
        assert theirs.status_code == missing.status_code == garbage.status_code == 404
        assert theirs.content == missing.content == garbage.content
