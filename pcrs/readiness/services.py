"""Writes of the readiness ladder: moves, evidence, renewal, the sweep. Every write is audited.

A move goes through `readiness_move` only: it locks the pledge and its record, checks the
version the caller saw, asks the ladder table whether the move is allowed, applies it and the
registry's status/level through the registry services, and schedules the notification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from pcrs.accounts.models import User
from pcrs.core.audit import audit_record
from pcrs.core.dates import add_months
from pcrs.core.errors import ConcurrentChangeError, DomainError, NotVisible
from pcrs.readiness import ladder, notify
from pcrs.readiness.ladder import Move, MoveContext, Who, applicable_domains, initial_state, who_is
from pcrs.readiness.models import (
    LEVEL_STATES,
    STATE_RANK,
    AavDomain,
    DomainResult,
    LadderState,
    LevelChange,
    RdlAgreement,
    ReadinessRecord,
    Reminder,
    ReminderKind,
    SurAlignment,
    UnitRequirement,
    Visit,
    VisitDomainResult,
    VisitPurpose,
)
from pcrs.registry import change_control
from pcrs.registry import notify as registry_notify
from pcrs.registry import services as registry
from pcrs.registry.models import Pledge, PledgeChangeRequest, PledgeStatus

STALE = gettext_lazy(
    "The pledge changed under you: someone else acted on it after you opened it. "
    "Nothing was applied; reload the page and try again."
)


# ---------------------------------------------------------------------------------------------
# Who is acting, and the locked pledge + record.


def _lock(pledge_id: Any, *, today: dt.date) -> tuple[Pledge, ReadinessRecord]:
    """Lock the pledge row, then its record (created on first use, from where it stands)."""
    try:
        pledge = (
            Pledge.objects.select_for_update()
            .select_related("member_state", "capability_type")
            .get(pk=pledge_id)
        )
    except Pledge.DoesNotExist:
        raise NotVisible() from None
    record = ReadinessRecord.objects.select_for_update().filter(pledge=pledge).first()
    if record is None:
        state = initial_state(pledge)
        record = ReadinessRecord(pledge=pledge, state=state)
        if pledge.submitted_at and state != LadderState.DRAFT:
            record.submitted_on = timezone.localdate(pledge.submitted_at)
        record.full_clean()
        record.save()
    return pledge, record


def _check_version(record: ReadinessRecord, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != record.version:
        raise ConcurrentChangeError(str(STALE))


def _context(pledge: Pledge, record: ReadinessRecord, *, today: dt.date, note: str = "") -> Any:
    return MoveContext(
        pledge=pledge, record=record, today=today, note=note, policy=ladder.policy_on(today)
    )


# ---------------------------------------------------------------------------------------------
# The one service that applies a ladder move.


@dataclass
class MoveOutcome:
    pledge: Pledge
    record: ReadinessRecord
    change: LevelChange
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def readiness_move(
    *,
    actor: User | None,
    pledge: Pledge,
    move: str,
    expected_version: int | None = None,
    note: str = "",
    today: dt.date | None = None,
    expected_pledge_version: int | None = None,
) -> MoveOutcome:
    """Apply one ladder move, or raise the error that says why not; nothing half-applied.

    `expected_version` is the ReadinessRecord version the caller saw (forms, API);
    `expected_pledge_version` is the registry's Pledge.version, for callers coming from the
    registry's pages. The sweep passes neither (actor=None).
    """
    today = today or timezone.localdate()
    note = note.strip()
    pledge, record = _lock(pledge.pk, today=today)
    who = who_is(actor, pledge)
    spec = ladder.MOVES.get(move)
    if spec is not None and who not in spec.who:
        # Permission first: a focal point asking to accept its own pledge learns it cannot.
        ladder.check_move(move, who=who, ctx=_context(pledge, record, today=today, note=note))
    _check_version(record, expected_version)
    if expected_pledge_version is not None and int(expected_pledge_version) != pledge.version:
        raise ConcurrentChangeError(str(STALE))
    ctx = _context(pledge, record, today=today, note=note)
    spec = ladder.check_move(move, who=who, ctx=ctx)
    return _apply(actor=actor, pledge=pledge, record=record, name=move, spec=spec, ctx=ctx)


def _apply(
    *,
    actor: User | None,
    pledge: Pledge,
    record: ReadinessRecord,
    name: str,
    spec: Move,
    ctx: MoveContext,
) -> MoveOutcome:
    """Apply a checked move to the locked pledge and record: the one writer of the pledge's
    registry `status` and `readiness_level` (tests/test_lifecycle_owner.py in this app holds it).
    """
    today, policy = ctx.today, ctx.policy
    from_state, target = record.state, spec.target
    if target == ladder.ASSESSED:
        target, reasons = ladder.assessed_state(ctx)
        if not ctx.note:
            ctx.note = (
                f"Evidence re-assessed: {'; '.join(reasons)}."
                if reasons
                else f"Evidence re-assessed: it still supports {ladder.state_label(target)}."
            )

    # The pledge's status and level, written here and nowhere else.
    old = {"status": pledge.status, "readiness_level": pledge.readiness_level}
    if spec.status:
        pledge.status = spec.status
    if not spec.keeps_level:
        pledge.readiness_level = LEVEL_STATES.get(target, "")
    # The moment of the move: now, or noon of the day a backdated call (the demo) names.
    now = timezone.now()
    if today != timezone.localdate():
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    if spec.status == PledgeStatus.SUBMITTED:
        pledge.submitted_at = now
    elif spec.status == PledgeStatus.WITHDRAWN:
        pledge.withdrawn_at = now
    lifecycle = [
        {"field": key, "old": value, "new": getattr(pledge, key)}
        for key, value in old.items()
        if getattr(pledge, key) != value
    ]
    if lifecycle:
        pledge.version += 1
        pledge.full_clean(validate_unique=False, validate_constraints=False)
        pledge.save(
            update_fields=[
                "status",
                "readiness_level",
                "submitted_at",
                "withdrawn_at",
                "version",
                "updated_at",
            ]
        )

    record.state = target
    if target == LadderState.SUBMITTED:
        record.submitted_on = today
    elif target == LadderState.ACKNOWLEDGED:
        record.acknowledged_on = today
    elif target == LadderState.RETURNED:
        record.guidance = ctx.note
    elif target == LadderState.LAPSED:
        record.lapsed_on = today
    if name == "accept":
        record.accepted_on = today
        record.renewal_due = add_months(today, policy.first_renewal_months)
        record.guidance = ""
    elif name == "reinstate":
        record.renewal_due = add_months(today, policy.renewal_interval_months)
        record.last_renewed_on = today
        record.lapsed_on = None
    elif name == "grant_level_2":
        record.level_2_on = today
    elif name == "grant_level_3":
        record.level_3_on = today
    elif name == "grant_rdl":
        record.rdl_on = today
    # Dropping down the ladder clears the dates of the levels no longer held.
    rank = STATE_RANK[target]
    for state, attribute in (
        (LadderState.LEVEL_2, "level_2_on"),
        (LadderState.LEVEL_3, "level_3_on"),
        (LadderState.RDL, "rdl_on"),
    ):
        if rank < STATE_RANK[state]:
            setattr(record, attribute, None)
    record.version += 1
    record.full_clean()
    record.save()

    change = LevelChange.objects.create(
        pledge=pledge,
        move=name,
        from_state=from_state,
        to_state=target,
        actor=actor,
        on=today,
        note=ctx.note,
    )
    audit_record(
        actor=actor,
        action=f"readiness.{name}",
        target=pledge,
        changes=[{"field": "readiness", "old": from_state, "new": target}, *lifecycle],
        note=ctx.note,
    )
    if spec.notify:
        # Labels stay lazy and dates stay dates: each e-mail renders them in its language.
        facts: dict[str, notify.Fact] = {
            "level": LadderState(target).label,
            "old_level": LadderState(from_state).label,
            "note": ctx.note,
            "date": record.renewal_due or "",
        }
        notify.schedule(spec.notify, pledge, **facts)
    return MoveOutcome(pledge=pledge, record=record, change=change)


@transaction.atomic
def readiness_submit(
    *,
    actor: User,
    pledge: Pledge,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Pledge:
    """Submit a draft (registry status and ladder) and tell the Secretariat.

    For the registry's submit buttons: `expected_version` is the Pledge.version the form saw.
    """
    outcome = readiness_move(
        actor=actor,
        pledge=pledge,
        move="submit",
        today=today,
        expected_pledge_version=expected_version,
    )
    return outcome.pledge


@transaction.atomic
def readiness_withdraw(
    *,
    actor: User,
    pledge: Pledge,
    reason: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Pledge:
    """Withdraw a pledge (registry status and ladder); `expected_version` is Pledge.version."""
    outcome = readiness_move(
        actor=actor,
        pledge=pledge,
        move="withdraw",
        note=reason,
        today=today,
        expected_pledge_version=expected_version,
    )
    return outcome.pledge


# ---------------------------------------------------------------------------------------------
# Change control: accepting a material change re-assesses the level against the evidence.


@transaction.atomic
def change_request_accept(
    *,
    actor: User,
    change_request: PledgeChangeRequest,
    note: str = "",
    today: dt.date | None = None,
) -> MoveOutcome:
    """The Secretariat accepts a material change to a verified pledge: the change applies and
    the pledge drops to the highest level whose evidence still holds, the reason recorded."""
    today = today or timezone.localdate()
    pledge, record = _lock(change_request.pledge_id, today=today)
    if who_is(actor, pledge) != Who.SECRETARIAT:
        raise ladder.MoveNotPermitted(
            gettext("Only the Secretariat accepts a change request; nothing was changed.")
        )
    request = registry.change_request_apply(
        actor=actor, change_request=change_request, pledge=pledge
    )
    pledge.refresh_from_db()
    ctx = _context(pledge, record, today=today, note=note)
    spec = ladder.check_move("reassess", who=Who.SECRETARIAT, ctx=ctx)
    outcome = _apply(actor=actor, pledge=pledge, record=record, name="reassess", spec=spec, ctx=ctx)
    request.resulting_level = outcome.pledge.readiness_level
    request.reason = outcome.change.note
    request.save(update_fields=["resulting_level", "reason"])
    audit_record(
        actor=actor,
        action="pledge.change_accepted",
        target=pledge,
        changes=[
            {"field": "change_request", "old": "pending", "new": "accepted"},
            {"field": "readiness_level", "old": request.base_level, "new": request.resulting_level},
        ],
        note=request.reason,
    )
    registry_notify.change_request(request, "accepted")
    return outcome


# ---------------------------------------------------------------------------------------------
# Renewal.


@transaction.atomic
def readiness_renew(
    *,
    actor: User,
    pledge: Pledge,
    expected_version: int | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> ReadinessRecord:
    """The State confirms the pledge still stands: the renewal date moves on.

    A lapsed pledge is reinstated at Level 1 by the same act.
    """
    today = today or timezone.localdate()
    pledge, record = _lock(pledge.pk, today=today)
    who = who_is(actor, pledge)
    _check_version(record, expected_version)
    if record.state == LadderState.LAPSED:
        return readiness_move(
            actor=actor, pledge=pledge, move="reinstate", note=note, today=today
        ).record
    if who not in (Who.STATE, Who.SECRETARIAT):
        raise DomainError(gettext("Only the State or the Secretariat renews a pledge."))
    if not record.is_level:
        raise DomainError(
            gettext("Only a pledge at Level 1 or above is renewed; this one is %(state)s.")
            % {"state": ladder.state_label(record.state)}
        )
    policy = ladder.policy_on(today)
    old_due = record.renewal_due
    record.renewal_due = add_months(today, policy.renewal_interval_months)
    record.last_renewed_on = today
    record.version += 1
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="readiness.renew",
        target=pledge,
        changes=[{"field": "renewal_due", "old": str(old_due), "new": str(record.renewal_due)}],
        note=note.strip(),
    )
    notify.schedule("renewed", pledge, date=record.renewal_due)
    return record


# ---------------------------------------------------------------------------------------------
# Evidence.


@dataclass(frozen=True)
class DomainResultInput:
    domain: str
    result: str
    findings: str = ""


EVIDENCE_STATES: dict[str, frozenset[str]] = {
    VisitPurpose.AAV: ladder.LEVELS,
    VisitPurpose.AMS: ladder.LEVELS,
    VisitPurpose.NOMINATION: ladder.LEVELS,
    VisitPurpose.RDL_VERIFICATION: frozenset({LadderState.LEVEL_3, LadderState.RDL}),
}
LEVEL_2_PURPOSES = frozenset({VisitPurpose.AAV, VisitPurpose.AMS, VisitPurpose.NOMINATION})


def _not_before_submission(
    pledge: Pledge, record: ReadinessRecord, day: dt.date, field: str, what: str
) -> dict[str, str]:
    """Evidence cannot be dated before the pledge was submitted."""
    submitted = record.submitted_on or (
        timezone.localdate(pledge.submitted_at) if pledge.submitted_at else None
    )
    if submitted is not None and day < submitted:
        return {field: f"{what} cannot be dated before the pledge was submitted ({submitted})."}
    return {}


def _secretariat_on(actor: User, pledge_id: Any, *, today: dt.date, what: str) -> Any:
    """`what`: the record, translated and with its article ("a SUR alignment")."""
    pledge, record = _lock(pledge_id, today=today)
    if who_is(actor, pledge) != Who.SECRETARIAT:
        raise ladder.MoveNotPermitted(
            gettext("Only the Secretariat records %(what)s.") % {"what": what}
        )
    return pledge, record


@transaction.atomic
def visit_record(
    *,
    actor: User,
    pledge: Pledge,
    purpose: str,
    start_date: dt.date,
    end_date: dt.date,
    team: list[str],
    successful: bool,
    results: list[DomainResultInput],
    summary: str = "",
    candidates_presented: int | None = None,
    candidates_passed: int | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Visit:
    """Record Level 2 evidence (an AAV, an AMS, or nomination and vetting) or an RDL
    verification visit as the team reported it, with the facts of the pledge it verified."""
    today = today or timezone.localdate()
    if purpose not in VisitPurpose.values:
        raise ValidationError(
            {"purpose": gettext("Unknown visit purpose %(purpose)r.") % {"purpose": purpose}}
        )
    name = VisitPurpose(purpose).label
    pledge, record = _secretariat_on(
        actor,
        pledge.pk,
        today=today,
        what=gettext("the record of a visit or assessment (%(purpose)s)") % {"purpose": name},
    )
    _check_version(record, expected_version)
    if record.state not in EVIDENCE_STATES[purpose]:
        needed = gettext("Level 1") if purpose in LEVEL_2_PURPOSES else gettext("Level 3")
        raise DomainError(
            gettext(
                "%(purpose)s: recorded for a pledge at %(needed)s or above; this one is %(state)s."
            )
            % {"purpose": name, "needed": needed, "state": ladder.state_label(record.state)},
            field="purpose",
        )
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    expected = ladder.level_2_purpose(pledge)
    if purpose in LEVEL_2_PURPOSES and purpose != expected:
        add(
            "purpose",
            f"The Level 2 evidence of a {pledge.capability_type.name} is the "
            f"{VisitPurpose(expected).label}, not the {name}.",
        )
    for key, message in _not_before_submission(
        pledge, record, start_date, "start_date", f"The {name}"
    ).items():
        add(key, message)
    if purpose == VisitPurpose.AMS:
        if not candidates_presented:
            add("candidates_presented", "Give the number of candidates presented (at least 1).")
        elif candidates_passed is None:
            add("candidates_passed", "Give the number of candidates who passed.")
        elif not 0 <= candidates_passed <= candidates_presented:
            add(
                "candidates_passed",
                f"Between 0 and the {candidates_presented} candidates presented.",
            )
        elif successful and candidates_passed == 0:
            add("successful", "An assessment where no candidate passed cannot be successful.")
    elif candidates_presented is not None or candidates_passed is not None:
        add("candidates_presented", "Candidates are counted for an AMS only.")
    if purpose == VisitPurpose.NOMINATION and not summary.strip():
        add("summary", "List the nomination and vetting documents received.")
    if start_date > end_date:
        add("end_date", "The visit cannot end before it starts.")
    if end_date > today:
        add("end_date", f"A visit cannot be dated in the future (today is {today:%Y-%m-%d}).")
    if start_date > today:
        add("start_date", f"A visit cannot be dated in the future (today is {today:%Y-%m-%d}).")
    team = [member.strip() for member in team if member.strip()]
    if not team:
        add("team", "Name at least one team member.")
    domains = applicable_domains(pledge)
    seen: set[str] = set()
    for item in results:
        key = f"results.{item.domain}"
        if item.domain not in domains:
            label = dict(AavDomain.choices).get(item.domain, item.domain)
            add(key, f"{label} is not checked for a {pledge.capability_type.name}.")
            continue
        if item.domain in seen:
            add(key, "Give one result per domain.")
        seen.add(item.domain)
        if item.result not in DomainResult.values:
            add(key, "Choose pass, conditional or fail.")
        elif item.result != DomainResult.PASS and not item.findings.strip():
            add(key, "Record the findings of a conditional or failed domain.")
    if purpose in LEVEL_2_PURPOSES:
        for domain in domains:
            if domain not in seen:
                add(f"results.{domain}", f"Give the result for {AavDomain(domain).label}.")
    if successful and any(item.result == DomainResult.FAIL for item in results):
        add("successful", "A visit with a failed domain cannot be successful overall.")
    if errors:
        raise ValidationError(errors)

    validity = ladder.policy_on(end_date)
    # An AMS or a vetting is valid as long as an AAV (an assumption: the UN publishes neither).
    months = (
        validity.aav_validity_months
        if purpose in LEVEL_2_PURPOSES
        else validity.verification_validity_months
    )
    visit = Visit(
        pledge=pledge,
        purpose=purpose,
        start_date=start_date,
        end_date=end_date,
        team=team,
        successful=successful,
        summary=summary.strip(),
        valid_until=add_months(end_date, months) if successful else None,
        candidates_presented=candidates_presented,
        candidates_passed=candidates_passed,
        verified=change_control.pledge_facts(pledge),
        recorded_by=actor,
    )
    visit.full_clean()
    visit.save()
    VisitDomainResult.objects.bulk_create(
        VisitDomainResult(
            visit=visit, domain=item.domain, result=item.result, findings=item.findings.strip()
        )
        for item in results
    )
    if visit.valid_until is not None:
        attribute = "aav_valid_until" if purpose in LEVEL_2_PURPOSES else "verification_valid_until"
        current = getattr(record, attribute)
        if current is None or visit.valid_until > current:
            setattr(record, attribute, visit.valid_until)
    record.version += 1
    record.save()
    audit_record(
        actor=actor,
        action=f"readiness.visit.{purpose}",
        target=pledge,
        changes=[
            {"field": "visit", "old": None, "new": str(visit)},
            *(
                {"field": f"visit.{item.domain}", "old": None, "new": item.result}
                for item in results
            ),
        ],
        note=visit.summary,
    )
    return visit


@transaction.atomic
def sur_alignment_record(
    *,
    actor: User,
    pledge: Pledge,
    sur: UnitRequirement,
    agreed_on: dt.date,
    variations: list[str],
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> SurAlignment:
    """Record the agreed alignment of the pledge with a Statement of Unit Requirements."""
    today = today or timezone.localdate()
    pledge, record = _secretariat_on(actor, pledge.pk, today=today, what=gettext("a SUR alignment"))
    _check_version(record, expected_version)
    if STATE_RANK[record.state] < STATE_RANK[LadderState.LEVEL_2] or not record.is_level:
        raise DomainError(
            gettext(
                "A SUR alignment is agreed for a pledge at Level 2 or above; this one is %(state)s."
            )
            % {"state": ladder.state_label(record.state)},
            field="sur",
        )
    errors: dict[str, str] = {}
    if sur.capability_type_id != pledge.capability_type_id:
        errors["sur"] = (
            f"{sur.reference} is for {sur.capability_type.name}, not {pledge.capability_type.name}."
        )
    elif not sur.is_current:
        errors["sur"] = f"{sur.reference} has been superseded; align with the current SUR."
    if agreed_on > today:
        errors["agreed_on"] = f"The agreement cannot be dated in the future (today is {today})."
    elif agreed_on < sur.issued_on:
        errors["agreed_on"] = (
            f"The alignment cannot be agreed before {sur.reference} was issued ({sur.issued_on})."
        )
    else:
        errors |= _not_before_submission(pledge, record, agreed_on, "agreed_on", "The alignment")
    if errors:
        raise ValidationError(errors)
    alignment = SurAlignment(
        pledge=pledge,
        sur=sur,
        agreed_on=agreed_on,
        variations=[v.strip() for v in variations if v.strip()],
        note=note.strip(),
        verified=change_control.pledge_facts(pledge),
        recorded_by=actor,
    )
    alignment.full_clean()
    alignment.save()
    record.version += 1
    record.save()
    audit_record(
        actor=actor,
        action="readiness.sur_alignment",
        target=pledge,
        changes=[
            {"field": "sur_alignment", "old": None, "new": str(alignment)},
            {"field": "variations", "old": None, "new": alignment.variations},
        ],
        note=alignment.note,
    )
    return alignment


@transaction.atomic
def rdl_agreement_record(
    *,
    actor: User,
    pledge: Pledge,
    signed_on: dt.date,
    deploy_within_days: int | None = None,
    reference: str = "",
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> RdlAgreement:
    """Record the State's RDL commitment; refused below Level 3."""
    today = today or timezone.localdate()
    pledge, record = _secretariat_on(
        actor, pledge.pk, today=today, what=gettext("an RDL agreement")
    )
    _check_version(record, expected_version)
    if record.state not in (LadderState.LEVEL_3, LadderState.RDL):
        raise DomainError(
            gettext("An RDL agreement needs a pledge at Level 3; this one is %(state)s.")
            % {"state": ladder.state_label(record.state)},
            field="signed_on",
        )
    limit = ladder.policy_on(today).rdl_deploy_within_days
    days = limit if deploy_within_days is None else deploy_within_days
    errors: dict[str, str] = {}
    if signed_on > today:
        errors["signed_on"] = f"The agreement cannot be dated in the future (today is {today})."
    else:
        errors |= _not_before_submission(pledge, record, signed_on, "signed_on", "The agreement")
    if not 1 <= days <= limit:
        errors["deploy_within_days"] = (
            f"The Rapid Deployment Level means deploying within {limit} days; {days} is not."
        )
    if errors:
        raise ValidationError(errors)
    agreement = RdlAgreement(
        pledge=pledge,
        signed_on=signed_on,
        deploy_within_days=days,
        reference=reference.strip(),
        note=note.strip(),
        verified=change_control.pledge_facts(pledge),
        recorded_by=actor,
    )
    agreement.full_clean()
    agreement.save()
    record.version += 1
    record.save()
    audit_record(
        actor=actor,
        action="readiness.rdl_agreement",
        target=pledge,
        changes=[{"field": "rdl_agreement", "old": None, "new": str(agreement)}],
        note=agreement.note,
    )
    return agreement


