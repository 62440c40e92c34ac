"""member_states_load: idempotent, all-or-nothing, audited, with clear errors."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pcrs.core.models import AuditEvent
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.services import (
    ORGANIZATIONS_FILE,
    STATES_FILE,
    MemberStateDataError,
    member_state_update,
    member_states_load,
)


@pytest.fixture
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    states = tmp_path / "member_states.csv"
    organizations = tmp_path / "organizations.csv"
    shutil.copy(STATES_FILE, states)
    shutil.copy(ORGANIZATIONS_FILE, organizations)
    return states, organizations


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def _database_state() -> tuple:
    states = tuple(
        MemberState.objects.order_by("iso3").values_list(
            "iso3", "name", "region", "official_languages", "working_languages"
        )
    )
    memberships = tuple(
        MemberState.organizations.through.objects.order_by("pk").values_list(
            "regionalorganization__code", "memberstate__iso3"
        )
    )
    return states, memberships, AuditEvent.objects.count()


def test_first_load_creates_everything_and_audits_it(db):
    report = member_states_load()
    assert (report.states_created, report.organizations_created) == (193, 15)
    assert report.memberships_changed == 15
    assert AuditEvent.objects.filter(action="memberstate.create").count() == 193


def test_second_load_changes_nothing(member_states):
    before = _database_state()
    report = member_states_load()
    assert not report.changed
    assert (report.states_unchanged, report.organizations_unchanged) == (193, 15)
    assert _database_state() == before


def test_a_changed_file_updates_only_what_changed_and_records_old_and_new(
    member_states, data_copy, administrator
):
    states, organizations = data_copy
    _replace(
        states, "KAZ,,Asia,Central Asia,,kk ru,ru en,", "KAZ,,Asia,Central Asia,,kk ru,ru en fr,"
    )
    _replace(organizations, "ARM BLR KAZ KGZ RUS TJK", "BLR KAZ KGZ RUS TJK")

    report = member_states_load(
        actor=administrator, states_path=states, organizations_path=organizations
    )

    assert (report.states_updated, report.memberships_changed) == (1, 1)
    assert MemberState.objects.get(iso3="KAZ").working_languages == ["ru", "en", "fr"]
    assert not RegionalOrganization.objects.get(code="CSTO").members.filter(iso3="ARM").exists()
    event = AuditEvent.objects.get(action="memberstate.update")
    assert event.actor == administrator
    assert event.changes == [
        {"field": "working_languages", "old": ["ru", "en"], "new": ["ru", "en", "fr"]}
    ]


def test_an_unknown_iso3_is_refused_naming_file_and_line_and_nothing_changes(
    member_states, data_copy
):
    states, organizations = data_copy
    line = _line_of(states, "NPL,")
    _replace(states, "NPL,", "NPX,")
    _replace(
        states, "KAZ,,Asia,Central Asia,,kk ru,ru en,", "KAZ,,Asia,Central Asia,,kk ru,ru en fr,"
    )
    before = _database_state()

    with pytest.raises(MemberStateDataError) as error:
        member_states_load(states_path=states, organizations_path=organizations)

    assert f"member_states.csv line {line}: iso3 'NPX'" in error.value.message
    assert _database_state() == before


def test_an_unknown_language_code_is_refused(member_states, data_copy):
    states, organizations = data_copy
    line = _line_of(states, "FRA,")
    _replace(states, "FRA,,Europe,Western Europe,,fr,", "FRA,,Europe,Western Europe,,fr qq,")
    with pytest.raises(MemberStateDataError) as error:
        member_states_load(states_path=states, organizations_path=organizations)
    assert error.value.problems == [
        f"member_states.csv line {line}: official_languages has 'qq', not an ISO 639 language code."
    ]


def test_a_wrong_region_and_a_non_un_working_language_are_refused(db, data_copy):
    states, organizations = data_copy
    _replace(states, "Asia,Central Asia,,kk ru,ru en,", "Asia,Middle Asia,,kk ru,kk,")
    with pytest.raises(MemberStateDataError) as error:
        member_states_load(states_path=states, organizations_path=organizations)
    problems = " ".join(error.value.problems)
    assert "'Middle Asia' is not an M49 sub-region of Asia" in problems
    assert "working_languages must be UN languages" in problems
    assert MemberState.objects.count() == 0


def test_an_organization_member_that_is_not_a_member_state_is_refused(db, data_copy):
    states, organizations = data_copy
    line = _line_of(organizations, "LAS,")
    _replace(organizations, "SYR TUN ARE YEM", "SYR TUN ARE YEM PSE")
    with pytest.raises(MemberStateDataError) as error:
        member_states_load(states_path=states, organizations_path=organizations)
    assert error.value.problems == [
        f"organizations.csv line {line}: LAS member 'PSE' is not a UN Member State in "
        "member_states.csv."
    ]
    assert RegionalOrganization.objects.count() == 0


def test_a_missing_column_or_file_is_reported(db, data_copy, tmp_path):
    states, _organizations = data_copy
    _replace(states, "working_languages,", "")
    with pytest.raises(MemberStateDataError) as error:
        member_states_load(states_path=states, organizations_path=tmp_path / "nope.csv")
    assert "member_states.csv line 1: missing column(s) working_languages." in error.value.problems
    assert any(p.startswith("nope.csv: cannot be read") for p in error.value.problems)


def test_states_not_in_the_file_are_kept_and_reported(member_states, data_copy):
    states, organizations = data_copy
    text = states.read_text(encoding="utf-8").splitlines(keepends=True)
    states.write_text("".join(line for line in text if not line.startswith("TUV,")))
    report = member_states_load(states_path=states, organizations_path=organizations)
    assert report.states_not_in_file == ("TUV",)
    assert MemberState.objects.filter(iso3="TUV").exists()


def test_command_prints_a_summary_and_fails_cleanly_on_bad_data(db, data_copy):
    out = StringIO()
    call_command("load_member_states", stdout=out)
    assert "Member States: 193 created" in out.getvalue()

    states, organizations = data_copy
    _replace(states, "NPL,", "NPX,")
    with pytest.raises(CommandError, match="iso3 'NPX'"):
        call_command("load_member_states", states=states, organizations=organizations)


def test_admin_correction_is_audited_and_limited_to_editable_fields(member_states, administrator):
    nepal = MemberState.objects.get(iso3="NPL")
    member_state_update(
        actor=administrator, member_state=nepal, data={"working_languages": ["en", "fr"]}
    )
    event = AuditEvent.objects.filter(action="memberstate.update").get()
    assert event.changes == [{"field": "working_languages", "old": ["en"], "new": ["en", "fr"]}]

    from pcrs.core.errors import DomainError

    with pytest.raises(DomainError, match="iso3 cannot be edited"):
        member_state_update(actor=administrator, member_state=nepal, data={"iso3": "XXX"})
    assert MemberState.objects.filter(iso3="NPL").exists()
