"""The partnerships page's lists exported: needs and offers as each user sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.partnerships.tests.conftest import record_aav


@pytest.fixture
def two_states_blocked(blocked, level_1, secretariat):
    kaz = level_1("KAZ")
    record_aav(kaz, secretariat, coe="conditional", findings="10 APCs short of the SUR")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_needs_export_holds_only_the_users_states_needs(
    client, two_states_blocked, secretariat, fp_bgd, fp_kaz, observer, fmt
):
    url = reverse("partnerships:index") + f"?format={fmt}&list=needs"
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for user, states in ((secretariat, {"BGD", "KAZ"}), (fp_bgd, {"BGD"}), (fp_kaz, {"KAZ"})):
        client.force_login(user)
        rows = exported_rows(client.get(url))
        assert rows[0][0] == "Member State"
        assert {r[0] for r in rows[1:]} == states, user.username
    client.force_login(observer)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_offers_export_holds_only_offers_the_user_may_see(
    client, make_offer, secretariat, fp_fra, fp_bgd, fmt
):
    offer = make_offer("FRA")
    url = reverse("partnerships:index") + f"?format={fmt}&list=offers"
    for user, expected in ((secretariat, [str(offer.pk)]), (fp_fra, [str(offer.pk)]), (fp_bgd, [])):
        client.force_login(user)
        rows = exported_rows(client.get(url))
        assert rows[0][:2] == ["Offer id", "Provider"]
        assert [r[0] for r in rows[1:]] == expected, user.username


def test_partnerships_page_links_each_lists_export(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("partnerships:index")).content.decode()
    for name in ("needs", "offers", "partnerships"):
        assert f"format=csv&amp;list={name}" in page
