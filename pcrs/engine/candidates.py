"""The candidate graph: every (offer, requirement) pair that passes the pair rules.

Pairs are generated per capability only (an engineer company is never compared with a
helicopter requirement), so the graph is as large as the real choice, not |offers| x
|requirements|. Generation is vectorised with numpy, one offers x requirements block per
capability: tier L has about two million eligible pairs, which a per-pair Python loop took
minutes to enumerate. The pair rules and the score stay defined once, in
:mod:`pcrs.engine.constraints` and :mod:`pcrs.engine.scoring`; :func:`reference_pairs` runs
those definitions pair by pair, and the tests check that both give the same graph and the same
integer scores.

Pairs are numbered in (requirement, offer) order. Besides per-pair lookups, the graph holds
the cap rows in compressed form (``term_ptr``/``term_row``/``term_coef``: the rows each pair
counts against, with its coefficient) and the spread groups, which the solvers, the LP
relaxation and greedy read as arrays.

Which cap row a pair counts against is not decided here: :func:`member_row_tables` asks each
cap definition (:data:`~pcrs.engine.constraints.MEMBER_CAPS`) for every (State, mission,
period) cell, and both the row arrays and the ``too_large_for_a_cap`` mask read those tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

import numpy as np
import numpy.typing as npt

from pcrs.engine.constraints import (
    CAP_DEFINITIONS,
    MEMBER_CAPS,
    Cap,
    CapKey,
    CapKind,
    cap_key,
    cap_terms,
    caps_of,
    is_eligible,
)
from pcrs.engine.instance import Instance, Offer
from pcrs.engine.model import ReadinessLevel, Requirement
from pcrs.engine.scoring import SCALE, pair_score

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


class Candidates:
    """Eligible pairs of an instance, their integer scores and the caps they touch.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Problem, Requirement
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140), Pledge("P2", "BGD", "helo", 100)),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> cands = Candidates(Instance(problem, Params()))
    >>> [(cands.offer(i).id, cands.requirement(i).id) for i in range(len(cands))]
    [('P1', 'R1')]
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.caps: dict[CapKey, Cap] = caps_of(instance)
        #: Row k of every model is the cap ``row_keys[k]`` (named ``caps[row_keys[k]].label``).
        self.row_keys: list[CapKey] = list(self.caps)
        self.row_upper: IntArray = np.array(
            [self.caps[k].upper for k in self.row_keys], dtype=np.int64
        )
        self.row_lower: IntArray = np.array(
            [self.caps[k].lower for k in self.row_keys], dtype=np.int64
        )
        reqs = instance.requirements
        #: The axes of the member cap tables: States of the offers, missions and periods of
        #: the requirements (a requirement without a period uses the extra last period slot).
        self.states: list[str] = sorted({s for o in instance.offers for s in o.states})
        self.missions: list[str] = sorted({r.mission for r in reqs})
        self.periods: list[str] = sorted({r.period for r in reqs if r.period is not None})
        row_of = {key: k for k, key in enumerate(self.row_keys)}
        self.member_rows: list[IntArray] = member_row_tables(
            row_of, self.states, self.missions, self.periods
        )
        offer_of, req_of, scores = _generate(instance, self)
        #: Offer index and requirement index of every pair, and its integer score (numpy).
        self.offer_of: IntArray = offer_of
        self.req_of: IntArray = req_of
        self.scores: IntArray = scores
        self._build_rows()

    def __len__(self) -> int:
        return len(self.offer_of)

    # Plain lists as well, built on first use: per-pair access from Python is several times
    # faster on them than on numpy arrays.
    @cached_property
    def pair_offer(self) -> list[int]:
        return self.offer_of.tolist()  # type: ignore[no-any-return]

    @cached_property
    def pair_req(self) -> list[int]:
        return self.req_of.tolist()  # type: ignore[no-any-return]

    @cached_property
    def score(self) -> list[int]:
        return self.scores.tolist()  # type: ignore[no-any-return]

    def offer(self, pair: int) -> Offer:
        return self.instance.offers[self.pair_offer[pair]]

    def requirement(self, pair: int) -> Requirement:
        return self.instance.requirements[self.pair_req[pair]]

    def terms(self, pair: int) -> Iterator[tuple[CapKey, int]]:
        """The defined caps this pair counts against, with its coefficient."""
        keys = self.row_keys
        start, end = int(self.term_ptr[pair]), int(self.term_ptr[pair + 1])
        rows, coefs = self.term_row[start:end].tolist(), self.term_coef[start:end].tolist()
        for row, coef in zip(rows, coefs, strict=True):
            yield keys[row], coef

    def pair_rows(self, offer: int, req: int) -> list[tuple[int, int]]:
        """Row numbers and coefficients of the pair (offer, req), as :meth:`terms` but fast."""
        found = [(self.once_rows[offer], 1), (self.units_rows[req], 1)]
        m, p = self._r_mission[req], self._r_period[req]
        for s, personnel in self._members[offer]:
            for table in self._member_lists:
                row = table[s][m][p]
                if row >= 0:
                    found.append((row, personnel))
        return found

    @cached_property
    def by_requirement(self) -> list[list[int]]:
        """Pair numbers per requirement index, best score first."""
        order = np.lexsort((-self.scores, self.req_of))
        bounds = np.searchsorted(self.req_of[order], np.arange(len(self.instance.requirements) + 1))
        flat = order.tolist()
        edges = bounds.tolist()
        return [flat[edges[r] : edges[r + 1]] for r in range(len(self.instance.requirements))]

    @cached_property
    def index(self) -> dict[tuple[int, int], int]:
        """Pair number by (offer index, requirement index)."""
        return {
            (o, r): p for p, (o, r) in enumerate(zip(self.pair_offer, self.pair_req, strict=True))
        }

    # -----------------------------------------------------------------------------------------
    # Rows

    def _build_rows(self) -> None:
        """Cap rows as arrays: ``row_keys[k]`` is row k, and pair p counts against rows
        ``term_row[term_ptr[p]:term_ptr[p + 1]]`` with coefficients ``term_coef[...]``.

        Same rows, coefficients and order as :func:`~pcrs.engine.constraints.cap_terms`, for
        the caps the instance defines.
        """
        instance = self.instance
        row_of = {key: k for k, key in enumerate(self.row_keys)}
        n = len(self)
        pairs = np.arange(n, dtype=np.int64)
        pieces: list[tuple[IntArray, IntArray, IntArray, IntArray]] = []

        def add(rows: IntArray, coefs: IntArray, which: IntArray, seq: IntArray) -> None:
            keep = rows >= 0
            pieces.append((rows[keep], coefs[keep], which[keep], seq[keep]))

        once = np.array(
            [row_of[_key(CapKind.PLEDGE_ONCE, o.id)] for o in instance.offers], dtype=np.int64
        )
        units = np.array(
            [row_of[_key(CapKind.REQUIREMENT_UNITS, r.id)] for r in instance.requirements],
            dtype=np.int64,
        )
        ones = np.ones(n, dtype=np.int64)
        add(once[self.offer_of], ones, pairs, np.zeros(n, dtype=np.int64))
        add(units[self.req_of], ones, pairs, ones)

        # Members: one entry per (offer, State), in State order, with that State's personnel.
        member_offer: list[int] = []
        member_state: list[str] = []
        member_pers: list[int] = []
        for offer in instance.offers:
            for state, personnel in offer.personnel_by_state:
                member_offer.append(offer.index)
                member_state.append(state)
                member_pers.append(personnel)
        counts = np.bincount(np.array(member_offer, dtype=np.int64), minlength=len(instance.offers))
        first = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        # Expand pairs over members (a bundle of two States gives two entries per pair).
        per_pair = counts[self.offer_of]
        e_pair = np.repeat(pairs, per_pair)
        within = np.arange(len(e_pair), dtype=np.int64) - np.repeat(
            np.cumsum(per_pair) - per_pair, per_pair
        )
        e_member = first[self.offer_of[e_pair]] + within
        e_coef = np.array(member_pers, dtype=np.int64)[e_member]
        state_index = {s: i for i, s in enumerate(self.states)}
        e_state = np.array([state_index[s] for s in member_state], dtype=np.int64)[e_member]
        r_mission, r_period = self.requirement_axes()
        e_mission = r_mission[self.req_of[e_pair]]
        e_period = r_period[self.req_of[e_pair]]
        # Within a pair: its offer row, its requirement row, then per member the member caps
        # in MEMBER_CAPS order (the order of cap_terms).
        base = 2 + len(self.member_rows) * within
        for k, table in enumerate(self.member_rows):
            add(table[e_state, e_mission, e_period], e_coef, e_pair, base + k)

        t_row, t_coef, t_pair, t_seq = (
            np.concatenate(parts) for parts in zip(*pieces, strict=True)
        )
        # Pair-major, and within a pair in cap_terms order (a stable sort keeps it per piece).
        order = np.argsort(t_pair * (int(t_seq.max(initial=0)) + 1) + t_seq, kind="stable")
        # Small lookup tables for per-pair row lists from Python (greedy): see pair_rows().
        #: Row of each offer's "used once" cap, and of each requirement's units.
        self.once_rows: list[int] = once.tolist()
        self.units_rows: list[int] = units.tolist()
        self._members: list[list[tuple[int, int]]] = [[] for _ in instance.offers]
        for o, state, pers in zip(member_offer, member_state, member_pers, strict=True):
            self._members[o].append((state_index[state], pers))
        self._r_mission: list[int] = r_mission.tolist()
        self._r_period: list[int] = r_period.tolist()
        self._member_lists: list[list[list[list[int]]]] = [t.tolist() for t in self.member_rows]
        self.term_row: IntArray = t_row[order]
        self.term_coef: IntArray = t_coef[order]
        self.term_pair: IntArray = t_pair[order]
        self.term_ptr: IntArray = np.concatenate(
            ([0], np.cumsum(np.bincount(t_pair, minlength=n)))
        ).astype(np.int64)

    def requirement_axes(self) -> tuple[IntArray, IntArray]:
        """Per requirement, its mission's and its period's index on the member tables' axes."""
        mission_index = {m: i for i, m in enumerate(self.missions)}
        period_index = {p: i for i, p in enumerate(self.periods)}
        reqs = self.instance.requirements
        none = len(self.periods)
        return (
            np.array([mission_index[r.mission] for r in reqs], dtype=np.int64),
            np.array(
                [period_index[r.period] if r.period is not None else none for r in reqs],
                dtype=np.int64,
            ),
        )

    @cached_property
    def spread_group(self) -> IntArray:
        """Per pair, the number of its (State, mission, period) spread group."""
        keys = self.spread_keys
        lookup = {key: g for g, key in enumerate(keys)}
        offers, reqs = self.instance.offers, self.instance.requirements
        state = [offers[o].state for o in range(len(offers))]
        mission = [r.mission for r in reqs]
        period = [r.period or "" for r in reqs]
        return np.array(
            [
                lookup[state[o], mission[r], period[r]]
                for o, r in zip(self.pair_offer, self.pair_req, strict=True)
            ],
            dtype=np.int64,
        )

    @cached_property
    def spread_keys(self) -> list[tuple[str, str, str]]:
        offers, reqs = self.instance.offers, self.instance.requirements
        found = {
            (offers[o].state, reqs[r].mission, reqs[r].period or "")
            for o, r in zip(self.pair_offer, self.pair_req, strict=True)
        }
        return sorted(found)

    @cached_property
    def rows(self) -> list[tuple[IntArray, IntArray]]:
        """Per row number, its pairs and coefficients."""
        order = np.argsort(self.term_row, kind="stable")
        rows_sorted = self.term_row[order]
        edges = np.searchsorted(rows_sorted, np.arange(len(self.row_keys) + 1)).tolist()
        pairs, coefs = self.term_pair[order], self.term_coef[order]
        return [
            (pairs[edges[k] : edges[k + 1]], coefs[edges[k] : edges[k + 1]])
            for k in range(len(self.row_keys))
        ]


