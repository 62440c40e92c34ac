"""The training centre list exported: the centres the user sees, no other State's."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pcrs.training.models import TrainingCentre


def _acronyms(response) -> list[str]:
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    assert rows[0][0] == "Acronym"
    return sorted(str(r[0]) for r in rows[1:])


@pytest.fixture
def centres(kazcent, make_state):
    TrainingCentre.objects.create(
        member_state=make_state("BGD"),
        name="Bangladesh Institute of Peace Support Operation Training",
        acronym="BIPSOT",
        established_on=dt.date(2002, 6, 1),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_centre_export_access_matrix(client, people, centres, fmt):
    url = reverse("training:list") + f"?format={fmt}"
    expected = {
        "secretariat": ["BIPSOT", "KAZCENT"],
        "fp_own": ["KAZCENT"],
        "fp_other": ["BIPSOT"],
        "observer": [],
        "planner": [],
    }
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for role, acronyms in expected.items():
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert _acronyms(response) == acronyms, role
