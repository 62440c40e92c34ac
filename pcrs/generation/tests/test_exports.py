"""The generation case list exported: the Secretariat's cases, a State's own requests only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pcrs.generation.tests.conftest import walk


def _case_ids(response) -> list[str]:
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Case id", "Mission"]
    return [str(r[0]) for r in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_case_export_access_matrix(client, case, secretariat, fp_bgd, fp_kaz, observer, fmt):
    walk(case, secretariat, "send_note_verbale")
    own, other = (fp_bgd, fp_kaz) if case.member_state.iso3 == "BGD" else (fp_kaz, fp_bgd)
    url = reverse("generation:cases") + f"?format={fmt}"
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for user, expected in ((secretariat, [str(case.pk)]), (own, [str(case.pk)]), (other, [])):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user.username
        assert _case_ids(response) == expected, user.username
    client.force_login(observer)
    assert client.get(url).status_code == 404


def test_a_shortlisted_case_is_not_in_the_states_export(client, case, fp_bgd, fp_kaz):
    for user in (fp_bgd, fp_kaz):
        client.force_login(user)
        assert _case_ids(client.get(reverse("generation:cases") + "?format=csv")) == []
