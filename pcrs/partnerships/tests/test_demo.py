"""The demo: partnerships at several stages on real derived needs, TPP courses, a joint pledge."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from pcrs.missions.models import Mission, Requirement
from pcrs.partnerships.demo import partnerships_load_demo
from pcrs.partnerships.models import Partnership, TppCourse
from pcrs.registry.models import PledgePartner, ReadinessLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def unmiss_needs_infantry(infantry, today):
    mission = Mission.objects.create(acronym="UNMISS", name="UNMISS", is_active=True)
    return Requirement.objects.create(
        mission=mission,
        capability_type=infantry,
        personnel=800,
        required_by=today + dt.timedelta(days=200),
    )


def test_demo_builds_partnerships_courses_and_a_joint_pledge_once(
    level_1, make_pledge, secretariat, fp_bgd, fp_kaz, fp_fra, today, unmiss_needs_infantry
):
    level_1("BGD", is_synthetic=True)
    level_1("KAZ", is_synthetic=True)
    ready = make_pledge(
        "KAZ", title="KAZBAT-2", is_synthetic=True, readiness_level=ReadinessLevel.LEVEL_2
    )
    out = io.StringIO()
    assert partnerships_load_demo(stdout=out, today=today) == 1  # BGD's need, from FRA
    (p,) = Partnership.objects.all()
    assert (p.recipient_state.iso3, p.provider_label, p.status) == ("BGD", "FRA", "delivering")
    assert "20 x APC (wheeled) missing" in p.need_summary
    assert TppCourse.objects.count() == 2
    shares = PledgePartner.objects.all()
    assert {s.pledge for s in shares} == {ready}  # Level 2, needed by UNMISS, in time
    assert sum(s.personnel for s in shares) == shares[0].pledge.personnel
    assert "1 joint pledge(s)" in out.getvalue()
    assert partnerships_load_demo(stdout=out, today=today) == 0
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize(
    "unfit",
    [
        {"readiness_level": ReadinessLevel.LEVEL_1},  # below the engine's floor
        {"available_from": dt.date(2099, 1, 1)},  # too late for the requirement
    ],
)
def test_demo_makes_no_joint_pledge_a_run_could_not_propose(
    make_pledge, secretariat, fp_bgd, fp_kaz, today, unmiss_needs_infantry, unfit
):
    make_pledge("KAZ", is_synthetic=True, **{"readiness_level": ReadinessLevel.LEVEL_2, **unfit})
    out = io.StringIO()
    partnerships_load_demo(stdout=out, today=today)
    assert not PledgePartner.objects.exists()
    assert "0 joint pledge(s)" in out.getvalue()
