"""No 500 for anything a user can send: arbitrary JSON at the write endpoints gets a 4xx.

Hypothesis generates bodies (wrong types, huge numbers, nested junk, unicode, nulls); every
answer must be a deliberate one (2xx or 4xx), and a refused body must change nothing.
"""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge, PledgeStatus

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["infantry-battalion", "2027-01-01", "BGD", "en", "wet", "officers"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
pledge_keys = st.sampled_from(
    [
        "capability_type",
        "personnel",
        "women",
        "available_from",
        "organization",
        "equipment",
        "languages",
        "caveat_missions",
        "caveat_regions",
        "restricted_tasks",
        "member_state",
        "version",
        "title",
        "self_sustainment",
        "notice_to_move_days",
        "ranks",
    ]
)
bodies = st.one_of(json_values, st.dictionaries(pledge_keys, json_values, max_size=8))

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def focal_client(fp_bgd, infantry):
    client = APIClient()
    client.force_authenticate(fp_bgd)
    return client


@FUZZ
@given(body=bodies)
def test_creating_a_pledge_never_errors(focal_client, body):
    before = Pledge.objects.count()
    response = focal_client.post("/api/v1/pledges/", body, format="json")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert Pledge.objects.count() == before


@FUZZ
@given(body=bodies, path=st.sampled_from(["", "submit/", "withdraw/", "annotations/"]))
def test_acting_on_a_pledge_never_errors(focal_client, make_pledge, body, path):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT)
    method = focal_client.patch if path == "" else focal_client.post
    events = AuditEvent.objects.count()
    response = method(f"/api/v1/pledges/{pledge.id}/{path}", body, format="json")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert AuditEvent.objects.count() == events


@FUZZ
@given(
    body=bodies,
    path=st.sampled_from(["moves/", "renew/", "visits/", "sur-alignments/", "rdl-agreements/"]),
)
def test_readiness_endpoints_never_error(focal_client, make_pledge, body, path):
    pledge = make_pledge("BGD", status=PledgeStatus.SUBMITTED)
    response = focal_client.post(
        f"/api/v1/readiness/pledges/{pledge.id}/{path}", body, format="json"
    )
    assert response.status_code < 500


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "member_state",
                "page",
                "page_size",
                "q",
                "readiness_level",
                "available_by",
                "language",
                "region",
                "group_by",
            ]
        ),
        st.text(max_size=20),
        max_size=4,
    )
)
def test_list_filters_never_error(focal_client, query):
    for url in ("/api/v1/pledges/", "/api/v1/pledges/aggregates/", "/api/v1/member-states/"):
        response = focal_client.get(url, query)
        assert response.status_code < 500, (url, query)


def test_unknown_ids_are_404_not_500(focal_client):
    for url in (
        f"/api/v1/pledges/{uuid.uuid4()}/",
        "/api/v1/pledges/%00/",
        "/api/v1/member-states/ZZZ/",
    ):
        assert focal_client.get(url).status_code == 404


@pytest.fixture
def secretariat_client(secretariat, infantry):
    from pcrs.missions.models import Mission

    Mission.objects.create(acronym="MINUSCA", name="MINUSCA", is_active=True)
    client = APIClient()
    client.force_authenticate(secretariat)
    return client


@FUZZ
@given(
    body=bodies,
    path=st.sampled_from(["requirements/", "contingents/", "gender-targets/", "pledges/"]),
)
def test_secretariat_writes_never_error(secretariat_client, body, path):
    response = secretariat_client.post(f"/api/v1/{path}", body, format="json")
    assert response.status_code < 500, (path, body)
