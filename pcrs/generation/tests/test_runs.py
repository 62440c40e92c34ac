"""Runs: stored with their input, same input + seed = same plan, bad input, dead workers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.generation import services
from pcrs.generation.adapter import RunRequest
from pcrs.generation.models import GenerationRun, RunStatus
from pcrs.generation.workflow import CaseMoveNotPermitted

pytestmark = pytest.mark.django_db


def _run(actor, capture, **kw):
    with capture(execute=True):
        run = services.run_start(actor=actor, request=RunRequest(**kw))
    run.refresh_from_db()
    return run


def test_a_run_stores_its_input_parameters_result_and_explanations(finished_run, need):
    run = finished_run
    assert run.status == RunStatus.OPTIMAL
    assert run.gap == 0 and run.objective == run.bound
    assert run.input_snapshot["requirements"][0]["id"] == str(need.pk)
    assert len(run.input_hash) == 64 and "ortools" in run.engine_version
    assert run.parameters["missions"] == ["MINUSCA"] and run.parameters["time_limit"] == 5
    assert run.progress["phase"] == "done" and run.duration is not None
    [a] = run.assignments.all()
    assert a.pledge.member_state.iso3 == "KAZ"  # Level 3 beats Level 2
    story = run.explanations[str(need.pk)]
    assert story["chosen"][0]["pledges"] == [str(a.pledge_id)]
    assert "readiness Level 2 vs Level 3" in story["runners_up"][0]["reason"]


def test_same_input_and_seed_give_the_same_result(
    finished_run, secretariat, django_capture_on_commit_callbacks
):
    again = _run(
        secretariat, django_capture_on_commit_callbacks, missions=("MINUSCA",), time_limit=5
    )
    assert again.input_hash == finished_run.input_hash
    assert again.objective == finished_run.objective
    pairs = lambda r: sorted(r.assignments.values_list("requirement_id", "pledge_id"))  # noqa: E731
    assert pairs(again) == pairs(finished_run)


def test_nothing_to_fill_is_refused_with_a_message_and_nothing_is_stored(secretariat, minusca):
    before = (GenerationRun.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match="Nothing to fill: MINUSCA"):
        services.run_start(actor=secretariat, request=RunRequest(missions=("MINUSCA",)))
    assert (GenerationRun.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"missions": ("NOPE",)}, "missions"),
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": 10_000}, "time_limit"),
        ({"min_level": "9"}, "min_level"),
        ({"weights": {"bogus": 1}}, "weights"),
        ({"weights": {"gender": -1}}, "weights"),
    ],
)
def test_bad_parameters_name_the_field_and_store_nothing(secretariat, need, kw, field):
    with pytest.raises(ValidationError) as err:
        services.run_start(actor=secretariat, request=RunRequest(**kw))
    assert field in err.value.message_dict
    assert not GenerationRun.objects.exists()


def test_only_the_secretariat_may_start_a_run(fp_bgd, observer, planner, need):
    for user in (fp_bgd, observer, planner):
        with pytest.raises(CaseMoveNotPermitted):
            services.run_start(actor=user, request=RunRequest())
    assert not GenerationRun.objects.exists()


def test_a_run_whose_worker_stopped_is_failed_with_what_it_had_found(
    secretariat, need, ready_pledge
):
    ready_pledge()
    run = services.run_start(actor=secretariat, request=RunRequest(missions=("MINUSCA",)))
    beat = timezone.now() - dt.timedelta(minutes=5)
    GenerationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        heartbeat_at=beat,
        progress={"phase": "relaxation", "objective": 120.5, "bound": 130.0},
    )
    fresh = GenerationRun.objects.create(
        created_by=secretariat,
        input_hash="x",
        engine_version="x",
        status=RunStatus.RUNNING,
        heartbeat_at=timezone.now(),
    )
    assert services.runs_reap_stale() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "worker stopped" in run.message and "120.5" in run.message
    assert run.objective == 120.5 and run.bound == 130.0
    fresh.refresh_from_db()
    assert fresh.status == RunStatus.RUNNING  # its worker is alive


def test_a_run_that_times_out_ends_timed_out_not_running(
    secretariat, need, ready_pledge, monkeypatch, django_capture_on_commit_callbacks
):
    from pcrs.engine import Allocation, Status
    from pcrs.generation import services as svc

    ready_pledge()
    monkeypatch.setattr(svc, "solve", lambda *a, **k: Allocation(Status.TIMED_OUT, wall_time=5.0))
    run = _run(secretariat, django_capture_on_commit_callbacks, missions=("MINUSCA",))
    assert run.status == RunStatus.TIMED_OUT
    assert not run.assignments.exists()
    assert run.explanations[str(need.pk)]["filled"] == 0


def test_an_engine_crash_ends_failed_with_the_reason(
    secretariat, need, ready_pledge, monkeypatch, django_capture_on_commit_callbacks
):
    from pcrs.generation import services as svc

    ready_pledge()

    def boom(*a, **k):
        raise MemoryError("out of memory")

    monkeypatch.setattr(svc, "solve", boom)
    run = _run(secretariat, django_capture_on_commit_callbacks, missions=("MINUSCA",))
    assert run.status == RunStatus.FAILED and "out of memory" in run.message


def test_locks_are_kept_and_exclusions_respected_when_re_planning(
    finished_run, secretariat, django_capture_on_commit_callbacks, need
):
    chosen = finished_run.assignments.get()
    with django_capture_on_commit_callbacks(execute=True):
        excluded = services.run_start(
            actor=secretariat,
            request=RunRequest(
                missions=("MINUSCA",),
                time_limit=5,
                exclusions=((need.pk, str(chosen.pledge_id), "planner"),),
            ),
            previous=finished_run,
        )
    excluded.refresh_from_db()
    [other] = excluded.assignments.all()
    assert other.pledge_id != chosen.pledge_id
    with django_capture_on_commit_callbacks(execute=True):
        locked = services.run_start(
            actor=secretariat,
            request=RunRequest(
                missions=("MINUSCA",), time_limit=5, locks=((need.pk, str(other.pledge_id)),)
            ),
            previous=excluded,
        )
    locked.refresh_from_db()
    [kept] = locked.assignments.all()
    assert (kept.pledge_id, kept.locked) == (other.pledge_id, True)
