"""The gap a pledge leaves against the target of the year it was pledged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pcrs.accounts.models import User
from pcrs.gender.selectors import pledge_gender_gap
from pcrs.missions.services import gender_targets_load_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(make_pledge: Callable[..., Any]) -> Any:
    gender_targets_load_defaults()
    p = make_pledge("BGD", personnel=850, women=60)
    p.submitted_at = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    p.save(update_fields=["submitted_at"])
    return p


def test_a_2025_infantry_pledge_is_short_of_the_12_percent_target(pledge: Any) -> None:
    gap = pledge_gender_gap(pledge=pledge)
    assert gap is not None
    # 12% of 850 = 102 women; 60 pledged.
    assert (gap.year, gap.target.percent, gap.women_needed, gap.status) == (2025, 12, 42, "yellow")
    # Against 2021's 8% (68 women) it is 8 short.
    earlier = pledge_gender_gap(pledge=pledge, on=dt.date(2021, 6, 1))
    assert earlier is not None and earlier.women_needed == 8


def test_the_gap_page_is_the_pledges_states_and_a_404_for_others(
    pledge: Any, fp_bgd: User, fp_kaz: User
) -> None:
    own, other = Client(), Client()
    own.force_login(fp_bgd)
    other.force_login(fp_kaz)
    url = f"/gender/pledges/{pledge.pk}/"
    page = own.get(url)
    assert page.status_code == 200 and "42 more women" in page.content.decode()
    assert other.get(url).status_code == 404
