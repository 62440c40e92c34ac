"""Missions fixtures: missions, capability types, States for the real data, users by role."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycountry
import pytest

from pcrs.accounts.models import Role, User
from pcrs.memberstates.models import MemberState
from pcrs.missions.datafiles import real_data_dir
from pcrs.missions.models import DeployedContingent, Mission, MissionKind
from pcrs.registry.models import CapabilityCategory, CapabilityType

REAL = real_data_dir()

CAPABILITIES = {
    "infantry-battalion": ("Infantry battalion", CapabilityCategory.MILITARY_UNIT, 850),
    "utility-helicopter-unit": ("Utility helicopter unit", CapabilityCategory.MILITARY_UNIT, 100),
    "qrf-company": ("Quick reaction force company", CapabilityCategory.MILITARY_UNIT, 180),
    "level-2-hospital": ("Level II hospital", CapabilityCategory.MILITARY_UNIT, 65),
    "formed-police-unit": ("Formed police unit", CapabilityCategory.POLICE_UNIT, 140),
    "military-observer": ("Military observer", CapabilityCategory.INDIVIDUAL_MILITARY, 1),
    "staff-officer": ("Staff officer", CapabilityCategory.INDIVIDUAL_MILITARY, 1),
    "individual-police-officer": (
        "Individual police officer",
        CapabilityCategory.INDIVIDUAL_POLICE,
        1,
    ),
}


def real_path(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real data file {path} is not available")
    return path


@pytest.fixture
def real_missions(db: Any) -> None:
    """The 81 operations of the real DPPADPOSS-PKO file, through the importer."""
    from pcrs.missions.services import missions_import

    path = real_path("DPPADPOSS-PKO.csv")
    report = missions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.accepted, report.as_text()


@pytest.fixture
def capability(db: Any) -> Callable[[str], CapabilityType]:
    def make(code: str) -> CapabilityType:
        name, category, size = CAPABILITIES[code]
        return CapabilityType.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "typical_size": size}
        )[0]

    return make


@pytest.fixture
def make_mission(db: Any) -> Callable[..., Mission]:
    def make(acronym: str, **fields: Any) -> Mission:
        defaults: dict[str, Any] = {
            "name": f"Mission {acronym}",
            "is_active": True,
            "kind": MissionKind.PEACEKEEPING,
        }
        defaults.update(fields)
        return Mission.objects.get_or_create(acronym=acronym, defaults=defaults)[0]

    return make


@pytest.fixture
def minusca(make_mission: Callable[..., Mission]) -> Mission:
    return make_mission("MINUSCA", name="MINUSCA", host_name="Central African Republic")


@pytest.fixture
def unmiss(make_mission: Callable[..., Mission]) -> Mission:
    return make_mission("UNMISS", name="UNMISS", host_name="South Sudan")


@pytest.fixture
def planner_minusca(make_user: Callable[..., User], minusca: Mission) -> User:
    return make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)


@pytest.fixture
def planner_unmiss(make_user: Callable[..., User], unmiss: Mission) -> User:
    return make_user("planner-unmiss", Role.MISSION_PLANNER, mission=unmiss)


def all_states_from_iso(codes: set[str]) -> None:
    """Member States for every code of a real file, built from ISO 3166 (tests only)."""
    existing = set(MemberState.objects.values_list("iso3", flat=True))
    rows = []
    for code in sorted(codes - existing):
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            continue
        rows.append(
            MemberState(
                iso3=code,
                iso2=country.alpha_2,
                m49=country.numeric,
                name=country.name,
                region="Test",
                subregion="Test",
            )
        )
    MemberState.objects.bulk_create(rows)


@functools.cache
def _contributor_codes() -> frozenset[str]:
    with real_path("full_gender_data.csv").open(encoding="utf-8-sig", newline="") as handle:
        codes = {row["Contributor_ISO-3"].strip("'") for row in csv.DictReader(handle)}
    return frozenset(codes - {"all"})


@pytest.fixture
def contributor_states(db: Any) -> None:
    all_states_from_iso(set(_contributor_codes()))


@pytest.fixture
def make_contingent(
    db: Any, capability: Callable[[str], CapabilityType], make_state: Callable[[str], Any]
) -> Callable[..., DeployedContingent]:
    """A contingent written straight to the database (for reads)."""

    def make(mission: Mission, state: str = "BGD", **fields: Any) -> DeployedContingent:
        code = fields.pop("code", "infantry-battalion")
        defaults: dict[str, Any] = {
            "mission": mission,
            "member_state": make_state(state),
            "capability_type": capability(code),
            "personnel": 850,
            "women": 50,
            "deployed_on": dt.date(2026, 1, 1),
            "rotation_months": 12,
            "next_rotation_on": dt.date(2027, 1, 1),
        }
        defaults.update(fields)
        return DeployedContingent.objects.create(**defaults)

    return make


@pytest.fixture
def fp_npl(make_user: Callable[..., User]) -> User:
    return make_user("fp-npl", Role.FOCAL_POINT, "NPL")


@pytest.fixture
def roles(
    fp_bgd: User,
    fp_kaz: User,
    secretariat: User,
    observer: User,
    planner_minusca: User,
    planner_unmiss: User,
) -> dict[str, User]:
    return {
        "fp_own": fp_bgd,
        "fp_other": fp_kaz,
        "secretariat": secretariat,
        "observer": observer,
        "planner_own": planner_minusca,
        "planner_other": planner_unmiss,
    }


__all__ = ["Role"]
