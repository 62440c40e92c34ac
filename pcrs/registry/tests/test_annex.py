"""The pledge annex workbook: download, fill offline as a user would, upload; every refusal
changes nothing; the access matrix; a verified pledge's material change waits for the Secretariat.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import fields

import pytest
from openpyxl import Workbook, load_workbook

from pcrs.accounts.models import Role
from pcrs.core.models import AuditEvent
from pcrs.missions.models import Mission
from pcrs.registry import annex, apis, services
from pcrs.registry.models import ChangeStatus, Pledge, PledgePartner, PledgeStatus

XLSX = annex.CONTENT_TYPE


def url(pledge_or_id) -> str:
    key = getattr(pledge_or_id, "pk", pledge_or_id)
    return f"/api/v1/pledges/{key}/annex.xlsx"


def download(api, user, pledge):
    response = api(user).get(url(pledge))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def as_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(api, user, pledge, content: bytes):
    return api(user).generic("PUT", url(pledge), content, content_type=XLSX)


def cover_row(workbook, name: str) -> int:
    sheet = workbook[annex.COVER]
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=annex.KEY_COLUMN).value == name:
            return row
    raise AssertionError(f"no cover row for {name}")


def set_cover(workbook, name: str, value) -> None:
    workbook[annex.COVER].cell(row=cover_row(workbook, name), column=2, value=value)


def state_of(pledge: Pledge) -> tuple:
    """What a refused upload must leave exactly as it was."""
    pledge = Pledge.objects.get(pk=pledge.pk)
    return (
        services.content_values(pledge),
        pledge.version,
        pledge.change_requests.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def bgd_pledge(make_pledge):
    return make_pledge("BGD", status=PledgeStatus.DRAFT)


# ---------------------------------------------------------------- the round trip


def test_round_trip_download_fill_upload_gives_the_filled_pledge(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    set_cover(workbook, "title", "BANBAT-7")
    set_cover(workbook, "personnel", 900)
    set_cover(workbook, "women", 70)
    set_cover(workbook, "languages", "en, fr")
    set_cover(workbook, "notice_to_move_days", 45)
    set_cover(workbook, "contact_name", "Maj. Rahman")
    organization = workbook[annex.ORGANIZATION]
    organization["A2"], organization["B2"], organization["C2"] = "Officers", 50, 10
    organization["A3"], organization["B3"], organization["C3"] = "Other ranks", 780, 60
    equipment = workbook[annex.EQUIPMENT]
    equipment["A3"], equipment["B3"], equipment["C3"] = "Water truck", 4, "Dry lease"
    workbook[annex.SUSTAINMENT]["A4"] = "Tentage"

    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))

    assert response.status_code == 200, response.json()
    pledge = Pledge.objects.get(pk=bgd_pledge.pk)
    assert (pledge.title, pledge.personnel, pledge.women) == ("BANBAT-7", 900, 70)
    assert pledge.languages == ["en", "fr"]
    assert pledge.notice_to_move_days == 45
    assert pledge.contact_name == "Maj. Rahman"
    assert sorted((x.rank_band, x.men, x.women) for x in pledge.organization.all()) == [
        ("officers", 50, 10),
        ("other_ranks", 780, 60),
    ]
    assert sorted((x.item, x.quantity, x.lease) for x in pledge.equipment.all()) == [
        ("APC (wheeled)", 10, "wet"),
        ("Water truck", 4, "dry"),
    ]
    assert pledge.self_sustainment == ["catering", "medical", "tentage"]
    assert pledge.version == bgd_pledge.version + 1
    assert AuditEvent.objects.filter(action="pledge.update").count() == 1


def test_unchanged_workbook_changes_nothing(api, fp_bgd, bgd_pledge):
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(download(api, fp_bgd, bgd_pledge)))
    assert response.status_code == 200
    assert state_of(bgd_pledge) == before


def test_a_workbook_downloaded_in_french_is_read_back_in_english(api, fp_bgd, bgd_pledge):
    """Lists show labels in the reader's language; the upload may come from another session
    (or a colleague's English browser): labels of every site language are read."""
    response = api(fp_bgd).get(url(bgd_pledge), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook[annex.EQUIPMENT]["C2"].value == "Location avec services"
    assert "Soutien médical" in [c.value for c in workbook[annex.SUSTAINMENT]["A"]]
    before = state_of(bgd_pledge)
    answer = upload(api, fp_bgd, bgd_pledge, response.content)
    assert answer.status_code == 200, answer.json()
    assert state_of(bgd_pledge) == before


def test_workbook_shows_the_pledge_with_lists_and_locked_headers(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    assert workbook.sheetnames == [*annex.SHEETS, annex.LISTS]
    cover = workbook[annex.COVER]
    assert cover.cell(row=cover_row(workbook, "personnel"), column=2).value == 850
    assert cover.cell(row=cover_row(workbook, "capability_type"), column=2).value == (
        "Infantry battalion"
    )
    organization = workbook[annex.ORGANIZATION]
    assert [organization["A2"].value, organization["B2"].value, organization["C2"].value] == [
        "Other ranks",
        790,
        60,
    ]
    assert workbook[annex.EQUIPMENT]["A2"].value == "APC (wheeled)"
    assert [workbook[annex.SUSTAINMENT][f"A{r}"].value for r in (2, 3)] == ["Catering", "Medical"]
    for name in annex.SHEETS:
        sheet = workbook[name]
        assert sheet.protection.sheet, name
        assert sheet["A1"].protection.locked, name
    # Drop-down lists: rank bands on the Table of Organization, categories on Annex D.
    formulas = {
        name: [dv.formula1 for dv in workbook[name].data_validations.dataValidation]
        for name in annex.SHEETS
    }
    assert any("$B$" in f for f in formulas[annex.ORGANIZATION] if f and "Lists" in f)
    assert any("$C$" in f for f in formulas[annex.SUSTAINMENT] if f and "Lists" in f)
    # Value cells are unlocked for the user to fill.
    assert not organization["B5"].protection.locked


def test_every_pledge_input_field_is_in_the_workbook():
    in_workbook = {f.name for f in annex.COVER_FIELDS} | set(annex.SHEET_OF_FIELD)
    assert in_workbook == {f.name for f in fields(services.PledgeInput)}


def test_formula_like_text_is_written_as_text_and_reads_back(api, fp_bgd, make_pledge):
    pledge = make_pledge("BGD", status=PledgeStatus.DRAFT, title="=HYPERLINK(1)")
    workbook = download(api, fp_bgd, pledge)
    cell = workbook[annex.COVER].cell(row=cover_row(workbook, "title"), column=2)
    assert cell.data_type == "s"
    assert cell.value == "=HYPERLINK(1)"
    response = upload(api, fp_bgd, pledge, as_bytes(workbook))
    assert response.status_code == 200, response.json()
    assert Pledge.objects.get(pk=pledge.pk).title == "=HYPERLINK(1)"


# ---------------------------------------------------------------- refusals change nothing


def _formula(workbook):
    workbook[annex.ORGANIZATION]["B2"] = "=700+90"


def _extra_sheet(workbook):
    workbook.create_sheet("Notes")


def _merged(workbook):
    workbook[annex.EQUIPMENT].merge_cells("A3:B3")


def _text_in_number(workbook):
    workbook[annex.ORGANIZATION]["B2"] = "790 men"


def _negative_quantity(workbook):
    workbook[annex.EQUIPMENT]["B2"] = -3


def _absurd_quantity(workbook):
    workbook[annex.EQUIPMENT]["B2"] = 1_000_000


def _absurd_personnel(workbook):
    set_cover(workbook, "personnel", 999_999)


def _unknown_band(workbook):
    workbook[annex.ORGANIZATION]["A3"] = "Generals"
    workbook[annex.ORGANIZATION]["B3"] = 1


def _beyond_table(workbook):
    workbook[annex.EQUIPMENT]["F9"] = "spare"


def _bad_date(workbook):
    set_cover(workbook, "available_from", "next spring")


@pytest.mark.parametrize(
    ("spoil", "sheet", "row", "column", "words"),
    [
        (_formula, annex.ORGANIZATION, 2, "B", "formula"),
        (_extra_sheet, "Notes", None, "", "not part of the annex"),
        (_merged, annex.EQUIPMENT, 3, "A", "Merged"),
        (_text_in_number, annex.ORGANIZATION, 2, "B", "not a whole number"),
        (_negative_quantity, annex.EQUIPMENT, 2, "B", "outside the limits (1 to 10000)"),
        (_absurd_quantity, annex.EQUIPMENT, 2, "B", "outside the limits (1 to 10000)"),
        (_absurd_personnel, annex.COVER, None, "B", "outside the limits (1 to 5000)"),
        (_unknown_band, annex.ORGANIZATION, 3, "A", "not a rank band"),
        (_beyond_table, annex.EQUIPMENT, 9, "F", "outside the table"),
        (_bad_date, annex.COVER, None, "B", "not a date"),
    ],
)
def test_refused_workbook_names_sheet_row_column_and_changes_nothing(
    api, fp_bgd, bgd_pledge, spoil, sheet, row, column, words
):
    workbook = download(api, fp_bgd, bgd_pledge)
    spoil(workbook)
    before = state_of(bgd_pledge)

    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))

    assert response.status_code == 400
    problems = response.json()["problems"]
    expected_row = row if row is not None else None
    matching = [
        p
        for p in problems
        if p["sheet"] == sheet
        and p["column"] == column
        and (expected_row is None or p["row"] == expected_row)
        and words in p["message"]
    ]
    assert matching, problems
    if sheet == annex.COVER:
        assert all(p["row"] for p in matching)
    assert state_of(bgd_pledge) == before


def test_totals_that_do_not_add_up_are_refused_by_the_service(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    set_cover(workbook, "personnel", 860)
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))
    assert response.status_code == 400
    assert any(
        p["sheet"] == annex.ORGANIZATION and "adds up to 850" in p["message"]
        for p in response.json()["problems"]
    )
    assert state_of(bgd_pledge) == before


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x00\xffrandom bytes" * 100, "not an Excel workbook"),
        (b"title,personnel\nBANBAT,850\n", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "not an Excel workbook"),
        (_zip_bomb(), "unpacks to more than"),
    ],
    ids=["random-bytes", "csv-renamed", "broken-zip", "zip-bomb"],
)
def test_a_file_that_is_not_a_workbook_is_refused(api, fp_bgd, bgd_pledge, content, words):
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, content)
    assert response.status_code == 400
    assert words in response.json()["problems"][0]["message"]
    assert state_of(bgd_pledge) == before


