"""Security Council membership from the real UN file, and broken copies that change nothing."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from pcrs.consultations.models import CouncilMembership, SeatKind
from pcrs.consultations.services import council_membership_import
from pcrs.consultations.tests.conftest import COUNCIL_FILE, real_path
from pcrs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def real_lines() -> list[str]:
    return real_path(COUNCIL_FILE).read_text(encoding="utf-8").splitlines(keepends=True)


def test_real_file_loads_every_seat_from_1946_to_2027(real_states: None) -> None:
    path = real_path(COUNCIL_FILE)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    report = council_membership_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.accepted, report.as_text()
    assert CouncilMembership.objects.count() == 1150
    assert report.counts["years"] == 82
    # 11 members a year until 1965, 15 from 1966.
    assert CouncilMembership.objects.filter(year=1965).count() == 11
    assert CouncilMembership.objects.filter(year=1966).count() == 15
    assert CouncilMembership.objects.filter(year=2027).count() == 15
    # The file itself is never touched.
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_historical_names_map_to_successors_or_stay_named(real_council: None) -> None:
    ussr = CouncilMembership.objects.get(year=1946, source_name__startswith="USSR")
    assert ussr.kind == SeatKind.STATE
    assert ussr.member_state is not None and ussr.member_state.iso3 == "RUS"
    assert ussr.is_permanent
    successors = dict(
        CouncilMembership.objects.filter(
            source_name__in=[
                "Ukrainian SSR (Ukrainian Soviet Socialist Republic)",
                "United Arab Republic",
                "German FR (German Federal Republic)",
            ]
        ).values_list("source_name", "member_state__iso3")
    )
    assert sorted(successors.values()) == ["DEU", "EGY", "UKR"]
    historical = CouncilMembership.objects.filter(kind=SeatKind.HISTORICAL)
    assert set(historical.values_list("source_name", flat=True)) == {
        "Czechoslovakia",
        "German DR (German Democratic Republic)",
        "Yugoslavia",
    }
    assert historical.filter(member_state__isnull=False).count() == 0
    # UN spellings of today's States: Viet Nam, Republic of Korea, Türkiye...
    assert CouncilMembership.objects.filter(year=2021, member_state__iso3="VNM").exists()
    assert CouncilMembership.objects.filter(year=2014, member_state__iso3="KOR").exists()
    # Five permanent members every year.
    assert CouncilMembership.objects.filter(year=1980, is_permanent=True).count() == 5
    assert CouncilMembership.objects.filter(year=2026, is_permanent=True).count() == 5


def test_the_eight_blank_names_are_kept_as_unnamed_seats_and_reported_by_line(
    real_states: None,
) -> None:
    path = real_path(COUNCIL_FILE)
    report = council_membership_import(actor=None, data=path.read_bytes(), file_name=path.name)
    unnamed = CouncilMembership.objects.filter(kind=SeatKind.UNNAMED)
    assert sorted(unnamed.values_list("year", flat=True)) == [
        1964,
        1965,
        1990,
        1991,
        2018,
        2019,
        2026,
        2027,
    ]
    assert sorted(unnamed.values_list("source_line", flat=True)) == [
        203,
        213,
        585,
        600,
        1004,
        1019,
        1136,
        1149,
    ]
    blank_warnings = [w for w in report.warnings if "blank" in w]
    assert len(blank_warnings) == 8
    assert blank_warnings[0].startswith("line 203:")


def test_a_second_import_of_the_same_file_changes_nothing(real_council: None) -> None:
    audits = AuditEvent.objects.count()
    path = real_path(COUNCIL_FILE)
    report = council_membership_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.accepted
    assert report.counts["unchanged"] == 1150
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (5, ",Egypt,", ",Atlantis,", "line 5: 'Atlantis' is neither a Member State"),
        (5, "1946", "19x6", "line 5: year '19x6' is not a year"),
        (5, "4,1946", "3,1946", "line 5: id 3 already used on line 4"),
        (5, ",Egypt,", ",Brazil,", "line 5: Brazil is listed twice for 1946 (line 3)"),
    ],
)
def test_a_broken_copy_is_rejected_naming_the_line_and_writes_nothing(
    real_states: None, line: int, old: str, new: str, message: str
) -> None:
    lines = real_lines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    audits = AuditEvent.objects.count()
    report = council_membership_import(actor=None, data="".join(lines), file_name="broken.csv")
    assert not report.accepted
    assert any(e.startswith(message) for e in report.errors), report.errors
    assert CouncilMembership.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_a_year_with_a_missing_member_is_rejected(real_states: None) -> None:
    lines = real_lines()
    del lines[4]  # a 1946 member
    report = council_membership_import(actor=None, data="".join(lines), file_name="short.csv")
    assert not report.accepted
    assert any("1946 has 10 members, the Council had 11" in e for e in report.errors)
    assert CouncilMembership.objects.count() == 0


def test_command_imports_the_real_file_and_fails_on_a_broken_one(
    real_states: None, tmp_path: Any, capsys: Any
) -> None:
    call_command("import_council_membership")
    assert CouncilMembership.objects.count() == 1150
    broken = tmp_path / "broken.csv"
    broken.write_text("id,year,security_council_member,last_update\n1,1946,Narnia,2026-07-02\n")
    CouncilMembership.objects.all().delete()
    with pytest.raises(CommandError, match="line 2: 'Narnia'"):
        call_command("import_council_membership", str(broken))
    assert CouncilMembership.objects.count() == 0
