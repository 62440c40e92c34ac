"""The data files themselves: what a reader of the Member State pages relies on."""

from __future__ import annotations

import csv
import re

import pycountry
import pytest

from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.reference import M49, UN_LANGUAGES, language_name
from pcrs.memberstates.services import ORGANIZATIONS_FILE, STATES_FILE


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


STATE_ROWS = _rows(STATES_FILE)
ORG_ROWS = {row["code"]: row for row in _rows(ORGANIZATIONS_FILE)}
ISO3 = [row["iso3"] for row in STATE_ROWS]


def test_the_file_lists_exactly_the_193_un_member_states_once_each():
    assert len(ISO3) == 193
    assert len(set(ISO3)) == 193


@pytest.mark.parametrize(
    ("iso3", "reason"),
    [
        ("VAT", "Holy See: observer State"),
        ("PSE", "Palestine: observer State"),
        ("TWN", "not a UN member"),
        ("XKX", "Kosovo: not a UN member"),
        ("ESH", "Western Sahara: not a UN member"),
    ],
)
def test_non_members_are_not_listed(iso3, reason):
    assert iso3 not in ISO3, reason


def test_every_code_is_a_current_iso_3166_country():
    for iso3 in ISO3:
        assert pycountry.countries.get(alpha_3=iso3) is not None, iso3


def test_recent_admissions_are_present_with_their_dates():
    since = {row["iso3"]: row["un_member_since"] for row in STATE_ROWS}
    assert since["SSD"] == "2011-07-14"
    assert since["MNE"] == "2006-06-28"
    assert since["TLS"] == "2002-09-27"
    assert since["CHE"] == "2002-09-10"
    assert since["TUV"] == "2000-09-05"


def test_every_state_sits_on_a_real_m49_path():
    for row in STATE_ROWS:
        region, subregion, intermediate = (
            row["region"],
            row["subregion"],
            row["intermediate_region"],
        )
        assert region in M49, row
        assert subregion in M49[region][1], row
        intermediates = M49[region][1][subregion][1]
        assert (intermediate in intermediates) if intermediates else intermediate == "", row


def test_region_totals_match_the_un_membership_by_continent():
    by_region: dict[str, int] = {}
    for row in STATE_ROWS:
        by_region[row["region"]] = by_region.get(row["region"], 0) + 1
    assert by_region == {"Africa": 54, "Americas": 35, "Asia": 47, "Europe": 43, "Oceania": 14}


def test_languages_are_known_to_pycountry_and_working_languages_are_un_languages():
    for row in STATE_ROWS:
        for code in row["official_languages"].split():
            assert language_name(code), (row["iso3"], code)
        working = row["working_languages"].split()
        assert set(working) <= set(UN_LANGUAGES), row["iso3"]
        assert {"en", "fr"} & set(working), row["iso3"]


def test_every_organization_member_is_a_listed_member_state():
    for code, row in ORG_ROWS.items():
        for iso3 in row["members"].split():
            assert iso3 in ISO3, (code, iso3)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["as_of"]), code


@pytest.mark.parametrize(
    ("code", "members"),
    [
        # 55 AU members less the Sahrawi Arab Democratic Republic, not a UN Member State.
        ("AU", 54),
        ("EU", 27),
        ("ASEAN", 11),
        ("ECOWAS", 12),
        ("SADC", 16),
        ("EAC", 8),
        ("CSTO", 6),
        ("NATO", 32),
        ("OAS", 33),
        ("LAS", 21),
        ("CIS", 9),
        ("CARICOM", 14),
        ("IGAD", 8),
        ("ECCAS", 11),
    ],
)
def test_organization_sizes(code, members):
    assert len(set(ORG_ROWS[code]["members"].split())) == members


def test_the_african_union_is_every_african_member_state():
    africa = {row["iso3"] for row in STATE_ROWS if row["region"] == "Africa"}
    assert set(ORG_ROWS["AU"]["members"].split()) == africa
    assert "MAR" in africa
    assert "Sahrawi" in ORG_ROWS["AU"]["non_un_members"]


def test_membership_decisions_documented_in_the_readme_hold():
    members = {code: set(row["members"].split()) for code, row in ORG_ROWS.items()}
    assert not {"BFA", "MLI", "NER"} & members["ECOWAS"]
    assert members["AES"] == {"BFA", "MLI", "NER"}
    assert {"FIN", "SWE"} <= members["NATO"]
    assert {"SOM", "COD"} <= members["EAC"]
    assert "ARM" in members["CSTO"]
    assert "SYR" in members["LAS"]
    assert "Palestine" in ORG_ROWS["LAS"]["non_un_members"]
    assert "TKM" not in members["CIS"]
    assert "GBR" not in members["EU"]
    assert {"NIC", "VEN"}.isdisjoint(members["OAS"])


def test_loaded_states_take_names_and_codes_from_pycountry(member_states):
    assert MemberState.objects.count() == 193
    kazakhstan = MemberState.objects.get(iso3="KAZ")
    assert (kazakhstan.iso2, kazakhstan.m49, kazakhstan.name) == ("KZ", "398", "Kazakhstan")
    assert MemberState.objects.get(iso3="COD").name == "Democratic Republic of the Congo"
    assert MemberState.objects.get(iso3="BOL").name == "Bolivia"
    assert RegionalOrganization.objects.get(code="NATO").members.count() == 32