def test_a_plain_workbook_of_other_sheets_is_refused(api, fp_bgd, bgd_pledge):
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(Workbook()))
    assert response.status_code == 400
    sheets = {p["sheet"] for p in response.json()["problems"]}
    assert {"Sheet", annex.COVER, annex.ORGANIZATION} <= sheets
    assert state_of(bgd_pledge) == before


def test_a_50_mb_file_is_refused_before_it_is_read(api, fp_bgd, bgd_pledge, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(apis.XlsxParser, "parse", never)
    monkeypatch.setattr(annex, "read_workbook", never)
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, b"PK" + b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert state_of(bgd_pledge) == before


def test_a_body_over_the_limit_without_a_declared_length_is_refused(bgd_pledge, fp_bgd):
    parser = apis.XlsxParser()
    body = io.BytesIO(b"PK" + b"\0" * (annex.max_upload_bytes() + 10))
    with pytest.raises(apis.AnnexTooLarge):
        parser.parse(body)


def test_another_pledges_workbook_is_refused(api, fp_bgd, bgd_pledge, make_pledge):
    other = make_pledge("BGD", status=PledgeStatus.DRAFT, title="BANENGR")
    workbook = download(api, fp_bgd, other)
    before = state_of(bgd_pledge)
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))
    assert response.status_code == 400
    assert "another pledge" in response.json()["problems"][0]["message"]
    assert state_of(bgd_pledge) == before


