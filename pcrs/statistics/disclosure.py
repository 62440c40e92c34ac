"""Statistical disclosure control for the published pledge tables (ADR 0050).

Pure Python plus OR-Tools: no Django, so the rules can be tested on hand-made and random tables.

The published tables are linked: every grouping (region, sub-region, level, status) x capability
type, all drawn from the same pledges, plus headline totals. They are protected together:

1. primary suppression marks the sensitive cells (fewer than `min_states` States, one State
   holding more than `dominance_share`, or the p% rule failing: the second contributor, who
   knows its own part, could estimate the largest within p%); every empty cell is suppressed
   too, so a suppressed cell looks the same whether anyone pledged or not;
2. secondary suppression adds cells until the audit passes;
3. the audit solves, for every sensitive suppressed cell, min and max of the cell under every
   published equation and what the attacker knows (an observer: nothing; a focal point: its own
   State's part of every cell), as linear programmes with GLOP. Each interval must reach at
   least the protection level below and above the true value.

Example::

    layout = Layout(groupings={"region": ("A", "B")}, capability_types=("inf",))
    records = [Record("X", "inf", {"region": "A"}, 1, 800, 40)]
    publication = protect(records, layout)
    assert ("region", "A", "inf") in publication.suppressed
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import linear_solver_pb2, pywraplp

MEASURES: tuple[str, ...] = ("pledges", "personnel", "women")
STATES = "states"
# the grouping name of the headline totals (margins over capability types)
TOTAL = "total"

Key = tuple[str, str, str]  # (grouping, group, capability type); margins: (TOTAL, name, "")


@dataclass(frozen=True)
class Params:
    min_states: int = 3
    dominance_share: float = 0.85
    p_percent: float = 0.10
    protection_share: float = 0.15
    protection_min: int = 1


@dataclass(frozen=True)
class Record:
    """One State's pledges in one finest combination (its values in every grouping)."""

    state: str
    capability_type: str
    groups: Mapping[str, str]
    pledges: int
    personnel: int
    women: int

    def value(self, measure: str) -> int:
        return int(getattr(self, measure))


@dataclass(frozen=True)
class Layout:
    """What is published: every value of every grouping (empty ones included), the capability
    types, the hierarchy of groupings (child grouping -> (parent grouping, child -> parent)) and
    the headline margins (name -> the capability types they sum)."""

    groupings: Mapping[str, Sequence[str]]
    capability_types: Sequence[str]
    parents: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    margins: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def all_keys(self) -> list[Key]:
        keys = [
            (grouping, group, ct)
            for grouping, groups in self.groupings.items()
            for ct in self.capability_types
            for group in groups
        ]
        return keys + [(TOTAL, name, "") for name in self.margins]


@dataclass
class Cell:
    key: Key
    values: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    parts: dict[str, dict[str, int]] = field(default_factory=dict)  # state -> measure -> value

    @property
    def states(self) -> int:
        return len(self.parts)

    def value(self, measure: str) -> int:
        return self.states if measure == STATES else self.values[measure]

    def own(self, measure: str, state: str | None) -> int:
        if state is None or state not in self.parts:
            return 0
        return 1 if measure == STATES else self.parts[state][measure]


def tabulate(records: Iterable[Record], layout: Layout) -> dict[Key, Cell]:
    """Every published cell, empty ones included, with each State's part."""
    cells = {key: Cell(key) for key in layout.all_keys()}
    in_margin: dict[str, list[str]] = defaultdict(list)
    for name, types in layout.margins.items():
        for ct in types:
            in_margin[ct].append(name)
    for record in records:
        keys = [(g, record.groups[g], record.capability_type) for g in layout.groupings]
        keys += [(TOTAL, name, "") for name in in_margin[record.capability_type]]
        for key in keys:
            cell = cells[key]
            part = cell.parts.setdefault(record.state, dict.fromkeys(MEASURES, 0))
            for measure in MEASURES:
                cell.values[measure] += record.value(measure)
                part[measure] += record.value(measure)
    return cells


