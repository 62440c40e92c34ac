"""Synthetic scenarios for tests and benchmarks, in three tiers.

* **S**: today's PCRS: 120 States, 600 pledges, 60 open requirements, one period.
* **M**: a two-year rotation plan: 193 States, 2,000 pledges, 1,000 requirement slots over
  8 quarters, per-quarter State caps, co-deployments.
* **L**: ten times M: 20,000 pledges, 10,000 slots.

The shape follows docs/domain (unit types and typical sizes, readiness levels, missions and
their hosts, shortages of enablers such as helicopters), but the numbers are random: good for
measuring the engine, never for planning. Same tier and seed, same scenario.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from pcrs.engine.constraints import is_eligible
from pcrs.engine.instance import Instance
from pcrs.engine.model import (
    Bundle,
    Mission,
    PairCost,
    Pledge,
    Priority,
    Problem,
    ReadinessLevel,
    Requirement,
    StateCaps,
)
from pcrs.engine.params import Params


@dataclass(frozen=True)
class Tier:
    name: str
    states: int
    pledges: int
    slots: int
    periods: int
    bundles: int
    with_costs: bool


TIERS = {
    "S": Tier("S", 120, 600, 60, 1, 5, with_costs=True),
    "M": Tier("M", 193, 2_000, 1_000, 8, 40, with_costs=True),
    # Per-pair costs for L would be millions of JSON rows: L measures size, S and M cost.
    "L": Tier("L", 193, 20_000, 10_000, 8, 400, with_costs=False),
}

# (capability, typical personnel, relative demand, relative supply, gender target)
# Supply below demand for helicopters, ISR and cargo aircraft: the shortages of docs/domain.
CATALOGUE: tuple[tuple[str, int, float, float, float], ...] = (
    ("infantry_battalion", 850, 6, 5, 0.10),
    ("qrf_company", 180, 4, 3, 0.10),
    ("force_protection_company", 150, 4, 5, 0.10),
    ("utility_helicopter_unit", 100, 4, 1.5, 0.10),
    ("attack_helicopter_unit", 120, 2, 0.6, 0.10),
    ("isr_ground_unit", 120, 3, 1.5, 0.10),
    ("uas_unit", 80, 2, 1, 0.10),
    ("engineer_company", 160, 4, 5, 0.10),
    ("level_2_hospital", 65, 3, 4, 0.25),
    ("level_1_clinic", 20, 3, 4, 0.25),
    ("signals_company", 120, 2, 3, 0.10),
    ("transport_company", 140, 3, 4, 0.10),
    ("logistics_company", 160, 3, 4, 0.10),
    ("military_police_company", 110, 2, 3, 0.15),
    ("eod_company", 80, 2, 2, 0.10),
    ("riverine_unit", 90, 1, 1, 0.10),
    ("cargo_aircraft_unit", 60, 1, 0.4, 0.10),
    ("medical_evacuation_team", 40, 2, 2, 0.25),
    ("fpu", 140, 5, 7, 0.20),
    ("specialized_police_team", 20, 2, 3, 0.30),
    ("swat_team", 35, 1, 2, 0.20),
    ("staff_officer_team", 10, 3, 5, 0.25),
    ("military_observer_team", 10, 2, 4, 0.25),
    ("individual_police_team", 10, 3, 5, 0.30),
)

# (code, host, authorised ceiling, working languages)
MISSIONS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("MINUSCA", "CAF", 17_420, ("fr",)),
    ("MONUSCO", "COD", 13_813, ("fr",)),
    ("UNMISS", "SSD", 19_101, ("en",)),
    ("UNISFA", "SDN", 3_890, ("en", "ar")),
    ("UNIFIL", "LBN", 10_800, ("en", "fr", "ar")),
    ("UNFICYP", "CYP", 929, ("en",)),
    ("UNDOF", "SYR", 1_250, ("en", "ar")),
    ("MINURSO", "MAR", 245, ("fr", "ar", "es")),
    ("UNMIK", "SRB", 350, ("en",)),
    ("UNMOGIP", "PAK", 120, ("en",)),
    ("UNTSO", "ISR", 150, ("en", "ar")),
)

LANGUAGES = ("en", "fr", "ar", "es", "pt", "ru")
START = dt.date(2027, 1, 1)


def _state_codes(count: int, rng: random.Random) -> list[str]:
    # ISO 3166 alpha-3 when pycountry is present (it is a project dependency); synthetic codes
    # keep the generator usable without it.
    try:
        import pycountry

        codes = sorted(c.alpha_3 for c in pycountry.countries)
    except ImportError:  # pragma: no cover - pycountry ships with the project
        codes = [f"S{i:03d}" for i in range(count)]
    return sorted(rng.sample(codes, min(count, len(codes))))


def _quarter(index: int) -> tuple[str, dt.date]:
    year, q = START.year + index // 4, index % 4
    return f"{year}Q{q + 1}", dt.date(year, 3 * q + 1, 1)


def generate(tier: str, seed: int = 0) -> Problem:
    """A reproducible synthetic scenario of the given tier (``S``, ``M`` or ``L``).

    >>> problem = generate("S", seed=1)
    >>> len(problem.pledges), sum(r.units for r in problem.requirements)
    (600, 60)
    """
    spec = TIERS[tier.upper()]
    rng = random.Random(f"{spec.name}-{seed}")
    states = _state_codes(spec.states, rng)
    # A few large contributors and a long tail, as in the real top-ten tables.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(states))]
    rng.shuffle(weights)
    state_languages = {
        s: frozenset(
            rng.sample(LANGUAGES[1:], rng.choice((0, 0, 1, 1, 2)))
            + (["en"] if rng.random() < 0.7 else [])
        )
        or frozenset({rng.choice(LANGUAGES)})
        for s in states
    }

    missions = []
    for code, host, ceiling, _ in MISSIONS:
        excluded = frozenset(rng.sample(states, rng.randint(0, 3)))
        missions.append(Mission(code, host, excluded - {host}, ceiling, 0.3))

    supply = [c[3] for c in CATALOGUE]
    pledges = []
    horizon = 90 * spec.periods
    for index in range(spec.pledges):
        capability, size, _, _, target = rng.choices(CATALOGUE, weights=supply)[0]
        state = rng.choices(states, weights=weights)[0]
        personnel = max(1, round(size * rng.uniform(0.85, 1.15)))
        level = rng.choices(list(ReadinessLevel), weights=(20, 40, 25, 15))[0]
        notice = (
            rng.choice((30, 45, 60)) if level is ReadinessLevel.RDL else rng.choice((60, 90, 120))
        )
        pledges.append(
            Pledge(
                id=f"P{index + 1:05d}",
                state=state,
                capability=capability,
                personnel=personnel,
                women=round(personnel * min(1.0, rng.uniform(0, 2.2 * target))),
                level=level,
                available_from=START + dt.timedelta(days=rng.randint(-180, horizon)),
                notice_days=notice,
                languages=state_languages[state],
                performance=round(rng.uniform(0.4, 1.0), 2) if rng.random() < 0.6 else None,
                caveats=frozenset(rng.sample([m[0] for m in MISSIONS], rng.randint(1, 2)))
                if rng.random() < 0.15
                else frozenset(),
            )
        )

    demand = [c[2] for c in CATALOGUE]
    requirements: list[Requirement] = []
    slots = 0
    while slots < spec.slots:
        capability, size, _, _, target = rng.choices(CATALOGUE, weights=demand)[0]
        # Larger missions ask for more, and nobody asks an observer mission for a battalion.
        fitting = [m for m in MISSIONS if size * 1.2 <= 0.3 * m[2]]
        code, _, _, languages = rng.choices(fitting, weights=[m[2] for m in fitting])[0]
        units = min(spec.slots - slots, 1 if spec.periods == 1 else rng.choice((1, 1, 2, 2, 3)))
        period_index = rng.randrange(spec.periods)
        period, begins = _quarter(period_index)
        requirements.append(
            Requirement(
                id=f"R{len(requirements) + 1:05d}",
                mission=code,
                capability=capability,
                units=units,
                needed_by=begins
                + dt.timedelta(
                    days=rng.randint(
                        30 if spec.periods == 1 else 0, 150 if spec.periods == 1 else 60
                    )
                ),
                priority=rng.choices(list(Priority), weights=(2, 3, 5))[0],
                languages=frozenset(rng.sample(languages, 1))
                if rng.random() < 0.6
                else frozenset(),
                min_women_share=target if rng.random() < 0.5 else 0.0,
                period=period if spec.periods > 1 else None,
            )
        )
        slots += units

    pledged: dict[str, int] = {}
    largest: dict[str, int] = {}
    for p in pledges:
        pledged[p.state] = pledged.get(p.state, 0) + p.personnel
        largest[p.state] = max(largest.get(p.state, 0), p.personnel)
    caps = []
    periods = [_quarter(i)[0] for i in range(spec.periods)] if spec.periods > 1 else []
    for state in states:
        if state not in pledged or rng.random() < 0.4:
            continue
        # A State can always deploy its largest pledge (why else pledge it?), but not all of
        # its pledges at once: caps bind on the big contributors, as in real rotations.
        total = max(largest[state], round(pledged[state] * rng.uniform(0.5, 0.9)))
        per_mission = (
            {rng.choice(MISSIONS)[0]: max(largest[state], round(total * rng.uniform(0.3, 0.6)))}
            if rng.random() < 0.3
            else {}
        )
        per_period = {q: max(largest[state], round(total * rng.uniform(0.3, 0.6))) for q in periods}
        caps.append(StateCaps(state, total, per_mission, per_period))

    by_capability: dict[str, list[Pledge]] = {}
    for p in pledges:
        by_capability.setdefault(p.capability, []).append(p)
    bundles: list[Bundle] = []
    used: set[str] = set()
    attempts = 0
    while len(bundles) < spec.bundles and attempts < 50 * spec.bundles:
        attempts += 1
        lead = rng.choice(pledges)
        partner = rng.choice(by_capability[lead.capability])
        if partner.state == lead.state or {lead.id, partner.id} & used:
            continue
        used |= {lead.id, partner.id}
        bundles.append(Bundle(f"B{len(bundles) + 1:04d}", (lead.id, partner.id)))

    costs = []
    if spec.with_costs:
        # Lift cost grows with personnel and with a per-(State, mission) distance factor.
        distance = {(s, m[0]): rng.uniform(0.5, 3.0) for s in states for m in MISSIONS}
        for req in requirements:
            for p in by_capability.get(req.capability, ()):
                costs.append(
                    PairCost(
                        p.id, req.id, round(distance[p.state, req.mission] * p.personnel / 100, 1)
                    )
                )

    problem = Problem(
        pledges=tuple(pledges),
        requirements=tuple(requirements),
        missions=tuple(missions),
        states=tuple(caps),
        bundles=tuple(bundles),
        costs=tuple(costs),
        name=f"synthetic tier {spec.name}, seed {seed}",
    )
    return _with_must_fill(problem, rng)


def _with_must_fill(problem: Problem, rng: random.Random) -> Problem:
    """Mark about 2% of critical requirements must-fill, only where candidates abound.

    Enough to exercise the hard constraint at every size without making a random tier
    infeasible (the tests build infeasible cases on purpose, by hand).
    """
    instance = Instance(problem, Params())
    chosen = []
    for req in problem.requirements:
        if req.priority is not Priority.CRITICAL or rng.random() > 0.1:
            chosen.append(req)
            continue
        eligible = sum(
            is_eligible(instance, offer, req)
            for offer in instance.offers_by_capability.get(req.capability, ())
        )
        chosen.append(replace(req, must_fill=eligible >= 5 * req.units))
    return replace(problem, requirements=tuple(chosen))
