"""Needs are derived from the evidence: visit findings, the typical equipment list, training
checks, the year's gender target; plus the needs a State declares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pcrs.missions.models import GenderCategory, GenderTarget
from pcrs.partnerships import needs as needs_module
from pcrs.partnerships.needs import pledge_needs, register_training_check
from pcrs.partnerships.selectors import needs_visible_to
from pcrs.partnerships.services import need_declare
from pcrs.readiness.services import readiness_move

pytestmark = pytest.mark.django_db


def test_conditional_aav_finding_becomes_an_equipment_need(blocked, today):
    found = {n.source: n for n in pledge_needs(blocked, today=today)}
    visit = found["visit"]
    assert visit.support_type == "equipment"
    assert "20 APCs short of the SUR" in visit.summary
    assert "Level 2" in visit.blocks


def test_equipment_missing_against_the_typical_list(blocked, today):
    equipment = [n for n in pledge_needs(blocked, today=today) if n.source == "equipment"]
    assert [(n.item, n.quantity) for n in equipment] == [("APC (wheeled)", 20)]


def test_no_equipment_need_once_the_list_is_met(blocked, today):
    blocked.equipment.update(quantity=30)
    assert not [n for n in pledge_needs(blocked, today=today) if n.source == "equipment"]


def test_gender_share_below_the_years_target_is_a_need(level_1, today):
    GenderTarget.objects.create(
        category=GenderCategory.CONTINGENTS, year=today.year, target_percent=Decimal("12.0")
    )
    pledge = level_1("NPL", women=60)  # 60 of 850 = 7.1%
    gender = [n for n in pledge_needs(pledge, today=today) if n.source == "gender"]
    assert len(gender) == 1
    assert "12.0%" in gender[0].summary and "42 more women" in gender[0].summary


def test_gender_at_target_is_no_need(level_1, today):
    GenderTarget.objects.create(
        category=GenderCategory.CONTINGENTS, year=today.year, target_percent=Decimal("5.0")
    )
    pledge = level_1("NPL", women=60)
    assert not [n for n in pledge_needs(pledge, today=today) if n.source == "gender"]


def test_training_app_hook_turns_missing_courses_into_training_needs(blocked, today):
    def check(pledge):
        return ["UN Infantry Battalion course"]

    register_training_check(check)
    try:
        training = [n for n in pledge_needs(blocked, today=today) if n.source == "training"]
    finally:
        needs_module._TRAINING_CHECKS.remove(check)
    assert [n.support_type for n in training] == ["training"]
    assert "UN Infantry Battalion course" in training[0].summary


def test_a_withdrawn_pledge_has_no_needs(blocked, fp_bgd, today):
    readiness_move(actor=fp_bgd, pledge=blocked, move="withdraw", note="Reorganised")
    blocked.refresh_from_db()
    assert pledge_needs(blocked, today=today) == []


def test_declared_need_is_listed_with_the_derived_ones(blocked, fp_bgd, today):
    need_declare(
        actor=fp_bgd,
        member_state=blocked.member_state,
        support_type="mentoring",
        description="Mentoring for the battalion's gender advisers",
    )
    sources = {n.source for n in needs_visible_to(fp_bgd)}
    assert {"visit", "equipment", "declared"} <= sources


@pytest.mark.parametrize(("trained", "expected"), [(120, 1), (0, 0), (850, 0)])
def test_recognised_training_recorded_for_part_of_the_unit_is_a_training_need(
    level_1, today, monkeypatch, trained, expected
):
    from pcrs.training.selectors import PledgeTrainingSummary

    pledge = level_1("NPL")  # 850 personnel
    monkeypatch.setattr(
        needs_module,
        "pledge_training_summary",
        lambda *, pledge: PledgeTrainingSummary(personnel=pledge.personnel, trained=trained),
    )
    training = [n for n in pledge_needs(pledge, today=today) if n.source == "training"]
    assert len(training) == expected
    if expected:
        assert training[0].support_type == "training"
        assert "730 more of 850 personnel" in training[0].summary


def test_the_needs_list_reads_in_a_fixed_number_of_queries(level_1, secretariat, today):
    """Deriving every pledge's needs must not query per pledge (the Secretariat's list covers
    hundreds): visits, their results and training records come in one read each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pcrs.partnerships.tests.conftest import record_aav

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            found = needs_visible_to(secretariat, today=today)
        assert [n for n in found if n.source == "visit"]
        return len(queries)

    for state in ("BGD", "NPL"):
        record_aav(level_1(state), secretariat, coe="conditional", findings="APCs short")
    small = count()
    for state in ("FRA", "KAZ", "RWA"):
        record_aav(level_1(state), secretariat, coe="conditional", findings="APCs short")
    assert count() == small