def is_sensitive(cell: Cell, params: Params) -> bool:
    """Primary suppression: threshold, dominance and p% rules, on every measure."""
    if cell.states == 0:
        return False
    if cell.states < params.min_states:
        return True
    for measure in MEASURES:
        total = cell.values[measure]
        if total <= 0:
            continue
        ranked = sorted((part[measure] for part in cell.parts.values()), reverse=True)
        largest, second = ranked[0], ranked[1]
        if largest > params.dominance_share * total:
            return True
        if total - largest - second < params.p_percent * largest:
            return True
    return False


@dataclass(frozen=True)
class Failure:
    """A suppressed cell an attacker narrows to [low, high] around its true value."""

    key: Key
    measure: str
    viewer: str | None  # None: an observer; else the focal point's State
    value: int
    low: float
    high: float


@dataclass
class Publication:
    cells: dict[Key, Cell]
    suppressed: set[Key]
    sensitive: set[Key]
    layout: Layout
    params: Params
    records: list[Record] = field(default_factory=list)
    previous: Publication | None = None

    def published(self, key: Key) -> dict[str, int | None]:
        cell = self.cells[key]
        if key in self.suppressed:
            return dict.fromkeys((*MEASURES, STATES))
        return {m: cell.value(m) for m in (*MEASURES, STATES)}


def _equations(layout: Layout, measure: str) -> list[tuple[list[Key | str], list[Key | str]]]:
    """Published equations as (left terms, right terms); a str term is a capability type's
    unpublished total T_c, which every grouping of that type shares."""
    equations: list[tuple[list[Key | str], list[Key | str]]] = []
    for child, (parent, up) in layout.parents.items():
        for ct in layout.capability_types:
            for parent_group in layout.groupings[parent]:
                children: list[Key | str] = [
                    (child, g, ct) for g in layout.groupings[child] if up.get(g) == parent_group
                ]
                equations.append(([(parent, parent_group, ct)], children))
    if measure == STATES:  # State counts add up only along the hierarchy
        return equations
    for ct in layout.capability_types:
        for grouping, groups in layout.groupings.items():
            equations.append(([(grouping, g, ct) for g in groups], [ct]))
    for name, types in layout.margins.items():
        equations.append(([(TOTAL, name, "")], list(types)))
    return equations


def _cap(publication: Publication, measure: str) -> float:
    if measure == STATES:
        mass = len({r.state for r in publication.records})
    else:
        mass = sum(r.value(measure) for r in publication.records)
    return float(10 * mass + 100)


