"""French pages of the missions app: the catalogue is complete and used (issue 17, point 4).

The browser's Accept-Language chooses once LocaleMiddleware is installed (infrastructure by
branch i18n-a); until then the language is activated in the test itself, which exercises the
same catalogue and the same marked strings.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pcrs.missions.models import Requirement
from pcrs.missions.tests import test_access
from pcrs.missions.tests.test_access import requirement_post, snapshot

world = test_access.world  # the same fixture as the access tests

HAS_LOCALE_MIDDLEWARE = any("LocaleMiddleware" in m for m in settings.MIDDLEWARE)


def french_client(user: Any) -> Client:
    """A client whose browser asks for French (used once LocaleMiddleware is installed)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


@pytest.mark.skipif(
    not HAS_LOCALE_MIDDLEWARE, reason="LocaleMiddleware comes with the i18n infrastructure"
)
def test_a_french_browser_gets_the_gaps_page_in_french(world: dict[str, Any]) -> None:
    html = (
        french_client(world["roles"]["secretariat"]).get(reverse("missions:gaps")).content.decode()
    )
    assert "Besoins critiques en capacités" in html
    assert "Critical capability requirements" not in html
    # The monthly data's date in French month names.
    assert "28 février 2014" in html

    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(world["roles"]["secretariat"])
    assert (
        "Critical capability requirements" in english.get(reverse("missions:gaps")).content.decode()
    )


def test_the_gaps_page_in_french_shows_french_words_dates_and_labels(
    world: dict[str, Any],
) -> None:
    with translation.override("fr"):
        html = french_client(world["roles"]["secretariat"]).get(reverse("missions:gaps")).content
    page = html.decode()
    assert "Besoins critiques en capacités" in page
    assert "Besoins non pourvus" in page
    assert "Données mensuelles de l\u2019ONU au 28 février 2014" in page
    # A choice label from the model (Priority.HIGH), not only template text.
    assert "Élevée" in page
    assert "Critical capability requirements" not in page


def test_a_refused_requirement_explains_itself_in_french_and_changes_nothing(
    world: dict[str, Any],
) -> None:
    before = snapshot()
    planner = french_client(world["roles"]["planner_own"])
    bad = requirement_post() | {"major_equipment": "many trucks", "languages": "french"}
    with translation.override("fr"):
        response = planner.post(reverse("missions:requirement_create", args=["MINUSCA"]), bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le besoin n\u2019a pas été enregistré" in page
    assert "Ligne 1 : écrivez-la sous la forme" in page
    assert "Codes ISO 639 non valides : french." in page
    assert snapshot() == before
    assert Requirement.objects.count() == 1
