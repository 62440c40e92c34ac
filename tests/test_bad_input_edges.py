"""Input at the API's edges: nesting, page parameters, ranges. A 400 naming what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DataError
from django.http import HttpResponse
from rest_framework.test import APIClient

from conftest import api_client_for
from pcrs.api.parsers import MAX_JSON_DEPTH, json_depth
from pcrs.core.bounds import INT32_MAX, LATEST_DATE, bounded_date, bounded_int
from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.registry.models import Pledge

DEEP = "[" * 100_000 + "]" * 100_000


def test_json_nested_100000_deep_is_refused_at_the_unauthenticated_token_endpoint(fp_kaz):
    response = APIClient().post("/api/v1/auth/token/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert f"deeper than {MAX_JSON_DEPTH}" in response.json()["detail"]


def test_json_nested_deep_is_refused_and_changes_nothing(fp_kaz, infantry):
    body = '{"title": ' + "[" * 5000 + "1" + "]" * 5000 + "}"
    events = AuditEvent.objects.count()
    response = api_client_for(fp_kaz).post(
        "/api/v1/pledges/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert Pledge.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_depth('"\\"[["') == 0
    assert json_depth("[" * 40 + "]" * 40) == 40


@pytest.mark.parametrize("value", ["-1824", "0", "501", "abc", "1e3", "99999999999999999999"])
def test_bad_page_size_is_a_400_naming_the_parameter(secretariat, make_pledge, value):
    make_pledge("BGD")
    response = api_client_for(secretariat).get(f"/api/v1/pledges/?page_size={value}")
    assert response.status_code == 400, response.content
    assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize("value", ["0", "-3", "x", "99999999999999999999"])
def test_bad_page_number_is_a_400_naming_the_parameter(secretariat, make_pledge, value):
    make_pledge("BGD")
    response = api_client_for(secretariat).get(f"/api/v1/pledges/?page={value}")
    assert response.status_code == 400, response.content
    assert "page" in response.json()["errors"]


def test_valid_page_parameters_are_served(secretariat, make_pledge):
    for state in ("BGD", "NPL", "RWA"):
        make_pledge(state)
    response = api_client_for(secretariat).get("/api/v1/pledges/?page_size=2&page=2")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 1
    assert api_client_for(secretariat).get("/api/v1/pledges/?page=last").status_code == 200


def test_schema_states_the_page_parameter_ranges(client, observer):
    client.force_login(observer)
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/pledges/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"]["maximum"] == 500
    assert parameters["page"]["schema"]["minimum"] == 1


def test_bounded_int_names_the_field_and_the_range():
    assert bounded_int(" 42 ", field="n") == 42
    for raw in ("x", True, None, 2**31, "99999999999999999999"):
        with pytest.raises(DomainError) as refused:
            bounded_int(raw, field="quantity")
        assert refused.value.field == "quantity"
    with pytest.raises(DomainError, match=str(INT32_MAX)):
        bounded_int(2**40, field="quantity")


def test_bounded_date_refuses_9999_and_garbage():
    assert bounded_date("2027-03-01", field="d") == dt.date(2027, 3, 1)
    for raw in ("9999-12-01", "0001-01-01", "not a date", (LATEST_DATE + dt.timedelta(1))):
        with pytest.raises(DomainError) as refused:
            bounded_date(raw, field="available_from")
        assert refused.value.field == "available_from"


@pytest.mark.parametrize(
    "exc",
    [
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        DataError("integer out of range"),
    ],
)
def test_values_the_database_cannot_store_are_400s_in_pages_and_api(rf, observer, exc):
    from pcrs.api.errors import exception_handler
    from pcrs.core.badinput import OutOfRangeInputMiddleware
    from pcrs.core.bounds import OUT_OF_RANGE

    request = rf.post("/missions/requirements/new/")
    request.user = observer
    page = OutOfRangeInputMiddleware(HttpResponse).process_exception(request, exc)
    assert page is not None
    assert page.status_code == 400
    assert str(OUT_OF_RANGE) in page.content.decode()

    answer = exception_handler(exc, {})
    assert answer is not None
    assert answer.status_code == 400
    assert answer.data == {"detail": OUT_OF_RANGE}
