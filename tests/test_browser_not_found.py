"""A person who mistypes an address sees the project's own 404 page, not Django's debug page."""

from __future__ import annotations

import pytest

from conftest import browser_log_in as log_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unknown_url_shows_the_projects_own_not_found_page(live_server, page, secretariat):
    log_in(page, live_server.url, "secretariat")
    response = page.goto(f"{live_server.url}/registry/no-such-page/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    assert "nothing you may see" in page.content()
    assert "URLconf" not in page.content()
    assert page.locator("nav").count() >= 1  # the site's layout, with its navigation
