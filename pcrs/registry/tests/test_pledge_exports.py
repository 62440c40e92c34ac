"""The pledge list exported as CSV and XLSX: exactly the rows the user sees on the page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pcrs.core.tests.helpers import exported_rows
from pcrs.registry.models import PledgeStatus


@pytest.fixture
def pledges(make_pledge):
    return {
        "bgd_draft": make_pledge("BGD", title="BANBAT-D", status=PledgeStatus.DRAFT),
        "bgd": make_pledge("BGD", title="BANBAT-1"),
        "kaz": make_pledge("KAZ", title="KAZBAT-1"),
    }


URLS = [
    lambda: reverse("registry:pledge_export"),
    lambda: reverse("registry:pledge_export_xlsx"),
    lambda: reverse("registry:pledge_list") + "?format=csv",
    lambda: reverse("registry:pledge_list") + "?format=xlsx",
    lambda: reverse("registry:pledge_export") + "?format=xlsx",
]


@pytest.mark.parametrize("url", URLS, ids=["csv", "xlsx", "list-csv", "list-xlsx", "csv-as-xlsx"])
def test_focal_points_export_holds_its_own_states_rows_only(client, fp_bgd, pledges, url):
    client.force_login(fp_bgd)
    response = client.get(url())
    assert response.status_code == 200
    assert response.streaming
    rows = exported_rows(response)
    assert rows[0][:3] == ["id", "member_state_iso3", "member_state"]
    assert sorted(r[3] for r in rows[1:]) == ["BANBAT-1", "BANBAT-D"]
    assert not any("KAZ" in cell or "Kazakhstan" in cell for row in rows for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_applies_the_pages_filters(client, fp_bgd, pledges, fmt):
    client.force_login(fp_bgd)
    rows = exported_rows(
        client.get(reverse("registry:pledge_list") + f"?status=draft&format={fmt}")
    )
    assert [r[3] for r in rows[1:]] == ["BANBAT-D"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_secretariat_exports_every_state(client, secretariat, pledges, fmt):
    client.force_login(secretariat)
    rows = exported_rows(client.get(reverse("registry:pledge_list") + f"?format={fmt}"))
    assert sorted(r[1] for r in rows[1:]) == ["BGD", "BGD", "KAZ"]


def test_observer_gets_no_pledge_rows_but_the_aggregates(client, observer, pledges):
    client.force_login(observer)
    for url in URLS:
        response = client.get(url())
        assert response.status_code == 302
        assert response["Location"] == reverse("statistics:aggregates")


def test_anonymous_export_asks_for_log_in(client, pledges):
    response = client.get(reverse("registry:pledge_list") + "?format=xlsx")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_xlsx_export_writes_formula_like_titles_as_text(client, fp_bgd, make_pledge):
    make_pledge("BGD", title='=HYPERLINK("http://evil")')
    client.force_login(fp_bgd)
    body = b"".join(client.get(reverse("registry:pledge_export_xlsx")).streaming_content)
    cell = load_workbook(io.BytesIO(body)).active["D2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil")'


def test_list_page_links_both_exports_with_its_filters(client, fp_bgd, pledges):
    client.force_login(fp_bgd)
    page = client.get(reverse("registry:pledge_list") + "?status=draft&page=1").content.decode()
    assert reverse("registry:pledge_export") + "?status=draft" in page
    assert reverse("registry:pledge_export_xlsx") + "?status=draft" in page
