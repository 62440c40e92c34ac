"""Demo users: one per role, and a focal point per pledging State (`fp-<iso3>`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (documented demo password, README)

STAFF = [
    ("secretariat", Role.FORCE_GENERATION, "Force-generation", "Officer"),
    ("admin", Role.ADMINISTRATOR, "Secretariat", "Administrator"),
    ("observer", Role.OBSERVER, "Council", "Observer"),
]


def focal_point_username(state: MemberState) -> str:
    return f"fp-{state.iso3.lower()}"


def planner_username(mission: Mission) -> str:
    return f"planner-{mission.acronym.lower()}"


@transaction.atomic
def demo_users_ensure(*, states: Iterable[MemberState], missions: Iterable[Mission]) -> list[User]:
    """Create the demo users that are missing; never changes existing ones. Idempotent."""
    # One Argon2 hash for all: hashing hundreds of identical passwords would take a minute.
    password = make_password(DEMO_PASSWORD)
    wanted: list[User] = [
        User(
            username=username,
            role=role,
            first_name=first,
            last_name=last,
            password=password,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
            email=f"{username}@pcrs.example.org",
        )
        for username, role, first, last in STAFF
    ]
    wanted += [
        User(
            username=focal_point_username(state),
            role=Role.FOCAL_POINT,
            member_state=state,
            first_name="Focal point",
            last_name=state.name[:150],
            password=password,
            email=f"{focal_point_username(state)}@pcrs.example.org",
        )
        for state in states
    ]
    wanted += [
        User(
            username=planner_username(mission),
            role=Role.MISSION_PLANNER,
            mission=mission,
            first_name="Planner",
            last_name=mission.acronym,
            password=password,
            email=f"{planner_username(mission)}@pcrs.example.org",
        )
        for mission in missions
    ]
    existing = set(
        User.objects.filter(username__in=[u.username for u in wanted]).values_list(
            "username", flat=True
        )
    )
    return User.objects.bulk_create([u for u in wanted if u.username not in existing])
