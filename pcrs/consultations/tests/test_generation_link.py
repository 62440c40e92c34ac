"""A decision names the generation case it concerns: same mission only, Secretariat's eyes only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pcrs.consultations import services
from pcrs.consultations.documents import gap_snapshot
from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.generation.models import CaseState, GenerationCase
from pcrs.missions.models import Mission, Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_for(make_pledge: Any, capability: Any, secretariat: Any) -> Any:
    def make(mission: Mission, state: str = "BGD", step: str = CaseState.NOTE_VERBALE_SENT) -> Any:
        requirement = Requirement.objects.create(
            mission=mission,
            capability_type=capability("infantry-battalion"),
            units=1,
            personnel=850,
            required_by=dt.date(2027, 6, 1),
            opened_on=dt.date(2026, 1, 1),
        )
        pledge = make_pledge(state)
        return GenerationCase.objects.create(
            requirement=requirement,
            pledge=pledge,
            member_state=pledge.member_state,
            state=step,
            created_by=secretariat,
        )

    return make


def test_a_decision_links_a_case_of_its_mission(meeting: Any, secretariat: Any, case_for: Any):
    case = case_for(meeting.mission)
    decision = services.decision_record(
        actor=secretariat,
        meeting=meeting,
        text="Approach BGD for the battalion.",
        generation_case=case,
    )
    assert decision.generation_case == case
    event = AuditEvent.objects.filter(action="decision.create").latest("pk")
    assert {"field": "generation_case", "old": None, "new": str(case.pk)} in event.changes


def test_a_case_of_another_mission_is_refused_and_nothing_changes(
    meeting: Any, secretariat: Any, case_for: Any
):
    other = Mission.objects.create(acronym="UNMISS", name="UNMISS", is_active=True)
    case = case_for(other)
    before = (meeting.decisions.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as refused:
        services.decision_record(
            actor=secretariat, meeting=meeting, text="Wrong mission.", generation_case=case
        )
    assert refused.value.field == "generation_case"
    assert "UNMISS" in refused.value.message
    assert (meeting.decisions.count(), AuditEvent.objects.count()) == before


def test_only_the_secretariat_sees_which_case_a_decision_concerns(
    meeting: Any, secretariat: Any, case_for: Any, api: Any, make_user: Any
):
    case = case_for(meeting.mission)
    services.decision_record(
        actor=secretariat, meeting=meeting, text="Approach BGD.", generation_case=case
    )
    url = f"/api/v1/consultations/{meeting.pk}/"
    [seen] = api(secretariat).get(url).json()["decisions"]
    assert seen["generation_case"] == str(case.pk)
    fp_bgd = make_user("fp-bgd-invited", "focal_point", "BGD")  # BGD contributes: invited
    body = api(fp_bgd).get(url).json()
    assert body["decisions"] and all("generation_case" not in d for d in body["decisions"])


def test_the_api_records_the_link_and_names_an_unknown_case(
    meeting: Any, secretariat: Any, case_for: Any, api: Any
):
    case = case_for(meeting.mission)
    url = f"/api/v1/consultations/{meeting.pk}/decisions/"
    ok = api(secretariat).post(url, {"text": "Go.", "generation_case": str(case.pk)}, format="json")
    assert ok.status_code == 201
    before = meeting.decisions.count()
    bad = api(secretariat).post(
        url,
        {"text": "Go.", "generation_case": "00000000-0000-0000-0000-000000000000"},
        format="json",
    )
    assert bad.status_code == 400 and "generation_case" in bad.json()["errors"]
    assert meeting.decisions.count() == before


def test_the_gap_snapshot_counts_requests_by_step_and_names_states_for_the_secretariat_only(
    meeting: Any, case_for: Any
):
    case_for(meeting.mission, "BGD", CaseState.NOTE_VERBALE_SENT)
    case_for(meeting.mission, "NPL", CaseState.SHORTLISTED)
    snapshot = gap_snapshot(mission=meeting.mission, on=timezone.localdate())
    assert snapshot["aggregate"]["generation"] == [{"step": "Note verbale sent", "cases": 1}]
    assert {g["step"] for g in snapshot["detail"]["generation"]} == {
        "Note verbale sent",
        "Shortlisted",
    }
    assert "state" not in str(snapshot["aggregate"]["generation"])
