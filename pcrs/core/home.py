"""Home-page panels, registered by the domain apps in their AppConfig.ready().

A panel builder takes the request and returns {"template": ..., **context} or None when the
user has nothing to see there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

PanelBuilder = Callable[[HttpRequest], dict[str, Any] | None]
_PANELS: list[PanelBuilder] = []


def register_home_panel(builder: PanelBuilder) -> PanelBuilder:
    if builder not in _PANELS:
        _PANELS.append(builder)
    return builder


def home_panels() -> list[PanelBuilder]:
    return list(_PANELS)
