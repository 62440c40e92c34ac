"""Imports of the real UN files, and of broken copies that must change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pcrs.missions.models import (
    Contribution,
    ContributionImport,
    CoordinateStatus,
    DeploymentLocation,
    Mission,
    MissionKind,
    PersonnelType,
)
from pcrs.missions.services import contributions_import, locations_import, missions_import
from pcrs.missions.tests.conftest import real_path

pytestmark = pytest.mark.django_db

GENDER_FILE = "full_gender_data.csv"


def real_lines(name: str) -> list[str]:
    """The file's lines with their CRLF endings, header first."""
    return real_path(name).read_bytes().decode("utf-8").splitlines(keepends=True)


def month_slice(month: str) -> list[str]:
    lines = real_lines(GENDER_FILE)
    return [lines[0]] + [line for line in lines[1:] if line.startswith(month)]


@pytest.fixture
def november_2009(real_missions: None, contributor_states: None) -> list[str]:
    return month_slice("2009-11-30")


def state_of_db() -> tuple[int, int, list[tuple[Any, ...]]]:
    return (
        Contribution.objects.count(),
        ContributionImport.objects.count(),
        list(Contribution.objects.order_by("pk").values_list("pk", "total")[:50]),
    )


# --- Missions --------------------------------------------------------------------------------


def test_real_missions_file_gives_81_operations_with_swapped_coordinates_corrected(
    real_missions: None,
) -> None:
    assert Mission.objects.peacekeeping().count() == 81
    assert Mission.objects.filter(kind=MissionKind.POLITICAL).filter(acronym="UNAMA").exists()
    minusma = Mission.objects.get(acronym="MINUSMA")
    assert minusma.hq_coordinate_status == CoordinateStatus.SWAPPED
    assert (minusma.hq_latitude, minusma.hq_longitude) == (12.65, -8.0)
    assert minusma.hq_source_longitude == "12,6500"
    minusca = Mission.objects.get(acronym="MINUSCA")
    assert minusca.hq_coordinate_status == CoordinateStatus.OK
    assert (minusca.hq_latitude, minusca.hq_longitude) == (4.3667, 18.5833)
    assert minusca.is_active and minusca.host_name == "Central African Republic"
    # "NO" is an active flag too; UNTSO has no published coordinates.
    assert Mission.objects.get(acronym="MINUSTAH").is_active is False
    assert Mission.objects.get(acronym="UNTSO").hq_coordinate_status == CoordinateStatus.MISSING
    assert Mission.objects.get(acronym="DOMREP").name.endswith("in the Dominican Republic")
    swapped = set(
        Mission.objects.filter(hq_coordinate_status=CoordinateStatus.SWAPPED).values_list(
            "acronym", flat=True
        )
    )
    assert swapped == {
        "UNOSOM I",
        "UNOSOM II",
        "UNEF",
        "UNAVEM I",
        "UNAVEM II",
        "MINUSMA",
        "UNSCOB",
    }


def test_missions_report_names_each_swapped_line() -> None:
    path = real_path("DPPADPOSS-PKO.csv")
    report = missions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert "line 67: MINUSMA longitude and latitude are swapped" in report.as_text()
    assert report.counts["coordinates_swapped"] == 7


def test_reimporting_missions_changes_nothing(real_missions: None) -> None:
    path = real_path("DPPADPOSS-PKO.csv")
    report = missions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 0


def test_impossible_coordinates_are_reported_and_not_used(db: Any) -> None:
    lines = real_lines("DPPADPOSS-PKO.csv")
    minusca = next(i for i, line in enumerate(lines) if ",MINUSCA," in line)
    lines[minusca] = lines[minusca].replace('"18,5833","4,3667"', '"200,5","95,0"')
    report = missions_import(actor=None, data="".join(lines), file_name="bad.csv")
    assert report.accepted
    assert f"line {minusca + 1}: MINUSCA coordinates" in report.as_text()
    mission = Mission.objects.get(acronym="MINUSCA")
    assert mission.hq_coordinate_status == CoordinateStatus.IMPOSSIBLE
    assert mission.hq_latitude is None


