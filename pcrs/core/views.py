"""The home page: each role lands on what it works with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from pcrs.core import freshness

# Later domains contribute panels to the home page; each is (template, context builder).
# Kept as explicit registrations rather than signals, so reading this shows every panel.
from pcrs.core.home import home_panels


def home(request: HttpRequest) -> HttpResponse:
    def panels() -> str:
        built = [panel for panel in (build(request) for build in home_panels()) if panel]
        return "".join(
            render_to_string(panel["template"], {"panel": panel}, request) for panel in built
        )

    # The panels' counts take tens of queries: computed once per data version (freshness).
    html = freshness.fragment(request, "home-panels", panels, vary=(timezone.localdate(),))
    return render(request, "core/home.html", {"panels": mark_safe(html)})  # noqa: S308
