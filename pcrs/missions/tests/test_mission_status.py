"""Mission status the Secretariat corrects over the source, kept through re-imports."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pcrs.accounts.models import Role, User
from pcrs.core.models import AuditEvent
from pcrs.missions.demo import mission_status_corrections_load_demo
from pcrs.missions.models import Mission, MissionStatusCorrection
from pcrs.missions.services import mission_record, mission_status_correct, missions_import
from pcrs.missions.tests.conftest import real_path

pytestmark = pytest.mark.django_db

MINUSMA_SOURCE = "Security Council resolution 2690 (2023); closed 31 December 2023"


def reimport_missions() -> Any:
    path = real_path("DPPADPOSS-PKO.csv")
    report = missions_import(actor=None, data=path.read_bytes(), file_name=path.name)
    assert report.accepted, report.as_text()
    return report


def close_minusma(actor: User | None) -> MissionStatusCorrection:
    return mission_status_correct(
        actor=actor,
        mission=Mission.objects.get(acronym="MINUSMA"),
        is_active=False,
        end_date=dt.date(2023, 12, 31),
        resolution="S/RES/2690 (2023)",
        source=MINUSMA_SOURCE,
    )


def test_the_source_says_minusma_is_active(real_missions: None) -> None:
    minusma = Mission.objects.get(acronym="MINUSMA")
    assert minusma.is_active and minusma.source_is_active and minusma.end_date is None


def test_correction_survives_a_reimport_of_the_source(
    real_missions: None, secretariat: User
) -> None:
    close_minusma(secretariat)
    report = reimport_missions()
    minusma = Mission.objects.get(acronym="MINUSMA")
    assert (minusma.is_active, minusma.end_date) == (False, dt.date(2023, 12, 31))
    # What the source says is kept beside it, and the re-import says what it kept.
    assert minusma.source_is_active is True
    assert report.counts["updated"] == 0
    assert "kept over the file for MINUSMA (S/RES/2690 (2023))" in report.as_text()
    assert not Mission.objects.active().filter(acronym="MINUSMA").exists()


def test_correction_is_audited_with_what_it_changed(real_missions: None, secretariat: User) -> None:
    close_minusma(secretariat)
    event = AuditEvent.objects.get(action="mission.status_correct")
    assert event.actor == secretariat
    changed = {c["field"]: (c["old"], c["new"]) for c in event.changes}
    assert changed["end_date"] == (None, "2023-12-31")
    assert changed["is_active"] == (True, False)
    assert "the source file says active" in event.note


def test_recording_the_same_correction_again_changes_nothing(
    real_missions: None, secretariat: User
) -> None:
    close_minusma(secretariat)
    events = AuditEvent.objects.count()
    close_minusma(secretariat)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"is_active": False, "end_date": None, "resolution": "S/RES/2690 (2023)"}, "end_date"),
        ({"is_active": False, "end_date": dt.date(2023, 12, 31), "resolution": ""}, "resolution"),
        ({"is_active": False, "end_date": dt.date(2009, 1, 1), "resolution": "x"}, "end_date"),
        ({"is_active": False, "end_date": dt.date(9999, 12, 1), "resolution": "x"}, "end_date"),
    ],
)
def test_a_closure_needs_a_date_after_the_start_and_a_resolution(
    real_missions: None, secretariat: User, fields: dict[str, Any], error_field: str
) -> None:
    before = (AuditEvent.objects.count(), MissionStatusCorrection.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        mission_status_correct(
            actor=secretariat,
            mission=Mission.objects.get(acronym="MINUSMA"),
            source=MINUSMA_SOURCE,
            **fields,
        )
    assert error_field in excinfo.value.message_dict
    assert (AuditEvent.objects.count(), MissionStatusCorrection.objects.count()) == before
    assert Mission.objects.get(acronym="MINUSMA").is_active


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.OBSERVER, Role.MISSION_PLANNER])
def test_only_the_secretariat_corrects_a_status_page_and_api(
    real_missions: None,
    make_user: Callable[..., User],
    api: Callable[[User | None], Any],
    role: str,
) -> None:
    minusma = Mission.objects.get(acronym="MINUSMA")
    extra = {"mission": minusma} if role == Role.MISSION_PLANNER else {}
    user = make_user("someone", role, "BGD" if role == Role.FOCAL_POINT else None, **extra)
    before = AuditEvent.objects.count()
    client = Client()
    client.force_login(user)
    page = client.post(
        reverse("missions:status", args=["MINUSMA"]),
        {"status": "closed", "end_date": "2023-12-31", "resolution": "x", "source": "y"},
    )
    assert page.status_code == 403
    response = api(user).post(
        "/api/v1/missions/MINUSMA/status/",
        {"is_active": False, "end_date": "2023-12-31", "resolution": "x", "source": "y"},
        format="json",
    )
    assert response.status_code == 403
    assert Mission.objects.get(acronym="MINUSMA").is_active
    assert AuditEvent.objects.count() == before


def test_secretariat_corrects_through_the_page_and_sees_the_source(
    real_missions: None, secretariat: User
) -> None:
    client = Client()
    client.force_login(secretariat)
    response = client.post(
        reverse("missions:status", args=["MINUSMA"]),
        {
            "status": "closed",
            "end_date": "2023-12-31",
            "resolution": "S/RES/2690 (2023)",
            "source": MINUSMA_SOURCE,
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("missions:detail", args=["MINUSMA"])).content.decode()
    assert "closed on 2023-12-31 (S/RES/2690 (2023))" in html
    assert MINUSMA_SOURCE in html
    assert "the source file says active" in html


def test_page_refuses_a_closure_without_a_date_and_changes_nothing(
    real_missions: None, secretariat: User
) -> None:
    client = Client()
    client.force_login(secretariat)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("missions:status", args=["MINUSMA"]),
        {"status": "closed", "resolution": "S/RES/2690 (2023)", "source": MINUSMA_SOURCE},
    )
    assert response.status_code == 200
    assert "A closed mission needs the date it closed." in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_api_correction_by_the_secretariat(
    real_missions: None, secretariat: User, api: Callable[[User | None], Any]
) -> None:
    response = api(secretariat).post(
        "/api/v1/missions/MINUSMA/status/",
        {
            "is_active": False,
            "end_date": "2023-12-31",
            "resolution": "S/RES/2690 (2023)",
            "source": MINUSMA_SOURCE,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["is_active"], body["end_date"], body["source_is_active"]) == (
        False,
        "2023-12-31",
        True,
    )
    assert body["status_correction"]["resolution"] == "S/RES/2690 (2023)"
    bad = api(secretariat).post(
        "/api/v1/missions/MINUSMA/status/",
        {"is_active": False, "source": MINUSMA_SOURCE},
        format="json",
    )
    assert bad.status_code == 400
    assert "end_date" in bad.content.decode()


def test_a_new_mission_is_recorded_and_kept_through_a_reimport(
    real_missions: None, secretariat: User
) -> None:
    mission_record(
        actor=secretariat,
        acronym="UNTEST",
        name="United Nations Test Mission",
        start_date=dt.date(2025, 1, 1),
        resolution="S/RES/9999 (2025)",
        source="A resolution made up for this test",
    )
    reimport_missions()
    mission = Mission.objects.get(acronym="UNTEST")
    assert mission.is_active and mission.start_date == dt.date(2025, 1, 1)
    assert mission.source_is_active is None
    assert mission.status_correction.resolution == "S/RES/9999 (2025)"
    assert AuditEvent.objects.filter(action="mission.record").count() == 1
    with pytest.raises(ValidationError):
        mission_record(
            actor=secretariat,
            acronym="MINUSMA",
            name="again",
            start_date=dt.date(2025, 1, 1),
            resolution="x",
            source="y",
        )


def test_demo_records_minusma_and_unamid_closures_with_their_sources(
    real_missions: None, secretariat: User
) -> None:
    assert mission_status_corrections_load_demo(stdout=io.StringIO()) == 2
    events = AuditEvent.objects.count()
    assert mission_status_corrections_load_demo(stdout=io.StringIO()) == 2
    assert AuditEvent.objects.count() == events  # nothing new the second time
    reimport_missions()
    minusma = Mission.objects.get(acronym="MINUSMA")
    unamid = Mission.objects.get(acronym="UNAMID")
    assert (minusma.is_active, minusma.end_date) == (False, dt.date(2023, 12, 31))
    assert (unamid.is_active, unamid.end_date) == (False, dt.date(2020, 12, 31))
    assert minusma.status_correction.resolution == "S/RES/2690 (2023)"
    assert unamid.status_correction.resolution == "S/RES/2559 (2020)"
    assert "resolution 2690 (2023)" in minusma.status_correction.source
    client = Client()
    client.force_login(secretariat)
    html = client.get(reverse("missions:detail", args=["MINUSMA"])).content.decode()
    assert "closed on 2023-12-31" in html
    assert "Security Council resolution 2690 (2023)" in html
    listing = client.get(reverse("missions:list") + "?all=1").content.decode()
    assert "closed 2023-12-31" in listing


def test_new_mission_page_for_the_secretariat_only(
    real_missions: None, secretariat: User, observer: User
) -> None:
    fields = {
        "acronym": "UNTEST",
        "name": "United Nations Test Mission",
        "start_date": "2025-01-01",
        "resolution": "S/RES/9999 (2025)",
        "source": "A resolution made up for this test",
    }
    client = Client()
    client.force_login(observer)
    before = (Mission.objects.count(), AuditEvent.objects.count())
    assert client.post(reverse("missions:new"), fields).status_code == 403
    assert (Mission.objects.count(), AuditEvent.objects.count()) == before
    client.force_login(secretariat)
    response = client.post(reverse("missions:new"), fields)
    assert response.status_code == 302
    page = client.get(reverse("missions:detail", args=["UNTEST"])).content.decode()
    assert "not in the source file" in page
    assert "S/RES/9999 (2025)" in page
    again = client.post(reverse("missions:new"), fields)
    assert "UNTEST is already in PCRS" in again.content.decode()