def test_missions_file_with_bad_active_flag_is_rejected(db: Any) -> None:
    lines = real_lines("DPPADPOSS-PKO.csv")
    lines[3] = lines[3].replace(",DPO,No,", ",DPO,Maybe,")
    report = missions_import(actor=None, data="".join(lines), file_name="bad.csv")
    assert not report.accepted
    assert report.errors[0].startswith("line 4: mission_isactive 'Maybe'")
    assert Mission.objects.count() == 0


# --- Contributions: the whole real file ---------------------------------------------------------


def test_whole_real_contributions_file_imports_and_reconciles(
    real_missions: None, contributor_states: None
) -> None:
    path = real_path(GENDER_FILE)
    result = contributions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    report = result.report
    assert report.accepted, report.as_text()
    assert report.counts["rows_read"] == 35774
    assert report.counts["aggregate_rows"] == 6085
    assert report.counts["rows_imported"] == 29689
    assert report.counts["rows_skipped"] == 0
    assert report.counts["flagged_gender_mismatch_rows"] == 17
    reconciliation = report.details["reconciliation"]
    assert reconciliation["checked"] == 6085
    # Every contributor's "all" row matches its detail rows; only the 39 grand totals differ,
    # and only in *_Total columns (personnel of unrecorded gender).
    differing = reconciliation["differences_by_row"]
    assert len(differing) == 39
    assert all(d["contributor"] == "all" and d["mission"] == "all" for d in differing)
    assert all(c["column"].endswith("_Total") for d in differing for c in d["columns"])
    assert reconciliation["months_without_aggregates"] == ["2014-03-31"]
    assert Contribution.objects.count() == report.counts["records"] == 44577
    assert Contribution.objects.filter(gender_mismatch=True).count() == len(
        report.details["gender_mismatches"]
    )
    # The database now gives back the file's own grand total for a month (male and female).
    from django.db.models import Sum

    month = Contribution.objects.filter(month="2009-11-30").aggregate(
        m=Sum("male"), f=Sum("female")
    )
    assert (month["m"], month["f"]) == (95013, 3017)
    # The 2014-03-31 month came with trailing apostrophes; it is imported under clean codes.
    assert Contribution.objects.filter(month="2014-03-31", member_state__iso3="ALB").exists()
    assert "trailing apostrophe removed" in report.as_text()


# --- Contributions: slices and broken copies ------------------------------------------------


def test_month_slice_imports_and_skips_aggregate_rows(november_2009: list[str]) -> None:
    result = contributions_import(actor=None, data="".join(november_2009), file_name="nov.csv")
    assert result.report.accepted, result.report.as_text()
    albania = Contribution.objects.get(
        month="2009-11-30", member_state__iso3="ALB", mission__acronym="MINURCAT"
    )
    assert (albania.personnel_type, albania.male, albania.female, albania.total) == (
        PersonnelType.TROOPS,
        63,
        0,
        63,
    )
    assert not Contribution.objects.filter(mission__acronym="all").exists()


def test_reimporting_a_month_replaces_it_never_doubles(november_2009: list[str]) -> None:
    text = "".join(november_2009)
    contributions_import(actor=None, data=text, file_name="nov.csv")
    first = Contribution.objects.count()
    changed = text.replace(
        "2009-11-30,Albania,ALB,MINURCAT,NA,NA,NA,NA,NA,NA,NA,NA,NA,63,0,63,63,0,63",
        "2009-11-30,Albania,ALB,MINURCAT,NA,NA,NA,NA,NA,NA,NA,NA,NA,60,3,63,60,3,63",
    )
    result = contributions_import(actor=None, data=changed, file_name="nov-fixed.csv")
    assert result.replaced == first
    assert Contribution.objects.count() == first
    albania = Contribution.objects.get(member_state__iso3="ALB", mission__acronym="MINURCAT")
    assert (albania.male, albania.female) == (60, 3)


def test_importing_another_month_keeps_the_first(november_2009: list[str]) -> None:
    contributions_import(actor=None, data="".join(november_2009), file_name="nov.csv")
    december = month_slice("2009-12-31")
    contributions_import(actor=None, data="".join(december), file_name="dec.csv")
    months = set(Contribution.objects.values_list("month", flat=True).distinct())
    assert {m.isoformat() for m in months} == {"2009-11-30", "2009-12-31"}


def _rejected(lines: list[str] | str, *, expect: str) -> None:
    before = state_of_db()
    data = "".join(lines) if isinstance(lines, list) else lines
    result = contributions_import(actor=None, data=data, file_name="broken.csv")
    assert not result.report.accepted
    assert any(expect in e for e in result.report.errors), result.report.errors
    assert result.batch is None
    assert state_of_db() == before


