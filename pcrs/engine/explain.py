"""Explanations a planner accepts: why this unit, why not that one, why this gap.

For each requirement: the chosen unit(s) with the score broken into terms; the best
runners-up, each with the reason it lost: a lower score (term by term against the weakest
chosen unit), a named constraint that blocks it in this plan ("State cap of 2,000 reached"),
deployment elsewhere, or a pair rule that excludes it ("Level 1 only", "caveat: no
deployment to MINUSCA"). For unfilled units the same list reads as "nearest candidates and what
excludes each". Every reason comes from the labelled constraints in
:mod:`pcrs.engine.constraints`, the same definitions the solver used.
"""

from __future__ import annotations

import enum
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pcrs.engine.candidates import Candidates
from pcrs.engine.constraints import (
    Cap,
    CapKey,
    CapKind,
    cap_terms,
    rejections,
    spread_key,
)
from pcrs.engine.instance import Instance, Offer
from pcrs.engine.model import Problem, Requirement
from pcrs.engine.params import Params
from pcrs.engine.result import Allocation, Assignment
from pcrs.engine.scoring import ScoreTerms, pair_terms
from pcrs.engine.solve import Prepared, prepare


class LossKind(enum.Enum):
    """Why a runner-up is not in the plan."""

    LOWER_SCORE = "lower_score"
    BLOCKED = "blocked"  # a cap of this plan leaves no room for it
    ELSEWHERE = "elsewhere"  # deployed to another requirement
    EXCLUDED = "excluded"  # a pair rule: it may never fill this requirement
    TRADE_OFF = "trade_off"  # fits and scores well; the plan as a whole is better without it


@dataclass(frozen=True)
class Chosen:
    """A unit in the plan for this requirement, with its score term by term."""

    offer: str
    pledges: tuple[str, ...]
    score: float
    terms: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class RunnerUp:
    """A candidate not chosen here, and why, in planner words."""

    offer: str
    pledges: tuple[str, ...]
    score: float
    kind: LossKind
    reason: str


@dataclass(frozen=True)
class Explanation:
    """One requirement's story: what fills it, and what did not make it."""

    requirement: str
    mission: str
    capability: str
    priority: str
    units: int
    chosen: tuple[Chosen, ...]
    runners_up: tuple[RunnerUp, ...]

    @property
    def filled(self) -> int:
        return len(self.chosen)

    @property
    def gap_reason(self) -> str:
        """One line on why units are missing ('' when fully filled)."""
        if self.filled >= self.units:
            return ""
        if not self.runners_up:
            return f"no pledge offers {self.capability}"
        best = self.runners_up[0]
        return f"nearest {best.offer}: {best.reason}"

    def text(self) -> str:
        """The explanation as indented lines for the command line."""
        head = (
            f"{self.requirement} {self.mission} {self.capability} ({self.priority}): "
            f"{self.filled} of {self.units} unit(s) filled"
        )
        lines = [head]
        for c in self.chosen:
            parts = " + ".join(f"{name} {value:.1f}" for name, value in c.terms if value)
            lines.append(f"  chosen {c.offer}: {c.score:.1f} = {parts or '0'}")
        label = "runner-up" if self.filled >= self.units else "candidate"
        lines.extend(f"  {label} {r.offer} ({r.score:.1f}): {r.reason}" for r in self.runners_up)
        if self.filled < self.units and not self.runners_up:
            lines.append(f"  no pledge offers {self.capability}")
        return "\n".join(lines)


_TERM_WORDS = {
    "fill": "priority",
    "readiness": "readiness",
    "on_time": "arrival",
    "performance": "performance",
    "language": "language fit",
    "gender": "share of women",
    "cost": "cost",
    "continuity": "continuity with the previous plan",
}


def _term_difference(
    name: str, diff: float, *, loser: Offer, winner: Offer, req: Requirement, instance: Instance
) -> str:
    """One lost term in planner words: ``readiness Level 2 vs RDL (-7.0)``."""
    default = instance.params.default_performance
    match name:
        case "readiness":
            detail = f"{loser.level.label} vs {winner.level.label}"
        case "on_time":
            detail = (
                f"arrives {loser.arrival.isoformat()} vs {winner.arrival.isoformat()}, "
                f"needed by {req.needed_by.isoformat()}"
            )
        case "performance":
            detail = f"{loser.performance(default):.2f} vs {winner.performance(default):.2f}"
        case "language":
            spoken = ", ".join(sorted(loser.languages & req.languages)) or "none"
            detail = f"speaks {spoken} of {', '.join(sorted(req.languages))}"
        case "gender":
            detail = (
                f"{loser.women_share:.0%} vs {winner.women_share:.0%}, "
                f"target {req.min_women_share:.0%}"
            )
        case _:
            detail = ""
    words = _TERM_WORDS.get(name, name)
    return f"{words} {detail} ({diff:+.1f})" if detail else f"{words} ({diff:+.1f})"


