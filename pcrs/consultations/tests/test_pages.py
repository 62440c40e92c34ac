"""The pages people use: the mission page's consultation history, the focal point's home page,
recording a meeting, the notices; and the API contract in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import User
from pcrs.consultations import services
from pcrs.consultations.models import ActionItem, Meeting
from pcrs.consultations.tests.conftest import MEETING_DAY
from pcrs.missions.models import Mission

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def panel(html: str, marker: str) -> str:
    return html.split(f'id="{marker}"', 1)[1].split("</section>", 1)[0]


def test_mission_page_shows_its_consultation_history_beside_its_gaps(
    secretariat: User, fp_kaz: User, meeting: Meeting
) -> None:
    page = client_for(secretariat).get(reverse("missions:detail", args=["MINUSCA"]))
    html = page.content.decode()
    history = panel(html, "consultations-panel")
    assert "2026-06-10" in history and "Before a mandate renewal" in history
    assert html.index('id="consultations-panel"') > html.index("<h2>Requirements</h2>")
    # A State that is not invited does not even learn the meeting exists.
    other = client_for(fp_kaz).get(reverse("missions:detail", args=["MINUSCA"])).content.decode()
    assert "2026-06-10" not in panel(other, "consultations-panel")
    services.meeting_summary_publish(actor=secretariat, meeting=meeting, summary="Renewal backed.")
    other = client_for(fp_kaz).get(reverse("missions:detail", args=["MINUSCA"])).content.decode()
    assert "public summary" in panel(other, "consultations-panel")


def test_focal_point_home_page_lists_its_states_open_action_items(
    fp_bgd: User, fp_kaz: User, action_item: ActionItem
) -> None:
    html = client_for(fp_bgd).get("/").content.decode()
    assert "Confirm the rotation date of BANBAT-7" in html
    assert "Confirm the rotation date" not in client_for(fp_kaz).get("/").content.decode()
    services.action_item_move(actor=fp_bgd, item=action_item, move="complete", note="done")
    html = client_for(fp_bgd).get("/").content.decode()
    assert "Your State has no open action item." in html


def test_in_app_notices_show_on_the_home_page_and_can_be_marked_read(
    fp_bgd: User, action_item: ActionItem
) -> None:
    client = client_for(fp_bgd)
    assert "Action for Bangladesh" in client.get("/").content.decode()
    client.post(reverse("consultations:notifications"))
    assert 'id="notifications-panel"' not in client.get("/").content.decode()


def test_secretariat_records_a_meeting_through_the_page(
    secretariat: User, minusca: Mission, contingents: list[Any]
) -> None:
    response = client_for(secretariat).post(
        reverse("consultations:meeting_create"),
        {
            "mission": "MINUSCA",
            "kind": "crisis",
            "date": MEETING_DAY.isoformat(),
            "chair": "Under-Secretary-General DPO",
        },
        follow=True,
    )
    assert response.status_code == 200
    meeting = Meeting.objects.get(chair="Under-Secretary-General DPO")
    assert meeting.kind == "crisis" and meeting.mission.acronym == "MINUSCA"
    html = response.content.decode()
    assert "Bangladesh" in panel(html, "invitees") and "Nepal" in panel(html, "invitees")


def test_the_record_form_offers_active_missions_only(
    secretariat: User, minusca: Mission, closed_mission: Mission
) -> None:
    html = client_for(secretariat).get(reverse("consultations:meeting_create")).content.decode()
    assert "MINUSCA" in html and "MINURCAT" not in html
    response = client_for(secretariat).post(
        reverse("consultations:meeting_create"),
        {"mission": "MINURCAT", "kind": "crisis", "date": "2026-07-01", "chair": "x"},
    )
    assert response.status_code == 200
    assert "MINURCAT is closed: consultations are held on active missions only." in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_openapi_document_names_the_contract_paths(secretariat: User) -> None:
    schema = client_for(secretariat).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/consultations/",
        "/api/v1/consultations/{meeting_id}/",
        "/api/v1/action-items/",
        "/api/v1/action-items/{item_id}/",
        "/api/v1/action-items/{item_id}/moves/",
    ):
        assert path in schema["paths"], path
