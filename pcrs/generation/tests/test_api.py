"""The API contracts outside scripts use, and the same rights as the pages."""

from __future__ import annotations

import pytest

from pcrs.core.models import AuditEvent
from pcrs.generation.models import GenerationCase, GenerationRun
from pcrs.registry.models import Pledge

pytestmark = pytest.mark.django_db

STATUSES = {"queued", "running", "optimal", "feasible", "infeasible", "timed_out", "failed"}


def test_post_runs_answers_202_with_id_and_status_and_get_gives_the_result(
    api, secretariat, need, ready_pledge, django_capture_on_commit_callbacks
):
    ready_pledge("BGD")
    with django_capture_on_commit_callbacks(execute=True):
        response = api(secretariat).post(
            "/api/v1/generation/runs/", {"missions": ["MINUSCA"], "time_limit": 10}, format="json"
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] in STATUSES
    detail = api(secretariat).get(f"/api/v1/generation/runs/{body['id']}/").json()
    assert detail["status"] == "optimal"
    for key in ("progress", "objective", "bound", "gap", "assignments"):
        assert key in detail
    [a] = detail["assignments"]
    assert a["requirement"] == need.pk
    assert Pledge.objects.filter(pk=a["pledge"]).exists()
    assert "terms" in a["explanation"] and "runners_up" in a["explanation"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"missions": ["NOPE"], "time_limit": 10}, "missions"),
        ({"missions": "MINUSCA"}, "missions"),
        ({"missions": ["MINUSCA"], "time_limit": -1}, "time_limit"),
        ({"missions": ["MINUSCA"], "time_limit": "soon"}, "time_limit"),
        ({"missions": ["MINUSCA"], "weights": {"nope": 1}}, "weights"),
    ],
)
def test_bad_run_input_is_400_naming_the_field_and_changes_nothing(
    api, secretariat, need, payload, field
):
    before = (GenerationRun.objects.count(), AuditEvent.objects.count())
    response = api(secretariat).post("/api/v1/generation/runs/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert (GenerationRun.objects.count(), AuditEvent.objects.count()) == before


def test_nothing_to_fill_is_400_with_the_reason(api, secretariat, minusca):
    response = api(secretariat).post(
        "/api/v1/generation/runs/", {"missions": ["MINUSCA"]}, format="json"
    )
    assert response.status_code == 400
    assert "Nothing to fill" in response.json()["detail"]


@pytest.mark.parametrize("who", ["anonymous", "fp_bgd", "observer", "planner"])
def test_only_the_secretariat_reaches_runs_and_what_if(api, request, who, finished_run):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = api(user)
    before = GenerationRun.objects.count()
    post = client.post("/api/v1/generation/runs/", {"missions": ["MINUSCA"]}, format="json")
    get = client.get(f"/api/v1/generation/runs/{finished_run.pk}/")
    what = client.post(
        "/api/v1/generation/what-if/",
        {"needs": [{"capability_type": "infantry-battalion", "units": 1}]},
        format="json",
    )
    denied = (401, 403) if user is None else (403,)
    assert post.status_code in denied and what.status_code in denied
    assert get.status_code in ((401, 403) if user is None else (404,))
    assert GenerationRun.objects.count() == before


def test_what_if_says_what_arrives_by_when_and_changes_nothing(
    api, secretariat, need, ready_pledge
):
    rdl = ready_pledge("NPL", level="rdl", notice_to_move_days=20)
    ready_pledge("KAZ", level="3", notice_to_move_days=10)
    ready_pledge("BGD", level="3", notice_to_move_days=200)  # too late
    before = (
        AuditEvent.objects.count(),
        list(Pledge.objects.values_list("pk", "status", "version")),
    )
    response = api(secretariat).post(
        "/api/v1/generation/what-if/",
        {"needs": [{"capability_type": "infantry-battalion", "units": 3}], "deadline_days": 60},
        format="json",
    )
    assert response.status_code == 200, response.content
    [line] = response.json()["needs"]
    assert [a["state"] for a in line["arriving"]] == ["NPL", "KAZ"]  # RDL first
    assert line["arriving"][0]["pledge"] == str(rdl.pk)
    assert line["unfilled"] == 1 and "arrive after" in line["why"]
    assert (
        AuditEvent.objects.count(),
        list(Pledge.objects.values_list("pk", "status", "version")),
    ) == before


def test_what_if_with_an_unknown_type_names_the_row(api, secretariat):
    response = api(secretariat).post(
        "/api/v1/generation/what-if/",
        {
            "needs": [
                {"capability_type": "infantry-battalion", "units": 1},
                {"capability_type": "dragons", "units": 1},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "needs[1].capability_type" in response.json()["errors"]


def test_the_state_answers_through_the_api(api, case, secretariat, fp_bgd):
    from pcrs.generation.tests.conftest import walk

    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    case.refresh_from_db()
    walk(case, secretariat, "send_note_verbale")
    empty = api(fp_bgd).post(
        f"/api/v1/generation/cases/{case.pk}/answer/", {"answer": "decline"}, format="json"
    )
    assert empty.status_code == 400 and "decline_reason" in empty.json()["errors"]
    ok = api(fp_bgd).post(
        f"/api/v1/generation/cases/{case.pk}/answer/",
        {"answer": "decline", "reason": "Elections at home"},
        format="json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["state"] == "declined"
    assert "run" not in ok.json()
    again = api(fp_bgd).post(
        f"/api/v1/generation/cases/{case.pk}/answer/", {"answer": "accept"}, format="json"
    )
    assert again.status_code == 400 and "declined" in again.json()["detail"]


def test_the_secretariat_accepts_a_proposal_for_outreach_through_the_api(
    api, finished_run, secretariat, fp_bgd
):
    a = finished_run.assignments.get()
    body = {
        "run": str(finished_run.pk),
        "requirement": a.requirement_id,
        "pledge": str(a.pledge_id),
    }
    assert api(fp_bgd).post("/api/v1/generation/cases/", body, format="json").status_code == 403
    created = api(secretariat).post("/api/v1/generation/cases/", body, format="json")
    assert created.status_code == 201 and created.json()["state"] == "shortlisted"
    twice = api(secretariat).post("/api/v1/generation/cases/", body, format="json")
    assert twice.status_code == 400 and "already in outreach" in twice.json()["detail"]
    other = {**body, "pledge": "00000000-0000-0000-0000-000000000000"}
    assert (
        api(secretariat).post("/api/v1/generation/cases/", other, format="json").status_code == 400
    )
    assert GenerationCase.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("runs/", {"missions": [1, 2]}),
        ("runs/", {"weights": "x"}),
        ("runs/", {"requirements": ["a"]}),
        ("runs/", {"seed": 1e20}),
        ("runs/", {"time_limit": "NaN"}),
        ("runs/", {"time_limit": "Infinity"}),
        ("runs/", {"horizon_days": -3}),
        ("runs/", {"min_level": None}),
        ("runs/", []),
        ("runs/", "x"),
        ("what-if/", {"needs": []}),
        ("what-if/", {"needs": [{"capability_type": "x y", "units": 1}]}),
        ("what-if/", {"needs": [{"capability_type": "infantry-battalion", "units": 0}]}),
        ("what-if/", {"needs": "a"}),
        (
            "what-if/",
            {
                "needs": [{"capability_type": "infantry-battalion", "units": 2}],
                "deadline_days": "soon",
            },
        ),
        ("cases/", {"run": "nope", "requirement": 1, "pledge": "x"}),
        ("cases/nope/answer/", {"answer": "accept"}),
        ("cases/nope/moves/", {"move": "close"}),
    ],
)
def test_bad_input_is_a_clear_4xx_never_a_500(api, secretariat, need, path, body):
    before = (GenerationRun.objects.count(), AuditEvent.objects.count())
    response = api(secretariat).post(f"/api/v1/generation/{path}", body, format="json")
    assert response.status_code in (400, 404), response.content
    assert (GenerationRun.objects.count(), AuditEvent.objects.count()) == before


def test_outreach_lists_states_that_fit_now_and_what_the_others_lack(
    api, secretariat, fp_bgd, need, ready_pledge
):
    ready_pledge("BGD")
    ready_pledge("KAZ", level="1")
    url = f"/api/v1/generation/requirements/{need.pk}/outreach/"
    body = api(secretariat).get(url).json()
    assert [line["state"] for line in body["fit_now"]] == ["BGD"]
    [kaz] = body["nearly_fit"]
    assert kaz["state"] == "KAZ"
    assert kaz["pledges"][0]["lacks"] == ["level: Level 1, Level 2 needed"]
    # Who could be approached names States: the Secretariat's only (the same 404 as a missing
    # requirement for everyone else).
    denied = api(fp_bgd).get(url)
    missing = api(fp_bgd).get("/api/v1/generation/requirements/999999/outreach/")
    assert denied.status_code == 404 and denied.json() == missing.json()