# ---------------------------------------------------------------------------------------------
# Vectorised generation


def _key(kind: CapKind, who: str) -> CapKey:
    """The key of the offer's (or requirement's) own cap of this kind, by its definition."""
    definition = CAP_DEFINITIONS[kind]
    subject = definition.subject(who, "", None)
    if subject is None:  # pragma: no cover - every offer and requirement has its own cap
        raise ValueError(f"no {kind.value} cap for {who}")
    return cap_key(definition, subject)


def member_row_tables(
    row_of: dict[CapKey, int], states: list[str], missions: list[str], periods: list[str]
) -> list[IntArray]:
    """Per member cap kind (:data:`~pcrs.engine.constraints.MEMBER_CAPS`), the row a State's
    part of a pair counts against, by (State, mission, period; the last period slot for a
    requirement without one), -1 where the instance defines no such cap.

    Filled by asking each definition's ``subject`` for every cell: the vectorised code holds no
    rule of its own about which cap a pair counts against.
    """
    slots: list[str | None] = [*periods, None]
    shape = (max(1, len(states)), max(1, len(missions)), len(slots))
    tables = []
    for definition in MEMBER_CAPS:
        subject_of, kind = definition.subject, cap_key(definition, ())
        cells = [
            [
                [
                    -1
                    if (subject := subject_of(state, mission, period)) is None
                    else row_of.get(kind + subject, -1)
                    for period in slots
                ]
                for mission in missions
            ]
            for state in states
        ]
        table = np.full(shape, -1, dtype=np.int64)
        if states and missions:
            table[:] = np.array(cells, dtype=np.int64)
        tables.append(table)
    return tables


