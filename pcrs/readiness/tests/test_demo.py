"""The demo loader: every level represented, evidence consistent with levels, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from pcrs.readiness import ladder
from pcrs.readiness.demo import readiness_load_demo
from pcrs.readiness.models import LEVEL_STATES, ReadinessRecord, Visit
from pcrs.readiness.services import readiness_sweep
from pcrs.registry.models import Pledge, PledgeStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def synthetic(complete_pledge):
    pledges = [
        complete_pledge(
            ("BGD", "KAZ", "NPL", "RWA", "FRA")[i % 5],
            title=f"DEMO-{i:03d}",
            is_synthetic=True,
            status=PledgeStatus.SUBMITTED if i % 10 else PledgeStatus.DRAFT,
        )
        for i in range(150)
    ]
    complete_pledge("BGD", title="REAL-1", status=PledgeStatus.SUBMITTED)
    return pledges


def test_demo_spreads_synthetic_pledges_over_every_level_consistently(synthetic):
    out = StringIO()
    placed = readiness_load_demo(stdout=out, today=TODAY)
    assert placed == 150
    assert "placed on the ladder" in out.getvalue()
    states = set(ReadinessRecord.objects.values_list("state", flat=True))
    assert {"draft", "submitted", "acknowledged", "returned", "level_1", "level_2"} <= states
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


def test_demo_is_idempotent_and_the_sweep_after_it_only_sends_reminders(synthetic):
    readiness_load_demo(stdout=StringIO(), today=TODAY)
    levels = dict(Pledge.objects.values_list("pk", "readiness_level"))
    assert readiness_load_demo(stdout=StringIO(), today=TODAY) == 0
    lines = readiness_sweep(today=TODAY)
    assert lines and all("reminder sent" in line for line in lines)
    assert dict(Pledge.objects.values_list("pk", "readiness_level")) == levels
