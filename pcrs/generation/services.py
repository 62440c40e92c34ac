"""Writes of force generation: start and execute runs, reap dead ones, open and move cases.

Every write is attributed and audited in its transaction; mail and the run's task leave on
commit. A case changes state only through `case_move`, which applies pcrs.generation.workflow.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import Role, User
from pcrs.core.audit import audit_record
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.engine import Progress, Status, explain, prepare, solve
from pcrs.generation import adapter, permissions, selectors, workflow
from pcrs.generation.conf import setting
from pcrs.generation.models import (
    CaseEvent,
    CaseState,
    GenerationCase,
    GenerationRun,
    Notification,
    RunAssignment,
    RunStatus,
    WhatIfScenario,
)
from pcrs.missions.models import (
    UNFILLED_STATUSES,
    Mission,
    Priority,
    Requirement,
    RequirementStatus,
)
from pcrs.missions.services import (
    ContingentInput,
    RequirementInput,
    contingent_create,
    requirement_create,
    requirement_status_set,
)
from pcrs.readiness.services import readiness_move
from pcrs.registry.models import INDIVIDUAL_CATEGORIES, Pledge, PledgeStatus

log = logging.getLogger(__name__)

ENGINE_STATUS = {
    Status.OPTIMAL: RunStatus.OPTIMAL,
    Status.FEASIBLE: RunStatus.FEASIBLE,
    Status.INFEASIBLE: RunStatus.INFEASIBLE,
    Status.TIMED_OUT: RunStatus.TIMED_OUT,
}


def _ensure_secretariat(actor: Any, message: str) -> None:
    if not permissions.is_secretariat(actor):
        raise workflow.CaseMoveNotPermitted(message)


# --- Runs ----------------------------------------------------------------------------------


def _validate_request(request: adapter.RunRequest) -> None:
    errors: dict[str, str] = {}
    limit = setting("MAX_TIME_LIMIT_SECONDS")
    if not 1 <= request.time_limit <= limit:
        errors["time_limit"] = _("Give a time limit from 1 to %(limit)s seconds.") % {
            "limit": limit
        }
    if request.min_level not in adapter.LEVELS:
        errors["min_level"] = _("Choose a minimum level: 1, 2, 3 or rdl.")
    if request.horizon_days is not None and not 0 <= request.horizon_days <= 3650:
        errors["horizon_days"] = _("Give a horizon from 0 to 3650 days.")
    unknown_weights = sorted(set(request.weights) - set(adapter.WEIGHT_NAMES))
    if unknown_weights:
        errors["weights"] = _("Unknown weight(s) %(unknown)s; known: %(known)s.") % {
            "unknown": ", ".join(unknown_weights),
            "known": ", ".join(adapter.WEIGHT_NAMES),
        }
    bad = [k for k, v in request.weights.items() if not isinstance(v, int | float) or v < 0]
    if bad and "weights" not in errors:
        errors["weights"] = _("Weights must be numbers of 0 or more (%(names)s).") % {
            "names": ", ".join(sorted(bad))
        }
    known = set(
        Mission.objects.filter(acronym__in=request.missions).values_list("acronym", flat=True)
    )
    missing = [m for m in request.missions if m not in known]
    if missing:
        errors["missions"] = _("Unknown mission(s): %(missions)s.") % {
            "missions": ", ".join(missing)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def run_start(
    *,
    actor: User,
    request: adapter.RunRequest,
    previous: GenerationRun | None = None,
    today: dt.date | None = None,
    is_synthetic: bool = False,
) -> GenerationRun:
    """Snapshot the live data for the request and queue the run on the task worker."""
    if not permissions.is_secretariat(actor):
        raise workflow.CaseMoveNotPermitted(_("Only the Secretariat can run force generation."))
    _validate_request(request)
    today = today or timezone.localdate()
    built = adapter.build_problem(request, today=today)
    if not built.problem.requirements and not built.locked:
        where = ", ".join(request.missions) or _("any mission")
        raise DomainError(
            (
                _(
                    "Nothing to fill: %(where)s has no open requirement left to propose units "
                    "for within the horizon."
                )
                if request.horizon_days is not None
                else _(
                    "Nothing to fill: %(where)s has no open requirement left to propose units for."
                )
            )
            % {"where": where},
            field="missions",
        )
    run = GenerationRun(
        created_by=actor,
        parameters={**request.as_dict(), "today": today.isoformat(), "notes": built.notes},
        input_snapshot=built.snapshot(),
        input_hash=built.input_hash(),
        engine_version=adapter.engine_version(),
        previous=previous,
        is_synthetic=is_synthetic,
        progress={"phase": "queued"},
    )
    run.full_clean()
    run.save()
    audit_record(
        actor=actor,
        action="generation.run_start",
        target=run,
        changes=[{"field": "parameters", "old": None, "new": request.as_dict()}],
    )
    from pcrs.generation.tasks import generation_run_task

    run_id = str(run.pk)
    transaction.on_commit(lambda: generation_run_task.enqueue(run_id))
    return run


class _Heartbeat:
    """Writes the run's heartbeat every few seconds while the engine works (own connection)."""

    def __init__(self, run_id: Any, every: float) -> None:
        self.run_id, self.every = run_id, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                GenerationRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        # Inside a transaction (a test, or a caller's atomic block) another connection could
        # not see the run row: the progress callback's writes are the heartbeat then.
        if not connection.in_atomic_block:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)