def test_broken_copy_missing_column_is_rejected_naming_line_1(november_2009: list[str]) -> None:
    contributions_import(actor=None, data="".join(november_2009), file_name="nov.csv")
    header = november_2009[0].replace(",Troops_Female", "")
    _rejected([header, *november_2009[1:]], expect="line 1: missing column(s) Troops_Female")


def test_broken_copy_unknown_mission_is_rejected_naming_the_line(
    november_2009: list[str],
) -> None:
    lines = list(november_2009)
    lines[3] = lines[3].replace(",MINURCAT,", ",MINURKAT,")
    _rejected(lines, expect="line 4: unknown mission 'MINURKAT'")


def test_broken_copy_non_numeric_count_is_rejected(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[3] = lines[3].replace(",63,0,63,63,0,63", ",6x,0,63,63,0,63")
    _rejected(lines, expect="line 4: Troops_Male '6x' is not a whole number")


def test_broken_copy_repeating_a_row_exactly_is_rejected_naming_both_lines(
    november_2009: list[str],
) -> None:
    lines = [*november_2009, november_2009[3]]
    _rejected(lines, expect=f"line {len(lines)}: exact duplicate of line 4")


def test_broken_copy_with_a_differing_duplicate_is_rejected_naming_both_lines(
    november_2009: list[str],
) -> None:
    lines = [*november_2009, november_2009[3].replace(",63,0,63,63,0,63", ",60,3,63,60,3,63")]
    _rejected(lines, expect=f"line {len(lines)}: duplicate of line 4 with different figures")


def test_broken_copy_stray_quote_is_rejected_naming_the_line(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[10] = lines[10].replace(",", ',"', 1)
    _rejected(lines, expect="line 11:")


def test_broken_copy_with_quote_inside_a_field_is_rejected(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[5] = lines[5].replace(",", ',"Alb"ania', 1)
    _rejected(lines, expect="line 6:")


def test_broken_copy_different_month_layout_is_rejected(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[4] = lines[4].replace("2009-11-30", "Nov-2009", 1)
    _rejected(lines, expect="line 5: Date 'Nov-2009'")


def test_wide_layout_with_months_as_columns_is_rejected(db: Any) -> None:
    _rejected(
        "Contributor,Mission,2009-11,2009-12\r\nAlbania,MINURCAT,63,63\r\n",
        expect="line 1: missing column(s) Date",
    )


def test_file_that_is_not_utf8_is_rejected_naming_the_line(november_2009: list[str]) -> None:
    data = "".join(november_2009).encode("utf-8")
    position = data.index(b"Albania")
    broken = data[:position] + "Albanië".encode("latin-1") + data[position + 7 :]
    before = state_of_db()
    result = contributions_import(actor=None, data=broken, file_name="latin1.csv")
    assert result.report.errors[0].startswith("line 3: not UTF-8")
    assert state_of_db() == before


def test_bom_and_lf_line_endings_import_the_same_as_the_crlf_original(
    november_2009: list[str],
) -> None:
    crlf = "".join(november_2009)
    contributions_import(actor=None, data=crlf, file_name="crlf.csv")
    original = sorted(Contribution.objects.values_list("member_state_id", "mission_id", "total"))
    lf_with_bom = b"\xef\xbb\xbf" + crlf.replace("\r\n", "\n").encode()
    result = contributions_import(actor=None, data=lf_with_bom, file_name="bom.csv")
    assert result.report.accepted, result.report.as_text()
    again = sorted(Contribution.objects.values_list("member_state_id", "mission_id", "total"))
    assert again == original


def test_unknown_contributor_is_reported_and_skipped(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[3] = lines[3].replace("Albania,ALB,", "Kosovo,XKX,")
    result = contributions_import(actor=None, data="".join(lines), file_name="kosovo.csv")
    report = result.report
    assert report.accepted
    assert report.counts["rows_skipped"] == 1
    assert "line 4: contributor 'Kosovo' (XKX) is not a Member State in PCRS" in report.as_text()
    assert not Contribution.objects.filter(source_line=4).exists()
    # The skipped row still counts towards the file's totals: Albania's "all" row no longer
    # has a detail row, and the reconciliation says so.
    albania = [
        d
        for d in report.details["reconciliation"]["differences_by_row"]
        if d["contributor"] == "ALB"
    ]
    assert albania and albania[0]["line"] == 3


def test_unknown_contributor_rejects_the_file_in_strict_mode(november_2009: list[str]) -> None:
    lines = list(november_2009)
    lines[3] = lines[3].replace("Albania,ALB,", "Undetermined,ZZ,")
    before = state_of_db()
    result = contributions_import(actor=None, data="".join(lines), file_name="zz.csv", strict=True)
    assert not result.report.accepted
    assert "line 4: contributor 'Undetermined' (ZZ)" in result.report.errors[0]
    assert state_of_db() == before


def test_rows_whose_total_differs_from_male_plus_female_keep_the_reported_total(
    real_missions: None, contributor_states: None
) -> None:
    lines = month_slice("2009-11-30")
    # Line 183 of the real file: Experts on mission total exceeds male + female.
    header, row = real_lines(GENDER_FILE)[0], real_lines(GENDER_FILE)[182]
    result = contributions_import(actor=None, data=header + row, file_name="one.csv")
    assert result.report.accepted
    flagged = Contribution.objects.get(gender_mismatch=True)
    assert flagged.total != flagged.male + flagged.female
    assert flagged.source_line == 2
    assert lines  # the month slice exists


# --- Commands ----------------------------------------------------------------------------


def test_command_exits_1_with_the_report_and_changes_nothing(
    november_2009: list[str], tmp_path: Any
) -> None:
    broken = tmp_path / "broken.csv"
    lines = list(november_2009)
    lines[3] = lines[3].replace(",NA,", ",n/a,", 1)
    broken.write_text("".join(lines))
    before = state_of_db()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_contributions", str(broken))
    assert "REJECTED: nothing was changed" in str(excinfo.value)
    assert "line 4:" in str(excinfo.value)
    assert state_of_db() == before


def test_command_prints_a_summary_when_imported(
    november_2009: list[str], tmp_path: Any, capsys: Any
) -> None:
    good = tmp_path / "nov.csv"
    good.write_text("".join(november_2009), newline="")
    call_command("import_contributions", str(good))
    out = capsys.readouterr().out
    assert "Contributions import of nov.csv: imported" in out
    assert "rows imported:" in out


# --- Locations -------------------------------------------------------------------------------


def test_real_locations_file_imports_one_location_per_mission_year_and_place(
    real_missions: None,
) -> None:
    path = real_path("FrontMap_v.2.3.csv")
    report = locations_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.accepted, report.as_text()
    assert report.counts["rows_read"] == 8783
    assert DeploymentLocation.objects.count() == report.counts["locations"] == 7376
    juba = DeploymentLocation.objects.get(mission__acronym="UNMISS", year=2023, name="Juba")
    assert (juba.troops, juba.hq_level, juba.has_aviation) == (3950, 3, True)


def test_locations_file_with_unknown_mission_is_rejected(
    real_missions: None, make_mission: Callable[..., Mission]
) -> None:
    lines = real_lines("FrontMap_v.2.3.csv")[:20]
    lines[5] = lines[5].replace("MINUCI", "MINUXX", 1) if "MINUCI" in lines[5] else lines[5]
    lines.append("MINUXX,2004,Nowhere,Place,1.0,1.0,0,0,0,0,0,0,0,0,0\r\n")
    report = locations_import(actor=None, data="".join(lines), file_name="bad.csv")
    assert not report.accepted
    assert "unknown mission 'MINUXX'" in report.errors[0]
    assert DeploymentLocation.objects.count() == 0


@pytest.mark.parametrize(
    ("importer", "name"),
    [(missions_import, "DPPADPOSS-PKO.csv"), (locations_import, "FrontMap_v.2.3.csv")],
)
def test_header_only_mission_and_location_files_are_errors(
    real_missions: None, importer: Callable[..., Any], name: str
) -> None:
    header = real_lines(name)[0]
    before = (Mission.objects.count(), DeploymentLocation.objects.count())
    report = importer(actor=None, data=header, file_name="header.csv")
    assert not report.accepted
    assert "the file has a header but no data rows" in report.errors[0]
    assert (Mission.objects.count(), DeploymentLocation.objects.count()) == before
