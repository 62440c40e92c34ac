"""Synthetic pledges for the demo, shaped like the real pattern of contributions.

Every pledge made here is marked `is_synthetic` and titled "(synthetic)": the demo shows
real missions and real contributors, but no real State's pledges are public.

The shape: a State pledges in proportion to what it really contributed (its average over the
last three years of the imported UN reports), in the categories it contributed to (troops ->
military units, formed police -> FPUs, individual police and experts -> individual pledges).
Critical enablers (helicopters, hospitals, engineers, ISR) come mostly from the larger
contributors, as in practice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone

from pcrs.accounts.models import User
from pcrs.core.dates import add_months
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Contribution, Mission
from pcrs.registry.models import CapabilityType, Pledge, RankBand, SelfSustainment
from pcrs.registry.services import (
    EquipmentLine,
    OrganizationLine,
    PledgeInput,
    pledge_create,
)

SEED = 2026
# Pledging States: every State that contributed in the three years up to the latest month of
# the imported reports (not up to today), weighted by its average monthly contribution.
WINDOW_MONTHS = 36
TARGET_PLEDGES = 600

# Unit types a State pledges, by how much it contributes: (code, weight).
MILITARY_MIX = [
    ("infantry-battalion", 10),
    ("qrf-company", 3),
    ("force-protection-company", 4),
    ("engineer-company", 5),
    ("level-1-hospital", 3),
    ("level-2-hospital", 3),
    ("signals-company", 2),
    ("transport-company", 2),
    ("logistics-unit", 2),
    ("military-police-company", 2),
    ("eod-unit", 2),
    ("riverine-unit", 1),
]
# Scarce enablers: only States with a large military contribution pledge them here.
ENABLER_MIX = [
    ("utility-helicopter-unit", 3),
    ("attack-helicopter-unit", 1),
    ("isr-unit", 2),
    ("uas-unit", 2),
    ("cargo-aircraft-unit", 1),
]
POLICE_MIX = [("formed-police-unit", 6), ("specialized-police-team", 2), ("swat-team", 1)]
INDIVIDUAL_MIX = [
    ("staff-officer", 4),
    ("military-observer", 3),
    ("individual-police-officer", 4),
    ("justice-corrections-officer", 1),
]
RANKS = {
    "staff-officer": ["Major", "Lieutenant Colonel", "Colonel"],
    "military-observer": ["Captain", "Major"],
    "individual-police-officer": ["Inspector", "Chief Inspector", "Superintendent"],
    "justice-corrections-officer": ["Corrections officer", "Judicial affairs officer"],
}
# Share of each rank band in a formed unit.
RANK_SHARES = [
    (RankBand.SENIOR_OFFICERS, 0.02),
    (RankBand.OFFICERS, 0.07),
    (RankBand.NCOS, 0.25),
    (RankBand.OTHER_RANKS, 0.66),
]


@dataclass(frozen=True)
class ContributorProfile:
    state: MemberState
    troops: int
    fpu: int
    individuals: int

    @property
    def total(self) -> int:
        return self.troops + self.fpu + self.individuals


def recent_contributors_window(
    window_months: int = WINDOW_MONTHS,
) -> tuple[dt.date, dt.date] | None:
    """(first, last) reporting day of the "recent contributors" window: the `window_months`
    months up to the latest month of UN data in PCRS, never up to today (the real file ends in
    March 2014, so "the last three years" means April 2011 - March 2014). None without data."""
    latest = Contribution.objects.aggregate(month=Max("month"))["month"]
    if latest is None:
        return None
    first = Contribution.objects.filter(month__gt=_window_start(latest, window_months)).aggregate(
        month=Min("month")
    )["month"]
    return first, latest


def _window_start(latest: dt.date, window_months: int) -> dt.date:
    """The last day of the month just before the window (exclusive lower bound)."""
    before = add_months(latest.replace(day=1), -window_months)
    return before.replace(day=calendar.monthrange(before.year, before.month)[1])


def contributor_profiles(window_months: int = WINDOW_MONTHS) -> list[ContributorProfile]:
    """Contributors of the last `window_months` months of UN data in PCRS, largest first.

    The window ends at the latest month imported (recent_contributors_window), not at today.
    Figures are average monthly personnel over the window, so a State that contributed a few
    officers two years before that month still pledges a little, and the largest contributors
    pledge most.
    """
    latest = Contribution.objects.aggregate(month=Max("month"))["month"]
    if latest is None:
        return []
    start = _window_start(latest, window_months)
    months = max(Contribution.objects.filter(month__gt=start).values("month").distinct().count(), 1)
    rows = (
        Contribution.objects.filter(month__gt=start)
        .values("member_state")
        .annotate(
            troops=Sum("total", filter=Q(personnel_type="troops")),
            fpu=Sum("total", filter=Q(personnel_type="fpu")),
            individuals=Sum(
                "total", filter=Q(personnel_type__in=["ipo", "experts", "staff", "justice"])
            ),
        )
    )
    states = MemberState.objects.in_bulk([row["member_state"] for row in rows])
    profiles = [
        ContributorProfile(
            state=states[row["member_state"]],
            troops=(row["troops"] or 0) // months,
            fpu=(row["fpu"] or 0) // months,
            individuals=max((row["individuals"] or 0) // months, 1),
        )
        for row in rows
    ]
    profiles.sort(key=lambda p: (-p.total, p.state.iso3))
    return profiles


def _pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    codes, weights = zip(*mix, strict=True)
    return rng.choices(codes, weights=weights)[0]


def _organization(personnel: int, women: int) -> list[OrganizationLine]:
    """A Table of Organization summary adding up exactly to `personnel` and `women`."""
    sizes = [max(1, round(personnel * share)) for _, share in RANK_SHARES[:-1]]
    sizes.append(personnel - sum(sizes))
    women_per_band = [min(size, round(women * size / personnel)) for size in sizes]
    # Rounding leaves a few women over or under: settle them in bands with room.
    for index in range(len(sizes)):
        spare = women - sum(women_per_band)
        room = sizes[index] - women_per_band[index] if spare > 0 else women_per_band[index]
        women_per_band[index] += max(-room, min(spare, room))
    return [
        OrganizationLine(band, size - band_women, band_women)
        for (band, _), size, band_women in zip(RANK_SHARES, sizes, women_per_band, strict=True)
        if size > 0
    ]


def _availability(rng: random.Random, today: dt.date, *, latest_days: int) -> dt.date:
    """Most registered units are available already; the rest from a date within the horizon."""
    if rng.random() < 0.55:
        return today - dt.timedelta(days=rng.randint(30, 400))
    return today + dt.timedelta(days=rng.randint(14, latest_days))


def _unit_input(
    rng: random.Random, profile: ContributorProfile, capability: CapabilityType, today: dt.date
) -> PledgeInput:
    personnel = max(10, round(capability.typical_size * rng.uniform(0.9, 1.1)))
    target_share = 0.2 if capability.category == "police_unit" else 0.08
    women = min(personnel, round(personnel * rng.uniform(0.3, 1.6) * target_share))
    languages = list(dict.fromkeys([*profile.state.working_languages[:2], "en"]))
    equipment = [
        EquipmentLine(
            item=item["item"],
            quantity=max(1, round(item["quantity"] * rng.uniform(0.8, 1.2))),
            lease=rng.choice(["wet", "wet", "dry"]),
        )
        for item in capability.typical_equipment
    ]
    sustainment = rng.sample(list(SelfSustainment.values), k=rng.randint(5, 12))
    return PledgeInput(
        capability_type=capability,
        title=f"{capability.name} (synthetic)",  # shown after the ISO3 code
        personnel=personnel,
        women=women,
        organization=_organization(personnel, women),
        equipment=equipment,
        self_sustainment=sustainment,
        languages=languages,
        available_from=_availability(rng, today, latest_days=540),
        notice_to_move_days=rng.choice([30, 45, 60, 60, 90, 90, 120]),
        contact_name=f"Military adviser, Permanent Mission of {profile.state.name}"[:120],
    )


def _individual_input(
    rng: random.Random, profile: ContributorProfile, capability: CapabilityType, today: dt.date
) -> PledgeInput:
    number = rng.randint(2, 25)
    share = 0.3 if "police" in capability.code else 0.22
    return PledgeInput(
        capability_type=capability,
        title=f"{capability.name}s (synthetic)",
        personnel=number,
        women=min(number, round(number * rng.uniform(0.3, 1.5) * share)),
        ranks=rng.sample(RANKS[capability.code], k=min(2, len(RANKS[capability.code]))),
        languages=list(dict.fromkeys([*profile.state.working_languages[:2], "en"])),
        available_from=_availability(rng, today, latest_days=365),
        notice_to_move_days=rng.choice([30, 60, 90]),
    )


def pledge_counts(profiles: list[ContributorProfile], total: int) -> dict[str, int]:
    """Pledges per State, growing with the square root of its contribution, at least one."""
    weights = {p.state.iso3: math.sqrt(max(p.total, 1)) for p in profiles}
    scale = total / sum(weights.values())
    return {iso3: max(1, round(w * scale)) for iso3, w in weights.items()}


@transaction.atomic  # one commit for the lot: a commit per pledge costs a disk sync each
def synthetic_pledges_create(
    *,
    focal_points: dict[str, User],
    today: dt.date | None = None,
    total: int = TARGET_PLEDGES,
    log: Callable[[str], None] = lambda _: None,
) -> int:
    """Create the synthetic pledges, as drafts, through the registry's services. Idempotent."""
    if Pledge.objects.filter(is_synthetic=True).exists():
        log("Synthetic pledges already present: left as they are.")
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    profiles = contributor_profiles()
    catalogue = {c.code: c for c in CapabilityType.objects.filter(is_active=True)}
    counts = pledge_counts(profiles, total)
    large = {p.state.iso3 for p in profiles[:25]}
    missions = list(Mission.objects.filter(is_active=True))
    created = 0
    for profile in profiles:
        actor = focal_points[profile.state.iso3]
        for _ in range(counts[profile.state.iso3]):
            roll = rng.random() * profile.total
            if roll < profile.troops:
                mix = MILITARY_MIX + (ENABLER_MIX if profile.state.iso3 in large else [])
                capability = catalogue[_pick(rng, mix)]
                data = _unit_input(rng, profile, capability, today)
            elif roll < profile.troops + profile.fpu:
                capability = catalogue[_pick(rng, POLICE_MIX)]
                data = _unit_input(rng, profile, capability, today)
            else:
                capability = catalogue[_pick(rng, INDIVIDUAL_MIX)]
                data = _individual_input(rng, profile, capability, today)
            if missions and rng.random() < 0.12:
                data = PledgeInput(**{**data.__dict__, "caveat_missions": [rng.choice(missions)]})
            # Drafts: pcrs.readiness.demo takes them up the ladder through its services.
            pledge_create(
                actor=actor, data=data, is_synthetic=True, require_future_availability=False
            )
            created += 1
    window = recent_contributors_window()
    span = (
        f", the States that contributed from {window[0]:%B %Y} to {window[1]:%B %Y} "
        f"(UN monthly data as of {window[1].day} {window[1]:%B %Y})"
        if window
        else ""
    )
    log(f"Created {created} synthetic pledges from {len(profiles)} States{span}.")
    return created
