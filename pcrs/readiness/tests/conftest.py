"""Readiness fixtures: a pledge whose annexes are complete, evidence, a controlled clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.accounts.models import Role, User
from pcrs.readiness import services
from pcrs.readiness.models import UnitRequirement
from pcrs.registry.models import (
    CapabilityType,
    Pledge,
    PledgeEquipment,
    PledgeStatus,
    RankBand,
    TableOfOrganizationLine,
)

# The controlled clock: every service call in these tests passes `today` explicitly.
DAY0 = dt.date(2026, 3, 2)


@pytest.fixture
def complete_pledge(make_pledge: Callable[..., Pledge]) -> Callable[..., Pledge]:
    """A draft BGD infantry pledge with Annexes B, C and D complete."""

    def make(state: str = "BGD", **fields: Any) -> Pledge:
        fields.setdefault("status", PledgeStatus.DRAFT)
        fields.setdefault("self_sustainment", ["catering", "medical"])
        pledge = make_pledge(state, annexes=False, **fields)
        men_total = pledge.personnel - pledge.women
        TableOfOrganizationLine.objects.bulk_create(
            [
                TableOfOrganizationLine(
                    pledge=pledge, rank_band=RankBand.OFFICERS, men=40, women=10
                ),
                TableOfOrganizationLine(
                    pledge=pledge,
                    rank_band=RankBand.OTHER_RANKS,
                    men=men_total - 40,
                    women=pledge.women - 10,
                ),
            ]
        )
        PledgeEquipment.objects.create(
            pledge=pledge, item="Armoured personnel carrier", quantity=20
        )
        return pledge

    return make


@pytest.fixture
def pledge(complete_pledge: Callable[..., Pledge]) -> Pledge:
    return complete_pledge()


@pytest.fixture
def fp_bgd_mail(fp_bgd: User) -> User:
    fp_bgd.email = "fp-bgd@example.org"
    fp_bgd.save()
    return fp_bgd


@pytest.fixture
def secretariat_mail(secretariat: User) -> User:
    secretariat.email = "fg@example.org"
    secretariat.save()
    return secretariat


@pytest.fixture
def generic_sur(infantry: CapabilityType) -> UnitRequirement:
    return UnitRequirement.objects.create(
        capability_type=infantry,
        reference="SUR-INF-2025",
        title="Generic SUR, infantry battalion",
        issued_on=dt.date(2025, 1, 15),
        personnel=850,
    )


def record_aav(
    actor: User,
    pledge: Pledge,
    *,
    end: dt.date,
    successful: bool = True,
    results: dict[str, tuple[str, str]] | None = None,
    today: dt.date | None = None,
) -> Any:
    domains = pledge.capability_type.aav_domains
    given = results or dict.fromkeys(domains, ("pass", ""))
    return services.visit_record(
        actor=actor,
        pledge=pledge,
        purpose="aav",
        start_date=end - dt.timedelta(days=4),
        end_date=end,
        team=["Col. A. Team Leader (OMA)", "Maj. B. Medical (DOS)"],
        successful=successful,
        results=[
            services.DomainResultInput(domain=d, result=r, findings=f)
            for d, (r, f) in given.items()
        ],
        today=today or end,
    )


def record_verification(actor: User, pledge: Pledge, *, end: dt.date) -> Any:
    return services.visit_record(
        actor=actor,
        pledge=pledge,
        purpose="rdl_verification",
        start_date=end - dt.timedelta(days=2),
        end_date=end,
        team=["Lt Col. C. Verifier (SFGC)"],
        successful=True,
        results=[],
        today=end,
    )


def move(actor: User | None, pledge: Pledge, name: str, today: dt.date, **kw: Any) -> Any:
    return services.readiness_move(actor=actor, pledge=pledge, move=name, today=today, **kw)


@pytest.fixture
def make_secretariat(make_user: Callable[..., User]) -> Callable[[str], User]:
    return lambda name: make_user(name, Role.FORCE_GENERATION)
