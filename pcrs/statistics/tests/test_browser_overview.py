"""The overview in a real browser, under the Content-Security-Policy: an observer sees the
published release "as of" its date, the chart draws, choosing a grouping reloads the table,
and the browser reports no blocked script."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import browser_log_in as log_in
from pcrs.statistics.services import publication_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_observer_reads_the_published_overview_without_csp_violations(
    live_server, page, observer, make_pledge
):
    for state in ("KAZ", "BGD", "NPL"):
        make_pledge(state)
    publication_publish(actor=None, as_of=dt.date(2026, 11, 1))
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    log_in(page, live_server.url, "observer")
    page.goto(f"{live_server.url}/registry/overview/")
    assert page.get_by_text("As of 1 November 2026").first.is_visible()
    page.get_by_label("Group by").select_option("level")  # autosubmit.js reloads the page
    page.wait_for_url("**group_by=level")
    assert page.locator("td.num", has_text="2,550").first.is_visible()
    # Chart.js drew on the canvas (it sets the canvas' pixel size when it renders).
    page.wait_for_function("document.getElementById('by-capability').width > 0")
    assert not [p for p in problems if "Content Security Policy" in p], problems