def _bitmask(items: frozenset[str], index: dict[str, int]) -> int:
    mask = 0
    for item in items:
        mask |= 1 << index.setdefault(item, len(index))
    return mask


def _generate(instance: Instance, cands: Candidates) -> tuple[IntArray, IntArray, IntArray]:
    """Eligible pairs (offer index, requirement index) in (requirement, offer) order, and their
    integer scores: the pair rules and :func:`~pcrs.engine.scoring.pair_terms`, over arrays.

    ``cands`` gives the caps' row tables and limits (the ``too_large_for_a_cap`` rule)."""
    params, weights, problem = instance.params, instance.weights, instance.problem
    offers, reqs = instance.offers, instance.requirements
    missions, periods = cands.missions, cands.periods
    mission_index = {m: i for i, m in enumerate(missions)}
    n_o, n_m, n_p = len(offers), len(missions), len(periods)
    language_index: dict[str, int] = {}

    # Per offer.
    level = np.array([int(o.level) for o in offers], dtype=np.int64)
    arrival = np.array([o.arrival.toordinal() for o in offers], dtype=np.int64)
    readiness = np.array([weights.readiness(o.level) for o in offers], dtype=np.float64)
    performance = np.array(
        [weights.performance * o.performance(params.default_performance) for o in offers],
        dtype=np.float64,
    )
    women_share = np.array([o.women_share for o in offers], dtype=np.float64)
    o_lang = np.array([_bitmask(o.languages, language_index) for o in offers], dtype=np.uint64)
    # Offer x mission: caveats and host-country refusals, from a State x mission table.
    states = cands.states
    state_index = {s: i for i, s in enumerate(states)}
    n_s = len(states)
    host_bad = np.zeros((max(1, n_s), max(1, n_m)), dtype=np.bool_)
    for m, code in enumerate(missions):
        mission = problem.mission(code)
        for state in {mission.host_state, *mission.excluded_states}:
            if state in state_index:
                host_bad[state_index[state], m] = True
    m_offer, m_state, m_pers = (
        (
            np.array(column, dtype=np.int64)
            for column in zip(
                *(
                    (o.index, state_index[s], pers)
                    for o in offers
                    for s, pers in o.personnel_by_state
                ),
                strict=True,
            )
        )
        if offers
        else (np.zeros(0, dtype=np.int64),) * 3
    )
    barred = np.zeros((n_o, max(1, n_m)), dtype=np.bool_)
    np.logical_or.at(barred, m_offer, host_bad[m_state])
    for offer in offers:
        for code in offer.caveats:
            if code in mission_index:
                barred[offer.index, mission_index[code]] = True
    # Offer x mission x period: a member's part alone above a cap it would count against
    # (the member cap tables hold the rows; the smallest limit per cell decides).
    big = np.iinfo(np.int64).max
    upper_or_none = np.append(cands.row_upper, big)  # row -1 (no cap) reads "no limit"
    smallest = np.full(cands.member_rows[0].shape, big, dtype=np.int64)
    for table in cands.member_rows:
        np.minimum(smallest, upper_or_none[table], out=smallest)
    too_big = np.zeros((n_o, max(1, n_m), n_p + 1), dtype=np.bool_)
    if n_o:
        # Members are listed offer by offer: reduce each offer's run of members.
        starts = np.flatnonzero(np.concatenate(([True], m_offer[1:] != m_offer[:-1])))
        too_big[m_offer[starts]] = np.logical_or.reduceat(
            m_pers[:, None, None] > smallest[m_state], starts, axis=0
        )
    allowed = (level != int(ReadinessLevel.LEVEL_1)) | params.allow_level_1

    # Per requirement.
    r_mission, r_period = cands.requirement_axes()
    needed = np.array([r.needed_by.toordinal() for r in reqs], dtype=np.int64)
    fill = np.array([weights.fill(r.priority) for r in reqs], dtype=np.float64)
    r_lang = np.array([_bitmask(r.languages, language_index) for r in reqs], dtype=np.uint64)
    r_lang_n = np.array([len(r.languages) for r in reqs], dtype=np.float64)
    min_share = np.array([r.min_women_share for r in reqs], dtype=np.float64)

    # Sparse per-pair data: costs, previous plan, explicit exclusions.
    offer_index = {o.id: o.index for o in offers}
    req_index = instance.requirement_index
    sparse_cost: dict[tuple[int, int], float] = {
        (offer_index[o], req_index[r]): c
        for (o, r), c in instance.costs.items()
        if o in offer_index and r in req_index
    }
    previous = {
        (offer_index[o], req_index[r])
        for o, r in instance.previous
        if o in offer_index and r in req_index
    }
    excluded = {
        (offer_index[o], req_index[r])
        for o, r in instance.exclusions
        if o in offer_index and r in req_index
    }
    cost_by_req: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (o, r), c in sparse_cost.items():
        cost_by_req[r].append((o, c))

    reqs_by_capability: dict[str, list[int]] = defaultdict(list)
    for r_index, req in enumerate(reqs):
        reqs_by_capability[req.capability].append(r_index)

    out_offer: list[IntArray] = []
    out_req: list[IntArray] = []
    out_score: list[IntArray] = []
    for capability, r_list in reqs_by_capability.items():
        group = instance.offers_by_capability.get(capability, ())
        if not group:
            continue
        o_idx = np.array([o.index for o in group], dtype=np.int64)
        r_idx = np.array(r_list, dtype=np.int64)
        # Matrices are requirement x offer, so that row-major order is (requirement, offer).
        ok = allowed[o_idx][None, :] & (
            arrival[o_idx][None, :] - needed[r_idx][:, None] <= params.max_late_days
        )
        ok &= ~barred[o_idx][:, r_mission[r_idx]].T
        ok &= ~too_big[o_idx][:, r_mission[r_idx], r_period[r_idx]].T
        if params.enforce_women_share:
            ok &= women_share[o_idx][None, :] >= min_share[r_idx][:, None]
        local_o = {int(o): k for k, o in enumerate(o_idx)}
        local_r = {int(r): k for k, r in enumerate(r_idx)}
        for o, r in excluded:
            if r in local_r and o in local_o:
                ok[local_r[r], local_o[o]] = False
        rr, oo = np.nonzero(ok)
        if not len(rr):
            continue
        g_o, g_r = o_idx[oo], r_idx[rr]
        lang_n = r_lang_n[g_r]
        common = np.bitwise_count(o_lang[g_o] & r_lang[g_r]).astype(np.float64)
        language_fit = np.where(lang_n > 0, common / np.where(lang_n > 0, lang_n, 1.0), 1.0)
        share = min_share[g_r]
        gender_fit = np.where(
            share > 0,
            np.minimum(1.0, women_share[g_o] / np.where(share > 0, share, 1.0)),
            1.0,
        )
        cost_m = np.zeros(ok.shape, dtype=np.float64)
        for r in r_list:
            for o, c in cost_by_req.get(r, ()):
                if o in local_o:
                    cost_m[local_r[r], local_o[o]] = c
        cost = cost_m[rr, oo]
        continuity = np.zeros(len(rr), dtype=np.float64)
        if previous:
            cont_m = np.zeros(ok.shape, dtype=np.float64)
            for o, r in previous:
                if r in local_r and o in local_o:
                    cont_m[local_r[r], local_o[o]] = weights.change
            continuity = cont_m[rr, oo]
        cost_term = -weights.cost * cost
        if instance.min_cost:
            # ScoreTerms.total adds zeros first: the same float as cost + continuity.
            total = cost_term + continuity
        else:
            on_time = np.where(arrival[g_o] <= needed[g_r], weights.on_time, 0.0)
            total = (
                fill[g_r]
                + readiness[g_o]
                + on_time
                + performance[g_o]
                + weights.language * language_fit
                + weights.gender * gender_fit
                + cost_term
                + continuity
            )
        out_offer.append(g_o)
        out_req.append(g_r)
        out_score.append(np.rint(total * SCALE).astype(np.int64))
    if not out_offer:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    all_o, all_r = np.concatenate(out_offer), np.concatenate(out_req)
    all_s = np.concatenate(out_score)
    order = np.lexsort((all_o, all_r))
    return all_o[order], all_r[order], all_s[order]


def reference_pairs(instance: Instance) -> list[tuple[int, int, int]]:
    """The candidate graph by the definitions, pair by pair: (offer, requirement, score).

    Slow (a Python loop over every same-capability pair); the tests compare it with the
    vectorised :class:`Candidates`.
    """
    caps = caps_of(instance)
    found = []
    for r_index, req in enumerate(instance.requirements):
        for offer in instance.offers_by_capability.get(req.capability, ()):
            # A unit larger than a cap on its own can never be chosen: leave it out of the
            # model (the explainer still names that cap when asked why).
            if is_eligible(instance, offer, req) and all(
                coef <= caps[key].upper for key, coef in cap_terms(offer, req) if key in caps
            ):
                found.append((offer.index, r_index, pair_score(instance, offer, req)))
    return found
