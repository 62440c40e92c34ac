"""Member States API: read-only for every authenticated user, filters, lookups."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

LIST = "/api/v1/member-states/"
ORGS = "/api/v1/regional-organizations/"


@pytest.mark.parametrize("url", [LIST, f"{LIST}KAZ/", ORGS, f"{ORGS}AU/"])
def test_anonymous_requests_get_401(member_states, url):
    response = APIClient().get(url)
    assert response.status_code == 401


@pytest.mark.parametrize("role_user", ["observer", "fp_bgd", "secretariat", "administrator"])
def test_every_role_reads_the_list(member_states, api, request, role_user):
    user = request.getfixturevalue(role_user)
    response = api(user).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 193
    assert len(body["results"]) == 50  # StandardPagination's page size
    assert body["next"]


def test_bearer_token_works(member_states, observer):
    from conftest import PASSWORD

    issued = APIClient().post(
        "/api/v1/auth/token/", {"username": observer.username, "password": PASSWORD}
    )
    key = issued.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"{LIST}NPL/").status_code == 200


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("region=Europe", 43),
        ("subregion=Western%20Asia", 17),
        ("intermediate_region=Caribbean", 13),
        ("organization=EU", 27),
        ("organization=ecowas", 12),
        ("q=congo", 2),
        ("q=398", 1),
        ("region=Asia&organization=CSTO", 4),
    ],
)
def test_filters(member_states, api, observer, query, count):
    response = api(observer).get(f"{LIST}?{query}&page_size=500")
    assert response.status_code == 200
    assert response.json()["count"] == count


@pytest.mark.parametrize(
    "query", ["region=Atlantis", "organization=NOPE", "page_size=abc&q=" + "x" * 101]
)
def test_bad_filters_answer_400_naming_the_field(member_states, api, observer, query):
    response = api(observer).get(f"{LIST}?{query}")
    assert response.status_code == 400
    field = query.split("=")[0] if "page_size" not in query else "q"
    assert field in response.json()["errors"]


def test_detail_by_iso3_in_any_case(member_states, api, observer):
    response = api(observer).get(f"{LIST}kaz/")
    assert response.status_code == 200
    body = response.json()
    assert body["iso3"] == "KAZ"
    assert body["iso2"] == "KZ"
    assert body["m49"] == "398"
    assert body["region"] == "Asia"
    assert body["subregion"] == "Central Asia"
    assert body["official_languages"] == ["kk", "ru"]
    assert body["un_member_since"] == "1992-03-02"
    assert set(body["organizations"]) == {"CIS", "CSTO"}


def test_detail_of_a_non_member_is_404(member_states, api, observer):
    assert api(observer).get(f"{LIST}PSE/").status_code == 404
    assert api(observer).get(f"{LIST}XYZ/").status_code == 404


def test_the_api_is_read_only(member_states, api, administrator):
    client = api(administrator)
    assert client.post(LIST, {"iso3": "XYZ"}).status_code == 405
    assert client.patch(f"{LIST}KAZ/", {"name": "X"}).status_code == 405
    assert client.delete(f"{LIST}KAZ/").status_code == 405
    assert client.get(f"{LIST}KAZ/").json()["name"] == "Kazakhstan"


def test_regional_organizations_list_member_codes(member_states, api, observer):
    response = api(observer).get(f"{ORGS}?page_size=100")
    assert response.status_code == 200
    organizations = {org["code"]: org for org in response.json()["results"]}
    assert organizations["NATO"]["member_count"] == 32
    assert "SWE" in organizations["NATO"]["members"]
    assert organizations["LAS"]["non_un_members"] == "State of Palestine"
    assert api(observer).get(f"{ORGS}nato/").json()["code"] == "NATO"


def test_query_count_does_not_grow_with_rows(
    member_states, api, observer, django_assert_max_num_queries
):
    client = api(observer)
    with django_assert_max_num_queries(6):
        client.get(f"{LIST}?page_size=500")
    with django_assert_max_num_queries(6):
        client.get(f"{ORGS}?page_size=100")
