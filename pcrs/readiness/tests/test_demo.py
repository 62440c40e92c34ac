"""The demo loader: every level represented, evidence consistent with levels, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from pcrs.readiness import ladder
from pcrs.readiness.demo import readiness_load_demo
from pcrs.readiness.models import LEVEL_STATES, ReadinessRecord, Visit
from pcrs.readiness.services import readiness_sweep
from pcrs.registry.models import CapabilityType, Pledge, PledgeStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def synthetic(complete_pledge):
    pledges = [
        complete_pledge(
            ("BGD", "KAZ", "NPL", "RWA", "FRA")[i % 5],
            title=f"DEMO-{i:03d}",
            is_synthetic=True,
        )
        for i in range(150)
    ]
    complete_pledge("BGD", title="REAL-1")
    return pledges


@pytest.fixture
def officers(make_pledge, secretariat, fp_bgd, fp_kaz):
    """Synthetic individual-officer drafts of three categories (military, police)."""
    types = [
        CapabilityType.objects.create(
            code=code, name=name, category=category, typical_size=1, aav_domains=[]
        )
        for code, name, category in (
            ("demo-observer", "Military observer", "individual_military"),
            ("demo-police", "Individual police officer", "individual_police"),
        )
    ]
    pledges = [
        make_pledge(
            ("BGD", "KAZ")[i % 2],
            capability_type=types[i % 2],
            kind="individual",
            title=f"OFFICERS-{i:03d}",
            personnel=4,
            women=1,
            ranks=["Major"],
            status=PledgeStatus.DRAFT,
            is_synthetic=True,
        )
        for i in range(120)
    ]
    return pledges


def test_demo_spreads_synthetic_pledges_over_every_level_consistently(synthetic, secretariat):
    out = StringIO()
    placed = readiness_load_demo(stdout=out, today=TODAY)
    assert placed == 150
    assert "placed on the ladder" in out.getvalue()
    states = set(ReadinessRecord.objects.values_list("state", flat=True))
    assert Pledge.objects.filter(is_synthetic=True, status="draft").exists()
    assert {"withdrawn", "submitted", "acknowledged", "returned", "level_1", "level_2"} <= states
    assert {"level_3", "rdl", "lapsed"} <= states
    assert not ReadinessRecord.objects.filter(pledge__title="REAL-1").exists()
    for record in ReadinessRecord.objects.select_related("pledge"):
        pledge = record.pledge
        assert pledge.readiness_level == LEVEL_STATES.get(record.state, "")
        if record.is_level:
            assert pledge.status == PledgeStatus.ACTIVE
            assert record.renewal_due is not None and record.renewal_due >= TODAY
        if record.state in ("level_2", "level_3", "rdl"):
            ctx = ladder.MoveContext(pledge=pledge, record=record, today=TODAY)
            assert ladder.aav_valid(ctx) == []
        if record.state in ("level_3", "rdl"):
            assert (
                ladder.sur_aligned(ladder.MoveContext(pledge=pledge, record=record, today=TODAY))
                == []
            )
        if record.state == "rdl":
            ctx = ladder.MoveContext(pledge=pledge, record=record, today=TODAY)
            assert ladder.rdl_agreement_signed(ctx) == []
            assert ladder.verification_valid(ctx) == []
    assert Visit.objects.filter(successful=False).exists()  # findings that block


def test_demo_spreads_individual_officers_over_every_level_with_their_own_evidence(officers):
    readiness_load_demo(stdout=StringIO(), today=TODAY)
    records = ReadinessRecord.objects.filter(pledge__kind="individual").select_related(
        "pledge__capability_type"
    )
    assert {"level_1", "level_2", "level_3", "rdl"} <= {r.state for r in records}
    for record in records:
        if record.state in ("level_2", "level_3", "rdl"):
            ctx = ladder.MoveContext(pledge=record.pledge, record=record, today=TODAY)
            assert ladder.aav_valid(ctx) == []
    purposes = set(
        Visit.objects.filter(pledge__kind="individual").values_list("purpose", flat=True)
    )
    assert {"ams", "nomination"} <= purposes
    assert "aav" not in purposes


def test_demo_is_idempotent_and_the_sweep_after_it_only_sends_reminders(synthetic, secretariat):
    readiness_load_demo(stdout=StringIO(), today=TODAY)
    levels = dict(Pledge.objects.values_list("pk", "readiness_level"))
    assert readiness_load_demo(stdout=StringIO(), today=TODAY) == 0
    lines = readiness_sweep(today=TODAY)
    assert lines and all("reminder sent" in line for line in lines)
    assert dict(Pledge.objects.values_list("pk", "readiness_level")) == levels
