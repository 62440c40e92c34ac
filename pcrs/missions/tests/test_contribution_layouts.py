"""The three contributions layouts, and the guarantees they share: nothing lost silently.

The two UN Data Hub files in tests/fixtures were written for these tests (made-up figures, see
tests/fixtures/README.md); the real IPI file is the real-data test (test_importers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Contribution, ContributionImport, Mission, PersonnelType
from pcrs.missions.services import contributions_import
from pcrs.missions.tests.test_importers import month_slice

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
DATAHUB = FIXTURES / "written-for-tests_datahub.csv"
DATAHUB_2019 = FIXTURES / "written-for-tests_datahub_2019.csv"


@pytest.fixture
def world(make_mission: Callable[..., Mission], make_state: Callable[[str], Any]) -> None:
    for acronym in ("MINUSCA", "UNMISS"):
        make_mission(acronym)
    for iso3 in ("BGD", "NPL", "RWA"):
        make_state(iso3)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def stored() -> list[tuple[Any, ...]]:
    return sorted(
        Contribution.objects.values_list(
            "month",
            "member_state__iso3",
            "mission__acronym",
            "personnel_type",
            "male",
            "female",
            "total",
        )
    )


def database() -> tuple[int, int, int, list[tuple[Any, ...]]]:
    return (
        Contribution.objects.count(),
        ContributionImport.objects.count(),
        AuditEvent.objects.count(),
        stored(),
    )


def refused(data: str | bytes, *, expect: str, **options: Any) -> list[str]:
    before = database()
    result = contributions_import(actor=None, data=data, file_name="f.csv", **options)
    assert not result.report.accepted
    assert any(expect in e for e in result.report.errors), result.report.errors
    assert database() == before
    return result.report.errors


# --- The layouts ------------------------------------------------------------------------------


def test_current_data_hub_layout_imports_every_personnel_type(world: None) -> None:
    result = contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    assert result.report.accepted, result.report.as_text()
    assert result.report.details["layout"] == "datahub"
    assert Contribution.objects.count() == 10
    types = set(Contribution.objects.values_list("personnel_type", flat=True))
    assert types == {
        PersonnelType.TROOPS,
        PersonnelType.STAFF,
        PersonnelType.FPU,
        PersonnelType.IPO,
        PersonnelType.EXPERTS,
        PersonnelType.JUSTICE,
    }
    staff = Contribution.objects.get(personnel_type=PersonnelType.STAFF)
    assert (staff.member_state.iso3, staff.male, staff.female, staff.total) == ("BGD", 30, 4, 34)
    assert staff.source_line == 3
    assert "carries no totals" in result.report.as_text()


def test_older_data_hub_export_gives_the_same_records(world: None) -> None:
    contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    current = stored()
    Contribution.objects.all().delete()
    result = contributions_import(
        actor=None, data=DATAHUB_2019.read_bytes(), file_name=DATAHUB_2019.name
    )
    assert result.report.accepted, result.report.as_text()
    assert result.report.details["layout"] == "datahub_2019"
    # Female comes before Male in this export: the reader must not swap them.
    assert stored() == current


def test_reimporting_the_same_file_changes_nothing(world: None) -> None:
    contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    first = stored()
    again = contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    assert again.report.accepted
    assert again.replaced == 10
    assert stored() == first


def test_file_mixing_two_layouts_is_refused_naming_the_line(world: None) -> None:
    ipi = "".join(lines_of(DATAHUB)) + "".join(lines_of(DATAHUB_2019))
    refused(ipi, expect="line 12: a header of the UN Peace and Security Data Hub")


def test_header_mixing_two_layouts_is_refused(world: None) -> None:
    lines = lines_of(DATAHUB)
    lines[0] = lines[0].rstrip() + ",Date_reported\r\n"
    lines[1:] = [line.rstrip() + ",2024-01-31\r\n" for line in lines[1:]]
    refused("".join(lines), expect="line 1: the header mixes the columns of several layouts")


def test_ipi_rows_pasted_below_a_data_hub_file_are_refused(
    world: None, make_mission: Callable[..., Mission]
) -> None:
    ipi_row = "2024-01-31,Nepal,NPL,UNMISS,NA,NA,NA,NA,NA,NA,NA,NA,NA,5,0,5,5,0,5\r\n"
    refused(
        "".join(lines_of(DATAHUB)) + ipi_row, expect="line 12: 19 fields where the header has 8"
    )


def test_unknown_personnel_type_is_an_error_naming_the_line(world: None) -> None:
    lines = lines_of(DATAHUB)
    lines[4] = lines[4].replace("Troops", "Civilians")
    refused("".join(lines), expect="line 5: personnel_type 'Civilians' is not a known personnel")


def test_a_huge_integer_is_an_error_naming_the_line(world: None) -> None:
    lines = lines_of(DATAHUB)
    lines[2] = lines[2].replace(",30,4,", ",99999999999999999999,4,")
    refused("".join(lines), expect="line 3: male_personnel 99999999999999999999 is larger")


def test_a_count_of_a_million_digits_is_refused_quickly(world: None) -> None:
    lines = lines_of(DATAHUB)
    lines[2] = lines[2].replace(",30,4,", "," + "9" * 1_000_000 + ",4,")
    refused("".join(lines), expect="line 3: a field longer than")


def test_a_date_in_another_format_is_an_error_naming_the_line(world: None) -> None:
    lines = lines_of(DATAHUB_2019)
    lines[6] = lines[6].replace("2024-01-31", "31/01/2024")
    refused("".join(lines), expect="line 7: Date_reported '31/01/2024' is not a day")


# --- Duplicates -------------------------------------------------------------------------------


def test_exact_duplicates_are_an_error_by_default(world: None) -> None:
    lines = lines_of(DATAHUB)
    refused("".join([*lines, lines[2], lines[2]]), expect="line 12: exact duplicate of line 3")


def test_exact_duplicates_are_collapsed_and_reported_when_asked(world: None) -> None:
    lines = lines_of(DATAHUB)
    result = contributions_import(
        actor=None,
        data="".join([*lines, lines[2], lines[5]]),
        file_name="dup.csv",
        collapse_exact_duplicates=True,
    )
    assert result.report.accepted, result.report.as_text()
    assert Contribution.objects.count() == 10
    assert result.report.counts["exact_duplicates_collapsed"] == 2
    text = result.report.as_text()
    assert "line 3 repeated on 12 (1 line)" in text
    assert "line 6 repeated on 13 (1 line)" in text


def test_duplicates_that_differ_are_an_error_even_when_collapsing(world: None) -> None:
    lines = lines_of(DATAHUB)
    changed = lines[2].replace("2,BGD", "99,BGD").replace(",30,4,", ",31,4,")
    refused(
        "".join([*lines, changed]),
        expect="line 12: duplicate of line 3 with different figures",
        collapse_exact_duplicates=True,
    )


# --- Nothing lost silently ----------------------------------------------------------------------


def test_empty_and_header_only_files_are_refused(world: None) -> None:
    contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    refused(b"", expect="line 1: the file is empty")
    refused(lines_of(DATAHUB)[0], expect="the file has a header but no data rows")
    refused(lines_of(DATAHUB)[0], expect="no data rows", replace_months=True)


def test_a_month_that_would_lose_rows_is_refused_without_replace_months(world: None) -> None:
    contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    assert Contribution.objects.filter(month__month=1).count() == 7
    # The file cut after line 6: January loses Rwanda's row, February is not in the file.
    cut = "".join(lines_of(DATAHUB)[:7])
    errors = refused(cut, expect="2024-01: contributors 3 -> 2 (-1), records 7 -> 6 (-1)")
    assert "--replace-months" in errors[0]
    assert "2024-02" not in errors[0]

    result = contributions_import(actor=None, data=cut, file_name="cut.csv", replace_months=True)
    assert result.report.accepted
    assert Contribution.objects.filter(month__month=1).count() == 6
    assert Contribution.objects.filter(month__month=2).count() == 3  # untouched
    assert "months replaced as asked" in result.report.as_text()


def test_a_month_that_grows_imports_without_asking(world: None) -> None:
    lines = lines_of(DATAHUB)
    contributions_import(actor=None, data="".join(lines[:7]), file_name="part.csv")
    result = contributions_import(actor=None, data=DATAHUB.read_bytes(), file_name=DATAHUB.name)
    assert result.report.accepted
    assert Contribution.objects.count() == 10


def test_real_file_cut_at_a_line_boundary_is_refused_by_the_command(
    real_missions: None, contributor_states: None, tmp_path: Path
) -> None:
    november = month_slice("2009-11-30")
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    whole.write_text("".join(november), newline="")
    cut.write_text("".join(november[:-40]), newline="")
    call_command("import_contributions", str(whole))
    before = database()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_contributions", str(cut))
    assert "2009-11: contributors" in str(excinfo.value)
    assert "REJECTED: nothing was changed" in str(excinfo.value)
    assert database() == before
    call_command("import_contributions", str(cut), "--replace-months")
    assert Contribution.objects.count() < before[0]


# --- The web upload behaves the same --------------------------------------------------------------


def upload(client: Client, data: bytes, **fields: Any) -> str:
    file = SimpleUploadedFile("f.csv", data, "text/csv")
    response = client.post(reverse("missions:contributions_upload"), {"file": file, **fields})
    assert response.status_code == 200
    return response.content.decode()


def test_upload_refuses_a_shrinking_month_unless_replace_is_ticked(
    world: None, secretariat: User
) -> None:
    client = Client()
    client.force_login(secretariat)
    assert "Imported" in upload(client, DATAHUB.read_bytes())
    cut = "".join(lines_of(DATAHUB)[:7]).encode()
    before = database()
    html = upload(client, cut)
    assert "Rejected: nothing was changed" in html
    assert "2024-01: contributors 3 -&gt; 2 (-1), records 7 -&gt; 6 (-1)" in html
    assert database() == before
    assert "Imported" in upload(client, cut, replace_months="on")
    assert Contribution.objects.count() == 9


def test_upload_of_a_header_only_file_or_a_huge_number_is_a_clear_refusal(
    world: None, secretariat: User
) -> None:
    client = Client()
    client.force_login(secretariat)
    before = database()
    assert "no data rows" in upload(client, lines_of(DATAHUB)[0].encode())
    lines = lines_of(DATAHUB)
    lines[2] = lines[2].replace(",30,4,", ",99999999999999999999,4,")
    html = upload(client, "".join(lines).encode())
    assert "line 3: male_personnel 99999999999999999999 is larger" in html
    assert database() == before
