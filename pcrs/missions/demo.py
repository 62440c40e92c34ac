"""The missions part of `load_demo`: real UN data, current ceilings, derived contingents and
sample requirements. Safe to run again: imports replace what they cover, the rest is skipped
when present."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from pcrs.missions.datafiles import (
    CONTRIBUTIONS_FILE,
    FATALITIES_FILE,
    LOCATIONS_FILE,
    MISSIONS_FILE,
    real_data_file,
)
from pcrs.missions.models import Mission, Priority, Requirement, RequirementStatus
from pcrs.missions.services import (
    RequirementInput,
    ceilings_load_defaults,
    contingents_derive_demo,
    contributions_import,
    fatalities_import,
    gender_targets_load_defaults,
    locations_import,
    mission_status_correct,
    missions_import,
    requirement_create,
    requirement_status_set,
)
from pcrs.registry.models import CapabilityType


@dataclass(frozen=True)
class SampleRequirement:
    mission: str
    capability: str
    units: int
    personnel: int
    priority: str
    opened_days_ago: int
    required_in_days: int
    location: str = ""
    languages: tuple[str, ...] = ("en",)
    min_women_percent: int = 0
    equipment: tuple[tuple[str, int], ...] = ()
    status: str = RequirementStatus.OPEN
    title: str = ""


# The critical shortages of 2021-2022 (PCRS.md): helicopters, cargo aircraft, infantry and
# company-level QRFs, ground and aerial ISR, and medical units. Synthetic, for the demo.
SAMPLE_REQUIREMENTS: tuple[SampleRequirement, ...] = (
    SampleRequirement(
        "MINUSCA",
        "utility-helicopter-unit",
        1,
        110,
        Priority.CRITICAL,
        640,
        60,
        "Bangui",
        ("fr",),
        10,
        (("Utility helicopter (medium)", 3),),
    ),
    SampleRequirement(
        "MINUSCA",
        "attack-helicopter-unit",
        1,
        120,
        Priority.CRITICAL,
        910,
        30,
        "Bambari",
        ("fr", "en"),
        5,
        (("Armed helicopter", 3),),
    ),
    SampleRequirement(
        "MINUSCA", "qrf-company", 1, 180, Priority.CRITICAL, 420, 90, "Kaga-Bandoro", ("fr",), 15
    ),
    SampleRequirement(
        "MINUSCA", "level-2-hospital", 1, 65, Priority.HIGH, 300, 120, "Bria", ("fr",), 25
    ),
    SampleRequirement(
        "MONUSCO",
        "uas-unit",
        1,
        90,
        Priority.CRITICAL,
        730,
        45,
        "Goma",
        ("fr",),
        10,
        (("Tactical UAS system", 2),),
    ),
    SampleRequirement(
        "MONUSCO",
        "riverine-unit",
        1,
        120,
        Priority.HIGH,
        380,
        150,
        "Bunia",
        ("fr",),
        5,
        status=RequirementStatus.IN_GENERATION,
    ),
    SampleRequirement(
        "MONUSCO",
        "utility-helicopter-unit",
        1,
        100,
        Priority.CRITICAL,
        520,
        75,
        "Beni",
        ("fr", "en"),
        10,
    ),
    SampleRequirement(
        "UNMISS", "isr-unit", 1, 80, Priority.CRITICAL, 455, 60, "Malakal", ("en",), 10
    ),
    SampleRequirement(
        "UNMISS",
        "engineer-company",
        1,
        200,
        Priority.HIGH,
        210,
        180,
        "Bor",
        ("en",),
        10,
        (("Grader", 2), ("Excavator", 2)),
    ),
    SampleRequirement(
        "UNMISS",
        "cargo-aircraft-unit",
        1,
        60,
        Priority.HIGH,
        820,
        90,
        "Juba",
        ("en",),
        5,
        (("Medium-lift fixed-wing aircraft", 2),),
    ),
    SampleRequirement(
        "UNISFA", "qrf-company", 1, 175, Priority.CRITICAL, 270, 45, "Abyei", ("en",), 15
    ),
    SampleRequirement(
        "UNISFA", "formed-police-unit", 1, 140, Priority.HIGH, 160, 120, "Abyei", ("en", "ar"), 20
    ),
    SampleRequirement(
        "UNIFIL", "level-1-hospital", 1, 40, Priority.ROUTINE, 95, 200, "Naqoura", ("en", "fr"), 25
    ),
    SampleRequirement("UNIFIL", "eod-unit", 1, 45, Priority.HIGH, 130, 90, "Naqoura", ("en",), 10),
    SampleRequirement(
        "MINURSO",
        "utility-helicopter-unit",
        1,
        60,
        Priority.HIGH,
        350,
        120,
        "Laayoune",
        ("fr", "en"),
        10,
        status=RequirementStatus.FILLED,
    ),
)


@dataclass(frozen=True)
class StatusCorrection:
    mission: str
    end_date: dt.date
    resolution: str
    source: str


# Real closures the UN's own mission list (DPPADPOSS-PKO, updated 2024-02-19) does not show or
# does not source: recorded as the Secretariat would, with their sources (ADR 0081).
STATUS_CORRECTIONS: tuple[StatusCorrection, ...] = (
    StatusCorrection(
        "MINUSMA",
        dt.date(2023, 12, 31),
        "S/RES/2690 (2023)",
        "Security Council resolution 2690 (2023) of 30 June 2023 ended MINUSMA's mandate; the "
        "mission closed on 31 December 2023 (UN Peacekeeping, MINUSMA fact sheet). The UN "
        "mission list of 2024-02-19 still flags it active.",
    ),
    StatusCorrection(
        "UNAMID",
        dt.date(2020, 12, 31),
        "S/RES/2559 (2020)",
        "Security Council resolution 2559 (2020) of 22 December 2020 ended UNAMID's mandate on "
        "31 December 2020 (UN Peacekeeping, UNAMID fact sheet).",
    ),
)


def mission_status_corrections_load_demo(*, stdout: TextIO) -> int:
    """The demo's known closures, through the Secretariat's service; safe to run again."""
    missions = {
        m.acronym: m
        for m in Mission.objects.filter(acronym__in=[c.mission for c in STATUS_CORRECTIONS])
    }
    recorded = 0
    for item in STATUS_CORRECTIONS:
        mission = missions.get(item.mission)
        if mission is None:
            _line(stdout, f"status correction skipped: {item.mission} not loaded")
            continue
        mission_status_correct(
            actor=None,
            mission=mission,
            is_active=False,
            end_date=item.end_date,
            resolution=item.resolution,
            source=item.source,
        )
        recorded += 1
        _line(stdout, f"status: {item.mission} closed {item.end_date} ({item.resolution})")
    return recorded


def _line(stdout: TextIO, text: str) -> None:
    stdout.write(text + "\n")


def requirements_load_demo(*, today: dt.date, stdout: TextIO) -> int:
    if Requirement.objects.filter(is_synthetic=True).exists():
        _line(stdout, "sample requirements already present")
        return 0
    missions = {m.acronym: m for m in Mission.objects.all()}
    types = {ct.code: ct for ct in CapabilityType.objects.all()}
    created = 0
    for sample in SAMPLE_REQUIREMENTS:
        mission, capability = missions.get(sample.mission), types.get(sample.capability)
        if mission is None or capability is None:
            _line(stdout, f"skipped {sample.mission} {sample.capability}: not loaded")
            continue
        requirement = requirement_create(
            actor=None,
            mission=mission,
            data=RequirementInput(
                capability_type=capability,
                title=sample.title or f"{capability.name} for {mission.acronym}",
                units=sample.units,
                personnel=sample.personnel,
                required_by=today + dt.timedelta(days=sample.required_in_days),
                priority=sample.priority,
                location=sample.location,
                languages=list(sample.languages),
                min_women_percent=Decimal(sample.min_women_percent),
                major_equipment=[{"item": i, "quantity": q} for i, q in sample.equipment],
                notes="Synthetic requirement for the demo.",
            ),
            opened_on=today - dt.timedelta(days=sample.opened_days_ago),
            is_synthetic=True,
        )
        if sample.status != RequirementStatus.OPEN:
            requirement_status_set(
                actor=None, requirement=requirement, status=sample.status, on=today
            )
        created += 1
    return created


def missions_load_demo(*, stdout: TextIO) -> None:
    """Everything the missions pages need for the demo, from the real data files."""
    today = timezone.localdate()
    for name, run in (
        (MISSIONS_FILE, missions_import),
        (CONTRIBUTIONS_FILE, None),
        (LOCATIONS_FILE, locations_import),
        (FATALITIES_FILE, None),
    ):
        path = real_data_file(name)
        if not path.is_file():
            _line(stdout, f"missions demo: {path} not found; skipped")
            continue
        if name == FATALITIES_FILE:
            report = fatalities_import(
                actor=None, data=path.read_bytes(), file_name=path.name
            ).report
        elif run is None:
            report = contributions_import(
                actor=None, data=path.read_bytes(), file_name=path.name
            ).report
        else:
            report = run(actor=None, data=path.read_bytes(), file_name=path.name)
        head = report.summary_lines()[0]
        _line(stdout, head if report.accepted else report.as_text())
        if name == MISSIONS_FILE:
            mission_status_corrections_load_demo(stdout=stdout)
    created, missing = ceilings_load_defaults(actor=None)
    targets = gender_targets_load_defaults(actor=None)
    _line(stdout, f"ceilings: {created} created; gender targets: {targets} created")
    if missing:
        _line(stdout, "ceilings skipped, missions not found: " + ", ".join(missing))
    count, notes = contingents_derive_demo(actor=None, today=today)
    _line(stdout, f"derived contingents: {count}")
    for note in notes:
        _line(stdout, f"  {note}")
    _line(stdout, f"sample requirements: {requirements_load_demo(today=today, stdout=stdout)}")