def test_a_workbook_of_an_older_version_is_refused(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    Pledge.objects.filter(pk=bgd_pledge.pk).update(version=5)
    set_cover(workbook, "title", "late")
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))
    assert response.status_code == 400
    assert response.json()["problems"][0]["row"] == cover_row(workbook, "version")
    assert Pledge.objects.get(pk=bgd_pledge.pk).title == bgd_pledge.title


# ---------------------------------------------------------------- change control


def test_material_change_to_a_level_2_pledge_becomes_a_change_request(api, fp_bgd, make_pledge):
    pledge = make_pledge("BGD", status=PledgeStatus.ACTIVE, readiness_level="2")
    workbook = download(api, fp_bgd, pledge)
    set_cover(workbook, "personnel", 1000)
    set_cover(workbook, "title", "BANBAT-9")
    workbook[annex.ORGANIZATION]["B2"] = 940

    response = upload(api, fp_bgd, pledge, as_bytes(workbook))

    assert response.status_code == 200, response.json()
    pledge.refresh_from_db()
    assert pledge.personnel == 850  # the verified figure stands
    assert pledge.title == "BANBAT-9"  # not material: applies at once
    request = pledge.change_requests.get()
    assert request.status == ChangeStatus.PENDING
    assert request.proposed["personnel"] == 1000
    assert {c["field"] for c in request.changes} >= {"personnel", "organization"}


