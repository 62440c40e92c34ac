"""The pages: start a run, watch it, review, lock/exclude and re-run, compare, cases, outreach."""

from __future__ import annotations

import pytest

from pcrs.core.models import AuditEvent
from pcrs.generation.models import CaseState, GenerationCase, GenerationRun, WhatIfScenario
from pcrs.generation.tests.conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def sec_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_starting_a_run_from_the_page_leads_to_its_result(
    sec_client, need, ready_pledge, django_capture_on_commit_callbacks
):
    ready_pledge("BGD")
    with django_capture_on_commit_callbacks(execute=True):
        response = sec_client.post(
            "/generation/", {"missions": ["MINUSCA"], "min_level": "2", "time_limit": 5}
        )
    run = GenerationRun.objects.get()
    assert response.status_code == 302 and response.url == f"/generation/runs/{run.pk}/"
    page = sec_client.get(response.url).content.decode()
    assert "Optimal" in page and "Proposed: BGD" in page and "gap to the bound" in page


def test_a_running_run_polls_its_status_without_inline_script(
    sec_client, need, ready_pledge, secretariat
):
    from pcrs.generation import services
    from pcrs.generation.adapter import RunRequest

    ready_pledge()
    run = services.run_start(actor=secretariat, request=RunRequest(missions=("MINUSCA",)))
    GenerationRun.objects.filter(pk=run.pk).update(
        status="running", progress={"phase": "relaxation", "objective": 99.5, "bound": 120.0}
    )
    from django.utils import timezone

    GenerationRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    page = sec_client.get(f"/generation/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "<script>" not in page
    part = sec_client.get(f"/generation/runs/{run.pk}/status/", HTTP_HX_REQUEST="true")
    text = part.content.decode()
    assert "relaxation" in text and "99.5" in text and "120.0" in text
    assert "HX-Refresh" not in part
    GenerationRun.objects.filter(pk=run.pk).update(
        status="optimal", objective=100, bound=100, gap=0
    )
    done = sec_client.get(f"/generation/runs/{run.pk}/status/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode() and done["HX-Refresh"] == "true"


def test_review_shortlist_and_replan_with_an_exclusion(
    sec_client, finished_run, need, django_capture_on_commit_callbacks
):
    chosen = finished_run.assignments.get()
    page = sec_client.get(f"/generation/runs/{finished_run.pk}/").content.decode()
    assert "Runners-up" in page and "readiness Level 2 vs Level 3" in page
    assert str(chosen.pledge_id) not in page.split("Runners-up")[1].split("value=")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = sec_client.post(
            f"/generation/runs/{finished_run.pk}/replan/",
            {"exclude": [f"{need.pk}:{chosen.pledge_id}"]},
        )
    replan = GenerationRun.objects.exclude(pk=finished_run.pk).get()
    assert response.url == f"/generation/runs/{replan.pk}/"
    assert replan.previous == finished_run
    assert replan.assignments.get().pledge_id != chosen.pledge_id
    compare = sec_client.get(f"/generation/compare/?a={finished_run.pk}&b={replan.pk}")
    assert compare.status_code == 200 and "changed" in compare.content.decode()
    shortlisted = sec_client.post(
        f"/generation/runs/{replan.pk}/shortlist/",
        {"requirement": need.pk, "pledge": str(replan.assignments.get().pledge_id)},
    )
    case = GenerationCase.objects.get()
    assert shortlisted.url == f"/generation/cases/{case.pk}/"
    again = sec_client.post(
        f"/generation/runs/{replan.pk}/shortlist/",
        {"requirement": need.pk, "pledge": str(case.pledge_id)},
        follow=True,
    )
    assert "already in outreach" in again.content.decode()
    assert GenerationCase.objects.count() == 1


def test_the_focal_point_answers_on_the_case_page(client, case, secretariat, fp_bgd):
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    case.refresh_from_db()
    walk(case, secretariat, "send_note_verbale")
    client.force_login(fp_bgd)
    listing = client.get("/generation/cases/").content.decode()
    assert "Requests to your State" in listing and "new" in listing
    page = client.get(f"/generation/cases/{case.pk}/").content.decode()
    assert "Accept the request" in page and "Decline the request" in page
    assert "Send the note verbale" not in page
    before = AuditEvent.objects.count()
    bad = client.post(
        f"/generation/cases/{case.pk}/", {"move": "decline", "version": 2}, follow=True
    )
    assert "decline_reason" in bad.content.decode()
    assert AuditEvent.objects.count() == before
    client.post(f"/generation/cases/{case.pk}/", {"move": "accept", "version": 2})
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    denied = client.post(
        f"/generation/cases/{case.pk}/",
        {"move": "reconnaissance", "reconnaissance_on": "2026-12-01"},
    )
    assert denied.status_code == 403


def test_the_gap_page_count_links_to_the_candidates_for_the_secretariat(
    client, need, ready_pledge, secretariat, observer
):
    ready_pledge("BGD", available_from=need.opened_on)
    ready_pledge("KAZ", available_from=need.opened_on)
    ready_pledge("FRA", available_from=need.opened_on)  # three States: the count is public
    ready_pledge("NPL", level="1", available_from=need.opened_on)
    client.force_login(secretariat)
    gaps = client.get("/missions/gaps/").content.decode()
    link = f"/generation/requirements/{need.pk}/candidates/"
    assert link in gaps
    page = client.get(link).content.decode()
    assert "Bangladesh" in page and "Kazakhstan" in page
    assert "level: Level 1, Level 2 needed" in page  # nearly fits, and what it lacks
    client.force_login(observer)
    public = client.get("/missions/gaps/").content.decode()
    assert link not in public and "could-fill" not in public
    assert client.get(link).status_code == 404


def test_the_what_if_page_changes_nothing_and_can_be_saved(sec_client, need, ready_pledge):
    ready_pledge("NPL", level="rdl", notice_to_move_days=10)
    before = AuditEvent.objects.count()
    page = sec_client.post(
        "/generation/what-if/", {"needs": "infantry-battalion 2", "deadline_days": 60}
    ).content.decode()
    assert "Nepal" in page or "NPL" in page
    assert "1 unfilled" in page
    assert AuditEvent.objects.count() == before
    bad = sec_client.post("/generation/what-if/", {"needs": "dragons 2", "deadline_days": 60})
    assert "line 1: unknown capability type" in bad.content.decode()
    sec_client.post(
        "/generation/what-if/",
        {"needs": "infantry-battalion 2", "deadline_days": 30, "name": "Crisis", "save": "1"},
    )
    saved = WhatIfScenario.objects.get()
    assert saved.needs == [{"capability_type": "infantry-battalion", "units": 2}]
    assert (
        "infantry-battalion 2"
        in sec_client.get(f"/generation/what-if/?scenario={saved.pk}").content.decode()
    )


def test_metrics_show_times_and_the_share_declined(sec_client, case, secretariat):
    walk(case, secretariat, "send_note_verbale", "decline")
    page = sec_client.get("/generation/metrics/").content.decode()
    assert "1 of 1 answered requests declined (100.0%)" in page
    assert "Units committed at home: 1" in page
    assert "generation-chart-data" in page and "<script>" not in page


@pytest.mark.parametrize("path", ["/generation/", "/generation/what-if/", "/generation/metrics/"])
def test_secretariat_pages_are_refused_to_others(client, fp_bgd, path):
    client.force_login(fp_bgd)
    assert client.get(path).status_code == 403


def test_a_what_if_turned_into_a_run_creates_the_needs_and_runs_on_them(
    sec_client, minusca, ready_pledge, django_capture_on_commit_callbacks
):
    from pcrs.missions.models import Requirement

    ready_pledge("NPL", level="rdl", notice_to_move_days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = sec_client.post(
            "/generation/what-if/",
            {
                "needs": "infantry-battalion 1",
                "deadline_days": 60,
                "mission": "MINUSCA",
                "to_run": "1",
            },
        )
    run = GenerationRun.objects.get()
    assert response.url == f"/generation/runs/{run.pk}/"
    requirement = Requirement.objects.get()
    assert requirement.priority == "critical" and requirement.mission == minusca
    assert run.parameters["requirements"] == [requirement.pk]
    assert run.assignments.get().pledge.member_state.iso3 == "NPL"


def test_the_home_page_tells_the_state_a_request_awaits_its_answer(
    client, case, secretariat, fp_bgd, fp_kaz
):
    GenerationCase.objects.filter(pk=case.pk).update(member_state=fp_bgd.member_state)
    case.refresh_from_db()
    walk(case, secretariat, "send_note_verbale")
    client.force_login(fp_bgd)
    assert "1 request from the Secretariat awaits your answer" in client.get("/").content.decode()
    client.force_login(fp_kaz)
    assert "No request awaits your answer" in client.get("/").content.decode()


def test_the_gaps_dashboard_shows_generation_timelines_to_the_secretariat_only(
    sec_client, client, case, secretariat, fp_bgd
):
    walk(case, secretariat, "send_note_verbale", "decline")
    page = sec_client.get("/missions/gaps/").content.decode()
    assert 'id="generation-metrics"' in page
    assert "1 of 1 answered requests declined (100.0%): Units committed at home (1)." in page
    assert "generation-chart-data" in page and "<script>" not in page
    client.force_login(fp_bgd)
    other = client.get("/missions/gaps/").content.decode()
    assert 'id="generation-metrics"' not in other and "Units committed at home" not in other
