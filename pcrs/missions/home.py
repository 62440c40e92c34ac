"""The mission planner's home panel: its own mission, its open requirements, where to act."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pcrs.accounts.models import Role
from pcrs.missions.models import UNFILLED_STATUSES, Requirement


def planner_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not user.is_authenticated or user.role != Role.MISSION_PLANNER or user.mission is None:  # type: ignore[union-attr]
        return None
    mission = user.mission  # type: ignore[union-attr]
    return {
        "template": "missions/_home_planner.html",
        "mission": mission,
        "open_requirements": Requirement.objects.filter(
            mission=mission, status__in=UNFILLED_STATUSES
        ).count(),
    }
