"""Admin: read-mostly; a correction goes through the audited service."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from pcrs.core.models import AuditEvent
from pcrs.memberstates.models import MemberState


@pytest.fixture
def admin_client(client, member_states):
    # memberstates sits below accounts in the layers: no import of pcrs.accounts here.
    user = get_user_model().objects.create_superuser(
        username="root", password="x-pass-2026-long", role="administrator"
    )
    client.force_login(user)
    return client


def test_admin_lists_states_and_offers_no_add_or_delete(admin_client):
    response = admin_client.get("/admin/memberstates/memberstate/")
    assert response.status_code == 200
    assert "Kazakhstan" in response.text
    assert admin_client.get("/admin/memberstates/memberstate/add/").status_code == 403
    nepal = MemberState.objects.get(iso3="NPL")
    delete = admin_client.get(f"/admin/memberstates/memberstate/{nepal.pk}/delete/")
    assert delete.status_code == 403


def test_admin_correction_is_saved_and_audited_but_codes_stay(admin_client):
    nepal = MemberState.objects.get(iso3="NPL")
    url = f"/admin/memberstates/memberstate/{nepal.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "name": "Nepal",
            "official_languages": '["ne"]',
            "working_languages": '["en", "fr"]',
            "un_member_since": "1955-12-14",
            "iso3": "XXX",
        },
    )
    assert response.status_code == 302
    nepal.refresh_from_db()
    assert nepal.working_languages == ["en", "fr"]
    assert nepal.iso3 == "NPL"
    event = AuditEvent.objects.get(action="memberstate.update")
    assert event.actor is not None
    assert event.actor.get_username() == "root"


def test_admin_organization_page_shows_members(admin_client):
    response = admin_client.get("/admin/memberstates/regionalorganization/")
    assert response.status_code == 200
    assert "NATO" in response.text
