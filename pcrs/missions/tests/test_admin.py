"""The missions admin is for looking things up: every list opens, nothing can be written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pcrs.accounts.models import Role, User
from pcrs.core.models import AuditEvent
from pcrs.missions.models import ContributionImport, DeployedContingent, Mission

pytestmark = pytest.mark.django_db

MODELS = [
    "mission",
    "ceiling",
    "contribution",
    "contributionimport",
    "deploymentlocation",
    "deployedcontingent",
    "requirement",
    "gendertarget",
    "missionstatuscorrection",
    "fatalityimport",
    "fatality",
]


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    user = make_user("root", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_list_opens_and_nothing_can_be_added(
    admin_client: Client,
    model: str,
    minusca: Mission,
    make_contingent: Callable[..., DeployedContingent],
) -> None:
    make_contingent(minusca, "BGD", designation="BANBAT-7")
    listing = admin_client.get(f"/admin/missions/{model}/")
    assert listing.status_code == 200
    assert admin_client.get(f"/admin/missions/{model}/add/").status_code == 403


def test_a_contingent_cannot_be_changed_or_deleted_in_the_admin(
    admin_client: Client, minusca: Mission, make_contingent: Callable[..., DeployedContingent]
) -> None:
    unit = make_contingent(minusca, "BGD", designation="BANBAT-7", personnel=850)
    events = AuditEvent.objects.count()
    url = f"/admin/missions/deployedcontingent/{unit.pk}/change/"
    assert admin_client.get(url).status_code == 200  # view only
    admin_client.post(url, {"personnel": 1})
    admin_client.post(f"/admin/missions/deployedcontingent/{unit.pk}/delete/", {"post": "yes"})
    unit.refresh_from_db()
    assert unit.personnel == 850
    assert AuditEvent.objects.count() == events


def test_an_import_shows_its_report(admin_client: Client) -> None:
    batch = ContributionImport.objects.create(
        file_name="full_gender_data.csv",
        sha256="0" * 64,
        report={"accepted": True, "problems": ["line 7: unknown contributor 'XXX'"]},
    )
    html = admin_client.get(f"/admin/missions/contributionimport/{batch.pk}/change/")
    assert "line 7: unknown contributor &#x27;XXX&#x27;" in html.content.decode()
