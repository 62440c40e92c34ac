"""Cases: a State sees only its own, never a shortlist and never who else was considered."""

from __future__ import annotations

import pytest

from pcrs.core.models import AuditEvent
from pcrs.generation.models import CaseState, GenerationCase
from pcrs.generation.tests.conftest import walk

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "fp_kaz", "fp_bgd", "secretariat", "observer", "planner"]


@pytest.fixture
def bgd_case(case, secretariat, fp_bgd):
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    case.refresh_from_db()
    return walk(case, secretariat, "send_note_verbale")


@pytest.mark.parametrize("who", ACTORS)
def test_case_reads(client, api, request, who, bgd_case, finished_run):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user is not None:
        client.force_login(user)
    page = client.get(f"/generation/cases/{bgd_case.pk}/")
    data = api(user).get(f"/api/v1/generation/cases/{bgd_case.pk}/")
    listing = api(user).get("/api/v1/generation/cases/")
    run_page = client.get(f"/generation/runs/{finished_run.pk}/")
    sees = who in ("fp_bgd", "secretariat")
    if who == "anonymous":
        assert page.status_code == 302 and data.status_code in (401, 403)
        return
    assert page.status_code == (200 if sees else 404)
    assert data.status_code == (200 if sees else 404)
    assert len(listing.json()) == (1 if sees else 0)
    assert run_page.status_code == (200 if who == "secretariat" else 404)
    if who == "fp_bgd":
        text = page.content.decode()
        other = finished_run.explanations[str(bgd_case.requirement_id)]["runners_up"]
        # Who else was considered never reaches the State: not the run, not the runners-up.
        for runner in other:
            for pid in runner["pledges"]:
                assert pid not in text and pid not in data.content.decode()
        assert str(finished_run.pk) not in text and "run" not in data.json()


def test_a_shortlist_is_not_shown_to_the_state(api, case, fp_bgd):
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    assert api(fp_bgd).get(f"/api/v1/generation/cases/{case.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["fp_kaz", "observer", "planner"])
def test_denied_answers_change_nothing(api, request, who, bgd_case):
    user = request.getfixturevalue(who)
    before = (AuditEvent.objects.count(), bgd_case.version)
    response = api(user).post(
        f"/api/v1/generation/cases/{bgd_case.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert response.status_code == 404
    assert str(bgd_case.pk) not in response.content.decode()
    bgd_case.refresh_from_db()
    assert bgd_case.state == CaseState.NOTE_VERBALE_SENT
    assert (AuditEvent.objects.count(), bgd_case.version) == before


def test_the_state_may_answer_but_not_take_secretariat_steps(api, bgd_case, fp_bgd):
    response = api(fp_bgd).post(
        f"/api/v1/generation/cases/{bgd_case.pk}/moves/",
        {"move": "close", "close_reason": "we decide"},
        format="json",
    )
    assert response.status_code == 403
    bgd_case.refresh_from_db()
    assert bgd_case.state == CaseState.NOTE_VERBALE_SENT
    ok = api(fp_bgd).post(
        f"/api/v1/generation/cases/{bgd_case.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"


def test_the_state_timeline_hides_the_internal_shortlist_step(api, bgd_case, fp_bgd, secretariat):
    state_moves = [
        e["move"]
        for e in api(fp_bgd).get(f"/api/v1/generation/cases/{bgd_case.pk}/").json()["timeline"]
    ]
    secretariat_moves = [
        e["move"]
        for e in api(secretariat).get(f"/api/v1/generation/cases/{bgd_case.pk}/").json()["timeline"]
    ]
    assert state_moves == ["send_note_verbale"]
    assert secretariat_moves == ["shortlist", "send_note_verbale"]
