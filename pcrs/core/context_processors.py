"""Navigation shown to each user, by right: a page a user may not open is not offered."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, url name, right needed or None for any logged-in user). Later domains add theirs.
NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Home", "core:home", None),
    ("Pledges", "registry:pledge_list", "pledge.view_own"),
    ("Pledges", "registry:pledge_list", "pledge.view_all"),
    ("Readiness", "readiness:overview", "readiness.manage"),
    ("My pledges by level", "readiness:mine", "pledge.edit_own"),
    ("Overview", "statistics:aggregates", "aggregates.view"),
    ("Catalogue", "registry:catalogue", None),
    ("Missions", "missions:list", None),
    ("Gaps", "missions:gaps", None),
    ("Consultations", "consultations:meeting_list", None),
    # The Secretariat picks a State; a focal point lands on its own; others would get a 404.
    ("Contributions", "missions:contributions", "pledge.view_all"),
    ("Contributions", "missions:contributions", "pledge.view_own"),
    ("Gender parity", "gender:overview", None),
    ("Training", "training:list", None),
    ("Performance", "performance:list", None),
    ("Generation", "generation:index", "mission.edit_all"),
    ("Requests", "generation:cases", "pledge.edit_own"),
    # Observers and planners have no partnership records to see (the index answers 404).
    ("Partnerships", "partnerships:index", "pledge.view_all"),
    ("Partnerships", "partnerships:index", "pledge.view_own"),
    # The requirements paper (every role but anonymous) and the briefing pack.
    ("Reports", "reports:index", "report.paper_view"),
    ("Reports", "reports:index", "report.briefing_view"),
    ("Member States", "memberstates:list", None),
    ("API", "api-docs", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for label, name, right in NAVIGATION:
        if right is not None and not user.has_right(right):  # type: ignore[union-attr]
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url in seen:
            continue
        seen.add(url)
        items.append(
            {
                "label": label,
                "url": url,
                "current": (request.path.startswith(url) and url != "/") or request.path == url,
            }
        )
    return {"nav_items": items}