def run_execute(*, run_id: Any) -> GenerationRun:
    """Solve a queued run (the task calls this). Ends in a final status, never `running`."""
    claimed = GenerationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        progress={"phase": "building"},
    )
    run = GenerationRun.objects.get(pk=run_id)
    if not claimed:
        return run  # already taken by another worker, or finished
    runs_reap_stale()
    try:
        return _solve_and_store(run)
    except Exception as exc:
        log.exception("generation run %s failed", run_id)
        GenerationRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            message=f"The run failed: {exc.__class__.__name__}: {exc}",
        )
        return GenerationRun.objects.get(pk=run_id)


def _solve_and_store(run: GenerationRun) -> GenerationRun:
    request = adapter.RunRequest.from_dict(run.parameters)
    today = dt.date.fromisoformat(run.parameters.get("today") or timezone.localdate().isoformat())
    built = adapter.build_problem(request, today=today)
    previous = None
    if run.previous_id:
        previous = adapter.previous_assignments(
            [
                (r, str(p))
                for r, p in RunAssignment.objects.filter(
                    run_id=run.previous_id, locked=False
                ).values_list("requirement_id", "pledge_id")
            ],
            built,
        )

    def on_progress(progress: Progress) -> None:
        GenerationRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            progress={
                "phase": progress.phase,
                "seconds": round(progress.seconds, 2),
                "objective": progress.objective,
                "bound": progress.bound,
            },
            heartbeat_at=timezone.now(),
        )

    started = time.perf_counter()
    with _Heartbeat(run.pk, setting("HEARTBEAT_SECONDS") or 2):
        prepared = prepare(built.problem, built.params, previous=previous)
        allocation = solve(
            built.problem,
            built.params,
            previous=previous,
            prepared=prepared,
            on_progress=on_progress,
        )
        stories = explain(built.problem, allocation, built.params, prepared=prepared)
    duration = time.perf_counter() - started
    rows = adapter.assignment_rows(built, allocation, stories)
    return _store_result(run, allocation, stories, rows, duration, built.input_hash())


@transaction.atomic
def _store_result(  # noqa: PLR0917 - one private call site
    run: GenerationRun,
    allocation: Any,
    stories: Any,
    rows: list[tuple[Requirement, Pledge, float, bool]],
    duration: float,
    input_hash: str,
) -> GenerationRun:
    run = GenerationRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.RUNNING:
        return run  # reaped meanwhile: the verdict stands
    RunAssignment.objects.bulk_create(
        RunAssignment(run=run, requirement=r, pledge=p, score=score, locked=locked)
        for r, p, score, locked in rows
    )
    run.status = ENGINE_STATUS[allocation.status]
    run.objective = allocation.objective
    run.bound = allocation.best_bound
    run.gap = allocation.gap
    run.duration = round(duration, 3)
    run.explanations = adapter.explanations_data(stories)
    run.finished_at = timezone.now()
    run.progress = {**run.progress, "phase": "done"}
    messages = list(allocation.infeasibility)
    if input_hash != run.input_hash:
        messages.append(
            "The data changed between the start and the solve; the plan is for the data as solved."
        )
    run.message = "\n".join(messages)
    run.save()
    audit_record(
        actor=None,
        action="generation.run_finish",
        target=run,
        changes=[{"field": "status", "old": RunStatus.RUNNING, "new": run.status}],
    )
    return run


