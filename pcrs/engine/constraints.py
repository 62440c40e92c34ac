"""The labelled constraints: one definition builds the model, checks plans, explains gaps.

Two families:

* **pair rules** (:data:`PAIR_RULES`) decide whether an offer may fill a requirement at all
  (capability, readiness, timing, caveats, host country, explicit exclusions, share of women,
  a unit too large for a cap). Each is a labelled one-line function: candidate generation keeps
  only pairs that pass every rule (its numpy masks are checked against these functions by
  ``tests/test_rule_definitions.py``); the validator runs the same rules on a submitted plan;
  the explainer quotes their messages for rejected candidates.
* **caps** are linear limits over the chosen pairs. Each kind is one :class:`CapDefinition`
  (:data:`CAP_DEFINITIONS`): the rows it adds to the model (``pledge_once:P12``,
  ``requirement_units:R7``, ``state_total:NPL``, ``state_mission:NPL:MINUSCA``,
  ``state_period:NPL:2027Q1``, ``mission_share:NPL:MINUSCA:2027Q1``), which row a chosen pair
  counts against and with which coefficient (:func:`cap_terms`), and its words for the
  planner. :func:`build_caps`, the CP-SAT and LP rows (named by the cap's label), the
  vectorised row tables of :mod:`pcrs.engine.candidates`, greedy, the validator
  (:meth:`Cap.check`), the explainer (:meth:`Cap.describe_blocking`) and the
  ``too_large_for_a_cap`` pair rule all derive from it, so they cannot disagree.
"""

from __future__ import annotations

import enum
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

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
    """A member's part alone is above one of the caps the pair counts against (a State's cap,
    the mission's share limit): no plan can ever place the pair, and candidate generation drops
    it for the same reason."""
    caps = caps_of(instance)
    for key, coef in cap_terms(offer, req):
        cap = caps.get(key)
        if cap is not None and coef > cap.upper and cap.definition.too_small is not None:
            return cap.definition.too_small(cap, coef)
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


class Per(enum.Enum):
    """What one term of a cap counts: a chosen pair once, or each State's personnel in it."""

    OFFER = "offer"  # coefficient 1, one row per offer
    REQUIREMENT = "requirement"  # coefficient 1, one row per requirement
    MEMBER = "member"  # coefficient: the personnel of one State's members of the offer


CapKey = tuple[str, ...]
#: The ids a cap is about, after its kind: ``("NPL", "MINUSCA")`` for a State's mission cap.
Subject = tuple[str, ...]


@dataclass(frozen=True)
class Cap:
    """A labelled linear limit ``lower <= sum(coefficient * chosen) <= upper``: one model row.

    ``key`` is ``(kind, *subject)``; ``label`` (``state_total:NPL``) names the row in the CP-SAT
    and LP models and the validator's violations. ``subject`` holds the ids the cap is about
    (State, mission, period, requirement, offer). Its words come from its kind's
    :class:`CapDefinition`.
    """

    key: CapKey
    kind: CapKind
    upper: int
    lower: int = 0
    subject: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return ":".join(self.key)

    @property
    def definition(self) -> CapDefinition:
        return CAP_DEFINITIONS[self.kind]

    def describe(self) -> str:
        """The limit in planner words: ``State cap of 2,000 personnel (NPL)``."""
        return self.definition.describe(self)

    def describe_blocking(self, used: int, adding: int) -> str:
        """Why one more unit does not fit: ``State cap of 2,000 reached (NPL: 1,950 in use ...)``.

        >>> Cap(("state_total", "NPL"), CapKind.STATE_TOTAL, 2000, subject=("NPL",)
        ...     ).describe_blocking(1950, 850)
        'State cap of 2,000 reached (NPL: 1,950 in use, this unit adds 850)'
        """
        return self.definition.blocking(self, used, f"{used:,} in use, this unit adds {adding:,}")

    def check(self, used: int, where: list[str]) -> str | None:
        """The validator's sentence when ``used`` breaks the cap (``where``: the requirements
        of the chosen pairs that count against it), ``None`` when it holds."""
        if used > self.upper:
            return self.definition.exceeded(self, used, where)
        if used < self.lower:
            return f"{self.describe()}: {used} assigned"
        return None


