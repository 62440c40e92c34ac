"""A joint pledge's readiness page: the lead State's focal point and the Secretariat move it, a
partner State's focal point reads it (no move, no renewal, no evidence), another State gets the
one 404; a denied write changes nothing (issue 14, ADR 0112)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcrs.accounts.models import Role
from pcrs.readiness.models import LevelChange, ReadinessRecord, Visit
from pcrs.readiness.tests.conftest import move
from pcrs.registry.models import PledgePartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(pledge, fp_bgd, fp_kaz, secretariat):
    """BGD's battalion at Level 1, co-deployed with Kazakhstan."""
    today = timezone.localdate() - dt.timedelta(days=30)
    move(fp_bgd, pledge, "submit", today)
    move(secretariat, pledge, "acknowledge", today)
    move(secretariat, pledge, "accept", today)
    PledgePartner.objects.create(pledge=pledge, member_state=pledge.member_state, personnel=700)
    PledgePartner.objects.create(
        pledge=pledge, member_state=fp_kaz.member_state, personnel=pledge.personnel - 700
    )
    return pledge


@pytest.fixture
def fp_fra(make_user):
    return make_user("fp-fra", Role.FOCAL_POINT, "FRA")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _state(pledge):
    pledge.refresh_from_db()
    record = ReadinessRecord.objects.get(pledge=pledge)
    return (
        pledge.status,
        pledge.readiness_level,
        record.state,
        record.version,
        record.renewal_due,
        LevelChange.objects.filter(pledge=pledge).count(),
        Visit.objects.filter(pledge=pledge).count(),
    )


def _writes(client, pledge):
    version = ReadinessRecord.objects.get(pledge=pledge).version
    return [
        client.post(
            reverse("readiness:move", args=[pledge.pk]),
            {"move": "withdraw", "version": version, "note": "No longer available"},
        ),
        client.post(reverse("readiness:renew", args=[pledge.pk]), {"version": version}),
        client.post(
            reverse("readiness:visit", args=[pledge.pk]),
            {"version": version, "purpose": "aav", "start_date": "2026-01-01"},
        ),
    ]


def test_a_partner_reads_the_page_and_is_offered_no_move(joint, fp_kaz):
    response = _client(fp_kaz).get(reverse("readiness:pledge", args=[joint.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "BGD" in body
    assert 'class="move"' not in body
    assert 'id="renew"' not in body
    assert reverse("readiness:visit", args=[joint.pk]) not in body


def test_the_lead_state_is_offered_its_moves(joint, fp_bgd):
    body = _client(fp_bgd).get(reverse("readiness:pledge", args=[joint.pk])).content.decode()
    assert 'data-move="withdraw"' in body


@pytest.mark.parametrize(
    ("who", "page_status"), [("fp_kaz", 200), ("fp_fra", 404), ("observer", 404)]
)
def test_denied_writes_on_a_joint_pledge_change_nothing(joint, request, who, page_status):
    client = _client(request.getfixturevalue(who))
    assert client.get(reverse("readiness:pledge", args=[joint.pk])).status_code == page_status
    before = _state(joint)
    for response in _writes(client, joint):
        assert response.status_code in (400, 403, 404), response.status_code
    assert _state(joint) == before


@pytest.mark.parametrize("who", ["fp_bgd", "secretariat"])
def test_the_lead_state_and_the_secretariat_move_it(joint, request, who):
    client = _client(request.getfixturevalue(who))
    version = ReadinessRecord.objects.get(pledge=joint).version
    response = client.post(
        reverse("readiness:move", args=[joint.pk]),
        {"move": "withdraw", "version": version, "note": "No longer available"},
    )
    assert response.status_code in (200, 302)
    joint.refresh_from_db()
    assert joint.status == "withdrawn"
