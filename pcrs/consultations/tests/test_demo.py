"""The consultations demo: meetings on real missions, invitees derived from the real data,
decisions and action items owned by demo States that are invited; idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest

from pcrs.accounts.models import Role, User
from pcrs.consultations.demo import consultations_load_demo
from pcrs.consultations.models import ActionItem, Decision, Meeting
from pcrs.consultations.tests.test_invitees import month_lines
from pcrs.core.models import AuditEvent
from pcrs.memberstates.models import MemberState
from pcrs.missions.services import contributions_import, missions_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(real_states: None, secretariat: User, make_user: Callable[..., User]) -> None:
    from pcrs.consultations.tests.conftest import real_path

    path = real_path("DPPADPOSS-PKO.csv")
    missions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    contributions_import(actor=None, data=month_lines(), file_name="2014-03.csv")
    for iso3 in ("IND", "RWA", "PAK", "FRA", "ITA"):
        User.objects.create_user(
            username=f"fp-{iso3.lower()}",
            role=Role.FOCAL_POINT,
            member_state=MemberState.objects.get(iso3=iso3),
        )


def test_demo_meetings_on_real_missions_with_action_items_for_invited_demo_states(
    demo_world: None,
) -> None:
    out = StringIO()
    today = dt.date(2026, 12, 1)
    consultations_load_demo(stdout=out, today=today)
    meetings = Meeting.objects.all()
    assert set(meetings.values_list("mission__acronym", flat=True)) == {
        "UNMISS",
        "MONUSCO",
        "UNIFIL",
    }
    assert Decision.objects.count() == 4
    items = ActionItem.objects.select_related("meeting")
    assert items.count() == 4
    for item in items:
        assert item.owner_state is not None
        assert item.meeting.invitees.filter(member_state=item.owner_state).exists()
        assert User.objects.filter(member_state=item.owner_state).exists()
        assert item.due_on >= item.meeting.date
    # The UNMISS action due 30 days after a meeting 40 days ago is flagged by the sweep.
    assert items.filter(overdue_since=today).count() == 1
    assert Meeting.objects.filter(summary_published_at__isnull=False).count() == 1
    before = (Meeting.objects.count(), ActionItem.objects.count(), AuditEvent.objects.count())
    consultations_load_demo(stdout=out, today=today)
    assert (Meeting.objects.count(), ActionItem.objects.count(), AuditEvent.objects.count()) == (
        before
    )
    assert "already present" in out.getvalue()


def test_demo_without_council_data_skips_quietly(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.PCRS_REAL_DATA_DIR = str(tmp_path)
    out = StringIO()
    consultations_load_demo(stdout=out, today=dt.date(2026, 12, 1))
    assert "not found" in out.getvalue()
    assert not Meeting.objects.exists()
