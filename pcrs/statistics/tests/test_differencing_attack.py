"""The attack that broke the old aggregates, replayed on the demo data (issue 10, "Done when").

An attacker reads every grouping of GET /api/v1/pledges/aggregates/ (and the headline totals
the pages show), knows the M49 hierarchy and, as a focal point, its own State's pledges. It
solves, for each suppressed cell, the smallest and largest value consistent with all of it
(its own linear programmes, written here independently of pcrs.statistics.disclosure), and for
two releases a day apart does the same for the change of each cell. A cell is recovered when
the attacker pins it inside the protection interval. With protection on: nothing. With the
secondary suppression and the difference audit switched off (the old rule, but still hiding
empty cells): cells come back, so the test can fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from ortools.linear_solver import pywraplp

from pcrs.accounts.models import User
from pcrs.memberstates.models import MemberState
from pcrs.registry.models import CapabilityType, Pledge
from pcrs.statistics import disclosure
from pcrs.statistics.models import Publication
from pcrs.statistics.services import publication_publish
from pcrs.statistics.tables import GROUPINGS, live_layout, live_records

URL = "/api/v1/pledges/aggregates/"
MEASURES = ("pledges", "personnel", "women")
FIRST, SECOND = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
SHARE, MINIMUM = 0.15, 1  # the protection interval (settings' defaults)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def published(api: Any, user: User) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Everything one user can read: every grouping of the API."""
    client = api(user)
    out = {}
    for group_by in GROUPINGS:
        for cell in client.get(URL, {"group_by": group_by}).json():
            out[(group_by, cell["group"], cell["capability_type"])] = cell
    return out


def attack(
    table: dict[tuple[str, str, str], dict[str, Any]],
    totals: dict[str, int | None],
    own: dict[tuple[str, str, str], dict[str, int]],
    measure: str,
    targets: set[tuple[str, str, str]],
) -> dict[tuple[str, str, str], tuple[float, float]]:
    """[min, max] of the suppressed `targets` under the published equations and `own`."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    cap = 10 * (totals[measure] or 0) + 10_000
    unknown = {
        k: solver.NumVar(own.get(k, {}).get(measure, 0), cap, "")
        for k, c in table.items()
        if c["suppressed"]
    }
    types = sorted({k[2] for k in table})
    whole = {ct: solver.NumVar(0, cap, "") for ct in types}

    def term(key: tuple[str, str, str]) -> Any:
        return unknown[key] if key in unknown else table[key][measure]

    for ct in types:
        for grouping in GROUPINGS:
            solver.Add(sum(term(k) for k in table if k[0] == grouping and k[2] == ct) == whole[ct])
    up = dict(MemberState.objects.values_list("subregion", "region"))
    for ct in types:
        for region in set(up.values()):
            children = [
                k for k in table if k[0] == "subregion" and k[2] == ct and up[k[1]] == region
            ]
            solver.Add(term(("region", region, ct)) == sum(term(k) for k in children))
    if totals[measure] is not None:
        solver.Add(sum(whole.values()) == totals[measure])
    intervals = {}
    for key, var in unknown.items():
        if key not in targets:
            continue
        bounds = []
        for maximise in (False, True):
            solver.Objective().Clear()
            solver.Objective().SetCoefficient(var, 1)
            solver.Objective().SetOptimizationDirection(maximise)
            assert solver.Solve() == pywraplp.Solver.OPTIMAL
            bounds.append(solver.Objective().Value())
        intervals[key] = (bounds[0], bounds[1])
    return intervals


def truth() -> dict[tuple[str, str, str], dict[str, dict[str, int]]]:
    """Each State's true part of every cell, now."""
    cells = disclosure.tabulate(live_records(), live_layout())
    return {k: c.parts for k, c in cells.items() if k[0] != disclosure.TOTAL}


