"""What the force-generation adapter (pcrs.generation, built in parallel) needs of joint pledges.

The engine models a co-deployment as a `pcrs.engine.Bundle` of pledges that go together or not
at all, every member's personnel counting against its own State's caps. A joint pledge is one
registry pledge with partner shares, so the adapter turns each into one engine Pledge per
partner State (id "<pledge uuid>:<ISO3>", that State's personnel and women) plus one Bundle of
them. A regional organization's share has no State caps: it is reported, and the adapter adds
its personnel to the lead State's engine pledge, so that the bundle still fills the whole unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from pcrs.registry.models import Pledge


@dataclass(frozen=True)
class PartnerShare:
    state: str | None  # ISO3, or None for a regional organization
    organization: str | None  # its code
    personnel: int
    women: int

    @property
    def engine_pledge_id(self) -> str:
        return self.state or f"ORG-{self.organization}"


@dataclass(frozen=True)
class JointPledgeBundle:
    pledge_id: str
    lead_state: str
    partners: tuple[PartnerShare, ...]

    def engine_shares(self) -> tuple[tuple[str, str, int, int], ...]:
        """(engine pledge id, State ISO3, personnel, women) per State; organizations' shares
        folded into the lead State's, as the engine has no caps for them."""
        extra_p = sum(p.personnel for p in self.partners if p.state is None)
        extra_w = sum(p.women for p in self.partners if p.state is None)
        out = []
        for p in self.partners:
            if p.state is None:
                continue
            bonus = (extra_p, extra_w) if p.state == self.lead_state else (0, 0)
            out.append(
                (f"{self.pledge_id}:{p.state}", p.state, p.personnel + bonus[0], p.women + bonus[1])
            )
        return tuple(out)


def joint_pledge_bundles(pledges: Iterable[Pledge] | QuerySet[Pledge]) -> list[JointPledgeBundle]:
    """Each joint pledge among `pledges` with its partners and shares (single pledges skipped)."""
    if isinstance(pledges, QuerySet):
        pledges = pledges.prefetch_related(
            "partners__member_state", "partners__regional_organization"
        )
    bundles = []
    for pledge in pledges:
        shares = list(pledge.partners.all())
        if len(shares) < 2:
            continue
        bundles.append(
            JointPledgeBundle(
                pledge_id=str(pledge.pk),
                lead_state=pledge.member_state.iso3,
                partners=tuple(
                    PartnerShare(
                        state=s.member_state.iso3 if s.member_state else None,
                        organization=s.regional_organization.code
                        if s.regional_organization
                        else None,
                        personnel=s.personnel,
                        women=s.women,
                    )
                    for s in shares
                ),
            )
        )
    return bundles
