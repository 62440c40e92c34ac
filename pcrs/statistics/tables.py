"""The one adapter between registry rows and the disclosure module: live pledges -> records,
the catalogue and the Member States -> the layout of the published tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from pcrs.memberstates.models import MemberState
from pcrs.registry.models import CapabilityType, Pledge, PledgeStatus, ReadinessLevel
from pcrs.statistics.disclosure import Layout, Record

# group_by value -> the pledge field it groups on. The API's enum is this list.
GROUPINGS: dict[str, str] = {
    "region": "member_state__region",
    "subregion": "member_state__subregion",
    "level": "readiness_level",
    "status": "status",
}
LIVE_STATUSES = (PledgeStatus.SUBMITTED, PledgeStatus.ACTIVE, PledgeStatus.DEPLOYED)
# Headline totals published with the tables: name -> which capability types they sum.
ALL = "all"
CRITICAL = "critical_enablers"
EMPTY_GROUP = "-"


def _group(value: str | None) -> str:
    return str(value or EMPTY_GROUP)


def live_layout() -> Layout:
    states = list(MemberState.objects.values("region", "subregion"))
    regions = sorted({_group(s["region"]) for s in states})
    subregions = sorted({_group(s["subregion"]) for s in states})
    up = {_group(s["subregion"]): _group(s["region"]) for s in states}
    types = CapabilityType.objects.order_by("name")
    names = [t.name for t in types]
    return Layout(
        groupings={
            "region": regions,
            "subregion": subregions,
            "level": [_group(value) for value, _ in ReadinessLevel.choices],
            "status": [str(s) for s in LIVE_STATUSES],
        },
        capability_types=names,
        parents={"subregion": ("region", up)},
        margins={ALL: names, CRITICAL: [t.name for t in types if t.is_critical_enabler]},
    )


def live_records() -> list[Record]:
    """Each State's live pledges summed per finest combination of the groupings."""
    fields = ["member_state__iso3", "capability_type__name", *GROUPINGS.values()]
    rows = (
        Pledge.objects.live()
        .values(*fields)
        .annotate(n=Count("id"), personnel_sum=Sum("personnel"), women_sum=Sum("women"))
        .order_by(*fields)
    )
    merged: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        key = (
            row["member_state__iso3"],
            row["capability_type__name"],
            *(_group(row[field]) for field in GROUPINGS.values()),
        )
        totals = merged[key]
        totals[0] += row["n"]
        totals[1] += row["personnel_sum"] or 0
        totals[2] += row["women_sum"] or 0
    return [
        Record(
            state=key[0],
            capability_type=key[1],
            groups=dict(zip(GROUPINGS, key[2:], strict=True)),
            pledges=v[0],
            personnel=v[1],
            women=v[2],
        )
        for key, v in merged.items()
    ]


# What one live cell holds: pledges, personnel, women, and how many States they come from.
LiveCell = tuple[int, int, int, int]


def _measures(prefix: str = "", only: Q | None = None) -> dict[str, object]:
    return {
        f"{prefix}n": Count("id", filter=only),
        f"{prefix}personnel": Coalesce(Sum("personnel", filter=only), 0),
        f"{prefix}women": Coalesce(Sum("women", filter=only), 0),
        f"{prefix}states": Count("member_state", filter=only, distinct=True),
    }


def live_table(group_by: str) -> tuple[list[tuple[str, str, LiveCell]], dict[str, LiveCell]]:
    """One grouping's live cells (group, capability type, figures), in the published tables'
    order, and the headline totals: what `disclosure.tabulate(live_records(), live_layout())`
    gives for that grouping, summed by the database in two queries instead of tabulated in
    Python (the Secretariat's dashboard reads it on every visit).
    `pcrs/statistics/tests/test_live_table.py` holds the two equal."""
    field = GROUPINGS[group_by]
    live: QuerySet[Pledge] = Pledge.objects.live()
    group = Case(
        When(Q(**{f"{field}__isnull": True}) | Q(**{field: ""}), then=Value(EMPTY_GROUP)),
        default=F(field),
        output_field=CharField(),
    )
    rows = cast(
        Iterable[dict[str, Any]],
        live.annotate(group=group)
        .values("group", "capability_type__name")
        .annotate(**_measures())  # type: ignore[arg-type]
        .order_by(),
    )
    rank = _group_rank(group_by)
    cells = sorted(
        (
            (
                str(row["group"]),
                row["capability_type__name"],
                (row["n"], row["personnel"], row["women"], row["states"]),
            )
            for row in rows
        ),
        key=lambda cell: (cell[1], rank(cell[0])),
    )
    critical = Q(capability_type__is_critical_enabler=True)
    sums = live.aggregate(**_measures(ALL + ":"), **_measures(CRITICAL + ":", critical))  # type: ignore[arg-type]
    totals = {
        name: tuple(sums[f"{name}:{m}"] for m in ("n", "personnel", "women", "states"))
        for name in (ALL, CRITICAL)
    }
    return cells, totals  # type: ignore[return-value]


def _group_rank(group_by: str) -> Callable[[str], Any]:
    """The order of a grouping's groups in the published tables (see live_layout)."""
    if group_by == "level":
        order = [_group(value) for value, _ in ReadinessLevel.choices]
        return order.index
    if group_by == "status":
        return [str(s) for s in LIVE_STATUSES].index
    return str  # regions and subregions: alphabetical
