"""The hypothesis scenario generator: small problems that exercise every rule of the model.

Each scenario may hold, and :mod:`test_rule_definitions` checks that the generator keeps
producing, everything a rule or a cap reads: explicit exclusions, host States (and States a
host refuses) among the pledgers, shares of women on pledges and on requirements, co-deployment
bundles (across States, a host's member included), caveats, several rotation periods (and
requirements without one), State caps in total, per mission and per period, mission share
limits, pair costs, languages, must-fill requirements.

Sizes stay small (at most 10 pledges, 6 requirements) so that CP-SAT proves every plan in
well under a second and a property test can afford dozens of examples.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from pcrs.engine.model import (
    Bundle,
    Exclusion,
    Mission,
    PairCost,
    Pledge,
    Priority,
    Problem,
    ReadinessLevel,
    Requirement,
    StateCaps,
)

#: Hosts first: CAF hosts MINUSCA and SSD hosts UNMISS, and both pledge units too.
HOSTS = {"MINUSCA": "CAF", "UNMISS": "SSD"}
STATES = ["NPL", "BGD", "RWA", "CAF", "SSD"]
MISSIONS = list(HOSTS)
#: Mostly one capability, so that most pairs are compared by the other rules.
CAPABILITIES = ["inf", "inf", "inf", "fpu"]
PERIODS = ["Q1", "Q2", "Q3"]
LANGUAGES = ["en", "fr"]
START = dt.date(2027, 1, 1)
CAP_SHARES = [None, 0.0, 0.3, 0.6, 1.0]
DAYS = [0, 20, 45, 70, 95, 120]


@st.composite
def scenarios(draw: st.DrawFn) -> Problem:
    """A random small :class:`Problem` (see the module docstring for what it may hold)."""
    # Counts and days come from lists, not st.integers: hypothesis favours the bounds of a
    # range, which gives tiny scenarios with almost no candidate pair.
    n_pledges = draw(st.sampled_from(range(1, 11)))
    pledges = []
    for i in range(n_pledges):
        personnel = draw(st.sampled_from([50, 120, 250, 400, 600, 850]))
        pledges.append(
            Pledge(
                f"P{i}",
                # Two large contributors, so that State caps bind.
                draw(st.sampled_from(["NPL", "NPL", "NPL", "BGD", "BGD", *STATES[2:]])),
                draw(st.sampled_from(CAPABILITIES)),
                personnel,
                women=draw(st.sampled_from([0, personnel // 20, personnel // 8, personnel // 4])),
                level=draw(st.sampled_from([*ReadinessLevel, ReadinessLevel.LEVEL_2])),
                available_from=START + dt.timedelta(days=draw(st.sampled_from(DAYS))),
                notice_days=draw(st.sampled_from([0, 30, 60])),
                languages=frozenset(draw(st.lists(st.sampled_from(LANGUAGES), max_size=2))),
                performance=draw(st.none() | st.floats(0, 1)),
                caveats=frozenset(
                    draw(st.sampled_from([(), (), (), (), (), *((m,) for m in MISSIONS)]))
                ),
            )
        )
    reqs = tuple(
        Requirement(
            f"R{j}",
            draw(st.sampled_from(MISSIONS)),
            draw(st.sampled_from(CAPABILITIES)),
            START + dt.timedelta(days=30 + draw(st.sampled_from(DAYS))),
            units=draw(st.integers(1, 3)),
            priority=draw(st.sampled_from(list(Priority))),
            languages=frozenset(draw(st.lists(st.sampled_from(LANGUAGES), max_size=1))),
            min_women_share=draw(st.sampled_from([0.0, 0.0, 0.1, 0.2])),
            must_fill=draw(st.booleans()) and draw(st.booleans()),
            period=draw(st.sampled_from([*PERIODS, None])),
        )
        for j in range(draw(st.sampled_from(range(1, 7))))
    )
    # State caps from what the State pledged: 0 makes every unit too large for the cap alone;
    # otherwise its largest unit fits, and a share of the rest, so that the cap binds once two
    # of its units are chosen.
    sizes = {s: sorted(p.personnel for p in pledges if p.state == s) or [500] for s in STATES}

    def cap(state: str) -> int:
        share = draw(st.sampled_from(CAP_SHARES))
        largest, rest = sizes[state][-1], sum(sizes[state][:-1])
        return 0 if share is None else largest + int(share * rest)

    states = tuple(
        StateCaps(
            s,
            total=cap(s) if draw(st.booleans()) else None,
            per_mission={
                m: cap(s)
                for m in draw(st.lists(st.sampled_from(MISSIONS), max_size=2, unique=True))
            },
            per_period={
                q: cap(s) for q in draw(st.lists(st.sampled_from(PERIODS), max_size=3, unique=True))
            },
        )
        # Mostly States that pledged (a cap on a State with no pledge never binds).
        for s in draw(
            st.lists(
                st.sampled_from(sorted({p.state for p in pledges}, key=STATES.index) * 3 + STATES),
                unique=True,
                max_size=4,
            )
        )
    )
    # Bundles: disjoint pairs of pledges of one capability (often of two States).
    bundles: list[Bundle] = []
    free = list(range(n_pledges))
    for _ in range(draw(st.integers(0, 2))):
        same = [
            (a, b)
            for a in free
            for b in free
            if a < b and pledges[a].capability == pledges[b].capability
        ]
        if not same:
            break
        a, b = draw(st.sampled_from(same))
        bundles.append(Bundle(f"B{len(bundles)}", (pledges[a].id, pledges[b].id)))
        free = [k for k in free if k not in (a, b)]
    pairs = [(p.id, r.id) for p in pledges for r in reqs]
    costs = tuple(
        PairCost(p, r, draw(st.integers(0, 20)))
        for p, r in draw(st.lists(st.sampled_from(pairs), max_size=8, unique=True))
    )
    exclusions = tuple(
        Exclusion(p, r, draw(st.sampled_from(["failed PDV", "excluded by the planner"])))
        for p, r in draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    )
    missions = tuple(
        Mission(
            m,
            HOSTS[m],
            excluded_states=frozenset(draw(st.sampled_from([(), (), ("NPL",), ("RWA",)]))),
            personnel_ceiling=4000,
            max_state_share=draw(st.sampled_from([None, 0.3, 0.1, 0.05])),
        )
        for m in MISSIONS
    )
    return Problem(
        tuple(pledges), reqs, missions, states, tuple(bundles), costs, exclusions=exclusions
    )
