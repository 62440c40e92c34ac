"""PCRS force-generation engine: allocate pledged units to mission requirements.

A library first: frozen dataclasses in, an :class:`Allocation` out, no Django (an
import-linter contract enforces it). Typical use::

    from pcrs.engine import Params, load_problem, solve, explain, validate

    problem = load_problem("scenario.json")
    allocation = solve(problem, Params(time_limit=30, threads=2, seed=0))
    assert not validate(problem, allocation)
    for item in explain(problem, allocation):
        print(item.text())

docs/engine.md describes the model, the objective and the JSON format.
"""

from pcrs.engine.errors import ScenarioError
from pcrs.engine.explain import Explanation, explain
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
    check_problem,
)
from pcrs.engine.params import ObjectiveKind, Params, SolverKind, Weights
from pcrs.engine.result import Allocation, Assignment, Sense, Status
from pcrs.engine.scenario import (
    allocation_from_dict,
    allocation_to_dict,
    load_allocation,
    load_problem,
    problem_from_dict,
    problem_to_dict,
    save_problem,
)
from pcrs.engine.scoring import evaluate
from pcrs.engine.solve import Prepared, Progress, ProgressCallback, prepare, solve
from pcrs.engine.validate import Violation, validate

__all__ = [
    "Allocation",
    "Assignment",
    "Bundle",
    "Exclusion",
    "Explanation",
    "Mission",
    "ObjectiveKind",
    "PairCost",
    "Params",
    "Pledge",
    "Prepared",
    "Priority",
    "Problem",
    "Progress",
    "ProgressCallback",
    "ReadinessLevel",
    "Requirement",
    "ScenarioError",
    "Sense",
    "SolverKind",
    "StateCaps",
    "Status",
    "Violation",
    "Weights",
    "allocation_from_dict",
    "allocation_to_dict",
    "check_problem",
    "evaluate",
    "explain",
    "load_allocation",
    "load_problem",
    "prepare",
    "problem_from_dict",
    "problem_to_dict",
    "save_problem",
    "solve",
    "validate",
]
