"""Publishing releases, and what each role sees of them in the API, the pages and the gaps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.registry.models import PledgeStatus
from pcrs.statistics.models import Publication
from pcrs.statistics.services import AlreadyPublished, publication_publish
from pcrs.statistics.tables import GROUPINGS
from pcrs.statistics.tasks import publish_statistics_task

URL = "/api/v1/pledges/aggregates/"
DAY = dt.date(2026, 11, 1)


def cell_of(cells, group, capability_type="Infantry battalion"):
    (cell,) = [c for c in cells if c["group"] == group and c["capability_type"] == capability_type]
    return cell


@pytest.fixture
def three_states(make_pledge):
    for state in ("KAZ", "BGD", "NPL"):
        make_pledge(state)


def test_observer_sees_the_release_and_not_a_pledge_made_after_it(
    api, observer, secretariat, make_pledge, three_states
):
    publication_publish(actor=secretariat, as_of=DAY)
    make_pledge("RWA", personnel=640)

    response = api(observer).get(URL + "?group_by=level")
    assert response["X-Statistics-As-Of"] == "2026-11-01"
    assert cell_of(response.json(), "-") == {
        "group": "-",
        "capability_type": "Infantry battalion",
        "pledges": 3,
        "personnel": 2550,
        "women": 180,
        "states": 3,
        "suppressed": False,
    }
    live = api(secretariat).get(URL + "?group_by=level")
    assert live["X-Statistics-As-Of"] == "live"
    assert cell_of(live.json(), "-")["pledges"] == 4
    assert cell_of(live.json(), "-")["personnel"] == 3190


def test_a_focal_point_sees_the_same_release_as_the_observer(api, observer, fp_bgd, three_states):
    publication_publish(actor=None, as_of=DAY)
    for group_by in GROUPINGS:
        assert (
            api(fp_bgd).get(URL, {"group_by": group_by}).json()
            == api(observer).get(URL, {"group_by": group_by}).json()
        )


def test_nothing_is_shown_before_the_first_release(api, client, observer, three_states):
    response = api(observer).get(URL)
    assert response.json() == []
    assert response["X-Statistics-As-Of"] == "unpublished"
    client.force_login(observer)
    page = client.get(reverse("statistics:aggregates")).content.decode()
    assert "No statistics have been published yet" in page
    assert "2550" not in page and "2,550" not in page


def test_a_suppressed_cell_looks_the_same_whether_empty_or_not(
    api, observer, make_pledge, make_state
):
    make_state("FRA")
    make_state("BGD")
    make_pledge("RWA")
    make_pledge("RWA")
    publication_publish(actor=None, as_of=DAY)
    cells = api(observer).get(URL).json()
    africa, europe = cell_of(cells, "Africa"), cell_of(cells, "Europe")
    assert Publication.objects.get().records.filter(state="RWA").exists()  # Africa has pledges
    assert {k: v for k, v in africa.items() if k != "group"} == {
        k: v for k, v in europe.items() if k != "group"
    }
    assert africa["suppressed"] is True and africa["personnel"] is None
    # Every cell is listed, pledged or not: the list itself says nothing about who pledged.
    assert {c["group"] for c in cells} == {"Africa", "Asia", "Europe"}


def test_lapsed_and_withdrawn_pledges_do_not_count(api, observer, make_pledge, three_states):
    make_pledge("RWA", status=PledgeStatus.LAPSED)
    make_pledge("FRA", status=PledgeStatus.WITHDRAWN)
    publication_publish(actor=None, as_of=DAY)
    cells = api(observer).get(URL + "?group_by=status").json()
    assert {c["group"] for c in cells} == {"submitted", "active", "deployed"}
    assert cell_of(cells, "submitted")["pledges"] == 3


def test_an_unknown_grouping_is_refused_naming_the_parameter(api, observer):
    response = api(observer).get(URL + "?group_by=member_state")
    assert response.status_code == 400
    assert "group_by" in response.json()["errors"]


def test_the_openapi_document_lists_the_groupings(api, observer):
    schema = api(observer).get("/api/schema/?format=json").json()
    (parameter,) = [p for p in schema["paths"][URL]["get"]["parameters"] if p["name"] == "group_by"]
    assert sorted(parameter["schema"]["enum"]) == ["level", "region", "status", "subregion"]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    group_by=st.one_of(st.sampled_from(list(GROUPINGS)), st.text(max_size=30)),
    extra=st.dictionaries(
        st.sampled_from(["status", "member_state", "q", "page", "region"]),
        st.text(max_size=10),
        max_size=3,
    ),
)
def test_no_query_gets_a_small_cell_or_a_500(api, observer, make_pledge, group_by, extra):
    if not Publication.objects.exists():
        for state in ("KAZ", "BGD", "NPL", "RWA"):
            make_pledge(state)
        publication_publish(actor=None, as_of=DAY)
    response = api(observer).get(URL, {"group_by": group_by, **extra})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        for cell in response.json():
            assert cell["suppressed"] or cell["states"] >= 3


def test_the_overview_page_says_as_of_for_observers_and_live_for_the_secretariat(
    client, observer, secretariat, three_states
):
    publication_publish(actor=None, as_of=DAY)
    client.force_login(observer)
    page = client.get(reverse("statistics:aggregates") + "?group_by=level").content.decode()
    assert "As of 1 November 2026" in page
    assert '<td class="num">2,550</td>' in page
    assert "<script>" not in page  # no inline script: the CSP forbids them
    client.force_login(secretariat)
    page = client.get(reverse("statistics:aggregates")).content.decode()
    assert "Live figures" in page


def test_the_home_page_shows_the_release_to_an_observer(
    client, observer, make_pledge, three_states
):
    publication_publish(actor=None, as_of=DAY)
    make_pledge("RWA")
    client.force_login(observer)
    page = client.get("/").content.decode()
    assert "As of 1 November 2026" in page
    assert "3 live pledges" in page


def test_publishing_is_audited_and_happens_once_per_date(three_states, secretariat):
    before = AuditEvent.objects.count()
    publication = publication_publish(actor=secretariat, as_of=DAY)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.target_id) == (
        "statistics.publish",
        secretariat,
        str(publication.pk),
    )
    assert AuditEvent.objects.count() == before + 1
    with pytest.raises(AlreadyPublished):
        publication_publish(actor=secretariat, as_of=DAY)
    assert Publication.objects.count() == 1
    assert AuditEvent.objects.count() == before + 1


def test_the_command_publishes_and_refuses_a_bad_date(three_states, capsys):
    call_command("publish_statistics", "--as-of", "2026-11-01")
    assert Publication.objects.get().as_of == DAY
    with pytest.raises(CommandError, match="already published"):
        call_command("publish_statistics", "--as-of", "2026-11-01")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("publish_statistics", "--as-of", "1 November")
    assert Publication.objects.count() == 1


def test_the_task_publishes_the_release_due_on_the_publication_day_once(three_states, settings):
    settings.STATISTICS_PUBLICATION_DAY = 5
    assert publish_statistics_task.call(today="2026-11-20") == "2026-11-05"
    assert publish_statistics_task.call(today="2026-11-28") is None
    assert publish_statistics_task.call(today="2026-12-03") is None  # Dec 5 not reached yet
    assert publish_statistics_task.call(today="2026-12-05") == "2026-12-05"
    assert list(Publication.objects.values_list("as_of", flat=True)) == [
        dt.date(2026, 12, 5),
        dt.date(2026, 11, 5),
    ]


def test_gap_counts_outside_the_secretariat_come_from_the_release_when_it_determines_them(
    make_pledge, infantry
):
    from pcrs.core.disclosure import published_level2_count

    for state in ("KAZ", "BGD", "NPL"):
        make_pledge(state, readiness_level="2")
    assert published_level2_count(infantry.pk) is None  # nothing published yet
    publication_publish(actor=None, as_of=DAY)
    assert published_level2_count(infantry.pk) == 3
    make_pledge("FRA", readiness_level="2")  # after the release: not counted until the next
    assert published_level2_count(infantry.pk) == 3


def test_a_gap_count_the_release_does_not_determine_is_withheld(make_pledge, infantry):
    from pcrs.core.disclosure import published_level2_count

    for state in ("KAZ", "BGD", "NPL"):
        make_pledge(state, readiness_level="2")
    make_pledge("RWA", readiness_level="3")  # alone at Level 3: its cell is hidden
    publication_publish(actor=None, as_of=DAY)
    assert published_level2_count(infantry.pk) is None


def test_a_release_older_than_the_latest_is_refused_and_nothing_changes(three_states):
    publication_publish(actor=None, as_of=DAY)
    before = (Publication.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match="must be later"):
        publication_publish(actor=None, as_of=DAY - dt.timedelta(days=1))
    assert (Publication.objects.count(), AuditEvent.objects.count()) == before
