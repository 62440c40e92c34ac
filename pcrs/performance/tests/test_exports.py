"""The unit evaluation list exported: the evaluations the user sees, no other State's."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


def _states(response) -> list[str]:
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Date", "Member State"]
    return sorted(str(r[1]) for r in rows[1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_evaluation_export_access_matrix(client, people, evaluate, fmt):
    evaluate("BGD")
    evaluate("KAZ", scores=(4, 4, 4))
    url = reverse("performance:list") + f"?format={fmt}"
    expected = {
        "secretariat": ["BGD", "KAZ"],
        "fp_own": ["BGD"],
        "fp_other": ["KAZ"],
        "observer": [],
        "planner": [],
    }
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for role, states in expected.items():
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert _states(response) == states, role