def runs_reap_stale(*, now: dt.datetime | None = None) -> int:
    """Fail every running run whose worker stopped writing its heartbeat, keeping what it had
    found so far (its last progress: best plan value and bound)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=setting("STALE_AFTER_SECONDS"))
    reaped = 0
    for run in GenerationRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    ):
        progress = run.progress or {}
        found = (
            f" Best plan found so far: {progress['objective']:.1f} points"
            + (f" (bound {progress['bound']:.1f})" if progress.get("bound") is not None else "")
            + f", at the {progress.get('phase')} phase."
            if progress.get("objective") is not None
            else f" Last phase reached: {progress.get('phase', 'none')}; no plan yet."
        )
        with transaction.atomic():
            changed = GenerationRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.FAILED,
                finished_at=now,
                objective=progress.get("objective"),
                bound=progress.get("bound"),
                message=(
                    f"The worker stopped (no heartbeat since "
                    f"{run.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC)." + found
                    if run.heartbeat_at
                    else "The worker stopped before its first heartbeat." + found
                ),
            )
            if changed:
                audit_record(
                    actor=None,
                    action="generation.run_reaped",
                    target=run,
                    changes=[{"field": "status", "old": "running", "new": "failed"}],
                )
                reaped += 1
    return reaped


# --- Cases ---------------------------------------------------------------------------------


def _notify(case: GenerationCase, move: workflow.CaseMove, text: str | Promise) -> None:
    """In-app notices and e-mail to whom the step concerns, each in the recipient's language
    (`text` lazy, so that it renders in each); the mail leaves on commit."""
    recipients: list[User] = []
    if "state" in move.notify:
        recipients += list(
            User.objects.filter(
                role=Role.FOCAL_POINT, member_state_id=case.member_state_id, is_active=True
            )
        )
    if "secretariat" in move.notify:
        recipients += list(User.objects.filter(role=Role.FORCE_GENERATION, is_active=True))
    by_language: dict[str, list[str]] = {}
    for user in recipients:
        with translation.override(user.email_language):
            Notification.objects.create(recipient=user, case=case, text=str(text)[:300])
        if user.email:
            by_language.setdefault(user.email_language, []).append(user.email)
    for language, to in sorted(by_language.items()):
        with translation.override(language):
            words = str(text)
            message = EmailMessage(
                subject=_("PCRS request %(mission)s: %(text)s")
                % {"mission": case.requirement.mission.acronym, "text": words[:80]},
                body=_("%(text)s\n\nOpen the case in PCRS: %(link)s")
                % {"text": words, "link": f"/generation/cases/{case.pk}/"},
                to=to,
            )
        transaction.on_commit(message.send)


@transaction.atomic
def case_create(
    *,
    actor: User,
    run: GenerationRun | None,
    requirement: Requirement,
    pledge: Pledge,
    officers: int | None = None,
    today: dt.date | None = None,
    is_synthetic: bool = False,
) -> GenerationCase:
    """Shortlist a proposal for outreach: one case per pledge while it is open."""
    if not permissions.is_secretariat(actor):
        raise workflow.CaseMoveNotPermitted(_("Only the Secretariat can shortlist a proposal."))
    today = today or timezone.localdate()
    # Lock the pledge row: two officers accepting the same proposal queue here, and the
    # second finds the first one's case.
    pledge = Pledge.objects.select_for_update().select_related("member_state").get(pk=pledge.pk)
    requirement = Requirement.objects.select_related("mission", "capability_type").get(
        pk=requirement.pk
    )
    existing = GenerationCase.objects.filter(pledge=pledge).exclude(
        state__in=[s for s in CaseState.values if s not in workflow.OPEN_STATES]
    )
    first = existing.select_related("created_by", "requirement__mission").first()
    if first is not None:
        raise DomainError(
            _(
                "This pledge is already in outreach for %(requirement)s (case opened by "
                "%(user)s on %(date)s); nothing was added."
            )
            % {
                "requirement": first.requirement,
                "user": first.created_by.get_full_name() or first.created_by.username,
                "date": first.opened_on,
            },
            field="pledge",
        )
    if pledge.status in (PledgeStatus.WITHDRAWN, PledgeStatus.DEPLOYED, PledgeStatus.LAPSED):
        raise DomainError(
            _("This pledge is %(status)s: it cannot be proposed.")
            % {"status": pledge.get_status_display().lower()},
            field="pledge",
        )
    if requirement.status not in UNFILLED_STATUSES:
        raise DomainError(
            _("This requirement is %(status)s: nothing to fill.")
            % {"status": requirement.get_status_display().lower()},
            field="requirement",
        )
    if pledge.capability_type_id != requirement.capability_type_id:
        raise ValidationError({"pledge": _("The pledge is not of the capability the need is for.")})
    individual = requirement.capability_type.category in INDIVIDUAL_CATEGORIES
    if individual and officers is None:
        officers = pledge.personnel
    if not individual:
        officers = None
    case = GenerationCase(
        run=run,
        requirement=requirement,
        pledge=pledge,
        member_state=pledge.member_state,
        officers=officers,
        opened_on=today,
        due_on=today + dt.timedelta(days=setting(workflow.DUE_AFTER_SHORTLIST)),
        created_by=actor,
        is_synthetic=is_synthetic,
    )
    case.full_clean()
    case.save()
    CaseEvent.objects.create(
        case=case,
        move="shortlist",
        from_state="",
        to_state=CaseState.SHORTLISTED,
        actor=actor,
        on=today,
        shared_with_state=False,
    )
    if requirement.status == RequirementStatus.OPEN:
        requirement_status_set(
            actor=actor, requirement=requirement, status=RequirementStatus.IN_GENERATION
        )
    audit_record(
        actor=actor,
        action="generation.case_create",
        target=case,
        changes=[{"field": "state", "old": None, "new": CaseState.SHORTLISTED}],
    )
    return case


def _clean_data(move: workflow.CaseMove, data: dict[str, Any]) -> dict[str, Any]:
    """Only the move's own fields, typed as the model types them (bad values name the field)."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in move.fields:
        value = data.get(name)
        if value in (None, ""):
            continue
        model_field: Any = GenerationCase._meta.get_field(name)
        try:
            out[name] = model_field.to_python(value)
        except ValidationError as exc:
            errors[name] = "; ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def case_move(
    *,
    actor: User | None,
    case: GenerationCase,
    move: str,
    data: dict[str, Any] | None = None,
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> GenerationCase:
    """Apply one step of the case table, or raise the error that says why not."""
    today = today or timezone.localdate()
    case = (
        GenerationCase.objects.select_for_update()
        .select_related("requirement__mission", "requirement__capability_type", "member_state")
        .get(pk=case.pk)
    )
    pledge = Pledge.objects.select_for_update().get(pk=case.pledge_id)
    who = selectors.who_on_case(actor, case)
    spec = workflow.CASE_MOVES.get(move)
    if spec is not None and who not in spec.who:
        workflow.check_case_move(move, who=who, case=case, data={}, today=today)
    if expected_version is not None and int(expected_version) != case.version:
        raise ConcurrentChangeError(
            _(
                "This case changed since you opened it (someone else recorded a step); reload it "
                "and try again. Nothing was recorded."
            )
        )
    cleaned = _clean_data(spec, data or {}) if spec is not None else {}
    spec = workflow.check_case_move(move, who=who, case=case, data=cleaned, today=today)
    if pledge.status == PledgeStatus.WITHDRAWN and move != "close":
        raise DomainError(
            _(
                "The State withdrew this pledge on %(date)s: close the case with a reason; "
                "nothing else can be recorded."
            )
            % {"date": f"{pledge.withdrawn_at:%Y-%m-%d}"}
            if pledge.withdrawn_at
            else _("The State withdrew this pledge: close the case with a reason."),
            field="move",
        )
    from_state = case.state
    for name, value in cleaned.items():
        setattr(case, name, value)
    if move in ("accept", "decline"):
        case.answered_on = today
    case.state = spec.target
    case.due_on = None
    if move == "send_note_verbale":
        case.due_on = case.answer_deadline
    elif spec.next_due:
        case.due_on = today + dt.timedelta(days=setting(spec.next_due))
    if move == "deploy":
        case.contingent = _deploy(actor=actor, case=case, pledge=pledge, note=note)
    case.version += 1
    case.full_clean()
    case.save()
    CaseEvent.objects.create(
        case=case,
        move=move,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        on=today,
        note=note.strip()
        or str(cleaned.get("decline_reason") or cleaned.get("close_reason") or ""),
    )
    audit_record(
        actor=actor,
        action=f"generation.case_{move}",
        target=case,
        changes=[
            {"field": "state", "old": from_state, "new": case.state},
            *({"field": k, "old": None, "new": str(v)} for k, v in cleaned.items()),
        ],
        note=note,
    )
    requirement = case.requirement
    if spec.target in (CaseState.DECLINED, CaseState.NO_ANSWER, CaseState.CLOSED):
        _reopen_if_nothing_left(actor=actor, requirement=requirement)
    # Lazy, so that each recipient reads it in their language.
    _notify(
        case,
        spec,
        format_lazy(
            "{what}: {state}{note_verbale}",
            what=f"{requirement.mission.acronym} {requirement.capability_type.name}",
            state=lazy(workflow.state_label, str)(case.state),
            note_verbale=format_lazy(
                gettext_lazy(" (note verbale {reference}, answer by {deadline})"),
                reference=case.nv_reference,
                deadline=case.answer_deadline,
            )
            if move == "send_note_verbale"
            else "",
        ),
    )
    return case


