"""Member State pages: login required, filters, detail, and no pledge data."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def logged_in(client, observer):
    client.force_login(observer)
    return client


@pytest.mark.parametrize(
    "url",
    ["/states/", "/states/KAZ/", "/states/organizations/"],
)
def test_anonymous_visitors_are_sent_to_login(client, member_states, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_all_193_states(logged_in, member_states):
    response = logged_in.get(reverse("memberstates:list"))
    assert response.status_code == 200
    assert len(response.context["states"]) == 193
    assert "193 Member States" in response.text


@pytest.mark.parametrize(
    ("query", "count", "includes"),
    [
        ({"region": "Oceania"}, 14, "FJI"),
        ({"subregion": "Central Asia"}, 5, "KAZ"),
        ({"intermediate_region": "Western Africa"}, 16, "SEN"),
        ({"organization": "NATO"}, 32, "FIN"),
        ({"organization": "au"}, 54, "MAR"),
        ({"q": "kaz"}, 1, "KAZ"),
        ({"q": "BD"}, 1, "BGD"),
        ({"q": "guinea"}, 4, "PNG"),
        ({"region": "Africa", "organization": "LAS"}, 10, "EGY"),
    ],
)
def test_filters_narrow_the_list(logged_in, member_states, query, count, includes):
    response = logged_in.get(reverse("memberstates:list"), query)
    iso3 = [state.iso3 for state in response.context["states"]]
    assert len(iso3) == count
    assert includes in iso3


def test_an_invalid_filter_is_reported_and_ignored(logged_in, member_states):
    response = logged_in.get(reverse("memberstates:list"), {"region": "Atlantis"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert len(response.context["states"]) == 193


def test_detail_shows_codes_region_languages_and_organizations(logged_in, member_states):
    response = logged_in.get(reverse("memberstates:detail", args=["kaz"]))
    assert response.status_code == 200
    text = response.text
    for expected in ("Kazakhstan", "KZ", "398", "Central Asia", "Kazakh", "Russian", "CSTO", "CIS"):
        assert expected in text
    assert "2 March 1992" in text


def test_detail_of_an_unknown_code_is_404(logged_in, member_states):
    assert logged_in.get("/states/XYZ/").status_code == 404
    assert logged_in.get("/states/VAT/").status_code == 404


def test_detail_shows_no_pledge_information(logged_in, member_states, make_pledge):
    make_pledge("BGD", title="BANBAT-SECRET")
    response = logged_in.get(reverse("memberstates:detail", args=["BGD"]))
    assert response.status_code == 200
    assert "BANBAT-SECRET" not in response.text


def test_organizations_page_lists_counts_and_non_un_members(logged_in, member_states):
    response = logged_in.get(reverse("memberstates:organizations"))
    assert response.status_code == 200
    assert "Sahrawi Arab Democratic Republic" in response.text
    counts = {org.code: org.member_count for org in response.context["organizations"]}
    assert counts["AU"] == 54
    assert counts["EU"] == 27