class _Attack:
    """The attacker's linear programme for one measure, built once per suppression pattern;
    a viewer's knowledge (its own part of every cell) only raises lower bounds."""

    def __init__(self, publication: Publication, measure: str) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.publication, self.measure = publication, measure
        cells = publication.cells
        self.vars: dict[Key | str, pywraplp.Variable] = {}
        # Nothing caps a hidden cell but the data: a bound well above any figure of the table
        # stands for +inf (GLOP reports unboundedness unreliably, and stalls on huge bounds).
        cap = _cap(publication, measure)
        for key in sorted(publication.suppressed):
            self.vars[key] = self.solver.NumVar(0, cap, "")
        for ct in publication.layout.capability_types:
            self.vars[ct] = self.solver.NumVar(0, cap, "")
        for left, right in _equations(publication.layout, measure):
            constant = 0.0
            coefficients: dict[Key | str, int] = defaultdict(int)
            for sign, terms in ((1, left), (-1, right)):
                for term in terms:
                    if term in self.vars:
                        coefficients[term] += sign
                    else:
                        constant += sign * cells[term].value(measure)  # type: ignore[index]
            if any(coefficients.values()):
                row = self.solver.Constraint(-constant, -constant)
                for term, coefficient in coefficients.items():
                    row.SetCoefficient(self.vars[term], coefficient)
        self.raised: list[pywraplp.Variable] = []
        first = next(iter(publication.layout.groupings))
        self.first = first

    def know(self, viewer: str | None) -> None:
        """Give the attacker `viewer`'s own figures (None: an observer, who knows nothing)."""
        for var in self.raised:
            var.SetLb(0)
        self.raised = []
        if viewer is None:
            return
        totals: dict[str, int] = defaultdict(int)
        for key, cell in self.publication.cells.items():
            own = cell.own(self.measure, viewer)
            if not own:
                continue
            if key[0] == self.first:
                totals[key[2]] += own
            if key in self.vars:
                self.vars[key].SetLb(own)
                self.raised.append(self.vars[key])
        for ct, own in totals.items():
            self.vars[ct].SetLb(own)
            self.raised.append(self.vars[ct])

    def _solve_afresh(self) -> tuple[int, float]:
        model = linear_solver_pb2.MPModelProto()
        self.solver.ExportModelToProto(model)
        fresh = pywraplp.Solver.CreateSolver("GLOP")
        fresh.LoadModelFromProto(model)
        status = fresh.Solve()
        return status, fresh.Objective().Value()

    def interval(self, key: Key) -> tuple[float, float]:
        objective = self.solver.Objective()
        objective.Clear()
        objective.SetCoefficient(self.vars[key], 1)
        bounds = []
        for maximise in (False, True):
            objective.SetOptimizationDirection(maximise)
            status = self.solver.Solve()
            value = objective.Value()
            if status != pywraplp.Solver.OPTIMAL:  # GLOP's warm start can stall: start afresh
                status, value = self._solve_afresh()
            if status == pywraplp.Solver.OPTIMAL:
                bounds.append(value)
            else:  # cannot happen on true data; count the cell as fully known, i.e. unsafe
                value = self.publication.cells[key].value(self.measure)
                bounds.append(value)
        return bounds[0], bounds[1]


def determined_sum(publication: Publication, keys: Sequence[Key], measure: str) -> int | None:
    """The sum of `keys` when the published figures alone pin it down (what anyone could
    compute from them, so publishing it reveals nothing more); None otherwise."""
    known = [k for k in keys if k not in publication.suppressed]
    hidden = [k for k in keys if k in publication.suppressed]
    total = sum(publication.cells[k].value(measure) for k in known)
    if not hidden:
        return total
    attack = _Attack(publication, measure)
    objective = attack.solver.Objective()
    bounds = []
    for maximise in (False, True):
        objective.Clear()
        for key in hidden:
            objective.SetCoefficient(attack.vars[key], 1)
        objective.SetOptimizationDirection(maximise)
        status = attack.solver.Solve()
        value = objective.Value()
        if status != pywraplp.Solver.OPTIMAL:
            status, value = attack._solve_afresh()
        if status != pywraplp.Solver.OPTIMAL:
            return None
        bounds.append(value)
    if bounds[1] - bounds[0] > 1e-6:
        return None
    return total + round(bounds[0])


def required(value: int, own: int, params: Params) -> tuple[float, float]:
    """The protection interval: the attacker must not exclude [value - P, value + P], where P
    is a share of what others contributed (at least protection_min), never below the own part."""
    others = value - own
    margin = max(params.protection_min, params.protection_share * others)
    return max(own, value - margin), value + margin


def viewers_of(publication: Publication) -> list[str | None]:
    states = sorted({s for cell in publication.cells.values() for s in cell.parts})
    return [None, *states]


def _targets(publication: Publication, viewer: str | None) -> list[Key]:
    """The sensitive suppressed cells this viewer must not narrow.

    An observer: all of them. A focal point: those where exactly one other State contributes
    (whose figure it could isolate by subtracting its own; the sum of two others is what the
    threshold rule already gives a member of any three-State cell), in the capability types it
    pledges, and the margins (ADR 0050, limits)."""
    cells = publication.cells
    keys = sorted(publication.sensitive & publication.suppressed)
    if viewer is None:
        return [key for key in keys if cells[key].parts]
    types = {k[2] for k, c in cells.items() if viewer in c.parts}
    return [
        key
        for key in keys
        if len(set(cells[key].parts) - {viewer}) == 1 and (key[2] in types or key[0] == TOTAL)
    ]


