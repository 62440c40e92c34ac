"""The demo end to end: the joint pledge the partnerships demo makes is proposed by a stored
demo generation run (issue 14, "a joint pledge that a generation run proposes")."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pcrs.generation.demo import DEMO_MISSIONS
from pcrs.generation.models import GenerationRun, RunAssignment
from pcrs.missions.models import UNFILLED_STATUSES
from pcrs.registry.models import Pledge, levels_at_least


@pytest.mark.django_db
@pytest.mark.slow
def test_a_demo_generation_run_proposes_the_demo_joint_pledge():
    call_command("load_demo", stdout=StringIO())
    (joint,) = Pledge.objects.filter(partners__isnull=False, is_synthetic=True).distinct()
    assert joint.readiness_level in levels_at_least("2")
    assert joint.partners.exclude(member_state=joint.member_state).exists()

    proposed = RunAssignment.objects.filter(
        pledge=joint, run__in=GenerationRun.objects.filter(is_synthetic=True)
    ).select_related("requirement__mission")
    assert proposed.exists(), "no stored demo run proposes the joint pledge"
    requirement = proposed[0].requirement
    assert requirement.mission.acronym in DEMO_MISSIONS
    assert requirement.capability_type_id == joint.capability_type_id
    assert joint.available_from <= requirement.required_by
    # The demo leaves the requirement unfilled or in generation (a case), never elsewhere.
    assert requirement.status in UNFILLED_STATUSES
