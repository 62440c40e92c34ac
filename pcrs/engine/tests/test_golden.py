"""Golden scenarios: hand-written JSON with hand-checked plans and reasons (see each "why")."""

import json
from pathlib import Path

import pytest

from pcrs.engine import Params, SolverKind, explain, load_problem, solve, validate

GOLDEN = Path(__file__).with_name("golden")
CASES = sorted(p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json"))


@pytest.mark.parametrize("name", CASES)
def test_golden_plan_and_reasons(name):
    problem = load_problem(GOLDEN / f"{name}.json")
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text())
    params = Params(time_limit=10)
    allocation = solve(problem, params)
    assert allocation.status.value == expected["status"]
    assert [list(pair) for pair in allocation.pairs] == expected["assignments"]
    assert validate(problem, allocation, params) == []
    stories = {e.requirement: e for e in explain(problem, allocation, params)}
    for requirement, reasons in expected["reasons"].items():
        actual = {r.offer: r.reason for r in stories[requirement].runners_up}
        for offer, reason in reasons.items():
            assert actual[offer] == reason


@pytest.mark.parametrize("name", CASES)
def test_golden_greedy_plan_is_valid(name):
    problem = load_problem(GOLDEN / f"{name}.json")
    assert validate(problem, solve(problem, Params(solver=SolverKind.GREEDY))) == []