def audit(
    publication: Publication,
    *,
    viewers: Sequence[str | None] | None = None,
    only: set[tuple[Key, str | None]] | None = None,
) -> list[Failure]:
    """Every sensitive suppressed cell an attacker can narrow within the protection interval.

    `only` restricts the audit to (cell, viewer) pairs (hiding more cells only widens
    intervals, so pairs that passed once keep passing)."""
    failures: list[Failure] = []
    viewers = viewers_of(publication) if viewers is None else viewers
    plan = {viewer: _targets(publication, viewer) for viewer in viewers}
    if only is not None:
        plan = {v: [k for k in keys if (k, v) in only] for v, keys in plan.items()}
    plan = {v: keys for v, keys in plan.items() if keys}
    if not plan:
        return failures
    for measure in (*MEASURES, STATES):
        attack = _Attack(publication, measure)
        for viewer, targets in plan.items():
            attack.know(viewer)
            for key in targets:
                cell = publication.cells[key]
                low, high = attack.interval(key)
                need_low, need_high = required(
                    cell.value(measure), cell.own(measure, viewer), publication.params
                )
                if low > need_low + 1e-6 or high < need_high - 1e-6:
                    failures.append(Failure(key, measure, viewer, cell.value(measure), low, high))
    return failures


def _neighbours(key: Key, layout: Layout) -> list[Key]:
    """Cells sharing a published equation with `key` (same row of a grouping, the hierarchy)."""
    grouping, group, ct = key
    if grouping == TOTAL:
        return []
    out = [(grouping, g, ct) for g in layout.groupings[grouping] if g != group]
    for child, (parent, up) in layout.parents.items():
        if grouping == child:
            out.append((parent, up[group], ct))
            out += [(child, g, ct) for g in layout.groupings[child] if up.get(g) == up[group]]
        if grouping == parent:
            out += [(child, g, ct) for g in layout.groupings[child] if up.get(g) == group]
    return out


def _complement(publication: Publication, key: Key) -> list[Key]:
    """The next cells to hide for `key`: the smallest published neighbour; failing that, the
    whole capability type; failing that, the margins; failing that, everything."""
    cells, suppressed, layout = publication.cells, publication.suppressed, publication.layout
    candidates = [k for k in _neighbours(key, layout) if k not in suppressed]
    if candidates:
        best = min(candidates, key=lambda k: (cells[k].values["pledges"], cells[k].states, k))
        return [best]
    ct = key[2]
    column = [k for k in cells if k[2] == ct and k[0] != TOTAL and k not in suppressed]
    if column:
        return column
    margins = [k for k in cells if k[0] == TOTAL and k not in suppressed]
    if margins:
        return margins
    # Margins and a whole capability type hidden and still narrow: hide every other type.
    return [k for k in cells if k not in suppressed]


def protect(
    records: Iterable[Record],
    layout: Layout,
    params: Params | None = None,
    *,
    previous: Publication | None = None,
    viewers: Sequence[str | None] | None = None,
) -> Publication:
    """Primary suppression, then secondary suppression until the audit finds nothing: on this
    release, and on its difference from the `previous` one when there is one."""
    params = params or Params()
    records = list(records)
    cells = tabulate(records, layout)
    sensitive = {k for k, c in cells.items() if is_sensitive(c, params)}
    changed: set[Key] = set()
    if previous is not None:
        changed = difference_sensitive(previous.records, records, layout, params)
    # A cell whose change is sensitive is hidden in this release (ADR 0050).
    sensitive |= {k for k in changed if cells[k].states}
    empty = {k for k, c in cells.items() if c.states == 0}
    publication = Publication(
        cells, sensitive | empty | changed, sensitive, layout, params, records, previous
    )
    only: set[tuple[Key, str | None]] | None = None
    while True:
        failures = audit(publication, viewers=viewers, only=only)
        if previous is not None:
            failures += audit_difference(previous, publication, viewers=viewers, only=only)
        only = {(f.key, f.viewer) for f in failures}
        if not failures:
            return publication
        before = len(publication.suppressed)
        for key in sorted({f.key for f in failures}):
            publication.suppressed.update(_complement(publication, key))
        if len(publication.suppressed) == before:  # everything hidden: nothing more to add
            return publication


