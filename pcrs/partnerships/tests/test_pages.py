"""Pages: each role gets what it may see; a region's view is detail for the Secretariat and,
for others, its members and a link to the published statistics (no live pledge figure)."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.partnerships import services
from pcrs.partnerships.models import Partnership, PartnershipStatus
from pcrs.partnerships.selectors import access_need
from pcrs.statistics.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(blocked, make_offer, secretariat, today):
    need = access_need(user=secretariat, key=f"{blocked.pk}:equipment:apc (wheeled)")
    return services.partnership_propose(
        actor=secretariat,
        offer=make_offer("FRA"),
        need=need,
        start_on=today,
        end_on=today + dt.timedelta(days=30),
    )


def test_secretariat_matches_and_proposes_from_the_pages(
    client, blocked, make_offer, secretariat, today
):
    offer = make_offer("FRA")
    client.force_login(secretariat)
    index = client.get("/partnerships/").content.decode()
    assert "20 x APC (wheeled) missing" in index
    key = f"{blocked.pk}:equipment:apc (wheeled)"
    match = client.get("/partnerships/match/", {"need": key}).content.decode()
    assert "fit: offers APC (wheeled)" in match
    response = client.post(
        "/partnerships/propose/",
        {
            "need": key,
            "offer": str(offer.pk),
            "start_on": str(today),
            "end_on": str(today + dt.timedelta(days=30)),
        },
    )
    p = Partnership.objects.get()
    assert response.status_code == 302 and response.url == f"/partnerships/{p.pk}/"


def test_both_parties_accept_on_the_page(client, proposed, fp_bgd, fp_fra):
    for user, party in ((fp_bgd, "recipient"), (fp_fra, "provider")):
        client.force_login(user)
        page = client.get(f"/partnerships/{proposed.pk}/").content.decode()
        assert f"Accept as {party}" in page
        other = "provider" if party == "recipient" else "recipient"
        assert f"Accept as {other}" not in page
        client.post(f"/partnerships/{proposed.pk}/accept/", {"party": party})
    proposed.refresh_from_db()
    assert proposed.status == PartnershipStatus.AGREED


def test_accepting_for_the_other_party_on_the_page_is_forbidden(client, proposed, fp_bgd):
    client.force_login(fp_bgd)
    assert (
        client.post(f"/partnerships/{proposed.pk}/accept/", {"party": "provider"}).status_code
        == 403
    )
    proposed.refresh_from_db()
    assert proposed.provider_accepted_on is None


@pytest.mark.parametrize("who", ["fp_kaz", "observer", "planner"])
def test_outsiders_get_404_on_a_partnership_and_the_match_page(
    client, proposed, request, who, blocked
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/partnerships/{proposed.pk}/").status_code == 404
    key = f"{blocked.pk}:equipment:apc (wheeled)"
    assert client.get("/partnerships/match/", {"need": key}).status_code == 404


def test_focal_point_offer_form_refuses_impossible_dates(client, fp_fra, today):
    client.force_login(fp_fra)
    response = client.post(
        "/partnerships/offers/new/",
        {
            "kind": "equipment",
            "support_type": "equipment",
            "title": "Trucks",
            "item": "Truck",
            "quantity": "5",
            "available_from": str(today),
            "available_until": str(today - dt.timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "The offer cannot end before it starts." in response.content.decode()


def test_region_view_lists_members_pledges_for_the_secretariat(
    client, level_1, au, make_state, secretariat
):
    level_1("RWA")
    client.force_login(secretariat)
    page = client.get("/partnerships/regions/AU/").content.decode()
    assert 'id="region-pledges"' in page
    assert "RWABAT" in page


@pytest.mark.parametrize("who", ["observer", "fp_bgd"])
def test_region_view_shows_others_no_live_pledge_figure(
    client, level_1, au, make_state, request, who
):
    """Even three States' pledges of one type (the old rule's threshold) give no figure: the
    page names the members and links to the published statistics with their date (ADR 0050)."""
    for iso3 in ("BGD", "KAZ", "NPL"):
        au.members.add(make_state(iso3))
        level_1(iso3)
    Publication.objects.create(as_of=dt.date(2026, 6, 30))
    client.force_login(request.getfixturevalue(who))
    page = client.get("/partnerships/regions/AU/").content.decode()
    assert "Bangladesh" in page and "Kazakhstan" in page  # the members are named
    assert 'href="/registry/overview/"' in page
    assert "as of 30 June 2026" in page
    for leak in ("BGDBAT", "region-pledges", "region-cells", "2550", "Infantry battalion"):
        assert leak not in page, leak
    assert "<td>3</td>" not in page


def test_state_page_shows_the_contributor_profile(client, fp_bgd, make_state):
    client.force_login(fp_bgd)
    page = client.get("/partnerships/states/BGD/").content.decode()
    assert "No monthly contributions recorded." in page


def test_the_partnerships_menu_entry_is_for_those_who_can_open_it(
    client, secretariat, fp_fra, make_user
):
    from django.urls import reverse

    from pcrs.accounts.models import Role

    index = reverse("partnerships:index")
    for user, shown in (
        (secretariat, True),
        (fp_fra, True),
        (make_user("observer", Role.OBSERVER), False),
    ):
        client.force_login(user)
        menu = [item["url"] for item in client.get("/").context["nav_items"]]
        assert (index in menu) is shown, user.username
        assert client.get(index).status_code == (200 if shown else 404), user.username