def pinned(
    low: float, high: float, value: float, others: float, floor: float | None = None
) -> bool:
    """Whether [low, high] excludes part of value +- P (P: a share of the others' part).

    `floor` is what the attacker knows before reading anything: a cell is never below the
    attacker's own part (0 for an observer; figures are not negative), so the interval to keep
    open stops there (ADR 0050). Without it a cell whose figure is 0, or a focal point's cell
    where the other State adds nothing to a measure, would count as pinned by no more than
    non-negativity. A change between releases can be negative: no floor."""
    margin = max(MINIMUM, SHARE * abs(others))
    need_low = value - margin if floor is None else max(floor, value - margin)
    return low > need_low + 1e-6 or high < value + margin - 1e-6


def must_protect(parts: dict[str, Any], viewer: str | None) -> bool:
    """A sensitive cell (fewer than 3 States, dominance or p%: the primary rules) that this
    viewer must not narrow: any for an observer; one where a focal point could isolate the
    one other State."""
    cell = disclosure.Cell(("", "", ""), parts=parts)
    for measure in MEASURES:
        cell.values[measure] = sum(p[measure] for p in parts.values())
    if not disclosure.is_sensitive(cell, disclosure.Params()):
        return False
    others = set(parts) - {viewer}
    return bool(others) if viewer is None else len(others) == 1


def recovered(api: Any, viewers: dict[str | None, User]) -> list[tuple[Any, ...]]:
    """Replay the attack on the two latest releases; what comes back within the interval."""
    found: list[tuple[Any, ...]] = []
    releases = list(Publication.objects.order_by("as_of"))
    assert [p.as_of for p in releases] == [FIRST, SECOND]
    before, after = (_parts_of(r) for r in releases)
    zero = dict.fromkeys(MEASURES, 0)

    def changed_by(key: tuple[str, str, str], viewer: str | None) -> set[str]:
        """The States, other than the viewer, whose part of `key` changed in between, when
        few enough to matter (fewer than 3; one for a focal point)."""
        b, a = before.get(key, {}), after.get(key, {})
        changed = {s for s in set(a) | set(b) if a.get(s, zero) != b.get(s, zero)}
        if len(changed) >= 3:
            return set()
        changed -= {viewer}
        return changed if viewer is None or len(changed) == 1 else set()

    views = {}
    for release in releases:
        parts = _parts_of(release)
        totals = _totals_of(release)
        for viewer, user in viewers.items():
            table = _as_of(api, user, release)
            own = {k: p[viewer] for k, p in parts.items() if viewer is not None and viewer in p}
            targets = {k for k in table if must_protect(parts.get(k, {}), viewer)}
            targets |= {k for k in table if changed_by(k, viewer)}
            for measure in MEASURES:
                intervals = attack(table, totals, own, measure, targets)
                views[(release.as_of, viewer, measure)] = (intervals, table)
                for key, (low, high) in intervals.items():
                    cell_parts = parts.get(key, {})
                    if not must_protect(cell_parts, viewer):
                        continue
                    value = sum(p[measure] for p in cell_parts.values())
                    mine = cell_parts.get(viewer, {}).get(measure, 0) if viewer else 0
                    if pinned(low, high, value, value - mine, floor=mine):
                        found.append((release.as_of, viewer, key, measure, value, low, high))
    # The difference of the two releases, cell by cell.
    for viewer in viewers:
        for measure in MEASURES:
            (old, old_table), (new, new_table) = (
                views[(r.as_of, viewer, measure)] for r in releases
            )
            for key in new_table:
                if not changed_by(key, viewer):
                    continue
                b, a = before.get(key, {}), after.get(key, {})
                value = sum(p[measure] for p in a.values()) - sum(p[measure] for p in b.values())
                mine = 0
                if viewer is not None:
                    mine = a.get(viewer, zero)[measure] - b.get(viewer, zero)[measure]
                low1, high1 = old.get(key, (old_table[key][measure],) * 2)
                low2, high2 = new.get(key, (new_table[key][measure],) * 2)
                if pinned(low2 - high1, high2 - low1, value, value - mine):
                    found.append(
                        ("change", viewer, key, measure, value, low2 - high1, high2 - low1)
                    )
    return found


