"""Who opens which report: the access matrix (anonymous, another State's focal point, the
owning State's focal point, the Secretariat, an observer, a planner), and the Reports entry
in the navigation for those who can open it."""

from __future__ import annotations

import pytest

from pcrs.accounts.models import Role

PAPER = ("/reports/requirements/", "/reports/requirements.pdf")
BRIEFING = ("/reports/briefing/", "/reports/briefing.pdf")
INDEX = "/reports/"


@pytest.fixture
def pledged(make_pledge, make_requirement, minusca, helicopters):
    """A gap, and a pledge of Bangladesh's that could fill it: the owning focal point is
    fp-bgd, another State's is fp-kaz."""
    make_requirement(minusca, helicopters, personnel=101)
    return make_pledge(
        "BGD", capability_type=helicopters, title="BGD-OWN-HELI", readiness_level="2"
    )


@pytest.mark.parametrize("url", (INDEX, *PAPER, *BRIEFING))
def test_anonymous_is_sent_to_log_in(client, url, pledged):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "paper", "briefing"),
    [
        ("secretariat", 200, 200),
        ("administrator", 200, 200),
        ("fp_bgd", 200, 200),  # the owning State's focal point
        ("fp_kaz", 200, 200),  # another State's focal point
        ("observer", 200, 200),
        ("planner", 200, 403),
    ],
)
def test_access_matrix(request, client, pledged, who, paper, briefing):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in PAPER:
        assert client.get(url).status_code == paper, (who, url)
    for url in BRIEFING:
        response = client.get(url)
        assert response.status_code == briefing, (who, url)
        if briefing != 200:
            assert b"%PDF" not in response.content
    assert client.get(INDEX).status_code == 200


def test_the_owning_focal_point_sees_the_same_paper_as_anyone_else(
    client, pledged, fp_bgd, fp_kaz, observer, secretariat
):
    """The paper is addressed to every State: its own pledge is not in it, not even for its
    own focal point, and the Secretariat gets the same document."""
    bodies = []
    for user in (fp_bgd, fp_kaz, observer, secretariat):
        client.force_login(user)
        page = client.get(PAPER[0]).content.decode()
        assert "BGD-OWN-HELI" not in page and "Bangladesh" not in page, user.username
        bodies.append(page[page.index('<div class="report"') :])
    assert all(body == bodies[0] for body in bodies)


def test_the_briefing_pack_is_the_same_for_every_reader_without_the_annex(
    client, pledged, fp_bgd, fp_kaz, observer, secretariat
):
    bodies = []
    for user in (fp_bgd, fp_kaz, observer, secretariat):
        client.force_login(user)
        page = client.get(BRIEFING[0]).content.decode()
        bodies.append(page[page.index('<div class="report"') :])
    assert all(body == bodies[0] for body in bodies)


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.FORCE_GENERATION, True),
        (Role.FOCAL_POINT, True),
        (Role.OBSERVER, True),
        (Role.MISSION_PLANNER, True),
    ],
)
def test_the_reports_entry_is_in_the_navigation_of_those_who_can_open_it(
    client, make_user, minusca, role, offered
):
    extra = {"mission": minusca} if role == Role.MISSION_PLANNER else {}
    state = "BGD" if role == Role.FOCAL_POINT else None
    user = make_user(f"user-{role}", role, state, **extra)
    client.force_login(user)
    menu = [item["url"] for item in client.get("/").context["nav_items"]]
    assert (INDEX in menu) is offered


def test_the_planners_index_offers_the_paper_and_not_the_briefing_pack(client, planner):
    client.force_login(planner)
    page = client.get(INDEX).content.decode()
    assert "/reports/requirements/" in page
    assert "/reports/briefing/" not in page


def test_an_inactive_user_opens_nothing(client, observer):
    observer.is_active = False
    observer.save()
    client.force_login(observer)
    for url in (INDEX, *PAPER, *BRIEFING):
        assert client.get(url).status_code in (302, 403), url


def test_the_gaps_dashboard_links_to_the_paper(client, observer):
    client.force_login(observer)
    page = client.get("/missions/gaps/").content.decode()
    assert 'id="requirements-paper-link"' in page
    assert "/reports/requirements.pdf" in page
