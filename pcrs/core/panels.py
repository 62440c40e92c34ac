"""Panels a higher domain adds to a lower domain's page, registered in AppConfig.ready().

The page names a slot ("missions.mission_detail") and passes its object; each builder takes
(request, obj) and returns {"template": ..., **context} or None when the user has nothing to
see there. The lower domain never imports the higher one (import-linter layers): it only
renders `{% slot_panels "missions.mission_detail" mission %}` (pcrs.core.templatetags.panels).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

SlotPanelBuilder = Callable[[HttpRequest, Any], dict[str, Any] | None]
_SLOTS: dict[str, list[SlotPanelBuilder]] = {}


def register_panel(slot: str, builder: SlotPanelBuilder) -> SlotPanelBuilder:
    builders = _SLOTS.setdefault(slot, [])
    if builder not in builders:
        builders.append(builder)
    return builder


def slot_panels(slot: str, request: HttpRequest, obj: Any) -> list[dict[str, Any]]:
    """The panels of `slot` this request should see, in registration order."""
    return [p for p in (build(request, obj) for build in _SLOTS.get(slot, [])) if p]
