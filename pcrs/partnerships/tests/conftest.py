"""Partnership fixtures: a Level 1 pledge blocked for lack of equipment, offers, a planner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.missions.models import Mission
from pcrs.partnerships import services
from pcrs.partnerships.models import Offer, OfferKind, SupportType
from pcrs.readiness.services import DomainResultInput, readiness_move, visit_record
from pcrs.registry.models import CapabilityType, Pledge, PledgeStatus

APC = "APC (wheeled)"


@pytest.fixture
def today() -> Any:
    return timezone.localdate()


@pytest.fixture
def infantry_with_list(infantry: CapabilityType) -> CapabilityType:
    """The catalogue's typical list: 30 APCs for an infantry battalion (pledges come with 10)."""
    infantry.typical_equipment = [{"item": APC, "quantity": 30}]
    infantry.save()
    return infantry


@pytest.fixture
def level_1(
    make_pledge: Callable[..., Pledge], secretariat: User, infantry_with_list: CapabilityType
) -> Callable[..., Pledge]:
    """A pledge accepted at Level 1 through the readiness ladder."""

    def make(state: str = "BGD", **fields: Any) -> Pledge:
        pledge = make_pledge(state, status=PledgeStatus.SUBMITTED, **fields)
        for move in ("acknowledge", "accept"):
            readiness_move(actor=secretariat, pledge=pledge, move=move)
        pledge.refresh_from_db()
        return pledge

    return make


def record_aav(pledge: Pledge, actor: User, *, coe: str = "pass", findings: str = "") -> None:
    today = timezone.localdate()
    results = [
        DomainResultInput(d, "pass") for d in pledge.capability_type.aav_domains if d != "coe"
    ] + [DomainResultInput("coe", coe, findings)]
    visit_record(
        actor=actor,
        pledge=pledge,
        purpose="aav",
        start_date=today,
        end_date=today,
        team=["Lt Col A. Team"],
        successful=coe == "pass",
        results=results,
    )


@pytest.fixture
def blocked(level_1: Callable[..., Pledge], secretariat: User) -> Pledge:
    """BGD's battalion at Level 1: the AAV found 20 APCs short (conditional COE)."""
    pledge = level_1("BGD")
    record_aav(pledge, secretariat, coe="conditional", findings="20 APCs short of the SUR")
    return pledge


@pytest.fixture
def make_offer(make_state: Callable[[str], MemberState], secretariat: User, today: Any):
    def make(provider: str = "FRA", **fields: Any) -> Offer:
        data = services.OfferInput(
            kind=fields.pop("kind", OfferKind.EQUIPMENT),
            support_type=fields.pop("support_type", SupportType.EQUIPMENT),
            title=fields.pop("title", "APCs on wet lease"),
            available_from=fields.pop("available_from", today),
            provider_state=make_state(provider) if provider else None,
            items=fields.pop("items", [{"item": APC, "quantity": 20}]),
            lease=fields.pop("lease", "wet"),
            **fields,
        )
        return services.offer_create(actor=secretariat, data=data)

    return make


@pytest.fixture
def au(db: Any, make_state: Callable[[str], MemberState]) -> RegionalOrganization:
    org = RegionalOrganization.objects.create(code="AU", name="African Union")
    org.members.add(make_state("RWA"))
    return org


@pytest.fixture
def minusca(db: Any) -> Mission:
    return Mission.objects.create(acronym="MINUSCA", name="MINUSCA", is_active=True)


@pytest.fixture
def planner(make_user: Callable[..., User], minusca: Mission) -> User:
    return make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)


@pytest.fixture
def fp_fra(make_user: Callable[..., User]) -> User:
    return make_user("fp-fra", Role.FOCAL_POINT, "FRA")