def difference_sensitive(
    previous: Iterable[Record], current: Iterable[Record], layout: Layout, params: Params
) -> set[Key]:
    """Cells whose change between two releases is itself sensitive: the change is the table
    of what a few States added or removed, and gets the same primary rules."""
    diff = tabulate(
        [
            *current,
            *(
                Record(r.state, r.capability_type, r.groups, -r.pledges, -r.personnel, -r.women)
                for r in previous
            ),
        ],
        layout,
    )
    out: set[Key] = set()
    for key, cell in diff.items():
        changed = {s: part for s, part in cell.parts.items() if any(v != 0 for v in part.values())}
        if not changed:
            continue
        absolute = Cell(key)
        for s, part in changed.items():
            absolute.parts[s] = {m: abs(v) for m, v in part.items()}
            for m, v in part.items():
                absolute.values[m] += abs(v)
        if is_sensitive(absolute, params):
            out.add(key)
    return out


def _changed_others(
    previous: Publication, current: Publication, key: Key, viewer: str | None
) -> bool:
    """Whether this viewer must not narrow the change of `key`: any change by others for an
    observer; a change by exactly one other State for a focal point (as in `_targets`)."""
    before, after = previous.cells[key].parts, current.cells[key].parts
    zero = dict.fromkeys(MEASURES, 0)
    changed = {s for s in set(before) | set(after) if before.get(s, zero) != after.get(s, zero)} - {
        viewer
    }
    return bool(changed) if viewer is None else len(changed) == 1


def audit_difference(
    previous: Publication,
    current: Publication,
    *,
    viewers: Sequence[str | None] | None = None,
    only: set[tuple[Key, str | None]] | None = None,
) -> list[Failure]:
    """The audit run on the difference of two releases: for each cell whose change is
    sensitive, how narrowly the change can be inferred from both releases."""
    targets = sorted(
        difference_sensitive(previous.records, current.records, current.layout, current.params)
    )
    failures: list[Failure] = []
    if not targets:
        return failures
    if viewers is None:
        everyone = set(viewers_of(previous)[1:]) | set(viewers_of(current)[1:])
        viewers = [None, *sorted(s for s in everyone if s is not None)]
    for measure in (*MEASURES, STATES):
        attacks = [_Attack(p, measure) for p in (previous, current)]
        for viewer in viewers:
            keys = [k for k in targets if only is None or (k, viewer) in only]
            keys = [k for k in keys if _changed_others(previous, current, k, viewer)]
            if not keys:
                continue
            for attack in attacks:
                attack.know(viewer)
            for key in keys:
                bounds = []
                for publication, attack in zip((previous, current), attacks, strict=True):
                    value = publication.cells[key].value(measure)
                    if key in publication.suppressed:
                        bounds.append(attack.interval(key))
                    else:
                        bounds.append((value, value))
                (low1, high1), (low2, high2) = bounds
                before, after = previous.cells[key], current.cells[key]
                change = after.value(measure) - before.value(measure)
                own = after.own(measure, viewer) - before.own(measure, viewer)
                others = abs(change - own)
                params = current.params
                margin = max(params.protection_min, params.protection_share * others)
                low, high = low2 - high1, high2 - low1
                if low > change - margin + 1e-6 or high < change + margin - 1e-6:
                    failures.append(Failure(key, measure, viewer, change, low, high))
    return failures
