"""No N+1: each list answers with the same number of queries for 3 rows as for 30."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import api_client_for
from pcrs.registry.models import PledgeStatus

STATES = ("BGD", "KAZ", "NPL", "RWA", "FRA")


@pytest.fixture(autouse=True)
def _computed_not_cached(settings):
    """The queries of the computation are counted, not a cached fragment's (ADR 0065)."""
    settings.PCRS_FRAGMENT_CACHE = False


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture
def thirty_pledges(make_pledge):
    for i in range(30):
        make_pledge(
            STATES[i % len(STATES)],
            status=PledgeStatus.SUBMITTED,
            title=f"P{i}",
            available_from=timezone.localdate() + dt.timedelta(days=30 + i),
        )


@pytest.mark.parametrize(
    ("url", "size_param"),
    [
        ("/api/v1/pledges/", "page_size"),
        ("/api/v1/member-states/", "page_size"),
    ],
)
def test_api_list_query_count_does_not_grow_with_page_size(
    secretariat, thirty_pledges, url, size_param
):
    client = api_client_for(secretariat)
    _queries(client, f"{url}?{size_param}=3")  # warm caches (content types, sessions)
    small = _queries(client, f"{url}?{size_param}=3")
    large = _queries(client, f"{url}?{size_param}=30")
    assert large == small, f"{url}: {small} queries for 3 rows, {large} for 30"


def test_pledge_list_page_query_count_does_not_grow_with_rows(client, secretariat, make_pledge):
    client.force_login(secretariat)
    for i in range(3):
        make_pledge(STATES[i], title=f"A{i}")
    _queries(client, "/registry/pledges/")
    few = _queries(client, "/registry/pledges/")
    for i in range(27):
        make_pledge(STATES[i % len(STATES)], title=f"B{i}")
    many = _queries(client, "/registry/pledges/")
    assert many == few, f"{few} queries for 3 pledges, {many} for 30"


def test_api_pledge_list_with_pending_changes_query_count_does_not_grow(
    secretariat, thirty_pledges
):
    from pcrs.registry.models import ChangeStatus, Pledge, PledgeChangeRequest

    for pledge in Pledge.objects.all():
        PledgeChangeRequest.objects.create(
            pledge=pledge,
            status=ChangeStatus.PENDING,
            changes=[{"field": "personnel", "old": 1, "new": 2}],
            base_status=pledge.status,
            requested_by=secretariat,
        )
    client = api_client_for(secretariat)
    _queries(client, "/api/v1/pledges/?page_size=3")
    small = _queries(client, "/api/v1/pledges/?page_size=3")
    response = client.get("/api/v1/pledges/?page_size=30")
    assert all(row["change_request"]["status"] == "pending" for row in response.json()["results"])
    large = _queries(client, "/api/v1/pledges/?page_size=30")
    assert large == small, f"{small} queries for 3 pledges, {large} for 30"
