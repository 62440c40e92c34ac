"""The generation page's runs list exported: the Secretariat's latest runs as the page lists
them; everyone else gets the page's refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.core.tests.helpers import exported_rows
from pcrs.generation import views
from pcrs.generation.models import GenerationRun, RunStatus

pytestmark = pytest.mark.django_db

HEADER = ["Run id", "Started", "Missions", "Status", "Objective", "Gap to bound %", "By"]


def _run(user: Any, **extra: Any) -> GenerationRun:
    return GenerationRun.objects.create(
        created_by=user, input_hash="x", engine_version="x", **extra
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_secretariat_exports_the_runs_the_page_lists(
    client: Any, secretariat: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setattr(views, "RUNS_SHOWN", 2)
    runs = [
        _run(secretariat, status=RunStatus.OPTIMAL, objective=412.14, gap=0.0) for _ in range(3)
    ]
    client.force_login(secretariat)
    response = client.get(reverse("generation:index") + f"?format={fmt}")
    assert response.status_code == 200
    rows = exported_rows(response)
    assert rows[0] == HEADER
    page = client.get(reverse("generation:index"))
    assert [r[0] for r in rows[1:]] == [str(run.pk) for run in page.context["runs"]]
    assert len(rows) == 1 + 2  # the page's slice, not every run
    assert rows[1][2:] == ["all", "Optimal (proven best)", "412.1", "0", "secretariat"]
    assert {r[0] for r in rows[1:]} <= {str(run.pk) for run in runs}


def test_run_export_is_refused_like_the_page(
    client: Any, secretariat: Any, fp_bgd: Any, observer: Any
) -> None:
    _run(secretariat, status=RunStatus.OPTIMAL)
    url = reverse("generation:index") + "?format=csv"
    assert client.get(url).status_code == 302  # to the log-in page
    for user in (fp_bgd, observer):
        client.force_login(user)
        page = client.get(reverse("generation:index")).status_code
        response = client.get(url)
        assert response.status_code == page
        assert response.status_code in (403, 404)


def test_the_generation_page_offers_the_export(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    page = client.get(reverse("generation:index")).content.decode()
    assert "format=csv" in page
    assert "format=xlsx" in page
