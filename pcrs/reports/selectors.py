"""The requirements paper and the Council briefing pack, read on every request.

Nothing here is stored or typed in: both documents are built from what other domains keep up
to date, and each line is copied into a small dataclass that names every figure the document
may show (a template cannot reach a pledge through a relation it was never given).

- The paper ("Current and Emerging Uniformed Capability Requirements") is addressed to every
  Member State: the live unfilled requirements (pcrs.missions.gaps), critical enablers first,
  with the Level 2+ ask. Pledge counts come from the latest published statistics release
  only (ADR 0050), for every reader, the Secretariat included: no single State's pledge, and
  no live count that a differencing attack could use (ADR 0141).
- The briefing pack holds protected aggregates only (ADR 0142): strength against ceilings per
  mission (UN data), women's share per mission and States per parity colour with small counts
  suppressed (pcrs.gender), rapid deployment capacity from the published release (suppressed
  cells stay suppressed), and generation timelines as medians over at least `min_states`
  States. The Secretariat may add an annex of its own figures; it is never the default.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from pcrs.accounts.rights import Right
from pcrs.gender import selectors as gender
from pcrs.generation import selectors as generation
from pcrs.generation.models import CaseState, GenerationCase
from pcrs.missions import gaps
from pcrs.missions.models import (
    PRIORITY_RANK,
    Mission,
    MissionKind,
    Priority,
)
from pcrs.missions.selectors import contributions_as_of, missions_list
from pcrs.registry.models import CapabilityCategory, CapabilityType, ReadinessLevel
from pcrs.statistics import disclosure
from pcrs.statistics.conf import disclosure_params
from pcrs.statistics.models import Publication
from pcrs.statistics.releases import release_model
from pcrs.statistics.selectors import latest_publication
from pcrs.statistics.tables import live_layout

RDL = "rdl"  # the readiness level's value in the published "level" grouping

# --- The requirements paper ----------------------------------------------------------------


@dataclass(frozen=True)
class PaperRequirement:
    """One unfilled requirement as the paper shows it: the mission's need, never who might
    fill it (no pledge, no State, no planner's notes)."""

    mission: str
    mission_name: str
    title: str
    location: str
    units: int
    personnel: int
    required_by: dt.date
    days_open: int
    overdue: bool
    priority: str
    priority_label: str
    status_label: str
    languages: tuple[str, ...]
    min_women_percent: Decimal
    is_synthetic: bool


@dataclass
class PaperCapability:
    """One capability type with unfilled requirements, and what is pledged of it at Level 2
    or above as the latest release published it (None: suppressed or nothing published)."""

    name: str
    category_label: str
    is_critical_enabler: bool
    published_level2: int | None
    requirements: list[PaperRequirement] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(r.units for r in self.requirements)

    @property
    def personnel(self) -> int:
        return sum(r.personnel for r in self.requirements)

    @property
    def critical(self) -> int:
        return sum(1 for r in self.requirements if r.priority == Priority.CRITICAL)

    @property
    def longest_open_days(self) -> int:
        return max((r.days_open for r in self.requirements), default=0)

    @property
    def missions(self) -> list[str]:
        return sorted({r.mission for r in self.requirements})


@dataclass(frozen=True)
class PaperMission:
    acronym: str
    name: str
    requirements: int
    units: int
    personnel: int
    critical: int


@dataclass(frozen=True)
class RequirementsPaper:
    generated_on: dt.date
    contributions_as_of: dt.date | None
    statistics_as_of: dt.date | None
    critical_enablers: list[PaperCapability]
    other_capabilities: list[PaperCapability]
    missions: list[PaperMission]
    minimum_level_label: str

    @property
    def capabilities(self) -> list[PaperCapability]:
        return [*self.critical_enablers, *self.other_capabilities]

    @property
    def requirement_count(self) -> int:
        return sum(len(c.requirements) for c in self.capabilities)

    @property
    def synthetic(self) -> bool:
        return any(r.is_synthetic for c in self.capabilities for r in c.requirements)


def _paper_requirement(row: gaps.UnfilledRequirement) -> PaperRequirement:
    r = row.requirement
    return PaperRequirement(
        mission=r.mission.acronym,
        mission_name=r.mission.name,
        title=r.title,
        location=r.location,
        units=r.units,
        personnel=r.personnel,
        required_by=r.required_by,
        days_open=row.days_open,
        overdue=row.overdue,
        priority=r.priority,
        priority_label=str(r.get_priority_display()),
        status_label=str(r.get_status_display()),
        languages=tuple(str(code) for code in r.languages or ()),
        min_women_percent=r.min_women_percent,
        is_synthetic=r.is_synthetic,
    )


def requirements_paper(*, today: dt.date) -> RequirementsPaper:
    """The paper from the live gaps. The same for every reader: pledge counts are the
    published ones (show_small_counts=False) whoever asks, since the paper is handed on."""
    unfilled = gaps.unfilled_requirements(today=today, show_small_counts=False)
    lines = gaps.critical_capability_report(today=today, show_small_counts=False, unfilled=unfilled)
    categories = dict(CapabilityCategory.choices)
    capabilities: list[PaperCapability] = []
    for line in lines:
        ct = line.capability_type
        rows = sorted(
            line.requirements,
            key=lambda row: (
                row.requirement.mission.acronym,
                PRIORITY_RANK.get(row.requirement.priority, 9),
                row.requirement.required_by,
                row.requirement.pk,
            ),
        )
        capabilities.append(
            PaperCapability(
                name=ct.name,
                category_label=str(categories.get(ct.category, ct.category)),
                is_critical_enabler=ct.is_critical_enabler,
                published_level2=line.pledges_level2_now,
                requirements=[_paper_requirement(row) for row in rows],
            )
        )
    by_mission: dict[str, list[PaperRequirement]] = defaultdict(list)
    for capability in capabilities:
        for requirement in capability.requirements:
            by_mission[requirement.mission].append(requirement)
    missions = [
        PaperMission(
            acronym=acronym,
            name=rows[0].mission_name,
            requirements=len(rows),
            units=sum(r.units for r in rows),
            personnel=sum(r.personnel for r in rows),
            critical=sum(1 for r in rows if r.priority == Priority.CRITICAL),
        )
        for acronym, rows in sorted(by_mission.items())
    ]
    publication = latest_publication()
    return RequirementsPaper(
        generated_on=today,
        contributions_as_of=contributions_as_of(),
        statistics_as_of=publication.as_of if publication else None,
        critical_enablers=[c for c in capabilities if c.is_critical_enabler],
        other_capabilities=[c for c in capabilities if not c.is_critical_enabler],
        missions=missions,
        minimum_level_label=str(dict(ReadinessLevel.choices)["2"]),
    )


# --- The Council briefing pack ---------------------------------------------------------------


@dataclass(frozen=True)
class StrengthLine:
    acronym: str
    name: str
    ceilings: list[gaps.CeilingGap]


@dataclass(frozen=True)
class GenderLine:
    """A mission's women's share per category in its latest month (UN totals, no State)."""

    acronym: str
    month: dt.date
    cells: list[gender.Cell]


@dataclass(frozen=True)
class RdlCell:
    capability_type: str
    is_critical_enabler: bool
    pledges: int | None
    personnel: int | None
    states: int | None
    suppressed: bool


@dataclass(frozen=True)
class Median:
    """A median of days over cases, or suppressed when fewer than `min_states` States stand
    behind it (one State's own timeline would otherwise be on the page)."""

    days: float | None
    cases: int
    states: int
    suppressed: bool


@dataclass(frozen=True)
class TimelineLine:
    mission: str  # "" for all missions together
    to_note_verbale: Median
    to_answer: Median
    to_deployment: Median


@dataclass(frozen=True)
class SecretariatAnnex:
    """The Secretariat's own figures: never in the default pack (ADR 0142)."""

    lines: list[generation.MetricLine]
    summary: dict[str, Any]


@dataclass(frozen=True)
class BriefingPack:
    generated_on: dt.date
    contributions_as_of: dt.date | None
    statistics_as_of: dt.date | None
    min_states: int
    strength: list[StrengthLine]
    gender_month: dt.date | None
    gender_lines: list[GenderLine]
    # (category label, [green, yellow, red]); None is a suppressed count
    gender_colour_counts: list[tuple[str, list[int | None]]]
    rdl_cells: list[RdlCell]
    rdl_total: int | None
    timelines: list[TimelineLine]
    annex: SecretariatAnnex | None

    @property
    def rdl_suppressed(self) -> int:
        return sum(1 for c in self.rdl_cells if c.suppressed)


def _strength(missions: list[Mission], *, today: dt.date) -> list[StrengthLine]:
    ceilings = gaps.current_ceilings_of(missions, today=today)
    deployed_of = gaps.deployed_of(missions)
    return [
        StrengthLine(
            acronym=m.acronym,
            name=m.name,
            ceilings=gaps.ceiling_gaps(
                mission=m,
                today=today,
                ceilings=ceilings.get(m.pk, {}),
                deployed=gaps.strength_by_category(deployed_of.get(m.pk, [])),
            ),
        )
        for m in missions
    ]


def _gender(missions: list[Mission]) -> tuple[dt.date | None, list[GenderLine], list[Any]]:
    targets = gender.Targets.load()
    lines = []
    for mission in missions:
        cells = gender.mission_compliance(mission=mission, targets=targets)
        if not cells:
            continue
        latest = max(c.month for c in cells)
        lines.append(GenderLine(mission.acronym, latest, [c for c in cells if c.month == latest]))
    months = gender.contribution_months()
    month = months[0] if months else None
    # As anyone outside the Secretariat sees the month: States per colour, no State named,
    # counts below the threshold suppressed (the gender app's own rule, ADR 0100).
    table = gender.month_table(user=AnonymousUser(), month=month)
    return month, lines, table.count_rows()


def _rdl(publication: Publication | None) -> tuple[list[RdlCell], int | None]:
    """The published release's Rapid Deployment Level cells per capability type, as published
    (suppressed cells stay suppressed, empty or not), and their total when the published
    figures alone determine it. Never a live count."""
    if publication is None:
        return [], None
    critical = set(
        CapabilityType.objects.filter(is_critical_enabler=True).values_list("name", flat=True)
    )
    rows = publication.cells.filter(grouping="level", group=RDL).order_by("capability_type")
    cells = [
        RdlCell(
            capability_type=row.capability_type,
            is_critical_enabler=row.capability_type in critical,
            pledges=None if row.suppressed else row.pledges,
            personnel=None if row.suppressed else row.personnel,
            states=None if row.suppressed else row.states,
            suppressed=row.suppressed,
        )
        for row in rows
    ]
    cells.sort(key=lambda c: (not c.is_critical_enabler, c.capability_type))
    return cells, _rdl_total(publication, [c.capability_type for c in cells])


def _rdl_total(publication: Publication, capability_types: list[str]) -> int | None:
    """The sum of the release's RDL cells when its published figures pin it down (a linear
    programme over the release: computed once per release)."""
    key = f"pcrs:reports:rdl-total:{publication.pk}:{publication.as_of}"
    cached = cache.get(key, "missing")
    if cached != "missing":
        return cast(int | None, cached)
    model = release_model(publication, live_layout())
    keys = [("level", RDL, name) for name in capability_types]
    total = None
    if keys and all(k in model.cells for k in keys):
        total = disclosure.determined_sum(model, keys, "pledges")
    cache.set(key, total, 60 * 60)
    return total


def _measured(
    cases: Iterable[GenerationCase], days: Callable[[GenerationCase], int | None]
) -> tuple[list[int], set[int]]:
    """The days each case took to reach a step, and the States behind them."""
    values: list[int] = []
    states: set[int] = set()
    for case in cases:
        value = days(case)
        if value is not None:
            values.append(value)
            states.add(case.member_state_id)
    return values, states


def _timelines(*, min_states: int) -> list[TimelineLine]:
    """Median days from a requirement's opening to the note verbale, the answer and the
    deployment, per mission and for all missions, each over the States that reached the step:
    suppressed below `min_states` States (a case is one State's answer)."""
    cases = list(
        GenerationCase.objects.select_related("requirement__mission").exclude(
            state=CaseState.SHORTLISTED
        )
    )
    by_mission: dict[str, list[GenerationCase]] = defaultdict(list)
    for case in cases:
        by_mission[case.requirement.mission.acronym].append(case)

    def opened(case: GenerationCase) -> dt.date:
        return case.requirement.opened_on

    steps: list[Callable[[GenerationCase], int | None]] = [
        lambda c: (c.nv_date - opened(c)).days if c.nv_date else None,
        lambda c: (c.answered_on - opened(c)).days if c.answered_on else None,
        lambda c: (c.deployed_on - opened(c)).days if c.deployed_on else None,
    ]

    def line(mission: str, group: list[GenerationCase]) -> TimelineLine:
        medians = []
        for step in steps:
            values, states = _measured(group, step)
            hidden = len(states) < min_states
            medians.append(
                Median(
                    days=None if hidden or not values else float(median(values)),
                    cases=0 if hidden else len(values),
                    states=0 if hidden else len(states),
                    suppressed=hidden and bool(values),
                )
            )
        return TimelineLine(mission, *medians)

    lines = [line(acronym, group) for acronym, group in sorted(by_mission.items())]
    if cases:
        lines.append(line("", cases))
    return lines


def sees_secretariat_annex(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_right(Right.PLEDGE_VIEW_ALL)
        and user.has_right(Right.MISSION_EDIT_ALL)
    )


def briefing_pack(*, user: Any, today: dt.date, with_annex: bool = False) -> BriefingPack:
    """The pack: the same protected aggregates for every reader. `with_annex` adds the
    Secretariat's own timelines, for the Secretariat only; it is ignored for anyone else."""
    missions = list(missions_list(include_closed=False, kind=MissionKind.PEACEKEEPING))
    publication = latest_publication()
    min_states = disclosure_params().min_states
    month, gender_lines, colour_counts = _gender(missions)
    rdl_cells, rdl_total = _rdl(publication)
    annex = None
    if with_annex and sees_secretariat_annex(user):
        lines, summary = generation.generation_metrics()
        annex = SecretariatAnnex(lines=lines, summary=summary)
    return BriefingPack(
        generated_on=today,
        contributions_as_of=contributions_as_of(),
        statistics_as_of=publication.as_of if publication else None,
        min_states=min_states,
        strength=_strength(missions, today=today),
        gender_month=month,
        gender_lines=gender_lines,
        gender_colour_counts=colour_counts,
        rdl_cells=rdl_cells,
        rdl_total=rdl_total,
        timelines=_timelines(min_states=min_states),
        annex=annex,
    )


TITLE_PAPER = _("Current and Emerging Uniformed Capability Requirements")
TITLE_BRIEFING = _("Security Council briefing pack")