# ---------------------------------------------------------------------------------------------
# The sweep: lapse, expire, remind. Idempotent; returns one line per change.


def _reminders(today: dt.date, reminder_days: int) -> list[str]:
    horizon = today + dt.timedelta(days=reminder_days)
    lines: list[str] = []
    checks = (
        (ReminderKind.RENEWAL, "renewal_due", ladder.LEVELS, "renewal due"),
        (
            ReminderKind.AAV_EXPIRY,
            "aav_valid_until",
            frozenset({LadderState.LEVEL_2, LadderState.LEVEL_3, LadderState.RDL}),
            "AAV expiring",
        ),
        (
            ReminderKind.VERIFICATION_EXPIRY,
            "verification_valid_until",
            frozenset({LadderState.RDL}),
            "RDL verification expiring",
        ),
    )
    for kind, attribute, states, words in checks:
        records = ReadinessRecord.objects.filter(
            state__in=states, **{f"{attribute}__gte": today, f"{attribute}__lte": horizon}
        ).select_related("pledge__member_state", "pledge__capability_type")
        for record in records:
            due = getattr(record, attribute)
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(
                    pledge=record.pledge, kind=kind, due_date=due, defaults={"sent_on": today}
                )
                if not created:
                    continue
                if kind == ReminderKind.RENEWAL:
                    notify.schedule("renewal_due", record.pledge, date=due)
                else:
                    what = (
                        gettext_lazy("AAV")
                        if kind == ReminderKind.AAV_EXPIRY
                        else gettext_lazy("RDL verification")
                    )
                    notify.schedule("evidence_expiring", record.pledge, date=due, note=what)
            lines.append(f"{record.pledge}: reminder sent, {words} on {due:%Y-%m-%d}")
    return lines


