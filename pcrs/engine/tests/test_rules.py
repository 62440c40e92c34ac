"""Pair rules: each one excludes exactly the candidates it names, in planner words."""

import datetime as dt

from pcrs.engine import Exclusion, Mission, Params, Problem, ReadinessLevel, Status, solve
from pcrs.engine.constraints import rejections
from pcrs.engine.instance import Instance
from pcrs.engine.tests.factories import pledge, problem, requirement


def _reasons(prob: Problem, params: Params | None = None) -> list[str]:
    instance = Instance(prob, params or Params())
    return [r.message for r in rejections(instance, instance.offers[0], prob.requirements[0])]


def test_level_one_pledge_is_not_a_candidate_unless_allowed():
    prob = problem([pledge("P1", level=ReadinessLevel.LEVEL_1)], [requirement("R1")])
    assert _reasons(prob) == ["Level 1 only (deployment needs Level 2 or above)"]
    assert _reasons(prob, Params(allow_level_1=True)) == []
    assert solve(prob, Params(time_limit=5)).assignments == ()
    assert len(solve(prob, Params(time_limit=5, allow_level_1=True)).assignments) == 1


def test_unit_arriving_too_late_is_excluded_with_dates():
    prob = problem(
        [pledge("P1", available_from=dt.date(2027, 6, 1), notice_days=30)],
        [requirement("R1", needed_by=dt.date(2027, 3, 1))],
    )
    [reason] = _reasons(prob)
    assert reason.startswith("available 2027-06-01 + 30 days notice, needed by 2027-03-01")


def test_slightly_late_unit_stays_a_candidate_but_loses_on_time_points():
    prob = problem(
        [pledge("LATE", available_from=dt.date(2027, 3, 10)), pledge("EARLY", "BGD")],
        [requirement("R1")],
    )
    assert _reasons(prob) == []
    assert [a.pledge for a in solve(prob, Params(time_limit=5)).assignments] == ["EARLY"]


def test_caveat_keeps_pledge_out_of_that_mission_only():
    prob = problem(
        [pledge("P1", caveats=frozenset({"MINUSCA"}))],
        [requirement("R1", "MINUSCA"), requirement("R2", "UNMISS")],
    )
    allocation = solve(prob, Params(time_limit=5))
    assert [(a.pledge, a.requirement) for a in allocation.assignments] == [("P1", "R2")]
    assert _reasons(prob) == ["caveat: no deployment to MINUSCA"]


def test_host_country_cannot_contribute_to_its_own_mission():
    prob = problem([pledge("P1", "CAF")], [requirement("R1", "MINUSCA")])
    assert _reasons(prob) == ["CAF is the host country of MINUSCA"]


def test_host_country_exclusion_names_the_refused_state():
    prob = problem(
        [pledge("P1", "RWA")],
        [requirement("R1", "MINUSCA")],
        missions=(Mission("MINUSCA", "CAF", excluded_states=frozenset({"RWA"})),),
    )
    assert _reasons(prob) == ["host country of MINUSCA does not accept units from RWA"]


def test_explicit_exclusion_quotes_the_planner_reason():
    prob = problem(
        [pledge("P1")], [requirement("R1")], exclusions=(Exclusion("P1", "R1", "failed PDV"),)
    )
    assert _reasons(prob) == ["excluded: P1: failed PDV"]


def test_women_share_is_a_hard_rule_only_when_enforced():
    prob = problem([pledge("P1", women=40)], [requirement("R1", min_women_share=0.15)])
    assert _reasons(prob) == []
    assert _reasons(prob, Params(enforce_women_share=True)) == [
        "women 5% of personnel, at least 15% required"
    ]


def test_capability_mismatch_is_never_a_candidate():
    prob = problem([pledge("P1", capability="fpu")], [requirement("R1", capability="infantry")])
    assert _reasons(prob) == ["offers fpu, the requirement needs infantry"]
    assert solve(prob, Params(time_limit=5)).status is Status.OPTIMAL
    assert solve(prob, Params(time_limit=5)).assignments == ()


def test_unit_larger_than_its_states_cap_alone_is_refused_in_words():
    """A cap of 0 for a mission (or any cap below the unit) can never be met: the pair rule says
    so, as candidate generation (which drops the pair) and the explainer's ranking must agree."""
    from pcrs.engine import StateCaps

    prob = problem(
        [pledge("P1", personnel=50)],
        [requirement("R1", "MINUSCA"), requirement("R2", "UNMISS")],
        states=(StateCaps("NPL", per_mission={"MINUSCA": 0}),),
    )
    assert _reasons(prob) == [
        "NPL's MINUSCA cap of 0 personnel is smaller than its part of this unit (50)"
    ]
    allocation = solve(prob, Params(time_limit=5))
    assert [(a.pledge, a.requirement) for a in allocation.assignments] == [("P1", "R2")]
