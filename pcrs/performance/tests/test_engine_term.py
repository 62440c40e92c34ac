"""The performance term reaching the engine: the score this app computes, put on the
engine's Pledge as the force-generation adapter will put it, decides between two otherwise
equal pledges. (The adapter itself is pcrs/generation's; see ADR 0102 for the wiring.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs import engine
from pcrs.performance.models import UnitEvaluation
from pcrs.performance.selectors import pledge_performance_score

pytestmark = pytest.mark.django_db


def test_the_better_evaluated_state_wins_an_otherwise_equal_choice(
    evaluate: Callable[..., UnitEvaluation], make_pledge: Callable[..., Any]
) -> None:
    on = dt.date(2026, 6, 1)
    evaluate("BGD", (4, 4, 4), evaluated_on=dt.date(2026, 1, 10))
    evaluate("KAZ", (1, 2, 1), evaluated_on=dt.date(2026, 1, 10))
    pledges = {iso: make_pledge(iso) for iso in ("BGD", "KAZ")}
    scores = {iso: pledge_performance_score(pledge=p, on=on) for iso, p in pledges.items()}
    assert scores["BGD"] == 1.0 and scores["KAZ"] is not None and scores["KAZ"] < 0.2
    problem = engine.Problem(
        pledges=tuple(
            engine.Pledge(iso, iso, "infantry", 850, performance=scores[iso]) for iso in scores
        ),
        requirements=(engine.Requirement("R1", "MINUSCA", "infantry", dt.date(2027, 6, 1)),),
        missions=(engine.Mission("MINUSCA", host_state="CAF"),),
    )
    allocation = engine.solve(problem, engine.Params(time_limit=10, threads=1, seed=0))
    assert [a.pledge for a in allocation.assignments] == ["BGD"]
    # Swap the records: the choice follows.
    swapped = engine.Problem(
        pledges=tuple(
            engine.Pledge(iso, iso, "infantry", 850, performance=1.0 - (scores[iso] or 0))
            for iso in scores
        ),
        requirements=problem.requirements,
        missions=problem.missions,
    )
    assert [
        a.pledge
        for a in engine.solve(swapped, engine.Params(time_limit=10, threads=1, seed=0)).assignments
    ] == ["KAZ"]
