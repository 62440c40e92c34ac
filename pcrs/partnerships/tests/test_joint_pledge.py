"""Joint (co-deployment) pledges: shares that add up to the unit, each partner's focal point
sees it and its part, it climbs the ladder as one pledge, and the engine gets a bundle."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from pcrs.core.models import AuditEvent
from pcrs.partnerships.generation import joint_pledge_bundles
from pcrs.partnerships.services import ShareInput, joint_pledge_shares_set
from pcrs.readiness.services import readiness_move
from pcrs.registry.models import Pledge, PledgePartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(make_pledge, make_state, secretariat):
    pledge = make_pledge("RWA", personnel=850, women=60)
    joint_pledge_shares_set(
        actor=secretariat,
        pledge=pledge,
        shares=[
            ShareInput(
                member_state=make_state("RWA"),
                personnel=700,
                women=50,
                contribution="Infantry companies",
            ),
            ShareInput(
                member_state=make_state("FRA"),
                personnel=150,
                women=10,
                equipment=[{"item": "APC (wheeled)", "quantity": 10}],
                contribution="APCs and their crews",
            ),
        ],
    )
    return pledge


def test_each_partner_sees_the_pledge_and_its_shares_in_the_api(joint, api, fp_fra, make_user):
    fp_rwa = make_user("fp-rwa", "focal_point", "RWA")
    for user in (fp_rwa, fp_fra):
        body = api(user).get(f"/api/v1/pledges/{joint.pk}/").json()
        assert [(p["partner"], p["personnel"]) for p in body["partners"]] == [
            ("RWA", 700),
            ("FRA", 150),
        ]
    listed = api(fp_fra).get("/api/v1/pledges/").json()
    rows = listed.get("results", listed)
    assert str(joint.pk) in [row["id"] for row in rows]


def test_a_state_outside_the_partnership_does_not_see_it(joint, api, fp_kaz):
    assert api(fp_kaz).get(f"/api/v1/pledges/{joint.pk}/").status_code == 404


def test_partner_sees_its_part_on_the_joint_page(joint, client, fp_fra, fp_kaz):
    client.force_login(fp_fra)
    page = client.get(f"/partnerships/joint/{joint.pk}/")
    assert page.status_code == 200
    assert "APCs and their crews" in page.content.decode()
    client.force_login(fp_kaz)
    assert client.get(f"/partnerships/joint/{joint.pk}/").status_code == 404


def test_shares_that_do_not_add_up_are_refused_and_nothing_changes(joint, make_state, secretariat):
    before = list(PledgePartner.objects.values_list("member_state__iso3", "personnel"))
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        joint_pledge_shares_set(
            actor=secretariat,
            pledge=joint,
            shares=[
                ShareInput(member_state=make_state("RWA"), personnel=700, women=50),
                ShareInput(member_state=make_state("FRA"), personnel=100, women=10),
            ],
        )
    assert "add up to 800; the unit has 850" in str(err.value.message_dict["partners"])
    assert list(PledgePartner.objects.values_list("member_state__iso3", "personnel")) == before
    assert AuditEvent.objects.count() == audits


def test_equipment_shares_must_match_annex_c(make_pledge, make_state, secretariat):
    pledge = make_pledge("RWA")  # Annex C: 10 APCs
    with pytest.raises(ValidationError, match="apc \\(wheeled\\): 12 of 10"):
        joint_pledge_shares_set(
            actor=secretariat,
            pledge=pledge,
            shares=[
                ShareInput(member_state=make_state("RWA"), personnel=800, women=60),
                ShareInput(
                    member_state=make_state("FRA"),
                    personnel=50,
                    equipment=[{"item": "APC (wheeled)", "quantity": 12}],
                ),
            ],
        )
    assert not PledgePartner.objects.exists()


def test_the_lead_state_must_have_a_share(make_pledge, make_state, secretariat):
    pledge = make_pledge("RWA")
    with pytest.raises(ValidationError, match="lead State"):
        joint_pledge_shares_set(
            actor=secretariat,
            pledge=pledge,
            shares=[
                ShareInput(member_state=make_state("FRA"), personnel=425, women=30),
                ShareInput(member_state=make_state("KAZ"), personnel=425, women=30),
            ],
        )


def test_a_partner_cannot_rewrite_the_shares(joint, fp_fra, make_state):
    with pytest.raises(Http404):
        joint_pledge_shares_set(actor=fp_fra, pledge=joint, shares=[])
    assert PledgePartner.objects.filter(pledge=joint).count() == 2


def test_it_climbs_the_ladder_as_one_pledge(joint, secretariat):
    for move in ("acknowledge", "accept"):
        readiness_move(actor=secretariat, pledge=joint, move=move)
    joint.refresh_from_db()
    assert joint.readiness_level == "1"
    assert Pledge.objects.filter(pk=joint.pk).count() == 1


def test_engine_bundle_gives_each_partners_share_against_its_own_caps(joint, make_pledge):
    single = make_pledge("KAZ")
    bundles = joint_pledge_bundles(Pledge.objects.filter(pk__in=[joint.pk, single.pk]))
    assert len(bundles) == 1
    assert bundles[0].lead_state == "RWA"
    assert bundles[0].engine_shares() == (
        (f"{joint.pk}:RWA", "RWA", 700, 50),
        (f"{joint.pk}:FRA", "FRA", 150, 10),
    )


def test_a_regional_organization_can_co_deploy(make_pledge, make_state, secretariat, au):
    pledge = make_pledge("RWA", personnel=850, women=60)
    joint_pledge_shares_set(
        actor=secretariat,
        pledge=pledge,
        shares=[
            ShareInput(member_state=make_state("RWA"), personnel=800, women=60),
            ShareInput(regional_organization=au, personnel=50, contribution="AU medical team"),
        ],
    )
    (bundle,) = joint_pledge_bundles([pledge])
    # The organization has no State caps: its personnel ride on the lead State's share.
    assert bundle.engine_shares() == ((f"{pledge.pk}:RWA", "RWA", 850, 60),)


def test_lead_state_sets_shares_over_the_api_and_bad_shares_change_nothing(
    make_pledge, api, make_user, fp_fra
):
    fp_rwa = make_user("fp-rwa", "focal_point", "RWA")
    pledge = make_pledge("RWA", personnel=850, women=60)
    url = f"/api/v1/joint-pledges/{pledge.pk}/partners/"
    good = {
        "partners": [
            {"member_state": "RWA", "personnel": 700, "women": 50},
            {
                "member_state": "FRA",
                "personnel": 150,
                "women": 10,
                "equipment": [{"item": "APC (wheeled)", "quantity": 10}],
            },
        ]
    }
    # A would-be partner cannot make itself one (not its pledge: 404).
    assert api(fp_fra).put(url, good, format="json").status_code == 404
    audits = AuditEvent.objects.count()
    bad = {"partners": [dict(good["partners"][0], personnel=600), good["partners"][1]]}
    response = api(fp_rwa).put(url, bad, format="json")
    assert response.status_code == 400
    assert "add up to 750; the unit has 850" in str(response.json()["errors"]["partners"])
    assert not PledgePartner.objects.exists() and AuditEvent.objects.count() == audits
    response = api(fp_rwa).put(url, good, format="json")
    assert response.status_code == 200, response.content
    assert [p["partner"] for p in response.json()["partners"]] == ["RWA", "FRA"]
