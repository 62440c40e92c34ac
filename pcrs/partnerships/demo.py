"""The partnerships part of `load_demo`: offers, a few partnerships at different stages, two
Triangular Partnership Programme courses and one joint (co-deployment) pledge.

All synthetic (`is_synthetic`), built on the synthetic Level 1 pledges and their real derived
needs, through the product's services so that everything is audited. Idempotent: skipped when
synthetic partnerships exist. Offers come from demo States that have a focal point, so that
both sides of a partnership can accept in the app.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.missions.models import UNFILLED_STATUSES, Requirement
from pcrs.partnerships import services
from pcrs.partnerships.models import OfferKind, Partnership, SupportType, TppProject
from pcrs.partnerships.needs import Need, needs_of
from pcrs.partnerships.selectors import _live_pledges
from pcrs.registry.models import Pledge, PledgeKind, PledgeStatus, ReadinessLevel, levels_at_least

# The missions pcrs/generation/demo.py runs generation for (it reads them from here): the joint
# pledge is chosen so that one of these runs proposes it.
GENERATION_DEMO_MISSIONS = ("UNMISS", "MONUSCO")


def _focal(state: MemberState) -> User | None:
    return User.objects.filter(role=Role.FOCAL_POINT, member_state=state, is_active=True).first()


def _equipment_needs(today: dt.date) -> list[Need]:
    pledges = _live_pledges().filter(
        is_synthetic=True, readiness_level=ReadinessLevel.LEVEL_1, kind=PledgeKind.UNIT
    )
    return [n for n in needs_of(pledges, [], today=today) if n.source == "equipment"]


def partnerships_load_demo(*, stdout: TextIO, today: dt.date) -> int:
    """Returns how many partnerships were made (0 when the demo ones exist already)."""
    if Partnership.objects.filter(is_synthetic=True).exists():
        stdout.write("Partnerships: demo partnerships already present.\n")
        return 0
    secretariat = User.objects.filter(role=Role.FORCE_GENERATION, is_active=True).first()
    if secretariat is None:
        stdout.write("Partnerships: no Secretariat user; skipped.\n")
        return 0
    with_focal = list(
        MemberState.objects.filter(users__role=Role.FOCAL_POINT).distinct().order_by("iso3")
    )
    needs = [
        n for n in _equipment_needs(today) if _focal(MemberState.objects.get(pk=n.member_state_id))
    ]
    made = 0
    stages = ["delivering", "agreed", "proposed"]
    used_states: set[int] = set()
    for need in needs:
        if not stages:
            break
        if need.member_state_id in used_states:
            continue
        provider = next(
            (s for s in with_focal if s.pk != need.member_state_id and s.pk not in used_states),
            None,
        )
        if provider is None:
            break
        used_states |= {need.member_state_id, provider.pk}
        offer = services.offer_create(
            actor=secretariat,
            data=services.OfferInput(
                kind=OfferKind.EQUIPMENT,
                support_type=SupportType.EQUIPMENT,
                title=f"{need.item} on wet lease (demo)",
                provider_state=provider,
                items=[{"item": need.item, "quantity": need.quantity}],
                lease="wet",
                lease_months=12,
                available_from=today,
                available_until=today + dt.timedelta(days=365),
                announced_at="Berlin peacekeeping ministerial, May 2025 (demo)",
                is_synthetic=True,
            ),
        )
        stage = stages.pop(0)
        p = services.partnership_propose(
            actor=secretariat,
            offer=offer,
            need=need,
            start_on=today,
            end_on=today + dt.timedelta(days=120),
            recipient_brings="Drivers and mechanics for the vehicles",
            is_synthetic=True,
        )
        made += 1
        if stage in ("agreed", "delivering"):
            recipient = MemberState.objects.get(pk=need.member_state_id)
            services.partnership_accept(actor=_focal(recipient), partnership=p, party="recipient")
            services.partnership_accept(actor=_focal(provider), partnership=p, party="provider")
        if stage == "delivering":
            services.partnership_move(actor=secretariat, partnership=p, move="start_delivery")
    # Non-unit commitments announced at the ministerial, and a regional organization's offer.
    if with_focal:
        services.offer_create(
            actor=secretariat,
            data=services.OfferInput(
                kind=OfferKind.COMMITMENT,
                support_type=SupportType.TRAINING,
                commitment_area="wps",
                title="Women, peace and security: training for female engagement teams (demo)",
                provider_state=with_focal[-1],
                available_from=today,
                announced_at="Berlin peacekeeping ministerial, May 2025",
                announced_on=dt.date(2025, 5, 14),
                is_synthetic=True,
            ),
        )
    au = RegionalOrganization.objects.filter(code="AU").first()
    if au is not None:
        services.offer_create(
            actor=secretariat,
            data=services.OfferInput(
                kind=OfferKind.TRAINING,
                support_type=SupportType.TRAINING,
                title="AU pre-deployment course for formed police units (demo)",
                provider_organization=au,
                course="FPU pre-deployment course",
                capacity=40,
                place="Addis Ababa",
                language="en",
                available_from=today + dt.timedelta(days=30),
                is_synthetic=True,
            ),
        )
    _tpp_courses(secretariat, with_focal, today)
    joint = _joint_pledge(secretariat, with_focal, stdout)
    stdout.write(
        f"Partnerships: {made} demo partnerships, 2 TPP courses, {joint} joint pledge(s).\n"
    )
    return made


def _tpp_courses(secretariat: User, states: list[MemberState], today: dt.date) -> None:
    kenya = MemberState.objects.filter(iso3="KEN").first()
    japan = MemberState.objects.filter(iso3="JPN").first()
    trainees = states[:3]
    for project, title, start in (
        (TppProject.ENGINEERING, "Heavy engineering equipment operators (demo)", -60),
        (TppProject.MEDICAL, "Field medical assistants (demo)", 20),
    ):
        services.tpp_course_create(
            actor=secretariat,
            data=services.CourseInput(
                project=project,
                title=title,
                start_on=today + dt.timedelta(days=start),
                end_on=today + dt.timedelta(days=start + 42),
                place="Nairobi" if kenya else "Entebbe",
                host_state=kenya,
                language="en",
                funding_states=[japan] if japan else [],
                trainer_states=[japan] if japan else [],
                trainees=[
                    services.TraineesInput(
                        member_state=s,
                        men=14,
                        women=4,
                        pledge=Pledge.objects.filter(member_state=s, is_synthetic=True).first(),
                    )
                    for s in trainees
                ],
                is_synthetic=True,
            ),
        )


def _joint_candidate(states: list[MemberState]) -> Pledge | None:
    requirements = Requirement.objects.filter(
        mission__acronym__in=GENERATION_DEMO_MISSIONS, status__in=UNFILLED_STATUSES
    ).order_by("mission__acronym", "required_by", "pk")
    best: tuple[int, Pledge] | None = None
    for requirement in requirements:
        candidates = list(
            _live_pledges()
            .exclude(status=PledgeStatus.DEPLOYED)
            .filter(
                is_synthetic=True,
                kind=PledgeKind.UNIT,
                capability_type_id=requirement.capability_type_id,
                readiness_level__in=levels_at_least(ReadinessLevel.LEVEL_2),
                available_from__lte=requirement.required_by,
                personnel__gte=10,
            )
            .order_by("member_state__iso3", "title")
        )
        ours = [p for p in candidates if p.member_state in states and not p.partners.exists()]
        if ours and (best is None or len(candidates) < best[0]):
            best = (len(candidates), ours[0])
    return best[1] if best else None


def _joint_pledge(secretariat: User, states: list[MemberState], stdout: TextIO) -> int:
    """A live synthetic unit pledge of a demo State, co-deployed with another demo State, that
    the demo's generation runs propose.

    It is at Level 2 or above (the engine's floor), of a capability an open requirement of one
    of GENERATION_DEMO_MISSIONS needs, available by that requirement's date and in no case yet;
    of those, the pledge of the requirement with the fewest such candidates (so a run proposes
    it). Returns 1 when made, 0 when no pledge fits.
    """
    pledge = _joint_candidate(states)
    partner = next((s for s in states if pledge and s.pk != pledge.member_state_id), None)
    if pledge is None or partner is None:
        return 0
    lead = pledge.member_state
    partner_personnel = pledge.personnel // 5
    partner_women = min(pledge.women // 5, partner_personnel)
    services.joint_pledge_shares_set(
        actor=secretariat,
        pledge=pledge,
        shares=[
            services.ShareInput(
                member_state=lead,
                personnel=pledge.personnel - partner_personnel,
                women=pledge.women - partner_women,
                contribution="Personnel of the unit",
            ),
            services.ShareInput(
                member_state=partner,
                personnel=partner_personnel,
                women=partner_women,
                equipment=[
                    {"item": e.item, "quantity": e.quantity} for e in pledge.equipment.all()
                ],
                contribution="Major equipment (Annex C) and its crews",
            ),
        ],
    )
    stdout.write(f"Partnerships: joint pledge {pledge} with {partner.iso3}.\n")
    return 1
