"""The demo: partnerships at several stages on real derived needs, TPP courses, a joint pledge."""

from __future__ import annotations

import io

import pytest

from pcrs.partnerships.demo import partnerships_load_demo
from pcrs.partnerships.models import Partnership, TppCourse
from pcrs.registry.models import PledgePartner

pytestmark = pytest.mark.django_db


def test_demo_builds_partnerships_courses_and_a_joint_pledge_once(
    level_1, secretariat, fp_bgd, fp_kaz, fp_fra, today
):
    level_1("BGD", is_synthetic=True)
    level_1("KAZ", is_synthetic=True)
    out = io.StringIO()
    assert partnerships_load_demo(stdout=out, today=today) == 1  # BGD's need, from FRA
    (p,) = Partnership.objects.all()
    assert (p.recipient_state.iso3, p.provider_label, p.status) == ("BGD", "FRA", "delivering")
    assert "20 x APC (wheeled) missing" in p.need_summary
    assert TppCourse.objects.count() == 2
    shares = PledgePartner.objects.all()
    assert sum(s.personnel for s in shares) == shares[0].pledge.personnel
    assert "1 joint pledge(s)" in out.getvalue()
    assert partnerships_load_demo(stdout=out, today=today) == 0
    assert Partnership.objects.count() == 1
