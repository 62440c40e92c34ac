"""In a real browser: a generation run proposes a joint (co-deployment) pledge (issue 14,
"Done when": "then a joint pledge proposed by a generation run")."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import browser_log_in as log_in
from pcrs.generation.models import GenerationRun
from pcrs.generation.tests.conftest import TODAY
from pcrs.missions.models import Requirement
from pcrs.partnerships import services
from pcrs.registry.models import PledgeStatus, ReadinessLevel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_generation_run_proposes_a_joint_pledge(
    live_server,
    page,
    make_pledge,
    minusca,
    infantry,
    secretariat,
    fp_bgd,
    fp_kaz,
):
    """The Secretariat starts a run (the immediate task backend of the tests solves it at once);
    the run page proposes the joint BGD-KAZ battalion, whose page shows both partners' parts."""
    Requirement.objects.create(
        mission=minusca,
        capability_type=infantry,
        personnel=800,
        required_by=TODAY + dt.timedelta(days=200),
        languages=["en"],
    )
    joint = make_pledge(
        "BGD",
        title="BANKAZBAT",
        status=PledgeStatus.ACTIVE,
        readiness_level=ReadinessLevel.LEVEL_2,
        available_from=TODAY + dt.timedelta(days=10),
        notice_to_move_days=30,
    )
    services.joint_pledge_shares_set(
        actor=secretariat,
        pledge=joint,
        shares=[
            services.ShareInput(member_state=joint.member_state, personnel=700, women=50),
            services.ShareInput(
                member_state=fp_kaz.member_state,
                personnel=150,
                women=10,
                contribution="Major equipment and its crews",
            ),
        ],
    )
    base = live_server.url

    log_in(page, base, "secretariat")
    page.goto(f"{base}/generation/")
    page.get_by_label("MINUSCA").check()
    page.get_by_label("Time limit").fill("5")
    page.get_by_role("button", name="Run generation").click()
    page.get_by_text("Proposed: BGD BANKAZBAT (Level 2)").wait_for()
    run = GenerationRun.objects.get()
    assert run.assignments.filter(pledge=joint).exists()

    page.goto(f"{base}/partnerships/joint/{joint.pk}/")
    page.get_by_text("Major equipment and its crews").wait_for()
    assert "KAZ" in page.content() or "Kazakhstan" in page.content()
