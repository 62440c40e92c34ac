"""The readiness work queue exported: the Secretariat's list, nobody else's."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


def _rows(response):
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode())))
    return [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_secretariat_exports_the_queue_with_each_rows_list(client, secretariat, make_pledge, fmt):
    make_pledge("KAZ", title="KAZBAT-1")
    make_pledge("BGD", title="BANBAT-1")
    client.force_login(secretariat)
    response = client.get(reverse("readiness:queue") + f"?format={fmt}")
    assert response.status_code == 200
    assert response.streaming
    rows = _rows(response)
    assert rows[0][:3] == ["List", "Pledge id", "Member State"]
    assert sorted((r[0], r[2], r[3]) for r in rows[1:]) == [
        ("Submitted, to acknowledge", "BGD", "BANBAT-1"),
        ("Submitted, to acknowledge", "KAZ", "KAZBAT-1"),
    ]


def test_queue_export_is_refused_to_focal_points_observers_and_anonymous(
    client, fp_bgd, observer, make_pledge
):
    make_pledge("KAZ", title="KAZBAT-1")
    url = reverse("readiness:queue") + "?format=csv"
    assert client.get(url).status_code == 302  # to the log-in page
    for user in (fp_bgd, observer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert b"KAZBAT" not in response.content


def test_queue_page_links_the_exports(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("readiness:queue")).content.decode()
    assert "?format=csv" in page
    assert "?format=xlsx" in page