@dataclass(frozen=True)
class CapDefinition:
    """One kind of cap, defined once; everything else about caps is derived from it.

    * ``rows(instance)``: the rows the kind adds to the model, as (subject, upper, lower);
      :func:`build_caps` collects them.
    * ``subject(who, mission, period)``: the row a chosen pair counts against, ``who`` being the
      offer id, the requirement id or the State as ``per`` says, or ``None`` when the kind has
      no row for it; :func:`cap_terms` (the coefficients), the vectorised row tables of
      :mod:`pcrs.engine.candidates` and the ``too_large_for_a_cap`` pair rule read it.
    * ``describe``, ``blocking``, ``exceeded``, ``too_small``: the planner's words for the
      limit, for a refusal in a plan (explainer), for a broken limit (validator), for a unit
      larger than the limit on its own (pair rule).
    """

    kind: CapKind
    per: Per
    label: str
    rows: Callable[[Instance], Iterator[tuple[Subject, int, int]]]
    subject: Callable[[str, str, str | None], Subject | None]
    describe: Callable[[Cap], str]
    blocking: Callable[[Cap, int, str], str]
    exceeded: Callable[[Cap, int, list[str]], str]
    too_small: Callable[[Cap, int], str] | None = None

    @cached_property
    def prefix(self) -> CapKey:
        """The first part of this kind's keys: ``("state_total",)``."""
        return (self.kind.value,)


def _share_rows(instance: Instance) -> Iterator[tuple[Subject, int, int]]:
    # The share limit holds at any one time: per period in a rotation plan, for every State
    # that pledges.
    periods: dict[str, set[str]] = {}
    for req in instance.requirements:
        periods.setdefault(req.mission, set()).add(req.period or "")
    states = sorted({p.state for p in instance.problem.pledges})
    for m in instance.problem.missions:
        cap = m.state_share_cap
        if cap is None:
            continue
        for period in sorted(periods.get(m.code, ())):
            for state in states:
                yield (state, m.code, period), cap, 0


def _exceeded(cap: Cap, used: int, _: list[str]) -> str:
    return f"{cap.describe()} exceeded: {used:,}"


def _too_small(what: Callable[[Subject], str]) -> Callable[[Cap, int], str]:
    def words(cap: Cap, personnel: int) -> str:
        return (
            f"{cap.subject[0]}'s {what(cap.subject)} cap of {cap.upper:,} personnel is smaller "
            f"than its part of this unit ({personnel:,})"
        )

    return words


_CAP_DEFINITIONS: tuple[CapDefinition, ...] = (
    CapDefinition(
        CapKind.PLEDGE_ONCE,
        Per.OFFER,
        "a pledge (or a bundle) fills at most one unit",
        rows=lambda instance: (((o.id,), 1, 0) for o in instance.offers),
        subject=lambda offer, _mission, _period: (offer,),
        describe=lambda cap: f"{cap.subject[0]} can be deployed only once",
        blocking=lambda cap, _used, _tail: (
            f"{cap.subject[0]} is already deployed elsewhere in this plan"
        ),
        exceeded=lambda cap, used, where: (
            f"{cap.subject[0]} is deployed {used} times ({', '.join(where)})"
        ),
    ),
    CapDefinition(
        CapKind.REQUIREMENT_UNITS,
        Per.REQUIREMENT,
        "a requirement takes at most its units (exactly, when must-fill)",
        rows=lambda instance: (
            ((r.id,), r.units, r.units if r.must_fill else 0) for r in instance.requirements
        ),
        subject=lambda req, _mission, _period: (req,),
        describe=lambda cap: (
            f"{cap.subject[0]} must be filled with exactly {cap.upper} unit(s)"
            if cap.lower
            else f"{cap.subject[0]} needs at most {cap.upper} unit(s)"
        ),
        blocking=lambda cap, used, _tail: (
            f"{cap.subject[0]} is already filled ({used} of {cap.upper} units)"
        ),
        exceeded=_exceeded,
    ),
    CapDefinition(
        CapKind.STATE_TOTAL,
        Per.MEMBER,
        "a State's personnel cap in total",
        rows=lambda instance: (
            ((c.state,), c.total, 0) for c in instance.problem.states if c.total is not None
        ),
        subject=lambda state, _mission, _period: (state,),
        describe=lambda cap: f"State cap of {cap.upper:,} personnel ({cap.subject[0]})",
        blocking=lambda cap, _used, tail: (
            f"State cap of {cap.upper:,} reached ({cap.subject[0]}: {tail})"
        ),
        exceeded=_exceeded,
        too_small=_too_small(lambda _: "total"),
    ),
    CapDefinition(
        CapKind.STATE_MISSION,
        Per.MEMBER,
        "a State's personnel cap for one mission",
        rows=lambda instance: (
            ((c.state, mission), cap, 0)
            for c in instance.problem.states
            for mission, cap in c.per_mission.items()
        ),
        subject=lambda state, mission, _period: (state, mission),
        describe=lambda cap: (
            f"{cap.subject[0]} cap of {cap.upper:,} personnel for {cap.subject[1]}"
        ),
        blocking=lambda cap, _used, tail: (
            f"{cap.subject[0]} cap of {cap.upper:,} for {cap.subject[1]} reached ({tail})"
        ),
        exceeded=_exceeded,
        too_small=_too_small(lambda s: s[1]),
    ),
    CapDefinition(
        CapKind.STATE_PERIOD,
        Per.MEMBER,
        "a State's personnel cap in one rotation period",
        rows=lambda instance: (
            ((c.state, period), cap, 0)
            for c in instance.problem.states
            for period, cap in c.per_period.items()
        ),
        subject=lambda state, _mission, period: (state, period) if period is not None else None,
        describe=lambda cap: f"{cap.subject[0]} cap of {cap.upper:,} personnel in {cap.subject[1]}",
        blocking=lambda cap, _used, tail: (
            f"{cap.subject[0]} cap of {cap.upper:,} in {cap.subject[1]} reached ({tail})"
        ),
        exceeded=_exceeded,
        too_small=_too_small(lambda s: s[1]),
    ),
    CapDefinition(
        CapKind.MISSION_SHARE,
        Per.MEMBER,
        "a mission's limit on one State's share, per period",
        rows=_share_rows,
        subject=lambda state, mission, period: (state, mission, period or ""),
        describe=lambda cap: (
            f"{cap.subject[1]} limit on one State's share: {cap.upper:,} personnel for "
            f"{cap.subject[0]}{' in ' + cap.subject[2] if cap.subject[2] else ''}"
        ),
        blocking=lambda cap, _used, tail: (
            f"{cap.subject[1]} limit on one State's share reached: {cap.upper:,} personnel "
            f"for {cap.subject[0]} ({tail})"
        ),
        exceeded=_exceeded,
        too_small=_too_small(lambda s: f"{s[1]} share"),
    ),
)

