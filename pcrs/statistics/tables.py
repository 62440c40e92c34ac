"""The one adapter between registry rows and the disclosure module: live pledges -> records,
the catalogue and the Member States -> the layout of the published tables."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum

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
