"""Readiness API: the permission matrix over every move and every evidence endpoint, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pcrs.readiness.models import (
    LEVEL_STATES,
    LadderState,
    LevelChange,
    RdlAgreement,
    ReadinessRecord,
    SurAlignment,
    UnitRequirement,
    Visit,
)
from pcrs.registry.models import Pledge, PledgeStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=400)


def put_at(pledge: Pledge, state: str, sur: UnitRequirement | None = None) -> ReadinessRecord:
    """Test set-up: place a pledge on the ladder with the evidence its next move needs."""
    statuses: dict[str, str] = {
        LadderState.DRAFT: PledgeStatus.DRAFT,
        LadderState.SUBMITTED: PledgeStatus.SUBMITTED,
        LadderState.ACKNOWLEDGED: PledgeStatus.SUBMITTED,
        LadderState.RETURNED: PledgeStatus.SUBMITTED,
        LadderState.DEPLOYED: PledgeStatus.DEPLOYED,
    }
    status = statuses.get(state, PledgeStatus.ACTIVE)
    Pledge.objects.filter(pk=pledge.pk).update(
        status=status, readiness_level=LEVEL_STATES.get(state, "")
    )
    record = ReadinessRecord.objects.create(
        pledge=pledge,
        state=state,
        accepted_on=PAST,
        renewal_due=TODAY + dt.timedelta(days=100),
        aav_valid_until=TODAY + dt.timedelta(days=300),
        verification_valid_until=TODAY + dt.timedelta(days=300),
    )
    for purpose in ("aav", "rdl_verification"):
        Visit.objects.create(
            pledge=pledge,
            purpose=purpose,
            start_date=PAST,
            end_date=PAST,
            team=["Col. A"],
            successful=True,
            valid_until=TODAY + dt.timedelta(days=300),
        )
    if sur is not None:
        SurAlignment.objects.create(pledge=pledge, sur=sur, agreed_on=PAST)
    RdlAgreement.objects.create(pledge=pledge, signed_on=PAST, deploy_within_days=60)
    return record


# move -> (source state, may the own focal point make it, may the Secretariat make it)
MATRIX: dict[str, tuple[str, bool, bool]] = {
    "submit": (LadderState.DRAFT, True, True),
    "acknowledge": (LadderState.SUBMITTED, False, True),
    "return": (LadderState.ACKNOWLEDGED, False, True),
    "resubmit": (LadderState.RETURNED, True, True),
    "accept": (LadderState.ACKNOWLEDGED, False, True),
    "grant_level_2": (LadderState.LEVEL_1, False, True),
    "grant_level_3": (LadderState.LEVEL_2, False, True),
    "grant_rdl": (LadderState.LEVEL_3, False, True),
    "lapse": (LadderState.LEVEL_1, False, False),
    "reinstate": (LadderState.LAPSED, True, True),
    "aav_expired": (LadderState.LEVEL_2, False, False),
    "verification_expired": (LadderState.RDL, False, False),
    "withdraw": (LadderState.LEVEL_1, True, True),
    "reassess": (LadderState.LEVEL_2, False, True),
    "deploy": (LadderState.LEVEL_3, False, True),
    "repatriate": (LadderState.DEPLOYED, False, True),
}
ACTORS = ["anonymous", "fp_kaz", "observer", "fp_bgd", "secretariat", "administrator"]


def test_the_matrix_covers_every_move():
    from pcrs.readiness.ladder import MOVES

    assert set(MATRIX) == set(MOVES)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("move", list(MATRIX))
def test_permission_matrix_for_every_move(move, actor, request, api, complete_pledge, generic_sur):
    source, state_may, secretariat_may = MATRIX[move]
    pledge = complete_pledge()
    record = put_at(pledge, source, sur=generic_sur)
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    response = api(user).post(
        f"/api/v1/readiness/pledges/{pledge.pk}/moves/",
        {"move": move, "version": record.version, "note": "Guidance: train the EOD team."},
    )
    expected = {
        "anonymous": (401, 403),
        "fp_kaz": (404,),
        "observer": (404,),
        "fp_bgd": (200,) if state_may else (403,),
        "secretariat": (200,) if secretariat_may else (403,),
        "administrator": (200,) if secretariat_may else (403,),
    }[actor]
    assert response.status_code in expected, response.content
    record.refresh_from_db()
    if response.status_code == 200 and move == "deploy":
        # The stand-in deploy move keeps the level and moves the registry status.
        pledge.refresh_from_db()
        assert pledge.status == PledgeStatus.DEPLOYED
        assert LevelChange.objects.filter(pledge=pledge, move="deploy").exists()
    elif response.status_code == 200:
        assert record.state != source
        assert response.json()["state"] == record.state
    else:
        assert record.state == source
        assert record.version == 1
        assert not LevelChange.objects.filter(pledge=pledge).exists()
        if response.status_code == 404:
            assert str(pledge.pk) not in response.content.decode()


EVIDENCE: dict[str, tuple[str, dict[str, Any], bool]] = {
    # endpoint -> (state, payload, may the own focal point use it)
    "visits": (
        LadderState.LEVEL_1,
        {
            "purpose": "aav",
            "start_date": str(TODAY - dt.timedelta(days=3)),
            "end_date": str(TODAY),
            "team": ["Col. A"],
            "successful": True,
            "results": [
                {"domain": d, "result": "pass"} for d in ("general", "training", "coe", "medical")
            ],
        },
        False,
    ),
    "sur-alignments": (
        LadderState.LEVEL_2,
        {"sur": "SUR-INF-2025", "agreed_on": str(TODAY), "variations": ["4 APCs, not 6"]},
        False,
    ),
    "rdl-agreements": (LadderState.LEVEL_3, {"signed_on": str(TODAY)}, False),
    "renew": (LadderState.LEVEL_1, {"note": "Unchanged."}, True),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", list(EVIDENCE))
def test_permission_matrix_for_evidence(
    endpoint, actor, request, api, complete_pledge, generic_sur
):
    state, payload, state_may = EVIDENCE[endpoint]
    pledge = complete_pledge()
    record = put_at(pledge, state)
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    counts = (Visit.objects.count(), SurAlignment.objects.count(), RdlAgreement.objects.count())
    response = api(user).post(
        f"/api/v1/readiness/pledges/{pledge.pk}/{endpoint}/", {**payload, "version": 1}
    )
    expected = {
        "anonymous": (401, 403),
        "fp_kaz": (404,),
        "observer": (404,),
        "fp_bgd": (200,) if state_may else (403,),
        "secretariat": (200,),
        "administrator": (200,),
    }[actor]
    assert response.status_code in expected, response.content
    record.refresh_from_db()
    after = (Visit.objects.count(), SurAlignment.objects.count(), RdlAgreement.objects.count())
    if response.status_code == 200:
        assert record.version == 2
    else:
        assert record.version == 1
        assert after == counts
        assert record.last_renewed_on is None


def test_read_is_the_owner_and_secretariat_only(api, pledge, fp_bgd, fp_kaz, secretariat):
    url = f"/api/v1/readiness/pledges/{pledge.pk}/"
    assert api(fp_kaz).get(url).status_code == 404
    body = api(fp_bgd).get(url).json()
    assert body["state"] == "draft"
    assert body["next_step"]["move"] == "submit"
    assert body["blockers"] == []
    assert api(secretariat).get(url).status_code == 200


def test_errors_are_clear_and_change_nothing(
    api, complete_pledge, fp_bgd, secretariat, generic_sur
):
    pledge = complete_pledge()
    put_at(pledge, LadderState.LEVEL_1)
    client = api(secretariat)
    base = f"/api/v1/readiness/pledges/{pledge.pk}"

    illegal = client.post(f"{base}/moves/", {"move": "accept"})
    assert illegal.status_code == 400
    assert "A pledge that is Level 1 cannot be accepted at Level 1" in illegal.json()["detail"]

    rdl = client.post(f"{base}/rdl-agreements/", {"signed_on": str(TODAY)})
    assert rdl.status_code == 400
    assert (
        rdl.json()["detail"] == "An RDL agreement needs a pledge at Level 3; this one is Level 1."
    )

    future = client.post(
        f"{base}/visits/",
        {
            "purpose": "aav",
            "start_date": str(TODAY + dt.timedelta(days=1)),
            "end_date": str(TODAY + dt.timedelta(days=2)),
            "team": ["Col. A"],
            "successful": True,
            "results": [{"domain": "general", "result": "pass"}],
        },
    )
    assert future.status_code == 400
    errors = future.json()["errors"]
    assert "cannot be dated in the future" in errors["end_date"][0]
    assert errors["results.medical"] == ["Give the result for Medical."]

    stale = client.post(f"{base}/moves/", {"move": "grant_level_2", "version": 99})
    assert stale.status_code == 409
    assert "changed under you" in stale.json()["detail"]

    unknown = client.post(f"{base}/moves/", {"move": "promote"})
    assert unknown.status_code == 400
    assert "move" in unknown.json()["errors"]

    assert ReadinessRecord.objects.get(pledge=pledge).version == 1
    assert Visit.objects.filter(pledge=pledge).count() == 2  # the set-up's, no more
    assert RdlAgreement.objects.filter(pledge=pledge).count() == 1


def test_missing_evidence_lists_what_is_missing(api, pledge, secretariat):
    record = ReadinessRecord.objects.create(pledge=pledge, state=LadderState.LEVEL_1)
    Pledge.objects.filter(pk=pledge.pk).update(status="active", readiness_level="1")
    response = api(secretariat).post(
        f"/api/v1/readiness/pledges/{pledge.pk}/moves/",
        {"move": "grant_level_2", "version": record.version},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Grant Level 2 needs: a successful Assessment and Advisory Visit: none recorded."
    )


def test_work_queue_and_unit_requirements(api, make_pledge, secretariat, fp_bgd, generic_sur):
    waiting = make_pledge("KAZ")
    body = api(secretariat).get("/api/v1/readiness/queue/").json()
    assert body["to_acknowledge"] == [str(waiting.pk)]
    assert api(fp_bgd).get("/api/v1/readiness/queue/").status_code == 403
    surs = api(fp_bgd).get("/api/v1/readiness/unit-requirements/").json()
    assert surs["results"][0]["reference"] == "SUR-INF-2025"
