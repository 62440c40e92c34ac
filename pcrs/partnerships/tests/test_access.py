"""Confidentiality as a matrix: anonymous, Secretariat, own focal point, another State's focal
point, observer, planner; and denied writes change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.core.models import AuditEvent
from pcrs.partnerships import services
from pcrs.partnerships.models import Offer, Partnership, TppCourse
from pcrs.partnerships.selectors import access_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(blocked, make_offer, secretariat, make_state, today):
    offer = make_offer("FRA")
    need = access_need(user=secretariat, key=f"{blocked.pk}:equipment:apc (wheeled)")
    partnership = services.partnership_propose(
        actor=secretariat,
        offer=offer,
        need=need,
        start_on=today,
        end_on=today + dt.timedelta(days=30),
    )
    course = services.tpp_course_create(
        actor=secretariat,
        data=services.CourseInput(
            project="engineering",
            title="Heavy engineering equipment operators",
            start_on=today,
            end_on=today + dt.timedelta(days=40),
            place="Nairobi",
            funding_states=[make_state("FRA")],
            trainees=[
                services.TraineesInput(
                    member_state=make_state("BGD"), men=18, women=4, pledge=blocked
                ),
                services.TraineesInput(member_state=make_state("NPL"), men=20, women=2),
            ],
        ),
    )
    return {"offer": offer, "partnership": partnership, "course": course, "pledge": blocked}


@pytest.fixture
def users(secretariat, fp_bgd, fp_kaz, fp_fra, observer, planner):
    return {
        "secretariat": secretariat,
        "own": fp_bgd,
        "provider": fp_fra,
        "other": fp_kaz,
        "observer": observer,
        "planner": planner,
    }


def count(api, user, url):
    response = api(user).get(url)
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize(
    ("who", "needs", "offers", "partnerships", "courses"),
    [
        ("secretariat", 2, 1, 1, 1),
        ("own", 2, 1, 1, 1),  # BGD: its needs; the offer in its partnership; its course
        ("provider", 0, 1, 1, 1),  # FRA: never BGD's needs; its offer, its partnership, funder
        ("other", 0, 0, 0, 0),
        ("observer", 0, 0, 0, 0),
        ("planner", 0, 0, 0, 0),
    ],
)
def test_lists_show_each_role_what_it_may_see(
    world, users, api, who, needs, offers, partnerships, courses
):
    user = users[who]
    assert count(api, user, "/api/v1/needs/") == needs
    assert count(api, user, "/api/v1/offers/") == offers
    assert count(api, user, "/api/v1/partnerships/") == partnerships
    assert count(api, user, "/api/v1/tpp-courses/") == courses


@pytest.mark.parametrize(
    "url", ["/api/v1/needs/", "/api/v1/offers/", "/api/v1/partnerships/", "/api/v1/tpp-courses/"]
)
def test_anonymous_is_refused(world, api, url):
    assert api(None).get(url).status_code in (401, 403)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat", 200),
        ("own", 200),
        ("provider", 200),
        ("other", 404),
        ("observer", 404),
        ("planner", 404),
    ],
)
def test_partnership_detail_same_404_for_outsiders(world, users, api, who, status):
    url = f"/api/v1/partnerships/{world['partnership'].pk}/"
    response = api(users[who]).get(url)
    assert response.status_code == status
    if status == 404:
        missing = api(users[who]).get("/api/v1/partnerships/00000000-0000-0000-0000-000000000000/")
        assert response.content == missing.content


def test_partner_sees_its_partner_but_not_its_needs(world, users, api):
    body = api(users["provider"]).get(f"/api/v1/partnerships/{world['partnership'].pk}/").json()
    assert body["recipient_state"] == "BGD" and body["provider"] == "FRA"
    assert api(users["provider"]).get("/api/v1/needs/?state=BGD").json()["count"] == 0


def test_a_focal_point_sees_only_its_own_trainees(world, users, api):
    (course,) = api(users["own"]).get("/api/v1/tpp-courses/").json()["results"]
    assert [t["member_state"] for t in course["trainees"]] == ["BGD"]
    (full,) = api(users["secretariat"]).get("/api/v1/tpp-courses/").json()["results"]
    assert sorted(t["member_state"] for t in full["trainees"]) == ["BGD", "NPL"]
    assert full["trainees"][0]["pledge"] == str(world["pledge"].pk)


def snapshot_all():
    return (
        Offer.objects.count(),
        Partnership.objects.count(),
        TppCourse.objects.count(),
        list(
            Partnership.objects.values_list(
                "status", "provider_accepted_on", "recipient_accepted_on"
            )
        ),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("who", ["other", "observer", "planner", "provider", "own"])
def test_denied_writes_change_nothing(world, users, api, who, today):
    user = users[who]
    before = snapshot_all()
    client = api(user)
    pid = world["partnership"].pk
    need_key = f"{world['pledge'].pk}:equipment:apc (wheeled)"
    answers = [
        client.post(
            "/api/v1/partnerships/",
            {
                "need": need_key,
                "offer": str(world["offer"].pk),
                "start_on": str(today),
                "end_on": str(today),
            },
            format="json",
        ).status_code,
        client.post(
            "/api/v1/tpp-courses/",
            {
                "project": "medical",
                "title": "x",
                "start_on": str(today),
                "end_on": str(today),
                "place": "x",
            },
            format="json",
        ).status_code,
        client.post(
            f"/api/v1/partnerships/{pid}/move/", {"move": "complete"}, format="json"
        ).status_code,
    ]
    if who != "own":
        answers.append(
            client.post(
                f"/api/v1/partnerships/{pid}/accept/", {"party": "recipient"}, format="json"
            ).status_code
        )
    if who in ("other", "observer", "planner"):
        answers.append(
            client.post(
                "/api/v1/offers/",
                {
                    "provider_state": "BGD",
                    "kind": "funding",
                    "support_type": "finance",
                    "title": "x",
                    "amount_usd": "100",
                    "available_from": str(today),
                },
                format="json",
            ).status_code
        )
    assert all(code in (403, 404) for code in answers), answers
    assert snapshot_all() == before


def test_a_focal_point_cannot_make_an_offer_in_another_states_name(world, users, api, today):
    before = snapshot_all()
    response = api(users["other"]).post(
        "/api/v1/offers/",
        {
            "provider_state": "FRA",
            "kind": "funding",
            "support_type": "finance",
            "title": "x",
            "amount_usd": "100",
            "available_from": str(today),
        },
        format="json",
    )
    assert response.status_code == 403
    assert "own State" in response.json()["detail"]
    assert snapshot_all() == before


@pytest.mark.parametrize("who", ["other", "provider", "observer"])
def test_state_support_page_is_for_the_state_and_the_secretariat(world, users, client, who):
    client.force_login(users[who])
    assert client.get("/partnerships/states/BGD/").status_code == 404


def test_state_support_page_shows_the_whole_picture(world, users, client):
    client.force_login(users["own"])
    page = client.get("/partnerships/states/BGD/").content.decode()
    assert "20 x APC (wheeled) missing" in page
    assert "Heavy engineering equipment operators" in page
    assert "FRA: Equipment" in page
