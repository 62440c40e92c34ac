"""A State's contributor profile, computed from the real monthly contributions (pcrs.missions).

first year contributing, peak month, trend of the last 12 months against the 12 before, and
"emerging" when it began recently or grows from a small base (thresholds: conf.py settings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Sum
from django.utils import timezone

from pcrs.missions.models import Contribution
from pcrs.partnerships.conf import setting


@dataclass(frozen=True)
class ContributorProfile:
    first_year: int | None
    peak: int
    peak_month: dt.date | None
    latest: int
    recent_average: float
    previous_average: float
    trend: str  # "growing", "stable", "declining", "no data"
    emerging: bool
    reasons: tuple[str, ...]

    @property
    def growth_percent(self) -> float | None:
        if not self.previous_average:
            return None
        return 100 * (self.recent_average - self.previous_average) / self.previous_average


def contributor_profile(
    *, member_state_id: int, today: dt.date | None = None
) -> ContributorProfile:
    today = today or timezone.localdate()
    monthly = list(
        Contribution.objects.filter(member_state_id=member_state_id)
        .values("month")
        .annotate(n=Sum("total"))
        .order_by("month")
    )
    if not monthly:
        return ContributorProfile(None, 0, None, 0, 0.0, 0.0, "no data", False, ())
    first_year = monthly[0]["month"].year
    peak_row = max(monthly, key=lambda r: r["n"])
    # Windows end at the latest month of the data set (not this State's last report), so a
    # State that stopped contributing shows as declining, not as stable at its old level.
    last = Contribution.objects.aggregate(last=Max("month"))["last"]
    by_month = {r["month"]: r["n"] for r in monthly}
    recent = [n for m, n in by_month.items() if (last - m).days < 365]
    previous = [n for m, n in by_month.items() if 365 <= (last - m).days < 730]
    recent_avg = sum(recent) / len(recent) if recent else 0.0
    previous_avg = sum(previous) / len(previous) if previous else 0.0
    growth = setting("EMERGING_GROWTH_PERCENT")
    if not recent and not previous:
        trend = "no data"
    elif not previous or recent_avg >= previous_avg * (1 + growth / 100):
        trend = "growing"
    elif recent_avg <= previous_avg * (1 - growth / 100):
        trend = "declining"
    else:
        trend = "stable"
    reasons: list[str] = []
    recent_years = setting("EMERGING_RECENT_YEARS")
    if first_year >= today.year - recent_years:
        reasons.append(f"first contributed in {first_year} (within {recent_years} years)")
    base = setting("EMERGING_SMALL_BASE")
    if trend == "growing" and recent_avg <= base:
        reasons.append(
            f"growing from a small base (about {recent_avg:.0f} a month, at most {base})"
        )
    return ContributorProfile(
        first_year=first_year,
        peak=int(peak_row["n"]),
        peak_month=peak_row["month"],
        latest=int(monthly[-1]["n"]),
        recent_average=recent_avg,
        previous_average=previous_avg,
        trend=trend,
        emerging=bool(reasons),
        reasons=tuple(reasons),
    )
