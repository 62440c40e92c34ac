"""The dated target table: published figures with sources, other years to verify, never
interpolated; the data migration that mends old interpolated rows; a target above 100%."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps

from pcrs.accounts.models import User
from pcrs.core.models import AuditEvent
from pcrs.missions.defaults import UGPS, gender_target_rows
from pcrs.missions.models import GenderTarget
from pcrs.missions.services import gender_targets_load_defaults

pytestmark = pytest.mark.django_db


def target(category: str, year: int) -> GenderTarget:
    return GenderTarget.objects.get(category=category, year=year)


def test_the_table_holds_the_published_figures_for_every_year_2018_2028() -> None:
    assert gender_targets_load_defaults() == 44  # 4 categories x 11 years
    assert target("fpu", 2025).target_percent == Decimal("15.0")  # not the 17% interpolated
    assert target("contingents", 2021).target_percent == Decimal("8.0")
    assert target("contingents", 2025).target_percent == Decimal("12.0")
    assert target("observers_staff", 2025).target_percent == Decimal("22.0")
    assert target("ipo", 2028).target_percent == Decimal("30.0")
    assert "PCRS.md" in target("fpu", 2025).source
    assert not GenderTarget.objects.filter(is_interpolated=True).exists()


def test_a_year_without_a_published_figure_says_to_verify_and_holds_an_earlier_target() -> None:
    gender_targets_load_defaults()
    row = target("contingents", 2023)
    assert row.source.startswith("to verify")
    assert row.target_percent == target("contingents", 2021).target_percent
    # No value between two published figures: 2026 holds 2025's 12.0, not 13.0.
    assert target("contingents", 2026).target_percent == Decimal("12.0")


def test_every_published_row_names_its_source() -> None:
    for row in gender_target_rows():
        assert row.source.startswith((UGPS, "to verify"))


def test_the_migration_replaces_old_interpolated_rows_and_keeps_edited_ones() -> None:
    GenderTarget.objects.create(
        category="fpu",
        year=2025,
        target_percent=Decimal("17.1"),
        is_interpolated=True,
        source="interpolated between 2018 and 2028",
    )
    GenderTarget.objects.create(
        category="ipo", year=2024, target_percent=Decimal("27.5"), source="DPO decision 2024/3"
    )
    module = import_module("pcrs.gender.migrations.0001_replace_interpolated_gender_targets")
    module.forwards(django_apps, None)
    assert target("fpu", 2025).target_percent == Decimal("15.0")
    assert not target("fpu", 2025).is_interpolated
    assert target("ipo", 2024).source == "DPO decision 2024/3"  # the Secretariat's edit stays
    assert GenderTarget.objects.count() == 44


def test_a_target_above_100_percent_is_refused_and_nothing_changes(
    api: Callable[[User | None], Any], secretariat: User
) -> None:
    gender_targets_load_defaults()
    before = (list(GenderTarget.objects.order_by("pk").values()), AuditEvent.objects.count())
    response = api(secretariat).post(
        "/api/v1/gender-targets/",
        {"category": "fpu", "year": 2026, "target_percent": "100.5"},
    )
    assert response.status_code == 400
    assert "target_percent" in response.json()["errors"]
    assert (list(GenderTarget.objects.order_by("pk").values()), AuditEvent.objects.count()) == (
        before
    )


def test_the_api_keeps_its_shape(api: Callable[[User | None], Any], observer: User) -> None:
    gender_targets_load_defaults()
    body = api(observer).get("/api/v1/gender-targets/", {"year": 2025, "category": "fpu"}).json()
    row = body["results"][0] if "results" in body else body[0]
    assert set(row) == {"id", "category", "year", "target_percent", "is_interpolated", "source"}
    assert row["target_percent"] == "15.0"


def test_the_migrations_frozen_table_matches_the_defaults() -> None:
    module = import_module("pcrs.gender.migrations.0001_replace_interpolated_gender_targets")
    assert [
        (r.category, r.year, str(r.target_percent), r.source) for r in gender_target_rows()
    ] == module.ROWS
