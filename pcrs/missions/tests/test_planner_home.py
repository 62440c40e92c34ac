"""A mission planner's home page leads to its own mission (and nobody else gets that panel)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pcrs.accounts.models import Role
from pcrs.missions.models import Mission

pytestmark = pytest.mark.django_db


def test_the_planners_home_links_to_its_own_mission(client: Any, make_user: Any) -> None:
    minusca = Mission.objects.create(acronym="MINUSCA", name="MINUSCA", is_active=True)
    Mission.objects.create(acronym="UNMISS", name="UNMISS", is_active=True)
    planner = make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)
    client.force_login(planner)
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="planner-panel"' in page
    assert f'href="{reverse("missions:detail", args=["MINUSCA"])}"' in page
    assert f'href="{reverse("missions:requirement_create", args=["MINUSCA"])}"' in page
    assert reverse("missions:detail", args=["UNMISS"]) not in page


def test_other_users_get_no_planner_panel(client: Any, secretariat: Any, observer: Any) -> None:
    for user in (secretariat, observer):
        client.force_login(user)
        assert 'id="planner-panel"' not in client.get(reverse("core:home")).content.decode()