#: Every cap kind's definition, by kind, in the order of :func:`cap_terms`.
CAP_DEFINITIONS: Mapping[CapKind, CapDefinition] = MappingProxyType(
    {d.kind: d for d in _CAP_DEFINITIONS}
)
#: The kinds counted per State member of an offer (coefficient: that State's personnel).
MEMBER_CAPS: tuple[CapDefinition, ...] = tuple(d for d in _CAP_DEFINITIONS if d.per is Per.MEMBER)


def cap_key(definition: CapDefinition, subject: Subject) -> CapKey:
    """The key (and, joined by ``:``, the model row's name) of a cap: ``state_total:NPL``."""
    return definition.prefix + subject


def build_caps(instance: Instance) -> dict[CapKey, Cap]:
    """Every cap of the instance, keyed as :func:`cap_terms` refers to them, kind by kind."""
    caps: dict[CapKey, Cap] = {}
    for definition in _CAP_DEFINITIONS:
        for subject, upper, lower in definition.rows(instance):
            key = cap_key(definition, subject)
            caps[key] = Cap(key, definition.kind, upper, lower, subject)
    return caps


_CAPS_OF: weakref.WeakKeyDictionary[Instance, dict[CapKey, Cap]] = weakref.WeakKeyDictionary()


def caps_of(instance: Instance) -> dict[CapKey, Cap]:
    """:func:`build_caps` of the instance, built once per instance (read-only by contract)."""
    caps = _CAPS_OF.get(instance)
    if caps is None:
        caps = _CAPS_OF[instance] = build_caps(instance)
    return caps


def cap_terms(offer: Offer, req: Requirement) -> Iterator[tuple[CapKey, int]]:
    """The caps a chosen (offer, requirement) pair counts against, with its coefficient.

    Keys of caps the instance does not define are yielded too; callers skip them. Each member of
    a co-deployment counts against its own State.
    """
    for definition in _CAP_DEFINITIONS:
        if definition.per is Per.OFFER:
            who = offer.id
        elif definition.per is Per.REQUIREMENT:
            who = req.id
        else:
            continue
        subject = definition.subject(who, req.mission, req.period)
        if subject is not None:
            yield cap_key(definition, subject), 1
    for state, personnel in offer.personnel_by_state:
        for definition in MEMBER_CAPS:
            subject = definition.subject(state, req.mission, req.period)
            if subject is not None:
                yield cap_key(definition, subject), personnel


def spread_key(offer: Offer, req: Requirement) -> tuple[str, str, str]:
    """Units sharing this key beyond the first cost the spread penalty each.

    The key is (State, mission, period): a rotation plan may send one State to a mission every
    quarter, but should not fill a mission's quarter from one State when others can help.
    """
    return offer.state, req.mission, req.period or ""
