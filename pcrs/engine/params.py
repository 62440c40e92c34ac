"""Solver parameters and objective weights: every tunable of the engine lives here.

Weights are plain floats in "score points"; they are turned into the integers CP-SAT needs in
exactly one place, :func:`pcrs.engine.scoring.to_units`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pcrs.engine.model import Priority, ReadinessLevel


class SolverKind(enum.Enum):
    EXACT = "exact"
    GREEDY = "greedy"


class ObjectiveKind(enum.Enum):
    """What the solver optimises.

    ``WEIGHTED`` maximises the weighted score of the plan (fill, readiness, timing, ...).
    ``MIN_COST`` minimises the total pair cost with every requirement filled: the classic
    generalized assignment problem. ``AUTO`` picks ``MIN_COST`` when every requirement is
    ``must_fill`` (there is then nothing left to trade but cost) and ``WEIGHTED`` otherwise.
    """

    AUTO = "auto"
    WEIGHTED = "weighted"
    MIN_COST = "min_cost"


@dataclass(frozen=True)
class Weights:
    """Score points of each objective term. Defaults rank filling far above quality.

    A filled unit of a critical requirement is worth ``fill_critical`` plus its quality terms;
    quality terms together stay below the gap between priorities, so the engine never leaves a
    critical unit empty to fill a routine one with a better unit.

    >>> Weights().fill(Priority.CRITICAL)
    100.0
    """

    fill_critical: float = 100.0
    fill_high: float = 60.0
    fill_routine: float = 30.0
    readiness_rdl: float = 10.0
    readiness_level_3: float = 6.0
    readiness_level_2: float = 3.0
    readiness_level_1: float = 0.0
    on_time: float = 8.0
    performance: float = 5.0
    language: float = 4.0
    gender: float = 4.0
    # Penalty per unit beyond the first that one State provides to one mission in one period.
    spread: float = 5.0
    # Per unit of the scenario's pair cost.
    cost: float = 1.0
    # Penalty per assignment of the previous plan that the new plan changes (re-planning).
    change: float = 20.0

    def fill(self, priority: Priority) -> float:
        return {
            Priority.CRITICAL: self.fill_critical,
            Priority.HIGH: self.fill_high,
            Priority.ROUTINE: self.fill_routine,
        }[priority]

    def readiness(self, level: ReadinessLevel) -> float:
        return {
            ReadinessLevel.RDL: self.readiness_rdl,
            ReadinessLevel.LEVEL_3: self.readiness_level_3,
            ReadinessLevel.LEVEL_2: self.readiness_level_2,
            ReadinessLevel.LEVEL_1: self.readiness_level_1,
        }[level]


@dataclass(frozen=True)
class Params:
    """How to solve: which solver, how long, and which planning rules apply.

    >>> Params(time_limit=5.0, threads=2, seed=7).solver
    <SolverKind.EXACT: 'exact'>
    """

    weights: Weights = field(default_factory=Weights)
    solver: SolverKind = SolverKind.EXACT
    objective: ObjectiveKind = ObjectiveKind.AUTO
    # Wall-clock seconds for the whole solve, model building included.
    time_limit: float = 30.0
    threads: int = 2
    seed: int = 0
    # Stop once the plan is proven within this relative gap of the bound (0: prove optimality).
    gap_limit: float = 0.0
    # Warm-start CP-SAT with the greedy plan (AddHint) and keep the better of the two.
    warm_start: bool = True
    # Solve the LP relaxation first (GLOP): its rounding is a better warm start than greedy,
    # and its Lagrangian bound holds for the whole problem (see pcrs.engine.relax).
    relaxation: bool = True
    # Above this many candidate pairs, CP-SAT gets a restricted model (the LP's columns and
    # the best pairs of every requirement); the bound then comes from the LP alone.
    max_model_pairs: int = 300_000
    # Above this many candidate pairs the LP relaxation is solved whole by PDLP (a first-order
    # method) instead of by column generation with the simplex, which stalls at that size.
    pdlp_above_pairs: int = 300_000
    # Up to this many candidate pairs, the model is solved whole by HiGHS's MIP
    # (pcrs.engine.mip) before CP-SAT; the better plan and the better bound are kept (ADR
    # 0120). 0 leaves it to CP-SAT alone.
    mip_below_pairs: int = 50_000
    # PCRS considers Level 2 and above for deployment; Level 1 only when the planner says so.
    allow_level_1: bool = False
    # A unit arriving more than this many days after needed_by is not a candidate at all.
    max_late_days: int = 60
    # When true, a unit below a requirement's share of women is not a candidate (otherwise the
    # shortfall only costs gender points).
    enforce_women_share: bool = False
    # Performance assumed for a pledge without an evaluation, in [0, 1].
    default_performance: float = 0.5
    # How many runners-up each explanation lists.
    runners_up: int = 3

    def objective_for(self, all_must_fill: bool) -> ObjectiveKind:
        if self.objective is ObjectiveKind.AUTO:
            return ObjectiveKind.MIN_COST if all_must_fill else ObjectiveKind.WEIGHTED
        return self.objective