# ---------------------------------------------------------------- who may download and upload


def test_download_access_matrix(api, make_user, fp_bgd, fp_kaz, secretariat, observer, make_pledge):
    pledge = make_pledge("BGD")
    mission = Mission.objects.create(acronym="MINUSCA", name="MINUSCA", is_active=True)
    planner = make_user("planner-minusca", Role.MISSION_PLANNER, mission=mission)
    missing = api(secretariat).get(url(uuid.uuid4()))
    assert missing.status_code == 404
    assert api(None).get(url(pledge)).status_code in (401, 403)
    for outsider in (fp_kaz, observer, planner):
        response = api(outsider).get(url(pledge))
        assert response.status_code == 404, outsider.username
        assert response.content == missing.content
    for reader in (fp_bgd, secretariat):
        assert api(reader).get(url(pledge)).status_code == 200


def test_upload_access_matrix(api, fp_bgd, fp_kaz, secretariat, observer, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    set_cover(workbook, "title", "changed")
    content = as_bytes(workbook)
    before = state_of(bgd_pledge)
    assert upload(api, None, bgd_pledge, content).status_code in (401, 403)
    for outsider in (fp_kaz, observer):
        assert upload(api, outsider, bgd_pledge, content).status_code == 404
    assert state_of(bgd_pledge) == before
    assert upload(api, secretariat, bgd_pledge, content).status_code == 200
    assert Pledge.objects.get(pk=bgd_pledge.pk).title == "changed"


def test_upload_also_takes_a_multipart_form(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    set_cover(workbook, "title", "by form")
    file = io.BytesIO(as_bytes(workbook))
    file.name = "annex.xlsx"
    response = api(fp_bgd).put(url(bgd_pledge), {"file": file}, format="multipart")
    assert response.status_code == 200, response.json()
    assert Pledge.objects.get(pk=bgd_pledge.pk).title == "by form"


def test_schema_states_the_annex_contract(client, secretariat):
    client.force_login(secretariat)
    schema = client.get("/api/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/pledges/{id}/annex.xlsx"]
    assert XLSX in operations["get"]["responses"]["200"]["content"]
    assert "404" in operations["get"]["responses"]
    assert XLSX in operations["put"]["requestBody"]["content"]
    assert {"400", "403", "404", "413"} <= set(operations["put"]["responses"])


# ---------------------------------------------------------------- the pledge page


def test_pledge_page_offers_download_and_upload_to_the_owner(client, fp_bgd, bgd_pledge):
    client.force_login(fp_bgd)
    page = client.get(f"/registry/pledges/{bgd_pledge.pk}/").content.decode()
    assert f"/registry/pledges/{bgd_pledge.pk}/annex.xlsx" in page
    assert "Download annex workbook" in page
    assert 'name="workbook"' in page


def test_page_upload_reports_sheet_row_column_and_changes_nothing(client, fp_bgd, bgd_pledge):
    client.force_login(fp_bgd)
    response = client.get(f"/registry/pledges/{bgd_pledge.pk}/annex.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    workbook[annex.ORGANIZATION]["C2"] = "sixty"
    before = state_of(bgd_pledge)
    file = io.BytesIO(as_bytes(workbook))
    file.name = "annex.xlsx"
    response = client.post(f"/registry/pledges/{bgd_pledge.pk}/annex/", {"workbook": file})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Table of Organization" in text
    assert "<td>2</td><td>C</td>" in text
    assert "not a whole number" in text
    assert state_of(bgd_pledge) == before


def test_page_upload_applies_and_returns_to_the_pledge(client, fp_bgd, bgd_pledge):
    client.force_login(fp_bgd)
    response = client.get(f"/registry/pledges/{bgd_pledge.pk}/annex.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    set_cover(workbook, "title", "from the page")
    file = io.BytesIO(as_bytes(workbook))
    file.name = "annex.xlsx"
    response = client.post(f"/registry/pledges/{bgd_pledge.pk}/annex/", {"workbook": file})
    assert response.status_code == 302
    assert Pledge.objects.get(pk=bgd_pledge.pk).title == "from the page"


def test_page_download_and_upload_are_404_for_another_state(client, fp_kaz, bgd_pledge):
    client.force_login(fp_kaz)
    assert client.get(f"/registry/pledges/{bgd_pledge.pk}/annex.xlsx").status_code == 404
    before = state_of(bgd_pledge)
    response = client.post(f"/registry/pledges/{bgd_pledge.pk}/annex/", {"workbook": b"x"})
    assert response.status_code == 404
    assert state_of(bgd_pledge) == before


def test_a_partner_state_that_sees_a_joint_pledge_cannot_upload_its_annex(
    api, client, fp_bgd, fp_kaz, bgd_pledge
):
    PledgePartner.objects.create(pledge=bgd_pledge, member_state=fp_kaz.member_state, personnel=50)
    workbook = download(api, fp_kaz, bgd_pledge)  # a partner reads it
    set_cover(workbook, "title", "not mine")
    before = state_of(bgd_pledge)
    assert upload(api, fp_kaz, bgd_pledge, as_bytes(workbook)).status_code in (403, 404)
    client.force_login(fp_kaz)
    file = io.BytesIO(as_bytes(workbook))
    file.name = "annex.xlsx"
    response = client.post(f"/registry/pledges/{bgd_pledge.pk}/annex/", {"workbook": file})
    assert response.status_code in (403, 404)
    assert state_of(bgd_pledge) == before


def test_a_stray_formula_at_the_sheets_last_row_is_reported(api, fp_bgd, bgd_pledge):
    workbook = download(api, fp_bgd, bgd_pledge)
    workbook[annex.COVER]["A1048576"] = "stray"
    workbook[annex.COVER]["B1048576"] = "=1"
    response = upload(api, fp_bgd, bgd_pledge, as_bytes(workbook))
    assert response.status_code == 400
    assert any(p["row"] == 1048576 and p["column"] == "B" for p in response.json()["problems"])