def _parts_of(release: Publication) -> dict[tuple[str, str, str], dict[str, dict[str, int]]]:
    records = [
        disclosure.Record(r.state, r.capability_type, r.groups, r.pledges, r.personnel, r.women)
        for r in release.records.all()
    ]
    cells = disclosure.tabulate(records, live_layout())
    return {k: c.parts for k, c in cells.items() if k[0] != disclosure.TOTAL}


def _totals_of(release: Publication) -> dict[str, int | None]:
    total = release.cells.get(grouping=disclosure.TOTAL, group="all")
    return {m: getattr(total, m) for m in MEASURES}


def _as_of(api: Any, user: User, release: Publication) -> dict[tuple[str, str, str], Any]:
    """What the API showed while `release` was the latest."""
    later = list(Publication.objects.filter(as_of__gt=release.as_of))
    hidden = {p.pk: p.as_of for p in later}
    Publication.objects.filter(pk__in=hidden).update(as_of=dt.date(1900, 1, 1))
    try:
        return published(api, user)
    finally:
        for pk, as_of in hidden.items():
            Publication.objects.filter(pk=pk).update(as_of=as_of)


def two_releases(request: Any) -> dict[str | None, User]:
    """The demo data, a release, one new pledge, a release the next day; the attackers.

    `make_pledge` is taken after load_demo: its catalogue fixture would otherwise create the
    infantry type first, without the typical equipment the demo's pledges take their Annex C
    from (and the ladder refuses to submit a unit without one)."""
    call_command("load_demo", verbosity=0, stdout=_Null())
    make_pledge = request.getfixturevalue("make_pledge")
    Publication.objects.all().delete()  # the demo's own release: start from two of ours
    cells = disclosure.tabulate(live_records(), live_layout())
    two = sorted(k for k, c in cells.items() if c.states == 2 and k[0] == "region")
    focal_state = sorted(cells[two[0]].parts)[0]
    focal = User.objects.get(username=f"fp-{focal_state.lower()}")
    observer = User.objects.get(username="observer")
    viewers: dict[str | None, User] = {None: observer, focal_state: focal}
    publication_publish(actor=None, as_of=FIRST, viewers=list(viewers))
    rare = (
        CapabilityType.objects.filter(pledges__isnull=True).first()
        or CapabilityType.objects.first()
    )
    make_pledge("RWA", capability_type=rare, personnel=140, women=20)
    assert Pledge.objects.filter(capability_type=rare).count() >= 1
    publication_publish(actor=None, as_of=SECOND, viewers=list(viewers))
    return viewers


class _Null:
    def write(self, *_: Any) -> None:
        pass


def test_the_differencing_attack_recovers_nothing_from_the_demo_data(api, request):
    viewers = two_releases(request)
    assert recovered(api, viewers) == []


def test_the_same_attack_recovers_cells_when_protection_is_switched_off(api, request, monkeypatch):
    monkeypatch.setattr(disclosure, "audit", lambda *a, **k: [])
    monkeypatch.setattr(disclosure, "audit_difference", lambda *a, **k: [])
    monkeypatch.setattr(disclosure, "difference_sensitive", lambda *a, **k: set())
    viewers = two_releases(request)
    found = recovered(api, viewers)
    observer_cells = {f[2] for f in found if f[1] is None and f[0] != "change"}
    focal_cells = {f[2] for f in found if f[1] is not None and f[0] != "change"}
    changes = {f[2] for f in found if f[0] == "change"}
    assert observer_cells, "the observer recovers cells from the unprotected tables"
    assert focal_cells, "the focal point isolates the other State of a two-State cell"
    assert changes, "the new pledge is read off the difference of the two releases"
