"""Readiness pages: who sees what, forms that act, errors that name the field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcrs.readiness.models import ReadinessRecord, Visit
from pcrs.readiness.tests.conftest import move, record_aav

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _record(pledge):
    return ReadinessRecord.objects.filter(pledge=pledge).first()


def _to_level_1(pledge, fp, sec):
    # Submitted a few weeks ago: evidence cannot be dated before the submission.
    today = timezone.localdate() - dt.timedelta(days=30)
    move(fp, pledge, "submit", today)
    move(sec, pledge, "acknowledge", today)
    move(sec, pledge, "accept", today)


def test_pledge_page_shows_next_step_and_what_blocks_it_to_the_owner(pledge, fp_bgd):
    response = _client(fp_bgd).get(reverse("readiness:pledge", args=[pledge.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Submit to the Secretariat" in body
    assert "The evidence is complete." in body


@pytest.mark.parametrize("who", ["anonymous", "fp_kaz", "observer"])
def test_pledge_page_and_its_forms_are_not_found_for_others(who, pledge, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = _client(user)
    page = client.get(reverse("readiness:pledge", args=[pledge.pk]))
    post = client.post(reverse("readiness:move", args=[pledge.pk]), {"move": "submit"})
    if user is None:
        assert page.status_code == 302 and "/accounts/login" in page["Location"]
        assert post.status_code == 302
    else:
        assert page.status_code == 404
        assert post.status_code == 404
    assert _record(pledge) is None
    pledge.refresh_from_db()
    assert pledge.status == "draft"


def test_focal_point_submits_and_the_secretariat_acknowledges_with_forms(
    pledge, fp_bgd, secretariat
):
    response = _client(fp_bgd).post(
        reverse("readiness:move", args=[pledge.pk]), {"move": "submit", "version": 1}
    )
    assert response.status_code == 302
    record = _record(pledge)
    assert record is not None and record.state == "submitted"
    response = _client(secretariat).post(
        reverse("readiness:move", args=[pledge.pk]),
        {"move": "acknowledge", "version": record.version},
        follow=True,
    )
    assert "Acknowledge receipt: done. The pledge is now Acknowledged." in response.content.decode()


def test_focal_point_cannot_use_a_secretariat_move(pledge, fp_bgd, secretariat):
    move(fp_bgd, pledge, "submit", timezone.localdate())
    response = _client(fp_bgd).post(
        reverse("readiness:move", args=[pledge.pk]), {"move": "acknowledge"}
    )
    assert response.status_code == 403
    assert _record(pledge).state == "submitted"


def test_stale_form_is_refused_with_a_clear_message(pledge, fp_bgd, secretariat):
    move(fp_bgd, pledge, "submit", timezone.localdate())
    stale = _record(pledge).version - 1
    response = _client(secretariat).post(
        reverse("readiness:move", args=[pledge.pk]), {"move": "acknowledge", "version": stale}
    )
    assert response.status_code == 400
    assert "The pledge changed under you" in response.content.decode()
    assert _record(pledge).state == "submitted"


def test_aav_form_errors_name_the_field(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _client(secretariat).post(
        reverse("readiness:visit", args=[pledge.pk]),
        {
            "purpose": "aav",
            "version": _record(pledge).version,
            "start_date": tomorrow.isoformat(),
            "end_date": tomorrow.isoformat(),
            "team": "Col. A",
            "successful": "yes",
            "result_general": "pass",
            "result_training": "pass",
            "result_coe": "conditional",
            "result_medical": "pass",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "End date: A visit cannot be dated in the future" in body
    assert "Contingent-owned equipment: result: Record the findings" in body
    assert not Visit.objects.exists()


def test_a_field_in_error_points_assistive_technology_to_its_error(pledge, fp_bgd, secretariat):
    """aria-invalid on the field, and aria-describedby naming the element that holds the error
    text (WCAG 3.3.1): a screen reader reads the error when the field takes the focus."""
    _to_level_1(pledge, fp_bgd, secretariat)
    today = timezone.localdate().isoformat()
    body = (
        _client(secretariat)
        .post(
            reverse("readiness:visit", args=[pledge.pk]),
            {"purpose": "aav", "start_date": today, "end_date": today, "team": "Col. A"},
        )
        .content.decode()
    )
    field = re.search(r'<select[^>]*name="result_medical"[^>]*>', body)
    assert field is not None and 'aria-invalid="true"' in field.group(0)
    described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
    assert described is not None
    texts = []
    for element_id in described.group(1).split():
        element = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', body)
        assert element is not None, f"aria-describedby names {element_id}, absent from the page"
        texts.append(element.group(1))
    assert "Medical: result: This field is required." in texts


def test_missing_required_domain_is_named(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    today = timezone.localdate()
    response = _client(secretariat).post(
        reverse("readiness:visit", args=[pledge.pk]),
        {
            "purpose": "aav",
            "start_date": today.isoformat(),
            "end_date": today.isoformat(),
            "team": "Col. A",
            "successful": "yes",
            "result_general": "pass",
        },
    )
    assert response.status_code == 400
    assert "Medical: result: This field is required." in response.content.decode()


def test_focal_point_sees_own_pledges_by_level_with_findings(
    complete_pledge, fp_bgd, secretariat, make_pledge
):
    mine = complete_pledge()
    make_pledge("KAZ", title="KAZBAT-SECRET")
    _to_level_1(mine, fp_bgd, secretariat)
    record_aav(
        secretariat,
        mine,
        end=timezone.localdate(),
        successful=False,
        results={
            "general": ("pass", ""),
            "training": ("fail", "No protection-of-civilians training."),
            "coe": ("pass", ""),
            "medical": ("pass", ""),
        },
    )
    body = _client(fp_bgd).get(reverse("readiness:mine")).content.decode()
    assert "Level 1 (1)" in body
    assert "Grant Level 2" in body
    assert "No protection-of-civilians training." in body
    assert "KAZBAT-SECRET" not in body


def test_secretariat_queue_and_overview(pledge, fp_bgd, secretariat, make_pledge):
    make_pledge("KAZ", title="KAZBAT-1")  # submitted through the registry, no record yet
    _to_level_1(pledge, fp_bgd, secretariat)
    client = _client(secretariat)
    queue = client.get(reverse("readiness:queue")).content.decode()
    assert "Submitted, to acknowledge (1)" in queue
    assert "KAZBAT-1" in queue
    assert "Level 1, waiting for Level 2 evidence (1)" in queue
    overview = client.get(reverse("readiness:overview"))
    assert overview.status_code == 200
    body = overview.content.decode()
    assert "1 / 850" in body  # Infantry battalion at Level 1: 1 pledge, 850 personnel
    assert 'id="flow-table"' in body


def test_overview_and_queue_are_not_for_focal_points_or_observers(fp_bgd, observer):
    assert _client(fp_bgd).get(reverse("readiness:overview")).status_code == 302
    assert _client(fp_bgd).get(reverse("readiness:queue")).status_code == 403
    assert _client(observer).get(reverse("readiness:overview")).status_code == 403
    assert _client(observer).get(reverse("readiness:mine")).status_code == 403


def test_home_panels(pledge, fp_bgd, secretariat):
    _to_level_1(pledge, fp_bgd, secretariat)
    assert "Level 1, waiting for Level 2 evidence" in _client(secretariat).get("/").content.decode()
    assert "My pledges by level" in _client(fp_bgd).get("/").content.decode()


def test_work_queue_pages_through_everything_and_the_home_counts_link_to_it(
    complete_pledge, secretariat
):
    for i in range(53):
        complete_pledge(title=f"Q-{i:02d}", status="submitted")
    client = _client(secretariat)
    first = client.get(reverse("readiness:queue")).content.decode()
    assert "Submitted, to acknowledge (53)" in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("readiness:queue") + "?to_acknowledge_page=2").content.decode()
    assert second.count("BGD · Q-") == 3
    home = client.get("/").content.decode()
    assert f"{reverse('readiness:queue')}#to-acknowledge" in home