def readiness_sweep(*, today: dt.date) -> list[str]:
    """Apply renewal and expiry as of `today`; a second run on the same day changes nothing."""
    lines: list[str] = []
    level_states = list(ladder.LEVELS)
    candidates = (
        ("lapse", Q(state__in=level_states, renewal_due__lt=today)),
        (
            "aav_expired",
            Q(state__in=[LadderState.LEVEL_2, LadderState.LEVEL_3, LadderState.RDL])
            & (Q(aav_valid_until__lt=today) | Q(aav_valid_until__isnull=True)),
        ),
        (
            "verification_expired",
            Q(state=LadderState.RDL)
            & (Q(verification_valid_until__lt=today) | Q(verification_valid_until__isnull=True)),
        ),
    )
    for move, condition in candidates:
        pledge_ids = list(
            ReadinessRecord.objects.filter(condition)
            .order_by("pledge_id")
            .values_list("pledge_id", flat=True)
        )
        for pledge_id in pledge_ids:
            pledge = Pledge(pk=pledge_id)
            try:
                outcome = readiness_move(actor=None, pledge=pledge, move=move, today=today)
            except ladder.EvidenceMissing:
                continue  # e.g. a newer visit renewed the evidence: nothing to do
            except DomainError as exc:
                lines.append(f"pledge {pledge_id}: skipped {move}: {exc.message}")
                continue
            lines.append(
                f"{outcome.pledge}: {ladder.state_label(outcome.change.from_state)} -> "
                f"{ladder.state_label(outcome.change.to_state)} ({ladder.MOVES[move].label})"
            )
    lines.extend(_reminders(today, ladder.policy_on(today).reminder_days))
    return lines
