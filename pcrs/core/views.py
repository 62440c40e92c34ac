"""The home page: each role lands on what it works with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Later domains contribute panels to the home page; each is (template, context builder).
# Kept as explicit registrations rather than signals, so reading this shows every panel.
from pcrs.core.home import home_panels


def home(request: HttpRequest) -> HttpResponse:
    panels = [panel for panel in (build(request) for build in home_panels()) if panel]
    return render(request, "core/home.html", {"panels": panels})