def _reopen_if_nothing_left(*, actor: User | None, requirement: Requirement) -> None:
    """A requirement back to `open` when no case is working on it any more."""
    requirement = Requirement.objects.get(pk=requirement.pk)
    working = GenerationCase.objects.filter(
        requirement=requirement, state__in=workflow.OPEN_STATES
    ).exists()
    if requirement.status == RequirementStatus.IN_GENERATION and not working:
        # A State's decline reopens the need as a consequence the system draws (the State
        # may not edit requirements); the case's own audit row names the State's officer.
        requirement_status_set(
            actor=actor if permissions.is_secretariat(actor) else None,
            requirement=requirement,
            status=RequirementStatus.OPEN,
        )


def _deploy(*, actor: User | None, case: GenerationCase, pledge: Pledge, note: str) -> Any:
    """The unit is on the ground: contingent recorded, pledge deployed, gap closed."""
    requirement = case.requirement
    personnel = case.officers or pledge.personnel
    contingent = contingent_create(
        actor=actor,
        data=ContingentInput(
            mission=requirement.mission,
            member_state=case.member_state,
            capability_type=requirement.capability_type,
            personnel=personnel,
            women=min(pledge.women, personnel),
            deployed_on=case.deployed_on or timezone.localdate(),
            designation=pledge.title,
            location=requirement.location,
        ),
        is_synthetic=pledge.is_synthetic,
        source_note=f"Force generation case {case.pk}",
    )
    readiness_move(
        actor=actor,
        pledge=pledge,
        move="deploy",
        note=note or f"Deployed to {requirement.mission.acronym} (generation case {case.pk}).",
    )
    deployed = (
        GenerationCase.objects.filter(requirement=requirement, state=CaseState.DEPLOYED)
        .exclude(pk=case.pk)
        .count()
        + 1
    )
    if deployed >= requirement.units:
        requirement_status_set(
            actor=actor, requirement=requirement, status=RequirementStatus.FILLED
        )
    return contingent


