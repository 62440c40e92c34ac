"""Seed a throw-away database with a problem big enough that solving it takes seconds, and
queue a run on the database task backend. Used by test_worker.py through `manage.py shell`."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from pcrs.accounts.models import Role, User
from pcrs.generation import services
from pcrs.generation.adapter import RunRequest
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission, Priority, Requirement
from pcrs.registry.models import CapabilityCategory, CapabilityType, Pledge, PledgeStatus


def main(*, pledges: int = 3000, requirements: int = 300, time_limit: int = 60) -> None:
    rng = random.Random(7)
    today = timezone.localdate()
    with transaction.atomic():
        states = [
            MemberState.objects.create(
                iso3=f"Q{i:02d}",
                iso2=f"{chr(65 + i // 26)}{chr(65 + i % 26)}",
                m49=f"{900 + i}",
                name=f"Testland {i}",
                region="Africa",
                subregion="Sub-Saharan Africa",
            )
            for i in range(40)
        ]
        mission = Mission.objects.create(acronym="TESTMIS", name="Test mission", is_active=True)
        types = [
            CapabilityType.objects.create(
                code=f"cap-{i}",
                name=f"Capability {i}",
                category=CapabilityCategory.MILITARY_UNIT,
                typical_size=200,
            )
            for i in range(6)
        ]
        Requirement.objects.bulk_create(
            Requirement(
                mission=mission,
                capability_type=rng.choice(types),
                units=rng.randint(1, 3),
                personnel=200,
                required_by=today + dt.timedelta(days=rng.randint(30, 300)),
                priority=rng.choice(list(Priority)),
                languages=["en"],
            )
            for _ in range(requirements)
        )
        Pledge.objects.bulk_create(
            Pledge(
                member_state=rng.choice(states),
                capability_type=rng.choice(types),
                personnel=rng.randint(100, 900),
                women=rng.randint(0, 90),
                available_from=today + dt.timedelta(days=rng.randint(0, 200)),
                notice_to_move_days=rng.randint(10, 90),
                languages=rng.choice([["en"], ["fr"], ["en", "fr"]]),
                status=PledgeStatus.ACTIVE,
                readiness_level=rng.choice(["2", "3", "rdl"]),
            )
            for _ in range(pledges)
        )
        user = User.objects.create_user(username="sec", password="x", role=Role.FORCE_GENERATION)
        run = services.run_start(
            actor=user, request=RunRequest(missions=("TESTMIS",), time_limit=time_limit)
        )
    print(run.pk)