def explain(
    problem: Problem,
    allocation: Allocation | Iterable[Assignment],
    params: Params | None = None,
    *,
    previous: Iterable[Assignment] = (),
    prepared: Prepared | None = None,
) -> list[Explanation]:
    """Explain every requirement of a plan, in the problem's order.

    ``prepared`` (the one the plan was solved with) saves building the candidate graph again.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Requirement, ReadinessLevel
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140, level=ReadinessLevel.RDL),
    ...              Pledge("P2", "BGD", "fpu", 140, level=ReadinessLevel.LEVEL_1)),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> [e] = explain(problem, [Assignment("P1", "R1")])
    >>> e.runners_up[0].reason
    'Level 1 only (deployment needs Level 2 or above)'
    """
    params = params or Params()
    previous = tuple(previous)
    if prepared is None or not prepared.serves(problem, params, previous):
        prepared = prepare(problem, params, previous=previous)
    instance, cands = prepared.instance, prepared.cands
    caps = cands.caps
    assignments = allocation.assignments if isinstance(allocation, Allocation) else allocation

    placed: dict[str, str] = {}  # offer id -> requirement id
    chosen_by_req: dict[str, list[Offer]] = defaultdict(list)
    for a in assignments:
        offer = instance.offer_of_pledge.get(a.pledge)
        if offer is None or a.requirement not in instance.requirement_index:
            continue
        if placed.get(offer.id) != a.requirement:
            placed[offer.id] = a.requirement
            chosen_by_req[a.requirement].append(offer)

    usage: dict[CapKey, int] = defaultdict(int)
    spread_used: dict[tuple[str, str, str], int] = defaultdict(int)
    for req_id, offers in chosen_by_req.items():
        req = problem.requirement(req_id)
        for offer in offers:
            for key, coef in cap_terms(offer, req):
                usage[key] += coef
            spread_used[spread_key(offer, req)] += 1

    out = []
    for req in problem.requirements:
        chosen_offers = chosen_by_req.get(req.id, [])
        chosen_terms = [(o, pair_terms(instance, o, req)) for o in chosen_offers]
        chosen = tuple(
            Chosen(o.id, tuple(p.id for p in o.pledges), t.total, tuple(t.items()))
            for o, t in chosen_terms
        )
        weakest = min(chosen_terms, key=lambda ot: ot[1].total, default=None)
        full = len(chosen_offers) >= req.units
        runners = []
        for terms, offer in _best_others(instance, cands, req, chosen_offers, params.runners_up):
            kind, reason = _why_not(
                instance=instance,
                caps=caps,
                usage=usage,
                spread_used=spread_used,
                placed=placed,
                offer=offer,
                req=req,
                terms=terms,
                weakest=weakest,
                full=full,
            )
            runners.append(
                RunnerUp(offer.id, tuple(p.id for p in offer.pledges), terms.total, kind, reason)
            )
        out.append(
            Explanation(
                req.id,
                req.mission,
                req.capability,
                req.priority.value,
                req.units,
                chosen,
                tuple(runners),
            )
        )
    return out


def _best_others(
    instance: Instance, cands: Candidates, req: Requirement, chosen: list[Offer], limit: int
) -> list[tuple[ScoreTerms, Offer]]:
    """The ``limit`` best offers of the capability not chosen for ``req``: eligible ones by
    score first, then excluded ones by score (ties in the instance's offer order).

    The eligible ones come from the candidate graph, already sorted; only when it holds fewer
    than ``limit`` others are all offers of the capability scored, one by one (on tier L that
    would be millions of pairs).
    """
    taken = {offer.index for offer in chosen}
    offers = instance.offers
    pairs = cands.by_requirement[instance.requirement_index[req.id]]
    others = (o for o in (cands.pair_offer[p] for p in pairs) if o not in taken)
    eligible = [offers[o] for o in itertools.islice(others, limit)]
    if len(eligible) >= limit:
        return [(pair_terms(instance, offer, req), offer) for offer in eligible]
    ranked = sorted(
        (
            (not rejections(instance, o, req), pair_terms(instance, o, req), o)
            for o in instance.offers_by_capability.get(req.capability, ())
            if o.index not in taken
        ),
        key=lambda item: (item[0], item[1].total),
        reverse=True,
    )
    return [(terms, offer) for _, terms, offer in ranked[:limit]]


def _why_not(
    *,
    instance: Instance,
    caps: dict[CapKey, Cap],
    usage: dict[CapKey, int],
    spread_used: dict[tuple[str, str, str], int],
    placed: dict[str, str],
    offer: Offer,
    req: Requirement,
    terms: ScoreTerms,
    weakest: tuple[Offer, ScoreTerms] | None,
    full: bool,
) -> tuple[LossKind, str]:
    found = rejections(instance, offer, req)
    if found:
        return LossKind.EXCLUDED, "; ".join(r.message for r in found)
    if offer.id in placed:
        other = instance.problem.requirement(placed[offer.id])
        return (
            LossKind.ELSEWHERE,
            f"assigned to {other.id} ({other.mission}, {other.priority.value})",
        )
    for key, coef in cap_terms(offer, req):
        cap = caps.get(key)
        if cap is None or key[0] == CapKind.REQUIREMENT_UNITS.value:
            continue
        if usage[key] + coef > cap.upper:
            return LossKind.BLOCKED, cap.describe_blocking(usage[key], coef)
    if full and weakest is not None:
        w_offer, w_terms = weakest
        if terms.total < w_terms.total:
            diffs = sorted(
                (
                    (mine - theirs, name)
                    for (name, mine), (_, theirs) in zip(
                        terms.items(), w_terms.items(), strict=True
                    )
                    if mine - theirs < -1e-9
                ),
            )
            words = ", ".join(
                _term_difference(
                    name, diff, loser=offer, winner=w_offer, req=req, instance=instance
                )
                for diff, name in diffs[:3]
            )
            return (
                LossKind.LOWER_SCORE,
                f"lower score than {w_offer.id} ({terms.total:.1f} vs {w_terms.total:.1f}): "
                f"{words}",
            )
    key = spread_key(offer, req)
    if spread_used.get(key) and not instance.min_cost:
        return (
            LossKind.TRADE_OFF,
            f"{offer.state} already provides a unit to {req.mission}"
            f"{' in ' + req.period if req.period else ''}: spread penalty "
            f"-{instance.weights.spread:.1f}",
        )
    return LossKind.TRADE_OFF, "the plan as a whole scores higher without it"
