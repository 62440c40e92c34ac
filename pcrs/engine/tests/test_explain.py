"""Explanations: chosen units term by term, runners-up and gaps in planner words."""

import datetime as dt
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrs.engine import (
    Params,
    Priority,
    Problem,
    ReadinessLevel,
    SolverKind,
    StateCaps,
    explain,
    solve,
)
from pcrs.engine.constraints import rejections
from pcrs.engine.explain import Explanation, LossKind
from pcrs.engine.generate import generate
from pcrs.engine.instance import Instance
from pcrs.engine.scoring import pair_terms
from pcrs.engine.solve import prepare
from pcrs.engine.tests.factories import pledge, problem, requirement
from pcrs.engine.tests.strategies import scenarios

FAST = Params(time_limit=10)


def _story(prob: Problem, requirement_id: str) -> Explanation:
    allocation = solve(prob, FAST)
    return next(e for e in explain(prob, allocation, FAST) if e.requirement == requirement_id)


def test_chosen_unit_score_is_broken_into_terms_that_add_up():
    prob = problem([pledge("P1", level=ReadinessLevel.RDL)], [requirement("R1")])
    [chosen] = _story(prob, "R1").chosen
    terms = dict(chosen.terms)
    assert terms["readiness"] == 10.0
    assert sum(terms.values()) == chosen.score


def test_runner_up_lost_on_readiness_says_so_term_by_term():
    prob = problem(
        [
            pledge("WIN", level=ReadinessLevel.RDL),
            pledge("LOSE", "BGD", level=ReadinessLevel.LEVEL_2),
        ],
        [requirement("R1")],
    )
    [runner] = _story(prob, "R1").runners_up
    assert runner.kind is LossKind.LOWER_SCORE
    assert "readiness Level 2 vs RDL (-7.0)" in runner.reason


def test_runner_up_blocked_by_state_cap_names_the_cap():
    prob = problem(
        [pledge("NPL-1", personnel=1500, level=ReadinessLevel.RDL), pledge("NPL-2", personnel=850)],
        [requirement("R1", priority=Priority.CRITICAL), requirement("R2")],
        states=(StateCaps("NPL", total=2000),),
    )
    story = _story(prob, "R2")
    assert story.filled == 0
    reasons = {r.offer: (r.kind, r.reason) for r in story.runners_up}
    assert reasons["NPL-2"] == (
        LossKind.BLOCKED,
        "State cap of 2,000 reached (NPL: 1,500 in use, this unit adds 850)",
    )
    assert reasons["NPL-1"][0] is LossKind.ELSEWHERE


def test_unfilled_requirement_lists_candidates_with_their_exclusions():
    prob = problem(
        [
            pledge("L1", level=ReadinessLevel.LEVEL_1),
            pledge("LATE", "BGD", available_from=dt.date(2027, 6, 1), notice_days=30),
            pledge("CAV", "PAK", caveats=frozenset({"MINUSCA"})),
        ],
        [requirement("R1", "MINUSCA", needed_by=dt.date(2027, 3, 1))],
    )
    story = _story(prob, "R1")
    reasons = {r.offer: r.reason for r in story.runners_up}
    assert reasons["L1"] == "Level 1 only (deployment needs Level 2 or above)"
    assert reasons["LATE"].startswith("available 2027-06-01 + 30 days notice, needed by 2027-03-01")
    assert reasons["CAV"] == "caveat: no deployment to MINUSCA"
    assert all(r.kind is LossKind.EXCLUDED for r in story.runners_up)


def test_unit_deployed_elsewhere_is_named_with_its_destination():
    prob = problem(
        [pledge("ONLY")],
        [
            requirement("CRIT", priority=Priority.CRITICAL),
            requirement("ROUT", priority=Priority.ROUTINE),
        ],
    )
    assert _story(prob, "ROUT").gap_reason == "nearest ONLY: assigned to CRIT (MINUSCA, critical)"


def test_requirement_nobody_offers_says_so():
    prob = problem([pledge("P1")], [requirement("R1", capability="attack_helicopter")])
    story = _story(prob, "R1")
    assert story.gap_reason == "no pledge offers attack_helicopter"
    assert "no pledge offers attack_helicopter" in story.text()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.booleans())
def test_runners_up_are_the_best_others_by_eligibility_then_score(prob, level_1):
    """The shortcut through the candidate graph ranks as scoring every offer would."""
    params = Params(time_limit=5, threads=1, allow_level_1=level_1)
    allocation = solve(prob, params)
    instance = Instance(prob, params)
    placed = {(a.pledge, a.requirement) for a in allocation.assignments}
    for story in explain(prob, allocation, params):
        req = prob.requirement(story.requirement)
        others = [
            o
            for o in instance.offers_by_capability.get(req.capability, ())
            if (o.pledges[0].id, req.id) not in placed
        ]
        expected = sorted(
            (
                (not rejections(instance, o, req), round(pair_terms(instance, o, req).total, 6))
                for o in others
            ),
            reverse=True,
        )[: params.runners_up]
        got = [(r.kind is not LossKind.EXCLUDED, round(r.score, 6)) for r in story.runners_up]
        assert got == expected


def test_explaining_a_large_plan_scores_only_the_runners_up():
    """Tier-M sized plan: the explanations come from the candidate graph, not every offer."""
    prob = generate("M", seed=1)
    allocation = solve(prob, Params(solver=SolverKind.GREEDY))
    stories = explain(prob, allocation)
    assert len(stories) == len(prob.requirements)
    assert all(len(s.runners_up) <= Params().runners_up for s in stories)
    filled = sum(s.filled for s in stories)
    assert filled == len(allocation.assignments) - sum(
        len(b.pledges) - 1
        for b in prob.bundles
        if any(a.pledge == b.pledges[0] for a in allocation.assignments)
    )


def test_explanations_reuse_the_candidate_graph_the_plan_was_solved_with(monkeypatch):
    prob = generate("S", seed=2)
    prepared = prepare(prob, FAST)
    allocation = solve(prob, FAST, prepared=prepared)
    fresh = explain(prob, allocation, FAST)
    other_rules = prepare(prob, Params(allow_level_1=True))

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the candidate graph was built again")

    # By module object: ``pcrs.engine.explain`` as a dotted name is the function.
    monkeypatch.setattr(sys.modules[Explanation.__module__], "prepare", no_rebuild)
    assert explain(prob, allocation, FAST, prepared=prepared) == fresh
    monkeypatch.undo()
    # A graph built under other rules (Level 1 allowed) is not reused: same story as fresh.
    assert explain(prob, allocation, FAST, prepared=other_rules) == fresh


def test_a_runner_up_losing_on_women_reads_share_of_women_once():
    prob = problem(
        [pledge("MORE", women=170, personnel=850), pledge("FEW", state="BGD", women=0)],
        [requirement("R1", min_women_share=0.2)],
    )
    [runner] = [r for r in _story(prob, "R1").runners_up if r.offer == "FEW"]
    assert "share of women 0% vs 20%, target 20%" in runner.reason
    assert "women women" not in runner.reason
