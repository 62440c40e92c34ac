"""Navigation shown to each user, by right: a page a user may not open is not offered."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# (label, url name, right needed or None for any logged-in user). Later domains add theirs.
NAVIGATION: list[tuple[str | Promise, str, str | None]] = [
    (_("Home"), "core:home", None),
    (_("Pledges"), "registry:pledge_list", "pledge.view_own"),
    (_("Pledges"), "registry:pledge_list", "pledge.view_all"),
    (_("Readiness"), "readiness:overview", "readiness.manage"),
    (_("My pledges by level"), "readiness:mine", "pledge.edit_own"),
    (_("Overview"), "statistics:aggregates", "aggregates.view"),
    (_("Catalogue"), "registry:catalogue", None),
    (_("Missions"), "missions:list", None),
    (_("Gaps"), "missions:gaps", None),
    (_("Consultations"), "consultations:meeting_list", None),
    # The Secretariat picks a State; a focal point lands on its own; others would get a 404.
    (_("Contributions"), "missions:contributions", "pledge.view_all"),
    (_("Contributions"), "missions:contributions", "pledge.view_own"),
    (_("Gender parity"), "gender:overview", None),
    (_("Training"), "training:list", None),
    (_("Performance"), "performance:list", None),
    (_("Generation"), "generation:index", "mission.edit_all"),
    (_("Requests"), "generation:cases", "pledge.edit_own"),
    # Observers and planners have no partnership records to see (the index answers 404).
    (_("Partnerships"), "partnerships:index", "pledge.view_all"),
    (_("Partnerships"), "partnerships:index", "pledge.view_own"),
    # The requirements paper (every role but anonymous) and the briefing pack.
    (_("Reports"), "reports:index", "report.paper_view"),
    (_("Reports"), "reports:index", "report.briefing_view"),
    (_("Member States"), "memberstates:list", None),
    (_("API"), "api-docs", None),
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
