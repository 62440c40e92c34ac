"""The labelled constraints: one definition builds the model, checks plans, explains gaps.

Two families:

* **pair rules** decide whether an offer may fill a requirement at all (capability, readiness,
  timing, caveats, host country, explicit exclusions, share of women). Candidate generation
  keeps only pairs that pass every rule; the validator runs the same rules on a submitted plan;
  the explainer quotes their messages for rejected candidates.
* **caps** are linear limits over the chosen pairs (a pledge is used once, a requirement takes at
  most ``units`` units, State caps in total / per mission / per period, mission share limits).
  :func:`cap_terms` says which caps a pair counts against and by how much; the CP-SAT model,
  the greedy heuristic, the validator and the explainer all read it, so they cannot disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pcrs.engine.instance import Instance, Offer
from pcrs.engine.model import ReadinessLevel, Requirement

# ---------------------------------------------------------------------------------------------
# Pair rules


@dataclass(frozen=True)
class PairRule:
    """A named reason an offer can never fill a requirement."""

    label: str
    check: Callable[[Instance, Offer, Requirement], str | None]


def _capability(_: Instance, offer: Offer, req: Requirement) -> str | None:
    if offer.capability == req.capability:
        return None
    return f"offers {offer.capability}, the requirement needs {req.capability}"


def _readiness(instance: Instance, offer: Offer, _: Requirement) -> str | None:
    if offer.level is ReadinessLevel.LEVEL_1 and not instance.params.allow_level_1:
        return "Level 1 only (deployment needs Level 2 or above)"
    return None


def _timing(instance: Instance, offer: Offer, req: Requirement) -> str | None:
    late = (offer.arrival - req.needed_by).days
    if late <= instance.params.max_late_days:
        return None
    lead = max(offer.pledges, key=lambda p: p.arrival)
    return (
        f"available {lead.available_from.isoformat()} + {lead.notice_days} days notice, "
        f"needed by {req.needed_by.isoformat()} ({late} days late, "
        f"at most {instance.params.max_late_days} allowed)"
    )


def _caveat(_: Instance, offer: Offer, req: Requirement) -> str | None:
    if req.mission in offer.caveats:
        return f"caveat: no deployment to {req.mission}"
    return None


def _host_country(instance: Instance, offer: Offer, req: Requirement) -> str | None:
    mission = instance.problem.mission(req.mission)
    for state in sorted(offer.states):
        if state == mission.host_state:
            return f"{state} is the host country of {req.mission}"
        if state in mission.excluded_states:
            return f"host country of {req.mission} does not accept units from {state}"
    return None


def _explicit(instance: Instance, offer: Offer, req: Requirement) -> str | None:
    reasons = instance.exclusions.get((offer.id, req.id))
    return "excluded: " + "; ".join(reasons) if reasons else None


def _women_share(instance: Instance, offer: Offer, req: Requirement) -> str | None:
    if not instance.params.enforce_women_share or offer.women_share >= req.min_women_share:
        return None
    return (
        f"women {offer.women_share:.0%} of personnel, at least {req.min_women_share:.0%} required"
    )


def _too_large_for_a_cap(instance: Instance, offer: Offer, req: Requirement) -> str | None:
    """A member's part alone is above one of its State's caps or the mission's share limit:
    no plan can ever place the pair (candidate generation drops it for the same reason)."""
    mission = instance.problem.mission(req.mission)
    caps = {c.state: c for c in instance.problem.states}
    for state, personnel in offer.personnel_by_state:
        state_caps = caps.get(state)
        limits: list[tuple[int | None, str]] = [(mission.state_share_cap, f"{req.mission} share")]
        if state_caps is not None:
            limits += [
                (state_caps.total, "total"),
                (state_caps.per_mission.get(req.mission), f"{req.mission}"),
                (
                    state_caps.per_period.get(req.period) if req.period is not None else None,
                    f"{req.period}",
                ),
            ]
        for limit, what in limits:
            if limit is not None and personnel > limit:
                return (
                    f"{state}'s {what} cap of {limit:,} personnel is smaller than "
                    f"its part of this unit ({personnel:,})"
                )
    return None


PAIR_RULES: tuple[PairRule, ...] = (
    PairRule("capability", _capability),
    PairRule("readiness", _readiness),
    PairRule("timing", _timing),
    PairRule("caveat", _caveat),
    PairRule("host_country", _host_country),
    PairRule("exclusion", _explicit),
    PairRule("women_share", _women_share),
    PairRule("too_large_for_a_cap", _too_large_for_a_cap),
)


@dataclass(frozen=True)
class Rejection:
    """Why a pair is not a candidate: the rule's label and the planner's sentence."""

    label: str
    message: str


def rejections(instance: Instance, offer: Offer, req: Requirement) -> list[Rejection]:
    """Every pair rule the pair breaks (empty when the offer may fill the requirement).

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Problem, Requirement, ReadinessLevel
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140, level=ReadinessLevel.LEVEL_1),),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> instance = Instance(problem, Params())
    >>> [r.message for r in rejections(instance, instance.offers[0], problem.requirements[0])]
    ['Level 1 only (deployment needs Level 2 or above)']
    """
    found = []
    for rule in PAIR_RULES:
        message = rule.check(instance, offer, req)
        if message is not None:
            found.append(Rejection(rule.label, message))
    return found


def is_eligible(instance: Instance, offer: Offer, req: Requirement) -> bool:
    return all(rule.check(instance, offer, req) is None for rule in PAIR_RULES)


# ---------------------------------------------------------------------------------------------
# Caps


class CapKind(enum.Enum):
    PLEDGE_ONCE = "pledge_once"
    REQUIREMENT_UNITS = "requirement_units"
    STATE_TOTAL = "state_total"
    STATE_MISSION = "state_mission"
    STATE_PERIOD = "state_period"
    MISSION_SHARE = "mission_share"


CapKey = tuple[str, ...]


@dataclass(frozen=True)
class Cap:
    """A labelled linear limit ``lower <= sum(coefficient * chosen) <= upper``.

    ``subject`` holds the ids the cap is about (State, mission, period, requirement, offer).
    """

    key: CapKey
    kind: CapKind
    upper: int
    lower: int = 0
    subject: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return ":".join(self.key)

    def describe(self) -> str:
        """The limit in planner words: ``State cap of 2,000 personnel (NPL)``."""
        s = self.subject
        match self.kind:
            case CapKind.PLEDGE_ONCE:
                return f"{s[0]} can be deployed only once"
            case CapKind.REQUIREMENT_UNITS:
                if self.lower:
                    return f"{s[0]} must be filled with exactly {self.upper} unit(s)"
                return f"{s[0]} needs at most {self.upper} unit(s)"
            case CapKind.STATE_TOTAL:
                return f"State cap of {self.upper:,} personnel ({s[0]})"
            case CapKind.STATE_MISSION:
                return f"{s[0]} cap of {self.upper:,} personnel for {s[1]}"
            case CapKind.STATE_PERIOD:
                return f"{s[0]} cap of {self.upper:,} personnel in {s[1]}"
            case CapKind.MISSION_SHARE:
                return (
                    f"{s[1]} limit on one State's share: {self.upper:,} personnel for {s[0]}"
                    f"{' in ' + s[2] if s[2] else ''}"
                )

    def describe_blocking(self, used: int, adding: int) -> str:
        """Why one more unit does not fit: ``State cap of 2,000 reached (NPL: 1,950 in use ...)``.

        >>> Cap(("state_total", "NPL"), CapKind.STATE_TOTAL, 2000, subject=("NPL",)
        ...     ).describe_blocking(1950, 850)
        'State cap of 2,000 reached (NPL: 1,950 in use, this unit adds 850)'
        """
        s = self.subject
        tail = f"{used:,} in use, this unit adds {adding:,}"
        match self.kind:
            case CapKind.PLEDGE_ONCE:
                return f"{s[0]} is already deployed elsewhere in this plan"
            case CapKind.REQUIREMENT_UNITS:
                return f"{s[0]} is already filled ({used} of {self.upper} units)"
            case CapKind.STATE_TOTAL:
                return f"State cap of {self.upper:,} reached ({s[0]}: {tail})"
            case CapKind.STATE_MISSION:
                return f"{s[0]} cap of {self.upper:,} for {s[1]} reached ({tail})"
            case CapKind.STATE_PERIOD:
                return f"{s[0]} cap of {self.upper:,} in {s[1]} reached ({tail})"
            case CapKind.MISSION_SHARE:
                return (
                    f"{s[1]} limit on one State's share reached: {self.upper:,} personnel "
                    f"for {s[0]} ({tail})"
                )


def build_caps(instance: Instance) -> dict[CapKey, Cap]:
    """Every cap of the instance, keyed as :func:`cap_terms` refers to them."""
    caps: dict[CapKey, Cap] = {}

    def add(kind: CapKind, subject: tuple[str, ...], upper: int, lower: int = 0) -> None:
        key = (kind.value, *subject)
        caps[key] = Cap(key, kind, upper, lower, subject)

    for offer in instance.offers:
        add(CapKind.PLEDGE_ONCE, (offer.id,), 1)
    for req in instance.requirements:
        add(CapKind.REQUIREMENT_UNITS, (req.id,), req.units, req.units if req.must_fill else 0)
    for state_caps in instance.problem.states:
        state = state_caps.state
        if state_caps.total is not None:
            add(CapKind.STATE_TOTAL, (state,), state_caps.total)
        for mission, cap in state_caps.per_mission.items():
            add(CapKind.STATE_MISSION, (state, mission), cap)
        for period, cap in state_caps.per_period.items():
            add(CapKind.STATE_PERIOD, (state, period), cap)
    share_caps = {
        m.code: m.state_share_cap
        for m in instance.problem.missions
        if m.state_share_cap is not None
    }
    if share_caps:
        # The share limit holds at any one time: per period in a rotation plan.
        periods: dict[str, set[str]] = {}
        for req in instance.requirements:
            periods.setdefault(req.mission, set()).add(req.period or "")
        states = sorted({p.state for p in instance.problem.pledges})
        for mission, cap in share_caps.items():
            for period in sorted(periods.get(mission, ())):
                for state in states:
                    add(CapKind.MISSION_SHARE, (state, mission, period), cap)
    return caps


def cap_terms(offer: Offer, req: Requirement) -> Iterator[tuple[CapKey, int]]:
    """The caps a chosen (offer, requirement) pair counts against, with its coefficient.

    Keys of caps the instance does not define are yielded too; callers skip them. Each member of
    a co-deployment counts against its own State.
    """
    yield (CapKind.PLEDGE_ONCE.value, offer.id), 1
    yield (CapKind.REQUIREMENT_UNITS.value, req.id), 1
    for state, personnel in offer.personnel_by_state:
        yield (CapKind.STATE_TOTAL.value, state), personnel
        yield (CapKind.STATE_MISSION.value, state, req.mission), personnel
        if req.period is not None:
            yield (CapKind.STATE_PERIOD.value, state, req.period), personnel
        yield (CapKind.MISSION_SHARE.value, state, req.mission, req.period or ""), personnel


def spread_key(offer: Offer, req: Requirement) -> tuple[str, str, str]:
    """Units sharing this key beyond the first cost the spread penalty each.

    The key is (State, mission, period): a rotation plan may send one State to a mission every
    quarter, but should not fill a mission's quarter from one State when others can help.
    """
    return offer.state, req.mission, req.period or ""