def cases_sweep_deadlines(*, today: dt.date | None = None) -> list[GenerationCase]:
    """Record `no_answer` on every note verbale whose answer deadline has passed."""
    today = today or timezone.localdate()
    done = []
    for case in GenerationCase.objects.filter(
        state=CaseState.NOTE_VERBALE_SENT, answer_deadline__lt=today
    ):
        done.append(case_move(actor=None, case=case, move="no_answer", today=today))
    return done


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> None:
    if notification.recipient_id != actor.pk:
        raise DomainError(_("Not your notification."))
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def what_if_save(
    *, actor: User, name: str, needs: list[dict[str, Any]], deadline_days: int
) -> WhatIfScenario:
    """Keep a what-if scenario to re-open later (it changes no pledge or requirement)."""
    if not permissions.is_secretariat(actor):
        raise workflow.CaseMoveNotPermitted(_("Only the Secretariat can save scenarios."))
    scenario = WhatIfScenario(
        name=name.strip(), needs=needs, deadline_days=deadline_days, created_by=actor
    )
    scenario.full_clean()
    scenario.save()
    audit_record(actor=actor, action="generation.what_if_save", target=scenario)
    return scenario


def what_if_to_run(
    *,
    actor: User,
    mission: Mission,
    needs: list[tuple[Any, int]],
    deadline_days: int,
    time_limit: float = 10.0,
    today: dt.date | None = None,
) -> GenerationRun:
    """Turn a what-if into real work: its needs become requirements of the mission (critical,
    due by the deadline) and a run is started on exactly those. One transaction: a refusal
    (rights, bad needs) leaves no requirement behind."""
    today = today or timezone.localdate()
    if not permissions.is_secretariat(actor):
        raise workflow.CaseMoveNotPermitted(_("Only the Secretariat can start a run."))
    with transaction.atomic():
        ids = []
        for capability, units in needs:
            requirement = requirement_create(
                actor=actor,
                mission=mission,
                data=RequirementInput(
                    capability_type=capability,
                    personnel=max(1, capability.typical_size) * units,
                    required_by=today + dt.timedelta(days=deadline_days),
                    units=units,
                    title=f"Rapid deployment: {capability.name}",
                    priority=Priority.CRITICAL,
                ),
            )
            ids.append(requirement.pk)
        return run_start(
            actor=actor,
            request=adapter.RunRequest(
                missions=(mission.acronym,), requirements=tuple(ids), time_limit=time_limit
            ),
            today=today,
        )
