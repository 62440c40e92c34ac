"""The report of a contributions upload is in the reader's language (issue 17, point 4).

A French-speaking Secretariat officer who uploads a bad file through the web page reads the
verdict and every row/field error in French; the same file read in English (and by the
management commands) reads as before. Either way, a rejected file changes nothing.
"""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.missions.models import ContributionImport
from pcrs.missions.tests.test_contribution_layouts import (  # the layouts' missions and States
    DATAHUB,
    database,
    lines_of,
    world,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def bad_file() -> bytes:
    """The Data Hub file with a word where line 3's number of men should be, and a line 4
    naming a mission PCRS does not know."""
    lines = lines_of(DATAHUB)
    lines[2] = lines[2].replace(",30,4,", ",trente,4,")
    lines[3] = lines[3].replace(",MINUSCA,", ",MINUSXX,")
    return "".join(lines).encode()


def upload(language: str, user: User) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    file = SimpleUploadedFile("contributions.csv", bad_file(), "text/csv")
    response = client.post(reverse("missions:contributions_upload"), {"file": file})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_french_reader_gets_the_report_of_a_rejected_file_in_french(secretariat: User) -> None:
    before = database()
    page = upload("fr", secretariat)
    assert (
        "Importation (Contributions) de contributions.csv : REJETÉ : rien n\u2019a été modifié"
        in (page)
    )
    assert "Erreurs (2) :" in page
    assert "ligne 3 : male_personnel « trente » n\u2019est pas un nombre entier" in page
    assert "ligne 4 : mission inconnue « MINUSXX » (lignes 4 (1 ligne))" in page
    assert "  lignes lues : 10" in page  # the counts are named in French too
    for english in ("REJECTED", "import of", "line 3", "is not a whole number", "rows read"):
        assert english not in page, english
    assert database() == before
    assert not ContributionImport.objects.exists()


def test_the_same_file_in_english_reads_as_before(secretariat: User) -> None:
    before = database()
    page = upload("en", secretariat)
    assert "Contributions import of contributions.csv: REJECTED: nothing was changed" in page
    assert "Errors (2):" in page
    assert "line 3: male_personnel 'trente' is not a whole number" in page
    assert "line 4: unknown mission 'MINUSXX' (lines 4 (1 line)); import the missions first" in page
    assert "  rows read: 10" in page
    assert database() == before
    assert not ContributionImport.objects.exists()
